"""The figure checker's fast paths reach exactly what the plain forms they replace reach, including on
text with the characters re.IGNORECASE matches to ASCII letters (İ ı ſ and the Kelvin sign)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.validation.figures import hedge_before
from generator.validation.vocabulary import HEDGE, HEDGES

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
