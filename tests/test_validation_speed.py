"""The validator's faster readings find exactly what the plain ones they replace find (issue 14, speed)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.validation.checkers.relative import FRACTIONS
from generator.validation.scan import Region, Scan, cells
from generator.validation.vocabulary import trie_alternation

# Names that share prefixes, as model names do ("GPT-4o", "GPT-4o mini", "GPT-4.1").
NAME_PIECES = st.text(alphabet="GPT-4o .1mini", min_size=1, max_size=8)


def longest_first(names: list[str]) -> re.Pattern:
    ordered = sorted(set(names), key=lambda name: (-len(name), name))
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w])")


@settings(max_examples=300, deadline=None)
@given(st.lists(NAME_PIECES, min_size=1, max_size=8), st.lists(NAME_PIECES, max_size=12))
def test_a_trie_of_names_finds_what_a_longest_first_alternation_finds(names: list[str], words: list[str]) -> None:
    text = " ".join(words + names[::-1])
    trie = re.compile(r"(?<![\w])(?:" + trie_alternation(names) + r")(?![\w])")
    assert [match.span() for match in trie.finditer(text)] == [
        match.span() for match in longest_first(names).finditer(text)
    ]


def test_a_trie_of_long_names_is_one_literal_per_run_not_a_nesting_per_character() -> None:
    title = "A source title of a thousand characters " * 25
    pattern = re.compile(trie_alternation([title, title + "and more", "A short one"]))
    assert pattern.match(title + "and more").group() == title + "and more"
    assert pattern.match(title).group() == title


def test_table_cells_split_on_pipes_that_are_not_escaped() -> None:
    row = r"| Provider | $0.10 \| $0.40 | Yes |"
    assert [row[start:end].strip() for start, end in cells(row, 0, len(row))] == ["Provider", r"$0.10 \| $0.40", "Yes"]
    bare = "a | b"
    assert [bare[start:end].strip() for start, end in cells(bare, 0, len(bare))] == ["a", "b"]


def scan_of(text: str) -> Scan:
    return Scan(text, text, text, [0], {}, [], [], [], [], [])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab cd\nx", max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_windows_around_stems_are_the_stretches_a_search_of_the_region_finds(text: str, start: int, end: int) -> None:
    region = Region(min(start, len(text)), min(max(start, end), len(text)))
    stems = ("ab", "b c", "x")
    # The oracle marks every character a window covers; the windows are the runs of marked characters.
    covered = [False] * len(text)
    for stem in stems:
        for found in range(region.start, region.end - len(stem) + 1):
            if text.lower().startswith(stem, found):
                for position in range(max(region.start, found - 3), min(region.end, found + len(stem) + 2)):
                    covered[position] = True
    runs = [(run.start(), run.end()) for run in re.finditer("1+", "".join("1" if mark else "0" for mark in covered))]
    assert scan_of(text).windows(stems, region, 3, 2) == runs


def test_fractions_in_words_reach_tenths_with_their_values() -> None:
    assert FRACTIONS["a sixth"] * 6 == 1
    assert FRACTIONS["two fifths"] == FRACTIONS["four tenths"]
    assert FRACTIONS["an eighth"] * 8 == 1 and FRACTIONS["seven eighths"] * 8 == 7
    assert "five thirds" not in FRACTIONS
