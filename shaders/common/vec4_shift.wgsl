// Four consecutive columns that start k columns into vec4 a and continue into the next one, b
// (k = 0 .. 3): windows read from aligned vec4 loads (bilateral, window_filter's row runs).
fn shiftIn(a: vec4<f32>, b: vec4<f32>, k: u32) -> vec4<f32> {
  switch k {
    case 0u: { return a; }
    case 1u: { return vec4<f32>(a.yzw, b.x); }
    case 2u: { return vec4<f32>(a.zw, b.xy); }
    default: { return vec4<f32>(a.w, b.xyz); }
  }
}
