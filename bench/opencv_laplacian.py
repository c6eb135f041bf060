# OpenCV's 5-level Laplacian fusion of the pair saved by laplacian.mjs (max-abs bands, mean
# low-pass; colour fused on Y of YCrCb), served one run per request (peer_serve.py).
import sys
import numpy as np, cv2
from peer_serve import serve

d = sys.argv[1]
ir = np.load(d + '/ir.npy').astype(np.float32)
vis = np.load(d + '/vis.npy').astype(np.float32)

def lap(x, n):
    g = [x]
    for _ in range(n - 1):
        g.append(cv2.pyrDown(g[-1]))
    return [g[k] - cv2.pyrUp(g[k + 1], dstsize=(g[k].shape[1], g[k].shape[0])) for k in range(n - 1)] + [g[-1]]

def fuse(a, b, n=5):
    la, lb = lap(a, n), lap(b, n)
    f = [np.where(np.abs(x) >= np.abs(y), x, y) for x, y in zip(la[:-1], lb[:-1])] + [(la[-1] + lb[-1]) * 0.5]
    out = f[-1]
    for k in range(n - 2, -1, -1):
        out = f[k] + cv2.pyrUp(out, dstsize=(f[k].shape[1], f[k].shape[0]))
    return out

def colour():
    ycc = cv2.cvtColor(np.ascontiguousarray(vis.transpose(1, 2, 0)), cv2.COLOR_RGB2YCrCb)
    ycc[:, :, 0] = fuse(ir, np.ascontiguousarray(ycc[:, :, 0]))
    return cv2.cvtColor(ycc, cv2.COLOR_YCrCb2RGB)

size = f"{ir.shape[-1]}x{ir.shape[-2]}"
serve({"opencv": cv2.__version__}, {"grey": {size: lambda: fuse(ir, vis[0])}, "colour": {size: colour}})
