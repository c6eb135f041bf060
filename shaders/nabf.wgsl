// Shreyamsha Kumar's modified fusion-artifacts measure N_ABF per pixel (definition, constants
// and source in src/reference/nabf.ts, which is this kernel's CPU reference): planes
// c = na ((1 - Q_AF) w_A + (1 - Q_BF) w_B) and C + c = w_A + w_B, whose sums' ratio is N_ABF.
// Sobel sums are kept x 8 so that 0..255 levels give exact integers; strengths are compared
// through their squares (exact), which decides na and the weight threshold identically to the
// float64 reference.

struct Params { width: u32, height: u32, channels: u32, pad0: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> f: array<f32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

const HALF_PI: f32 = 1.5707963267948966;

//#include "common/atan_ratio.wgsl"

// sobel_fn's extension for a 3x3 window: reflect-101, or -1 (reads 0) on a 1-pixel axis
fn mirror(p: i32, n: i32) -> i32 {
  if (p >= 0 && p < n) { return p; }
  if (n == 1) { return -1; }
  return select(n - 2, 1, p < 0);
}

fn level(which: u32, base: u32, y: i32, x: i32) -> f32 {
  let py = mirror(y, i32(u.height));
  let px = mirror(x, i32(u.width));
  if (py < 0 || px < 0) { return 0.0; }
  let i = base + u32(py) * u.width + u32(px);
  switch (which) {
    case 0u: { return a[i]; }
    case 1u: { return b[i]; }
    default: { return f[i]; }
  }
}

// (gv, gh) x 8: right column minus left column, bottom row minus top row
fn sobel8(which: u32, base: u32, y: i32, x: i32) -> vec2<f32> {
  let v = level(which, base, y - 1, x + 1) + 2.0 * level(which, base, y, x + 1) + level(which, base, y + 1, x + 1)
    - (level(which, base, y - 1, x - 1) + 2.0 * level(which, base, y, x - 1) + level(which, base, y + 1, x - 1));
  let h = level(which, base, y + 1, x - 1) + 2.0 * level(which, base, y + 1, x) + level(which, base, y + 1, x + 1)
    - (level(which, base, y - 1, x - 1) + 2.0 * level(which, base, y - 1, x) + level(which, base, y - 1, x + 1));
  return vec2<f32>(v, h);
}

fn angle(s: vec2<f32>) -> f32 {
  if (s.x == 0.0 && s.y == 0.0) { return 0.0; }
  if (s.y == 0.0) { return sign(s.x) * HALF_PI; }
  return atanRatio(s.x, s.y);
}

fn edgeQ(sx: vec2<f32>, sf: vec2<f32>) -> f32 {
  let gx = dot(sx, sx);
  let gf = dot(sf, sf);
  var g = 0.0;
  if (gx != 0.0 && gf != 0.0) { g = sqrt(min(gx, gf) / max(gx, gf)); }
  let al = abs(abs(angle(sx) - angle(sf)) - HALF_PI) / HALF_PI;
  let qg = 0.9999 / (1.0 + exp(-19.0 * (g - 0.5)));
  let qa = 0.9995 / (1.0 + exp(-22.0 * (al - 0.5)));
  return sqrt(qg * qa);
}

// g^1.5 with g = sqrt(g2) / 8 where g >= 2, else 0.001
fn weight(g2: f32) -> f32 {
  if (g2 >= 256.0) { return pow(g2 / 64.0, 0.75); }
  return 0.001;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn nabfTerms(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let n = u.width * u.height;
  let base = id.z * n;
  let y = i32(id.y);
  let x = i32(id.x);
  let sa = sobel8(0u, base, y, x);
  let sb = sobel8(1u, base, y, x);
  let sf = sobel8(2u, base, y, x);
  let ga = dot(sa, sa);
  let gb = dot(sb, sb);
  let gf = dot(sf, sf);
  let wa = weight(ga);
  let wb = weight(gb);
  var num = 0.0;
  if (gf > ga && gf > gb) { num = (1.0 - edgeQ(sa, sf)) * wa + (1.0 - edgeQ(sb, sf)) * wb; }
  let p = base + id.y * u.width + id.x;
  dst[p] = num;
  dst[u.channels * n + p] = wa + wb;
}
