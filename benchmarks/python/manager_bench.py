#!/usr/bin/env python3
"""Benchmark of Python's multiprocessing.Manager, the baseline managed-objects is compared with.

Usage: python3 manager_bench.py --out results/python.json [--quick] [--runs N]

Standard library only. Every metric is measured as several runs after one warm-up run; the JSON
reports the median run, the spread (min/max) and, for per-operation metrics, p50/p99 latency in
microseconds over a sample of the operations (every SAMPLE_EVERY-th op, timed with perf_counter_ns).
Managers use the default address family (a Unix socket on Linux) and, except for the bulk metrics,
the default start method (fork on Linux). The bulk metrics use a 'spawn' server so that its RSS is
its own and not the pages it would inherit from this (growing) benchmark process.
"""

import argparse
import json
import math
import multiprocessing
import os
import platform
import signal
import statistics
import sys
import time
from multiprocessing import resource_tracker
from multiprocessing.managers import BaseManager

SAMPLE_EVERY = 5
MAIN_PID = os.getpid()


class Pinger:
    """The custom registered class: one trivial method."""

    def ping(self):
        return 1


class PingManager(BaseManager):
    """A BaseManager subclass with Pinger registered (so BaseManager itself stays untouched)."""


PingManager.register("Pinger", Pinger)


def percentile(sorted_values, q):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def write_results(out, quick, results, **extra):
    """Writes a results file: this Python and machine, the transport, any extra fields, and the results."""
    doc = {
        "python": platform.python_version(),
        "quick": quick,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "start_method": multiprocessing.get_start_method(),
        "transport": "unix",
    }
    doc.update(extra)
    doc["results"] = results
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print("wrote " + out)


def timed_loop(op, n):
    """Runs op(i) for i in range(n); returns (elapsed seconds, sampled latencies in ns)."""
    pc = time.perf_counter_ns
    samples = []
    t0 = pc()
    for i in range(n):
        if i % SAMPLE_EVERY == 0:
            s = pc()
            op(i)
            samples.append(pc() - s)
        else:
            op(i)
    return (pc() - t0) / 1e9, samples


def summarize(values, unit, samples_ns=None, **extra):
    result = {
        "value": round(statistics.median(values), 6),
        "unit": unit,
        "min": round(min(values), 6),
        "max": round(max(values), 6),
    }
    if samples_ns:
        s = sorted(samples_ns)
        result["p50_us"] = round(percentile(s, 50) / 1000.0, 2)
        result["p99_us"] = round(percentile(s, 99) / 1000.0, 2)
        result["samples"] = len(s)
    result["runs"] = [round(v, 6) for v in values]
    result.update(extra)
    return result


def throughput(make_op, n, runs):
    """Warm-up run then `runs` runs of n ops; make_op() returns a fresh op for each run."""
    timed_loop(make_op(), n)
    rates, samples = [], []
    for _ in range(runs):
        elapsed, s = timed_loop(make_op(), n)
        rates.append(n / elapsed)
        samples.extend(s)
    return summarize(rates, "ops/s", samples, ops_per_run=n)


