"""Benchmark (a): how close a batch build comes to the ideal time against an endpoint of fixed latency.

ideal = LLM calls x latency / concurrency; efficiency = ideal / actual wall time. The fake endpoint
answers every section correctly (no repairs), after `--latency` seconds, in a process of its own.
The same build runs `--repeat` + 1 times, each into an empty directory (so the cache serves
nothing): the first pays the process's one-time start-up (the HTTP stack's imports, the TLS
context, the worker processes' fork); the headline is the median of the others. The machine is shared
and noisy: read a single run with care.

    python3 -m bench.llm_efficiency [--pages 200] [--latency 0.2] [--concurrency 16] [--repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench.fake_endpoint import fake_endpoint
from generator.build import BuildOptions, build_pages
from generator.facts import load_facts
from generator.llm import LLMConfig


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(dataset, pairs, arguments, base_url: str) -> float:
    """One build into an empty directory; prints its figures and returns its efficiency."""
    with tempfile.TemporaryDirectory() as out_dir:
        options = BuildOptions(out_dir=Path(out_dir), concurrency=arguments.concurrency)
        started, cpu_started, workers_started = time.perf_counter(), time.process_time(), children_cpu()
        report = build_pages(dataset, pairs, options, LLMConfig(base_url=base_url, model="bench"))
        actual, cpu, workers_cpu = (
            time.perf_counter() - started,
            time.process_time() - cpu_started,
            children_cpu() - workers_started,
        )
    ideal = report.llm_calls * arguments.latency / arguments.concurrency
    print(
        f"  {report.pages} pages, {report.llm_calls} LLM calls: ideal {ideal:.2f} s, actual {actual:.2f} s ({actual / report.pages * 1000:.1f} ms/page); "
        f"CPU per page {cpu / report.pages * 1000:.1f} ms in the build's process, {workers_cpu / report.pages * 1000:.1f} ms in its worker processes; "
        f"efficiency {ideal / actual:.3f}"
    )
    return ideal / actual


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=Path("facts"))
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after the first (cold) one")
    arguments = parser.parse_args()

    dataset = load_facts(arguments.facts)
    pairs = list(itertools.combinations(sorted(dataset.models), 2))[: arguments.pages]
    print(
        f"{len(pairs)} pages against a fake endpoint of {arguments.latency * 1000:.0f} ms latency at concurrency {arguments.concurrency}"
    )
    with fake_endpoint(arguments.latency) as base_url:
        print("cold run (one-time start-up included):")
        cold = timed_build(dataset, pairs, arguments, base_url)
        print(f"warm runs ({arguments.repeat}):")
        warm = [timed_build(dataset, pairs, arguments, base_url) for _ in range(arguments.repeat)]
    print(f"efficiency (cold): {cold:.3f}")
    if warm:
        print(f"efficiency (median of warm runs): {statistics.median(warm):.3f}")


if __name__ == "__main__":
    main()
