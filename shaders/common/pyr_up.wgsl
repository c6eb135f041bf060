// Taps of OpenCV's pyrUp along one axis, for output index o of a source of length n.
// pyrUp is the 5-tap [1 4 6 4 1]/8 filter over the zero-inserted signal of length 2n
// with reflect-101, which reduces to: even output 2m -> (s[m-1] + 6 s[m] + s[m+1]) / 8,
// odd 2m+1 -> (s[m] + s[m+1]) / 2, with s[-1] = s[1] and s[n] = s[n-1]. Outputs past
// 2n (an odd dstsize) copy OpenCV: row 2h equals row 2h-2, column 2w equals column 2w-1.
// src/reference/pyramid.ts holds the same rule.
struct UpTaps { i0: u32, i1: u32, i2: u32, w0: f32, w1: f32, w2: f32 }

fn upTaps(o: i32, n: i32, isRow: bool) -> UpTaps {
  var i = o;
  if (i >= 2 * n) { i = select(2 * n - 1, 2 * n - 2, isRow); }
  let m = i / 2;
  let last = n - 1;
  if ((i & 1) == 0) {
    return UpTaps(u32(select(min(1, last), m - 1, m > 0)), u32(m), u32(min(m + 1, last)), 0.125, 0.75, 0.125);
  }
  return UpTaps(u32(m), u32(min(m + 1, last)), u32(m), 0.5, 0.5, 0.0);
}
