"""The claim checkers' fast paths find exactly what the plain patterns they replace find, including in
text with the characters re.IGNORECASE matches to ASCII letters (İ ı ſ and the Kelvin sign)."""

import random
import re

import pytest

from generator.validation import Validator
from generator.validation.checkers.capabilities import CAPABILITY_CLAIMS, CAPABILITY_STEMS, SHARE, _claims, _openings
from generator.validation.checkers.claims import (
    HOSTS,
    LICENCE,
    MAKER_ANCHOR,
    ORGANISATIONS,
    _gazetteer,
    _maker_anchors,
    listed_licences,
)
from generator.validation.checkers.dates import GAP_ANCHOR, TIME_STEMS, TIME_WORDS
from generator.validation.checkers.directions import CHEAPER, LEADS, model_led
from generator.validation.checkers.figures import figure_matches
from generator.validation.checkers.pairs import ORDER_WORDS, WORDS_FIRST
from generator.validation.checkers.relative import RELATIVE, relatives
from generator.validation.scan import Region
from generator.validation.vocabulary import (
    CAPABILITY_PATTERN,
    EXTRACT,
    case_free_words,
    lower_case_starts,
    matches_at,
    mentions_any,
    trie_alternation,
)
from tests.support import REFERENCE_FACTS
from tests.validation_corpus import comparison_of

KELVIN, LONG_S, DOTTED_I, DOTLESS_I = "\u212a", "\u017f", "\u0130", "\u0131"
TEXTS = [
    "Qwen3.5-4B is two years newer; the other came out 18 Months before it.",
    "A WEEKS gap, a yearsly typo, xyears, 3years, _weeks and week\ngap",
    f"Released a {LONG_S}ucceeding model s{DOTTED_I}x weeks later, {KELVIN}ilo tokens, yEaRs ",
    "nothing about time at all",
    f"{DOTLESS_I}{DOTTED_I}{LONG_S}{KELVIN}",
    "",
]


def spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_gap_anchor_matches_where_the_case_insensitive_word_pattern_does(text):
    plain = re.compile(r"\b(?:years?|months?|weeks?)\b", re.I)
    assert spans(GAP_ANCHOR, text) == spans(plain, text)


@pytest.mark.parametrize("text", [*TEXTS, f"a {LONG_S}ucceeding model", f"NEW{KELVIN}", "Predates"])
def test_mentions_any_agrees_with_the_case_insensitive_search(text):
    assert mentions_any(text, TIME_STEMS, TIME_WORDS) == (TIME_WORDS.search(text) is not None)


def test_case_free_words_folds_the_first_letter_as_re_ignorecase_does():
    pattern = re.compile(case_free_words(("seven", "kilo", "if"), word_start=True))
    for text in ("seven", "SEVEN", f"{LONG_S}even", f"{KELVIN}ilo", f"{DOTTED_I}f", f"{DOTLESS_I}F", "xseven"):
        plain = re.compile(r"\b(?:seven|kilo|if)", re.I)
        assert spans(pattern, text) == spans(plain, text), text


MAKER_TEXTS = [
    "Qwen3.5-4B is developed by Alibaba, and Llama 3.2 1B Instruct comes from Meta's research team.",
    "Built by Meta\nmade\tby hand; it was shipped by someone and launched the same day. Meta's Llama",
    f"{DOTTED_I}stanbul's team released\u00a0it, then Meta's model by the way",
    "nothing here: abyss, fromage, rebuilt, shipping's",
]


@pytest.mark.parametrize("text", MAKER_TEXTS)
def test_maker_anchors_around_stems_are_the_anchor_patterns_matches(text):
    validator = Validator(comparison_of(REFERENCE_FACTS, "llama-3.2-1b-instruct", "qwen3.5-4b"))
    scan = validator.scan(text, text)
    for region in (Region(0, len(text)), Region(5, len(text) - 3)):
        expected = [match.span() for match in scan.matches(MAKER_ANCHOR, region)]
        assert [match.span() for match in _maker_anchors(scan, region)] == expected


def test_gazetteer_matches_where_the_plain_alternation_of_the_names_does():
    names = {*ORGANISATIONS, *HOSTS}
    plain = re.compile(rf"(?<![\w.-])(?:{trie_alternation(names)})(?![\w-])")
    pieces = [*" .-_x\n's", "AI", "Meta", *names]
    randomness = random.Random(14)
    texts = ["".join(randomness.choice(pieces) for _ in range(12)) for _ in range(2000)]
    for text in [*texts, "Google DeepMind, Amazon Bedrock-hosted, xAI's Grok", "-Meta .Google Meta-x"]:
        assert spans(_gazetteer(), text) == spans(plain, text), text


