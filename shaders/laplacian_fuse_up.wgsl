// One Laplacian level of two sources, fused and collapsed in one pass (pixel rules):
// y = rule(a - pyrUp(aCoarse), b - pyrUp(bCoarse)) + pyrUp(top), where top is the collapsed
// coarser level. The fused band is never written and read back, and the three pyrUps share
// their taps: a level costs one dispatch instead of laplacianFuse + pyrUpAdd.
//#include "common/fuse_up_level.wgsl"

fn storeOut1(o: u32, v: f32) {
  dst[o] = v;
}

fn storeOut4(q: u32, v: vec4<f32>) {
  dst4[q] = v;
}
