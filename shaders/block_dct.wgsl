// Block DCT (type II, orthonormal: scipy.fft.dctn(block, norm='ortho')) and its inverse,
// per non-overlapping block x block tile from (0, 0); the last row and column of tiles may be
// smaller and use the DCT of their own size, so any image size is exactly invertible.
// The cosine bases come from the host in float64-rounded float32 (WGSL's cos is only
// accurate to 2^-11 absolute): X = B_rows x B_cols^T per tile, x = B_rows^T X B_cols.
// fuseBlocks: two coefficient images to one, per tile: 'variance' copies the tile whose AC
// energy (sum of squared AC coefficients = block size^2 x the spatial variance, Parseval) is
// larger (beyond the transform's rounding noise); 'maxAbs' averages the DC and takes each AC coefficient of larger magnitude.
// CPU references: src/reference/dct.ts.

struct Params {
  width: u32, height: u32, channels: u32, pad2: u32,
  inverse: u32, rule: u32, remW: u32, remH: u32,
  // bases, row-major [k][m]: full tile at 0, remainder tile of the rows at remRowAt, of the
  // columns at remColAt (the full-size basis serves both axes).
  remRowAt: u32, remColAt: u32, pad0: u32, pad1: u32,
  basis: array<vec4<f32>, 768>,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> other: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
// The tile size as a constant: p % BLOCK is a mask for powers of two (llvmpipe pays for a
// division by a uniform even where no lane needs it).
override BLOCK: u32 = 8u;

fn b(i: u32) -> f32 { return u.basis[i >> 2u][i & 3u]; }

struct Tile { start: u32, size: u32, at: u32 }

// The tile holding position p along an axis of n samples, its size and its basis offset.
fn tileOf(p: u32, n: u32, rem: u32, remAt: u32) -> Tile {
  let start = p - p % BLOCK;
  let partial = start + BLOCK > n;
  return Tile(start, select(BLOCK, rem, partial), select(0u, remAt, partial));
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn transform(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let ty = tileOf(id.y, u.height, u.remH, u.remRowAt);
  let tx = tileOf(id.x, u.width, u.remW, u.remColAt);
  let k = id.y - ty.start;
  let l = id.x - tx.start;
  let base = id.z * u.width * u.height;
  var sum = 0.0;
  for (var m = 0u; m < ty.size; m++) {
    let row = base + (ty.start + m) * u.width + tx.start;
    var s = 0.0;
    for (var n = 0u; n < tx.size; n++) {
      // forward: B[l][n]; inverse: B^T, i.e. B[n][l]
      let cb = select(tx.at + l * tx.size + n, tx.at + n * tx.size + l, u.inverse != 0u);
      s += b(cb) * src[row + n];
    }
    let rb = select(ty.at + k * ty.size + m, ty.at + m * ty.size + k, u.inverse != 0u);
    sum += b(rb) * s;
  }
  dst[base + id.y * u.width + id.x] = sum;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn fuseBlocks(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let ty = tileOf(id.y, u.height, u.remH, u.remRowAt);
  let tx = tileOf(id.x, u.width, u.remW, u.remColAt);
  let base = id.z * u.width * u.height;
  let i = base + id.y * u.width + id.x;
  let dc = id.y == ty.start && id.x == tx.start;
  let a = src[i];
  let c = other[i];
  if (u.rule == 1u) {
    dst[i] = select(select(c, a, abs(a) >= abs(c)), 0.5 * (a + c), dc);
    return;
  }
  var ea = 0.0;
  var ec = 0.0;
  for (var m = 0u; m < ty.size; m++) {
    let row = base + (ty.start + m) * u.width + tx.start;
    for (var n = 0u; n < tx.size; n++) {
      // the DC term is left out rather than subtracted: it dwarfs the AC energy of flat tiles
      let w = select(1.0, 0.0, m == 0u && n == 0u);
      let va = w * src[row + n];
      let vc = w * other[row + n];
      ea += va * va;
      ec += vc * vc;
    }
  }
  // An energy is known only to the forward transform's rounding: each AC coefficient within
  // e = (2B + 4) u |DC| (blockDct's bound), so the energy E within 2 B sqrt(E) e + B^2 e^2.
  // Energies closer than that tie (flat tiles, or the same texture over different means, an
  // exact tie in exact arithmetic), and ties keep 'a', so no choice hangs on rounding noise.
  let d = base + ty.start * u.width + tx.start;
  let e = (2.0 * f32(BLOCK) + 4.0) * 5.9604645e-8 * max(abs(src[d]), abs(other[d]));
  let n = f32(BLOCK);
  let tie = 2.0 * (2.0 * n * sqrt(max(ea, ec)) * e + n * n * e * e);
  dst[i] = select(c, a, ea + tie >= ec);
}
