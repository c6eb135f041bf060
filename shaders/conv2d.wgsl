// 2-D convolution (PyTorch cross-correlation, OIHW weights flattened to [O*I/groups, kh, kw])
// with stride, dilation, groups, zero/reflect/replicate/circular padding, optional bias and a
// fused activation. Each invocation computes four output channels of four neighbouring pixels
// along x: per tap, 4 input and 4 weight loads feed 16 multiply-adds (one pixel per
// invocation fed 4; 3x slower on llvmpipe).
//#include "common/border.wgsl"
//#include "common/activation.wgsl"
//#include "common/conv_io.wgsl"

// The pipeline is specialised to the kernel size and input channels per group: constant loop
// bounds let the driver unroll them (dynamic bounds cost llvmpipe ~3x on a 3x3 kernel).
override KH: u32 = 3u;
override KW: u32 = 3u;
override CING: u32 = 1u;

fn column(ox: u32, kx: u32) -> i32 {
  return borderIndex(i32(ox * u.strideX + kx * u.dilX) - u.padX, i32(u.inW), u.border);
}

fn xAt(rowBase: u32, c: i32) -> f32 {
  if (c < 0) { return 0.0; }
  return x[rowBase + u32(c)];
}

// id.x = block of four output columns, id.z = block of four output channels inside one group.
@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let coutG = u.outC / u.groups;
  let blocksG = (coutG + 3u) / 4u;
  let ox = id.x * 4u;
  if (ox >= u.outW || id.y >= u.outH || id.z >= blocksG * u.groups) { return; }
  let grp = id.z / blocksG;
  let co0 = grp * coutG + (id.z % blocksG) * 4u;
  let n = min(4u, grp * coutG + coutG - co0);
  let ksz = KH * KW;
  // Channels past n reuse channel co0's weights so the loads stay in bounds; their sums are dropped.
  let wstride = vec4<u32>(0u, select(0u, 1u, n > 1u), select(0u, 2u, n > 2u), select(0u, 3u, n > 3u)) * CING * ksz;
  // Columns past outW are computed on a clamped column and not stored.
  let last = u.outW - 1u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  let plane = u.inH * u.inW;
  for (var ky = 0u; ky < KH; ky++) {
    let iy = borderIndex(i32(id.y * u.strideY + ky * u.dilY) - u.padY, i32(u.inH), u.border);
    if (iy < 0) { continue; }
    for (var kx = 0u; kx < KW; kx++) {
      let c0 = column(ox, kx);
      let c1 = column(min(ox + 1u, last), kx);
      let c2 = column(min(ox + 2u, last), kx);
      let c3 = column(min(ox + 3u, last), kx);
      var rowBase = (grp * CING * u.inH + u32(iy)) * u.inW;
      var wi = co0 * CING * ksz + ky * KW + kx;
      for (var ci = 0u; ci < CING; ci++) {
        let wv = vec4<f32>(weight[wi + wstride.x], weight[wi + wstride.y], weight[wi + wstride.z], weight[wi + wstride.w]);
        a0 += xAt(rowBase, c0) * wv;
        a1 += xAt(rowBase, c1) * wv;
        a2 += xAt(rowBase, c2) * wv;
        a3 += xAt(rowBase, c3) * wv;
        rowBase += plane;
        wi += ksz;
      }
    }
  }
  let oplane = u.outH * u.outW;
  let o = (co0 * u.outH + id.y) * u.outW + ox;
  storePixel(o, co0, n, oplane, a0);
  if (ox + 1u < u.outW) { storePixel(o + 1u, co0, n, oplane, a1); }
  if (ox + 2u < u.outW) { storePixel(o + 2u, co0, n, oplane, a2); }
  if (ox + 3u < u.outW) { storePixel(o + 3u, co0, n, oplane, a3); }
}

// Written out, not a loop over acc[k]: dynamic vector indexing in a loop cost llvmpipe ~10x.
fn storePixel(o: u32, co0: u32, n: u32, oplane: u32, acc: vec4<f32>) {
  store(o, co0, acc.x);
  if (n > 1u) { store(o + oplane, co0 + 1u, acc.y); }
  if (n > 2u) { store(o + 2u * oplane, co0 + 2u, acc.z); }
  if (n > 3u) { store(o + 3u * oplane, co0 + 3u, acc.w); }
}

fn store(o: u32, c: u32, sum: f32) {
  var v = sum;
  if (u.hasBias != 0u) { v += bias[c]; }
  y[o] = activate(v, u.act, u.alpha, slopeOf(c));
}
