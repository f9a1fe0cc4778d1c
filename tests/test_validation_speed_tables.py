"""The scan's and the table cells' faster forms (issue 14, speed, brief T) find exactly what the plain
forms they replace find: the same matches, the same report."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.comparison import compare
from generator.facts import load_facts
from generator.validation import Validator
from generator.validation.checkers.capabilities import CAPABILITY_STEMS
from generator.validation.checkers.claims import HOST_STEMS, _gazetteer
from generator.validation.descriptors import DESCRIPTOR, descriptor_matches
from generator.validation.scan import Cell, Region, Scan, cells, lines
from generator.validation.validator import (
    _keyword_scanner,
    _keyword_stems,
    _may_claim_capability,
    _opening_group_spread,
)
from generator.validation.vocabulary import ATTRIBUTE_WORDS

# Words whose alternatives open with a group ("(?:providers?|hosts?)\s+in\s+common"), among others.
GROUPED_WORDS = (
    r"(?:providers?|routes?|hosts?)\s+in\s+common|of\s+them\s+(?:are\s+)?shared",
    r"(?:a(?:b|c)|b)c?d",
    r"provider|route",
    r"shared",
)
GROUPED_TEXT = st.text(alphabet="abcd providers hosts in common of them are shared|\u212a\u017f\n", max_size=60)


@functools.cache
def reference_comparison():
    facts = load_facts(Path("tests/fixtures/reference"))
    return compare(facts, *facts.pairs[0])


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


def scan_of(text: str):
    return Validator(reference_comparison()).scan(text, text)


def row_spans(text: str) -> list[tuple[int, int]]:
    """The cell spans of every line of a text, as a table's rows give them."""
    return [span for start, end in lines(text, 0, len(text)) for span in cells(text, start, end)]


# Table rows with host and capability words, names, empty cells and cells that split a word.
ROWS = st.lists(
    st.lists(st.sampled_from(["", " ", "hosted", "vision", "Function", "AWS", "Bedrock", "run", "ru", "n", "x"])).map(
        lambda words: "| " + " | ".join(words) + " |"
    ),
    max_size=5,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(ROWS)
def test_the_cells_a_table_marks_are_those_a_search_per_cell_finds(text: str) -> None:
    scan = scan_of(text)
    spans = row_spans(scan.masked)
    lowered = scan.worded.lower()
    for stems in (HOST_STEMS, CAPABILITY_STEMS):
        assert scan.spans_holding(stems, spans) == {
            start for start, end in spans if any(stem in lowered[start:end] for stem in stems)
        }
    assert scan.spans_matching(_gazetteer(), spans) == {
        start for start, end in spans if scan.matches(_gazetteer(), Region(start, end))
    }


def capability_mentions(text: str, cell: Cell | None) -> list:
    """What the capability checker records in a one-cell table row, read as a cell."""
    validator = Validator(reference_comparison())
    scan = validator.scan(text, text)
    checker = next(checker for checker in validator.checkers if checker.kind == "capability")
    checker.check(validator, scan, Region(2, len(text) - 2, cell, in_table=True))
    return scan.mentions + scan.findings


MODEL_NAME = reference_comparison().a.name
CAPABILITY_CELLS = st.lists(
    st.sampled_from(
        [
            "Vision",
            "function calling",
            "tool use",
            "supports",
            "has",
            "lacks",
            "both",
            "They",
            "Neither",
            "only",
            MODEL_NAME,
            "and",
            ",",
            "offers",
            "which",
            "\u017fupports",
            "BOTH",
        ]
    ),  # fmt: skip
    max_size=7,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(CAPABILITY_CELLS, st.booleans())
def test_a_cell_where_no_capability_claim_can_stand_gets_no_capability_mention(words: str, labelled: bool) -> None:
    text = f"| {words} |"
    cell = Cell(start=2, model=reference_comparison().pair[0], labels="Capability Vision", row_label="Vision")
    scan = scan_of(text)
    if not _may_claim_capability(scan.masked[2 : len(text) - 2]):
        assert capability_mentions(text, cell if labelled else None) == []


def test_a_claim_in_a_cell_is_still_read_by_the_capability_checker() -> None:
    text = f"| {MODEL_NAME} supports vision |"
    scan = scan_of(text)
    assert _may_claim_capability(scan.masked[2 : len(text) - 2])
    assert [found.kind for found in capability_mentions(text, None)][0] == "capability"


def test_the_keyword_stems_are_the_literal_openings_of_the_words() -> None:
    assert _keyword_stems((r"shares?\s+x", r"(?:providers?|hosts?)\s+in", r"blended\s+price|blend", "MMLU(?!\\w)")) == (
        "share",
        "provider",
        "host",
        "blend",
        "mmlu",
    )
    assert _keyword_stems((r"input", r"\d+ shot")) is None


# Keyword pieces in any case, joined by separators, with letters that match ASCII ones ignoring case.
KEYWORD_TEXT = st.lists(
    st.sampled_from(
        [
            "Input",
            "OUTPUT",
            "shares",
            "hosts in common",
            "of them are shared",
            "MMLU-Pro",
            "mmlu pro",
            "GPQA",
            "blended price",
            "Blend",
            "release",
            "of",
            "x",
            " ",
            "-",
            "|",
            "\n",
            "\u212a",
            "\u017f",
            "\u0130",
            "é",
        ]
    ),  # fmt: skip
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(KEYWORD_TEXT)
def test_the_keywords_found_from_their_stems_are_those_the_scanner_finds(text: str) -> None:
    validator = Validator(reference_comparison())
    assert validator.keyword_stems
    assert [(m.span(), m.lastindex) for m in validator._keywords_in(text)] == [
        (m.span(), m.lastindex) for m in validator.keyword_scanner.finditer(text)
    ]


DESCRIPTOR_TEXT = st.lists(
    st.sampled_from(
        [
            "The cheaper option",
            "the model with more context",
            "THE newer model",
            "the former",
            "the latter",
            "The OpenAI model",
            "tthe leader",
            "the",
            "The",
            " ",
            ",",
            "x",
            "he ",
            "(",
            "\n",
        ]
    ),  # fmt: skip
    max_size=10,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(DESCRIPTOR_TEXT)
def test_the_descriptions_found_where_the_opens_are_those_a_search_finds(text: str) -> None:
    assert [m.span() for m in descriptor_matches(text)] == [m.span() for m in DESCRIPTOR.finditer(text)]


def test_an_occurrence_marks_the_span_it_lies_wholly_inside() -> None:
    occurrences = [(0, 2), (4, 3), (6, 2), (9, 1)]
    # (0, 2) starts before the spans, (4, 3) runs past the end of (1, 5).
    assert Scan._spans_holding(occurrences, [(1, 5), (5, 8), (9, 12)]) == {5, 9}
    assert Scan._spans_holding(occurrences, []) == set()
