"""The scan's faster patterns and the table cells' fast path find exactly what the plain forms they
replace find (issue 14, speed): the same matches, the same report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.author import deterministic_section
from generator.comparison import compare
from generator.facts import load_facts
from generator.page import assemble, render_markdown
from generator.validation import Validator
from generator.validation.scan import cells
from generator.validation.validator import KNOWN_FAMILIES, _keyword_scanner, literal_pattern
from generator.validation.vocabulary import ATTRIBUTE_WORDS

# Names that share prefixes and first letters, as model names do ("GPT-4o", "GPT-4o mini", "Gemma").
NAME_PIECES = st.text(alphabet="GPTgem-4o .1", min_size=1, max_size=8)
# Text around them: word characters, separators, and non-ASCII letters that match ASCII ones ignoring
# case (the Kelvin sign, the long s, the dotted capital I).
TEXT = st.text(alphabet="inputOUTPUT shared-benchmarks MMLU-Pro GPQA e\u212a\u017f\u0130é|.,\n", max_size=60)


def longest_first(names: list[str]) -> re.Pattern:
    ordered = sorted({name for name in names if name}, key=lambda name: (-len(name), name))
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w])")


@settings(max_examples=300, deadline=None)
@given(st.lists(NAME_PIECES, min_size=1, max_size=8), st.lists(NAME_PIECES, max_size=12))
def test_the_names_pattern_opening_with_a_first_character_finds_the_longest_name(
    names: list[str], words: list[str]
) -> None:
    text = " ".join(words + names[::-1])
    assert [match.span() for match in literal_pattern(names).finditer(text)] == [
        match.span() for match in longest_first(names).finditer(text)
    ]


def plain_keywords(words: tuple[str, ...], text: str) -> list[tuple[int, int, int]]:
    """The keywords of the text as one alternation of the words in order finds them."""
    pattern = re.compile(r"\b(?=[a-z])(?:" + "|".join(f"(?P<k{i}>{word})" for i, word in enumerate(words)) + ")", re.I)
    return [(match.start(), match.end(), int(match.lastgroup[1:])) for match in pattern.finditer(text)]


KEYWORDS = (r"MMLU[\s-]?Pro(?!\w)", r"MMLU(?!\w)", r"GPQA(?!\w)", *(word for word, _ in ATTRIBUTE_WORDS))


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_the_keyword_scanner_finds_what_one_alternation_of_the_words_finds(text: str) -> None:
    scanner, owners = _keyword_scanner(KEYWORDS)
    found = [(match.start(), match.end(), owners[match.lastindex]) for match in scanner.finditer(text)]
    assert found == plain_keywords(KEYWORDS, text)


@pytest.mark.parametrize(
    "text",
    ["The \u212aNOWLEDGE cutoff", "\u017fhared benchmarks", "\u0130nput and output", "inputs, prompt|completion"],
)
def test_the_keyword_scanner_reads_letters_that_match_ascii_ones_ignoring_case(text: str) -> None:
    scanner, owners = _keyword_scanner(KEYWORDS)
    found = [(match.start(), match.end(), owners[match.lastindex]) for match in scanner.finditer(text)]
    assert found and found == plain_keywords(KEYWORDS, text)


def test_a_word_not_opening_with_a_plain_letter_keeps_the_plain_alternation() -> None:
    words = (r"\d+ shot", r"input|prompt")
    scanner, owners = _keyword_scanner(words)
    text = "5 shot, prompt"
    assert [(m.start(), m.end(), owners[m.lastindex]) for m in scanner.finditer(text)] == plain_keywords(words, text)


def test_an_unknown_model_is_found_after_any_character_but_a_word_one() -> None:
    validator = Validator(reference_comparison())
    pattern = validator.unknown_model_pattern
    assert [m.group() for m in pattern.finditer("(GPT-5 and Claude 9, not xGPT-5 or Gemini2)")] == [
        "GPT-5",
        "Claude 9",
        "Gemini2",
    ]
    assert {"GPT", "Gemma", "Gemini"} <= KNOWN_FAMILIES


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab |\\", max_size=30))
def test_cells_split_a_row_where_the_pattern_of_unescaped_pipes_does(row: str) -> None:
    text = "x" + row
    found, cell_start = [], 1
    for pipe in re.finditer(r"(?<!\\)\|", text[: len(text)]):
        if pipe.start() >= 1:
            found.append((cell_start, pipe.start()))
            cell_start = pipe.end()
    if text[cell_start:].strip() or found:
        found.append((cell_start, len(text)))
    if found and not text[found[0][0] : found[0][1]].strip():
        found = found[1:]
    if found and not text[found[-1][0] : found[-1][1]].strip() and text[1:].rstrip().endswith("|"):
        found = found[:-1]
    assert cells(text, 1, len(text)) == found


def reference_comparison():
    facts = load_facts(Path("tests/fixtures/reference"))
    return compare(facts, *facts.pairs[0]) if facts.pairs else compare(facts, *sorted(facts.models)[:2])


def page_of(comparison) -> str:
    sections = {section: deterministic_section(section, comparison) for section in ("deep_dive", "faq")}
    return render_markdown(assemble(comparison, sections))


# Wrong cells of each kind the fast path reads: a figure, a Yes/No, a provider, an empty cell.
MUTATIONS = [
    (re.compile(r"\| \$(\d+)\.(\d)(\d) \|"), lambda m: f"| ${m.group(1)}.{m.group(2)}{(int(m.group(3)) + 1) % 10} |"),
    (re.compile(r"\| (\d+)K \|"), lambda m: f"| {int(m.group(1)) + 1}K |"),
    (re.compile(r"\| Yes \|"), lambda m: "| No |"),
    (re.compile(r"\| No \|"), lambda m: "| Yes |"),
    (re.compile(r"\| \d{4}-\d\d-\d\d \|"), lambda m: "| 2019-01-01 |"),
    (re.compile(r"\| Not tracked \|"), lambda m: "| Groq |"),
    (re.compile(r"\| (\d+\.\d) \|"), lambda m: f"| {m.group(1)}% |"),
]


@pytest.mark.parametrize("pair_index", range(3))
def test_the_table_fast_path_reports_what_the_cell_checkers_report(pair_index: int, monkeypatch) -> None:
    facts = load_facts(Path("facts"))
    comparison = compare(facts, *facts.pairs[pair_index])
    page = page_of(comparison)
    pages = [page] + [pattern.sub(change, page, count=3) for pattern, change in MUTATIONS]
    fast = [Validator(comparison).validate_markdown(text).model_dump() for text in pages]
    monkeypatch.setattr(Validator, "_quick_cells", lambda self: False)
    slow = [Validator(comparison).validate_markdown(text).model_dump() for text in pages]
    assert fast == slow
    assert any(report["findings"] for report in fast[1:])


def test_the_fast_path_is_off_when_a_cell_checker_is_removed() -> None:
    facts = load_facts(Path("facts"))
    validator = Validator(compare(facts, *facts.pairs[0]))
    assert validator._quick_cells()
    validator.checkers = [checker for checker in validator.checkers if checker.kind != "figure"]
    assert not validator._quick_cells()
    report = validator.validate_markdown(page_of(validator.comparison))
    assert not [mention for mention in report.mentions if mention.kind == "number"]
