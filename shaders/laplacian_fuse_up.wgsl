// One Laplacian level of two sources, fused and collapsed in one pass (pixel rules):
// y = rule(a - pyrUp(aCoarse), b - pyrUp(bCoarse)) + pyrUp(top), where top is the collapsed
// coarser level. The fused band is never written and read back, and the three pyrUps share
// their taps: a level costs one dispatch instead of laplacianFuse + pyrUpAdd.
//#include "common/fuse_up_level.wgsl"

@group(0) @binding(2) var<storage, read> fineB: array<f32>;
@group(0) @binding(9) var<storage, read> fineB4: array<vec4<f32>>;

fn out1(o: u32, ua: f32, ub: f32, ut: f32) {
  dst[o] = combine(fineA[o] - ua, fineB[u.fineBOff + o] - ub, 0.0, 0.0, RULE, u.weight) + ut;
}

fn out4(q: u32, ea: vec4<f32>, eb: vec4<f32>, et: vec4<f32>) {
  dst4[q] = combinePixels4(fineA4[q] - ea, fineB4[u.fineBOff / 4u + q] - eb, RULE, u.weight) + et;
}
