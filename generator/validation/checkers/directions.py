"""Directions: who leads, who is cheaper, who has the larger context or more providers ("X leads on
MMLU-Pro", "X is cheaper", "X has the larger context window")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.comparison import Fact
from generator.factids import benchmark_fact, gap_fact, model_fact
from generator.validation.checkers.relative import RELATIVE
from generator.validation.descriptors import price_topic
from generator.validation.scan import Region, Scan, following, previous
from generator.validation.vocabulary import MODEL, MODEL_START, lower_case_starts, matches_at, model_starts

if TYPE_CHECKING:
    from generator.validation.validator import Validator

# LEADS and CHEAPER open with a lookahead on the first characters of their alternatives (a model's
# mask or a word), so most positions fail at once.
LEADS = re.compile(
    rf"(?=[\x00w])(?:(?P<m>{MODEL})(?:'s)? (?:leads|is ahead|is leading|wins|is the (?:clear |overall |outright )?(?:winner|leader)|scores higher|outscores|outperforms(?= (?:in|on|across)\b)|performs better|comes out on top|holds a[\w -]* lead|comes out ahead|pulls ahead"
    rf"|(?:has|posts|gets|achieves|earns|records|shows) (?:a |the )?(?:higher|better|stronger|top|best)(?: [\w\x02-]+){{0,3}}? (?:score|result|mark)s?)"
    rf"|with (?P<m2>{MODEL}) ahead)",
    re.I,
)
TRAILS = re.compile(
    rf"(?P<m>{MODEL})(?:'s)? (?:has|posts|gets|achieves|earns|records|shows) (?:a |the )?(?:lower|weaker|worse)(?: [\w\x02-]+){{0,3}}? (?:score|result|mark)s?",
    re.I,
)
# "marginally cheaper", "far pricier": how much, not which way.
DEGREE = r"(?:also|slightly|marginally|much|far|a bit|a little|somewhat|significantly|considerably|substantially|noticeably|dramatically|vastly|way|even|still|notably)"
CHEAPER = re.compile(
    rf"(?=[\x00p])(?:(?P<m>{MODEL}) (?:is |costs? |comes in |works out |is the )?(?:{DEGREE} )?(?:[~≈]?\$?[\d.,]+%? )?(?P<word>cheaper|less expensive|lower[- ]cost|costs less|more expensive|pricier|dearer|costs more|costlier|more affordable)"
    rf"|(?P<m3>{MODEL}) (?:also |still )?(?:has|offers|charges) (?:the |a )?(?:{DEGREE} )?(?P<word3>lower|higher)(?: (?:input|output|blended|monthly|token|list))? (?:price|cost|rate|bill)s?\b"
    rf"|puts (?P<m2>{MODEL}) (?P<word2>lower|higher))",
    re.I,
)
LARGER_CONTEXT = re.compile(
    rf"(?P<m>{MODEL}) (?:also |still )?(?:has|offers|ships with|provides|comes with|gives you|gets you|brings) (?:the |a )?(?:{DEGREE} )?(?P<word>larger|bigger|longer|wider|smaller|shorter|narrower) context",
    re.I,
)
# "**Pros of X:** cheaper output, ...", "Winner on price: X": a labelled list of one model's advantages.
LABELLED = re.compile(
    rf"(?P<kind>Pros?|Strengths?|Advantages?|Cons?|Weaknesses?|Drawbacks?)\s+(?:of|for)\s+(?P<m>{MODEL})\W{{0,4}}:\W*"
    rf"|(?:Winner|Leader|Best\s+pick)\s+(?:on|for)\s+(?P<topic>[^:\n\x00]{{1,40}}):\W{{0,4}}(?P<m2>{MODEL})",
    re.I,
)
# The words LABELLED opens with, lower-cased: it is tried only where one stands (opening with words
# under re.IGNORECASE, it would be tried at every position of a page).
LABEL_WORDS = ("pro", "strength", "advantage", "con", "weakness", "drawback", "winner", "leader", "best")
LIST_ITEM = re.compile(r"[^,;]+")
CHEAPER_WORD = re.compile(r"\b(?:cheaper|lower[- ]cost|less\s+expensive|lower\s+(?:price|cost))", re.I)
PRICE_TOPIC = re.compile(r"pric|cost|input|output|blend|month|cheaper|expensive", re.I)
LARGER_WORD = re.compile(r"\b(?:larger|longer|bigger|wider|more)\b", re.I)
HIGHER_WORD = re.compile(r"\b(?:higher|better|stronger|leads?|wins?)\b", re.I)
# "X's 131K-token window is a hair larger than Y's 128K".
CONTEXT_THAN = re.compile(
    rf"(?P<m>{MODEL})'s\s+(?:[\w-]+\s+){{0,3}}?(?:context\s+)?window\s+is\s+(?:[\w-]+\s+){{0,2}}?(?P<word>larger|bigger|longer|wider|smaller|shorter|narrower)\s+than\b",
    re.I,
)
BROADER_PROVIDERS = re.compile(
    rf"(?P<m>{MODEL}) (?:has|is (?:available|offered|served|hosted) (?:from|on|through|via|by)|runs on) (?P<word>broader|wider|more|narrower|fewer)(?: tracked)? (?:provider|host|route)",
    re.I,
)
CONTRAST = re.compile(r"\b(?:while|whereas|but)\b")
BENCHMARKS = re.compile(r"\s+(?:on|across|in)\s+(?:the\s+)?(?:shared\s+)?benchmarks\b", re.I)
EVERY_BENCHMARK = re.compile(
    r"\b(?:both|all|every|each)\b(?:\s+(?:of\s+)?(?:the\s+)?(?:two|three|four|shared|common))*\s+benchmarks?\b"
    r"|\b(?P<count>\d+|two|three|four)\s+(?:out\s+)?of\s+(?P=count)\s+(?:shared\s+)?benchmarks?\b",
    re.I,
)
# "A and B split the shared benchmarks", "each model wins one benchmark": both models lead somewhere.
TIE_STEMS = ("tie", "level", "even", "neck", "identical", "deadlock")
TIE = re.compile(
    r"\b(?:tied?|level|dead\s+even|even|neck\s+and\s+neck|identical|deadlocked)\b(?=\s+(?:\w+\s+)?(?:on|in|at)\b)", re.I
)
SPLIT_STEMS = ("split", "trade", "divide", "each")
SPLIT = re.compile(
    r"\b(?:split|trade|divide)\s+(?:the\s+)?(?:(?:two|shared|common)\s+)*benchmarks?\b|\beach\s+(?:model\s+)?(?:wins|leads(?:\s+on)?|takes)\s+one\b",
    re.I,
)
CONTEXT_WINDOW, BLENDED_PRICE, PROVIDER_COVERAGE = (
    re.compile(words, re.I) for words in ("context window", "blended price", "provider coverage")
)
THAN = re.compile(r"\s+than\s+")
SMALLER_WORDS = {
    "smaller",
    "shorter",
    "narrower",
    "fewer",
    "more expensive",
    "pricier",
    "dearer",
    "costs more",
    "higher",
    "costlier",
}


# LEADS and CHEAPER match at a model's mask, or at "with " or "puts " right before one.
LEAD_IN = len("with ")


def model_led(pattern: re.Pattern, masked: str, start: int, end: int) -> Iterator[re.Match]:
    """pattern.finditer(masked, start, end) for LEADS or CHEAPER, tried only where they can match (at
    each model's mask and LEAD_IN characters before it): sre would try them at every position."""
    starts = [at for found in model_starts(masked, start, end) for at in (found - LEAD_IN, found)]
    return matches_at(pattern, masked, sorted(starts), start, end)


def labelled(masked: str, start: int, end: int) -> Iterator[re.Match]:
    """LABELLED.finditer(masked, start, end), tried only where one of its LABEL_WORDS begins."""
    starts = lower_case_starts(masked, start, end, LABEL_WORDS)
    return LABELLED.finditer(masked, start, end) if starts is None else matches_at(LABELLED, masked, starts, start, end)


class DirectionChecker:
    kind = "direction"
    cells = True

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        if MODEL_START not in scan.masked[region.start : region.end]:
            return
        for match in model_led(LEADS, scan.masked, region.start, region.end):
            model_start = match.start("m") if match.group("m") else match.start("m2")
            self._check_leads(validator, scan, match, scan.models[model_start][1])
        for match in TRAILS.finditer(scan.masked, region.start, region.end):
            self._check_leads(validator, scan, match, validator.other(scan.models[match.start("m")][1]))
        for match in model_led(CHEAPER, scan.masked, region.start, region.end):
            # "X costs less than half as much as Y", "more than twice the price": a bound on the
            # relative figure after it (the relative checker's), not a claim of which is cheaper.
            than = THAN.match(scan.masked, match.end())
            if than and RELATIVE.match(scan.masked, than.end()):
                continue
            side = next(name for name in ("m", "m2", "m3") if match.group(name))
            model_start = match.start(side)
            word = (match.group("word") or match.group("word2") or match.group("word3")).lower()
            start, end = scan.sentence(match.start())
            topic = price_topic(scan.worded[match.end() : end], None) or price_topic(scan.worded[start:end])
            check_leader(
                validator,
                scan,
                match.start(),
                match.end(),
                scan.models[model_start][1],
                gap_fact(topic, "cheaper"),
                word in SMALLER_WORDS,
            )
        for match in LARGER_CONTEXT.finditer(scan.masked, region.start, region.end):
            check_leader(
                validator,
                scan,
                match.start(),
                match.end(),
                scan.models[match.start("m")][1],
                "context_window.leader",
                match.group("word").lower() in SMALLER_WORDS,
            )
        for match in (
            match
            for start, end in scan.windows(SPLIT_STEMS, region, 0, 60)
            for match in SPLIT.finditer(scan.masked, start, end)
        ):
            self._check_split(validator, scan, match)
        for match in (
            match
            for start, end in scan.windows(TIE_STEMS, region, 0, 20)
            for match in TIE.finditer(scan.masked, start, end)
        ):
            self._check_tie(validator, scan, match)
        for match in labelled(scan.masked, region.start, region.end):
            self._check_labelled(validator, scan, match)
        for match in CONTEXT_THAN.finditer(scan.masked, region.start, region.end):
            check_leader(
                validator,
                scan,
                match.start("word"),
                match.end("word"),
                scan.models[match.start("m")][1],
                "context_window.leader",
                match.group("word").lower() in SMALLER_WORDS,
            )
        for match in BROADER_PROVIDERS.finditer(scan.masked, region.start, region.end):
            check_more_providers(
                validator,
                scan,
                match.start(),
                match.end(),
                scan.models[match.start("m")][1],
                match.group("word").lower() in SMALLER_WORDS,
            )

    def _check_labelled(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        """ "**Pros of X:** cheaper output, higher GPQA Diamond score" and "Winner on price: X": each
        advantage the line lists is X's (a con is the other model's)."""
        model = scan.models[match.start("m") if match.group("m") else match.start("m2")][1]
        if match.group("m2"):
            items = [(match.start("topic"), match.end("topic"))]
            inverted = False
        else:
            line_end = scan.masked.find("\n", match.end())
            line_end = len(scan.masked) if line_end < 0 else line_end
            items = [(item.start(), item.end()) for item in LIST_ITEM.finditer(scan.masked, match.end(), line_end)]
            inverted = match.group("kind").lower().startswith(("con", "weak", "draw"))
        for start, end in items:
            item = scan.worded[start:end]
            topics = self._advantages(validator, item, bool(match.group("m2")))
            for topic in topics:
                check_leader(validator, scan, start, end, model, topic, inverted)

    def _advantages(self, validator: Validator, item: str, named_topic: bool) -> list[str]:
        """The leader facts an advantage names: "cheaper output", "higher MMLU-Pro", "larger context"
        (a winner label names only its topic: "price", "benchmarks")."""
        if named_topic or CHEAPER_WORD.search(item):
            if PRICE_TOPIC.search(item):
                return [gap_fact(price_topic(item), "cheaper")]
        if CONTEXT_WINDOW.search(item) or re.search(r"\bcontext\b", item, re.I):
            if named_topic or LARGER_WORD.search(item):
                return ["context_window.leader"]
        if named_topic or HIGHER_WORD.search(item):
            benchmarks = [benchmark_fact(benchmark, "leader") for benchmark in validator.benchmarks_in(item)]
            if not benchmarks and re.search(r"\bbenchmarks?\b", item, re.I):
                benchmarks = shared_benchmark_leaders(validator)
            return [topic for topic in benchmarks if topic in validator.facts]
        return []

    def _check_tie(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        """ "Tied on MMLU", "dead even on GPQA": the benchmark's lead is zero."""
        rest = scan.worded[match.end() : following(scan.clause_breaks, match.end(), len(scan.masked))]
        for benchmark in dict.fromkeys(validator.benchmarks_in(rest)):
            lead = validator.facts.get(benchmark_fact(benchmark, "lead"))
            verified = bool(lead and lead.known and lead.value == 0)
            message = (
                f"the facts put the lead at {lead.display}" if lead and lead.known else "the facts hold no such lead"
            )
            validator.direction(scan, match.start(), match.end(), verified, lead, message)

    def _check_split(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        leaders = shared_benchmark_leaders(validator)
        models = {validator.facts[leader].model for leader in leaders}
        verified = len(leaders) > 1 and set(validator.pair) <= models
        fact = validator.facts[leaders[0]] if leaders else None
        message = "the facts give every shared benchmark to one model" if leaders else "the pair shares no benchmark"
        validator.direction(scan, match.start(), match.end(), verified, fact, message)

    def _check_leads(self, validator: Validator, scan: Scan, match: re.Match, model: str) -> None:
        """ "X leads on A, B and C": every benchmark (or signal) named in the rest of the sentence."""
        start, end = match.span()
        rest = scan.worded[end : following(scan.sentence_breaks, end, len(scan.masked))]
        # "X leads on A, while Y leads on B": the rest of the claim stops at the contrast.
        rest = CONTRAST.split(rest, maxsplit=1)[0]
        topics = [benchmark_fact(benchmark, "leader") for benchmark in validator.benchmarks_in(rest)]
        if CONTEXT_WINDOW.search(rest):
            topics.append("context_window.leader")
        if BLENDED_PRICE.search(rest):
            topics.append("blended_price.cheaper")
        if not topics and (EVERY_BENCHMARK.search(rest) or BENCHMARKS.match(rest)):
            # "X wins both shared benchmarks", "X is the winner on benchmarks": X leads on every
            # benchmark the pair shares (with none shared, the claim has no fact to stand on).
            topics = shared_benchmark_leaders(validator) or [benchmark_fact("shared", "leader")]
        if not topics:
            before = scan.worded[previous(scan.sentence_breaks, start) : end]
            topics = [benchmark_fact(benchmark, "leader") for benchmark in validator.benchmarks_in(before)][-1:]
        for topic in topics:
            check_leader(validator, scan, start, end, model, topic, False)
        if PROVIDER_COVERAGE.search(rest):
            check_more_providers(validator, scan, start, end, model, False)


def shared_benchmark_leaders(validator: Validator) -> list[str]:
    """The leader facts of the benchmarks both models have a score on, in the facts' order."""
    leaders = (benchmark_fact(benchmark, "leader") for benchmark in validator.comparison.benchmark_names)
    return [leader for leader in leaders if leader in validator.facts]


def check_leader(
    validator: Validator, scan: Scan, start: int, end: int, model: str, fact_id: str, inverted: bool
) -> None:
    fact: Fact | None = validator.facts.get(fact_id)
    leader = fact.model if fact else None
    other = validator.other(model) if model in validator.pair else None
    verified = bool(leader) and (leader == other if inverted else leader == model)
    if not fact:
        message = f"the facts make no such comparison ({fact_id} is not a fact of this pair)"
    else:
        message = (
            f"the facts say {fact.display} on {fact.attribute}"
            if leader
            else f"the facts show no leader on {fact.attribute}"
        )
    validator.direction(scan, start, end, verified, fact, message)


def check_more_providers(validator: Validator, scan: Scan, start: int, end: int, model: str, inverted: bool) -> None:
    other = validator.other(model)
    mine, theirs = (
        validator.facts[model_fact(model, "provider_count")],
        validator.facts[model_fact(other, "provider_count")],
    )
    verified = (mine.value < theirs.value) if inverted else (mine.value > theirs.value)
    message = f"the facts count {mine.value} provider routes for {validator.names[model]} against {theirs.value}"
    validator.direction(scan, start, end, verified, mine, message)
