// Pixel fusion rules shared by `fuse` and `laplacianFuse`; ids match src/ops/fuse-rules.ts.
// 0 mean, 1 max-abs (ties to a), 2 weighted w*a + (1-w)*b, 3 activity choose-max (ties to a),
// 4 activity-weighted (Aa*a + Ab*b) / (Aa + Ab), the mean where both activities are 0.
fn combine(a: f32, b: f32, actA: f32, actB: f32, rule: u32, weight: f32) -> f32 {
  switch rule {
    case 0u: { return 0.5 * (a + b); }
    case 1u: { return select(b, a, abs(a) >= abs(b)); }
    case 2u: { return weight * a + (1.0 - weight) * b; }
    case 3u: { return select(b, a, actA >= actB); }
    default: {
      let s = actA + actB;
      if (s > 0.0) { return (actA * a + actB * b) / s; }
      return 0.5 * (a + b);
    }
  }
}

fn needsActivity(rule: u32) -> bool {
  return rule >= 3u;
}

// The pixel rules (0 mean, 1 max-abs, 2 weighted) on four pixels at once, for vec4 kernels.
fn combinePixels4(a: vec4<f32>, b: vec4<f32>, rule: u32, weight: f32) -> vec4<f32> {
  switch rule {
    case 0u: { return 0.5 * (a + b); }
    case 1u: { return select(b, a, abs(a) >= abs(b)); }
    default: { return weight * a + (1.0 - weight) * b; }
  }
}
