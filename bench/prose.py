"""How well an endpoint writes the prose sections: `python3 -m bench.prose [--llm URL] [--pairs N]`.

For each pair of facts/pairs.yaml (the first N with --pairs), writes the deep dive and the FAQ with
the author loop (write, validate with the prose-quality gate, repair, fall back) and prints: sections
published first try / after repair / fallen back, findings by kind, prompt tokens per call (the first
prompt of each section apart), and seconds per pair. Without --llm it starts the bundled model.
Figures are printed, never asserted. `--record FILE` appends every raw answer, and every answer the
validator read with its finding kinds, as JSON lines (the gate's corpus of real bad answers,
tests/prose_corpus/bundled_answers.jsonl, came from such runs).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import time
from collections import Counter
from contextlib import nullcontext
from pathlib import Path

import yaml

from generator.author import llm_section
from generator.comparison import compare
from generator.facts import load_facts
from generator.llm import LLMClient, LLMConfig, reply_text, resolve_config
from generator.localmodel import LocalModelServer
from generator.prompt import load_prompts, section_prompt
from generator.sections import SECTIONS, SectionResult
from generator.validation import Validator, describe_finding


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=Path("facts"))
    parser.add_argument("--llm", default=None, help="An OpenAI-compatible base URL; default: the bundled model.")
    parser.add_argument("--llm-model", default=None)
    parser.add_argument("--pairs", type=int, default=None, help="Only the first N pairs of pairs.yaml.")
    parser.add_argument("--sections", default=",".join(SECTIONS), help="Comma-separated sections to write.")
    parser.add_argument("--repair-attempts", type=int, default=2)
    parser.add_argument(
        "--max-tokens", type=int, default=None, help="Cap each answer (keeps bundled-model runs short)."
    )
    parser.add_argument("--figures", choices=("reference", "free"), default="reference")
    parser.add_argument(
        "--record", type=Path, default=None, help="Append each answer read and its finding kinds to this JSONL file."
    )
    arguments = parser.parse_args()

    dataset = load_facts(arguments.facts)
    pairs = [tuple(pair) for pair in yaml.safe_load((arguments.facts / "pairs.yaml").read_text())["pairs"]][
        : arguments.pairs
    ]
    config = resolve_config(arguments.llm, arguments.llm_model) if arguments.llm else LLMConfig(is_local=True)
    updates = {"figures": arguments.figures} | ({"max_tokens": arguments.max_tokens} if arguments.max_tokens else {})
    if config.is_local:
        # On two busy cores an answer takes minutes: a timeout retried would only ask the same again.
        updates |= {"timeout": 900.0, "max_attempts": 1}
    config = config.model_copy(update=updates)
    sections = arguments.sections.split(",")
    with LocalModelServer(config) if config.is_local else nullcontext() as server:
        config = server.config if server else config
        print(
            f"endpoint: {config.base_url} model {config.model}, figures {config.figures}, {len(pairs)} pair(s), sections {', '.join(sections)}"
        )
        results, kinds, seconds = asyncio.run(run(dataset, pairs, sections, config, arguments))
    report(results, kinds, seconds)


class RecordingClient(LLMClient):
    """The client, writing each raw answer to the record too (those that fail the schema included)."""

    def __init__(self, config: LLMConfig, record: Path | None):
        super().__init__(config, concurrency=1)
        self.record = record
        self.section = ""

    def parse(self, response, answer_model):
        if self.record:
            with self.record.open("a", encoding="utf-8") as record:
                record.write(json.dumps({"section": self.section, "raw": reply_text(response)}) + "\n")
        return super().parse(response, answer_model)


async def run(
    dataset, pairs, sections, config: LLMConfig, arguments
) -> tuple[list[SectionResult], Counter, list[float]]:
    prompts = load_prompts(figures=config.figures)
    results: list[SectionResult] = []
    kinds: Counter[str] = Counter()
    seconds: list[float] = []
    async with RecordingClient(config, arguments.record) as client:
        for pair in pairs:
            comparison = compare(dataset, *pair)
            validator = Validator(comparison)
            started = time.perf_counter()
            for name in sections:

                async def check(text: str, name: str = name, pair: tuple = pair) -> list[str]:
                    findings = validator.validate(text, section=True).findings
                    kinds.update(finding.kind for finding in findings)
                    if arguments.record:
                        with arguments.record.open("a", encoding="utf-8") as record:
                            record.write(
                                json.dumps(
                                    {
                                        "pair": list(pair),
                                        "section": name,
                                        "text": text,
                                        "kinds": sorted({finding.kind for finding in findings}),
                                    }
                                )
                                + "\n"
                            )
                    return [describe_finding(finding) for finding in findings]

                client.section = f"{pair[0]} vs {pair[1]} {name}"
                result = await llm_section(
                    section_prompt(prompts, name, comparison),
                    SECTIONS[name].write(comparison),
                    client,
                    prompts,
                    check,
                    arguments.repair_attempts,
                )
                kinds.update(
                    "answer_format"
                    for attempt in result.attempts
                    if any(finding.startswith("the answer does not match") for finding in attempt.findings)
                )
                kinds.update(
                    "reference"
                    for attempt in result.attempts
                    if any(re.search(r"not a reference|figure written out", finding) for finding in attempt.findings)
                )
                results.append(result)
                print(
                    f"  {pair[0]} vs {pair[1]} {name}: {result.outcome} after {len(result.attempts)} call(s), prompt tokens {[attempt.prompt_tokens for attempt in result.attempts]}",
                    flush=True,
                )
            seconds.append(time.perf_counter() - started)
    return results, kinds, seconds


def report(results: list[SectionResult], kinds: Counter, seconds: list[float]) -> None:
    outcomes = Counter(result.outcome for result in results)
    first_prompts = [result.attempts[0].prompt_tokens for result in results if result.attempts]
    all_prompts = [attempt.prompt_tokens for result in results for attempt in result.attempts]
    print(
        f"sections: {len(results)}; first try {outcomes['llm_first_try']}, after repair {outcomes['llm_after_repair']}, fallback {outcomes['fallback']}"
    )
    print("findings by kind: " + (", ".join(f"{kind} {count}" for kind, count in kinds.most_common()) or "none"))
    if all_prompts:
        print(
            f"prompt tokens per call: first prompts median {statistics.median(first_prompts):.0f} (max {max(first_prompts)}), all calls median {statistics.median(all_prompts):.0f} (max {max(all_prompts)})"
        )
    if seconds:
        print(
            f"seconds per pair: median {statistics.median(seconds):.1f} (min {min(seconds):.1f}, max {max(seconds):.1f})"
        )


if __name__ == "__main__":
    main()
