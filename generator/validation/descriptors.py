"""Models named by a description instead of a name: "the cheaper option", "the model with more
context", "the leader on MMLU-Pro", "the newer model". Each is resolved from the facts and masked as
a model mention, so every checker reads a figure or direction stated about it as about that model."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.factids import benchmark_fact, capability_fact, gap_fact, is_benchmark_leader, model_fact
from generator.validation.figures import year_month_of, year_of
from generator.validation.scan import Region, Scan, following, previous
from generator.validation.vocabulary import CAPABILITY_WORDS, MODEL, MODEL_FILL, MODEL_START, matches_at

if TYPE_CHECKING:
    from generator.validation.validator import Validator

CAPABILITY_NAMES_ALTERNATION = "|".join(CAPABILITY_WORDS.values()).replace(" ", "\\ ")
NOUN = r"(?:model|option|one|choice|alternative|pick|LLM|contender|candidate|release|offering|sibling|of\ the\ two(?:\ models)?|of\ the\ pair)"
CHEAP, DEAR = (
    r"cheaper|less\ expensive|lower[- ]cost|lower[- ]priced|more\ affordable|budget",
    r"pricier|more\ expensive|costlier|dearer|higher[- ]priced|premium",
)
MORE, LESS = r"more|larger|bigger|longer|wider|greater", r"less|smaller|shorter|narrower"
NEW, OLD = r"newer|more\ recent|later|younger|latest|fresher", r"older|earlier|elder"
LEAD, TRAIL = (
    r"leader|winner|front-?runner|stronger\ (?:model|one)|higher[- ]scoring\ (?:model|one)|better[- ]scoring\ (?:model|one)|top\ scorer|higher\ scorer|better\ performer|stronger\ performer",
    r"laggard|weaker\ (?:model|one)|lower[- ]scoring\ (?:model|one)|trailing\ model|runner-up|lower\ scorer|weaker\ performer",
)
# "the slightly cheaper option": how much, not which way.
DEGREE = r"(?:(?:slightly|somewhat|much|far|significantly|marginally|considerably|substantially|noticeably|a\ bit|a\ little)\ )?"
# "the cheaper, longer-context option": a second description may follow the first (read by its own checks).
ALSO = r"(?:,\ [a-z][\w-]*|\ and\ [a-z][\w-]*)?"
# "[Tt](?<!\w.)", not "\b[Tt]": a pattern that opens with a character set lets the engine skip every
# position that holds no T or t without trying the pattern there.
DESCRIPTOR = re.compile(
    rf"""[Tt](?<!\w.)he\ (?:
      {DEGREE}(?P<cheap>{CHEAP}){ALSO}\ {NOUN} | {DEGREE}(?P<dear>{DEAR}){ALSO}\ {NOUN}
    | {NOUN}\ (?:with|that\ has|offering|having)\ (?:the\ |a\ )?{DEGREE}(?:(?P<more>{MORE})|(?P<less>{LESS}))\ (?:context(?:\ window)?|(?:context\ )?window)
    | {DEGREE}(?:(?P<more_context>longer|larger|bigger|wider)|(?P<less_context>shorter|smaller|narrower))[- ]context\ {NOUN}
    | {NOUN}\ (?:with|that\ has|offering|having)\ (?:the\ )?(?:(?P<more_hosts>more|broader|wider)|(?P<fewer_hosts>fewer|narrower))\ (?:tracked\ )?(?:providers|hosts|routes|provider\ routes|provider\ coverage|availability|hosting\ options|host\ options|API\ providers|vendors|platforms)
    | {DEGREE}(?P<new>{NEW}){ALSO}\ {NOUN} | {DEGREE}(?P<old>{OLD}){ALSO}\ {NOUN}
    | (?P<lead>{LEAD}) | (?P<trail>{TRAIL})
    | (?:[A-Z][\w.-]*\ ){{1,3}}(?:(?P<lead_named>leader|winner|front-?runner|top\ scorer)|(?P<trail_named>laggard|runner-up))
    | {NOUN}\ with\ the\ (?:[\w.-]+\ ){{1,3}}?(?P<lead_with>edge|lead|advantage|higher\ score|better\ score)
    | (?P<big>larger|bigger)\ {NOUN} | (?P<small>smaller)\ {NOUN}
    | {NOUN}\ (?:with|that\ has|having)\ (?:the\ )?(?:(?:(?P<big_params>more|most)|(?P<small_params>fewer|fewest))\ (?:total\ )?parameters|(?:(?P<big_count>larger|bigger|higher)|(?P<small_count>smaller|lower))\ (?:total\ )?parameter\ count)
    | (?P<open>open[- ]weights?|open[- ]source|openly[- ]licensed)\ {NOUN} | (?P<closed>proprietary|closed(?:[- ]source|[- ]weights?)?)\ {NOUN}
    | (?P<capable>reasoning|multimodal|vision(?:[- ]capable)?)\ {NOUN}
    | {NOUN}\ (?:with|that\ has|offering|having|that\ supports|that\ offers)\ (?P<capable_with>{CAPABILITY_NAMES_ALTERNATION})(?:\ support|\ capabilit(?:y|ies))?
    | {NOUN}\ with\ the\ (?:(?P<cheap_with>lower|cheaper|smaller)|(?P<dear_with>higher|pricier|bigger))\ (?:input\ |output\ |blended\ |monthly\ )?(?:price|cost|bill|rate)
    | (?P<experts>MoE|mixture[- ]of[- ]experts|sparse)(?:\ {NOUN})?(?!\ (?:architecture|design|approach|layers?|routing|setup|experts?)|[\w-])
    | (?P<dense>dense)\ (?:{NOUN}|transformer)
    | (?P<maker>[A-Z][\w-]+(?:\ [A-Z][\w-]+)?)\ (?:model|LLM|offering|option|entry)
    | one\ (?:from|by|made\ by|built\ by)\ (?P<maker_from>[A-Z][\w-]+(?:\ [A-Z][\w-]+)?)
    | one\ (?P<maker_sells>[A-Z][\w-]+)\ (?:sells|makes|builds|ships|offers|released|trained)
    | (?P<former>former) | (?P<latter>latter)
    )\b""",
    re.X,
)
# "Meta's model", "Alibaba's LLM": a model named by its maker's possessive.
# (Opening with a capital letter's set, so sre searches by it; the lookbehind is the word boundary.)
POSSESSIVE_MAKER = re.compile(
    r"(?P<possessive_maker>[A-Z](?<!\w[A-Z])[\w-]+(?:\ [A-Z][\w-]+)?)['’]s"
    r"(?:\ (?:(?:open|open-weights?|closed|new|newer|older|latest|reasoning|small|smaller|bigger|larger|own)\ )?"
    # "OpenAI's open-weight release" (not "DeepSeek's release on the 26th": the event, no model).
    r"(?:model|LLM|flagship|offering|entry)|\ (?:open|open-weights?|closed|new|newer|older|latest|reasoning)\ release"
    r"|\ (?P<maker_size>\d+(?:\.\d+)?B)(?![\w-])"
    # "DeepSeek's model edged out Meta's, 88.5 to 87.3": the noun left out after the maker.
    r"|(?=\s*[,.;)]|\s+(?:on|in|by|at|for|with)\b|\s+\d))"
)
# Descriptions that say the same as another kind in other words.
SAME_KIND = {
    "big_params": "big", "small_params": "small", "cheap_with": "cheap", "dear_with": "dear",
    "big_count": "big", "small_count": "small", "lead_named": "lead", "trail_named": "trail", "lead_with": "lead", "maker_from": "maker", "maker_sells": "maker",
}  # fmt: skip
# First the mix of both ("at every input/output mix"): a claim about every mix holds at the blend too.
PRICE_TOPICS = [
    (r"input\s*(?:/|and|or|-)\s*output|\bmix(?:es)?\b", "blended_price"),
    # "at the default traffic of 800 million input and 250 million output tokens a month": the bill.
    (r"\btraffic\b|\d\s*(?:M|B|million|billion)[\s-]+(?:input|in)\b", "monthly_cost"),
    ("input", "input_price"), ("output", "output_price"), ("month", "monthly_cost"), ("blend", "blended_price"),
]  # fmt: skip
PRICE_TOPIC_PATTERNS = [(re.compile(word, re.I), attribute) for word, attribute in PRICE_TOPICS]


def mask_descriptors(validator: Validator, scan: Scan) -> None:
    """Resolve each description to the model the facts make it, and mask it as that model."""
    if "he " not in scan.masked and "'s " not in scan.masked and "’s " not in scan.masked:
        return
    # Read where names are still words ("the OpenAI model"), never across a model already named.
    possessive = POSSESSIVE_MAKER.finditer(scan.worded) if "s " in scan.worded else ()
    for match in sorted([*descriptor_matches(scan.worded), *possessive], key=lambda found: found.start()):
        if (
            MODEL_START in scan.masked[match.start() : match.end()]
            or MODEL_FILL in scan.masked[match.start() : match.end()]
        ):
            continue
        model = resolve(validator, scan, match)
        if model is None:
            why = undecided(validator, SAME_KIND.get(match.lastgroup, match.lastgroup))
            if why:
                scan.undecided[match.start()] = (match.end(), why)
            continue
        start, end = match.span()
        scan.masked = scan.masked[:start] + MODEL_START + MODEL_FILL * (end - start - 1) + scan.masked[end:]
        scan.models[start] = (end, model)
        scan.descriptors[start] = end
    scan.model_starts = sorted(scan.models)


def descriptor_matches(text: str) -> Iterator[re.Match]:
    """DESCRIPTOR's matches in the text, tried only where "the " or "The " stands (every match opens
    with one; str.find finds them far faster than the engine stops at every "t")."""
    starts = []
    for opening in ("the ", "The "):
        at = text.find(opening)
        while at != -1:
            starts.append(at)
            at = text.find(opening, at + 1)
    return matches_at(DESCRIPTOR, text, sorted(starts), 0, len(text))


def resolve(validator: Validator, scan: Scan, match: re.Match) -> str | None:
    kind = SAME_KIND.get(match.lastgroup, match.lastgroup)
    if kind in ("possessive_maker", "maker_size"):
        # "Meta's 70B": the maker's model, when the size is its own (a wrong size stays a figure to check).
        model = made_by(validator, match.group("possessive_maker"))
        size = match.group("maker_size")
        parameters = validator.facts.get(model_fact(model, "parameters")) if model and size else None
        return model if not size or (parameters and parameters.known and parameters.display == size) else None
    sentence_start, sentence_end = scan.sentence(match.start())
    sentence = scan.worded[sentence_start:sentence_end]
    if kind == "maker":
        return made_by(validator, match.group(match.lastgroup))
    if kind == "capable":
        capability = {"reasoning": "reasoning", "multimodal": "multimodal"}.get(
            match.group("capable").lower(), "vision"
        )
        return _the_one(validator, lambda model: _has(validator, model, capability), True)
    if kind == "capable_with":
        # "the model with vision support": the one model the facts give that capability.
        named = next(
            name for name, words in CAPABILITY_WORDS.items() if re.fullmatch(words, match.group("capable_with"), re.I)
        )
        return _the_one(validator, lambda model: _has(validator, model, named), True)
    if kind in ("former", "latter"):
        return former_or_latter(scan, match.start(), kind == "former")
    return described(validator, kind, sentence)


def described(validator: Validator, kind: str, sentence: str) -> str | None:
    """The model the facts make a description of this kind ("cheap", "new", "lead", ...), read in its sentence."""
    if kind in ("cheap", "dear"):
        fact = validator.facts.get(gap_fact(price_topic(sentence), "cheaper"))
        return _pick(validator, fact.model if fact else None, kind == "cheap")
    if kind in ("more", "less", "more_context", "less_context"):
        fact = validator.facts.get("context_window.leader")
        return _pick(validator, fact.model if fact else None, kind.startswith("more"))
    if kind in ("lead", "trail"):
        leaders = {
            validator.facts[benchmark_fact(benchmark, "leader")].model
            for benchmark in validator.benchmarks_in(sentence)
            if benchmark_fact(benchmark, "leader") in validator.facts
        }
        if not leaders:
            leaders = {fact.model for fact in validator.facts.values() if is_benchmark_leader(fact.id)}
        return _pick(validator, leaders.pop() if len(leaders) == 1 else None, kind == "lead")
    if kind in ("new", "old"):
        return _pick(validator, newer_model(validator), kind == "new")
    if kind in ("more_hosts", "fewer_hosts"):
        counts = [validator.facts.get(model_fact(model, "provider_count")) for model in validator.pair]
        if not all(count and count.known for count in counts) or counts[0].value == counts[1].value:
            return None
        more = validator.pair[0] if counts[0].value > counts[1].value else validator.pair[1]
        return _pick(validator, more, kind == "more_hosts")
    if kind in ("open", "closed"):
        return _the_one(validator, lambda model: _is_open(validator, model), kind == "open")
    if kind in ("experts", "dense"):
        return _the_one(validator, lambda model: _is_mixture(validator, model), kind == "experts")
    sizes = [validator.facts.get(model_fact(model, "parameters")) for model in validator.pair]
    if not all(size and size.known for size in sizes) or sizes[0].value == sizes[1].value:
        return None
    return _pick(validator, validator.pair[0] if sizes[0].value > sizes[1].value else validator.pair[1], kind == "big")


# What each kind of description compares, for saying why the facts make neither model it.
UNDECIDED_TOPICS = {
    "cheap": "prices", "dear": "prices", "more": "context windows", "less": "context windows",
    "more_context": "context windows", "less_context": "context windows", "new": "release dates",
    "old": "release dates", "more_hosts": "provider counts", "fewer_hosts": "provider counts",
    "big": "parameter counts", "small": "parameter counts", "open": "licences", "closed": "licences",
    "experts": "architectures", "dense": "architectures",
}  # fmt: skip


def undecided(validator: Validator, kind: str) -> str | None:
    """Why the facts make neither model a description of this kind (two equal values, or one not
    sourced), or None when the description is of another kind (a maker, "the former")."""
    if kind in ("lead", "trail"):
        leaders = [fact for fact in validator.facts.values() if is_benchmark_leader(fact.id)]
        return None if leaders else "the facts hold no benchmark lead for this pair"
    topic = UNDECIDED_TOPICS.get(kind)
    return f"the two {topic} are equal or not both sourced" if topic else None


def former_or_latter(scan: Scan, offset: int, former: bool) -> str | None:
    """ "The former" / "the latter": the first or second of the two models last named, in this
    sentence or the one before."""
    sentence_start, _ = scan.sentence(offset)
    previous_start, _ = scan.sentence(max(0, sentence_start - 2))
    for start in (sentence_start, previous_start):
        named = list(dict.fromkeys(model for _, model in scan.models_between(start, offset)))
        if len(named) == 2:
            return named[0] if former else named[1]
    return None


def made_by(validator: Validator, maker: str) -> str | None:
    """The one model of the pair the named organisation makes ("the OpenAI model"), if exactly one."""
    words = set(re.findall(r"\w+", maker.lower())) - {"ai", "the"}
    makers = [
        model
        for model in validator.pair
        if words & set(re.findall(r"\w+", str(validator.facts[model_fact(model, "organization")].value or "").lower()))
    ]
    return makers[0] if len(makers) == 1 else None


def _the_one(validator: Validator, value_of, wanted: bool) -> str | None:
    """The one model of the pair whose known value is the wanted one (None when both or neither are,
    or either is unknown)."""
    values = {model: value_of(model) for model in validator.pair}
    if None in values.values():
        return None
    holding = [model for model, value in values.items() if value is wanted]
    return holding[0] if len(holding) == 1 else None


def _is_open(validator: Validator, model: str) -> bool | None:
    fact = validator.facts.get(model_fact(model, "openness"))
    if not fact or not fact.known:
        return None
    return str(fact.value).lower() in ("open weights", "open source")


def _is_mixture(validator: Validator, model: str) -> bool | None:
    fact = validator.facts.get(model_fact(model, "architecture"))
    if not fact or not fact.known:
        return None
    return "mixture of experts" in str(fact.value).lower()


def _has(validator: Validator, model: str, capability: str) -> bool | None:
    fact = validator.facts.get(capability_fact(model, capability))
    return fact.value if fact and fact.known else None


def _pick(validator: Validator, model: str | None, same: bool) -> str | None:
    if model is None:
        return None
    return model if same else validator.other(model)


def price_topic(text: str, default: str | None = "blended_price") -> str | None:
    """The price a sentence is about: the first price word in it, else the blended price."""
    found = [
        (match.start(), order, attribute)
        for order, (word, attribute) in enumerate(PRICE_TOPIC_PATTERNS)
        if (match := word.search(text))
    ]
    return min(found)[2] if found else default


def release_month(validator: Validator, model: str, attribute: str = "release_date") -> tuple[int, int] | None:
    """(year, month) of a model's release (or knowledge cutoff), the month 0 when only the year is known."""
    fact = validator.facts.get(model_fact(model, attribute))
    if not fact or not fact.known:
        return None
    if isinstance(fact.value, dt.date):
        return fact.value.year, fact.value.month
    stated = year_month_of(fact.value)
    year = year_of(fact.value)
    if stated:
        return int(stated) // 100, int(stated) % 100
    return (int(year), 0) if year else None


