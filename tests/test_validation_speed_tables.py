"""The scan's and the table cells' faster forms (issue 14, speed, brief T) find exactly what the plain
forms they replace find: the same matches, the same report."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.validation.validator import _keyword_scanner, _opening_group_spread
from generator.validation.vocabulary import ATTRIBUTE_WORDS

# Words whose alternatives open with a group ("(?:providers?|hosts?)\s+in\s+common"), among others.
GROUPED_WORDS = (
    r"(?:providers?|routes?|hosts?)\s+in\s+common|of\s+them\s+(?:are\s+)?shared",
    r"(?:a(?:b|c)|b)c?d",
    r"provider|route",
    r"shared",
)
GROUPED_TEXT = st.text(alphabet="abcd providers hosts in common of them are shared|\u212a\u017f\n", max_size=60)


def plain_keywords(words: tuple[str, ...], text: str) -> list[tuple[int, int, int]]:
    """The keywords of the text as one alternation of the words in order finds them."""
    pattern = re.compile(r"\b(?=[a-z])(?:" + "|".join(f"(?P<k{i}>{word})" for i, word in enumerate(words)) + ")", re.I)
    return [(match.start(), match.end(), int(match.lastgroup[1:])) for match in pattern.finditer(text)]


def scanned_keywords(words: tuple[str, ...], text: str) -> list[tuple[int, int, int]]:
    scanner, owners = _keyword_scanner(words)
    return [(match.start(), match.end(), owners[match.lastindex]) for match in scanner.finditer(text)]


def test_an_opening_group_is_spread_into_one_branch_per_alternative_in_order() -> None:
    assert _opening_group_spread(r"(?:providers?|hosts?)\s+in") == [r"providers?\s+in", r"hosts?\s+in"]
    assert _opening_group_spread(r"(?:a(?:b|c)|b)d") == ["a(?:b|c)d", "bd"]
    assert _opening_group_spread(r"(?:ab)?c") == [r"(?:ab)?c"]
    assert _opening_group_spread(r"(?:[)|]|x)y") == ["[)|]y", "xy"]


def test_the_attribute_words_are_scanned_by_first_letter() -> None:
    scanner, _ = _keyword_scanner(tuple(word for word, _ in ATTRIBUTE_WORDS))
    assert scanner.flags & re.I == 0


@settings(max_examples=400, deadline=None)
@given(GROUPED_TEXT)
def test_the_keyword_scanner_with_opening_groups_finds_what_one_alternation_finds(text: str) -> None:
    assert _keyword_scanner(GROUPED_WORDS)[0].flags & re.I == 0
    assert scanned_keywords(GROUPED_WORDS, text) == plain_keywords(GROUPED_WORDS, text)


@settings(max_examples=300, deadline=None)
@given(GROUPED_TEXT)
def test_the_attribute_words_scanner_finds_what_one_alternation_finds(text: str) -> None:
    words = tuple(word for word, _ in ATTRIBUTE_WORDS)
    assert scanned_keywords(words, text) == plain_keywords(words, text)
