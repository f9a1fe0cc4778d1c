"""Sentences that pair things up: two models ("A beats B on X by N", "(N vs M)") and two prices
("$X in / $Y out", "$X/$Y per 1M input/output"). These checkers decide whom and what each figure is
about; the figure checker then checks the figure against that fact."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.factids import Family, benchmark_fact, context_fact, gap_fact, model_fact, read_fact_id
from generator.validation.checkers.directions import EVERY_BENCHMARK, check_leader
from generator.validation.descriptors import price_topic
from generator.validation.scan import Region, Scan
from generator.validation.vocabulary import ATTRIBUTE_WORDS, MODEL, MODEL_START, lower_case_starts, matches_at

if TYPE_CHECKING:
    from generator.validation.validator import Validator

WINS = r"undercuts|beats|outperforms|outscores|outpaces|outdoes|tops|leads|edges(?:\ out)?|surpasses|bests|is\ ahead\ of|pulls\ ahead\ of|stays\ ahead\ of|sits\ ahead\ of|finishes\ ahead\ of|scores\ higher\ than|does\ better\ than|is\ better\ than"
LOSES = r"trails|is\ behind|lags(?:\ behind)?|falls\ behind|sits\ behind|finishes\ behind|(?:is|gets)\ (?:outscored|outperformed|outclassed|beaten|bested|surpassed|topped|outpaced|edged\ out)\ by|loses\ to|underperforms|scores\ lower\ than|does\ worse\ than|is\ worse\ than"
RELATION = re.compile(
    rf"(?P<x>{MODEL})(?:'s)?\ (?:\w+\ )?(?:(?P<wins>{WINS})|(?P<loses>{LOSES}))\ (?P<y>{MODEL})", re.X | re.I
)
FIGURE = r"(?:\$\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|[KkMB]\b|points\b|pts\b))?"
# FIGURE opening with a character set (sre then skips every position that cannot start one): a "$"
# must be followed by a digit, as in FIGURE.
# Never the tail of a longer figure ("20.0, and 76.2" is no "0, and 76.2").
LEADING_FIGURE = r"[\d$](?<![\d.,][\d$])(?:(?<=\$)\s?\d|(?<=\d))[\d,]*(?:\.\d+)?(?:\s?(?:%|[KkMB]\b|points\b|pts\b))?"
# The unit a first figure may carry before its connector: "262K tokens against 128K", "9 tracked providers against 21".
COUNTED_UNIT = r"[\s-]tokens?|\s+(?:tracked\s+)?(?:providers?|routes?|hosts?)"
ORDERED = re.compile(
    rf"(?P<n>{LEADING_FIGURE})(?:{COUNTED_UNIT})?\s*(?P<connector>vs\.?|versus|against|to|and)\s*(?P<m>{FIGURE})(?P<respectively>,?\s+respectively)?",
    re.I,
)
# With one model named, only a scoreline orders two figures: "128K vs 1M", and "65.0 to 40.2" in a
# sentence about a lead. "20 and 25" may both be its own, "$0.03 to $0.10" is a range of its routes.
FROM_BEFORE, PARENTHESIS_BEFORE = re.compile(r"\bfrom\s+\$?$", re.I), re.compile(r"\(\s*$")
# A spec line's label: "Context window: ", "**Parameters:** ".
SPEC_LABEL = re.compile(r"[\s*_>-]*[A-Z][\w ()/.-]{1,40}:(?:\*\*)?\s")
POSSESSIVE_BEFORE = re.compile(r"[\x00\x01]'s\s+$")
VERSUS = re.compile(r"vs\.?|versus|against", re.I)
LEAD_WORDS = re.compile(r"\b(?:leads?|wins?|ahead|beats?|trails?|behind|edges?|outscores?|tops)\b", re.I)
OWNED_AFTER = re.compile(
    rf"(?P<figure>{LEADING_FIGURE})(?:[\s-]+(?:tokens?|points?))?\s+(?:that|which)\s+(?P<m>{MODEL})\s+(?!is\b|was\b)\w+",
    re.I,
)
# ORDERED's connector with the start of the figure after it: every match of ORDERED holds one.
CONNECTED = re.compile(r"(?:vs\.?|versus|against|to|and)\s*(?:\$\s?)?\d", re.I)
CONNECTORS = ("vs", "versus", "against", "to", "and")
# The characters a figure with its unit and the white space after it ("262K ", "$0.40 ", "59.1 points ")
# can hold but digits and white space: ORDERED's first figure lies in a run of them before its connector.
# (With the non-ASCII letters re.IGNORECASE matches to "k", "s" and "i".)
FIGURE_CHARACTERS = frozenset(",.$%kmbpointsKMBPOINTS\u212a\u017f\u0130\u0131")
# OWNED_AFTER's "that"/"which" before a model's mask, matched where it must end.
THAT, WHICH = re.compile("that", re.I), re.compile("which", re.I)
# "by two and a half thousand dollars": a figure in words opens with one of these.
COUNT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b"
BY = re.compile(
    rf"\bby\s+(?:about\s+|roughly\s+|nearly\s+|some\s+|~|(?:just\s+)?(?:more|less)\s+than\s+|(?:just\s+)?(?:over|under)\s+|almost\s+|around\s+)?(?P<figure>{FIGURE}|{COUNT_WORD})",
    re.I,
)

PRICE_WORDS, CONTEXT_WORDS = re.compile(r"\b(?:pric|cost|cheap|afford)", re.I), re.compile(r"\bcontext\b", re.I)
INPUT, OUTPUT = (
    next(frozenset(a) for w, a in ATTRIBUTE_WORDS if w.startswith("input|")),
    next(frozenset(a) for w, a in ATTRIBUTE_WORDS if w.startswith("output|")),
)
PRICE = r"\$\s?\d[\d,]*(?:\.\d+)?"
IN_OUT = re.compile(
    rf"(?P<figure>{PRICE})(?:\s?(?:/|per)\s?(?:1M|M|million)\b)?\s+(?P<word>in|out)\b(?!\s+(?:the|a|an|this|that|its|their|each|savings|favou?r)\b|\s+\x00)",
    re.I,
)
SLASHED = re.compile(
    rf"(?P<first>{PRICE})\s*(?:/|and|,)\s*(?P<second>{PRICE})[^.;\n]{{0,40}}?\b(?P<order>(?:input|in|prompt)\s*(?:/|and)\s*(?:output|out|completion)|(?:output|out|completion)\s*(?:/|and)\s*(?:input|in|prompt))\b",
    re.I,
)
PRICE_PAIR = re.compile(
    rf"(?P<first>{PRICE})\s+and\s+(?P<second>{PRICE})(?!\s*(?:/\s*\w+\s+)?(?:per\s+\w+\s+)?(?:input|output|in|out|prompt|completion)\b)",
    re.I,
)
SLASH_PAIR = re.compile(rf"(?P<first>{PRICE})\s*/\s*(?P<second>{PRICE})")
# A label naming both sides in order: "Input / output", "in/out", "Prompt & completion".
INPUT_OUTPUT_LABEL = re.compile(
    r"\b(?:input|in|prompt)\s*(?:/|&|and)\s*(?:output|out|completion)\b"
    r"|\b(?:output|out|completion)\s*(?:/|&|and)\s*(?:input|in|prompt)\b",
    re.I,
)
WORDS_FIRST = re.compile(
    rf"\b(?=[ipoc])(?P<order>(?:input|prompt)\s*(?:/|and)\s*(?:output|completion)|(?:output|completion)\s*(?:/|and)\s*(?:input|prompt))\b[^.;\n$]{{0,40}}?(?P<first>{PRICE})[^.;\n$]{{0,24}}?\s*(?:/|and|,)\s*(?P<second>{PRICE})",
    re.I,
)

ORDER_WORDS = ("input", "prompt", "output", "completion")


# An opening phrase that holds only a comparison of two figures ("At 262K versus 128K, ...").
OPENING_AT = re.compile(r"[\s*_]*(?:At|With|Between)\s+$")


class TwoModelChecker:
    """ "A beats B on X by N": the lead is A's, and so is the gap N; "(N vs M)" after a sentence naming
    A then B gives N to A and M to B. The direction is checked against the benchmark's leader."""

    kind = "two_models"
    cells = False

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        named = scan.masked.count(MODEL_START, region.start, region.end)
        # With no model named, only a spec line ("Parameters: 1.23B vs 4B") orders two figures.
        if named == 0 and ":" not in scan.masked[region.start : region.end]:
            return
        if named > 1:
            for match in RELATION.finditer(scan.masked, region.start, region.end):
                self._check_relation(validator, scan, match)
        for match in _ordered(scan.masked, region.start, region.end):
            self._order(validator, scan, match)
        if _may_own_after(scan.masked, region.start, region.end):
            for match in OWNED_AFTER.finditer(scan.masked, region.start, region.end):
                # "the 200K that Claude Haiku 4.5 offers": the figure is the model's the clause after it names.
                scan.owners[match.start("figure")] = scan.models[match.start("m")][1]

    def _check_relation(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        x, y = scan.models[match.start("x")][1], scan.models[match.start("y")][1]
        if x == y:
            return
        leader = x if match.group("wins") else y
        sentence_start, sentence_end = scan.sentence(match.start())
        sentence = scan.worded[sentence_start:sentence_end]
        benchmarks = validator.benchmarks_in(sentence)
        if not benchmarks and EVERY_BENCHMARK.search(sentence):
            # "Y is outperformed by X on both benchmarks": X leads on each benchmark the pair shares.
            benchmarks = [b for b in validator.comparison.benchmarks if benchmark_fact(b, "leader") in validator.facts]
        for benchmark in dict.fromkeys(benchmarks):
            check_leader(
                validator, scan, match.start(), match.end(), leader, benchmark_fact(benchmark, "leader"), False
            )
        if not benchmarks:
            # "A beats B on price", "... on context": the pair's cheaper model or larger context.
            topic = (
                gap_fact(price_topic(sentence), "cheaper")
                if PRICE_WORDS.search(sentence)
                else context_fact("leader")
                if CONTEXT_WORDS.search(sentence)
                else None
            )
            if topic:
                check_leader(validator, scan, match.start(), match.end(), leader, topic, False)
        for by in BY.finditer(scan.masked, match.end(), sentence_end):
            scan.owners[by.start("figure")] = leader

    def _order(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        sentence_start, sentence_end = scan.sentence(match.start())
        if match.group("connector").lower() == "and" and POSSESSIVE_BEFORE.search(
            scan.masked, max(sentence_start, match.start() - 6), match.start()
        ):
            # "compared to Y's $2.00 and $8.00": both figures are the possessor's.
            owner = scan.models[scan.masked.rfind(MODEL_START, sentence_start, match.start())][1]
            scan.owners[match.start("n")] = scan.owners[match.start("m")] = owner
            return
        named = list(
            dict.fromkeys(
                model
                for _, model in scan.models_between(
                    sentence_start, match.start() if not match.group("respectively") else sentence_end
                )
            )
        )
        if (
            len(named) == 1
            and match.group("connector").lower() == "to"
            and FROM_BEFORE.search(scan.masked, max(0, match.start() - 8), match.start())
        ):
            # "X expands the context window from 128K to 1M": the second figure is X's, the first is
            # the other model's or X's own earlier one.
            scan.owners[match.start("n")], scan.owners[match.start("m")] = None, named[0]
            return
        if (
            len(named) == 1
            and PARENTHESIS_BEFORE.search(scan.masked, max(0, match.start() - 4), match.start())
            and len({model for _, model in scan.models_between(sentence_start, sentence_end)}) > 1
        ):
            # "With twice the context of X (262K vs 128K), Y ...": the sentence does not say which side is whose.
            scan.owners[match.start("n")] = scan.owners[match.start("m")] = None
            return
        if len(named) == 1 and _scoreline(scan, match, sentence_start, sentence_end):
            # "X leads on GPQA Diamond, 65.0 to 40.2": the first figure is the subject's, the other the other model's.
            named.append(validator.other(named[0]))
        named_in_sentence = list(dict.fromkeys(model for _, model in scan.models_between(sentence_start, sentence_end)))
        if not named and len(named_in_sentence) == 1 and VERSUS.fullmatch(match.group("connector")):
            # "that is $0.29 against $2.20 per million tokens, so X is about 87% cheaper": the one model
            # the sentence names is the first side.
            named = [named_in_sentence[0], validator.other(named_in_sentence[0])]
        if not named and not named_in_sentence and VERSUS.fullmatch(match.group("connector")):
            # "Is X better than Y? Yes: it leads on MMLU (90.2 vs 88.7)": the model "it" refers to is the first side.
            referred = validator.model_for(scan, match.start("n"), match.end("n"))
            named = [referred, validator.other(referred)] if referred in validator.pair else []
        if (
            not named
            and len(named_in_sentence) == 2
            and VERSUS.fullmatch(match.group("connector"))
            and OPENING_AT.match(scan.masked, sentence_start, match.start())
        ):
            # "At 262K versus 128K, Y's context window is about twice X's": the subject after the
            # opening phrase is the first side.
            named = [named_in_sentence[0], validator.other(named_in_sentence[0])]
        if not named and not named_in_sentence and SPEC_LABEL.match(scan.masked, sentence_start, match.start()):
            # "Parameters: 1.23B vs 4B" on a page about A vs B: the sides in the page's order.
            named = list(validator.pair)
        if len(named) == 2 and not match.group("respectively"):
            # "X is cheaper on output (...), Y on input ($0.12 vs $0.20)", "X vs Y: Y is cheaper ($1.10 vs
            # $3.00)": the clause after the comma or colon names the first side; the other model is the second.
            comma = max(
                scan.masked.rfind(",", sentence_start, match.start()),
                scan.masked.rfind(";", sentence_start, match.start()),
                scan.masked.rfind(": ", sentence_start, match.start()),
            )
            clause = scan.models_between(max(comma + 1, sentence_start), match.start())
            if len({model for _, model in clause}) == 1:
                named = [clause[0][1], validator.other(clause[0][1])]
        if len(named) != 2:
            return
        # Before a "(N vs M)", the last models named are the ones it orders.
        scan.owners[match.start("n")], scan.owners[match.start("m")] = named


class InputOutputChecker:
    """Which of two prices is the input price: "$X in / $Y out", "$X/$Y per 1M input/output",
    "input/output prices of $X and $Y", and a table cell under an "Input / output" label."""

    kind = "input_output"
    cells = True

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        if "$" not in scan.masked[region.start : region.end]:
            return
        in_out = list(IN_OUT.finditer(scan.masked, region.start, region.end))
        for match in in_out:
            scan.attributes[match.start("figure")] = INPUT if match.group("word").lower() == "in" else OUTPUT
        for first, second in zip(in_out, in_out[1:], strict=False):
            # "$0.03 in and $0.02 out": one price of each, in one clause of one model.
            words = first.group("word").lower(), second.group("word").lower()
            if set(words) == {"in", "out"} and not scan.models_between(first.end(), second.start()):
                starts = first.start("figure"), second.start("figure")
                scan.price_pairs.append(starts if words[0] == "in" else starts[::-1])
        for match in SLASHED.finditer(scan.worded, region.start, region.end):
            self._assign(scan, match.start("first"), match.start("second"), match.group("order"))
            # "X $0.40/$0.10, Y $0.15/$0.60 (input/output)": the sentence's earlier pairs keep the order.
            sentence_start, _ = scan.sentence(match.start())
            for earlier in SLASH_PAIR.finditer(scan.masked, max(region.start, sentence_start), match.start()):
                if earlier.start("first") not in scan.attributes:
                    self._assign(scan, earlier.start("first"), earlier.start("second"), match.group("order"))
        # WORDS_FIRST opens with one of the order words: in prose, tried only where one stands (a table
        # cell is read faster by the pattern itself).
        starts = None if region.in_table else lower_case_starts(scan.worded, region.start, region.end, ORDER_WORDS)
        words_first = (
            WORDS_FIRST.finditer(scan.worded, region.start, region.end)
            if starts is None
            else matches_at(WORDS_FIRST, scan.worded, starts, region.start, region.end)
        )
        for match in words_first:
            self._assign(scan, match.start("first"), match.start("second"), match.group("order"))
            # "Input/output pricing: X $2.50/$10.00, Y $3.00/$15.00": later pairs keep the order.
            _, sentence_end = scan.sentence(match.start())
            for later in SLASH_PAIR.finditer(scan.masked, match.end(), sentence_end):
                self._assign(scan, later.start("first"), later.start("second"), match.group("order"))
        for match in PRICE_PAIR.finditer(scan.masked, region.start, region.end):
            self._parallel(scan, match)
        if region.cell is not None and INPUT_OUTPUT_LABEL.search(region.cell.labels):
            prices = list(re.finditer(PRICE, scan.masked[region.start : region.end]))
            if len(prices) == 2:
                order = INPUT_OUTPUT_LABEL.search(region.cell.labels).group()
                self._assign(scan, region.start + prices[0].start(), region.start + prices[1].start(), order)

    def _parallel(self, scan: Scan, match: re.Match) -> None:
        """ "$2.50 input and $10 output, against $3 and $15 for Y": a bare pair follows the order in
        which the sentence named input and output before it."""
        if match.start("first") in scan.attributes or match.start("second") in scan.attributes:
            return
        sentence_start, _ = scan.sentence(match.start())
        before = scan.worded[sentence_start : match.start()]
        named = [found.group().lower() for found in re.finditer(r"\b(?:input|output)\b", before, re.I)]
        if "input" in named and "output" in named:
            self._assign(scan, match.start("first"), match.start("second"), named[0])

    def _assign(self, scan: Scan, first: int, second: int, order: str) -> None:
        input_first = re.match(r"\s*(?:input|in|prompt)", order, re.I) is not None
        scan.attributes[first], scan.attributes[second] = (INPUT, OUTPUT) if input_first else (OUTPUT, INPUT)
        scan.price_pairs.append((first, second) if input_first else (second, first))


class RouteChecker:
    """ "X costs $0.03 in and $0.02 out": an input and an output price stated together are one route's
    (or the model's cheapest route's), not the input of one provider and the output of another."""

    kind = "route"
    cells = False

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        pairs = [pair for pair in scan.price_pairs if region.start <= pair[0] < region.end]
        if not pairs:
            return
        verified = {mention.start: mention for mention in scan.mentions if mention.verified and mention.fact_id}
        for input_start, output_start in pairs:
            stated_input, stated_output = verified.get(input_start), verified.get(output_start)
            if stated_input is None or stated_output is None:
                continue
            model = validator.facts[stated_input.fact_id].model
            if model is None or model != validator.facts[stated_output.fact_id].model:
                continue
            inputs = _routes_reading(validator, scan, input_start, model, "input_price")
            outputs = _routes_reading(validator, scan, output_start, model, "output_price")
            if inputs and outputs and not inputs & outputs:
                message = (
                    f"{stated_input.text} input and {stated_output.text} output are no one route's prices for "
                    f"{validator.names[model]}: state both prices of the same provider"
                )
                validator.add(scan, output_start, stated_output.end, "claim", False)
                validator.find(scan, output_start, stated_output.end, "wrong_attribution", message, None)


def _routes_reading(validator: Validator, scan: Scan, start: int, model: str, attribute: str) -> set[str]:
    """The routes of the model whose price of this attribute reads as the figure stated at start ("" for
    the model's own price, its cheapest route's)."""
    figure = scan.prices.get(start)
    if figure is None:
        return set()
    reading = validator.reading_of(figure)
    routes = {""} if (own := validator.facts.get(model_fact(model, attribute))) and reading.matches(own) else set()
    for fact in validator.facts.values():
        parsed = read_fact_id(fact.id)
        if (
            parsed is not None
            and parsed.family is Family.ROUTE
            and parsed.subject == model
            and parsed.attribute == attribute
            and reading.matches(fact)
        ):
            routes.add(parsed.key)
    if "" in routes:
        cheapest = validator.facts.get(model_fact(model, "cheapest_route"))
        routes |= {str(cheapest.value)} if cheapest and cheapest.known else set()
    return routes


TOKENS_BEFORE = re.compile(rf"(?:{COUNTED_UNIT})\s*$", re.I)


def _ordered(masked: str, start: int, end: int) -> Iterator[re.Match]:
    """ORDERED.finditer(masked, start, end), tried only where a match can start: at a digit or "$" in
    the run of figure characters before a connector that a figure follows (sre would try ORDERED at
    every digit of the page)."""
    words = lower_case_starts(masked, start, end, CONNECTORS)
    if words is None:
        return ORDERED.finditer(masked, start, end)
    starts: set[int] = set()
    for word in words:
        if not CONNECTED.match(masked, word, end):
            continue
        position = word
        # "262K tokens against 128K": the unit word ORDERED allows after its first figure.
        unit = TOKENS_BEFORE.search(masked, max(start, word - 24), word)
        if unit:
            position = unit.start()
        while position > start and (
            masked[position - 1].isspace()
            or masked[position - 1].isdecimal()
            or masked[position - 1] in FIGURE_CHARACTERS
        ):
            position -= 1
            if masked[position] == "$" or masked[position].isdecimal():
                starts.add(position)
    return matches_at(ORDERED, masked, sorted(starts), start, end)


def _may_own_after(masked: str, start: int, end: int) -> bool:
    """Whether OWNED_AFTER may match in masked[start:end]: each match holds "that" or "which", white
    space, then a model's mask."""
    at = masked.find(MODEL_START, start, end)
    while at != -1:
        before = at
        while before > start and masked[before - 1].isspace():
            before -= 1
        if before < at and (THAT.fullmatch(masked, before - 4, before) or WHICH.fullmatch(masked, before - 5, before)):
            return True
        at = masked.find(MODEL_START, at + 1, end)
    return False


def _scoreline(scan: Scan, match: re.Match, sentence_start: int, sentence_end: int) -> bool:
    """Whether two figures are one model's against the other's though only one model is named."""
    if VERSUS.fullmatch(match.group("connector")):
        return True
    if match.group("connector").lower() != "to" or "$" in match.group():
        return False
    before = scan.masked[max(sentence_start, match.start() - 30) : match.start()]
    return "from" not in before.lower() and LEAD_WORDS.search(scan.masked, sentence_start, sentence_end) is not None
