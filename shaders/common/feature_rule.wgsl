// AUIF-Net's fusion rules over feature pairs (channels 2g, 2g+1 of `x`), summed over the
// groups: 0 sum, 1 average, 2 l1 (l1_addition: weights from the 3x3 zero-padded mean of
// |feature|). Shared by feature_fuse.wgsl and feature_decode.wgsl so both compute the same
// value; the reference is featureFuseRef in src/reference/unrolled.ts. The rule and the pair
// count are override constants: the driver drops the other rules' code (llvmpipe otherwise
// pays for the l1 rule's window loops at every pixel, taken or not).

override RULE: u32 = 0u;
override PAIRS: u32 = 2u;

fn activity(plane: u32, py: i32, px: i32, w: u32, h: u32) -> f32 {
  var s = 0.0;
  for (var dy = -1; dy <= 1; dy++) {
    for (var dx = -1; dx <= 1; dx++) {
      let r = py + dy;
      let c = px + dx;
      if (r >= 0 && r < i32(h) && c >= 0 && c < i32(w)) {
        s += abs(x[plane + u32(r) * w + u32(c)]);
      }
    }
  }
  return s / 9.0;
}

fn fusedFeature(py: u32, px: u32, w: u32, h: u32) -> f32 {
  let n = w * h;
  let i = py * w + px;
  var acc = 0.0;
  for (var g = 0u; g < PAIRS; g++) {
    let a = x[2u * g * n + i];
    let b = x[(2u * g + 1u) * n + i];
    var f: f32;
    if (RULE == 0u) {
      f = a + b;
    } else if (RULE == 1u) {
      f = (a + b) / 2.0;
    } else {
      let ma = activity(2u * g * n, i32(py), i32(px), w, h);
      let mb = activity((2u * g + 1u) * n, i32(py), i32(px), w, h);
      let s = ma + mb;
      f = select(0.5 * a + 0.5 * b, (ma / s) * a + (mb / s) * b, s > 0.0);
    }
    acc += f;
  }
  return acc;
}
