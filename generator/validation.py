"""Stage 5c, validation: every figure and claim in prose must match a comparison fact.

The validator reads prose (an LLM's section, a reference page, a whole built page.md) against the
facts of one pair. It masks every known name first (models, providers, benchmarks, licences, source
titles), so the digits in "Llama 3.2 1B Instruct" are never read as claims; then it extracts every
numeric mention, matches it at the precision the prose states, and checks that a figure stated about
a model and an attribute is that model's fact for that attribute. Direction words ("X leads",
"X is cheaper") and capability claims ("X supports vision") are checked against the facts too.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from pydantic import BaseModel

from generator.comparison import Comparison, Fact
from generator.facts import CAPABILITY_NAMES
from generator.gate import Flaw, Gate


class Mention(BaseModel):
    """A figure, entity or claim found in the text, and the fact it was checked against."""

    text: str
    line: int
    column: int
    start: int
    end: int
    kind: Literal["number", "entity", "direction", "capability"]
    value: Decimal | None = None
    unit: str | None = None
    fact_id: str | None = None
    fact_display: str | None = None
    source_url: str | None = None
    verified: bool


class Finding(BaseModel):
    """A mention the facts do not support, with where it is and what the facts say instead."""

    kind: Literal[
        "unsupported_number", "wrong_attribution", "wrong_direction", "unknown_entity", "unsupported_capability_claim",
        # The prose-quality gate's kinds (generator/gate.py).
        "markup", "placeholder", "meta_text", "superlative", "no_model_named", "unanswered_question", "repetition",
        "broken_sentence", "not_english", "figure_misuse", "contradicted_direction",
    ]  # fmt: skip
    mention: str
    line: int
    column: int
    start: int
    end: int
    message: str
    closest_fact: str | None = None
    closest_display: str | None = None


class ValidationReport(BaseModel):
    mentions: list[Mention]
    findings: list[Finding]
    words: int

    @property
    def clean(self) -> bool:
        return not self.findings


def describe_finding(finding: Finding) -> str:
    """One line a writer (or an LLM asked to repair its answer) can act on."""
    closest = f"; closest fact {finding.closest_fact} = {finding.closest_display}" if finding.closest_fact else ""
    kind = finding.kind.replace("_", " ")
    return f'line {finding.line}, col {finding.column}: "{finding.mention}" {kind}: {finding.message}{closest}'


# ---------------------------------------------------------------------------------------------
# Vocabulary. Masked spans are overwritten with these characters so offsets never move and no
# number pattern can match inside a name.
MODEL_START, MODEL_FILL, NAME_FILL = "\x00", "\x01", "\x02"
MODEL = "\x00\x01*"

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
# A spelled-out number is a claim only when it counts something the facts count ("five providers").
COUNTED = r"(?:\s+[\w-]+){0,2}?\s+(?:providers?|routes?|benchmarks?|capabilities|vendors?|hosts?|endpoints?)\b"
MULTIPLE_WORDS = {"twice": 2, "double": 2, "half": 2, "triple": 3, "thrice": 3}
MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
MONTH_NAME = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
HEDGE = re.compile(r"(?:~|≈|\b(?:about|around|roughly|approximately|approx\.?|nearly|almost|close to|some|over|under|more than|less than)\s*)$", re.I)

PER_MILLION = r"(?:\s?/\s?(?:1M|M|1,000,000|million)\b|\s?per\s(?:1M|one million|million|1,000,000|M)\b)"
PER_MONTH = r"(?:\s?/\s?mo(?:nth)?\b|\s(?:a|per)\smonth\b)"
# The letters a spelled-out number, a multiplier word or a month name can start with: the word
# alternatives are tried only at word starts that could begin one.
WORD_INITIALS = "".join(sorted({word[0] for word in [*NUMBER_WORDS, *MULTIPLE_WORDS, *MONTHS]}))
# Each branch starts with a quick test (a digit or $, or a word start), so most positions fail at once.
EXTRACT = re.compile(
    rf"""
    (?=[\d$])(?:
    (?P<skip>^\d+\.(?=\s)|(?<=per\ )(?:1M|1K|1,000,000)\b)
  | (?P<date>(?<![\w.])(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])(?!\d))
  | (?P<month>(?<![\w.])(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?![\d-]))
  | (?P<usd>\$\s?(?P<usd_number>{NUMBER})(?P<usd_scale>\s?(?:K|M|B|thousand|million|billion)\b)?(?P<usd_per>{PER_MILLION}|{PER_MONTH})?)
  | (?P<ratio>(?<![\w.,/$])(?P<ratio_a>\d{{1,3}})/(?P<ratio_b>\d{{1,3}})(?![\d/]))
  | (?P<range>(?<![\w.,$])(?P<range_a>{NUMBER})\s?[–—]\s?(?P<range_b>{NUMBER})(?P<range_suffix>%|\s?(?:points|pts)\b)?)
  | (?P<plain>(?<![\w.,$/]){NUMBER}(?![\d]))(?P<suffix>\s?%|\s?percent\b|\s?(?:pts|pp|points?|percentage\ points)\b|\s?[×x](?![\w])|\s?times\b|[KkMBT](?![\w])|\s?(?:thousand|million|billion|trillion)\b|\s?(?:-\s?)?tokens?\b)?
  )
  | \b(?=[{WORD_INITIALS}])(?:
    (?P<multiple_word>(?:twice|double|half|triple|thrice)\b)
  | (?P<word>(?:{"|".join(NUMBER_WORDS)})\b)(?P<word_times>\s+times\b)?
  | (?P<named>{MONTH_NAME}\s(?:(?P<named_day>[0-3]?\d),?\s)?(?P<named_year>(?:19|20)\d\d)\b)
  )
    """,
    re.X | re.I | re.M,
)
SCALES = {"k": 1000, "thousand": 1000, "m": 10**6, "million": 10**6, "b": 10**9, "billion": 10**9, "t": 10**12, "trillion": 10**12}
BINARY_SCALES = {"k": 1024, "m": 2**20}

# Which fact units a mention may be checked against, by the unit the prose states.
CANDIDATE_UNITS = {
    "usd": ("usd_per_mtok", "usd_per_month"),
    "usd_per_mtok": ("usd_per_mtok",),
    "usd_per_month": ("usd_per_month",),
    "percent": ("percent",),
    "points": ("points", "score"),
    "multiplier": ("multiplier",),
    "tokens": ("tokens",),
    "parameters": ("parameters",),
    "scaled": ("tokens", "parameters"),
    "number": ("score", "points", "count"),
    "count": ("count",),
    "year": ("date", "month"),
    "date": ("date",),
    "month": ("month", "date"),
}

# Words that name the attribute a nearby figure is about. Price words and benchmark names carry
# across a sentence ("On MMLU-Pro, X leads by 59.1 points"); the others only within a clause.
SENTENCE_WIDE = {"input_price", "output_price", "blended_price", "monthly_cost", "context_window"}
ATTRIBUTE_WORDS = [
    (r"input", {"input_price", "blend_input_share", "traffic_input_tokens"}),
    (r"output", {"output_price", "blend_output_share", "traffic_output_tokens"}),
    (r"blend", {"blended_price", "blend_input_share", "blend_output_share"}),
    (r"month|traffic", {"monthly_cost", "traffic_input_tokens", "traffic_output_tokens"}),
    (r"context|window", {"context_window"}),
    (r"provider|route", {"provider_count", "shared_providers"}),
    (r"shared", {"shared_providers", "shared_benchmarks"}),
    (r"param", {"parameters"}),
    (r"releas|launch", {"release_date"}),
    (r"cutoff|knowledge", {"knowledge_cutoff"}),
    (r"reviewed", {"last_reviewed"}),
    (r"checked", {"source_checked"}),
]
CLAUSE_BREAK = re.compile(r"[,;()\n|!?]|\.(?!\d)|\b(?=[wvabtc])(?:while|whereas|versus|vs\.?|against|but|than|compared with)\b", re.I)
SENTENCE_BREAK = re.compile(r"\.(?!\d)|[;!?\n|]")

CAPABILITY_WORDS = {
    "vision": r"vision",
    "multimodal": r"multimodal(?: input)?",
    "reasoning": r"reasoning(?: mode)?",
    "function_calling": r"function[- ]calling",
    "tool_use": r"tool[- ]use",
    "structured_outputs": r"structured outputs?",
    "code_execution": r"code execution",
}
CAPABILITY = r"\b(?=[vmrftsc])(?:" + "|".join(f"(?:{pattern})" for pattern in CAPABILITY_WORDS.values()) + ")"
CAPABILITY_PATTERN = re.compile(CAPABILITY, re.I)
CAPABILITY_LIST = rf"(?:{CAPABILITY})(?:(?:,? and |, |,? or |,? nor )(?:{CAPABILITY}))*"
SUBJECT = rf"(?=[\x00BbTt])(?:[Bb]oth (?:{MODEL}) and (?:{MODEL})|{MODEL}(?: \([^)\n]*\))?(?:,? and {MODEL}(?: \([^)\n]*\))?)?|[Bb]oth(?: models)?|[Tt]hey)"
CAPABILITY_CLAIMS = [
    (True, re.compile(rf"(?P<subject>{SUBJECT}) (?:[a-z]+ )?(?:supports?|offers?|has|have|exposes?|adds?|includes?|provides?|(?:is|are) documented with) (?:native |built-in |full )?(?P<caps>{CAPABILITY_LIST})", re.I)),
    (False, re.compile(rf"(?P<subject>{SUBJECT}) (?:does not|doesn't|do not|don't|cannot|can't|lacks?|(?:is|are) documented without)(?: support| offer| have| expose)? (?P<caps>{CAPABILITY_LIST})", re.I)),
    (True, re.compile(rf"(?P<subject>{SUBJECT}) (?:are|is) (?:an? )?(?:[\w-]+ ){{0,3}}?(?P<caps>reasoning|vision|multimodal)(?:[- ](?:capable|enabled))? models?\b", re.I)),
    (True, re.compile(rf"(?P<caps>{CAPABILITY_LIST}), which only (?P<subject>{MODEL}) offers", re.I)),
    (False, re.compile(rf"(?P<subject>[Nn]either(?: model)?) (?:supports?|offers?|has) (?P<caps>{CAPABILITY_LIST})", re.I)),
]
LEADS = re.compile(rf"(?P<m>{MODEL})(?:'s)? (?:leads|is ahead|is leading|wins|scores higher|outscores|holds a[\w -]* lead)|with (?P<m2>{MODEL}) ahead", re.I)
CHEAPER = re.compile(
    rf"(?:(?P<m>{MODEL}) (?:is |costs? |comes in )?(?:[~≈]?\$?[\d.,]+%? )?(?P<word>cheaper|less expensive|lower[- ]cost|costs less|more expensive|pricier|dearer|costs more)"
    rf"|puts (?P<m2>{MODEL}) (?P<word2>lower|higher))",
    re.I,
)
LARGER_CONTEXT = re.compile(rf"(?P<m>{MODEL}) (?:has|offers|ships with|provides) (?:the |a )?(?P<word>larger|bigger|longer|wider|smaller|shorter|narrower) context", re.I)
BROADER_PROVIDERS = re.compile(rf"(?P<m>{MODEL}) has (?P<word>broader|wider|more|narrower|fewer)(?: tracked)? provider", re.I)
SHARE = re.compile(rf"[Bb]oth(?: models)? shares? (?P<caps>{CAPABILITY_LIST})", re.I)
SMALLER_WORDS = {"smaller", "shorter", "narrower", "fewer", "more expensive", "pricier", "dearer", "costs more", "higher"}
PRICE_TOPICS = [("input", "input_price"), ("output", "output_price"), ("month", "monthly_cost"), ("blend", "blended_price")]

LICENCES = r"\b(?:Apache(?: License)?[ -]2\.0|(?:A|L)?GPL[ -]?v?[23](?:\.0)?|CC[ -]BY(?:-[A-Z]{2})*[ -]\d\.\d|BSD[ -]\d-Clause|Llama \d(?:\.\d)? Community(?: License)?)"
MARKDOWN_NOISE = re.compile(r"<!--.*?-->|\]\([^)\n]*\)|<(?:https?|mailto):[^>\s]*>|https?://\S+|<[a-z/][^>\n]*>", re.S)
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}")


@dataclass
class _Context:
    """What a table cell says about the figures in it: the model of its column, its labels."""

    start: int = 0
    model: str | None = None
    provider: str | None = None
    labels: str = ""


@dataclass
class _Scan:
    """One text being validated: the original, its masked copy and the indexes built over it."""

    text: str
    worded: str
    masked: str
    line_starts: list[int]
    models: dict[int, tuple[int, str]]
    model_starts: list[int]
    keywords: list[tuple[int, int, frozenset[str]]]
    keyword_starts: list[int]
    clause_breaks: list[int]
    sentence_breaks: list[int]
    mentions: list[Mention]
    findings: list[Finding]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


class Validator:
    """Checks text against one pair's facts; the indexes are built once and reused for many texts."""

    def __init__(self, comparison: Comparison):
        self.comparison = comparison
        self.pair = comparison.pair
        self.names = {comparison.a.id: comparison.a.name, comparison.b.id: comparison.b.name}
        self.facts = {fact.id: fact for fact in comparison.facts} | _source_date_facts(comparison)
        self.model_of_name = {name: model_id for model_id, names in comparison.model_names.items() for name in names}
        self.model_pattern = _literal_pattern(self.model_of_name)
        self.provider_of_name = {route.provider: route.provider_id for routes in comparison.routes.values() for route in routes}
        self.name_pattern = re.compile(
            "|".join([_literal_pattern([*self.provider_of_name, *_text_names(comparison)]).pattern, LICENCES]),
        )
        self.unknown_model_pattern = _unknown_model_pattern(comparison.model_names)
        benchmark_words = [(_loose_name(name), {benchmark}) for benchmark, name in comparison.benchmark_names.items()]
        # One word boundary in front of the whole alternation, so most positions fail at once.
        self.keyword_pattern = re.compile(r"\b(?=[a-z])(?:" + "|".join(f"(?P<k{i}>{word})" for i, (word, _) in enumerate([*benchmark_words, *ATTRIBUTE_WORDS])) + ")", re.I)
        self.keyword_attributes = [frozenset(attributes) for _, attributes in [*benchmark_words, *ATTRIBUTE_WORDS]]
        self.benchmark_pattern = re.compile(r"\b(?:" + "|".join(f"(?P<b{i}>{word})" for i, (word, _) in enumerate(benchmark_words)) + ")", re.I) if benchmark_words else None
        self.benchmark_ids = [next(iter(attributes)) for _, attributes in benchmark_words]
        self.sentence_wide = SENTENCE_WIDE | set(comparison.benchmark_names)
        by_unit: dict[str, list[Fact]] = {}
        for fact in self.facts.values():
            by_unit.setdefault(fact.unit, []).append(fact)
        self.candidates = {unit: [fact for fact_unit in fact_units for fact in by_unit.get(fact_unit, [])] for unit, fact_units in CANDIDATE_UNITS.items()}
        self.known_candidates = {unit: [fact for fact in facts if fact.known] for unit, facts in self.candidates.items()}
        # Floats only to find the few facts near a stated figure before the exact Decimal comparison.
        self.approximate = {fact.id: float(fact.value) for fact in self.facts.values() if isinstance(fact.value, (int, Decimal)) and not isinstance(fact.value, bool)}
        self.by_value = {unit: _ValueIndex(facts, self.approximate) for unit, facts in self.candidates.items()}
        # A figure can only match a numeric fact near it or a fact that is not a number (a date).
        self.known_position = {unit: {fact.id: position for position, fact in enumerate(facts)} for unit, facts in self.known_candidates.items()}
        self.known_not_numeric = {unit: [position for position, fact in enumerate(facts) if fact.id not in self.approximate] for unit, facts in self.known_candidates.items()}
        self.positions: dict[str, dict[str, list[int]]] = {unit: {} for unit in self.candidates}
        for unit, facts in self.candidates.items():
            for position, fact in enumerate(facts):
                self.positions[unit].setdefault(fact.attribute, []).append(position)
        self._expected_facts: dict[tuple, list[Fact]] = {}

    # -- entry points ------------------------------------------------------------------------

    def validate(self, text: str, section: bool = False) -> ValidationReport:
        """Validate prose (plain text or Markdown without tables); a whole prose `section` (a deep dive
        or an FAQ) is read by the prose-quality gate too."""
        scan = self._scan(text, text)
        self._check_prose(scan, 0, len(text))
        return self._gated(self._report(scan), self.gate.check(text) if section else [])

    def validate_markdown(self, markdown: str) -> ValidationReport:
        """Validate a whole page.md: links, URLs and comments are skipped; each table row is a
        statement whose cells are attributed by the header row (the column's model) and the row label."""
        scan = self._scan(markdown, MARKDOWN_NOISE.sub(lambda match: _blank(match.group()), markdown))
        prose_start = 0
        for table_start, table_end in _tables(markdown):
            self._check_prose(scan, prose_start, table_start)
            self._check_table(scan, table_start, table_end)
            prose_start = table_end
        self._check_prose(scan, prose_start, len(markdown))
        return self._gated(self._report(scan), self.gate.check_markdown(markdown))

    @functools.cached_property
    def gate(self) -> Gate:
        return Gate(self.comparison)

    def _gated(self, report: ValidationReport, flaws: list[Flaw]) -> ValidationReport:
        """The report with the prose-quality gate's flaws added as findings of their own kinds."""
        report.findings += [Finding(**dataclasses.asdict(flaw)) for flaw in flaws]
        return report

    # -- scanning ----------------------------------------------------------------------------

    def _scan(self, text: str, cleaned: str) -> _Scan:
        characters = list(cleaned)
        models: dict[int, tuple[int, str]] = {}
        for match in self.model_pattern.finditer(cleaned):
            models[match.start()] = (match.end(), self.model_of_name[match.group()])
            characters[match.start() : match.end()] = MODEL_START + MODEL_FILL * (len(match.group()) - 1)
        masked = "".join(characters)
        # Keywords and topics are read before other names are masked: benchmark names are keywords.
        worded = masked
        keywords = [(match.start(), match.end(), self.keyword_attributes[int(match.lastgroup[1:])]) for match in self.keyword_pattern.finditer(worded)]
        for match in self.name_pattern.finditer(masked):
            characters[match.start() : match.end()] = NAME_FILL * len(match.group())
        masked = "".join(characters)
        scan = _Scan(
            text=text,
            worded=worded,
            masked=masked,
            line_starts=[0, *(match.end() for match in re.finditer("\n", text))],
            models=models,
            model_starts=sorted(models),
            keywords=keywords,
            keyword_starts=[start for start, _, _ in keywords],
            clause_breaks=[match.start() for match in CLAUSE_BREAK.finditer(masked)],
            sentence_breaks=[match.start() for match in SENTENCE_BREAK.finditer(masked)],
            mentions=[],
            findings=[],
        )
        for match in self.unknown_model_pattern.finditer(masked):
            self._unknown_entity(scan, match)
        return scan

    def _unknown_entity(self, scan: _Scan, match: re.Match) -> None:
        start, end = match.span()
        scan.masked = scan.masked[:start] + NAME_FILL * (end - start) + scan.masked[end:]
        self._add(scan, start, end, "entity", verified=False)
        self._find(scan, start, end, "unknown_entity", f"no model named \"{match.group()}\" is in the facts; name {self.names[self.pair[0]]} or {self.names[self.pair[1]]} exactly, or drop it", None)

    def _report(self, scan: _Scan) -> ValidationReport:
        scan.mentions.sort(key=lambda mention: mention.start)
        scan.findings.sort(key=lambda finding: finding.start)
        return ValidationReport(mentions=scan.mentions, findings=scan.findings, words=len(scan.text.split()))

    def _add(self, scan: _Scan, start: int, end: int, kind: str, verified: bool, value: Decimal | None = None, unit: str | None = None, fact: Fact | None = None) -> None:
        line, column = scan.position(start)
        scan.mentions.append(
            Mention(
                text=scan.text[start:end], line=line, column=column, start=start, end=end, kind=kind, value=value, unit=unit,
                fact_id=fact.id if fact else None, fact_display=fact.display if fact else None,
                source_url=fact.sources[0].url if fact and fact.sources else None, verified=verified,
            )
        )  # fmt: skip

    def _find(self, scan: _Scan, start: int, end: int, kind: str, message: str, closest: Fact | None) -> None:
        line, column = scan.position(start)
        scan.findings.append(
            Finding(
                kind=kind, mention=scan.text[start:end], line=line, column=column, start=start, end=end, message=message,
                closest_fact=closest.id if closest else None, closest_display=closest.display if closest else None,
            )
        )  # fmt: skip

    # -- prose and tables --------------------------------------------------------------------

    def _check_prose(self, scan: _Scan, start: int, end: int, context: _Context | None = None) -> None:
        if start >= end:
            return
        region = scan.masked[start:end]
        if CAPABILITY_PATTERN.search(region):
            for verdict, pattern in CAPABILITY_CLAIMS:
                for match in pattern.finditer(region):
                    self._check_capability_claim(scan, match, start, verdict)
            for match in SHARE.finditer(region):
                self._check_shared(scan, match, start)
        if MODEL_START in region:
            self._check_directions(scan, region, start)
        for match in EXTRACT.finditer(region):
            if not match.group("skip"):
                self._check_number(scan, match, start, context or _Context())

    def _check_table(self, scan: _Scan, start: int, end: int) -> None:
        rows = [(row_start, _cells(scan.masked, row_start, row_end)) for row_start, row_end in _lines(scan.masked, start, end)]
        has_header = len(rows) > 1 and TABLE_SEPARATOR.match(scan.masked[rows[1][0] :])
        header = rows[0][1] if has_header else []
        column_models = [self._model_in(scan, cell_start, cell_end) for cell_start, cell_end in header]
        for cell_start, cell_end in header:
            self._check_prose(scan, cell_start, cell_end)
        for _, cells in rows[2:] if has_header else rows:
            if not cells:
                continue
            row_models = [model for model in (self._model_in(scan, s, e) for s, e in cells) if model]
            row_provider = next((self.provider_of_name[scan.text[s:e].strip()] for s, e in cells if scan.text[s:e].strip() in self.provider_of_name), None)
            label = scan.masked[cells[0][0] : cells[0][1]]
            self._check_prose(scan, *cells[0])
            for index, (cell_start, cell_end) in enumerate(cells[1:], start=1):
                column_model = column_models[index] if index < len(column_models) else None
                heading = scan.masked[header[index][0] : header[index][1]] if index < len(header) else ""
                context = _Context(start=cell_start, model=column_model or (row_models[0] if row_models else None), provider=row_provider, labels=f"{heading} {label}")
                self._check_capability_cell(scan, label, cell_start, cell_end, context.model)
                self._check_prose(scan, cell_start, cell_end, context)

    def _model_in(self, scan: _Scan, start: int, end: int) -> str | None:
        index = bisect.bisect_left(scan.model_starts, start)
        if index < len(scan.model_starts) and scan.model_starts[index] < end:
            return scan.models[scan.model_starts[index]][1]
        return None

    # -- numbers -----------------------------------------------------------------------------

    def _check_number(self, scan: _Scan, match: re.Match, offset: int, context: _Context) -> None:
        start, end = match.start() + offset, match.end() + offset
        stated = _stated(match, scan.masked[max(0, start - 16) : start])
        if stated is None:
            return
        unit, value, places, factors, hedged, second = stated
        candidates = self.known_candidates[unit]
        tolerance = 10.0**-places

        def matches(fact: Fact, number: Decimal = value) -> bool:
            return _fact_matches(fact, unit, number, places, factors, hedged)

        if second is not None:
            self._check_pair(scan, match, start, end, unit, value, second, candidates, matches)
            return
        near = self.by_value[unit].near(value, tolerance, factors)

        def matches_value(fact: Fact) -> bool:
            return (fact.id in near or fact.id not in self.approximate) and matches(fact)

        # A cell's column names the model of its first clause only: "6 routes vs 2" is about both.
        cell_model = context.model if _previous(scan.clause_breaks, start) <= context.start else None
        model = self._model_for(scan, start, end) or cell_model
        attributes = self._attributes_for(scan, start, end) or self._label_attributes(context.labels)
        expected = self._expected(unit, model, attributes, context.provider)
        right = [fact for fact in (expected or self._plausible(unit, near)) if fact.known and matches_value(fact)]
        if right:
            self._add(scan, start, end, "number", True, value, unit, right[0])
            return
        self._add(scan, start, end, "number", False, value, unit)
        supported = [fact for fact in candidates if matches_value(fact)] if expected else []
        known_expected = [fact for fact in expected if fact.known]
        closest = _closest(known_expected or candidates, value, factors)
        if supported and known_expected:
            owner = supported[0]
            message = f"{match.group().strip()} is {owner.id} ({owner.display}), but the text states it about {self._about(model, attributes)}, whose fact says {closest.display}"
            self._find(scan, start, end, "wrong_attribution", message, closest)
        elif expected and not known_expected:
            message = f"the facts have no sourced value for {self._about(model, attributes)}; remove the figure or source it"
            self._find(scan, start, end, "unsupported_number", message, expected[0])
        else:
            message = f"no fact has the value {match.group().strip()}; state the fact's own figure or remove it"
            self._find(scan, start, end, "unsupported_number", message, closest)

    def _plausible(self, unit: str, near: set[str]) -> list[Fact]:
        """The unit's known facts a figure may match, in their order: those near it, and those that are not numbers."""
        position = self.known_position[unit]
        positions = sorted([position[fact_id] for fact_id in near if fact_id in position] + self.known_not_numeric[unit])
        return [self.known_candidates[unit][index] for index in positions]

    def _check_pair(self, scan, match, start, end, unit, low, high, candidates, matches) -> None:
        """A ratio (70/30) needs both sides; a range (5–7) needs one fact inside it."""
        if match.group("ratio"):
            left, right = ([fact for fact in candidates if matches(fact, number)] for number in (low, high))
            fact = left[0] if left and right else None
        else:
            inside = [fact for fact in candidates if isinstance(fact.value, (int, Decimal)) and not isinstance(fact.value, bool) and low <= fact.value <= high]
            fact = inside[0] if inside else None
        self._add(scan, start, end, "number", fact is not None, low, unit, fact)
        if fact is None:
            self._find(scan, start, end, "unsupported_number", f"no facts support {match.group().strip()}; state the facts' own figures", _closest(candidates, low, (1,)))

    def _expected(self, unit: str, model: str | None, attributes: frozenset[str], provider: str | None) -> list[Fact]:
        """The facts the text says the figure is: narrowed by attribute, model and provider, each
        dropped again when nothing of that kind exists (a third model, a word naming no fact)."""
        # A page asks the same few questions (this model's input price on this route) many times.
        key = (unit, model, attributes, provider)
        if key not in self._expected_facts:
            self._expected_facts[key] = self._narrowed(*key)
        return self._expected_facts[key]

    def _narrowed(self, unit: str, model: str | None, attributes: frozenset[str], provider: str | None) -> list[Fact]:
        facts = self.candidates[unit]
        # By attribute through the index: the unit's facts of those attributes, in their order.
        positions = sorted(position for attribute in attributes for position in self.positions[unit].get(attribute, ()))
        facts = [facts[position] for position in positions] or facts
        if model is not None:
            facts = [fact for fact in facts if fact.model in (model, None)] or facts
        if provider is not None:
            route = f".route.{provider}."
            facts = [fact for fact in facts if route in fact.id] or facts
        return facts if (attributes or model) and len(facts) < len(self.candidates[unit]) else []

    def _about(self, model: str | None, attributes: frozenset[str]) -> str:
        name = self.names.get(model) or (self.comparison.model_names.get(model) or ["the pair"])[0]
        return f"{name} ({', '.join(sorted(attributes))})" if attributes else name

    def _model_for(self, scan: _Scan, start: int, end: int) -> str | None:
        """The model a figure is stated about: the nearest model named before it in its clause, or
        a "for MODEL" right after it."""
        clause_start = _previous(scan.clause_breaks, start)
        index = bisect.bisect_left(scan.model_starts, start) - 1
        if index >= 0:
            model_end, model = scan.models[scan.model_starts[index]]
            # "Llama 3.2 1B Instruct (2024)": a parenthesis right after a name is about that name.
            if scan.model_starts[index] >= clause_start or re.fullmatch(r"\s*\(\s*", scan.masked[model_end:start]):
                return model
        clause_end = _next(scan.clause_breaks, end, len(scan.masked))
        after = scan.masked[end:clause_end]
        following = re.search(rf"^[^\x00]{{0,40}}?\b(?:for|of)\s+({MODEL})", after)
        if following:
            return scan.models[end + following.start(1)][1]
        return None

    def _attributes_for(self, scan: _Scan, start: int, end: int) -> frozenset[str]:
        """The attribute a figure is about: a word right after it in its clause ("$0.03/1M input"),
        else the nearest one before it in its sentence ("On MMLU-Pro, X leads by 59.1 points")."""
        clause_end = min(_next(scan.clause_breaks, end, len(scan.masked)), end + 30)
        index = bisect.bisect_left(scan.keyword_starts, end)
        if index < len(scan.keywords) and scan.keywords[index][0] < clause_end:
            return scan.keywords[index][2]
        sentence_start, clause_start = _previous(scan.sentence_breaks, start), _previous(scan.clause_breaks, start)
        index = bisect.bisect_left(scan.keyword_starts, start) - 1
        if index >= 0 and scan.keywords[index][0] >= sentence_start:
            attributes = scan.keywords[index][2]
            if scan.keywords[index][0] >= clause_start or attributes & self.sentence_wide:
                return attributes
        return frozenset()

    def _label_attributes(self, labels: str) -> frozenset[str]:
        match = self.keyword_pattern.search(labels)
        return self.keyword_attributes[int(match.lastgroup[1:])] if match else frozenset()

    # -- claims ------------------------------------------------------------------------------

    def _subject_models(self, scan: _Scan, subject: re.Match, offset: int) -> list[str]:
        models = [scan.models[index][1] for index in scan.model_starts if offset + subject.start("subject") <= index < offset + subject.end("subject")]
        return models or list(self.pair)

    def _check_capability_claim(self, scan: _Scan, match: re.Match, offset: int, claimed: bool) -> None:
        models = self._subject_models(scan, match, offset)
        caps_start = match.start("caps") + offset
        for cap in re.finditer(CAPABILITY, match.group("caps"), re.I):
            name = next(key for key, pattern in CAPABILITY_WORDS.items() if re.fullmatch(pattern, cap.group(), re.I))
            start, end = caps_start + cap.start(), caps_start + cap.end()
            for model in models:
                self._check_capability(scan, start, end, model, name, claimed)

    def _check_capability(self, scan: _Scan, start: int, end: int, model: str, name: str, claimed: bool) -> None:
        fact = self.facts.get(f"{model}.capability.{name}")
        verified = bool(fact and fact.known and fact.value is claimed)
        self._add(scan, start, end, "capability", verified, fact=fact)
        if not verified:
            model_name = self.names.get(model, model)
            state = "is not sourced" if not (fact and fact.known) else f"is {fact.display}"
            message = f"the text says {model_name} {'has' if claimed else 'lacks'} {CAPABILITY_NAMES[name].lower()}, but that capability {state} in the facts"
            self._find(scan, start, end, "unsupported_capability_claim", message, fact)

    def _check_capability_cell(self, scan: _Scan, label: str, start: int, end: int, model: str | None) -> None:
        cell = scan.masked[start:end].strip()
        name = _capability_named(label.strip())
        if model and name and cell in ("Yes", "No"):
            cell_start = start + scan.masked[start:end].index(cell)
            self._check_capability(scan, cell_start, cell_start + len(cell), model, name, cell == "Yes")

    def _check_directions(self, scan: _Scan, region: str, offset: int) -> None:
        for match in LEADS.finditer(region):
            model_start = offset + (match.start("m") if match.group("m") else match.start("m2"))
            self._check_leads(scan, match, offset, scan.models[model_start][1])
        for match in CHEAPER.finditer(region):
            model_start = offset + (match.start("m") if match.group("m") else match.start("m2"))
            word = (match.group("word") or match.group("word2")).lower()
            topic = self._price_topic(scan, offset + match.start(), offset + match.end())
            self._check_leader(scan, match, offset, scan.models[model_start][1], f"{topic}.cheaper", word in SMALLER_WORDS)
        for match in LARGER_CONTEXT.finditer(region):
            self._check_leader(scan, match, offset, scan.models[offset + match.start("m")][1], "context_window.leader", match.group("word").lower() in SMALLER_WORDS)
        for match in BROADER_PROVIDERS.finditer(region):
            self._check_more_providers(scan, match, offset, scan.models[offset + match.start("m")][1], match.group("word").lower() in SMALLER_WORDS)

    def _check_shared(self, scan: _Scan, match: re.Match, offset: int) -> None:
        caps_start = offset + match.start("caps")
        shared = self.facts["capabilities.shared"]
        for cap in CAPABILITY_PATTERN.finditer(match.group("caps")):
            name = next(key for key, pattern in CAPABILITY_WORDS.items() if re.fullmatch(pattern, cap.group(), re.I))
            verified = CAPABILITY_NAMES[name] in shared.value
            self._direction(scan, caps_start + cap.start(), caps_start + cap.end(), verified, shared, f"both models do not share {CAPABILITY_NAMES[name].lower()}")

    def _check_leads(self, scan: _Scan, match: re.Match, offset: int, model: str) -> None:
        """"X leads on A, B and C": every benchmark (or signal) named in the rest of the sentence."""
        start, end = offset + match.start(), offset + match.end()
        sentence_end = _next(scan.sentence_breaks, end, len(scan.masked))
        rest = scan.worded[end:sentence_end]
        topics = self._benchmarks_in(rest)
        if re.search(r"context window", rest, re.I):
            topics.append("context_window.leader")
        if re.search(r"blended price", rest, re.I):
            topics.append("blended_price.cheaper")
        if not topics:
            before = scan.worded[_previous(scan.sentence_breaks, start) : start]
            topics = self._benchmarks_in(before)[-1:]
        for topic in topics:
            self._check_leader(scan, match, offset, model, topic, False)
        if re.search(r"provider coverage", rest, re.I):
            self._check_more_providers(scan, match, offset, model, False)

    def _benchmarks_in(self, text: str) -> list[str]:
        if not self.benchmark_pattern:
            return []
        return [f"benchmark.{self.benchmark_ids[int(found.lastgroup[1:])]}.leader" for found in self.benchmark_pattern.finditer(text)]

    def _price_topic(self, scan: _Scan, start: int, end: int) -> str:
        sentence = scan.worded[_previous(scan.sentence_breaks, start) : _next(scan.sentence_breaks, end, len(scan.masked))]
        after = scan.worded[end : _next(scan.sentence_breaks, end, len(scan.masked))]
        for text in (after, sentence):
            found = [(re.search(word, text, re.I).start(), attribute) for word, attribute in PRICE_TOPICS if re.search(word, text, re.I)]
            if found:
                return min(found)[1]
        return "blended_price"

    def _check_leader(self, scan: _Scan, match: re.Match, offset: int, model: str, fact_id: str, inverted: bool) -> None:
        fact = self.facts.get(fact_id)
        leader = fact.model if fact else None
        other = next((m for m in self.pair if m != model), None) if model in self.pair else None
        verified = bool(leader) and (leader == other if inverted else leader == model)
        if not fact:
            message = f"the facts make no such comparison ({fact_id} is not a fact of this pair)"
        else:
            message = f"the facts say {fact.display} on {fact.attribute}" if leader else f"the facts show no leader on {fact.attribute}"
        self._direction(scan, offset + match.start(), offset + match.end(), verified, fact, message)

    def _check_more_providers(self, scan: _Scan, match: re.Match, offset: int, model: str, inverted: bool) -> None:
        other = next((m for m in self.pair if m != model), model)
        mine, theirs = self.facts[f"{model}.provider_count"], self.facts[f"{other}.provider_count"]
        verified = (mine.value < theirs.value) if inverted else (mine.value > theirs.value)
        message = f"the facts count {mine.value} provider routes for {self.names[model]} against {theirs.value}"
        self._direction(scan, offset + match.start(), offset + match.end(), verified, mine, message)

    def _direction(self, scan: _Scan, start: int, end: int, verified: bool, fact: Fact | None, message: str) -> None:
        self._add(scan, start, end, "direction", verified, fact=fact)
        if not verified:
            self._find(scan, start, end, "wrong_direction", message, fact)


