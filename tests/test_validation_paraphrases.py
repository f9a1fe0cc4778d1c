"""The hand-written paraphrases of tests/validation_paraphrases.py: every correct one passes, every
wrong one is flagged, and each family has both kinds."""

from __future__ import annotations

import pytest

from tests.validation_corpus import Case, score
from tests.validation_paraphrases import PARAPHRASES


@pytest.mark.parametrize("case", PARAPHRASES, ids=lambda case: f"family{case.family}-{case.text[:50]}")
def test_a_correct_paraphrase_passes_and_a_wrong_one_is_flagged(case: Case) -> None:
    result = score([case])[(case.family, False)]
    if case.wrong:
        assert result.caught == 1, "a wrong statement passed"
    else:
        assert result.false_flags == 0, result.flagged


def test_every_family_has_correct_and_wrong_paraphrases() -> None:
    kinds = {(case.family, case.wrong) for case in PARAPHRASES}
    assert kinds == {(family, wrong) for family in range(1, 11) for wrong in (False, True)}
