"""Benchmark (b): the deterministic work per page, with no LLM call.

For every pair of models in the facts (or the first --limit pairs): compute the comparison, render
both prompts, write the deterministic prose, validate it, assemble the page, render Markdown and
HTML and validate the whole page. Prints the time per page, split by stage, and pages per second.

    python3 -m bench.page_overhead [--facts facts] [--limit N | --sample N]

--sample N takes N pairs spread evenly over all pairs (every k-th), so a dataset of hundreds of models
(tens of thousands of pairs) is measured on pairs of every model, in a time comparable with a small one.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections import defaultdict
from pathlib import Path

from generator.comparison import compare
from generator.facts import load_facts
from generator.page import assemble, render_html, render_markdown
from generator.prompt import load_prompts, section_messages
from generator.sections import SECTIONS, deterministic_section
from generator.validation import Validator, validate_markdown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=Path("facts"))
    parser.add_argument("--limit", type=int, default=None, help="Only the first N pairs.")
    parser.add_argument("--sample", type=int, default=None, help="N pairs spread evenly over all pairs.")
    arguments = parser.parse_args()

    started = time.perf_counter()
    dataset = load_facts(arguments.facts)
    load_seconds = time.perf_counter() - started
    prompts = load_prompts()
    pairs = list(itertools.combinations(sorted(dataset.models), 2))[: arguments.limit]
    if arguments.sample and arguments.sample < len(pairs):
        pairs = pairs[:: len(pairs) // arguments.sample][: arguments.sample]
    seconds_by_stage: dict[str, float] = defaultdict(float)

    def timed(stage, work):
        stage_started = time.perf_counter()
        result = work()
        seconds_by_stage[stage] += time.perf_counter() - stage_started
        return result

    cpu_started = time.process_time()
    for a, b in pairs:
        comparison = timed("comparison", lambda: compare(dataset, a, b))
        timed("prompt", lambda: [section_messages(prompts, section, comparison) for section in SECTIONS])
        sections = timed(
            "deterministic prose", lambda: {section: deterministic_section(section, comparison) for section in SECTIONS}
        )
        validator = timed("validation (prose)", lambda: Validator(comparison))
        timed(
            "validation (prose)",
            lambda: [validator.validate(section.text(section.write(comparison))) for section in SECTIONS.values()],
        )
        page = assemble(comparison, sections)
        markdown = timed("rendering", lambda: render_markdown(page))
        timed("rendering", lambda: render_html(page))
        timed("validation (page)", lambda: validate_markdown(comparison, markdown))

    cpu_seconds = time.process_time() - cpu_started
    total = sum(seconds_by_stage.values())
    print(f"facts: {len(dataset.models)} models loaded in {load_seconds * 1000:.0f} ms (once per run)")
    stubs = sum(model.curation == "imported" for model in dataset.models.values())
    print(
        f"pairs: {len(pairs)} of {len(dataset.models) * (len(dataset.models) - 1) // 2} ({stubs} of the models are imported stubs)"
    )
    for stage, seconds in seconds_by_stage.items():
        print(f"  {stage:<22} {seconds / len(pairs) * 1000:7.2f} ms/page")
    print(
        f"deterministic overhead: {total / len(pairs) * 1000:.2f} ms/page ({len(pairs) / total:.0f} pages/s on one core)"
    )
    # CPU time is what a busy, shared machine disturbs least: compare datasets by it.
    print(f"CPU time: {cpu_seconds / len(pairs) * 1000:.2f} ms/page")


if __name__ == "__main__":
    main()
