"""The figure checker's fast paths reach exactly what the plain forms they replace reach, including on
text with the characters re.IGNORECASE matches to ASCII letters (İ ı ſ and the Kelvin sign)."""

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.validation import Validator
from generator.validation.checkers.figures import ORDINAL, ORDINAL_ENDINGS, _next_number, ordinal_before
from generator.validation.figures import hedge_before, read_figure
from generator.validation.report import Mention
from generator.validation.validator import _valid_mention
from generator.validation.vocabulary import EXTRACT, HEDGE, HEDGES, NUMBER_FIGURE
from tests.support import PAIR, REFERENCE_FACTS
from tests.validation_corpus import comparison_of

KELVIN, LONG_S, DOTTED_I, DOTLESS_I = "\u212a", "\u017f", "\u0130", "\u0131"
# Each hedge kind's words as a phrase, spaces for its \s+ (hypothesis writes the phrases it matches).
HEDGE_PHRASE = re.compile("(?:" + "|".join(f"(?:{words})" for _, words in HEDGES) + ")", re.I)
FILLER = st.sampled_from(["", " ", "  ", "\n", "$", " $", "$ ", "x", "Cover", "costs ", "at ", "| ", "~", "."])
FOLDED = st.sampled_from(
    ["", KELVIN, LONG_S, DOTTED_I, DOTLESS_I, f"{LONG_S}ome", f"almo{LONG_S}t", f"le{DOTLESS_I}st"]
)


def plain_hedge(before: str) -> str | None:
    found = HEDGE.search(before)
    return found.lastgroup if found else None


@settings(max_examples=600, deadline=None)
@given(
    prefix=st.text(max_size=12),
    phrase=st.from_regex(HEDGE_PHRASE, fullmatch=True),
    case=st.sampled_from([str.lower, str.upper, str.title, str]),
    folded=FOLDED,
    tail=FILLER,
)
def test_hedge_before_reads_what_the_hedge_search_reads(prefix, phrase, case, folded, tail):
    for before in (prefix + case(phrase) + tail, prefix + folded + tail, case(phrase) + folded + tail):
        assert hedge_before(before) == plain_hedge(before), before


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"abcdeimnorstuvxy $~≈.\n|", KELVIN, LONG_S, DOTTED_I]), max_size=24))
def test_hedge_before_reads_what_the_hedge_search_reads_in_any_text(before):
    assert hedge_before(before) == plain_hedge(before)


PIECES = [
    *" .,-/$%\n|~", "2024-09-25", "July 4, 2024", "Sept. 2025", "twenty-one", "Seven", "seventeen", "twice", "about ",
    "nearly ", "over ", "$3 per 1M", "$0.20/1M tokens", "15 cents", "70/30", "5–7%", "128K", "8x7B", "1. ", "per 1M",
    "x", "times", "half", "one", "two", "the two ", "a dozen", "Q3 2025", "early 2024", "1,000", "42.50", "3.5 points",
    " providers", " percent", " cents per million", "\x00\x01\x01", "\x02\x02", KELVIN, LONG_S,
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40))
def test_a_figure_read_again_from_the_memo_is_the_figure_read_afresh(pieces):
    text = "".join(pieces)
    known: dict = {}
    # Twice over the text: the second pass reads every figure from the memo.
    for _ in range(2):
        # As the figure checker reads them: a skipped number or an expert layout is no figure.
        for match in (found for found in EXTRACT.finditer(text) if found.lastgroup not in ("skip", "layout")):
            before = text[max(0, match.start() - 24) : match.start()]
            assert read_figure(match, before, known) == read_figure(match, before), (text, match.group())


MENTION_FIELDS = st.fixed_dictionaries({
    "text": st.text(max_size=8), "line": st.integers(1, 500), "column": st.integers(1, 200),
    "start": st.integers(0, 10**5), "end": st.integers(0, 10**5),
    "kind": st.sampled_from(["number", "entity", "direction", "capability", "claim"]),
    "value": st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=3),
    "unit": st.none() | st.sampled_from(["usd_per_mtok", "points", "gap"]),
    "fact_id": st.none() | st.just("models.x.input_price"), "fact_display": st.none() | st.just("$0.20"),
    "source_url": st.none() | st.just("https://example.com"), "verified": st.booleans(),
})  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(MENTION_FIELDS)
def test_a_mention_built_directly_is_the_mention_pydantic_validates(fields):
    # In the order of the model's fields, as Validator.add writes them.
    fields = {name: fields[name] for name in Mention.model_fields}
    built, validated = _valid_mention(dict(fields)), Mention.__pydantic_validator__.validate_python(dict(fields))
    assert built == validated
    assert built.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert built.model_dump_json() == validated.model_dump_json()
    assert repr(built) == repr(validated)
    assert type(built.value) is type(validated.value)


@pytest.mark.parametrize(
    ("value", "kind", "verified"),
    [(5, "number", True), (Decimal("NaN"), "number", True), (None, "sentence", True), (None, "number", 1)],
)
def test_a_mention_of_values_validation_would_change_or_refuse_is_validated(value, kind, verified):
    validator = Validator(comparison_of(REFERENCE_FACTS, *PAIR))
    scan = validator.scan("a 5 b", "a 5 b")
    try:
        expected = Mention.__pydantic_validator__.validate_python({
            "text": "5", "line": 1, "column": 3, "start": 2, "end": 3, "kind": kind, "value": value, "unit": None,
            "fact_id": None, "fact_display": None, "source_url": None, "verified": verified,
        })  # fmt: skip
    except ValidationError:
        with pytest.raises(ValidationError):
            validator.add(scan, 2, 3, kind, verified, value)
        return
    validator.add(scan, 2, 3, kind, verified, value)
    assert scan.mentions == [expected]
    assert type(scan.mentions[0].value) is type(expected.value)


NUMBER_PIECES = st.sampled_from([
    *"0123456789$.,/- x\n|%KMB", "٣", "５", "per ", "1M", "/1M", "GPT4", "v3", "8x7B", "2024-09-25", "2024-09", "$1,000",
    "70/30", "5–7", "15 cents", "1. ", "\n1. ", "1,00", "3.", "\x02", "\x00\x01",
])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(NUMBER_PIECES, max_size=30), st.integers(0, 6), st.integers(0, 6))
def test_the_next_number_is_the_number_patterns_search(pieces, skip_start, skip_end):
    text = "".join(pieces)
    start, end = min(skip_start, len(text)), max(0, len(text) - skip_end)
    for position in range(start, end + 1):
        expected, found = NUMBER_FIGURE.search(text, position, end), _next_number(text, position, end)
        assert (found and found.span()) == (expected and expected.span()), (text, position)
        assert (found and found.lastgroup) == (expected and expected.lastgroup)


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from([*"abceimnopqrstu .#\n|", KELVIN, LONG_S, DOTTED_I, DOTLESS_I]), max_size=12),
    st.sampled_from(["", *ORDINAL_ENDINGS, "Step", "RANK", "No.", f"ran{KELVIN}", f"{LONG_S}tep", f"opt{DOTLESS_I}on"]),
    st.sampled_from(["", " ", "  ", "\n", " \n", "x"]),
)
def test_an_ordinal_before_a_figure_is_what_the_ordinal_search_finds(prefix, word, tail):
    before = prefix + word + tail
    assert ordinal_before(before) == (ORDINAL.search(before) is not None), before