def validate_text(comparison: Comparison, text: str) -> ValidationReport:
    return Validator(comparison).validate(text)


def validate_markdown(comparison: Comparison, markdown: str) -> ValidationReport:
    return Validator(comparison).validate_markdown(markdown)


# ---------------------------------------------------------------------------------------------
# Reading a figure: its value, unit and stated precision.


def _stated(match: re.Match, before: str):
    """(unit, value, decimal places, scale factors, hedged, second value of a ratio or range)."""
    hedged = bool(HEDGE.search(before))
    if match.group("date"):
        return "date", _ordinal(dt.date.fromisoformat(match.group("date"))), 0, (1,), False, None
    if match.group("month"):
        year, month = match.group("month").split("-")
        return "month", Decimal(int(year) * 100 + int(month)), 0, (1,), False, None
    if match.group("named"):
        month = MONTHS[match.group("named")[:3].lower()]
        year = int(match.group("named_year"))
        if match.group("named_day"):
            try:
                return "date", _ordinal(dt.date(year, month, int(match.group("named_day")))), 0, (1,), False, None
            except ValueError:
                return None
        return "month", Decimal(year * 100 + month), 0, (1,), False, None
    if match.group("usd"):
        number, places = _decimal(match.group("usd_number"))
        scale = (match.group("usd_scale") or "").strip().lower()
        per = (match.group("usd_per") or "").lower()
        unit = "usd_per_month" if "mo" in per else "usd_per_mtok" if per else "usd"
        return unit, number, places, (1 / Decimal(SCALES[scale]),) if scale else (1,), hedged, None
    if match.group("ratio"):
        return "percent", Decimal(match.group("ratio_a")), 0, (1,), False, Decimal(match.group("ratio_b"))
    if match.group("range"):
        low, _ = _decimal(match.group("range_a"))
        high, _ = _decimal(match.group("range_b"))
        return ("percent" if "%" in (match.group("range_suffix") or "") else "number"), low, 0, (1,), False, high
    if match.group("multiple_word"):
        return "multiplier", Decimal(MULTIPLE_WORDS[match.group("multiple_word").lower()]), 0, (1,), False, None
    if match.group("word"):
        number = Decimal(NUMBER_WORDS[match.group("word").lower()])
        if match.group("word_times"):
            return "multiplier", number, 0, (1,), False, None
        if re.match(COUNTED, match.string[match.end() :], re.I):
            return "count", number, 0, (1,), False, None
        return None
    number, places = _decimal(match.group("plain"))
    return (*_suffix_unit(number, places, (match.group("suffix") or "").strip().lower(), hedged), None)


