// Fast-FMI per 3 x 3 window (Haghighat and Razian 2014, fmi.m; definition, fmi.m's details
// that are kept, and source in src/reference/fmi.ts, this kernel's CPU reference): the value
// (FMI_AF + FMI_BF) / 2 at each valid window's centre, 0 on the 1-pixel frame. Feature 0 is
// the levels (FMI_pixel), 1 MATLAB's gradient(I), the horizontal derivative (FMI_gradient).
// One invocation per window; windows are read in MATLAB's column-major order, on which the
// CDFs depend.

struct Params { width: u32, height: u32, channels: u32, feature: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> f: array<f32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;
@group(0) @binding(4) var<uniform> u: Params;

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;

const L: u32 = 9u;

fn raw(which: u32, i: u32) -> f32 {
  switch (which) {
    case 0u: { return a[i]; }
    case 1u: { return b[i]; }
    default: { return f[i]; }
  }
}

fn feat(which: u32, row: u32, x: u32) -> f32 {
  if (u.feature == 0u) { return raw(which, row + x); }
  if (u.width == 1u) { return 0.0; }
  if (x == 0u) { return raw(which, row + 1u) - raw(which, row); }
  if (x == u.width - 1u) { return raw(which, row + x) - raw(which, row + x - 1u); }
  return (raw(which, row + x + 1u) - raw(which, row + x - 1u)) / 2.0;
}

fn normalise(v: array<f32, 9>) -> array<f32, 9> {
  var lo = v[0];
  var hi = v[0];
  for (var i = 1u; i < L; i++) { lo = min(lo, v[i]); hi = max(hi, v[i]); }
  var o: array<f32, 9>;
  for (var i = 0u; i < L; i++) {
    if (hi == lo) { o[i] = 1.0; } else { o[i] = (v[i] - lo) / (hi - lo); }
  }
  return o;
}

fn same(p: array<f32, 9>, q: array<f32, 9>) -> bool {
  for (var i = 0u; i < L; i++) { if (p[i] != q[i]) { return false; } }
  return true;
}

fn isFlat(v: array<f32, 9>) -> bool {
  for (var i = 0u; i < L; i++) { if (v[i] != 1.0) { return false; } }
  return true;
}

fn plog(p: f32) -> f32 {
  if (p == 0.0) { return 0.0; }
  return -p * log2(abs(p));
}

// Frechet's upper bound min(x, y) or lower bound max(x + y - 1, 0) of a joint CDF
fn bound(x: f32, y: f32, upper: bool) -> f32 {
  if (upper) { return min(x, y); }
  return max(x + y - 1.0, 0.0);
}

fn fmiPair(xs: array<f32, 9>, fs: array<f32, 9>) -> f32 {
  var sx = 0.0;
  var sf = 0.0;
  for (var i = 0u; i < L; i++) { sx += xs[i]; sf += fs[i]; }
  var xp: array<f32, 9>;
  var fp: array<f32, 9>;
  var xc: array<f32, 9>;
  var fc: array<f32, 9>;
  var cx = 0.0;
  var cf = 0.0;
  for (var i = 0u; i < L; i++) {
    xp[i] = xs[i] / sx;
    fp[i] = fs[i] / sf;
    cx += xp[i];
    cf += fp[i];
    xc[i] = cx;
    fc[i] = cf;
  }
  let mx = cx / 9.0;
  let mf = cf / 9.0;
  var sxf = 0.0;
  var sxx = 0.0;
  var sff = 0.0;
  var ex = 0.0;
  var ex2 = 0.0;
  var ef = 0.0;
  var ef2 = 0.0;
  for (var i = 0u; i < L; i++) {
    let dx = xp[i] - mx;
    let df = fp[i] - mf;
    sxf += dx * df;
    sxx += dx * dx;
    sff += df * df;
    let k = f32(i + 1u);
    ex += k * xp[i];
    ex2 += k * k * xp[i];
    ef += k * fp[i];
    ef2 += k * k * fp[i];
  }
  // flat windows (all ones once normalised): both, FMI 1; one, c = 0 (the reference says why)
  let xflat = isFlat(xs);
  let fflat = isFlat(fs);
  if (xflat && fflat) { return 1.0; }
  var c = 0.0;
  if (sxf != 0.0 && !xflat && !fflat) { c = sxf / sqrt(sxx * sff); }
  let sdx = sqrt(max(ex2 - ex * ex, 0.0));
  let sdf = sqrt(max(ef2 - ef * ef, 0.0));
  let upper = c >= 0.0;
  var wt = 0.0;
  if (!(sdx == 0.0 || sdf == 0.0 || (upper && c == 0.0))) {
    var cov = 0.0;
    for (var i = 0u; i < L; i++) {
      for (var j = 0u; j < L; j++) { cov += bound(fc[i], xc[j], upper) - fc[i] * xc[j]; }
    }
    wt = c / (cov / (sdf * sdx));
  }
  var hj = 0.0;
  for (var i = 0u; i < L; i++) {
    for (var j = 0u; j < L; j++) {
      // the bound's mass on cell (i, j): its CDF's second difference, 0 beyond the lower edges
      var mass = bound(fc[i], xc[j], upper);
      if (i > 0u) { mass -= bound(fc[i - 1u], xc[j], upper); }
      if (j > 0u) { mass -= bound(fc[i], xc[j - 1u], upper); }
      if (i > 0u && j > 0u) { mass += bound(fc[i - 1u], xc[j - 1u], upper); }
      hj += plog(wt * mass + (1.0 - wt) * fp[i] * xp[j]);
    }
  }
  var hx = 0.0;
  var hf = 0.0;
  for (var i = 0u; i < L; i++) { hx += plog(xp[i]); hf += plog(fp[i]); }
  let mi = hx + hf - hj;
  if (mi == 0.0) { return 0.0; }
  return 2.0 * mi / (hx + hf);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn fmiMap(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= u.width || id.y >= u.height || id.z >= u.channels) { return; }
  let base = id.z * u.width * u.height;
  let p = base + id.y * u.width + id.x;
  if (id.x == 0u || id.y == 0u || id.x + 1u >= u.width || id.y + 1u >= u.height) {
    dst[p] = 0.0;
    return;
  }
  var wa: array<f32, 9>;
  var wb: array<f32, 9>;
  var wf: array<f32, 9>;
  for (var col = 0u; col < 3u; col++) {
    for (var r = 0u; r < 3u; r++) {
      let row = base + (id.y + r - 1u) * u.width;
      let x = id.x + col - 1u;
      wa[col * 3u + r] = feat(0u, row, x);
      wb[col * 3u + r] = feat(1u, row, x);
      wf[col * 3u + r] = feat(2u, row, x);
    }
  }
  var qa = 1.0;
  if (!same(wa, wf)) {
    wf = normalise(wf);
    qa = fmiPair(normalise(wa), wf);
  }
  var qb = 1.0;
  if (!same(wb, wf)) { qb = fmiPair(normalise(wb), normalise(wf)); }
  dst[p] = (qa + qb) / 2.0;
}
