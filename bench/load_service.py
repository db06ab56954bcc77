"""Load test of the HTTP service on loopback, with the single-process baseline measured in the
same run, and (``--dask``) Dask audit throughput per worker.

    python bench/load_service.py                      # HTTP: baseline, 1 worker, 2 workers
    python bench/load_service.py --dask               # also Dask: 1 and 2 worker processes
    python bench/load_service.py --requests 600 --concurrency 8 --json out.json

What it measures, and why this way:

* **Baseline**: ``Checker.check`` called in a loop in this process on the same messages: what one
  core can do with no HTTP at all. Every other figure is reported as a ratio to it.
* **Service**: ``python -m tonecheck.service`` started on a free 127.0.0.1 port with 1, then 2
  uvicorn workers; client threads (``--concurrency``) each keep one HTTP connection and post the
  messages round-robin to ``/v1/check``. Latency is per request, seen by the client; requests/s is
  completed requests over wall time. Each run is bounded by ``--requests`` and ``--seconds``.
* **Dask** (``--dask``): ``tonecheck.integrations.dask.audit`` on a ``LocalCluster`` with 1, then 2 worker
  processes (1 thread each), after a warm-up that builds each worker's Checker, so the figure is
  steady-state throughput, comparable to the single-process ``audit_frame``.

The load generator runs on the same 2 cores as the server, so absolute figures are a floor for
what a dedicated machine would do; ratios within one run are the meaningful part.
Only loopback addresses are used; every loop stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from tests.support.service import running_server, synthetic_messages  # noqa: E402

from tonecheck import Checker  # noqa: E402
from tonecheck.config import Config  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile; fine for the few thousand samples a run takes."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary(latencies: list[float], wall: float) -> dict[str, float]:
    return {
        "requests": len(latencies),
        "seconds": round(wall, 2),
        "per_second": round(len(latencies) / wall, 1) if wall else float("nan"),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else float("nan"),
    }


def baseline(messages: list[dict[str, str]], count: int, seconds: float) -> dict[str, float]:
    checker = Checker(Config())
    for item in messages[:20]:  # warm caches the way a server's first requests would
        checker.check(item["text"], channel=item["channel"])
    latencies: list[float] = []
    start = time.perf_counter()
    cpu_start = time.process_time()
    deadline = start + seconds
    for i in range(count):
        item = messages[i % len(messages)]
        t0 = time.perf_counter()
        checker.check(item["text"], channel=item["channel"])
        latencies.append(time.perf_counter() - t0)
        if time.perf_counter() > deadline:
            break
    result = summary(latencies, time.perf_counter() - start)
    result["cpu_ms_per_message"] = round(
        (time.process_time() - cpu_start) / len(latencies) * 1000, 2
    )
    return result


def server_cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by the server and its worker processes (None without psutil).

    Wall-clock figures on a shared 2-core machine move with whatever else runs; CPU seconds per
    request do not, so they show the service's own overhead over a bare check."""
    try:
        import psutil
    except ImportError:
        return None
    try:
        root = psutil.Process(pid)
        total = 0.0
        for proc in [root, *root.children(recursive=True)]:
            times = proc.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return None


def load(
    url: str,
    messages: list[dict[str, str]],
    count: int,
    seconds: float,
    concurrency: int,
    warmup: int,
    pid: int,
) -> dict[str, float]:
    payloads = [
        {
            "text": m["text"],
            "channel": m["channel"],
            "stage": None,
            "context": None,
            "template": False,
        }
        for m in messages
    ]
    with httpx.Client(base_url=url, timeout=60.0) as warm:
        for i in range(max(0, warmup)):
            warm.post("/v1/check", json=payloads[i % len(payloads)]).raise_for_status()

    counter = iter(range(count))
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[int] = []
    cpu_start = server_cpu_seconds(pid)
    start = time.perf_counter()
    deadline = start + seconds

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=60.0) as client:
            while time.perf_counter() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                response = client.post("/v1/check", json=payloads[i % len(payloads)])
                elapsed = time.perf_counter() - t0
                with lock:
                    (
                        latencies.append(elapsed)
                        if response.status_code == 200
                        else failures.append(response.status_code)
                    )

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    result = summary(latencies, time.perf_counter() - start)
    cpu_end = server_cpu_seconds(pid)
    if cpu_start is not None and cpu_end is not None and latencies:
        result["server_cpu_ms_per_request"] = round(
            (cpu_end - cpu_start) / len(latencies) * 1000, 2
        )
    result["failures"] = len(failures)
    result["concurrency"] = concurrency
    return result