def _suffix_unit(number: Decimal, places: int, suffix: str, hedged: bool):
    if suffix in ("%", "percent"):
        return "percent", number, places, (1,), hedged
    if suffix in ("pts", "pp", "point", "points", "percentage points"):
        return "points", number, places, (1,), hedged
    if suffix in ("×", "x", "times"):
        return "multiplier", number, places, (1,), hedged
    if suffix.lstrip("-").strip() in ("token", "tokens"):
        return "tokens", number, places, (1,), hedged
    if suffix in SCALES:
        factors = [1 / Decimal(SCALES[suffix])] + ([1 / Decimal(BINARY_SCALES[suffix])] if suffix in BINARY_SCALES else [])
        unit = "tokens" if suffix in ("k", "thousand") else "parameters" if suffix in ("b", "billion") else "scaled"
        return unit, number, places, tuple(factors), hedged
    if places == 0 and 1900 <= number <= 2100:
        return "year", number, 0, (1,), False
    return "number", number, places, (1,), hedged


def _decimal(text: str) -> tuple[Decimal, int]:
    number = Decimal(text.replace(",", ""))
    return number, max(0, -number.as_tuple().exponent)


def _ordinal(date: dt.date) -> Decimal:
    return Decimal(date.toordinal())


def _fact_matches(fact: Fact, unit: str, stated: Decimal, places: int, factors, hedged: bool) -> bool:
    """Does the fact read as the stated figure at the precision the text states it?"""
    value = fact.value
    if unit == "year":
        return _year(value) == stated
    if unit == "date":
        return isinstance(value, dt.date) and _ordinal(value) == stated
    if unit == "month":
        return _year_month(value) == stated
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return False
    quantum = Decimal(1).scaleb(-places)
    for factor in factors:
        scaled = Decimal(value) * factor
        try:
            if scaled.quantize(quantum, rounding=ROUND_HALF_UP) == stated:
                return True
            if hedged and stated in (scaled.quantize(quantum, rounding=ROUND_FLOOR), scaled.quantize(quantum, rounding=ROUND_CEILING)):
                return True
        except InvalidOperation:
            continue
    return False


