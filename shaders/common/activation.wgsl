// Activations fused into the layer kernels; ids and semantics match ACTIVATIONS in
// src/reference/nn.ts: 0 none, 1 relu, 2 relu6, 3 leakyRelu(alpha), 4 prelu(slope),
// 5 sigmoid, 6 tanh, 7 softThreshold(alpha).
fn activate(v: f32, act: u32, alpha: f32, slope: f32) -> f32 {
  switch act {
    case 1u: { return max(v, 0.0); }
    case 2u: { return clamp(v, 0.0, 6.0); }
    case 3u: { return select(alpha * v, v, v >= 0.0); }
    case 4u: { return select(slope * v, v, v >= 0.0); }
    case 5u: { return 1.0 / (1.0 + exp(-v)); }
    // WGSL's tanh has no stated accuracy for large |v| on every backend; this form is
    // exact to a few ulp and saturates to +-1 instead of producing inf/inf.
    case 6u: { let e = exp(-2.0 * abs(v)); return sign(v) * (1.0 - e) / (1.0 + e); }
    case 7u: { return sign(v) * max(abs(v) - alpha, 0.0); }
    default: { return v; }
  }
}