def newer_model(validator: Validator) -> str | None:
    """The model released later, when the facts can tell (a year alone cannot order two models of that year)."""
    a, b = validator.pair
    dates = {model: validator.facts.get(model_fact(model, "release_date")) for model in (a, b)}
    if not all(fact and fact.known for fact in dates.values()):
        return None
    if all(isinstance(fact.value, dt.date) for fact in dates.values()):
        if dates[a].value == dates[b].value:
            return None
        return a if dates[a].value > dates[b].value else b
    month_a, month_b = release_month(validator, a), release_month(validator, b)
    if not (month_a and month_b):
        return None
    if month_a[0] != month_b[0]:
        return a if month_a[0] > month_b[0] else b
    if 0 in (month_a[1], month_b[1]) or month_a[1] == month_b[1]:
        return None
    return a if month_a[1] > month_b[1] else b


# "The cheaper one is X below that share", "if most of your tokens are output, the cheaper option is
# X": a description under a condition the facts' verdict does not state is not checked against it.
CONDITIONAL = re.compile(r"\b(?:if(?!\s+only\b)|when|whenever|unless|below|above|until|once|depending)\b", re.I)
# "X is actually the newer release": adverbs that leave the description as it is.
ADVERBS = r"(?:(?:also|clearly|still|actually|now|indeed|effectively|easily|comfortably|definitely|plainly|obviously|really|certainly|by\s+far)\s+){0,2}"
# "X, released in June 2025, is the older model": an aside between commas may stand before the verb;
# "X's the older one": the verb contracted.
NAMED_BEFORE = re.compile(
    rf"(?P<m>{MODEL})(?:\s*,\s*|(?:\s*,[^\x00,;.\n]{{1,60}},|\s*\([^\x00()\n]{{1,40}}\)|\s+(?:on|across|in|for)\s+[^\x00,.;:]{{1,40}}?)?(?:\s+(?:is|remains|stays|was|would\s+be|becomes|(?:would\s+)?(?:appears?|seems?)\s+to\s+be)|['’]s)\s+{ADVERBS})$"
)
PAIRED_BEFORE = re.compile(r"\b(?:and|or|vs\.?|versus)\s+$")
# "The higher scorer on both shared benchmarks is X": a short qualifier may stand before the verb.
NAMED_AFTER = re.compile(
    rf"(?:\s+(?:on|across|in|for|at)\s+[^\x00,.;:]{{1,40}}?)?\s*(?:,|:|—|–|-|is|remains|would\s+be|was)\s+(?:the\s+|[A-Z][\w-]+['’]s\s+)?(?P<m>{MODEL})"
)