def _year(value) -> Decimal | None:
    if isinstance(value, dt.date):
        return Decimal(value.year)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return Decimal(value[:4])
    return None


def _year_month(value) -> Decimal | None:
    if isinstance(value, dt.date):
        return Decimal(value.year * 100 + value.month)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return Decimal(int(value[:4]) * 100 + int(value[5:]))
    return None


def _closest(facts: list[Fact], stated: Decimal, factors) -> Fact | None:
    """The fact the text most likely meant: a model's own figure (its input price, a route's price)
    before a derived one (a price difference), then the nearest value."""
    numeric = [fact for fact in facts if isinstance(fact.value, (int, Decimal)) and not isinstance(fact.value, bool)]
    if not numeric:
        return facts[0] if facts else None
    return min(numeric, key=lambda fact: (not _own_figure(fact), min(abs(Decimal(fact.value) * factor - stated) for factor in factors)))


class _ValueIndex:
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
            low, high = bisect.bisect_left(self.values, centre - slack), bisect.bisect_right(self.values, centre + slack)
            found.update(self.ids[low:high])
        return found


@functools.lru_cache(maxsize=256)
def _capability_named(label: str) -> str | None:
    """The capability a table row's label names ("Function calling" -> function_calling), if any."""
    return next((key for key, pattern in CAPABILITY_WORDS.items() if re.fullmatch(pattern, label, re.I)), None)


