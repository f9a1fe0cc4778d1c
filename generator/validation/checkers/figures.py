"""Figures: every number in the text is some fact of the model and attribute the sentence states it
about, at the precision and scale the text states it (families 1, 2, 4, 5 and 7 of the corpus)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from generator.comparison import Fact
from generator.factids import PRICE_MIX_FLIP_INPUT_SHARE, Family, benchmark_fact, fact_family, model_fact, read_fact_id
from generator.validation.checkers.directions import check_leader
from generator.validation.figures import (
    COUNTED_NEXT,
    SHARED_BEFORE,
    Figure,
    closest,
    fact_matches,
    is_number,
    read_figure,
    reads_as,
    round_tokens,
    scaled_by_label,
)
from generator.validation.scan import Cell, Region, Scan, following, previous
from generator.validation.vocabulary import (
    COMPARED_WORDS,
    EXTRACT,
    FIGURE_WORD_STARTS,
    MODEL,
    MONTH_NAME,
    NAME_FILL,
    NUMBER_FIGURE,
    NUMBER_START,
    UNLISTED_BENCHMARK,
    WORD_FIGURE,
    folds_to_ascii,
)

# "MMLU (5-shot)": how a benchmark was run, not a figure.
SHOTS_AFTER = re.compile(r"[- ]?shots?\b", re.I)
# "Step 1", "Option 2", "#3", "24/7": numbers that label or idiom, not figures.
ORDINAL_WORDS = (
    "step", "option", "part", "section", "phase", "tip", "tier", "rank", "no.", "number", "chapter", "question", "q",
    "slide", "table", "figure", "fig.", "chart", "exhibit", "appendix", "item", "footnote", "episode", "finding",
    "takeaway", "recommendation", "reason", "lesson", "principle", "scenario",
)  # fmt: skip
ORDINAL = re.compile(r"\b(?:" + "|".join(map(re.escape, ORDINAL_WORDS)) + r")\s*$|#\s*$", re.I)
# What a text ends with where ORDINAL matches (spaces after it stripped), in lower case.
ORDINAL_ENDINGS = (*ORDINAL_WORDS, "#")


def points_then(nouns: str, adverbs: str) -> re.Pattern:
    """A gap's words after its figure: "-point lead" (nouns) or "points ahead" (adverbs), also when the
    figure's own match already holds "points" ("8.6 points behind")."""
    return re.compile(
        rf"(?:[- ]|\s+a\s+)?points?[- ](?:[A-Za-z][\w-]*\s+)?(?:{nouns})\b|\s?(?:pts?|points?)\s+(?:{adverbs})\b"
        rf"|(?:(?<=points)|(?<=point)|(?<=pts))\s+(?:{nouns}|{adverbs})\b",
        re.I,
    )