class DescriptorChecker:
    """ "X is the cheaper option", "the model with more context, X,": the named model must be the one
    the facts make the description."""

    kind = "descriptor"
    cells = False

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        for start, end in scan.descriptors.items():
            # "Which is the newer model, X or Y?" asks; it describes neither.
            if not region.start <= start < region.end or scan.in_question(start):
                continue
            found = _named_with(scan, region, start, end)
            if found is None:
                continue
            described, named = scan.models[start][1], scan.models[found.start("m")][1]
            message = f"the facts make {validator.names.get(described, described)} {scan.text[start:end].lower()}, not {validator.names.get(named, named)}"
            validator.direction(scan, start, end, named == described, None, message)
        for start, (end, why) in scan.undecided.items():
            # "The model with the larger window is X" where the windows are equal: the facts make no model that.
            if region.start <= start < region.end and not scan.in_question(start):
                if _named_with(scan, region, start, end) is not None:
                    message = f"the facts make neither model {scan.text[start:end].lower()}: {why}; drop the comparison or source it"
                    validator.direction(scan, start, end, False, None, message)


def _named_with(scan: Scan, region: Region, start: int, end: int) -> re.Match | None:
    """The model a description is said of ("X is the cheaper option", "the cheaper option is X"), unless
    a condition in its clause limits the claim ("if most of your tokens are output, ...")."""
    before = NAMED_BEFORE.search(scan.masked, max(region.start, start - 120), start)
    if before and PAIRED_BEFORE.search(scan.masked, max(0, before.start() - 12), before.start()):
        # "Between X and Y, the cheaper of the two ...": Y is half of a pair, not the one described.
        before = None
    found = before or NAMED_AFTER.match(scan.masked, end, min(region.end, end + 120))
    if found is None:
        return None
    # The claim's clause: from its sentence's start to the clause break after the description and the
    # name ("X is the cheaper option, which matters if ..." states no condition on it).
    claim_end = following(scan.clause_breaks, max(end, found.end()), len(scan.masked))
    return None if CONDITIONAL.search(scan.masked, previous(scan.sentence_breaks, start), claim_end) else found


