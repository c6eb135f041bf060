// AUIF-Net's fusion rules over feature pairs (channels 2g, 2g+1 of `x`), summed over the
// groups: 0 sum, 1 average, 2 l1 (l1_addition: weights from the 3x3 zero-padded mean of
// |feature|). Shared by feature_fuse.wgsl and feature_decode.wgsl so both compute the same
// value; the reference is featureFuseRef in src/reference/unrolled.ts. The rule and the pair
// count are override constants: the driver drops the other rules' code (llvmpipe otherwise
// pays for the l1 rule's window loops at every pixel, taken or not). The including shader
// defines pairAt(g, i) -> vec2, the features (2g, 2g + 1) of pixel i = row * width + column,
// for its layout.

override RULE: u32 = 0u;
override PAIRS: u32 = 2u;

// The l1 rule's activities of pair g: 3x3 zero-padded means of |feature|, both features at once.
fn activity(g: u32, py: i32, px: i32, w: u32, h: u32) -> vec2<f32> {
  var s = vec2<f32>(0.0);
  for (var dy = -1; dy <= 1; dy++) {
    for (var dx = -1; dx <= 1; dx++) {
      let r = py + dy;
      let c = px + dx;
      if (r >= 0 && r < i32(h) && c >= 0 && c < i32(w)) {
        s += abs(pairAt(g, u32(r) * w + u32(c)));
      }
    }
  }
  return s / 9.0;
}

fn fusedFeature(py: u32, px: u32, w: u32, h: u32) -> f32 {
  let i = py * w + px;
  var acc = 0.0;
  for (var g = 0u; g < PAIRS; g++) {
    let ab = pairAt(g, i);
    let a = ab.x;
    let b = ab.y;
    var f: f32;
    if (RULE == 0u) {
      f = a + b;
    } else if (RULE == 1u) {
      f = (a + b) / 2.0;
    } else {
      let m = activity(g, i32(py), i32(px), w, h);
      let ma = m.x;
      let mb = m.y;
      let s = ma + mb;
      f = select(0.5 * a + 0.5 * b, (ma / s) * a + (mb / s) * b, s > 0.0);
    }
    acc += f;
  }
  return acc;
}
