# numpy.fft.fft2 (pocketfft, a well-tuned CPU FFT) on the same complex images as bench/fft.mjs:
# median seconds of repeated runs after warm-up, complex64 input as fusegpu stores it.
import json, sys, time
import numpy as np
runs = int(sys.argv[1])
out = {}
for h, w in json.loads(sys.argv[2]):
    rng = np.random.default_rng(1)
    x = (rng.random((h, w)) + 1j * rng.random((h, w))).astype(np.complex64)
    for _ in range(3):
        np.fft.fft2(x)
    t = []
    for _ in range(runs):
        t0 = time.perf_counter(); np.fft.fft2(x); t.append(time.perf_counter() - t0)
    out[f"{w}x{h}"] = sorted(t)[len(t) // 2] * 1000
print(json.dumps({"numpy": np.__version__, "ms": out}))
