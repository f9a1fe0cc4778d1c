"""The validator's sentence corpus: the hand-written cases of validation_corpus.yaml and the cases generated
from the facts of every published pair (the reference pairs and the catalog's pairs.yaml), each a correct
sentence with mutations the validator must flag; scored by recall and false-flag rate. Shared by
tests/test_validation.py and bench/validate_speed.py."""

from __future__ import annotations

import itertools
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from generator.comparison import Comparison, compare
from generator.facts import Dataset, load_facts
from generator.validation import Validator
from tests.support import CATALOG, REFERENCE_FACTS, REPOSITORY

CORPUS = REPOSITORY / "tests" / "validation_corpus.yaml"


@lru_cache
def dataset(facts_dir: Path) -> Dataset:
    return load_facts(facts_dir)


def published_pairs() -> list[tuple[Path, str, str]]:
    pairs = [(REFERENCE_FACTS, a, b) for a, b in itertools.combinations(sorted(dataset(REFERENCE_FACTS).models), 2)]
    pairs += [(CATALOG, a, b) for a, b in dataset(CATALOG).pairs]
    return pairs


def corpus_cases() -> list[dict]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def generated_cases() -> list[dict]:
    """Correct sentences built from the facts of every published pair, each with mutations."""
    cases = []
    for facts_dir, a, b in published_pairs():
        comparison = compare(dataset(facts_dir), a, b)
        cases += (
            _price_cases(comparison, facts_dir)
            + _benchmark_cases(comparison, facts_dir)
            + _context_cases(comparison, facts_dir)
        )
    return cases


def _case(facts_dir: Path, comparison: Comparison, correct: str, mutations: list[tuple[str, str]]) -> dict:
    return {
        "facts": facts_dir,
        "pair": [comparison.a.id, comparison.b.id],
        "correct": correct,
        "mutations": [{"mutation": mutation, "text": text} for mutation, text in mutations if text != correct],
    }


def _bump_digit(display: str) -> str:
    """Change the last digit, so the figure no longer rounds to the fact."""
    index = max(index for index, character in enumerate(display) if character.isdigit())
    return display[:index] + str((int(display[index]) + 5) % 10) + display[index + 1 :]


def _price_cases(comparison: Comparison, facts_dir: Path) -> list[dict]:
    a, b = comparison.a, comparison.b
    price_a, price_b = comparison.fact(f"{a.id}.input_price"), comparison.fact(f"{b.id}.input_price")
    if not (price_a.known and price_b.known):
        return []
    template = "{a} lists {pa}/1M input tokens on its cheapest route, while {b} lists {pb}/1M input tokens."
    correct = template.format(a=a.name, b=b.name, pa=price_a.display, pb=price_b.display)
    mutations = [
        ("digit", template.format(a=a.name, b=b.name, pa=_bump_digit(price_a.display), pb=price_b.display)),
        (
            "scale",
            template.format(a=a.name, b=b.name, pa=f"${price_a.value * 10 + Decimal('0.5')}", pb=price_b.display),
        ),
    ]
    if price_a.display != price_b.display:
        mutations.append(("swap", template.format(a=a.name, b=b.name, pa=price_b.display, pb=price_a.display)))
    cases = [_case(facts_dir, comparison, correct, mutations)]
    cheaper = comparison.fact("blended_price.cheaper")
    if cheaper.model:
        dearer = b.name if cheaper.model == a.id else a.name
        percent = comparison.fact("blended_price.cheaper_percent").display
        sentence = "{m} is {p} cheaper on blended price."
        cases.append(
            _case(
                facts_dir,
                comparison,
                sentence.format(m=cheaper.display, p=percent),
                [
                    ("direction", sentence.format(m=dearer, p=percent)),
                    ("unit", sentence.format(m=cheaper.display, p=percent.replace("%", " points"))),
                    ("digit", sentence.format(m=cheaper.display, p=_bump_digit(percent))),
                ],
            )
        )
    return cases


def _benchmark_cases(comparison: Comparison, facts_dir: Path) -> list[dict]:
    a, b = comparison.a, comparison.b
    cases = []
    for benchmark in comparison.benchmarks:
        lead = comparison.fact(f"benchmark.{benchmark}.lead")
        if not lead.model:
            continue
        name = comparison.benchmark_names[benchmark]
        leader, trailer = (a, b) if lead.model == a.id else (b, a)
        sentence = "On {n}, {m} leads by {d}."
        mutations = [
            ("direction", sentence.format(n=name, m=trailer.name, d=lead.display)),
            ("unit", sentence.format(n=name, m=leader.name, d=lead.display.replace(" points", "×"))),
        ]
        others = [
            other
            for other in comparison.benchmarks
            if other != benchmark and comparison.fact(f"benchmark.{other}.lead").model == lead.model
        ]
        if others and comparison.fact(f"benchmark.{others[0]}.lead").display != lead.display:
            mutations.append(
                ("benchmark", sentence.format(n=comparison.benchmark_names[others[0]], m=leader.name, d=lead.display))
            )
        cases.append(_case(facts_dir, comparison, sentence.format(n=name, m=leader.name, d=lead.display), mutations))
    return cases


def _context_cases(comparison: Comparison, facts_dir: Path) -> list[dict]:
    if not comparison.has("context_window.leader") or not comparison.fact("context_window.leader").model:
        return []
    a, b = comparison.a, comparison.b
    larger = comparison.fact("context_window.leader").model
    context_a, context_b = comparison.fact(f"{a.id}.context_window"), comparison.fact(f"{b.id}.context_window")
    sentence = "{x} has the larger context window: {a} supports {ca} tokens and {b} supports {cb} tokens."
    names = {a.id: a.name, b.id: b.name}
    smaller = b.name if larger == a.id else a.name
    fill = dict(a=a.name, b=b.name, ca=context_a.display, cb=context_b.display)
    mutations = [
        ("direction", sentence.format(**fill | {"x": smaller})),
        ("scale", sentence.format(**fill | {"x": names[larger], "ca": f"{context_a.value * 10:,}"})),
    ]
    if context_a.display != context_b.display:
        mutations.append(
            ("swap", sentence.format(**fill | {"x": names[larger], "ca": context_b.display, "cb": context_a.display}))
        )
    return [_case(facts_dir, comparison, sentence.format(**fill | {"x": names[larger]}), mutations)]


def score_corpus(cases: list[dict]) -> dict[str, float]:
    """Recall (mutations flagged) and false-flag rate (correct sentences flagged)."""
    caught = mutations = false_flags = 0
    for case in cases:
        validator = Validator(compare(dataset(case.get("facts", REFERENCE_FACTS)), *case["pair"]))
        false_flags += not validator.validate(case["correct"]).clean
        for mutation in case["mutations"]:
            mutations += 1
            caught += not validator.validate(mutation["text"]).clean
    return {
        "sentences": len(cases),
        "mutations": mutations,
        "recall": caught / mutations,
        "false_flag_rate": false_flags / len(cases),
    }
