#!/usr/bin/env python3
"""Benchmark of Python's multiprocessing Manager().Pool(2), the baseline of PoolThroughput.

Usage: python3 pool_bench.py --out results/python-pool.json [--quick]

Standard library only (with manager_bench.py's helpers). One manager (the default address family: a Unix socket on Linux) runs a pool of
2 worker processes. After a warm-up map of 2,000 items, pool.map(empty, range(N)) is timed several times
(N = 20,000 in 5 runs, or 5,000 in 2 runs with --quick; map's default chunksize); then 200 single
pool.apply(empty, (i,)) round trips, after a warm-up. The JSON has the same fields as PoolThroughput's
pool.json: per metric the median ("value"), the spread (min/max; the best map run is its max) and, for
apply, p50/p99 in microseconds.
"""

import argparse
import multiprocessing
import sys
import time

from manager_bench import summarize, write_results

PROCESSES = 2
WARM_UP_ITEMS = 2_000
APPLY_CALLS = 200


def empty(item):
    """The task: returns its item (top level, so that the workers can unpickle it by name)."""
    return item


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
    results = {
        "pool.map": summarize(rates, "ops/s", count=n,
                              note="Manager().Pool(%d).map(empty, range(%d)), default chunksize" % (PROCESSES, n)),
        "pool.map.chunksize1": summarize(single_rates, "ops/s", count=n,
                                         note="Manager().Pool(%d).map(empty, range(%d), chunksize=1)" % (PROCESSES, n)),
        "pool.apply": summarize([ns / 1e9 for ns in latencies], "s", samples_ns=latencies, count=APPLY_CALLS,
                                note="one pool.apply(empty, (i,)) round trip"),
    }
    for name, r in results.items():
        print("%-10s %14.6f %-5s [%.6f .. %.6f]" % (name, r["value"], r["unit"], r["min"], r["max"]), flush=True)
    write_results(args.out, args.quick, results, processes=PROCESSES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
