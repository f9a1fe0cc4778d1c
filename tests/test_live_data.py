"""Live-data tests: the project's own facts/, not a fixture. They fail when facts/ itself is wrong (it does
not load, or a page built from it does not validate), so a routine price update can fail only these. Every
other test reads tests/fixtures/ (the reference facts, or the catalog: a frozen copy of facts/)."""

from __future__ import annotations

import itertools
from functools import cache

import pytest

from generator.comparison import compare
from generator.facts import Dataset, load_facts
from generator.validation import Validator, describe_finding, validate_markdown
from generator.validation.checkers.pairs import RouteChecker
from tests.support import REPOSITORY, built_page
from tests.validation_corpus import Case, score
from tests.validation_paraphrases import LIVE_PAIRS, as_case

pytestmark = pytest.mark.data
FACTS = REPOSITORY / "facts"


@cache
def live_dataset() -> Dataset:
    return load_facts(FACTS)


def sampled_pairs() -> list[tuple[str, str]]:
    """Every model next to every other at least once, plus every seventh of all pairs (at most about 400 of
    them: with hundreds of imported stub models every seventh pair would be thousands)."""
    models = sorted(live_dataset().models)
    neighbours = list(zip(models, models[1:] + models[:1], strict=False))
    every_pair = list(itertools.combinations(models, 2))
    return neighbours + every_pair[:: max(7, len(every_pair) // 400)]


def flagged_findings(pairs: list[tuple[str, str]]) -> list[str]:
    flagged = []
    for a, b in pairs:
        comparison = compare(live_dataset(), a, b)
        flagged += [
            f"{a} vs {b}: {describe_finding(finding)}"
            for finding in validate_markdown(comparison, built_page(comparison)).findings
        ]
    return flagged


def test_the_curated_facts_load_alone_and_with_their_imports() -> None:
    curated = load_facts(FACTS, with_imported=False)
    assert curated.pairs and set(curated.models) <= set(live_dataset().models)


def test_the_deterministic_page_of_every_published_pair_validates_clean() -> None:
    assert flagged_findings(live_dataset().pairs) == []


def test_deterministic_pages_of_a_broad_sample_of_all_pairs_validate_clean() -> None:
    assert flagged_findings(sampled_pairs()) == []


@cache
def live_paraphrases() -> tuple[Case, ...]:
    """The held-out sets written on facts/ (tests/validation_paraphrases.py LIVE_PAIRS), read against it."""
    return tuple(
        as_case(REPOSITORY / "facts", pair, names, family, wrong, text)
        for pair, names, cases in LIVE_PAIRS
        for family, wrong, text in cases
    )


def read_as_written(case: Case) -> bool:
    result = score([case])[(case.family, False)]
    return result.caught == 1 if case.wrong else result.false_flags == 0


def test_the_held_out_sets_on_the_live_facts_read_as_written() -> None:
    assert [case.text for case in live_paraphrases() if not read_as_written(case)] == []


def test_an_input_and_an_output_price_stated_together_are_one_routes() -> None:
    """$0.40 is DeepSeek-R1's input on Hyperbolic and $4.00 its output on Novita AI: each a route's
    price, but no route lists both. Only the route checker sees the pair."""
    validator = Validator(compare(live_dataset(), "deepseek-r1", "gpt-oss-120b"))
    mixed = "R1 is on Hyperbolic and Novita AI: $0.40 in, $4.00 out per million."
    assert [finding.kind for finding in validator.validate(mixed).findings] == ["wrong_attribution"]
    assert validator.validate("R1 on Hyperbolic: $0.40 in, $0.40 out per million.").clean
    validator.checkers = [checker for checker in validator.checkers if not isinstance(checker, RouteChecker)]
    assert validator.validate(mixed).clean


def test_a_description_the_facts_make_of_neither_model_is_said_of_none() -> None:
    """Command R and Mistral Small 3.1 both read 128K tokens: neither has the larger window."""
    validator = Validator(compare(live_dataset(), "command-r-08-2024", "mistral-small-3.1-24b-instruct"))
    assert not validator.validate("The model with the larger context window is Small 3.1.").clean
    assert not validator.validate("The one with the bigger context window is Command R.").clean
    assert validator.validate("Which is the model with the larger context window? Neither: both read 128K.").clean
    assert validator.validate(
        "The model with more providers is Mistral Small 3.1, which matters if you want fallbacks."
    ).clean


def test_a_models_price_with_no_provider_named_is_its_own() -> None:
    """$0.29 is Gemini 2.0 Flash's blended price on Google Vertex AI; its own (its cheapest route's) is $0.19."""
    validator = Validator(compare(live_dataset(), "amazon-nova-micro", "gemini-2.0-flash"))
    assert not validator.validate("Flash 2.0 blends to $0.29 per million tokens.").clean
    assert validator.validate("Flash 2.0 blends to $0.19 per million tokens.").clean
    assert validator.validate("On Vertex AI, Flash 2.0 blends to $0.29 per million tokens.").clean
    assert validator.validate("Flash 2.0 blends to $0.29 per million tokens on Google Vertex AI.").clean
