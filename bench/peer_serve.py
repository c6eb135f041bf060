# The line protocol of bench/peer.mjs, shared by the peer scripts: the script registers its jobs
# ({name: {size: fn}}, and optionally which library runs each); this prints one ready line
# (versions, the jobs and their sizes, the libraries), then for
# each request line {"job", "size"} on stdin runs that job once and answers {"ms"}. One run
# per request lets the bench interleave the peer's runs with its own, so both see the same
# load on a shared machine (a median over a separate block of runs did not: this host's
# contention changes within a minute).
import json, sys, time


def serve(versions, jobs, libs=None):
    ready = {"versions": versions, "jobs": {name: sorted(sizes) for name, sizes in jobs.items()}, "libs": libs or {}}
    print(json.dumps(ready), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        fn = jobs.get(req["job"], {}).get(req["size"])
        if fn is None:
            print(json.dumps({"error": f"no peer job {req['job']!r} at {req['size']}"}), flush=True)
            continue
        t0 = time.perf_counter()
        fn()
        print(json.dumps({"ms": (time.perf_counter() - t0) * 1000}), flush=True)
