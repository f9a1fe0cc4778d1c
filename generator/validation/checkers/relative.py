"""Relative figures: "N% cheaper", "costs N% more", "N× the price", "a third of the price", "half as
much", "twice the context". Each is computed from the facts in the direction the sentence states (the
subject against the other model) for the attribute it names (price, context or score), and read at
its stated precision; a figure that holds only the other way round is a wrong direction."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from generator.comparison import Fact
from generator.factids import (
    benchmark_fact,
    context_fact,
    gap_fact,
    model_fact,
    parse_fact_id,
    same_kind_of_fact,
    score_fact,
)
from generator.validation.descriptors import price_topic
from generator.validation.figures import (
    LITTLE_SHARE,
    LOOSE_SHARE,
    decimal_of,
    hedge_before,
    is_number,
    reads_as,
    word_value,
)
from generator.validation.scan import Region, Scan
from generator.validation.vocabulary import IT_SUBJECT, NUMBER, lower_case_starts, matches_at

if TYPE_CHECKING:
    from generator.validation.validator import Validator

LESS = r"cheaper|less\ expensive|lower|less|smaller|shorter|narrower|fewer|more\ affordable"
MORE = r"more\ expensive|pricier|dearer|costlier|more|higher|larger|bigger|longer|wider|greater|better|stronger"
# Fractions in words: "half", "a third", "one sixth", "two fifths", "seven eighths" (every proper
# fraction up to tenths, in the singular after "a", "an" or "one").
# The words that say which way "by a third" runs: cheaper or dearer.
BY_DIRECTION = re.compile(
    r"\b(?:undercuts?|cheaper|less\s+expensive|lower|saves?|cuts?|reduces?|trims?|slashes|more\s+expensive|pricier|dearer|costlier|higher|premium)\b",
    re.I,
)
MORE_BY = frozenset({"more expensive", "pricier", "dearer", "costlier", "higher", "premium"})
DENOMINATORS = {
    "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "hundredth": 100, "thousandth": 1000,
}  # fmt: skip
NUMERATORS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
FRACTIONS = {"half": Decimal(1) / 2, "one half": Decimal(1) / 2}
FRACTIONS |= {
    f"{article} {denominator}": Decimal(1) / size
    for denominator, size in DENOMINATORS.items()
    for article in ("an" if denominator[0] in "ae" else "a", "one")
}
FRACTIONS |= {
    f"{numerator} {denominator}s": Decimal(count) / size
    for numerator, count in NUMERATORS.items()
    for denominator, size in DENOMINATORS.items()
    if count < size
}
# "one-third", "two-fifths": written with a hyphen too.
FRACTIONS |= {
    key.replace(" ", "-"): value for key, value in FRACTIONS.items() if key.startswith(tuple(NUMERATORS) + ("one",))
}
MULTIPLES = {
    "twice": Decimal(2),
    "double": Decimal(2),
    "two times": Decimal(2),
    "triple": Decimal(3),
    "three times": Decimal(3),
    "thrice": Decimal(3),
    "four times": Decimal(4),
    "five times": Decimal(5),
    "ten times": Decimal(10),
    # "X nearly doubles Y's score": the verb states the multiple.
    "doubles": Decimal(2),
    "triples": Decimal(3),
    "quadruples": Decimal(4),
    "quadruple": Decimal(4),
}
TIMES_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "fifty", "a hundred", "a thousand",
)  # fmt: skip
# The multiples word_value does not spell out.
ROUND_TIMES = {"a hundred": Decimal(100), "a thousand": Decimal(1000)}
WORD_TIMES = "|".join(TIMES_WORDS).replace(" ", "\\ ")
RELATIVE = re.compile(
    rf"""(?<![\w.$])(?:
      (?P<percent_figure>(?P<percent>{NUMBER})\s?(?:%|\ percent|\ per\ cent))\s+(?:(?P<percent_less>{LESS})|(?P<percent_more>{MORE}))\b
    | (?P<times_figure>(?:(?P<times_low>{NUMBER}|{WORD_TIMES})\s*(?:to|–|-)\s*|(?<=between\ )(?P<times_between>{NUMBER}|{WORD_TIMES})\s+and\s+)?(?P<times>{NUMBER}|{WORD_TIMES})(?P<and_half>\ and\ a\ half)?\s?(?:×|x(?![\w])|\ times|[- ]fold))\s+(?:(?P<times_less>{LESS})\b|(?:the|as|its|their|that\ of|what|{MORE})\b|(?=\x00))
    | (?P<fraction>{"|".join(map(re.escape, sorted(FRACTIONS, key=len, reverse=True)))})\s+(?:(?P<fraction_less>{LESS})\b|(?P<fraction_more>{MORE})\b|(?:of\ )?(?:the|its|their|as|what)\b|of\ (?=\x00))
    | (?P<multiple>{"|".join(map(re.escape, MULTIPLES))})\s+(?:(?:the|as|its|their|what|that)\b|(?=\x00))
    | (?<=\bby\ )(?P<by_fraction>{"|".join(map(re.escape, sorted(FRACTIONS, key=len, reverse=True)))})(?![\w-])(?!\s+an?\s+(?:point|percentage))
    )""",
    re.X | re.I,
)
RELATIVE_STEMS = (
    "%",
    "×",
    "x ",
    "times",
    "percent",
    "per cent",
    "half",
    "third",
    "quarter",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "hundredth",
    "thousandth",
    "twice",
    "double",
    "triple",
    "thrice",
    "fold",
    "doubles",
    "triples",
    "quadruple",
)
# Where a relative figure can open: a run of digits, or one of these (lower-case) words.
RELATIVE_OPENINGS = (*TIMES_WORDS, *FRACTIONS, *MULTIPLES)
DIGITS = re.compile(r"\d+")
ITS_BEFORE = re.compile(r"\b(?:its|their)\b", re.I)
REFERRING = re.compile(r"[\s*_]*(?:That|This|Which|It)\b")
# "input rate" is a price; a bare "rate" may be a score's ("pass rate").
PRICE_WORDS = re.compile(
    r"pric|cost|expensive|cheap|undercut|pay|dear|afford|charg|\$|per (?:1M|million)|\bbills?\b|spend|(?:input|output|token|blended|list) rates?\b",
    re.I,
)
OBJECT_BEFORE = re.compile(r"\b(?:of|than|as|to|with)\s+$", re.I)
ITS_OPENING = re.compile(r"[\s*_]*(?:A:\s*)?(?:Its|It)\b")
THAN_BEFORE = re.compile(r"\bthan\s+$", re.I)
WHICH = re.compile(r"\b(?:which|who|whose)\b", re.I)
PROVIDER_WORDS = re.compile(r"provider|host|route", re.I)
ACTIVE_WORDS = re.compile(r"\bactiv", re.I)
# "37B, roughly half of Y's dense 72.7B": a count in billions is a model's size.
EXPERT_WORDS = re.compile(r"\bexperts\b", re.I)
EXPERT_COUNT = re.compile(r"(\d+) experts")
SIZE_WORDS = re.compile(r"param|model size|\b\d+(?:\.\d+)?\s?B\b")
# "seven times smaller": a model's size, where no context, price or provider word says otherwise.
SIZE_ADJECTIVE = re.compile(r"\b(?:smaller|larger|bigger)\b", re.I)
CONTEXT_WORDS = re.compile(r"context|window|prompt length|long documents", re.I)
SCORE_WORDS = re.compile(r"scor|points|accuracy|benchmark", re.I)


@dataclass(frozen=True)
class Stated:
    """A relative figure: its value, how it reads a ratio r = subject / other, and its precision."""

    value: Decimal
    form: str  # "less_percent", "more_percent", "ratio", "inverse_ratio"
    places: int
    hedge: str | None
    worded: bool
    # "between three and four times": the lower end of a stated range (`value` is the upper).
    low: Decimal | None = None

    def expected(self, ratio: Decimal) -> Decimal:
        if self.form == "less_percent":
            return (1 - ratio) * 100
        if self.form == "more_percent":
            return (ratio - 1) * 100
        return ratio if self.form == "ratio" else 1 / ratio

    def holds(self, ratio: Decimal) -> bool:
        if ratio <= 0:
            return False
        actual = self.expected(ratio)
        if self.low is not None:
            slack = Decimal("0.15") if self.hedge else Decimal("0.07")
            return self.low * (1 - slack) <= actual <= self.value * (1 + slack)
        if self.worded:
            return self._worded_holds(actual)
        return reads_as(actual, self.value, self.places, self.hedge)

    def _worded_holds(self, actual: Decimal) -> bool:
        """A worded figure ("half", "two fifths", "twice") is exact. A bound bounds it as it bounds a
        figure ("less than half" is below a half and near it, "nearly twice" just below two); an
        approximation reads within 15%, a bare word within 7%."""
        gap = actual - self.value
        if self.hedge in ("under", "little_under", "nearly"):
            return gap < 0 and -gap <= self.value * (LOOSE_SHARE if self.hedge == "under" else LITTLE_SHARE)
        if self.hedge in ("over", "little_over"):
            return gap > 0 and gap <= self.value * (LOOSE_SHARE if self.hedge == "over" else LITTLE_SHARE)
        return abs(gap) <= self.value * (Decimal("0.15") if self.hedge else Decimal("0.07"))


def relatives(masked: str, start: int, end: int) -> Iterator[re.Match]:
    """RELATIVE.finditer(masked, start, end), tried only where a relative figure can open (sre would
    try RELATIVE, which opens with a lookbehind, at every position)."""
    words = lower_case_starts(masked, start, end, RELATIVE_OPENINGS)
    if words is None:
        return RELATIVE.finditer(masked, start, end)
    digits = [found.start() for found in DIGITS.finditer(masked, start, end)]
    return matches_at(RELATIVE, masked, sorted(digits + words), start, end)


class RelativeChecker:
    kind = "relative"
    cells = False

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        seen: set[int] = set()
        for match in (
            match for start, end in scan.windows(RELATIVE_STEMS, region) for match in relatives(scan.masked, start, end)
        ):
            if match.start() in seen:
                continue
            seen.add(match.start())
            if match.group("by_fraction"):
                by_form, subject = _by_fraction_sides(scan, match)
                if by_form is None:
                    continue
                stated = _stated(match, scan.masked[max(0, match.start() - 24) : match.start()], by_form)
            else:
                stated = _stated(match, scan.masked[max(0, match.start() - 24) : match.start()])
                subject = self._subject(validator, scan, match.start()) or self._referred(
                    validator, scan, match, stated
                )
            values = self._values(validator, scan, match, subject) if subject in validator.pair else None
            if values is None:
                continue
            mine, theirs, fact, derived = values
            start = match.start()
            end = match.end(
                next(
                    name
                    for name in ("percent_figure", "times_figure", "fraction", "multiple", "by_fraction")
                    if match.group(name)
                )
            )
            scan.claimed.add(start)
            if match.group("times_low") or match.group("times_between"):
                # "between three and four times": the upper end is part of this figure too.
                scan.claimed.add(match.start("times"))
            if match.group("and_half"):
                # "two and a half times": the "half" is part of this figure, not one of its own.
                scan.claimed.add(match.start("and_half") + len(" and a "))
            ratio, reverse = Decimal(mine) / Decimal(theirs), Decimal(theirs) / Decimal(mine)
            verified = stated.holds(ratio)
            validator.add(scan, start, end, "number", verified, stated.value, "relative", fact)
            if verified:
                continue
            if stated.holds(reverse):
                message = f"that holds for {validator.names[validator.other(subject)]} against {validator.names[subject]}, not the other way round ({fact.attribute})"
                validator.find(scan, start, end, "wrong_direction", message, derived)
                continue
            owner = self._other_attribute(validator, subject, stated, fact.attribute)
            nearest = self._nearest_derived(validator, stated, derived)
            if owner:
                message = f"{scan.text[start:end]} holds for {owner}, but the text states it about {fact.attribute}"
                validator.find(scan, start, end, "wrong_attribution", message, derived)
            else:
                message = f"no fact has the value {scan.text[start:end]}; state the fact's own figure or remove it"
                validator.find(scan, start, end, "unsupported_number", message, nearest)

    def _other_attribute(self, validator: Validator, subject: str, stated: Stated, attribute: str) -> str | None:
        """The other price (or the context window) the stated relation does hold for, if any."""
        for other_attribute in ("input_price", "output_price", "blended_price", "monthly_cost", "context_window"):
            mine, theirs = (
                validator.facts.get(f"{subject}.{other_attribute}"),
                validator.facts.get(f"{validator.other(subject)}.{other_attribute}"),
            )
            known = (
                other_attribute != attribute
                and mine
                and theirs
                and mine.known
                and theirs.known
                and mine.value
                and theirs.value
            )
            if known and stated.holds(Decimal(mine.value) / Decimal(theirs.value)):
                return other_attribute
        return None

    def _nearest_derived(self, validator: Validator, stated: Stated, derived: Fact) -> Fact:
        """Of the facts of the derived kind ("*.cheaper_percent"), the one nearest the stated value."""
        kind = parse_fact_id(derived.id)
        same_kind = [fact for fact in validator.facts.values() if same_kind_of_fact(fact.id, kind) and is_number(fact)]
        return min(same_kind, key=lambda fact: abs(Decimal(fact.value) - stated.value), default=derived)

    def _subject(self, validator: Validator, scan: Scan, start: int) -> str | None:
        if start in scan.owners:
            return scan.owners[start]
        sentence_start, sentence_end = scan.sentence(start)
        named = scan.models_between(sentence_start, start)
        if named:
            # "X is a quarter of Y's input price and under a third of its output price": a model named
            # as the object of an earlier comparison ("of Y's") is not the subject of the next one.
            last_start, last = named[-1]
            object_of_before = OBJECT_BEFORE.search(scan.masked, max(0, last_start - 6), last_start)
            if object_of_before and ITS_BEFORE.search(scan.masked, last_start, min(len(scan.masked), start + 30)):
                subjects = [
                    model
                    for model_start, model in named
                    if not OBJECT_BEFORE.search(scan.masked, max(0, model_start - 6), model_start)
                ]
                return subjects[-1] if subjects else last
            if len(named) > 1 and THAN_BEFORE.search(scan.masked, max(0, last_start - 6), last_start):
                # "X is 70% cheaper than Y on output and 40% cheaper on input": the comparison's subject
                # goes on past its object (unless "which" turns to the object).
                if not WHICH.search(scan.masked, last_start, start):
                    return named[-2][1]
            return last
        if sentence_start > 1 and ITS_OPENING.match(scan.masked, sentence_start):
            # "How much cheaper is X? Its blended price is 63% lower": the model the sentence before is about.
            referred = validator.named_before(scan, sentence_start)
            if referred:
                return referred
        # "Despite having under a sixth of the parameters, X outscores Y": the subject comes after
        # ("twice the context of Y" names the object, not the subject).
        after = scan.models_between(start, sentence_end)
        following = [
            model
            for model_start, model in after
            if not OBJECT_BEFORE.search(scan.masked, max(start, model_start - 6), model_start)
        ]
        if following:
            return following[0]
        # "It activates 37B, roughly half of Y's 72.7B" (read alone): "it" is the other model than the object.
        objects = {model for _, model in after}
        if len(objects) == 1 and IT_SUBJECT.search(scan.masked, sentence_start, start):
            return validator.other(objects.pop())
        return None

    def _referred(self, validator: Validator, scan: Scan, match: re.Match, stated: Stated) -> str | None:
        """ "... X has 1.23 billion parameters, Y some 400 billion. That is more than 300 times the
        parameter count.": a sentence opening with "That"/"This" compares the two the one before named,
        in whichever direction the figure holds (it names neither side)."""
        sentence_start, _ = scan.sentence(match.start())
        if sentence_start < 2 or not REFERRING.match(scan.masked, sentence_start):
            return None
        before_start, _ = scan.sentence(sentence_start - 2)
        if {model for _, model in scan.models_between(before_start, sentence_start)} != set(validator.pair):
            return None
        for subject in validator.pair:
            values = self._values(validator, scan, match, subject)
            if values and values[1] and stated.holds(Decimal(values[0]) / Decimal(values[1])):
                return subject
        return validator.pair[0]

    def _values(
        self, validator: Validator, scan: Scan, match: re.Match, subject: str
    ) -> tuple[Decimal, Decimal, Fact, Fact] | None:
        """The subject's and the other model's value of the attribute the sentence names, the
        subject's fact, and the pair's derived fact a reader would check (the cheaper percent)."""
        sentence_start, sentence_end = scan.sentence(match.start())
        near = scan.worded[match.start() : min(sentence_end, match.end() + 40)]
        sentence = scan.worded[sentence_start:sentence_end]
        other = validator.other(subject)
        sized = SIZE_ADJECTIVE.search(match.group()) and not any(
            words.search(sentence) for words in (CONTEXT_WORDS, PRICE_WORDS, PROVIDER_WORDS)
        )
        # The words after the figure, then the sentence up to it ("X's 69.8 on GPQA is 22% higher than
        # Y's 57.2, and it is carried by one more provider": the score's), then the whole sentence.
        leading = scan.worded[sentence_start : match.start()]
        for text in (match.group() + " parameters",) if sized else (near, leading, sentence):
            if EXPERT_WORDS.search(text):
                # "eight times as many experts": the counts the architecture facts state.
                return _expert_counts(validator, subject, other)
            if CONTEXT_WORDS.search(text):
                ids, derived = (
                    [model_fact(model, "context_window") for model in (subject, other)],
                    context_fact("ratio"),
                )
            elif PRICE_WORDS.search(text):
                topic = price_topic(near, None) or price_topic(sentence)
                percent = bool(
                    match.group("percent")
                    or match.group("fraction_less")
                    or match.group("fraction_more")
                    or match.group("by_fraction")
                )
                ids, derived = (
                    [model_fact(model, topic) for model in (subject, other)],
                    gap_fact(topic, "cheaper_percent" if percent else "multiple"),
                )
            elif PROVIDER_WORDS.search(text):
                ids, derived = (
                    [model_fact(model, "provider_count") for model in (subject, other)],
                    model_fact(subject, "provider_count"),
                )
            elif SIZE_WORDS.search(text):
                # "activates 37B parameters, almost three times Y's 12.9B": the active parameters; "X
                # activates half as many parameters as Y has in total": X's active against Y's total.
                active = ACTIVE_WORDS.search(sentence) is not None
                sizes = [
                    "active_parameters"
                    if active and _known(validator, model_fact(model, "active_parameters"))
                    else "parameters"
                    for model in (subject, other)
                ]
                ids, derived = (
                    [model_fact(model, size) for model, size in zip((subject, other), sizes, strict=True)],
                    model_fact(subject, sizes[0]),
                )
            elif SCORE_WORDS.search(text) or validator.benchmarks_in(text):
                benchmarks = validator.benchmarks_in(sentence)
                if not benchmarks:
                    return None
                ids, derived = (
                    [score_fact(model, benchmarks[0]) for model in (subject, other)],
                    benchmark_fact(benchmarks[0], "lead"),
                )
            else:
                continue
            facts = [validator.facts.get(fact_id) for fact_id in ids]
            if not all(fact and fact.known and is_number(fact) and fact.value for fact in facts):
                return None
            return facts[0].value, facts[1].value, facts[0], validator.facts.get(derived, facts[0])
        return None


def _expert_counts(validator: Validator, subject: str, other: str) -> tuple[Decimal, Decimal, Fact, Fact] | None:
    facts = [validator.facts.get(model_fact(model, "architecture")) for model in (subject, other)]
    counts = [EXPERT_COUNT.search(str(fact.value)) if fact and fact.known else None for fact in facts]
    if not all(counts):
        return None
    return Decimal(counts[0].group(1)), Decimal(counts[1].group(1)), facts[0], facts[0]


def _known(validator: Validator, fact_id: str) -> bool:
    fact = validator.facts.get(fact_id)
    return bool(fact and fact.known)


def _by_fraction_sides(scan: Scan, match: re.Match) -> tuple[str | None, str | None]:
    """ "X undercuts Y by a third", "X is pricier than Y by half": which way the fraction runs (None
    when no word before it in its sentence says), and the subject, the sentence's first model."""
    sentence_start, _ = scan.sentence(match.start())
    words = list(BY_DIRECTION.finditer(scan.worded, sentence_start, match.start()))
    named = scan.models_between(sentence_start, match.start())
    # "The Chinese lab's model undercut Meta's flagship by a third": a model named only after the verb
    # is its object, and the subject is no model the text names.
    if not words or not named or named[0][0] > words[-1].start():
        return None, None
    return ("more_percent" if words[-1].group().lower() in MORE_BY else "less_percent"), named[0][1]


