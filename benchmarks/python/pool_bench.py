#!/usr/bin/env python3
"""Benchmark of Python's multiprocessing Manager().Pool(2), the baseline of PoolThroughput.

Usage: python3 pool_bench.py --out results/python-pool.json [--quick]

Standard library only. One manager (the default address family: a Unix socket on Linux) runs a pool of
2 worker processes. After a warm-up map of 2,000 items, pool.map(empty, range(N)) is timed several times
(N = 20,000 in 5 runs, or 5,000 in 2 runs with --quick; map's default chunksize); then 200 single
pool.apply(empty, (i,)) round trips, after a warm-up. The JSON has the same fields as PoolThroughput's
pool.json: per metric the median ("value"), the spread (min/max; the best map run is its max) and, for
apply, p50/p99 in microseconds.
"""

import argparse
import json
import math
import multiprocessing
import os
import platform
import statistics
import sys
import time

PROCESSES = 2
WARM_UP_ITEMS = 2_000
APPLY_CALLS = 200


def empty(item):
    """The task: returns its item (top level, so that the workers can unpickle it by name)."""
    return item


def percentile(sorted_values, q):
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, math.ceil(q / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarize(values, unit, **extra):
    result = {
        "value": round(statistics.median(values), 6),
        "unit": unit,
        "min": round(min(values), 6),
        "max": round(max(values), 6),
    }
    result.update(extra)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="results/python-pool.json", help="the JSON file to write")
    parser.add_argument("--quick", action="store_true", help="2 runs of 5,000 items")
    args = parser.parse_args(argv)
    n = 5_000 if args.quick else 20_000
    runs = 2 if args.quick else 5

    with multiprocessing.Manager() as manager:
        pool = manager.Pool(PROCESSES)
        try:
            pool.map(empty, range(WARM_UP_ITEMS))
            rates = []
            single_rates = []
            for _ in range(runs):
                t0 = time.perf_counter()
                out = pool.map(empty, range(n))
                rates.append(n / (time.perf_counter() - t0))
                if len(out) != n:
                    raise RuntimeError("expected %d results, got %d" % (n, len(out)))
                t0 = time.perf_counter()
                out = pool.map(empty, range(n), 1)
                single_rates.append(n / (time.perf_counter() - t0))
                if len(out) != n:
                    raise RuntimeError("expected %d results, got %d" % (n, len(out)))
            for i in range(APPLY_CALLS // 10):
                pool.apply(empty, (i,))
            latencies = []
            for i in range(APPLY_CALLS):
                t0 = time.perf_counter_ns()
                pool.apply(empty, (i,))
                latencies.append(time.perf_counter_ns() - t0)
        finally:
            pool.terminate()
    ordered = sorted(latencies)
    results = {
        "pool.map": summarize(rates, "ops/s", count=n, runs=[round(r, 1) for r in rates],
                              note="Manager().Pool(%d).map(empty, range(%d)), default chunksize" % (PROCESSES, n)),
        "pool.map.chunksize1": summarize(single_rates, "ops/s", count=n, runs=[round(r, 1) for r in single_rates],
                                         note="Manager().Pool(%d).map(empty, range(%d), chunksize=1)" % (PROCESSES, n)),
        "pool.apply": summarize([ns / 1e9 for ns in latencies], "s", count=APPLY_CALLS,
                                p50_us=round(percentile(ordered, 50) / 1000.0, 2),
                                p99_us=round(percentile(ordered, 99) / 1000.0, 2),
                                note="one pool.apply(empty, (i,)) round trip"),
    }
    for name, r in results.items():
        print("%-10s %14.6f %-5s [%.6f .. %.6f]" % (name, r["value"], r["unit"], r["min"], r["max"]), flush=True)
    doc = {
        "python": platform.python_version(),
        "quick": args.quick,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "start_method": multiprocessing.get_start_method(),
        "transport": "unix",
        "processes": PROCESSES,
        "results": results,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print("wrote " + args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
