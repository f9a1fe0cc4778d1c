"""Reading a figure found in prose: its value, unit, stated precision and hedge, and whether a fact
reads as it."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from generator.comparison import Fact
from generator.factids import Family, fact_family
from generator.validation.vocabulary import (
    BINARY_SCALES,
    COUNTED,
    DOLLAR_WORDS,
    HEDGE,
    HEDGE_ENDINGS,
    MEASURED,
    MODEL,
    MONTHS,
    MULTIPLE_WORDS,
    NUMBER,
    PART_MONTHS,
    PER_BILLION,
    PER_MILLION,
    PER_MONTH,
    PER_THOUSAND,
    PER_TOKEN,
    QUARTER_WORDS,
    SCALES,
    TENS_WORDS,
    UNITS_WORDS,
    folds_to_ascii,
)

if TYPE_CHECKING:
    from generator.validation.validator import Validator

# How far a hedged figure may lie from the fact, as a share of the stated figure (at least one unit
# of its last stated digit): "about 80%" is 76-84%, "a little over 5" is 5-5.5 or 5-6.
ABOUT_SHARE, LITTLE_SHARE, LOOSE_SHARE = Decimal("0.05"), Decimal("0.1"), Decimal("0.5")
WHOLE_DOLLAR_SHARE = Decimal("0.01")
# The facts that are one model's own figure; a score is not (it is read against the benchmark's lead).
OWN_FIGURE_FAMILIES = frozenset({Family.MODEL, Family.CAPABILITY, Family.ROUTE})
PER_UNIT_BEFORE = re.compile(r"\b(?:per|a)\s+$", re.I)
PER_THOUSAND_WORDS = re.compile(r"k\b|thousand|1,000(?!,)")
WORD_PARTS = re.compile(r"[- ]")
COUNTED_AFTER, MEASURED_AFTER = re.compile(COUNTED, re.I), re.compile(MEASURED, re.I)
THE_BEFORE = re.compile(r"\b(?:the|these|those)\s+$", re.I)
COUNTED_NEXT = re.compile(
    r"\s+(?:shared\s+|tracked\s+|common\s+)?(?:providers?|routes?|benchmarks?|capabilities|vendors?|hosts?)\b", re.I
)
DOLLARS_AFTER = re.compile(
    rf"\s?(?:dollars?|USD)\b(?P<per>{PER_MILLION}|{PER_THOUSAND}|{PER_BILLION}|{PER_TOKEN}|{PER_MONTH})?", re.I
)
# The finer scales a table row's label may state for its prices.
LABEL_SCALE = re.compile(f"{PER_THOUSAND}|{PER_TOKEN}", re.I)
# A price in dollars earlier in a figure's sentence, and where sentences end.
DOLLARS_BEFORE = re.compile(r"\$\s?\d|\b(?:dollars?|bucks|USD)\b", re.I)
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
CENTS_AFTER = re.compile(rf"\s?(?:cents?\b|¢)(?P<per>{PER_MILLION}|{PER_THOUSAND}|{PER_TOKEN})?", re.I)
# A price's scale stated once after a pair of prices: "$0.04 in and $0.10 out per thousand tokens" (the
# first price's, over the second) and "$0.10 out per thousand tokens" (past its in/out word).
IN_OR_OUT = r"(?:in(?:put)?|out(?:put)?)(?:\s+tokens?)?"
PRICE_PER = rf"(?P<per>{PER_MILLION}|{PER_THOUSAND}|{PER_BILLION}|{PER_TOKEN})"
PAIR_PER_AFTER = re.compile(
    rf"(?:\s+{IN_OR_OUT})?\s*(?:/|,|and|to|vs\.?|versus|&)\s*\$\s?{NUMBER}(?:\s+{IN_OR_OUT})?{PRICE_PER}", re.I
)
OWN_PER_AFTER = re.compile(rf"\s+{IN_OR_OUT}{PRICE_PER}", re.I)
# "half a cent per 1K tokens ($0.005)": a bracketed restatement at the scale just named.
PER_BRACKETED = re.compile(
    rf"(?i:{PRICE_PER})(?:\s+(?:input|output))?(?:\s+tokens?)?(?:\s*\(|,?\s+(?:i\.e\.|or|that\s+is),?|\?[\s*_]*(?:A:)?)\s*$"
)
# "Per 1K tokens, X costs $0.00007 ...": an opening phrase states the scale of the sentence's prices.
PER_OPENING = re.compile(
    rf"(?:^|[.;!?:\n]\s*|\*\*\s*)(?:[-*•]\s+|\d{{1,3}}/\s+)?(?:[A-Z][a-z]+(?:\s+[a-z]+){{0,3}}\s+)?(?i:{PRICE_PER})"
    r"(?:\s+(?:input|output))?(?:\s+tokens?)?(?:\s+terms)?,?\s(?:[^.;!?\n]|\.(?=\d)|\bi\.e\.)*$"
)
# The figures in words, read with the words before and after them (see read_figure).
WORDS_AROUND_KINDS = frozenset({"word", "word_times", "multiple_word"})
# One unit of the last stated digit, by the number of decimal places (built once, not per comparison).
QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(12))


@dataclass(frozen=True)
class Figure:
    """A figure as the text states it. `factors` turn a fact's value into the stated scale (128K is a
    fact of 128,000 times 1/1000); `second` is the other side of a ratio or range."""

    unit: str
    value: Decimal
    places: int = 0
    factors: tuple[Decimal, ...] = (Decimal(1),)
    hedge: str | None = None
    second: Decimal | None = None

    @property
    def tolerance(self) -> float:
        """How far from the stated value a fact may lie, for a first search by float."""
        quantum = 10.0**-self.places
        if self.hedge:
            return max(quantum, float(abs(self.value)) * float(LOOSE_SHARE)) + quantum
        return quantum


def hedge_before(before: str) -> str | None:
    # A search anchored at the end still tries every position (~3 µs): first a test of the words a
    # hedge can end with ("costs $3" ends with none; a table cell's figure follows "| ").
    if not before.rstrip().rstrip("$").rstrip().lower().endswith(HEDGE_ENDINGS) and not folds_to_ascii(before):
        return None
    found = HEDGE.search(before)
    return found.lastgroup if found else None


def read_figure(match: re.Match, before: str, known: dict[tuple, Figure | None] | None = None) -> Figure | None:
    """The figure an EXTRACT match states, or None when the match is no claim (a bare "one"). `known`
    keeps the figures read before, by what they are read from (a page states many figures many times)."""
    # "about a dozen", "roughly half a dozen": the hedge stands before the article.
    hedge = hedge_before(DOZEN_ARTICLE.sub("", before) if kind_is_dozen(match) else before)
    # The alternative that matched: the last group closed ("suffix" after "plain", "word_times" after "word").
    kind = match.lastgroup
    if kind == "usd" and match.group("usd_per") is None and match.group("usd_scale") is None:
        per = _per_after(match.string, match.end()) or _per_before(match.string, match.start())
        if per is not None:
            return _dollars(match.group("usd_number"), None, per, hedge)
    if known is None or kind in WORDS_AROUND_KINDS:
        return _figure_of(match, kind, hedge, before)
    # Every other kind reads the match's groups and the hedge alone.
    key = (kind, match.groups(), hedge)
    if key not in known:
        known[key] = _figure_of(match, kind, hedge, before)
    return known[key]


def _per_before(text: str, start: int) -> str | None:
    """ "Per 1K tokens, X works out to $0.00007": the scale an opening phrase of the sentence states."""
    stretch = text[max(0, start - 200) : start]
    if "er " not in stretch and "er-" not in stretch:
        return None
    found = PER_OPENING.search(stretch) or PER_BRACKETED.search(stretch)
    return found.group("per") if found else None


def _per_after(text: str, end: int) -> str | None:
    """The scale a bare price takes from the words after it (PAIR_PER_AFTER, OWN_PER_AFTER), if any."""
    # Most prices are followed by neither a second price nor an in/out word: a substring test first.
    following = text[end : end + 12].lower()
    if "$" not in text[end : end + 24] and " in" not in following and " out" not in following:
        return None
    found = OWN_PER_AFTER.match(text, end) or PAIR_PER_AFTER.match(text, end)
    return found.group("per") if found else None


def _figure_of(match: re.Match, kind: str | None, hedge: str | None, before: str) -> Figure | None:
    if kind == "date":
        return Figure("date", ordinal(dt.date.fromisoformat(match.group("date"))))
    if kind == "month":
        year, month = match.group("month").split("-")
        return Figure("month", Decimal(int(year) * 100 + int(month)))
    if kind == "named":
        return _named_date(match)
    if kind == "dmy":
        # "14 April 2025": day, month, year.
        month = MONTHS[match.group("dmy_month")[:3].lower()]
        try:
            return Figure("date", ordinal(dt.date(int(match.group("dmy_year")), month, int(match.group("dmy_day")))))
        except ValueError:
            return None
    if kind == "quarter":
        quarter = match.group("quarter_number") or QUARTER_WORDS[match.group("quarter_word").lower()]
        return Figure("quarter", Decimal(int(match.group("quarter_year")) * 10 + int(quarter)))
    if kind == "part":
        part = list(PART_MONTHS).index(match.group("part_word").lower())
        return Figure("part", Decimal(int(match.group("part_year")) * 10 + part))
    if kind == "usd":
        return _usd(match, hedge)
    if kind == "dollar_word":
        # Read only at a stated scale ("a dollar per million", "half a cent per 1K tokens ($0.005)"): an
        # amount in words with none is too loose to check, and "eight-tenths of a cent" is no "a cent".
        per = match.group("dollar_word_per") or _per_before(match.string, match.start())
        if per is None or match.string.endswith("of ", 0, match.start()):
            return None
        words = match.group("dollar_word")[
            : len(match.group("dollar_word")) - len(match.group("dollar_word_per") or "")
        ]
        return _dollars(DOLLAR_WORDS[" ".join(words.lower().split())], None, per, hedge)
    if kind == "usd_suffix":
        return _dollars(match.group("usd_suffix_number"), None, match.group("usd_suffix_per"), hedge)
    if kind == "cents":
        return _cents(match, hedge)
    if kind == "ratio":
        return Figure("percent", Decimal(match.group("ratio_a")), second=Decimal(match.group("ratio_b")))
    if kind == "range":
        low, _ = decimal_of(match.group("range_a"))
        high, _ = decimal_of(match.group("range_b"))
        return Figure("percent" if "%" in (match.group("range_suffix") or "") else "number", low, second=high)
    if kind == "multiple_word":
        if match.string.startswith(" a dozen", match.end()) or match.string.endswith(" and a ", 0, match.start()):
            # "half a dozen": the count is read at "dozen"; "five and a half months": part of the five.
            return None
        if match.group().lower() == "half" and HALF_POINT.match(match.string, match.end()):
            # "a half-point lead", "half a point": a gap of 0.5.
            return Figure("points", Decimal("0.5"), 1, hedge=hedge)
        return Figure("multiplier", Decimal(MULTIPLE_WORDS[match.group("multiple_word").lower()]))
    if kind in ("word", "word_times"):
        # "per one million tokens", "a one-off": a unit, not a count.
        # "a dozen providers" is a count all the same.
        one = match.group("word").lower() == "one"
        unit_word = one and (PER_UNIT_BEFORE.search(before) or PRONOUN_ONE_BEFORE.search(before))
        return None if unit_word or _the_two_models(match, before) else _word(match, hedge)
    number, places = decimal_of(match.group("plain"))
    # "70-billion-parameter": the hyphen joins the scale word to the figure.
    return _with_suffix(number, places, (match.group("suffix") or "").strip().lstrip("-").lower(), hedge)


# "the stronger one", "which one": "one" as a pronoun, no count.
PRONOUN_ONE_BEFORE = re.compile(r"\b(?:the|this|that|which|each|either|any)\s+(?:[a-z-]+\s+)?$", re.I)
# "they share two": the shared count, its noun left out.
SHARED_BEFORE = re.compile(r"\b(?:share|shares|sharing|have\s+in\s+common)\s+(?:just\s+|only\s+|exactly\s+)?$", re.I)
ELLIPSIS_BEFORE = re.compile(rf"{MODEL}(?:'s)?,?\s+(?:on|with|at|has|offers)\s+(?:just\s+|only\s+)?$")
COUNT_NOUN = re.compile(r"\b(?:providers?|routes?|hosts?|benchmarks?)\b", re.I)
BARE_END = re.compile(r"\s*(?:[.,;:)]|$|\s(?:on|in|at|for)\b)")
HALF_AFTER = re.compile(r"\s+and\s+a\s+half\b", re.I)
HALF_POINT = re.compile(r"(?:-|\s+a\s+)point\b", re.I)
DOZEN_ARTICLE = re.compile(r"(?:half\s+)?an?\s+$", re.I)


def kind_is_dozen(match: re.Match) -> bool:
    return match.lastgroup in ("word", "word_times") and match.group("word").lower() == "dozen"


def _the_two_models(match: re.Match, before: str) -> bool:
    """ "The two share eight providers": "the two" names the pair, unless a counted noun follows it
    ("the two shared benchmarks")."""
    return (
        match.group("word").lower() == "two"
        and THE_BEFORE.search(before) is not None
        and not COUNTED_NEXT.match(match.string, match.end())
    )


def _named_date(match: re.Match) -> Figure | None:
    month = MONTHS[match.group("named")[:3].lower()]
    # "October '23": the century is this one.
    year = int(match.group("named_year") or f"20{match.group('named_short_year')}")
    if match.group("named_day"):
        try:
            return Figure("date", ordinal(dt.date(year, month, int(match.group("named_day")))))
        except ValueError:
            return None
    return Figure("month", Decimal(year * 100 + month))


def _usd(match: re.Match, hedge: str | None) -> Figure:
    return _dollars(match.group("usd_number"), match.group("usd_scale"), match.group("usd_per"), hedge)


def scaled_by_label(figure: Figure, labels: str) -> Figure:
    """A bare price in a table row whose label states a finer scale ("Input price per 1K tokens |
    $0.0004"): read at that scale."""
    if figure.unit != "usd" or not labels:
        return figure
    per = LABEL_SCALE.search(labels)
    return _dollars(f"{figure.value}", None, per.group(), figure.hedge) if per else figure


def round_tokens(figure: Figure) -> Figure:
    """ "A full 1,000,000 tokens", "262,000 tokens": a count of tokens in round thousands is read as
    "1M" and "262K" are, at the precision of its last non-zero group, in decimal or binary thousands."""
    value, groups = figure.value, 0
    while figure.places == 0 and value >= 1000 and value % 1000 == 0:
        value, groups = value / 1000, groups + 1
    if groups == 0:
        return figure
    return replace(figure, value=value, factors=(Decimal(1000) ** -groups, Decimal(1024) ** -groups))


def _dollars(number_text: str, scale_text: str | None, per_text: str | None, hedge: str | None) -> Figure:
    """A price: "$0.40/1M", "2.50 USD per million", "$1.5K a month"."""
    number, places = decimal_of(number_text)
    scale = (scale_text or "").strip().lower()
    per = (per_text or "").lower()
    factor = 1 / Decimal(SCALES[scale]) if scale else Decimal(1)
    if "mo" in per and "mtok" not in per:
        return Figure("usd_per_month", number, places, (factor,), hedge)
    if "token" in per:
        return Figure("usd_per_mtok", number, places, (factor / 10**6,), hedge)
    if PER_THOUSAND_WORDS.search(per):
        return Figure("usd_per_mtok", number, places, (factor / 1000,), hedge)
    if "billion" in per or "1b" in per:
        return Figure("usd_per_mtok", number, places, (factor * 1000,), hedge)
    return Figure("usd_per_mtok" if per else "usd", number, places, (factor,), hedge)


def _cents(match: re.Match, hedge: str | None) -> Figure:
    """ "15 cents per million": a price in cents, read as dollars times 100."""
    number, places = decimal_of(match.group("cents_number"))
    per = match.group("cents_per") or _per_before(match.string, match.start()) or ""
    return _in_cents(number, places, per, hedge)


def _in_cents(number: Decimal, places: int, per: str, hedge: str | None) -> Figure:
    per = per.lower()
    factor = Decimal(100) / (10**6 if "token" in per else 1000 if PER_THOUSAND_WORDS.search(per) else 1)
    return Figure("usd_per_mtok" if per else "usd", number, places, (factor,), hedge)


# The "a" of "a hundred and forty": one hundred.
A_HUNDRED = {"a": 1}


def word_value(word: str) -> Decimal:
    """forty-two -> 42, nine hundred and eighty -> 980, a hundred -> 100."""
    value = 0
    for part in WORD_PARTS.split(word.lower()):
        value = (
            value * 100
            if part == "hundred"
            else value + (TENS_WORDS.get(part, 0) or UNITS_WORDS.get(part, 0) or A_HUNDRED.get(part, 0))
        )
    return Decimal(value)


def _word(match: re.Match, hedge: str | None) -> Figure | None:
    number = word_value(match.group("word"))
    if match.group("word").lower() == "dozen" and match.string.endswith("half a ", 0, match.start()):
        number = Decimal(6)
    if match.group("word_times"):
        return Figure("multiplier", number, hedge=hedge)
    cents = CENTS_AFTER.match(match.string, match.end())
    if cents:
        # "fifteen cents per million": a price in cents, spelled out.
        return _in_cents(number, 0, cents.group("per") or "", hedge)
    dollars = DOLLARS_AFTER.match(match.string, match.end())
    if dollars:
        # "ninety dollars a month": a price in dollars, spelled out.
        return _dollars(f"{number}", None, dollars.group("per"), hedge)
    # Both start with a space, so matching from the figure's end reads as matching the rest of the text.
    if COUNTED_AFTER.match(match.string, match.end()) or SHARED_BEFORE.search(match.string, 0, match.start()):
        return Figure("count", number, hedge=hedge)
    if ELLIPSIS_BEFORE.search(match.string, max(0, match.start() - 40), match.start()) and COUNT_NOUN.search(
        match.string, max(0, match.start() - 120), match.start()
    ):
        # "X is on five tracked providers, Y on four": the count of the clause before, its noun left out.
        return Figure("count", number, hedge=hedge)
    # "five and a half points": the half is part of the figure.
    half = HALF_AFTER.match(match.string, match.end())
    places = 1 if half else 0
    if half:
        number += Decimal("0.5")
    measured = MEASURED_AFTER.match(match.string, half.end() if half else match.end())
    if measured:
        word = measured.group().strip(" -\t\n").lower()
        if word.startswith(("per", "percent")):
            return Figure("percent", number, places, hedge=hedge)
        if word in SCALES:
            # "six thousand dollars a month"; "three and a half thousand" after a price in dollars.
            dollars = DOLLARS_AFTER.match(match.string, measured.end())
            if dollars or (BARE_END.match(match.string, measured.end()) and _dollars_before(match)):
                return _dollars(f"{number}", word, dollars.group("per") if dollars else None, hedge)
            return _with_suffix(number, places, word, hedge)
        return Figure("points", number, places, hedge=hedge)
    if hedge and number > 1 and BARE_END.match(match.string, match.end()):
        # "just north of sixty.": a hedge makes a bare number in words that ends its phrase a figure,
        # in dollars after a price in dollars ("under two hundred dollars, while Y lands at a bit over four hundred").
        if _dollars_before(match):
            return _dollars(f"{number}", None, None, hedge)
        return Figure("number", number, places, hedge=hedge)
    return None


def _dollars_before(match: re.Match) -> bool:
    """Whether the sentence before a figure in words states a price in dollars."""
    before = match.string[max(0, match.start() - 120) : match.start()]
    return DOLLARS_BEFORE.search(SENTENCE_END.split(before)[-1]) is not None


def _with_suffix(number: Decimal, places: int, suffix: str, hedge: str | None) -> Figure:
    if suffix in ("%", "percent"):
        return Figure("percent", number, places, hedge=hedge)
    if suffix in ("pts", "pp", "point", "points", "percentage points"):
        return Figure("points", number, places, hedge=hedge)
    if suffix in ("×", "x", "times"):
        return Figure("multiplier", number, places, hedge=hedge)
    if suffix.lstrip("-").strip() in ("token", "tokens"):
        return round_tokens(Figure("tokens", number, places, hedge=hedge))
    if suffix in SCALES:
        factors = [1 / Decimal(SCALES[suffix])] + (
            [1 / Decimal(BINARY_SCALES[suffix])] if suffix in BINARY_SCALES else []
        )
        unit = "tokens" if suffix in ("k", "thousand") else "parameters" if suffix in ("b", "billion") else "scaled"
        return Figure(unit, number, places, tuple(factors), hedge)
    if places == 0 and 1900 <= number <= 2100:
        return Figure("year", number)
    return Figure("number", number, places, hedge=hedge)


def decimal_of(text: str) -> tuple[Decimal, int]:
    number = Decimal(text.replace(",", ""))
    return number, max(0, -number.as_tuple().exponent)


def ordinal(date: dt.date) -> Decimal:
    return Decimal(date.toordinal())


def reads_as(actual: Decimal, stated: Decimal, places: int, hedge: str | None) -> bool:
    """Does an exact value read as the stated figure, at the precision and in the direction its
    hedge states? ("nearly 60" is below 60 and close to it; "over 100K" is above 100K.)"""
    quantum = QUANTA[places] if 0 <= places < len(QUANTA) else Decimal(1).scaleb(-places)
    try:
        if actual.quantize(quantum, rounding=ROUND_HALF_UP) == stated and hedge not in (
            "over",
            "under",
            "little_over",
            "little_under",
            "nearly",
        ):
            return True
    except InvalidOperation:
        return False
    if hedge is None:
        return False
    gap, size = actual - stated, abs(stated)
    if hedge == "about":
        return abs(gap) <= max(quantum / 2, size * ABOUT_SHARE)
    if hedge == "nearly":
        # "nearly 60" for 59.1, not "nearly five" for 4: within half the stated precision or the share.
        return gap < 0 and -gap <= max(quantum / 2, size * ABOUT_SHARE)
    if hedge in ("over", "little_over"):
        return gap > 0 and gap <= max(quantum, size * (LITTLE_SHARE if hedge == "little_over" else LOOSE_SHARE))
    return gap < 0 and -gap <= max(quantum, size * (LITTLE_SHARE if hedge == "little_under" else LOOSE_SHARE))


def fact_matches(fact: Fact, figure: Figure, stated: Decimal | None = None) -> bool:
    """Does the fact read as the stated figure at the precision the text states it?"""
    value, stated = fact.value, figure.value if stated is None else stated
    if figure.unit == "year":
        return year_of(value) == stated
    if figure.unit == "date":
        return isinstance(value, dt.date) and ordinal(value) == stated
    if figure.unit == "month":
        return year_month_of(value) == stated
    if figure.unit in ("quarter", "part"):
        return _in_period(year_month_of(value), figure)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return False
    whole_dollars = fact.unit == "usd_per_mtok" and figure.places == 0 and figure.hedge is None
    return any(
        # "$3 per million" is a price in whole dollars, not $2.50 rounded: it must be (almost) exact.
        # "3 cents" is the page's own rounding of $0.027 to the cent.
        abs(Decimal(value) * factor - stated) <= stated * WHOLE_DOLLAR_SHARE
        if whole_dollars and factor == 1
        else reads_as(Decimal(value) * factor, stated, figure.places, figure.hedge)
        for factor in figure.factors
    )


def _in_period(year_month: Decimal | None, figure: Figure) -> bool:
    """Whether a date known to the month falls in the stated quarter or part of a year."""
    if year_month is None:
        return False
    year, month = divmod(int(year_month), 100)
    stated_year, index = divmod(int(figure.value), 10)
    if figure.unit == "quarter":
        return year == stated_year and (month - 1) // 3 + 1 == index
    months = list(PART_MONTHS.values())[index]
    # "Winter 2025" may be its January or its December.
    return year == stated_year and month in months


def year_of(value) -> Decimal | None:
    if isinstance(value, dt.date):
        return Decimal(value.year)
    if isinstance(value, str) and re.fullmatch(r"\d{4}(?:-\d{2})?", value):
        return Decimal(value[:4])
    # A release known only to the year reads back from its Fact as the number 2024.
    if (
        isinstance(value, (int, Decimal))
        and not isinstance(value, bool)
        and 1900 <= value <= 2100
        and value == int(value)
    ):
        return Decimal(int(value))
    return None


def year_month_of(value) -> Decimal | None:
    if isinstance(value, dt.date):
        return Decimal(value.year * 100 + value.month)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return Decimal(int(value[:4]) * 100 + int(value[5:]))
    return None


def is_number(fact: Fact) -> bool:
    return isinstance(fact.value, (int, Decimal)) and not isinstance(fact.value, bool)


def closest(facts: list[Fact], stated: Decimal, factors) -> Fact | None:
    """The fact the text most likely meant: a model's own figure (its input price, a route's price)
    before a derived one (a price difference), then the nearest value."""
    numeric = [fact for fact in facts if is_number(fact)]
    if not numeric:
        return facts[0] if facts else None
    return min(
        numeric,
        key=lambda fact: (not own_figure(fact), min(abs(Decimal(fact.value) * factor - stated) for factor in factors)),
    )


def own_figure(fact: Fact) -> bool:
    """A figure of one model (its own attribute, capability or route), not of the pair or a benchmark."""
    return fact_family(fact.id) in OWN_FIGURE_FAMILIES


class ValueIndex:
    """A unit's numeric facts sorted by value: a stated figure's neighbours by binary search, not by
    comparing it with every fact (a page states ~150 figures; a pair has hundreds of facts)."""

    def __init__(self, facts: list[Fact], approximate: dict[str, float]):
        ordered = sorted((approximate[fact.id], fact.id) for fact in facts if fact.id in approximate)
        self.values = [value for value, _ in ordered]
        self.ids = [fact_id for _, fact_id in ordered]

    def near(self, stated: Decimal, tolerance: float, factors) -> set[str]:
        """Ids of the facts that, under some scale factor, lie within `tolerance` of the stated figure.
        A float prefilter, a little wider than exact: the Decimal comparison decides."""
        found: set[str] = set()
        for factor in map(float, factors):
            if factor <= 0:
                return set(self.ids)
            centre = float(stated) / factor
            slack = tolerance / factor + abs(centre) * 1e-9 + 1e-12
            low, high = (
                bisect.bisect_left(self.values, centre - slack),
                bisect.bisect_right(self.values, centre + slack),
            )
            found.update(self.ids[low:high])
        return found


class FigureReading:
    """One stated figure against one Validator's facts: the ids of the numeric facts near it, and
    whether each fact reads as it (read once a fact, when first asked)."""

    def __init__(self, validator: Validator, figure: Figure):
        self.figure = figure
        self.near = validator.by_value[figure.unit].near(figure.value, figure.tolerance, figure.factors)
        self.approximate = validator.approximate
        self.readings: dict[str, bool] = {}

    def matches(self, fact: Fact) -> bool:
        """Whether a known fact reads as the figure (a numeric fact far from it does not)."""
        fact_id = fact.id
        reading = self.readings.get(fact_id)
        if reading is None:
            near = fact.known and (fact_id in self.near or fact_id not in self.approximate)
            reading = self.readings[fact_id] = near and fact_matches(fact, self.figure)
        return reading
