"""Benchmark: how fast the validator reads a built page, and how well it catches mutations.

Builds the deterministic page.md of every pair in the facts' pairs.yaml (or the first --limit pairs
of all models), then times, on one core, building a pair's Validator apart from validating the
whole page with it (a fresh Validator for each of --repeat runs; the median is kept). Prints
validated words per second and milliseconds per page, where those go by stage (the prose-quality gate,
each checker, and the rest: scanning, tables, the report), then the recall and false-flag rate of the
mutation corpus of tests/test_validation.py, of each claim family of tests/validation_corpus.py
(its main part and its held-out part apart), and of the hand-written paraphrases by family.

    python3 -m bench.validate_speed [--facts facts] [--all] [--limit N] [--repeat 20]
"""

from __future__ import annotations

import argparse
import collections
import itertools
import statistics
import time
from pathlib import Path

from generator.author import deterministic_section
from generator.comparison import compare
from generator.facts import load_facts
from generator.page import assemble, render_markdown
from generator.validation import Validator
from tests.validation_cases import corpus_cases, generated_cases, score_corpus
from tests.validation_corpus import FAMILIES, corpus, score
from tests.validation_paraphrases import PARAPHRASES


class TimedChecker:
    """A registered checker that adds the wall time it spends to a tally (perf_counter: the CPU clock
    costs ~2 µs a call, and a page makes ~2,300 checker calls)."""

    def __init__(self, checker, tally: dict[str, float]):
        self.checker, self.tally = checker, tally
        self.kind, self.cells, self.name = checker.kind, checker.cells, type(checker).__name__

    def check(self, validator, scan, region) -> None:
        started = time.perf_counter()
        self.checker.check(validator, scan, region)
        self.tally[self.name] += time.perf_counter() - started


def stages(comparison, page: str, repeat: int) -> dict[str, float]:
    """Milliseconds of one page's validation by stage, each the least of `repeat` runs (a wall clock
    counts other processes' turns; the least run is the one they interrupted least)."""
    runs = []
    for _ in range(repeat):
        tally: dict[str, float] = collections.defaultdict(float)
        validator = Validator(comparison)
        validator.checkers = [TimedChecker(checker, tally) for checker in validator.checkers]
        # The gate is built first, so its construction is timed apart from the page's reading.
        started = time.perf_counter()
        gate = validator.gate
        tally["gate construction"] = time.perf_counter() - started
        started = time.perf_counter()
        validator.validate_markdown(page)
        total = time.perf_counter() - started
        started = time.perf_counter()
        gate.check_markdown(page)
        tally["gate reading (deep dive, FAQ)"] = time.perf_counter() - started
        checked = sum(value for name, value in tally.items() if not name.startswith("gate"))
        tally["rest (scan, tables, report)"] = total - checked - tally["gate reading (deep dive, FAQ)"]
        runs.append(tally)
    return {name: min(run[name] for run in runs) * 1000 for name in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=Path("facts"))
    parser.add_argument("--all", action="store_true", help="Every pair of models, not only pairs.yaml.")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N pairs.")
    parser.add_argument("--repeat", type=int, default=20, help="Validations per page (the median is kept).")
    arguments = parser.parse_args()

    dataset = load_facts(arguments.facts)
    pairs = list(itertools.combinations(sorted(dataset.models), 2)) if arguments.all else list(dataset.pairs)
    pairs = pairs[: arguments.limit]
    construct_ms, validate_ms, cpu_ms, words = [], [], [], 0
    by_stage: dict[str, list[float]] = collections.defaultdict(list)
    for a, b in pairs:
        comparison = compare(dataset, a, b)
        page = render_markdown(
            assemble(
                comparison, {section: deterministic_section(section, comparison) for section in ("deep_dive", "faq")}
            )
        )
        constructions, timings, cpu = [], [], []
        # A fresh Validator each time: a page is validated once, so no lookup it caches may carry over.
        for _ in range(arguments.repeat):
            started = time.perf_counter()
            validator = Validator(comparison)
            constructions.append((time.perf_counter() - started) * 1000)
            started, started_cpu = time.perf_counter(), time.thread_time()
            report = validator.validate_markdown(page)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
        for stage, milliseconds in stages(comparison, page, arguments.repeat).items():
            by_stage[stage].append(milliseconds)
        construct_ms.append(statistics.median(constructions))
        validate_ms.append(statistics.median(timings))
        cpu_ms.append(statistics.median(cpu))
        words += report.words

    total_seconds = sum(validate_ms) / 1000
    print(f"pages: {len(pairs)} from {arguments.facts} ({words / len(pairs):.0f} words a page on average)")
    print(
        f"Validator construction: {statistics.mean(construct_ms):.2f} ms a pair (median {statistics.median(construct_ms):.2f})"
    )
    print(
        f"validate_markdown: {statistics.mean(validate_ms):.2f} ms a page (median {statistics.median(validate_ms):.2f}, max {max(validate_ms):.2f})"
    )
    # CPU time of this thread: on a shared machine wall time counts other processes' turns too.
    print(
        f"validate_markdown CPU time: {statistics.mean(cpu_ms):.2f} ms a page (median {statistics.median(cpu_ms):.2f}, max {max(cpu_ms):.2f})"
    )
    print(f"validated words per second: {words / total_seconds:,.0f}")
    print(f"construction + validation: {statistics.mean(construct_ms) + statistics.mean(validate_ms):.2f} ms a page")
    print("by stage (wall time, least of the runs, mean over pages; the gate is read once more to time it apart):")
    for stage, milliseconds in sorted(by_stage.items(), key=lambda item: -statistics.mean(item[1])):
        print(f"  {stage:<32} {statistics.mean(milliseconds):6.2f} ms a page")

    scores = score_corpus(corpus_cases() + generated_cases())
    print(
        f"mutation corpus: {scores['sentences']} correct sentences, {scores['mutations']} mutations: "
        f"recall {scores['recall']:.1%}, false-flag rate {scores['false_flag_rate']:.1%}"
    )
    cases = corpus()
    pairs = {case.pair for case in cases}
    print(f"claim families: {len(cases)} cases on {len(pairs)} pairs")
    for (family, held_out), result in sorted(score(cases).items()):
        part = "held-out" if held_out else "corpus"
        print(
            f"  family {family:2} {FAMILIES[family]:<38} {part:<8} {result.correct:4} correct, {result.wrong:4} wrong: "
            f"recall {result.recall:.1%}, false flags {result.false_flag_rate:.1%}"
        )
    print(
        f"hand-written paraphrases (tests/validation_paraphrases.py): {len(PARAPHRASES)} on {len({case.pair for case in PARAPHRASES})} pairs"
    )
    for (family, _), result in sorted(score(PARAPHRASES).items()):
        print(
            f"  family {family:2} {FAMILIES[family]:<38} {result.correct:4} correct, {result.wrong:4} wrong: "
            f"recall {result.recall:.1%}, false flags {result.false_flag_rate:.1%}"
        )


if __name__ == "__main__":
    main()
