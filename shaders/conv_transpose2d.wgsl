// Transposed 2-D convolution (torch conv_transpose2d: the adjoint of conv2d with the same
// weight, zero padding), weight [I * O/groups, kh, kw], stride, dilation, groups, output
// padding, optional bias and fused activation. Gathered per output pixel (no atomics):
// output o receives input i where o = i*stride - pad + k*dil.
//#include "common/activation.wgsl"
//#include "common/conv_io.wgsl"

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.outW || id.y >= u.outH || id.z >= u.outC) { return; }
  let coutG = u.outC / u.groups;
  let cinG = u.inC / u.groups;
  let grp = id.z / coutG;
  let col = id.z % coutG;
  let ksz = u.kh * u.kw;
  var acc = 0.0;
  for (var ky = 0u; ky < u.kh; ky++) {
    let ny = i32(id.y) + u.padY - i32(ky * u.dilY);
    if (ny < 0 || u32(ny) % u.strideY != 0u) { continue; }
    let iy = u32(ny) / u.strideY;
    if (iy >= u.inH) { continue; }
    for (var kx = 0u; kx < u.kw; kx++) {
      let nx = i32(id.x) + u.padX - i32(kx * u.dilX);
      if (nx < 0 || u32(nx) % u.strideX != 0u) { continue; }
      let ix = u32(nx) / u.strideX;
      if (ix >= u.inW) { continue; }
      for (var ci = 0u; ci < cinG; ci++) {
        let c = grp * cinG + ci;
        acc += weight[(c * coutG + col) * ksz + ky * u.kw + kx] * x[(c * u.inH + iy) * u.inW + ix];
      }
    }
  }
  if (u.hasBias != 0u) { acc += bias[id.z]; }
  y[(id.z * u.outH + id.y) * u.outW + id.x] = activate(acc, u.act, u.alpha, slopeOf(id.z));
}