def dask_throughput(
    messages: list[dict[str, str]], workers_list: list[int], count: int
) -> dict[str, Any]:
    import dask.dataframe as dd
    import distributed
    import pandas as pd

    import tonecheck.integrations.dask as tdask

    frame = pd.DataFrame((messages * (count // len(messages) + 1))[:count])
    config = Config()
    tdask.audit_frame(frame.iloc[:20], id_column="id", channel_column="channel", config=config)
    start = time.perf_counter()
    cpu_start = time.process_time()
    tdask.audit_frame(frame, id_column="id", channel_column="channel", config=config)
    single = count / (time.perf_counter() - start)
    single_cpu = (time.process_time() - cpu_start) / count
    out: dict[str, Any] = {
        "messages": count,
        "single_process_per_second": round(single, 1),
        "single_process_cpu_ms_per_message": round(single_cpu * 1000, 2),
    }
    for n in workers_list:
        with (
            distributed.LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=40,
            ) as cluster,
            distributed.Client(cluster, set_as_default=False) as client,
        ):
            warm = dd.from_pandas(frame.iloc[: 4 * n], npartitions=2 * n)
            client.compute(
                tdask.audit(warm, id_column="id", channel_column="channel", config=config)
            ).result()
            ddf = dd.from_pandas(frame, npartitions=8 * n)
            cpu_before = client.run(time.process_time)
            start = time.perf_counter()
            client.compute(
                tdask.audit(ddf, id_column="id", channel_column="channel", config=config)
            ).result()
            rate = count / (time.perf_counter() - start)
            cpu_after = client.run(time.process_time)
            worker_cpu = sum(cpu_after[w] - cpu_before[w] for w in cpu_after) / count
        out[f"workers_{n}"] = {
            "worker_cpu_ms_per_message": round(worker_cpu * 1000, 2),
            "cpu_vs_single_process": round(worker_cpu / single_cpu, 2),
            "per_second": round(rate, 1),
            "per_worker_per_second": round(rate / n, 1),
            "per_worker_vs_single_process": round(rate / n / single, 2),
            "total_vs_single_process": round(rate / single, 2),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=800, help="requests per server run (cap)")
    parser.add_argument("--seconds", type=float, default=40.0, help="time cap per run")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument(
        "--single-requests",
        type=int,
        default=200,
        help="requests sent one at a time before the concurrent run (hook latency)",
    )
    parser.add_argument("--workers", default="1,2", help="uvicorn worker counts to try")
    parser.add_argument("--messages", type=int, default=300, help="distinct messages to cycle")
    parser.add_argument("--dask", action="store_true", help="also measure Dask audit throughput")
    parser.add_argument("--dask-messages", type=int, default=2000)
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.seconds <= 0 or args.concurrency < 1:
        parser.error("--requests, --seconds and --concurrency must be positive")

    messages = synthetic_messages(args.messages, seed=99)
    words = statistics.fmean(len(m["text"].split()) for m in messages)
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()[0]},
        "messages": {"distinct": len(messages), "mean_words": round(words, 1)},
    }
    results["baseline"] = baseline(messages, args.requests, args.seconds)
    print(f"baseline  Checker.check   {fmt(results['baseline'])}", flush=True)
    log_dir = Path(os.environ.get("TMPDIR", "/tmp")) / "tonecheck-bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    for n in [int(w) for w in args.workers.split(",") if w.strip()]:
        with running_server(log_dir, workers=n) as server:
            # One client at a time first: the latency a pre-send hook sees.
            single = load(
                server.url,
                messages,
                args.single_requests,
                args.seconds,
                1,
                warmup=10 * n,
                pid=server.process.pid,
            )
            figures = load(
                server.url,
                messages,
                args.requests,
                args.seconds,
                args.concurrency,
                warmup=0,
                pid=server.process.pid,
            )
        figures["vs_baseline"] = round(figures["per_second"] / results["baseline"]["per_second"], 2)
        results[f"http_workers_{n}_sequential"] = single
        results[f"http_workers_{n}"] = figures
        print(f"http      workers={n} c=1   {fmt(single)}", flush=True)
        print(
            f"http      workers={n} c={args.concurrency}   {fmt(figures)}  "
            f"x{figures['vs_baseline']} of baseline",
            flush=True,
        )
    if args.dask:
        results["dask"] = dask_throughput(messages, [1, 2], args.dask_messages)
        print("dask     ", json.dumps(results["dask"]), flush=True)
    results["machine"]["load_average_at_end"] = os.getloadavg()[0]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


def fmt(figures: dict[str, float]) -> str:
    cpu = figures.get("cpu_ms_per_message", figures.get("server_cpu_ms_per_request"))
    return (
        f"{figures['per_second']:>7.1f}/s  p50 {figures['p50_ms']:>7.2f} ms  "
        f"p99 {figures['p99_ms']:>7.2f} ms  cpu {cpu} ms/msg  n={figures['requests']}"
    )


if __name__ == "__main__":
    sys.exit(main())
