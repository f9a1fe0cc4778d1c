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


@pytest.mark.parametrize("case", PARAPHRASES, ids=lambda case: f"family{case.family}-{case.text[:50]}")
def test_a_correct_paraphrase_passes_and_a_wrong_one_is_flagged(case: Paraphrase) -> None:
    report = validator_of(case).validate(case.text)
    if case.wrong:
        assert not report.clean, "a wrong statement passed"
    else:
        assert report.clean, [finding.message for finding in report.findings]


def test_every_family_has_correct_and_wrong_paraphrases() -> None:
    kinds = {(case.family, case.wrong) for case in PARAPHRASES}
    assert kinds == {(family, wrong) for family in range(1, 11) for wrong in (False, True)}