GAP_AFTER = points_then("lead|gap|margin|advantage|edge|deficit", "ahead|behind|clear")
DIGITS = re.compile(r"\b(?P<digits>single|double|triple)-digit\s+(?:lead|gap|margin|advantage|deficit|edge)\b", re.I)
DIGIT_RANGES = {"single": (0, 10), "double": (10, 100), "triple": (100, 1000)}
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b")
# "GPT-5's August 7 launch", "on 6 March": a day of a month without its year (a date with its year is
# read whole, as one figure).
MONTH_BEFORE = re.compile(rf"\b{MONTH_NAME}\s$", re.I)
MONTH_AFTER = re.compile(rf"\s{MONTH_NAME}(?![\w]|,?\s+(?:19|20)\d\d)", re.I)
MORE_AFTER = re.compile(r"\s+(?:more|extra|higher)\b", re.I)
EXPERTS_AFTER = re.compile(r"\s+(?:routed\s+)?experts\b", re.I)
EXPERT_PAIR_AFTER = re.compile(rf"\s+(?:routed\s+)?experts\s+(?:{COMPARED_WORDS}|to)\s*\d", re.I)
EXPERTS_BEFORE = re.compile(
    rf"\bexperts?\s*(?:\(|{COMPARED_WORDS}|to)\s*(?:\d+\s*(?:vs\.?|versus|against|to|and)\s*)?$", re.I
)
ADVANTAGE_AFTER = points_then("lead|advantage|edge", "ahead|clear")
ADVANTAGE_BEFORE = re.compile(r"\b(?:lead|advantage|edge)\s+of\s+(?:[\w~≈]+\s+){0,2}?$", re.I)
DEFICIT = re.compile(r"\b(?:behind|trails?|trailing|deficit|lags?|lagging|loses|short)\b", re.I)
# "A saving of roughly $2,650 a month", "saves you $5 per million": the difference between the prices.
SAVING_BEFORE = re.compile(r"\bsav(?:es?|ings?)\s+(?:of\s+|you\s+|by\s+)?(?:[\w~≈]+\s+){0,2}?$", re.I)
# "The monthly saving from moving to X is a little over $3,000": the saving, the subject of "is".
SAVING_SUBJECT = re.compile(
    r"\bsavings?\b[^.;:\n\d$]{0,80}\b(?:is|are|comes\s+to|amounts\s+to|works\s+out\s+to)\s+(?:[\w~≈]+\s+){0,3}?$", re.I
)
DEFAULT_TRAFFIC = re.compile(r"\bdefault\b[^.;\n]{0,30}?\b(?:traffic|volume|usage|workload)\b", re.I)
SWITCH_TO = re.compile(rf"\bfrom\s+{MODEL}\s+to\s+$")
INSTEAD_OF = re.compile(r"\b(?:instead\s+of|rather\s+than|over|compared\s+(?:with|to)|vs\.?|versus)\s+$", re.I)
TOTAL_AFTER = re.compile(r"\s+(?:in\s+)?total\b", re.I)
TOTAL = frozenset({"parameters"})
ACTIVE = frozenset({"active_parameters"})
OF_BEFORE = re.compile(r"\bof\s+(?:its|their|the)?\s*$", re.I)
PER_TOKEN_AFTER = re.compile(r"\s+(?:parameters\s+)?(?:per|a|each|for\s+each)\s+token\b", re.I)
TOKEN_COUNTS = frozenset({"traffic_input_tokens", "traffic_output_tokens"})
PRICE_UNITS = ("usd", "usd_per_mtok", "usd_per_month")
# "ten more providers than Y", "11 providers, six fewer than X": a difference of the provider counts.
COUNT_DIFFERENCE = re.compile(
    r"\s+(?:(?P<more>more|extra|additional)|fewer|less)\b"
    r"(?:\s+(?:tracked\s+|hosting\s+|inference\s+)?(?P<noun>providers?|hosts?|routes?)\b|(?=\s+than\b))",
    re.I,
)
DIFFERENCE_CUE = re.compile(
    r"\b(?:by|more|less|cheaper|pricier|dearer|saves?|saving|savings|difference|differ|gap|lower|higher|premium|extra|undercuts?|apart|over|under|advantage|edge|margin|spread|delta|discount)\b",
    re.I,
)
# "a $39 difference", "the gap is $39": a difference of the two prices, named as one;
# "seven cents below the alternative": the difference, set against the other model.
DIFFERENCE_AFTER = re.compile(
    r"[\s-]+(?:(?:a|per)\s+month\s+|monthly\s+)?(?:difference|gap|spread|delta)\b"
    r"|(?:\s+(?:cents?|dollars?|bucks))?\s+(?:below|above|under|over|less\s+than|more\s+than|cheaper\s+than)\s+(?:the\s+)?(?:alternative|other(?:\s+one|\s+model)?|rival|competitor)\b",
    re.I,
)
DIFFERENCE_BEFORE = re.compile(
    r"\b(?:difference|gap|spread|delta)\s+(?:of|is|was|comes\s+to|works\s+out\s+to)\s+(?:[\w~≈]+\s+){0,2}?$", re.I
)
# "on Lambda", "via OpenRouter": a provider's name (capitalised) after a preposition.
PROVIDER_AFTER = re.compile(r"\b(?:on|via|through|from)\s+(?:the\s+)?(?P<p>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&()-]*){0,4})")
VERSUS_AFTER = re.compile(r"[\s,]+(?:versus|vs\.?|against|compared\s+(?:to|with)|to)\s+\$", re.I)
FLIP_SIDE = re.compile(
    r"\b(?:(?P<below>below|under|less\s+than|beneath|up\s+to)|(?P<above>above|over|more\s+than|exceeds?|beyond|past))\s+(?:[\w~≈]+\s+)?$",
    re.I,
)
# "in the low 90s", "the high 80s": a part of a decade (parts overlap: writers draw the line differently).
DECADE = re.compile(r"\b(?P<part>low|lower|mid|middle|high|upper)[- ](?P<decade>[1-9]0)s\b", re.I)
DECADE_PARTS = {
    "low": (0, 4), "lower": (0, 4), "mid": (3, 7), "middle": (3, 7), "high": (6, 10), "upper": (6, 10),
}  # fmt: skip
VINTAGE_AFTER = re.compile(r"[- ](?:model|release|vintage|launch)\b", re.I)
RELEASE = frozenset({"release_date"})
PROVIDER_WORD = re.compile(r"provider|host|route", re.I)
# "by 7 points", "leads of 7.0 and 8.6 points" (the second figure after the first and "and").
# Words GAP needs before a figure, tested first ("gap" and "lead" in either case's common forms).
GAP_HINTS = ("by", " of", "gap", "Gap", "margin", "Margin", "lead", "Lead", "within")
# "trails by 7.0 points on MMLU-Pro and 8.6 on GPQA Diamond": a second gap after the first.
GAP = re.compile(
    r"\b(?:by|within|(?:margins?|gaps?|leads?)(?:\s+of|\s+is|\s+was|,)|(?:margins?|gaps?|leads?)\s+(?:over|on)\s+[^\s,.;][^,.;\n]{0,30}?\s+(?:is|was|comes\s+to|stands\s+at|amounts\s+to|sits\s+at|works\s+out\s+to))\s+(?:[\w~≈.]+\s+){0,3}?$"
    r"|\bby\s+\d[\d.]*\s*(?:points?|pts)?\s+(?:on|in)\s+[^,;\n\x00]{1,40}?\s+and\s+$"
    # "X's lead is a little over six points on MMLU-Pro and nearly thirteen on GPQA": a second gap.
    r"|\b(?:leads?|margins?|gaps?)\b[^.;\n]{0,40}?\s(?:points?|pts)\s+(?:on|in)\s+[^,;\n\x00]{1,40}?\s+and\s+(?:[\w~≈.]+\s+){0,2}?$",
    re.I,
)

