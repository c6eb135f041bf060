// Sheikh-Bovik pixel-domain VIF (vifp_mscale.m; src/metrics/extra-reference.ts) for both
// sources against the fused image at one scale. Local variances of 0..255 images computed as
// E[x^2] - E[x]^2 in float32 lose ~0.01 to cancellation, which VIF's sigma_n^2 = 2 does not
// hide (flat regions would gain information from rounding); so the window sums are taken
// around the window's own centre value: rows first, each row segment about its centre pixel,
// then columns, moving each row's sums to the window centre exactly (shifted moments), so a
// flat window gives exactly zero variance. CPU reference: src/reference/vif.ts.

struct Params {
  width: u32, height: u32, channels: u32, radius: u32,
  offset: u32, outWidth: u32, outHeight: u32, variant: u32,
  taps: array<vec4<f32>, 5>,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> rows: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

fn tap(t: u32) -> f32 { return u.taps[t / 4u][t % 4u]; }

// Stack channels: source A (k), source B (C + k), fused F (2C + k).
fn at(ch: u32, y: u32, x: u32) -> f32 { return src[(ch * u.height + y) * u.width + x]; }

// Row sums about the row segment's centre: bands Sa, Sb, Sf, Saa, Sbb, Sff, Saf, Sbf (band j
// of channel k at plane j C + k); zero where the window does not fit along the row.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn vifRows(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let c = u.channels;
  let k = id.z;
  let n = u.width * u.height;
  let p = id.y * u.width + id.x;
  var sa = 0.0; var sb = 0.0; var sf = 0.0; var saa = 0.0; var sbb = 0.0; var sff = 0.0; var saf = 0.0; var sbf = 0.0;
  if (id.x >= u.radius && id.x + u.radius < u.width) {
    let ca = at(k, id.y, id.x);
    let cb = at(c + k, id.y, id.x);
    let cf = at(2u * c + k, id.y, id.x);
    for (var t = 0u; t <= 2u * u.radius; t++) {
      let x = id.x + t - u.radius;
      let w = tap(t);
      let a = at(k, id.y, x) - ca;
      let b = at(c + k, id.y, x) - cb;
      let f = at(2u * c + k, id.y, x) - cf;
      sa += w * a; sb += w * b; sf += w * f;
      saa += w * a * a; sbb += w * b * b; sff += w * f * f;
      saf += w * a * f; sbf += w * b * f;
    }
  }
  dst[k * n + p] = sa;
  dst[(c + k) * n + p] = sb;
  dst[(2u * c + k) * n + p] = sf;
  dst[(3u * c + k) * n + p] = saa;
  dst[(4u * c + k) * n + p] = sbb;
  dst[(5u * c + k) * n + p] = sff;
  dst[(6u * c + k) * n + p] = saf;
  dst[(7u * c + k) * n + p] = sbf;
}

// vifp_mscale.m's per-window terms (num, den, g), its guards in its order; log10 = log2 /
// log2(10). sigma_n^2: 2 for VIF, 0.005 x 255^2 for VIFF (VIFF_Public.m).
fn vifTerm(v1: f32, v2: f32, c12: f32, noise: f32) -> vec3<f32> {
  var s1 = max(v1, 0.0);
  let s2 = max(v2, 0.0);
  var g = c12 / (s1 + 1e-10);
  var sv = s2 - g * c12;
  if (s1 < 1e-10) { g = 0.0; sv = s2; s1 = 0.0; }
  if (s2 < 1e-10) { g = 0.0; sv = 0.0; }
  if (g < 0.0) { sv = s2; g = 0.0; }
  if (sv <= 1e-10) { sv = 1e-10; }
  let l = 0.30102999566398120;
  return vec3<f32>(log2(1.0 + g * g * s1 / (sv + noise)) * l, log2(1.0 + s1 / noise) * l, g);
}

// Columns: each row's sums move from its segment centre (r, x) to the window centre (y, x):
// with d = value(r, x) - value(y, x), S_x += d, S_xx += 2 d S_x + d^2, S_xy += d_x S_y + d_y S_x
// + d_x d_y. Output planes (plane j C + k; zero outside the valid region): variant 0 (VIF)
// numA, denA, numB, denB; variant 1 (VIFF) VID, VIND of the source with the smaller g (B on ties).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn vifWindows(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let c = u.channels;
  let k = id.z;
  let n = u.width * u.height;
  let p = id.y * u.width + id.x;
  let r = u.radius;
  var out = vec4<f32>(0.0);
  if (id.x >= r && id.x + r < u.width && id.y >= r && id.y + r < u.height) {
    let ca = at(k, id.y, id.x);
    let cb = at(c + k, id.y, id.x);
    let cf = at(2u * c + k, id.y, id.x);
    var sa = 0.0; var sb = 0.0; var sf = 0.0; var saa = 0.0; var sbb = 0.0; var sff = 0.0; var saf = 0.0; var sbf = 0.0;
    for (var t = 0u; t <= 2u * r; t++) {
      let y = id.y + t - r;
      let w = tap(t);
      let q = y * u.width + id.x;
      let da = at(k, y, id.x) - ca;
      let db = at(c + k, y, id.x) - cb;
      let df = at(2u * c + k, y, id.x) - cf;
      let ra = rows[k * n + q];
      let rb = rows[(c + k) * n + q];
      let rf = rows[(2u * c + k) * n + q];
      sa += w * (ra + da);
      sb += w * (rb + db);
      sf += w * (rf + df);
      saa += w * (rows[(3u * c + k) * n + q] + 2.0 * da * ra + da * da);
      sbb += w * (rows[(4u * c + k) * n + q] + 2.0 * db * rb + db * db);
      sff += w * (rows[(5u * c + k) * n + q] + 2.0 * df * rf + df * df);
      saf += w * (rows[(6u * c + k) * n + q] + da * rf + df * ra + da * df);
      sbf += w * (rows[(7u * c + k) * n + q] + db * rf + df * rb + db * df);
    }
    let noise = select(2.0, 325.125, u.variant == 1u);
    let ta = vifTerm(saa - sa * sa, sff - sf * sf, saf - sa * sf, noise);
    let tb = vifTerm(sbb - sb * sb, sff - sf * sf, sbf - sb * sf, noise);
    if (u.variant == 1u) {
      let t = select(tb, ta, ta.z < tb.z);
      out = vec4<f32>(t.x, t.y, 0.0, 0.0);
    } else {
      out = vec4<f32>(ta.xy, tb.xy);
    }
  }
  if (u.variant == 1u) {
    dst[k * n + p] = out.x;
    dst[(c + k) * n + p] = out.y;
    return;
  }
  dst[k * n + p] = out.x;
  dst[(c + k) * n + p] = out.y;
  dst[(2u * c + k) * n + p] = out.z;
  dst[(3u * c + k) * n + p] = out.w;
}

// Every second pixel from an offset: y(i, j) = x(offset + 2i, offset + 2j) (MATLAB's
// filter2 'valid' then (1:2:end, 1:2:end) when x is the 'same'-size filtered image).
@compute @workgroup_size(WG_X, WG_Y, 1)
fn subsample2(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.outWidth || id.y >= u.outHeight || id.z >= u.channels) { return; }
  dst[(id.z * u.outHeight + id.y) * u.outWidth + id.x] = src[(id.z * u.height + u.offset + 2u * id.y) * u.width + u.offset + 2u * id.x];
}
