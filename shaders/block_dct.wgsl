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
  remRowAt: u32, remColAt: u32,
  // transform over part of the image: columns from colFrom, tile rows from tileRowFrom
  colFrom: u32, tileRowFrom: u32,
  basis: array<vec4<f32>, 768>,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> other: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@group(0) @binding(3) var<uniform> u: Params;
// transformTiles: the image and its coefficients as vec4s (rows of whole vec4s)
@group(0) @binding(4) var<storage, read> src4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> dst4: array<vec4<f32>>;

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
  let x = id.x + u.colFrom;
  let tileRow = id.y + u.tileRowFrom;
  if (x >= u.width || tileRow >= tileRows || id.z >= u.channels) { return; }
  let tx = tileOf(x, u.width, u.remW, u.remColAt);
  let ty = tileOf(tileRow * BLOCK, u.height, u.remH, u.remRowAt);
  let c = x - tx.start;
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

// transformTiles: whole 8x8 tiles (BLOCK 8) of rows of whole vec4s, one invocation per tile,
// each tile row two vec4s (transformTilesAnyWidth: other widths, loaded as floats); the loops written out, so every basis entry is a uniform read at a
// constant index (the column-per-invocation form reads the basis at per-lane indices and
// keeps its row sums in a private array). The same sums as `transform`: along each row, then
// down each column.
struct Row8 { l: vec4<f32>, r: vec4<f32> }

// Full-tile basis entry: forward B[o][i], inverse B[i][o].
fn basisAt(o: u32, i: u32) -> f32 { return select(b(o * 8u + i), b(i * 8u + o), u.inverse != 0u); }

fn rowTap(acc: Row8, n: u32, v: f32) -> Row8 {
  return Row8(acc.l + v * vec4<f32>(basisAt(0u, n), basisAt(1u, n), basisAt(2u, n), basisAt(3u, n)),
              acc.r + v * vec4<f32>(basisAt(4u, n), basisAt(5u, n), basisAt(6u, n), basisAt(7u, n)));
}

// One tile row (xl, xr) transformed along x: out[c] = sum_n B(c, n) x[n].
fn rowT(xl: vec4<f32>, xr: vec4<f32>) -> Row8 {
  var acc = Row8(vec4<f32>(0.0), vec4<f32>(0.0));
  acc = rowTap(acc, 0u, xl.x);
  acc = rowTap(acc, 1u, xl.y);
  acc = rowTap(acc, 2u, xl.z);
  acc = rowTap(acc, 3u, xl.w);
  acc = rowTap(acc, 4u, xr.x);
  acc = rowTap(acc, 5u, xr.y);
  acc = rowTap(acc, 6u, xr.z);
  acc = rowTap(acc, 7u, xr.w);
  return acc;
}

struct Tile8 { a0: Row8, a1: Row8, a2: Row8, a3: Row8, a4: Row8, a5: Row8, a6: Row8, a7: Row8 }

fn colTap(acc: Row8, w: f32, x: Row8) -> Row8 { return Row8(acc.l + w * x.l, acc.r + w * x.r); }

// Output row r of the tile: sum_a B(r, a) rows[a].
fn colOut(t: Tile8, r: u32) -> Row8 {
  var acc = Row8(vec4<f32>(0.0), vec4<f32>(0.0));
  acc = colTap(acc, basisAt(r, 0u), t.a0);
  acc = colTap(acc, basisAt(r, 1u), t.a1);
  acc = colTap(acc, basisAt(r, 2u), t.a2);
  acc = colTap(acc, basisAt(r, 3u), t.a3);
  acc = colTap(acc, basisAt(r, 4u), t.a4);
  acc = colTap(acc, basisAt(r, 5u), t.a5);
  acc = colTap(acc, basisAt(r, 6u), t.a6);
  acc = colTap(acc, basisAt(r, 7u), t.a7);
  return acc;
}

fn storeRow8(q: u32, v: Row8) {
  dst4[q] = v.l;
  dst4[q + 1u] = v.r;
}

fn rowT4(q: u32) -> Row8 { return rowT(src4[q], src4[q + 1u]); }

@compute @workgroup_size(WG_X, WG_Y, 1)
fn transformTiles(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width / 8u || id.y >= u.height / 8u || id.z >= u.channels) { return; }
  let wQ = u.width / 4u;
  let q = (id.z * u.height + 8u * id.y) * wQ + 2u * id.x;
  let t = Tile8(rowT4(q), rowT4(q + wQ), rowT4(q + 2u * wQ), rowT4(q + 3u * wQ),
                rowT4(q + 4u * wQ), rowT4(q + 5u * wQ), rowT4(q + 6u * wQ), rowT4(q + 7u * wQ));
  storeRow8(q, colOut(t, 0u));
  storeRow8(q + wQ, colOut(t, 1u));
  storeRow8(q + 2u * wQ, colOut(t, 2u));
  storeRow8(q + 3u * wQ, colOut(t, 3u));
  storeRow8(q + 4u * wQ, colOut(t, 4u));
  storeRow8(q + 5u * wQ, colOut(t, 5u));
  storeRow8(q + 6u * wQ, colOut(t, 6u));
  storeRow8(q + 7u * wQ, colOut(t, 7u));
}

// transformTilesAnyWidth: the same over rows that are not whole vec4s, as floats.
fn rowT1(i: u32) -> Row8 {
  return rowT(vec4<f32>(src[i], src[i + 1u], src[i + 2u], src[i + 3u]), vec4<f32>(src[i + 4u], src[i + 5u], src[i + 6u], src[i + 7u]));
}

fn storeRow8Floats(i: u32, v: Row8) {
  dst[i] = v.l.x;
  dst[i + 1u] = v.l.y;
  dst[i + 2u] = v.l.z;
  dst[i + 3u] = v.l.w;
  dst[i + 4u] = v.r.x;
  dst[i + 5u] = v.r.y;
  dst[i + 6u] = v.r.z;
  dst[i + 7u] = v.r.w;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn transformTilesAnyWidth(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width / 8u || id.y >= u.height / 8u || id.z >= u.channels) { return; }
  let w = u.width;
  let i = (id.z * u.height + 8u * id.y) * w + 8u * id.x;
  let t = Tile8(rowT1(i), rowT1(i + w), rowT1(i + 2u * w), rowT1(i + 3u * w),
                rowT1(i + 4u * w), rowT1(i + 5u * w), rowT1(i + 6u * w), rowT1(i + 7u * w));
  storeRow8Floats(i, colOut(t, 0u));
  storeRow8Floats(i + w, colOut(t, 1u));
  storeRow8Floats(i + 2u * w, colOut(t, 2u));
  storeRow8Floats(i + 3u * w, colOut(t, 3u));
  storeRow8Floats(i + 4u * w, colOut(t, 4u));
  storeRow8Floats(i + 5u * w, colOut(t, 5u));
  storeRow8Floats(i + 6u * w, colOut(t, 6u));
  storeRow8Floats(i + 7u * w, colOut(t, 7u));
}