def _own_figure(fact: Fact) -> bool:
    return fact.id == f"{fact.model}.{fact.attribute}" or fact.id.startswith(f"{fact.model}.route.")


# ---------------------------------------------------------------------------------------------
# Building the indexes.


def _literal_pattern(names) -> re.Pattern:
    """Match any of the names, longest first, never inside a longer word."""
    return _literal_pattern_of(frozenset(name for name in names if name))


# Cached: a build makes a Validator per pair, and every pair of a dataset masks the same model names.
@functools.lru_cache(maxsize=256)
def _literal_pattern_of(names: frozenset[str]) -> re.Pattern:
    ordered = sorted(names, key=lambda name: (-len(name), name))
    if not ordered:
        return re.compile(r"(?!)")
    # The lookahead on first letters lets most positions fail before the long alternation is tried.
    first_letters = re.escape("".join(sorted({name[0] for name in ordered})))
    return re.compile(rf"(?<![\w])(?=[{first_letters}])(?:" + "|".join(re.escape(name) for name in ordered) + r")(?![\w])")


def _text_names(comparison: Comparison) -> list[str]:
    """Names a page prints that may contain digits: organisations, licences, architectures, source titles."""
    named = ("organization", "architecture", "license", "openness", "commercial_use", "cheapest_route")
    texts = [fact.display for fact in comparison.facts if fact.attribute in named and fact.known]
    texts += list(comparison.benchmark_names.values())
    texts += [source.title for source in comparison.sources() if source.title]
    return texts