# Characters below which a region's figures are found by EXTRACT alone (see figure_matches).
SHORT_REGION = 200
# What a figure in prose knows of a table cell: nothing (read only, so one instance serves all).
NO_CELL = Cell()

if TYPE_CHECKING:
    from generator.validation.validator import Validator


def ordinal_before(before: str) -> bool:
    # A search anchored at the end still tries every position (~2 µs): first a test of the words it ends
    # with ("costs $3" ends with none), unless re.IGNORECASE folds a character of the text to ASCII.
    ends_like_one = before.rstrip().lower().endswith(ORDINAL_ENDINGS) or folds_to_ascii(before)
    return ends_like_one and ORDINAL.search(before) is not None


class FigureChecker:
    kind = "figure"
    cells = True

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        if scan.masked.find("-digit", region.start, region.end) >= 0:
            self._check_digits(validator, scan, region)
        if region.cell is None and "0s" in scan.masked[region.start : region.end]:
            for decade in DECADE.finditer(scan.masked, region.start, region.end):
                _check_decade(validator, scan, decade)
        cell = region.cell or NO_CELL
        for match in figure_matches(scan.masked, region.start, region.end):
            # The alternative that matched, by name (one lookup, not one per alternative).
            kind = match.lastgroup
            if kind == "skip" or match.start() in scan.claimed:
                continue
            if kind == "layout":
                self._check_layout(validator, scan, match)
                continue
            before = scan.masked[max(0, match.start() - 24) : match.start()]
            if (
                ordinal_before(before)
                or match.group() == "24/7"
                or SHOTS_AFTER.match(scan.masked, match.end())
                or (kind == "plain" and ORDINAL_SUFFIX.match(scan.masked, match.end()))
                or (kind == "plain" and _day_of_month(scan.masked, match, before))
            ):
                # "the 26th": a day of the month, no figure.
                continue
            figure = read_figure(match, before, validator.figures_read)
            if figure is not None and figure.unit == "number" and _counts_experts(scan, match):
                _check_experts(validator, scan, match, figure)
            elif figure is not None:
                check_figure(validator, scan, match, figure, cell)

    def _check_digits(self, validator: Validator, scan: Scan, region: Region) -> None:
        """ "A double-digit lead on GPQA": the lead of each benchmark the sentence names has that many digits."""
        for match in DIGITS.finditer(scan.masked, region.start, region.end):
            sentence_start, sentence_end = scan.sentence(match.start())
            for benchmark in dict.fromkeys(validator.benchmarks_in(scan.worded[sentence_start:sentence_end])):
                lead = validator.facts.get(benchmark_fact(benchmark, "lead"))
                if lead is None or not lead.known:
                    continue
                low, high = DIGIT_RANGES[match.group("digits").lower()]
                verified = low <= lead.value < high
                validator.add(scan, match.start(), match.end(), "number", verified, lead.value, "gap", lead)
                if not verified:
                    message = f"the facts put the {lead.id} at {lead.display}, not a {match.group().lower()}"
                    validator.find(scan, match.start(), match.end(), "unsupported_number", message, lead)

    def _check_layout(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        """ "8x7B": the facts' expert layouts are masked as names, so one still here is no model's."""
        layouts = [fact for fact in validator.facts.values() if fact.attribute == "expert_layout"]
        closest_layout = next((fact for fact in layouts if fact.known), layouts[0] if layouts else None)
        validator.add(scan, match.start(), match.end(), "number", False, unit="layout")
        validator.find(
            scan,
            match.start(),
            match.end(),
            "unsupported_number",
            f"no model of this pair has the expert layout {match.group()}",
            closest_layout,
        )


SHARED_WORDS = re.compile(r"\b(?:shar|both\b|in\s+common|overlap|common\b|each\b)", re.I)
SHARED_COUNTS = ("shared_providers", "shared_benchmarks")
POSSESSIVE_AFTER = re.compile(r"['’]s\b")
# Between a provider named and a price: words that make the price another route's or another model's.
OTHER_ROUTE_BETWEEN = re.compile(r"\b(?:but|while|whereas|versus|vs|against|than|cheapest|elsewhere|other)\b", re.I)
# The prices a model has of its own (its cheapest route's), besides each route's.
OWN_PRICES = ("input_price", "output_price", "blended_price", "monthly_cost")


def _unless_another_routes(validator: Validator, scan: Scan, start: int, first: Fact, facts, matches) -> Fact | None:
    """ "Flash 2.0 costs $0.29 blended" where $0.29 is one provider's price and Flash 2.0's own (its
    cheapest route's) is $0.19: a model's price stated with no provider in its sentence is its own."""
    parsed = read_fact_id(first.id)
    if parsed is None or parsed.family is not Family.ROUTE or parsed.attribute not in OWN_PRICES:
        return first
    own = validator.facts.get(model_fact(first.model, parsed.attribute))
    if own is None or not own.known or matches(own) or own not in facts:
        return first
    # A provider named in the sentence by its name (masked) or by another of its names (an entity found).
    sentence_start, sentence_end = scan.sentence(start)
    if NAME_FILL in scan.masked[sentence_start:sentence_end] or any(
        mention.kind == "entity" and sentence_start <= mention.start < sentence_end for mention in scan.mentions
    ):
        return first
    # Another fact that is no route's may read as the figure ("$420 a month" on the large profile).
    return next((fact for fact in facts if fact_family(fact.id) is not Family.ROUTE and matches(fact)), None)


def _day_of_month(masked: str, match: re.Match, before: str) -> bool:
    """ "August 7", "6 March": a day of the month (its year left out), no figure."""
    if match.group("suffix") or not match.group().isdigit() or not 1 <= int(match.group()) <= 31:
        return False
    return MONTH_BEFORE.search(before) is not None or MONTH_AFTER.match(masked, match.end()) is not None


def figure_matches(masked: str, start: int, end: int) -> Iterator[re.Match]:
    """EXTRACT.finditer(masked, start, end), found faster in a long region (prose): EXTRACT's numbers
    half is searched for alone, and its words half is tried only where a lower-case copy holds one of
    the words a figure in words starts with (sre tries a pattern opening with \\b, or with a letter
    under re.IGNORECASE, at every position)."""
    # A table cell is read faster by the one pattern; and str.lower() and re.IGNORECASE part ways on
    # the folded characters, which the one pattern reads as it always has.
    if end - start < SHORT_REGION or folds_to_ascii(masked[start:end]):
        return EXTRACT.finditer(masked, start, end)
    return _merged_halves(masked, start, end)


def _merged_halves(masked: str, start: int, end: int) -> Iterator[re.Match]:
    """The leftmost match of either half, then the next from its end, as one alternation finds them:
    the halves open with different characters (a digit or "$", a letter), so never at one position."""
    words = [start + found.start() for found in FIGURE_WORD_STARTS.finditer(masked[start:end].lower())]
    position, index = start, 0
    number = _next_number(masked, position, end)
    while True:
        word = None
        while index < len(words) and (number is None or words[index] < number.start()):
            if words[index] >= position:
                word = WORD_FIGURE.match(masked, words[index], end)
                if word:
                    break
            index += 1
        found = word or number
        if found is None:
            return
        yield found
        position = found.end()
        if number is not None and number.start() < position:
            number = _next_number(masked, position, end)


def _next_number(masked: str, position: int, end: int) -> re.Match | None:
    """NUMBER_FIGURE.search(masked, position, end), found faster: the pattern can match only where a
    digit or "$" stands, so it is tried at those places alone, in order (found by NUMBER_START)."""
    while True:
        candidate = NUMBER_START.search(masked, position, end)
        if candidate is None:
            return None
        found = NUMBER_FIGURE.match(masked, candidate.start(), end)
        if found is not None:
            return found
        position = candidate.start() + 1


def check_figure(validator: Validator, scan: Scan, match: re.Match, figure: Figure, cell: Cell) -> None:
    start, end = match.span()
    figure = scaled_by_label(figure, cell.labels)
    attributes = validator.attributes_for(scan, start, end) or validator.label_attributes(cell.labels)
    if figure.unit == "year" and VINTAGE_AFTER.match(scan.masked, end):
        # "a 2024 model": the year it came out.
        attributes = RELEASE
    before = scan.masked[max(0, start - 40) : start]
    # "X's lead over Y is a little over six points": a gap's words may stand further back.
    wider = scan.masked[max(0, start - 96) : start]
    gap = (any(hint in wider for hint in GAP_HINTS) and GAP.search(wider) is not None) or GAP_AFTER.match(
        scan.masked, end
    ) is not None
    if figure.unit in ("points", "number") and gap and not COUNTED_NEXT.match(scan.masked, end):
        # "leads by 59.1 points", "ahead by nearly 60": a gap between the two, not a score.
        figure = replace(figure, unit="gap")
    elif figure.unit == "parameters" and TOTAL_AFTER.match(scan.masked, end):
        # "671B total / 37B active": the total, whatever attribute word follows in the clause.
        attributes = TOTAL
    elif figure.unit == "parameters" and attributes & TOKEN_COUNTS:
        # "2 billion input and 600 million output tokens a month": a count of tokens, not parameters.
        figure = replace(figure, unit="scaled")
    elif figure.unit == "number" and "context_window" in attributes and not gap:
        # "GPT-4o's context window is 128,000": a bare count of tokens.
        figure = round_tokens(replace(figure, unit="tokens"))
    elif figure.unit == "parameters" and PER_TOKEN_AFTER.match(scan.masked, end) and not OF_BEFORE.search(before):
        # "packs 671B parameters but fires only 37B per token": the active parameters.
        attributes = ACTIVE
    elif figure.unit == "percent" and attributes & validator.benchmark_set and not gap:
        # "79.1% on MMLU-Pro": a benchmark score written as a percentage (a gap is in points).
        figure = replace(figure, unit="points")
    if figure.unit == "gap" and attributes & validator.benchmark_set:
        attributes = _gap_benchmarks(validator, scan, start, end, attributes)
    candidates = validator.known_candidates[figure.unit]
    named = attributes & validator.benchmark_set
    if UNLISTED_BENCHMARK in attributes and not named and figure.unit in ("points", "number", "percent", "gap"):
        # "20.0 on MMLU" where the facts track no MMLU: no fact's score, whatever its value.
        validator.add(scan, start, end, "number", False, figure.value, figure.unit)
        message = "the facts track no score on that benchmark for this pair; remove the figure or source it"
        validator.find(scan, start, end, "unsupported_number", message, None)
        return
    if (
        named
        and figure.unit in ("points", "number", "gap")
        and not any(validator.positions[figure.unit].get(benchmark) for benchmark in named)
    ):
        validator.add(scan, start, end, "number", False, figure.value, figure.unit)
        names = ", ".join(validator.comparison.benchmark_names[benchmark] for benchmark in sorted(named))
        validator.find(
            scan,
            start,
            end,
            "unsupported_number",
            f"the facts hold no {names} score for this pair; remove the figure or source it",
            None,
        )
        return
    if figure.second is not None:
        _check_pair(validator, scan, match, figure, candidates)
        return
    if figure.unit in PRICE_UNITS:
        scan.prices[start] = figure
    reading = validator.reading_of(figure)
    near = reading.near
    matches = reading.matches
    # A cell's column names the model of its first clause only: "6 routes vs 2" is about both.
    cell_model = cell.model if cell.model is not None and previous(scan.clause_breaks, start) <= cell.start else None
    model = validator.model_for(scan, start, end) or cell_model
    if named and figure.unit in ("points", "number") and _without_score(validator, model, named, candidates):
        names = ", ".join(validator.comparison.benchmark_names[benchmark] for benchmark in sorted(named))
        validator.add(scan, start, end, "number", False, figure.value, figure.unit)
        message = f"the facts hold no {names} score for {validator.names[model]}; the figure is not its own"
        validator.find(scan, start, end, "wrong_attribution", message, None)
        return
    if figure.unit == "gap" and named and model in validator.pair and _an_advantage(scan, start, end):
        # "X holds an 8.6-point advantage on GPQA": the lead is X's (in a sentence naming one model
        # only: "X posts 75.9 to Y's 68.9, a 7-point lead" is no lead of Y's).
        for benchmark in sorted(named):
            check_leader(validator, scan, start, end, model, benchmark_fact(benchmark, "leader"), False)
    if figure.unit == "count" and SHARED_BEFORE.search(before):
        # "they share two (providers)": the pair's shared count, of benchmarks where the sentence says so.
        sentence_start, sentence_end = scan.sentence(start)
        shared = "shared_benchmarks" if "benchmark" in scan.masked[sentence_start:sentence_end] else "shared_providers"
        attributes, model = frozenset({shared}), None
    if figure.unit in ("count", "number") and _check_count_difference(validator, scan, match, figure, model):
        return
    if figure.unit in PRICE_UNITS and "sav" in wider and (SAVING_BEFORE.search(before) or SAVING_SUBJECT.search(wider)):
        named = scan.models_between(scan.sentence(start)[0], start)
        if (
            named
            and model in validator.pair
            and INSTEAD_OF.search(scan.masked, max(0, named[-1][0] - 20), named[-1][0])
        ):
            # "the saving from moving to X instead of Y": the saving is X's.
            model = validator.other(model)
        elif len(named) > 1 and SWITCH_TO.search(scan.masked, max(0, named[-1][0] - 20), named[-1][0]):
            # "switching from X to Y saves ...": the saving is Y's.
            model = named[-1][1]
        _check_saving(validator, scan, match, figure, model, [fact for fact in candidates if matches(fact)])
        return
    flip = validator.facts.get(PRICE_MIX_FLIP_INPUT_SHARE)
    if figure.unit == "percent" and flip and flip.known and flip.attribute in attributes and matches(flip):
        _check_flip(validator, scan, match, figure, model, flip)
        return
    provider = cell.provider or (
        (_provider_after(validator, scan, end) or _provider_before(validator, scan, start))
        if figure.unit in PRICE_UNITS
        else None
    )
    expected = validator.expected(figure.unit, model, attributes, provider)
    # The first fact that reads as the figure is the one recorded: the rest need not be read.
    facts = expected or validator.plausible(figure.unit, near)
    if (
        model in validator.pair
        and figure.unit in ("count", "number")
        and not SHARED_WORDS.search(scan.masked, *scan.sentence(start))
    ):
        # "X is available on three tracked routes": X's own count, not the pair's shared one.
        facts = [fact for fact in facts if fact.attribute not in SHARED_COUNTS] or facts
    if figure.unit in PRICE_UNITS and DEFAULT_TRAFFIC.search(scan.masked, *scan.sentence(start)):
        # "$1,500 a month at the default traffic" is no workload profile's bill.
        facts = [fact for fact in facts if fact_family(fact.id) is not Family.PROFILE] or facts
    if (
        figure.unit in PRICE_UNITS
        and _names_a_difference(scan, start, end)
        and not VERSUS_AFTER.match(scan.masked, end)
    ):
        # "the blended gap is about $0.11": a difference of the two prices, never one model's price
        # ("the difference is $3.30 versus $8.80" states the two prices).
        facts = [fact for fact in candidates if _a_difference(fact, fact.model)]
    elif figure.unit in PRICE_UNITS and model in validator.pair and MORE_AFTER.match(scan.masked, end):
        # "X charges $0.33 more per 1M input tokens": the difference, from the pricier model's side, of
        # the price the sentence names.
        facts = [fact for fact in candidates if _a_difference(fact, validator.other(model))]
        facts = [fact for fact in facts if _compared(fact) in attributes] or facts
    first = next((fact for fact in facts if matches(fact)), None)
    if (
        first is not None
        and _a_difference(first, first.model)
        and model in validator.pair
        and figure.unit in PRICE_UNITS
    ):
        # "X costs $0.70 per million input tokens" is no difference of the two prices unless it says so
        # (or a price of its own reads as the figure too).
        clause = scan.masked[previous(scan.clause_breaks, start) : end + 40]
        own = any(not _a_difference(fact, fact.model) and matches(fact) for fact in facts)
        first = first if own or DIFFERENCE_CUE.search(clause) else None
    if first is not None and provider is None and model in validator.pair:
        first = _unless_another_routes(validator, scan, start, first, facts, matches)
    right = [first] if first is not None else []
    if not right and "active_parameters" in attributes and model in validator.pair:
        # "37B active": a count the architecture fact states in words when no active-parameter fact holds it.
        right = _active_in_architecture(validator, model, match.group().strip())
    if not right and figure.unit in PRICE_UNITS and _names_a_difference(scan, start, end):
        # "$171 for X and $210 for Y, a $39 difference": the difference, whichever model is named last.
        right = [fact for fact in candidates if _a_difference(fact, fact.model) and matches(fact)]
    if not right and model in validator.pair and MORE_AFTER.match(scan.masked, end):
        # "X costs $42 more per month": the difference, stated from the pricier model's side (of the
        # price the sentence names, when it names one).
        more = [fact for fact in candidates if _a_difference(fact, validator.other(model))]
        more = [fact for fact in more if _compared(fact) in attributes] or more
        right = [fact for fact in more if matches(fact)]
    if right:
        validator.add(scan, start, end, "number", True, figure.value, figure.unit, right[0])
        return
    validator.add(scan, start, end, "number", False, figure.value, figure.unit)
    supported = [fact for fact in candidates if matches(fact)] if expected else []
    known_expected = [fact for fact in expected if fact.known]
    nearest = closest(known_expected or candidates, figure.value, figure.factors)
    stated = match.group().strip()
    if supported and known_expected:
        owner = supported[0]
        message = f"{stated} is {owner.id} ({owner.display}), but the text states it about {validator.about(model, attributes)}, whose fact says {nearest.display}"
        validator.find(scan, start, end, "wrong_attribution", message, nearest)
    elif expected and not known_expected:
        message = (
            f"the facts have no sourced value for {validator.about(model, attributes)}; remove the figure or source it"
        )
        validator.find(scan, start, end, "unsupported_number", message, expected[0])
    else:
        validator.find(
            scan,
            start,
            end,
            "unsupported_number",
            f"no fact has the value {stated}; state the fact's own figure or remove it",
            nearest,
        )


def _counts_experts(scan: Scan, match: re.Match) -> bool:
    """ "128 experts", and the other side of "16 experts against 128" or "experts (128 vs 16)"."""
    if EXPERTS_AFTER.match(scan.masked, match.end()):
        return True
    # Most figures have no "experts" before them: a substring test first.
    return "xpert" in scan.masked[max(0, match.start() - 40) : match.start()] and bool(
        EXPERTS_BEFORE.search(scan.masked, max(0, match.start() - 40), match.start())
    )


def _check_experts(validator: Validator, scan: Scan, match: re.Match, figure: Figure) -> None:
    """ "128 experts": the count of experts the architecture fact of the model (or of either) states."""
    start, end = match.span()
    # A side of "16 experts against 128" is either model's: the pair's order is not read here.
    paired = EXPERTS_BEFORE.search(scan.masked, max(0, start - 40), start) or EXPERT_PAIR_AFTER.match(scan.masked, end)
    model = None if paired else validator.model_for(scan, start, end)
    models = [model] if model in validator.pair else list(validator.pair)
    stated = f"{figure.value.normalize():f} experts"
    facts = [validator.facts.get(model_fact(model_id, "architecture")) for model_id in models]
    fact = next((fact for fact in facts if fact and fact.known and stated in str(fact.value).lower()), None)
    validator.add(scan, start, end, "number", fact is not None, figure.value, figure.unit, fact)
    if fact is None:
        message = f"no architecture fact of {validator.about(model, frozenset())} states {stated}; state the fact's own count or remove it"
        validator.find(scan, start, end, "unsupported_number", message, next((fact for fact in facts if fact), None))


def _active_in_architecture(validator: Validator, model: str, stated: str) -> list[Fact]:
    fact = validator.facts.get(model_fact(model, "architecture"))
    if not fact or not fact.known or not re.fullmatch(r"\d+(?:\.\d+)?\s?B", stated):
        return []
    return [fact] if re.search(rf"(?<![\d.]){re.escape(stated.replace(' ', ''))} active", fact.display) else []


def _check_decade(validator: Validator, scan: Scan, match: re.Match) -> None:
    """ "In the low 90s on MMLU": the score of the model the sentence names lies in that part of the decade."""
    start, end = match.span()
    scan.claimed.add(match.start("decade"))
    decade = Decimal(match.group("decade"))
    low, high = DECADE_PARTS[match.group("part").lower()]
    model = validator.model_for(scan, start, end)
    attributes = validator.attributes_for(scan, start, end)
    facts = [fact for fact in validator.expected("number", model, attributes, None) if fact.known and is_number(fact)]
    right = [fact for fact in facts if decade + low <= fact.value < decade + high]
    validator.add(scan, start, end, "number", bool(right), decade, "number", right[0] if right else None)
    if not right:
        said = ", ".join(fact.display for fact in facts[:2]) or "no such score"
        message = f"the facts put it at {said}, not in the {match.group('part').lower()} {match.group('decade')}s"
        validator.find(scan, start, end, "unsupported_number", message, facts[0] if facts else None)


def _check_flip(
    validator: Validator, scan: Scan, match: re.Match, figure: Figure, model: str | None, flip: Fact
) -> None:
    """ "Once input falls below about 56% of tokens, X becomes the cheaper model": the share where the
    cheaper model changes; below it the other model than the flip fact's is the cheaper one."""
    start, end = match.span()
    side = FLIP_SIDE.search(scan.masked, max(0, start - 30), start)
    if model not in validator.pair:
        # "below 56% of tokens, X becomes the cheaper model": the first model named after the share.
        named_after = scan.models_between(end, scan.sentence(start)[1])
        model = named_after[0][1] if named_after else None
    cheaper = None
    if side and model in validator.pair:
        cheaper = validator.other(flip.model) if side.group("below") else flip.model
    verified = cheaper is None or cheaper == model
    validator.add(scan, start, end, "number", verified, figure.value, figure.unit, flip)
    if not verified:
        message = f"the facts make {validator.names[cheaper]} the cheaper model {'below' if side.group('below') else 'above'} that input share: {flip.display}"
        validator.find(scan, start, end, "wrong_direction", message, flip)


def _provider_after(validator: Validator, scan: Scan, end: int) -> str | None:
    """ "$0.05 per million input tokens on Lambda": the provider a price is stated for, named after it
    in its clause."""
    clause_end = min(following(scan.clause_breaks, end, len(scan.masked)), end + 60)
    # Most prices are followed by no preposition a provider's name could follow: a substring test first.
    after = scan.worded[end:clause_end]
    if " on " not in after and " via " not in after and " through " not in after and " from " not in after:
        return None
    found = PROVIDER_AFTER.search(scan.worded, end, clause_end)
    words = found.group("p").split() if found else []
    # The longest run of the capitalised words that is a provider's name ("Together AI", not "Together AI Cloud").
    names = (" ".join(words[:size]) for size in range(len(words), 0, -1))
    return next((validator.provider_of_name[name] for name in names if name in validator.provider_of_name), None)


def _provider_before(validator: Validator, scan: Scan, start: int) -> str | None:
    """ "R1 on Hyperbolic: $0.40 in, $4.00 out": the one provider named before a price in its sentence,
    with no contrast ("but", "while") or other route ("cheapest") between them."""
    sentence_start = previous(scan.sentence_breaks, start)
    before = scan.worded[sentence_start:start]
    # "Cohere's model": a maker's possessive names the maker, not its API as a route.
    named = {
        key
        for name, key in validator.provider_of_name.items()
        if name and name in before and not POSSESSIVE_AFTER.match(before, before.rfind(name) + len(name))
    }
    if len(named) != 1:
        return None
    provider = named.pop()
    last = max(before.rfind(name) for name, key in validator.provider_of_name.items() if key == provider)
    return None if OTHER_ROUTE_BETWEEN.search(before, last) else provider


def _names_a_difference(scan: Scan, start: int, end: int) -> bool:
    return bool(
        DIFFERENCE_AFTER.match(scan.masked, end) or DIFFERENCE_BEFORE.search(scan.masked, max(0, start - 40), start)
    )


def _gap_benchmarks(
    validator: Validator, scan: Scan, start: int, end: int, attributes: frozenset[str]
) -> frozenset[str]:
    """ "75.9 against 68.9 on MMLU-Pro and 59.1 against 50.5 on GPQA Diamond, leads of 7.0 and 8.6
    points": gaps after a list of benchmarks, none named after them, may be any of those benchmarks'."""
    sentence_start, sentence_end = scan.sentence(start)
    clause_end = following(scan.clause_breaks, end, sentence_end)
    named = set(validator.benchmarks_in(scan.worded[sentence_start:sentence_end]))
    if len(named) < 2 or validator.benchmarks_in(scan.worded[end:clause_end]):
        return attributes
    return attributes | named


def _check_count_difference(
    validator: Validator, scan: Scan, match: re.Match, figure: Figure, model: str | None
) -> bool:
    """ "X is on ten more providers than Y": the subject's provider count less the other's (or the other
    way for "fewer"). False when the figure is no such difference (or names no model of the pair)."""
    start, end = match.span()
    found = COUNT_DIFFERENCE.match(scan.masked, end)
    if found is None or model not in validator.pair:
        return False
    sentence_start, sentence_end = scan.sentence(start)
    if not found.group("noun") and not PROVIDER_WORD.search(scan.masked, sentence_start, sentence_end):
        return False
    mine, theirs = (validator.facts.get(model_fact(side, "provider_count")) for side in (model, validator.other(model)))
    if not (mine and theirs and mine.known and theirs.known):
        return False
    difference = Decimal(mine.value) - Decimal(theirs.value)
    if not found.group("more"):
        difference = -difference
    verified = difference > 0 and reads_as(difference, figure.value, figure.places, figure.hedge)
    validator.add(scan, start, end, "number", verified, figure.value, "count", mine)
    if not verified:
        message = f"the facts track {mine.value} providers for {validator.names[model]} and {theirs.value} for {validator.names[validator.other(model)]}, not {match.group().strip()} {found.group().strip()}"
        validator.find(scan, start, end, "unsupported_number", message, mine)
    return True


def _check_saving(
    validator: Validator, scan: Scan, match: re.Match, figure: Figure, model: str | None, matching: list[Fact]
) -> None:
    """A saving is a price difference, and the saving model is the cheaper one (the difference's own)."""
    start, end = match.span()
    cheaper = model if model in validator.pair else None
    right = [fact for fact in matching if _a_difference(fact, cheaper or fact.model)]
    validator.add(scan, start, end, "number", bool(right), figure.value, figure.unit, right[0] if right else None)
    if right:
        return
    stated = match.group().strip()
    reversed_saving = next((fact for fact in matching if _a_difference(fact, fact.model)), None)
    if reversed_saving is not None:
        message = f"the {stated} saving is with {validator.names.get(reversed_saving.model)}, the cheaper model, not {validator.names.get(model)}"
        validator.find(scan, start, end, "wrong_attribution", message, reversed_saving)
        return
    differences = [fact for fact in validator.known_candidates[figure.unit] if _a_difference(fact, fact.model)]
    nearest = closest(differences, figure.value, figure.factors) if differences else None
    if nearest is None:
        message = f"the facts hold no price difference to save {stated}; remove the figure"
    else:
        message = f"a saving is the difference between the two prices: the facts put it at {nearest.display} ({nearest.id}, with {validator.names.get(nearest.model, nearest.model)}), not {stated}"
    validator.find(scan, start, end, "unsupported_number", message, nearest)


def _compared(fact: Fact) -> str | None:
    """The attribute a price difference compares ("input_price" of "input_price.difference")."""
    parsed = read_fact_id(fact.id)
    return parsed.subject if parsed else None


def _a_difference(fact: Fact, cheaper: str) -> bool:
    """Whether the fact is a price difference whose cheaper side is the given model."""
    parsed = read_fact_id(fact.id)
    return fact.known and fact.model == cheaper and parsed is not None and parsed.attribute == "difference"


def _an_advantage(scan: Scan, start: int, end: int) -> bool:
    """Whether a gap is stated as the lead of the one model its sentence names ("an 8.6-point
    advantage", "a lead of 7 points"), not as a deficit or a plain difference."""
    sentence_start, sentence_end = scan.sentence(start)
    if len({model for _, model in scan.models_between(sentence_start, sentence_end)}) != 1:
        return False
    clause_start = previous(scan.clause_breaks, start)
    clause = scan.masked[clause_start : min(len(scan.masked), end + 30)]
    if DEFICIT.search(clause):
        return False
    return bool(
        ADVANTAGE_AFTER.match(scan.masked, end) or ADVANTAGE_BEFORE.search(scan.masked, max(0, start - 30), start)
    )


def _without_score(validator: Validator, model: str | None, benchmarks: frozenset[str], candidates: list[Fact]) -> bool:
    """Whether a figure stated about one of the pair on these benchmarks has no score of that model
    to be ("Llama 3.3 70B reports 88.5 on MMLU" where only DeepSeek-V3 has an MMLU score)."""
    if model not in validator.pair:
        return False
    return not any(fact.model == model and fact.attribute in benchmarks for fact in candidates)


def _check_pair(validator: Validator, scan: Scan, match: re.Match, figure: Figure, candidates: list[Fact]) -> None:
    """A ratio (70/30) needs both sides; a range (5–7) needs one fact inside it."""
    start, end = match.span()
    if match.group("ratio"):
        left, right = (
            [fact for fact in candidates if fact_matches(fact, figure, number)]
            for number in (figure.value, figure.second)
        )
        fact = left[0] if left and right else None
    else:
        inside = [fact for fact in candidates if is_number(fact) and figure.value <= fact.value <= figure.second]
        fact = inside[0] if inside else None
    validator.add(scan, start, end, "number", fact is not None, figure.value, figure.unit, fact)
    if fact is None:
        message = f"no facts support {match.group().strip()}; state the facts' own figures"
        validator.find(
            scan, start, end, "unsupported_number", message, closest(candidates, figure.value, (Decimal(1),))
        )