# "Which is newer, X or Y?": the words of a choice question, by the kind of description they ask for
# (context before size: "which has the larger context window" is no question of parameters).
QUESTION_KINDS = [
    (re.compile(r"\b(?:larger|longer|bigger|wider|more)\b[^?]{0,20}\bcontext", re.I), "more_context"),
    (re.compile(r"\b(?:smaller|shorter|narrower|less)\b[^?]{0,20}\bcontext", re.I), "less_context"),
    (re.compile(rf"\b(?:{CHEAP}|costs?\ less|better\ value)\b", re.I | re.X), "cheap"),
    (re.compile(rf"\b(?:{DEAR}|costs?\ more)\b", re.I | re.X), "dear"),
    (
        re.compile(
            rf"\b(?:{NEW}|(?:released|came\ out|launched|arrived|shipped)\ (?:later|more\ recently|last|second))\b",
            re.I | re.X,
        ),
        "new",
    ),
    (
        re.compile(rf"\b(?:{OLD}|(?:released|came\ out|launched|arrived|shipped)\ (?:first|earlier))\b", re.I | re.X),
        "old",
    ),
    (
        re.compile(r"\b(?:scores?\s+higher|higher\s+score|better\s+score|leads?|wins?|performs?\s+better)\b", re.I),
        "lead",
    ),
    (re.compile(r"\bopen[- ](?:weights?|source)\b", re.I), "open"),
    (re.compile(r"\b(?:proprietary|closed)\b", re.I), "closed"),
]
# "Which is better for vision?": a capability only one model has answers it.
# What a question says of a capability besides its name ("better for images", "returns JSON").
QUESTION_SYNONYMS = {"vision": r"images?|image\s+input", "structured_outputs": r"JSON", "tool_use": r"tools"}
CAPABILITY_QUESTIONS = {
    name: re.compile(
        rf"\b(?:for|with|supports?|has|offers?)\s+(?:{'|'.join(filter(None, (words, QUESTION_SYNONYMS.get(name))))})\b",
        re.I,
    )
    for name, words in CAPABILITY_WORDS.items()
}
CHOICE_QUESTION = re.compile(r"\b(?:[Ww]hich|[Ww]ho)\b")
# The answer opens with the model alone: "Qwen3.5-4B, by a wide margin.", "**X.**", "A: X —".
ANSWER = re.compile(
    rf"(?:\s|#|\*|_|A:|Answer:)*(?P<m>{MODEL})(?:\*\*|_)?(?=\s*(?:[,.;:(—–]|\s-\s|\s+(?:by|with|at|thanks)\b))"
)