def _loose_name(name: str) -> str:
    """A benchmark name that also matches its spacing and case variants (MMLU-Pro, MMLU PRO, MMLUPro)."""
    parts = [re.escape(part) for part in re.split(r"[\s-]+", name) if part]
    return r"[\s-]?".join(parts) + r"(?!\w)"


def _unknown_model_pattern(model_names: dict[str, list[str]]) -> re.Pattern:
    """Model-like names: a known family word followed by a version ("Qwen3.5-4A", "Llama 3.3 2B")."""
    return _unknown_model_pattern_of(frozenset(name for names in model_names.values() for name in names))


@functools.lru_cache(maxsize=16)
def _unknown_model_pattern_of(names: frozenset[str]) -> re.Pattern:
    families = {match.group() for name in names for match in [re.match(r"[A-Z][A-Za-z]{2,}", name)] if match}
    vocabulary = {word for name in names for word in re.findall(r"[A-Za-z]+", name) if word[0].isupper()}
    if not families:
        return re.compile(r"(?!)")
    family = "|".join(sorted(map(re.escape, families), key=len, reverse=True))
    tail = "|".join(sorted(map(re.escape, vocabulary), key=len, reverse=True))
    return re.compile(rf"\b(?:{family})[ -]?v?\d[\w.]*(?:[ -](?:\d[\w.]*|(?:{tail})\b))*(?<![.])")