def _stated(match: re.Match, before: str, by_form: str | None = None) -> Stated:
    hedge = hedge_before(before)
    if match.group("by_fraction"):
        # "undercuts Y by a third": a third cheaper.
        return Stated(FRACTIONS[match.group("by_fraction").lower()] * 100, by_form or "less_percent", 0, hedge, True)
    if match.group("percent"):
        value, places = decimal_of(match.group("percent"))
        return Stated(value, "less_percent" if match.group("percent_less") else "more_percent", places, hedge, False)
    low_text = match.group("times_low") or match.group("times_between")
    if match.group("times") and low_text:
        low = decimal_of(low_text)[0] if low_text[0].isdigit() else word_value(low_text.lower())
        high = (
            decimal_of(match.group("times"))[0]
            if match.group("times")[0].isdigit()
            else word_value(match.group("times").lower())
        )
        return Stated(high, "inverse_ratio" if match.group("times_less") else "ratio", 0, hedge, True, low)
    if match.group("times"):
        if not match.group("times")[0].isdigit():
            times = match.group("times").lower()
            return Stated(
                ROUND_TIMES.get(times, word_value(times)) + (Decimal("0.5") if match.group("and_half") else 0),
                "inverse_ratio" if match.group("times_less") else "ratio",
                0,
                hedge,
                True,
            )
        value, places = decimal_of(match.group("times"))
        return Stated(value, "inverse_ratio" if match.group("times_less") else "ratio", places, hedge, False)
    if match.group("fraction"):
        fraction = FRACTIONS[match.group("fraction").lower()]
        # "a third cheaper" is 33.3% cheaper; "half the price" is a ratio.
        if match.group("fraction_less") or match.group("fraction_more"):
            form = "less_percent" if match.group("fraction_less") else "more_percent"
            return Stated(fraction * 100, form, 0, hedge, True)
        return Stated(fraction, "ratio", 0, hedge, True)
    return Stated(MULTIPLES[match.group("multiple").lower()], "ratio", 0, hedge, True)
