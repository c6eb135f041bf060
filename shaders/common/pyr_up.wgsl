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

// The same rule for a 2x2 block of outputs (rows 2 by, 2 by + 1; columns 2 bx, 2 bx + 1): all
// four read one 3x3 coarse neighbourhood, so a block costs 9 loads per plane instead of 36.
// Rows r and columns c of the neighbourhood (m - 1, m, m + 1 with the border rule above). A
// block past the last coarse index (an odd dstsize 2n + 1) reuses the last one: its even row
// is row 2n - 2 (the even row of m = n - 1), its even column is column 2n - 1 (the odd column
// of m = n - 1), so `evenColIsOdd` is set.
struct UpBlock { r: vec3<u32>, c: vec3<u32>, evenColIsOdd: bool }

fn upBlock(bx: u32, by: u32, cw: u32, ch: u32) -> UpBlock {
  let lx = cw - 1u;
  let ly = ch - 1u;
  let mx = min(bx, lx);
  let my = min(by, ly);
  let r = vec3<u32>(select(min(1u, ly), my - 1u, my > 0u), my, min(my + 1u, ly));
  let c = vec3<u32>(select(min(1u, lx), mx - 1u, mx > 0u), mx, min(mx + 1u, lx));
  return UpBlock(r, c, bx > lx);
}

// The four outputs (even row: x = even column, y = odd column; odd row: z, w) from the
// neighbourhood's rows t (m - 1), m (m) and b (m + 1), each (c - 1, c, c + 1); the weights in
// upTaps' order (an odd tap's third weight is 0 and adds nothing).
fn upQuad(t: vec3<f32>, m: vec3<f32>, b: vec3<f32>, evenColIsOdd: bool) -> vec4<f32> {
  let oddT = 0.5 * t.y + 0.5 * t.z;
  let oddM = 0.5 * m.y + 0.5 * m.z;
  let oddB = 0.5 * b.y + 0.5 * b.z;
  let evenT = select(0.125 * t.x + 0.75 * t.y + 0.125 * t.z, oddT, evenColIsOdd);
  let evenM = select(0.125 * m.x + 0.75 * m.y + 0.125 * m.z, oddM, evenColIsOdd);
  let evenB = select(0.125 * b.x + 0.75 * b.y + 0.125 * b.z, oddB, evenColIsOdd);
  return vec4<f32>(0.125 * evenT + 0.75 * evenM + 0.125 * evenB, 0.125 * oddT + 0.75 * oddM + 0.125 * oddB,
                   0.5 * evenM + 0.5 * evenB, 0.5 * oddM + 0.5 * oddB);
}