def _source_date_facts(comparison: Comparison) -> dict[str, Fact]:
    """The Sources list states when each source was checked; those dates are facts too."""
    dates = {source.checked for source in comparison.sources()}
    return {
        f"sources.checked.{date.isoformat()}": Fact(id=f"sources.checked.{date.isoformat()}", value=date, unit="date", display=date.isoformat(), attribute="source_checked")
        for date in dates
    }


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _tables(markdown: str) -> list[tuple[int, int]]:
    """(start, end) of each block of consecutive lines that start with a pipe."""
    blocks = []
    for match in re.finditer(r"(?:^[ \t]*\|.*(?:\n|$))+", markdown, re.M):
        blocks.append((match.start(), match.end()))
    return blocks


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    lines, position = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            lines.append((position, position + len(line)))
        position += len(line) + 1
    return lines


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cell spans of one table row, without its outer pipes; escaped pipes stay inside cells."""
    cells, cell_start = [], start
    for index in range(start, end + 1):
        if index == end or (text[index] == "|" and text[index - 1 : index] != "\\"):
            if text[cell_start:index].strip() or cells or index < end:
                cells.append((cell_start, index))
            cell_start = index + 1
    if cells and not text[cells[0][0] : cells[0][1]].strip():
        cells = cells[1:]
    if cells and not text[cells[-1][0] : cells[-1][1]].strip() and text[start:end].rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


def _previous(positions: list[int], offset: int) -> int:
    index = bisect.bisect_left(positions, offset) - 1
    return positions[index] + 1 if index >= 0 else 0


def _next(positions: list[int], offset: int, default: int) -> int:
    index = bisect.bisect_left(positions, offset)
    return positions[index] if index < len(positions) else default
