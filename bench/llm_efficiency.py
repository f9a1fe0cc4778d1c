"""Benchmark (a): how close a batch build comes to the ideal time against an endpoint of fixed latency.

ideal = LLM calls x latency / concurrency; efficiency = ideal / actual wall time. The fake endpoint
answers every section correctly (no repairs), after `--latency` seconds, in a process of its own.

    python3 -m bench.llm_efficiency [--pages 200] [--latency 0.2] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import itertools
import resource
import tempfile
import time
from pathlib import Path

from bench.fake_endpoint import fake_endpoint
from generator.build import BuildOptions, build_pages
from generator.facts import load_facts
from generator.llm import LLMConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=Path("facts"))
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=16)
    arguments = parser.parse_args()

    dataset = load_facts(arguments.facts)
    pairs = list(itertools.combinations(sorted(dataset.models), 2))[: arguments.pages]
    with fake_endpoint(arguments.latency) as base_url, tempfile.TemporaryDirectory() as out_dir:
        options = BuildOptions(out_dir=Path(out_dir), concurrency=arguments.concurrency)
        started, cpu_started = time.perf_counter(), time.process_time()
        report = build_pages(dataset, pairs, options, LLMConfig(base_url=base_url, model="bench"))
        actual, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        writer_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    ideal = report.llm_calls * arguments.latency / arguments.concurrency
    print(f"pages: {report.pages}, LLM calls: {report.llm_calls}, latency {arguments.latency * 1000:.0f} ms, concurrency {arguments.concurrency}")
    print(f"ideal {ideal:.2f} s, actual {actual:.2f} s ({actual / report.pages * 1000:.1f} ms/page)")
    print(f"CPU per page: {cpu / report.pages * 1000:.1f} ms in the build's process, {(writer_cpu.ru_utime + writer_cpu.ru_stime) / report.pages * 1000:.1f} ms in its page writer and the fake endpoint")
    print(f"efficiency: {ideal / actual:.3f}")


if __name__ == "__main__":
    main()
