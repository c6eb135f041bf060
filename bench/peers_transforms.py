# The jobs of bench/transforms.mjs done by the libraries users would otherwise call, on the
# same float32 images (read from the .npy files the bench writes), served one run per request
# (peer_serve.py). Needs Debian's python3-pywt, python3-opencv, python3-scipy; a job whose
# library is missing is left out.
import json, sys
import numpy as np
from peer_serve import serve

pairs = json.loads(sys.argv[1])  # {"640x512": ["ir.npy", "vis.npy"], ...}
versions = {}
jobs = {}
try:
    import pywt
    versions["pywt"] = pywt.__version__
    def dwt_fusion(a, b):
        ca, cb = pywt.wavedec2(a, 'db2', mode='symmetric', level=3), pywt.wavedec2(b, 'db2', mode='symmetric', level=3)
        f = [(ca[0] + cb[0]) / 2] + [tuple(np.where(np.abs(x) >= np.abs(y), x, y) for x, y in zip(da, db)) for da, db in zip(ca[1:], cb[1:])]
        return pywt.waverec2(f, 'db2', mode='symmetric')
    def swt_fusion(a, b):
        ca, cb = pywt.swt2(a, 'db2', level=3, trim_approx=True), pywt.swt2(b, 'db2', level=3, trim_approx=True)
        f = [(ca[0] + cb[0]) / 2] + [tuple(np.where(np.abs(x) >= np.abs(y), x, y) for x, y in zip(da, db)) for da, db in zip(ca[1:], cb[1:])]
        return pywt.iswt2(f, 'db2')
    jobs["dwt fusion (db2, 3 levels, max-abs)"] = ("pywt", dwt_fusion)
    jobs["swt fusion (db2, 3 levels, max-abs)"] = ("pywt", swt_fusion)
except ImportError:
    pass
try:
    import scipy, scipy.fft
    versions["scipy"] = scipy.__version__
    def dct_fusion(a, b):
        h, w = a.shape
        def tiles(x):
            return x.reshape(h // 8, 8, w // 8, 8).transpose(0, 2, 1, 3)
        ta, tb = scipy.fft.dctn(tiles(a), axes=(2, 3), norm='ortho'), scipy.fft.dctn(tiles(b), axes=(2, 3), norm='ortho')
        ea, eb = (ta ** 2).sum((2, 3)) - ta[..., 0, 0] ** 2, (tb ** 2).sum((2, 3)) - tb[..., 0, 0] ** 2
        f = np.where((ea >= eb)[..., None, None], ta, tb)
        return scipy.fft.idctn(f, axes=(2, 3), norm='ortho').transpose(0, 2, 1, 3).reshape(h, w)
    jobs["dct fusion (8x8, variance)"] = ("scipy", dct_fusion)
except ImportError:
    pass
try:
    import cv2
    versions["opencv"] = cv2.__version__
    jobs["bilateral filter (d 9, one image)"] = ("opencv", lambda a, b: cv2.bilateralFilter(a, 9, 0.1, 2.0))
    if hasattr(cv2, "ximgproc"):
        jobs["guided filter (r 8, eps 0.01, one image)"] = ("opencv-contrib", lambda a, b: cv2.ximgproc.guidedFilter(b, a, 8, 0.01))
except ImportError:
    pass

served, libs = {}, {name: lib for name, (lib, _) in jobs.items()}
for size, (fa, fb) in pairs.items():
    a, b = np.load(fa).squeeze().astype(np.float32), np.load(fb).squeeze().astype(np.float32)
    for name, (lib, fn) in jobs.items():
        if "dct" in name and (a.shape[0] % 8 or a.shape[1] % 8):
            continue
        served.setdefault(name, {})[size] = (lambda fn, a, b: lambda: fn(a, b))(fn, a, b)
serve(versions, served, libs)
