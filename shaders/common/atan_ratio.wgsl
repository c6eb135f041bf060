// atan(v / h) for h != 0 with a stated error bound, for kernels whose tolerance must not rest on
// WGSL's atan (bounded by the spec only to 4096 ulp). The ratio is formed as the smaller
// magnitude over the larger (t in [0, 1], one division: 2.5 ulp, changing atan by <= 1.25 u),
// atan(t) = t P(t^2) with P's degree-8 coefficients fitted by Lawson's minimax iteration: 5.8e-9
// from atan in exact arithmetic and, evaluated by Horner in float32, within 8.9e-8 of
// atan(t) on [0, 1] (kernels-tests/atan-ratio.test.ts checks this on a dense grid); for
// |v| > |h| it is pi/2 - atan(|h| / |v|) (one more rounding of <= 6e-8). Total <= 2.3e-7.
fn atanUnit(t: f32) -> f32 {
  let z = t * t;
  var p = 0.0024566698635249714;
  p = p * z - 0.014401142681800112;
  p = p * z + 0.03978087690284863;
  p = p * z - 0.07234827927753816;
  p = p * z + 0.10498931940216781;
  p = p * z - 0.1416122537442619;
  p = p * z + 0.19985906224098338;
  p = p * z - 0.3333259699392235;
  p = p * z + 0.9999998863767661;
  return t * p;
}

fn atanRatio(v: f32, h: f32) -> f32 {
  let av = abs(v);
  let ah = abs(h);
  var r: f32;
  if (av <= ah) { r = atanUnit(av / ah); } else { r = 1.5707963267948966 - atanUnit(ah / av); }
  return select(r, -r, (v < 0.0) != (h < 0.0));
}
