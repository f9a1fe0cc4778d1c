"""Validation behaviour the mutation run (python3 -m bench.mutation validation) found no test pinning.

Each test reads the validator through its public API (Validator.validate, validate_markdown,
describe_finding and the checker registry) on the reference facts, and asserts what a writer sees:
which words are flagged, with which kind, where, and what the finding says the facts hold. They pin
behaviour, not internals, so they hold through a refactor of the validator's insides.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.comparison import compare
from generator.facts import Dataset, load_facts
from generator.validation import Validator, describe_finding

LLAMA, QWEN, TRINITY = "llama-3.2-1b-instruct", "qwen3.5-4b", "trinity-large-thinking"


@pytest.fixture(scope="module")
def llama_trinity(reference_dataset: Dataset) -> Validator:
    return Validator(compare(reference_dataset, LLAMA, TRINITY))


@pytest.fixture(scope="module")
def llama_qwen(reference_dataset: Dataset) -> Validator:
    return Validator(compare(reference_dataset, LLAMA, QWEN))


def flagged(validator: Validator, text: str) -> list[tuple[str, str]]:
    """(the words flagged, the finding's kind) of every finding, in the order the text states them."""
    return [(finding.mention, finding.kind) for finding in validator.validate(text).findings]


def described(validator: Validator, text: str) -> list[str]:
    return [describe_finding(finding) for finding in validator.validate(text).findings]


def with_release(facts_copy: Path, model: str, release: str) -> Dataset:
    """The reference facts with one model's release date replaced (a day, a month or a year)."""
    model_file = facts_copy / "models" / f"{model}.yaml"
    text = re.sub(
        r"^release_date: .*$",
        f'release_date: {{value: "{release}", source: model-card}}',
        model_file.read_text(encoding="utf-8"),
        flags=re.M,
    )
    model_file.write_text(text, encoding="utf-8")
    return load_facts(facts_copy)


# --- what a finding tells the writer ------------------------------------------------------------


def test_a_wrong_capability_claim_says_what_the_facts_hold(llama_trinity: Validator) -> None:
    assert described(llama_trinity, "Llama 3.2 1B Instruct supports vision.") == [
        'line 1, col 32: "vision" unsupported capability claim: the text says Llama 3.2 1B Instruct has vision, '
        "but that capability is No in the facts; closest fact llama-3.2-1b-instruct.capability.vision = No"
    ]


def test_a_wrong_order_in_time_gives_both_release_dates(llama_trinity: Validator) -> None:
    assert described(llama_trinity, "Llama 3.2 1B Instruct is newer than Trinity-Large-Thinking.") == [
        'line 1, col 26: "newer" wrong direction: the facts date Trinity-Large-Thinking later '
        "(2026-04-01 against 2024-09-25); closest fact llama-3.2-1b-instruct.release_date = 2024-09-25"
    ]


def test_a_wrong_release_gap_gives_both_release_dates(llama_trinity: Validator) -> None:
    assert described(llama_trinity, "Trinity-Large-Thinking is three years newer than Llama 3.2 1B Instruct.") == [
        'line 1, col 27: "three years newer" unsupported number: the facts date the releases 2026-04-01 and '
        "2024-09-25; closest fact trinity-large-thinking.release_date = 2026-04-01"
    ]


def test_a_wrong_openness_claim_quotes_the_claim_and_the_facts(llama_trinity: Validator) -> None:
    assert described(llama_trinity, "Llama 3.2 1B Instruct is not open weights.") == [
        'line 1, col 30: "open weights" unsupported claim: the text says Llama 3.2 1B Instruct is not open weights, '
        "but the facts say Open weights; closest fact llama-3.2-1b-instruct.openness = Open weights"
    ]
    assert described(llama_trinity, "Llama 3.2 1B Instruct is proprietary.") == [
        'line 1, col 26: "proprietary" unsupported claim: the text says Llama 3.2 1B Instruct is proprietary, '
        "but the facts say Open weights; closest fact llama-3.2-1b-instruct.openness = Open weights"
    ]


def test_a_wrong_maker_names_the_facts_maker(llama_trinity: Validator) -> None:
    assert (
        'line 1, col 34: "Google" unsupported claim: the facts name AI at Meta as the maker of Llama 3.2 1B '
        "Instruct; closest fact llama-3.2-1b-instruct.organization = AI at Meta"
    ) in described(llama_trinity, "Llama 3.2 1B Instruct is made by Google.")


# --- which words are flagged --------------------------------------------------------------------


def test_a_shared_capability_list_flags_only_the_capability_not_shared(llama_trinity: Validator) -> None:
    report = llama_trinity.validate("Both models share structured outputs and vision.")
    assert [(finding.mention, finding.kind, finding.column) for finding in report.findings] == [
        ("vision", "wrong_direction", 42)
    ]
    assert [(mention.text, mention.verified) for mention in report.mentions] == [
        ("structured outputs", True),
        ("vision", False),
    ]


@pytest.mark.parametrize(
    "text, wrong",
    [
        ("Trinity-Large-Thinking beats Llama 3.2 1B Instruct on context window size.", False),
        ("Llama 3.2 1B Instruct beats Trinity-Large-Thinking on context.", True),
        ("Llama 3.2 1B Instruct beats Trinity-Large-Thinking on price.", False),
        ("Trinity-Large-Thinking beats Llama 3.2 1B Instruct on price.", True),
    ],
)
def test_a_lead_on_context_or_price_is_checked_against_that_leader(
    llama_trinity: Validator, text: str, wrong: bool
) -> None:
    subject = text.split(" on ")[0]
    assert flagged(llama_trinity, text) == ([(subject, "wrong_direction")] if wrong else [])