class AnswerChecker:
    """ "Which is newer, X or Y?" answered "Y, released in ...": the model an answer opens with is the
    one the facts make the question's description."""

    kind = "answer"
    cells = False

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        at = scan.masked.find("?", region.start, region.end)
        while at != -1:
            self._check_answer(validator, scan, at, region.end)
            at = scan.masked.find("?", at + 1, region.end)

    def _check_answer(self, validator: Validator, scan: Scan, mark: int, end: int) -> None:
        question = scan.worded[previous(scan.sentence_breaks, mark) : mark]
        answer = ANSWER.match(scan.masked, mark + 1, end)
        if answer is None or not CHOICE_QUESTION.search(question):
            return
        kind = next((kind for pattern, kind in QUESTION_KINDS if pattern.search(question)), None)
        capability = next((name for name, pattern in CAPABILITY_QUESTIONS.items() if pattern.search(question)), None)
        if kind:
            model = described(validator, kind, question)
        elif capability:
            # "Which is better for structured outputs?": the one model the facts give it to.
            model = _the_one(validator, lambda model: _has(validator, model, capability), True)
        else:
            model = None
        if model is None:
            return
        named = scan.models[answer.start("m")][1]
        message = f"the facts make {validator.names.get(model, model)} the answer to that question, not {validator.names.get(named, named)}"
        validator.direction(scan, answer.start("m"), answer.end("m"), named == model, None, message)
