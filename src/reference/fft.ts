// Complex FFT of any length in float64, the reference of the fft2 op and of the metrics (Qcb
// and Qcv filter in the frequency domain): iterative radix-2 for powers of two, Bluestein's
// chirp-z through a power-of-two convolution otherwise. Plans are cached per length.

interface Plan {
  n: number;
  /** Bluestein: chirp w_k = exp(-i pi k^2 / n) and the FFT of its conjugate, padded to m. */
  m?: number;
  wr?: Float64Array;
  wi?: Float64Array;
  br?: Float64Array;
  bi?: Float64Array;
}

const plans = new Map<number, Plan>();

const twiddles = new Map<number, { c: Float64Array; s: Float64Array }>();

/** cos and sin of -2 pi k / n for k < n / 2, per power-of-two length. */
function twiddle(n: number): { c: Float64Array; s: Float64Array } {
  let t = twiddles.get(n);
  if (!t) {
    t = { c: new Float64Array(n >> 1), s: new Float64Array(n >> 1) };
    for (let k = 0; k < n >> 1; k++) {
      t.c[k] = Math.cos((-2 * Math.PI * k) / n);
      t.s[k] = Math.sin((-2 * Math.PI * k) / n);
    }
    twiddles.set(n, t);
  }
  return t;
}

function radix2(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i];
      re[i] = re[j];
      re[j] = tr;
      const ti = im[i];
      im[i] = im[j];
      im[j] = ti;
    }
  }
  const tw = twiddle(n);
  const sign = inverse ? -1 : 1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let k = 0; k < half; k++) {
      const cr = tw.c[k * step];
      const ci = sign * tw.s[k * step];
      for (let s = 0; s < n; s += len) {
        const a = s + k;
        const b = a + half;
        const tr = re[b] * cr - im[b] * ci;
        const ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

function plan(n: number): Plan {
  let p = plans.get(n);
  if (p) return p;
  p = { n };
  if (n & (n - 1)) {
    let m = 1;
    while (m < 2 * n - 1) m <<= 1;
    const wr = new Float64Array(n);
    const wi = new Float64Array(n);
    const br = new Float64Array(m);
    const bi = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      // k^2 mod 2n keeps the angle exact for large k.
      const a = (-Math.PI * ((k * k) % (2 * n))) / n;
      wr[k] = Math.cos(a);
      wi[k] = Math.sin(a);
      br[k] = wr[k];
      bi[k] = -wi[k];
      if (k) {
        br[m - k] = wr[k];
        bi[m - k] = -wi[k];
      }
    }
    radix2(br, bi, false);
    Object.assign(p, { m, wr, wi, br, bi });
  }
  plans.set(n, p);
  return p;
}

/** In-place DFT (inverse: with the 1/n factor) of one complex sequence of any length. */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (n <= 1) return;
  const p = plan(n);
  if (!p.m) {
    radix2(re, im, inverse);
  } else {
    // Bluestein: with w_t = exp(-i pi t^2 / n), jk = (j^2 + k^2 - (k-j)^2) / 2 gives
    // X_k = w_k sum_j (x_j w_j) conj(w_{k-j}), a convolution done with power-of-two FFTs.
    // The inverse transform is the conjugate of the forward transform of the conjugate.
    const { m, wr, wi, br, bi } = p as Required<Plan>;
    const ar = new Float64Array(m);
    const ai = new Float64Array(m);
    const s = inverse ? -1 : 1;
    for (let k = 0; k < n; k++) {
      const xr = re[k];
      const xi = s * im[k];
      ar[k] = xr * wr[k] - xi * wi[k];
      ai[k] = xr * wi[k] + xi * wr[k];
    }
    radix2(ar, ai, false);
    for (let k = 0; k < m; k++) {
      const r = ar[k] * br[k] - ai[k] * bi[k];
      ai[k] = ar[k] * bi[k] + ai[k] * br[k];
      ar[k] = r;
    }
    radix2(ar, ai, true);
    for (let k = 0; k < n; k++) {
      const cr = ar[k] / m;
      const ci = ai[k] / m;
      re[k] = cr * wr[k] - ci * wi[k];
      im[k] = s * (cr * wi[k] + ci * wr[k]);
    }
  }
  if (inverse) {
    for (let k = 0; k < n; k++) {
      re[k] /= n;
      im[k] /= n;
    }
  }
}

/** In-place 2-D DFT of an h x w complex image (row-major), rows then columns. */
export function fft2(re: Float64Array, im: Float64Array, h: number, w: number, inverse = false): void {
  const rr = new Float64Array(w);
  const ri = new Float64Array(w);
  for (let y = 0; y < h; y++) {
    rr.set(re.subarray(y * w, (y + 1) * w));
    ri.set(im.subarray(y * w, (y + 1) * w));
    fft(rr, ri, inverse);
    re.set(rr, y * w);
    im.set(ri, y * w);
  }
  const cr = new Float64Array(h);
  const ci = new Float64Array(h);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      cr[y] = re[y * w + x];
      ci[y] = im[y * w + x];
    }
    fft(cr, ci, inverse);
    for (let y = 0; y < h; y++) {
      re[y * w + x] = cr[y];
      im[y * w + x] = ci[y];
    }
  }
}
