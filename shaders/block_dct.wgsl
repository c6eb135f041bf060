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

// Basis entry used along an axis: forward reads B[out][in], inverse B[in][out].
fn coef(t: Tile, o: u32, i: u32) -> f32 {
  return b(select(t.at + o * t.size + i, t.at + i * t.size + o, u.inverse != 0u));
}

// One invocation per image column and tile row: the column `c` of its tile, all of the
// tile's rows. The row transform of each input row contributes to this column only
// (rowPart[a] = sum_n P[c][n] in[a][n]), then the column transform gives every output row:
// 2 block MACs per output instead of block^2.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn transform(@builtin(global_invocation_id) id: vec3<u32>) {
  let tileRows = (u.height + BLOCK - 1u) / BLOCK;
  if (id.x >= u.width || id.y >= tileRows || id.z >= u.channels) { return; }
  let tx = tileOf(id.x, u.width, u.remW, u.remColAt);
  let ty = tileOf(id.y * BLOCK, u.height, u.remH, u.remRowAt);
  let c = id.x - tx.start;
  let base = id.z * u.width * u.height + ty.start * u.width + tx.start;
  var rowPart: array<f32, 16>;
  if (tx.size == BLOCK && ty.size == BLOCK) {
    for (var a = 0u; a < BLOCK; a++) {
      var s = 0.0;
      for (var n = 0u; n < BLOCK; n++) { s += coef(tx, c, n) * src[base + a * u.width + n]; }
      rowPart[a] = s;
    }
    for (var r = 0u; r < BLOCK; r++) {
      var s = 0.0;
      for (var a = 0u; a < BLOCK; a++) { s += coef(ty, r, a) * rowPart[a]; }
      dst[base + r * u.width + c] = s;
    }
    return;
  }
  for (var a = 0u; a < ty.size; a++) {
    var s = 0.0;
    for (var n = 0u; n < tx.size; n++) { s += coef(tx, c, n) * src[base + a * u.width + n]; }
    rowPart[a] = s;
  }
  for (var r = 0u; r < ty.size; r++) {
    var s = 0.0;
    for (var a = 0u; a < ty.size; a++) { s += coef(ty, r, a) * rowPart[a]; }
    dst[base + r * u.width + c] = s;
  }
}

// One invocation per tile: its two AC energies once, then every coefficient of the tile.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn fuseBlocks(@builtin(global_invocation_id) id: vec3<u32>) {
  let tilesX = (u.width + BLOCK - 1u) / BLOCK;
  let tilesY = (u.height + BLOCK - 1u) / BLOCK;
  if (id.x >= tilesX || id.y >= tilesY || id.z >= u.channels) { return; }
  let tx = tileOf(id.x * BLOCK, u.width, u.remW, u.remColAt);
  let ty = tileOf(id.y * BLOCK, u.height, u.remH, u.remRowAt);
  let base = id.z * u.width * u.height + ty.start * u.width + tx.start;
  if (u.rule == 1u) {
    for (var m = 0u; m < ty.size; m++) {
      for (var n = 0u; n < tx.size; n++) {
        let i = base + m * u.width + n;
        let a = src[i];
        let c = other[i];
        dst[i] = select(select(c, a, abs(a) >= abs(c)), 0.5 * (a + c), m == 0u && n == 0u);
      }
    }
    return;
  }
  var ea = 0.0;
  var ec = 0.0;
  for (var m = 0u; m < ty.size; m++) {
    for (var n = 0u; n < tx.size; n++) {
      // the DC term is left out rather than subtracted: it dwarfs the AC energy of flat tiles
      let w = select(1.0, 0.0, m == 0u && n == 0u);
      let va = w * src[base + m * u.width + n];
      let vc = w * other[base + m * u.width + n];
      ea += va * va;
      ec += vc * vc;
    }
  }
  // An energy is known only to the forward transform's rounding: each AC coefficient within
  // e = (2B + 4) u |DC| (blockDct's bound), so the energy E within 2 B sqrt(E) e + B^2 e^2.
  // Energies closer than that tie (flat tiles, or the same texture over different means, an
  // exact tie in exact arithmetic), and ties keep 'a', so no choice hangs on rounding noise.
  let e = (2.0 * f32(BLOCK) + 4.0) * 5.9604645e-8 * max(abs(src[base]), abs(other[base]));
  let nb = f32(BLOCK);
  let tie = 2.0 * (2.0 * nb * sqrt(max(ea, ec)) * e + nb * nb * e * e);
  let keepA = ea + tie >= ec;
  for (var m = 0u; m < ty.size; m++) {
    for (var n = 0u; n < tx.size; n++) {
      let i = base + m * u.width + n;
      dst[i] = select(other[i], src[i], keepA);
    }
  }
}
