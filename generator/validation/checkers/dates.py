"""Order in time: "X is newer than Y", "X came out before Y", "a year newer", "18 months older".
Release dates themselves ("released in July 2024") are figures the figure checker reads."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from generator.factids import model_fact
from generator.validation.descriptors import newer_model, release_month
from generator.validation.figures import word_value
from generator.validation.scan import Region, Scan
from generator.validation.vocabulary import MODEL, MODEL_START, NUMBER, NUMBER_WORD, case_free_words, mentions_any

if TYPE_CHECKING:
    from generator.validation.validator import Validator

LATER_WORDS = r"newer|more\ recent|later|younger|fresher|postdates|succeeds|came\ out\ after|arrived\ after|launched\ after|released\ after"
EARLIER_WORDS = r"older|earlier|predates|precedes|came\ out\ before|arrived\ before|launched\ before|released\ before"
LATER, EARLIER = rf"{LATER_WORDS}|after|past", rf"{EARLIER_WORDS}|before"
# In an order claim a bare "after"/"before" orders two models only when the other is named next:
# "X thinks before it answers" is no release order.
ORDER_LATER, ORDER_EARLIER = (
    rf"{LATER_WORDS}|(?:after|followed)(?=\ {MODEL_START})",
    rf"{EARLIER_WORDS}|(?:before|preceded)(?=\ {MODEL_START})",
)
ORDER = re.compile(
    rf"(?P<m>{MODEL})(?:'s)?\ (?:[\w,]+\ ){{0,3}}?(?:(?:a\ few|several|some|a\ couple\ of)\ (?:days|weeks|months|years)\ )?(?:(?P<later>{ORDER_LATER})|(?P<earlier>{ORDER_EARLIER}))(?:\ than)?\b",
    re.X | re.I,
)
PRONOUN = re.compile(r"\b[Ii]ts?\b")
AMOUNT = rf"(?P<amount>(?P<number>{NUMBER})|(?P<word>{NUMBER_WORD})|a|an|one)\s+(?:(?P<half>and\ a\ half)\s+)?(?P<unit>years?|months?|weeks?|days?)(?:,?\s+and\s+(?P<extra>\d+|{NUMBER_WORD}|a|an|one)\s+(?P<extra_unit>months?|weeks?|days?))?"
GAP = re.compile(rf"{AMOUNT}\s+(?:(?P<later>{LATER})|(?P<earlier>{EARLIER})|(?P<apart>apart))\b", re.X | re.I)
# "X is the older of the pair by about three years": the direction first, the amount after "by".
GAP_BY = re.compile(
    rf"\b(?:(?P<later>newer|more\ recent|later|younger|followed|leads|is\ ahead\ of)|(?P<earlier>older|earlier|preceded|trails|lags|is\ behind))\b[^.;\n]{{0,40}}?\bby\s+(?:about\s+|roughly\s+|nearly\s+|around\s+|some\s+|almost\s+|(?:just\s+)?(?:less|more)\s+than\s+|(?:just\s+)?(?:under|over)\s+)?{AMOUNT}",
    re.X | re.I,
)
# "released in the same year", "in different months".
SAME_PERIOD = re.compile(
    r"\b(?:released|launched|came\ out|arrived|shipped|debuted)\s+(?:in\s+|on\s+)?(?:the\s+)?(?P<same>same|different)\s+(?P<period>year|month|day)s?\b",
    re.X | re.I,
)
ORDER_AFTER_OBJECT = re.compile(
    rf"\b(?:came\ out|arrived|launched|shipped|released|landed|debuted)\b[^.;!?\n\x00]{{0,50}}?\b(?:(?P<later>after)|(?P<earlier>before))\ (?P<m>{MODEL})",
    re.X,
)
# "The two launched three weeks apart, X first": X is the older.
FIRST = re.compile(
    rf"(?P<m>{MODEL})(?:'s)?\ (?:(?:came|launched|arrived|shipped|was\ released|went\ out)\ )?(?P<first>first)\b", re.X
)
RELEASE_WORDS = re.compile(r"releas|launch|came\s+out|arriv|ship|debut", re.I)
TIME_STEMS = (
    "new",
    "old",
    "recent",
    "later",
    "earl",
    "after",
    "before",
    "predat",
    "young",
    "postdat",
    "preced",
    "succeed",
    "apart",
    "first",
    "follow",
    "past",
    "leads",
    "ahead",
    "trails",
    "lags",
    "behind",
)
TIME_WORDS = re.compile("|".join(TIME_STEMS), re.I)
# Opens with the set of its first letters, so sre searches for it by that set (vocabulary.case_free_words).
GAP_ANCHOR = re.compile(case_free_words(("years?", "months?", "weeks?", "days?"), word_start=True) + r"\b")
DATED = {"release_date": "releases", "knowledge_cutoff": "knowledge cutoffs"}
CUTOFF_WORDS = re.compile(r"cutoff|cut-off|knowledge|training data", re.I)
MONTHS_IN = {"year": 12, "month": 1, "week": Decimal(12) / 52, "day": Decimal(12) / 365}


class TimeOrderChecker:
    kind = "time_order"
    cells = False

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        for match in (
            match
            for start, end in scan.windows(("same", "different"), region, 40, 20)
            for match in SAME_PERIOD.finditer(scan.masked, start, end)
        ):
            self._check_same_period(validator, scan, match)
        # Read where names are still words: "the older of the pair" is masked as a model.
        if not mentions_any(scan.worded[region.start : region.end], TIME_STEMS, TIME_WORDS):
            return
        seen: set[int] = set()
        for anchor in GAP_ANCHOR.finditer(scan.masked, region.start, region.end):
            match = GAP.search(scan.masked, max(region.start, anchor.start() - 30), min(region.end, anchor.end() + 40))
            match = match or GAP_BY.search(
                scan.worded, max(region.start, anchor.start() - 80), min(region.end, anchor.end())
            )
            if match and match.start() not in seen:
                seen.add(match.start())
                self._check_gap(validator, scan, match)
        for match in ORDER.finditer(scan.masked, region.start, region.end):
            if any(
                mention.start <= match.start("later" if match.group("later") else "earlier") < mention.end
                for mention in scan.mentions
                if mention.kind == "direction"
            ):
                continue
            word = "later" if match.group("later") else "earlier"
            self._check_order(
                validator, scan, scan.models[match.start("m")][1], bool(match.group("later")), *match.span(word)
            )
        for match in ORDER_AFTER_OBJECT.finditer(scan.masked, region.start, region.end):
            # "It came out in June 2025, a couple of months after Y": the sentence's subject is the other model.
            word = "later" if match.group("later") else "earlier"
            sentence_start, _ = scan.sentence(match.start())
            if scan.models_between(sentence_start, match.start(word)) or any(
                mention.start <= match.start(word) < mention.end
                for mention in scan.mentions
                if mention.kind == "direction"
            ):
                continue
            other = validator.other(scan.models[match.start("m")][1])
            self._check_order(validator, scan, other, bool(match.group("later")), *match.span(word))
        for match in FIRST.finditer(scan.masked, region.start, region.end):
            sentence_start, sentence_end = scan.sentence(match.start())
            if RELEASE_WORDS.search(scan.masked, sentence_start, sentence_end):
                self._check_order(validator, scan, scan.models[match.start("m")][1], False, *match.span("first"))

    def _check_order(
        self, validator: Validator, scan: Scan, model: str, claimed_newer: bool, start: int, end: int
    ) -> None:
        newer = newer_model(validator)
        verified = newer is not None and (newer == model) == claimed_newer
        fact = validator.facts.get(model_fact(model, "release_date"))
        validator.add(scan, start, end, "direction", verified, fact=fact)
        if not verified:
            message = (
                "the facts cannot order the two releases"
                if newer is None
                else f"the facts date {validator.names[newer]} later ({validator.facts[model_fact(newer, 'release_date')].display} against {validator.facts[model_fact(validator.other(newer), 'release_date')].display})"
            )
            validator.find(scan, start, end, "wrong_direction", message, fact)

    def _check_same_period(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        period = match.group("period").lower()
        if period == "day":
            days = [validator.facts.get(model_fact(model, "release_date")) for model in validator.pair]
            exact = all(fact and isinstance(fact.value, dt.date) for fact in days)
            same = days[0].value == days[1].value if exact else None
        else:
            same = same_period(*(release_month(validator, model) for model in validator.pair), period)
        verified = same is not None and same == (match.group("same").lower() == "same")
        start, end = match.span("same")
        fact = validator.facts.get(model_fact(validator.pair[0], "release_date"))
        validator.add(scan, start, end, "direction", verified, fact=fact)
        if not verified:
            other = validator.facts.get(model_fact(validator.pair[1], "release_date"))
            said = f"{fact.display} and {other.display}" if fact and other else "no two release dates"
            validator.find(scan, start, end, "wrong_direction", f"the facts date the releases {said}", fact)

    def _check_gap(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        """ "A year newer": the release gap, in the direction stated, at the precision of the unit."""
        sentence_start, sentence_end = scan.sentence(match.start())
        named = scan.models_between(sentence_start, match.start())
        after = {model for _, model in scan.models_between(match.start(), sentence_end)}
        if not named and len(after) == 1 and PRONOUN.search(scan.masked, sentence_start, match.start()):
            # "Its cutoff runs to June 2024, eight months past Y's" (read alone): "it" is the other model.
            named = [(sentence_start, validator.other(after.pop()))]
        apart = bool(match.groupdict().get("apart"))
        if not apart and (not named or named[-1][1] not in validator.pair):
            return
        # "Nine months apart" names no side: the gap is read from the first model, in either direction.
        model = named[-1][1] if named and named[-1][1] in validator.pair else validator.pair[0]
        # The amount is this figure ("newer by about 11 months": not a figure of its own for the figure checker).
        scan.claimed.update((match.start(), match.start("amount")))
        # "Its knowledge cutoff is six months later": the gap between the cutoffs, not the releases.
        attribute = (
            "knowledge_cutoff" if CUTOFF_WORDS.search(scan.worded, sentence_start, sentence_end) else "release_date"
        )
        dates = release_month(validator, model, attribute), release_month(validator, validator.other(model), attribute)
        stated = (
            Decimal(match.group("number"))
            if match.group("number")
            else word_value(match.group("word"))
            if match.group("word")
            else Decimal(1)
        )
        if match.group("half"):
            stated += Decimal("0.5")
        unit = match.group("unit").lower().rstrip("s")
        unit_slack: Decimal | None = None
        if match.groupdict().get("extra"):
            # "1 year and 5 months": the second amount in the first's unit.
            extra = match.group("extra").lower()
            count = (
                Decimal(extra) if extra.isdigit() else Decimal(1) if extra in ("a", "an", "one") else word_value(extra)
            )
            stated += count * MONTHS_IN[match.group("extra_unit").lower().rstrip("s")] / MONTHS_IN[unit]
            scan.claimed.add(match.start("extra"))
            unit_slack = Decimal(1)
        fact = validator.facts.get(model_fact(model, attribute))
        gap = release_gap(validator, model, dates, attribute)
        verified = False
        if gap is not None:
            months, exact = (abs(gap[0]), gap[1]) if apart else gap if match.group("later") else (-gap[0], gap[1])
            slack = (
                unit_slack
                if unit_slack is not None
                else Decimal(6)
                if unit == "year"
                else Decimal("0.1")
                if unit == "day" and exact
                else Decimal("0.5")
                if unit in ("week", "day") and exact
                else Decimal(1)
                if exact or 0 not in (dates[0][1], dates[1][1])
                else Decimal(11)
            )
            verified = months > 0 and abs(months - stated * MONTHS_IN[unit]) <= slack
        start, end = match.start(), match.end()
        validator.add(scan, start, end, "number", verified, stated, "months", fact)
        if not verified:
            message = (
                f"the facts hold no {DATED[attribute]} to compare"
                if not all(dates)
                else f"the facts date the {DATED[attribute]} {fact.display} and {validator.facts[model_fact(validator.other(model), attribute)].display}"
            )
            validator.find(scan, start, end, "unsupported_number", message, fact)


def same_period(first: tuple[int, int] | None, second: tuple[int, int] | None, period: str) -> bool | None:
    """Whether two releases (year, month; month 0 when unknown) fall in the same year or month."""
    if not first or not second or (period != "year" and 0 in (first[1], second[1])):
        return None
    return first[0] == second[0] and (period == "year" or first[1] == second[1])


def release_gap(
    validator: Validator, model: str, dates, attribute: str = "release_date"
) -> tuple[Decimal, bool] | None:
    """How many months the model's date (release or cutoff) is after the other's (negative: before), and
    whether both dates are exact to the day (then counted in days: "three weeks after" is 0.7 of a month)."""
    facts = [validator.facts.get(model_fact(model_id, attribute)) for model_id in (model, validator.other(model))]
    exact = [fact.value if fact else None for fact in facts]
    if all(isinstance(date, dt.date) for date in exact):
        return Decimal((exact[0] - exact[1]).days) / Decimal("30.44"), True
    if not all(dates):
        return None
    return Decimal((dates[0][0] - dates[1][0]) * 12 + (dates[0][1] - dates[1][1])), False
