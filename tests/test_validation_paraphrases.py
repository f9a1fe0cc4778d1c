"""The hand-written paraphrases of tests/validation_paraphrases.py: every correct one passes, every
wrong one is flagged, and each family has both kinds on both pairs' facts."""

from __future__ import annotations

import pytest

from generator.comparison import compare
from generator.validation import Validator
from tests.validation_cases import dataset
from tests.validation_paraphrases import PARAPHRASES, Paraphrase


def validator_of(case: Paraphrase) -> Validator:
    return Validator(compare(dataset(case.facts), *case.pair))


def table_header(validator: Validator) -> str:
    a, b = (validator.names[model] for model in validator.pair)
    return f"| | {a} | {b} |\n|---|---|---|\n"


@pytest.mark.parametrize("case", PARAPHRASES, ids=lambda case: f"family{case.family}-{case.text[:50]}")
def test_a_correct_paraphrase_passes_and_a_wrong_one_is_flagged(case: Paraphrase) -> None:
    validator = validator_of(case)
    # A table row is read under a header naming the pair's two models, as a page prints it.
    report = (
        validator.validate_markdown(table_header(validator) + case.text)
        if case.text.startswith("|")
        else validator.validate(case.text)
    )
    if case.wrong:
        assert not report.clean, "a wrong statement passed"
    else:
        assert report.clean, [finding.message for finding in report.findings]


def test_every_family_has_correct_and_wrong_paraphrases() -> None:
    kinds = {(case.family, case.wrong) for case in PARAPHRASES}
    assert kinds == {(family, wrong) for family in range(1, 11) for wrong in (False, True)}