def test_figure_matches_are_extracts_matches_in_long_and_short_regions():
    pieces = [
        *" .,-/$%\n|", "2024-09-25", "July 4, 2024", "Sept. 2025", "twenty-one", "Seven", "seventeen", "twice",
        "often", "$3 per 1M", "15 cents", "70/30", "5–7%", "128K", "8x7B", "1. ", "per 1M", "/1M", "x", "times",
        "DOUBLE", "half", "one", "tone", "Mayday", "\x00\x01\x01", "\x02\x02",
    ]  # fmt: skip
    folded = [KELVIN + "ilo", LONG_S + "even", DOTTED_I]
    randomness = random.Random(41)
    for case in range(400):
        choices = pieces + folded if case % 10 == 0 else pieces
        text = "".join(randomness.choice(choices) for _ in range(randomness.choice((8, 40, 120))))
        for start, end in ((0, len(text)), (3, len(text) - 2), (len(text) // 3, len(text))):
            expected = [match.span() for match in EXTRACT.finditer(text, start, end)]
            assert [match.span() for match in figure_matches(text, start, end)] == expected, text


@pytest.mark.parametrize("pattern", [LEADS, CHEAPER])
def test_model_led_finds_what_finditer_finds(pattern):
    model = "\x00\x01\x01\x01"
    pieces = [
        model,
        " ",
        "with ",
        "With ",
        "puts ",
        "PUTS ",
        " leads",
        " is cheaper",
        " ahead",
        " lower",
        "'s",
        "x",
        ".",
    ]
    randomness = random.Random(7)
    for _ in range(1500):
        text = "".join(randomness.choice(pieces) for _ in range(randomness.choice((3, 12, 30))))
        for start, end in ((0, len(text)), (2, len(text) - 1)):
            expected = [match.span() for match in pattern.finditer(text, start, end)]
            assert [match.span() for match in model_led(pattern, text, start, end)] == expected, text


CAPABILITY_PIECES = [
    "\x00\x01\x01", " ", "Both ", "both models ", "They ", "THEY ", "Neither ", "neither model ", "supports ",
    "has ", "lacks ", "is a ", "reasoning model", "vision", "Vision", "function calling", "tool-use",
    "structured outputs", "code execution", "multimodal input", ", which only ", " offers", " and ", ", ",
    "shares ", "share ", "does not ", "(Alibaba) ", "x", ".",
]  # fmt: skip


def test_capability_claims_tried_at_their_openings_are_finditers_matches():
    randomness = random.Random(3)
    for case in range(1500):
        choices = CAPABILITY_PIECES + [LONG_S + "upports ", "v" + DOTLESS_I + "sion"] * (case % 7 == 0)
        text = "".join(randomness.choice(choices) for _ in range(randomness.choice((4, 15, 40))))
        line = (0, len(text), _openings(text, 0, len(text)))
        for pattern, opening in [*((pattern, opening) for _, pattern, opening in CAPABILITY_CLAIMS), (SHARE, "both")]:
            expected = [match.span() for match in pattern.finditer(text)]
            assert [match.span() for match in _claims(pattern, text, line, opening)] == expected, text
        starts = lower_case_starts(text, 0, len(text), CAPABILITY_STEMS)
        if starts is not None:
            names = [match.span() for match in matches_at(CAPABILITY_PATTERN, text, starts, 0, len(text))]
            assert names == [match.span() for match in CAPABILITY_PATTERN.finditer(text)], text


def test_words_first_tried_at_the_order_words_finds_what_finditer_finds():
    pieces = ["input", "Input", "OUTPUT", "prompt", "completion", "/", " and ", " ", "$2.50", "$10", ", ", "x", "."]
    randomness = random.Random(5)
    for case in range(1500):
        choices = pieces + [DOTLESS_I + "nput"] * (case % 9 == 0)
        text = "".join(randomness.choice(choices) for _ in range(randomness.choice((4, 12, 30))))
        starts = lower_case_starts(text, 0, len(text), ORDER_WORDS)
        if starts is not None:
            found = [match.span() for match in matches_at(WORDS_FIRST, text, starts, 0, len(text))]
            assert found == [match.span() for match in WORDS_FIRST.finditer(text)], text
        else:
            assert DOTLESS_I in text


def test_relatives_tried_at_their_openings_are_finditers_matches():
    pieces = [
        "30% cheaper", "2.5x the price", "1,200 times", "twice as", "Double the", "a third of the", "An eighth of ",
        "two fifths ", "A hundred times more", "half as much", "one half the", "ten times", "x", ".", "$", "5", " ",
        "cheaper", " the", "\x00\x01", "abc3", "3.5.1",
    ]  # fmt: skip
    randomness = random.Random(11)
    for case in range(1500):
        choices = pieces + [LONG_S + "ix times", "ha" + KELVIN] * (case % 9 == 0)
        text = "".join(randomness.choice(choices) for _ in range(randomness.choice((3, 10, 25))))
        for start, end in ((0, len(text)), (2, len(text) - 1)):
            expected = [match.span() for match in RELATIVE.finditer(text, start, end)]
            assert [match.span() for match in relatives(text, start, end)] == expected, text


def test_licences_tried_at_their_opening_words_are_finditers_matches():
    pieces = [
        "Apache 2.0", "apache-2", "MIT license", "Llama 3.1 Community License", "Gemma Terms of Use", "CC-BY-4.0 ",
        "DeepSeek License", "AGPLv3", "LGPL-2.0", "GPL 3", "BSD 3-Clause", "open weights", "Open-weight", "openly available",
        "public weights", "weights are public", "open source", "proprietary", "closed-source", "API-only", "closed",
        "permissively licensed", " ", ".", "x", "reopen", "\x00\x01",
    ]  # fmt: skip
    randomness = random.Random(13)
    for case in range(1500):
        choices = pieces + [DOTLESS_I, "Ba" + KELVIN] * (case % 9 == 0)
        text = "".join(randomness.choice(choices) for _ in range(randomness.choice((3, 10, 25))))
        for start, end in ((0, len(text)), (2, len(text) - 1)):
            expected = [match.span() for match in LICENCE.finditer(text, start, end)]
            assert [match.span() for match in listed_licences(text, start, end)] == expected, text