def single_client(manager, n, runs, log):
    results = {}
    d = manager.dict()
    d[1] = 0

    def put(i):
        d[1] = i

    def get(_i):
        return d[1]

    results["map.put"] = throughput(lambda: put, n, runs)
    log("map.put", results["map.put"])
    results["map.get"] = throughput(lambda: get, n, runs)
    log("map.get", results["map.get"])

    def list_op():
        lst = manager.list()  # a fresh list per run so it does not grow across runs
        return lst.append

    results["list.add"] = throughput(list_op, n, runs)
    log("list.add", results["list.add"])

    lock = manager.Lock()

    def lock_pair(_i):
        lock.acquire()
        lock.release()

    results["lock.pair"] = throughput(lambda: lock_pair, n, runs)
    log("lock.pair", results["lock.pair"])

    queue = manager.Queue()

    def queue_pair(i):
        queue.put(i)
        return queue.get()

    results["queue.pair"] = throughput(lambda: queue_pair, n, runs)
    log("queue.pair", results["queue.pair"])

    value = manager.Value("i", 0)

    def increment(_i):
        value.value += 1  # a get and a set: two round trips, NOT atomic across clients

    results["counter.increment"] = throughput(lambda: increment, n, runs)
    results["counter.increment"]["note"] = "value.value += 1 without a lock: get + set, two round trips, not atomic"
    log("counter.increment", results["counter.increment"])

    def create_release(_i):
        p = manager.dict()
        del p  # the proxy's finalizer sends the decref; the server drops the dict

    m = max(1, n // 10)
    results["proxy.create_release"] = throughput(lambda: create_release, m, runs)
    log("proxy.create_release", results["proxy.create_release"])
    return results


def custom_call(n, runs, log):
    with PingManager() as pm:
        pinger = pm.Pinger()
        result = throughput(lambda: (lambda _i: pinger.ping()), n, runs)
    log("custom.call", result)
    return result


def _put_worker(d, n, barrier, out):
    """One of the concurrent clients: n times d[1] = i after all clients are connected."""
    try:
        d[1] = 0  # connects this process's proxy outside the timed window
        barrier.wait(timeout=60)
        start = time.monotonic_ns()
        _, samples = timed_loop(lambda i: d.__setitem__(1, i), n)
        out.put(("ok", start, time.monotonic_ns(), samples))
    except BaseException as e:  # report, never hang the parent
        out.put(("error", repr(e)))


def concurrent_put(manager, clients, n, runs, log):
    ctx = multiprocessing.get_context()
    d = manager.dict()

    def one_run():
        barrier = ctx.Barrier(clients + 1)
        out = ctx.Queue()
        procs = [ctx.Process(target=_put_worker, args=(d, n, barrier, out), daemon=True) for _ in range(clients)]
        try:
            for p in procs:
                p.start()
            barrier.wait(timeout=60)
            reports = [out.get(timeout=600) for _ in procs]
            for p in procs:
                p.join(timeout=60)
        finally:
            for p in procs:
                if p.is_alive():
                    p.terminate()
                    p.join(timeout=5)
            out.close()
            out.join_thread()
        errors = [r[1] for r in reports if r[0] != "ok"]
        if errors:
            raise RuntimeError("client failed: " + "; ".join(errors))
        elapsed = (max(r[2] for r in reports) - min(r[1] for r in reports)) / 1e9
        return clients * n / elapsed, [x for r in reports for x in r[3]]

    one_run()
    rates, samples = [], []
    for _ in range(runs):
        rate, s = one_run()
        rates.append(rate)
        samples.extend(s)
    result = summarize(rates, "ops/s", samples, ops_per_run=clients * n, clients=clients)
    log("map.put.%dprocesses" % clients, result)
    return result


def start_to_first_call(runs, log):
    def one():
        t0 = time.perf_counter()
        m = multiprocessing.Manager()
        try:
            d = m.dict()
            d[1] = 1
            return time.perf_counter() - t0
        finally:
            m.shutdown()

    one()
    result = summarize([one() for _ in range(runs)], "s",
                       note="multiprocessing.Manager() (fork) + manager.dict() + one d[1] = 1")
    log("start_to_first_call", result)
    return result


def _append_first_call(items):
    items.append(time.time())


def children(runs, log):
    """A child process's start to its first completed call, and 50 children each appending to one list."""
    ctx = multiprocessing.get_context()
    results = {}
    with multiprocessing.Manager() as manager:
        first_calls = []
        for run in range(runs + 1):
            items = manager.list()
            started = time.time()
            p = ctx.Process(target=_append_first_call, args=(items,))
            p.start()
            p.join()
            if run > 0:
                first_calls.append(items[0] - started)
        results["child.start_to_first_call"] = summarize(first_calls, "s",
                                                         note="multiprocessing.Process (%s) + one list.append" % ctx.get_start_method())
        log("child.start_to_first_call", results["child.start_to_first_call"])
        # a forked process has no cold start to tell apart: the same figure stands next to our fresh-JVM row
        results["child.cold_start_to_first_call"] = dict(results["child.start_to_first_call"])
        fifty = []
        for run in range(min(runs, 3) + 1):
            items = manager.list()
            t0 = time.perf_counter()
            ps = [ctx.Process(target=_append_first_call, args=(items,)) for _ in range(50)]
            for p in ps:
                p.start()
            for p in ps:
                p.join()
            if len(items) != 50:
                raise RuntimeError("50 children appended %d items" % len(items))
            if run > 0:
                fifty.append(time.perf_counter() - t0)
        results["children.50.append"] = summarize(fifty, "s", note="50 multiprocessing.Process appending to one manager list")
        log("children.50.append", results["children.50.append"])
    return results


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS for pid %d" % pid)


def bulk(count, runs, log):
    ctx = multiprocessing.get_context("spawn")

    def one(n):
        with ctx.Manager() as m1:
            baseline = rss_mib(m1._process.pid)
            d = m1.dict()
            t0 = time.perf_counter()
            for i in range(n):
                d[i] = i
            one_at_a_time = time.perf_counter() - t0
            if len(d) != n:
                raise RuntimeError("expected %d entries, found %d" % (n, len(d)))
            rss = rss_mib(m1._process.pid)
        with ctx.Manager() as m2:  # started before `big` exists; spawn keeps it out of the server anyway
            d2 = m2.dict()
            big = {i: i for i in range(n)}
            t0 = time.perf_counter()
            d2.update(big)
            put_all = time.perf_counter() - t0
            if len(d2) != n:
                raise RuntimeError("expected %d entries, found %d" % (n, len(d2)))
            rss_put_all = rss_mib(m2._process.pid)
            del big
        return one_at_a_time, put_all, rss, rss_put_all, baseline

    one(max(1, count // 10))
    rows = [one(count) for _ in range(runs)]
    results = {
        "bulk.one_at_a_time": summarize([r[0] for r in rows], "s", count=count),
        "bulk.putAll": summarize([r[1] for r in rows], "s", count=count),
        "server.rss_after_bulk": summarize(
            [r[2] for r in rows], "MiB", count=count,
            after_putAll_mib=round(statistics.median(r[3] for r in rows), 1),
            baseline_mib=round(statistics.median(r[4] for r in rows), 1),
            note="VmRSS of a spawned manager server holding one dict of `count` int->int entries set one at a time; "
                 "after_putAll_mib: a second fresh server after one update(); baseline_mib: the idle server"),
    }
    for k, v in results.items():
        log(k, v)
    return results


def _on_sigterm(signum, _frame):
    if os.getpid() == MAIN_PID:
        raise SystemExit(128 + signum)  # unwinds through the `with`/`finally` blocks that shut managers down
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="results/python.json", help="the JSON file to write")
    parser.add_argument("--quick", action="store_true", help="2 runs with 1/10 of the counts")
    parser.add_argument("--runs", type=int, help="measured runs per metric (default 5, or 2 with --quick)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _on_sigterm)

    scale = 10 if args.quick else 1
    runs = args.runs or (2 if args.quick else 5)
    bulk_runs = args.runs or (2 if args.quick else 3)  # one full bulk run (1,000,000 sets) takes about 40-75 s here
    n = 20_000 // scale
    per_client = 10_000 // scale
    bulk_count = 1_000_000 // scale

    def log(name, r):
        extra = "  p50 %s us  p99 %s us" % (r["p50_us"], r["p99_us"]) if "p50_us" in r else ""
        print("%-22s %14.4f %-5s [%.4f .. %.4f]%s" % (name, r["value"], r["unit"], r["min"], r["max"], extra), flush=True)

    results = {}
    try:
        with multiprocessing.Manager() as manager:
            if not isinstance(manager.address, str):
                raise RuntimeError("expected a Unix socket manager, got address %r" % (manager.address,))
            results.update(single_client(manager, n, runs, log))
            results["map.put.4processes"] = concurrent_put(manager, 4, per_client, runs, log)
        results["custom.call"] = custom_call(n, runs, log)
        results["start_to_first_call"] = start_to_first_call(runs, log)
        results.update(children(runs, log))
        results.update(bulk(bulk_count, bulk_runs, log))
    finally:
        for child in multiprocessing.active_children():  # nothing should be left; make sure of it
            child.terminate()
            child.join(timeout=5)
        # the 'spawn' servers started a resource tracker; stop and reap it rather than leave it to exit after us
        stop_tracker = getattr(resource_tracker._resource_tracker, "_stop", None)
        if stop_tracker is not None:
            stop_tracker()

    order = ["map.put", "map.get", "list.add", "lock.pair", "queue.pair", "counter.increment", "custom.call",
             "map.put.4processes", "proxy.create_release", "start_to_first_call", "child.cold_start_to_first_call", "child.start_to_first_call",
             "children.50.append", "bulk.one_at_a_time",
             "bulk.putAll", "server.rss_after_bulk"]
    write_results(args.out, args.quick, {k: results[k] for k in order})
    return 0


if __name__ == "__main__":
    sys.exit(main())
