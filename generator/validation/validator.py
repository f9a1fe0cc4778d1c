"""The Validator: one pair's facts indexed once, a text scanned and masked, then every registered
checker (generator/validation/checkers/) run over each prose stretch and table cell."""

from __future__ import annotations

import bisect
import collections
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import get_args

from generator.comparison import Comparison, Fact
from generator.factids import model_fact
from generator.validation.checkers import CHECKERS, Checker
from generator.validation.checkers.capabilities import CAPABILITY_STEMS, capability_named, check_capability
from generator.validation.checkers.claims import HOST_STEMS, LICENCE_STEMS, ORGANISATIONS, _gazetteer, names_a_licence
from generator.validation.descriptors import mask_descriptors
from generator.validation.figures import (
    Figure,
    FigureReading,
    ValueIndex,
    fact_matches,
    is_number,
    read_figure,
    scaled_by_label,
)
from generator.validation.gate import Gate
from generator.validation.report import Finding, Mention, MentionKind, ValidationReport
from generator.validation.scan import Cell, Region, Scan, blank, cells, following, lines, previous, tables
from generator.validation.vocabulary import (
    ATTRIBUTE_WORDS,
    CANDIDATE_UNITS,
    CLAUSE_BREAK,
    COMPARED_WORDS,
    EXTRACT,
    IT_SUBJECT,
    LICENCE_INITIALS,
    LICENCES,
    LIKE_BEFORE,
    MARKDOWN_NOISE,
    MODEL,
    MODEL_FILL,
    MODEL_START,
    NAME_FILL,
    OTHER_BENCHMARKS,
    SENTENCE_BREAK,
    SENTENCE_WIDE,
    TABLE_SEPARATOR,
    UNLISTED_BENCHMARK,
    folds_to_ascii,
    lower_case_starts,
    matches_at,
    trie_alternation,
)

# "$0.15 for X", "$65 for the same traffic on Y": a comparison word between ends the figure's phrase.
FOR_MODEL = re.compile(
    rf"(?:\s?(?:/|per)\s?\w+)?(?:\s(?!against\b|versus\b|vs\b|than\b|while\b|and\b|but\b)[a-z]+){{0,4}}?\s(?:for|on)\s(?:the\s)?(?P<m>{MODEL})"
)
SHARED_FOR = re.compile(
    rf"(?:\s?(?:/|per)\s?\w+)?(?:\s(?!for\b|on\b)[a-z]+){{0,3}}?\s+and\s+\$?\d[\d.,]*(?:\s?(?:/|per)\s?\w+)?(?:\s(?!for\b|on\b)[a-z]+){{0,3}}?\s(?:for|on)\s(?P<m>{MODEL})"
)
SHARE_BEFORE = re.compile(r"%\s*$")
TRAILING_AT = re.compile(r"\s*(?:at|with)\s+(?:(?:about|roughly|around|just|only|nearly|some)\s+)?")
OPENS_WITH_MODEL = re.compile(rf"[\s*_]*{MODEL}")
# A sentence whose subject is its first model: "X is ...", "Is X better than Y?", "Does X cost less?".
OPENS_WITH_SUBJECT = re.compile(rf"[\s*_]*(?:(?:Is|Does|Do|Can|Has|Will|Would|Should)\s+)?{MODEL}")
BRACKETED_FIGURE = re.compile(r"\(\s*[^()\x00]{1,24}?\)")
BRACKETED_OWNER = re.compile(rf"\s\(\s*(?P<m>{MODEL})\s*\)")
ADJECTIVE_OF = re.compile(rf"[\s-]+(?:parameters?|params?|tokens?)\s+(?P<m>{MODEL})")
THE_N_OF = re.compile(rf"(?:[- ]?tokens?)?\s+of\s+(?P<m>{MODEL})")
PRONOUN = re.compile(r"\s*(?:It|Its|This model|The model)\b")
# "while still offering", "while also costing": a concession about the same subject, no contrast.
# "X packs 671B but fires only 37B": a verb right after "but" goes on with the same subject.
STILL_AFTER = re.compile(
    r",?\s+(?:still|also|keeping|retaining|offering|activating|costing|like|unlike|as\s+with|(?:only\s+)?[a-z]+s)\b"
)
CONTRAST = re.compile(
    r"(?=[wbvatcru;(])(?:\b(?:while|whereas|but|versus|vs|against|than|compared with|respectively|unlike)\b|[;(])"
)
COMPARED_BEFORE = re.compile(rf"\w*\s*(?:{COMPARED_WORDS})\s+")
COMPARED = re.compile(r"versus\b|vs\b\.?|against\b|compared with\b")
PARENTHESIS = re.compile(r"\s*\(\s*")
# Matched against the rest of a figure's clause (a slice: its first \b sees no character before it).
OWNER_AFTER = re.compile(rf"[^\x00]{{0,40}}?\b(?:for|of|from)\s+({MODEL})")
JOINED = re.compile(r"\b(?:and|or|with)\b")
# An opening phrase a figure may stand in before the sentence's subject ("With 671 billion parameters, X ...").
OPENING_PHRASE = re.compile(r"[\s*_]*(?:With|At|Boasting|Having|Thanks\s+to|Despite)\b", re.I)
NAME_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")
# Figures after a name with a size in it ("Qwen2.5-72B 75.9", "GPT-4 86"): scores, not versions.
TRAILING_FIGURES = re.compile(r"(?<=[\dA-Za-z][BbMmKk])(?: \d{1,3}(?:\.\d+)?)+$|(?<=-\d) \d{1,3}(?:\.\d+)?$")
# A model named by its brand and a bare version ("GPT-4.1"), and where its version alone stands as its name.
# A size in a name, as most names write it ("1B") and as a lower-case display name does ("120b").
SIZE_IN_NAME, LOWER_CASE_SIZE_IN_NAME = (
    re.compile(rf"(?<![\w.])(\d+(?:\.\d+)?[{letters}])(?![\w.])") for letters in ("BM", "bm")
)
SIZE_ENDING = re.compile(r"[- ]\d+(?:\.\d+)?[BbMm]$")
MODEL_NOUN_AFTER = re.compile(r"\s+(?:model|variant|version|sibling)\b")
SIZE_NOUN_AFTER = re.compile(r"[\s-]+(?:parameters?|params?|tokens?|dense|active|total|of\b)", re.I)
# (Only a version with a point: "GPT-5"'s "5" is too often a count.)
BARE_VERSION_NAME = re.compile(r"GPT-(\d+\.\d+)$")
NAME_AFTER = re.compile(
    r"(?:'s\b|\s+(?:is|was|has|had|costs?|lists?|comes?|scores?|sits|runs|leads|trails|followed|wins|charges|takes"
    r"|will|can|does|also|still|now|offers|supports|reads|handles|beats|edges"
    r"|came|landed|lands|shipped|ships|posted|posts|scored|beat|edged|carried|carries|arrived|worked|undercuts|undercut"
    r"|outscores|outscored|trailed|led|charged|bills|billed|accepts|accepted|delivers|delivered|took|won|gets|got)\b"
    # "4.1 brings", "405B saves": a verb in the third person, not a measure ("4.1 points", "7B tokens").
    r"|\s+(?!(?:points|times|tokens|dollars|cents|percent|pts|seconds|hours|days|weeks|months|years|parameters|params"
    r"|providers|routes|benchmarks|bucks|users|requests|calls|models|experts|layers|words|pages|steps|GPUs|is|was|has)\b)"
    r"[a-z]{2,}s\b(?!['’]))"
)
# "4.1 and 4o", "between 4o and 4.1": a connector with a name on its other side.
CONNECTOR_AFTER = re.compile(r"\s+(?:and|or|vs\.?|versus|against)\s+")
OBJECT_BEFORE_MODEL = re.compile(r"\b(?:after|before|than|over|against|vs\.?|versus)\s+$")
NAME_BEFORE_WORDS = frozenset({"and", "than", "over", "between", "against", "both", "beat", "beats"})
FAMILY_NOUN = re.compile(
    r"\s+(?:models|family|series|line(?:-?up)?|siblings|variants|versions|releases|twins|duo|pair)\b", re.I
)
BRACKETED_SUFFIX = re.compile(r" \(([^()]+)\)$")
FILL_CHARACTERS = {ord(MODEL_START): " ", ord(MODEL_FILL): " ", ord(NAME_FILL): " "}
FILLS = MODEL_START + MODEL_FILL + NAME_FILL
# The checkers that read table cells, in registry order, whose verdicts _quick_cell reaches directly.
QUICK_CELL_KINDS = ("names", "input_output", "capability", "direction", "licence", "figure")
# The figures a cell's fast path reads (a ratio, range, layout or spelled-out number goes to the checkers).
QUICK_FIGURE_KINDS = ("usd", "plain", "date", "month")


class Validator:
    """Checks text against one pair's facts; the indexes are built once and reused for many texts."""

    def __init__(self, comparison: Comparison):
        self.comparison = comparison
        self.pair = comparison.pair
        self.names = {comparison.a.id: comparison.a.name, comparison.b.id: comparison.b.name}
        self.facts = {fact.id: fact for fact in comparison.facts} | _source_date_facts(comparison)
        self.model_of_name = {name: model_id for model_id, names in comparison.model_names.items() for name in names}
        self.model_of_name |= {
            word: model for word, model in _distinct_words(comparison).items() if word not in self.model_of_name
        }
        self.model_of_name |= {
            word: model for word, model in _pair_words(comparison).items() if word not in self.model_of_name
        }
        self.model_of_name |= {
            variant: model
            for variant, model in _separator_variants(comparison).items()
            if variant not in self.model_of_name
        }
        self.model_of_name |= {
            variant: model
            for variant, model in _lower_case_variants(comparison, self.model_of_name).items()
            if variant not in self.model_of_name
        }
        self.model_pattern = literal_pattern(self.model_of_name)
        self.model_of_bare_name = {
            match.group(1): model
            for model in self.pair
            for match in [BARE_VERSION_NAME.match(self.names[model])]
            if match and match.group(1) not in self.model_of_name
        }
        # "the 1B" and "the 3B" on a page about Llama 3.2 1B vs 3B: a size only one model's names hold.
        self.model_of_bare_name |= _pair_sizes(comparison)
        self.bare_name_pattern = (
            re.compile(rf"(?<![\w.$/-])(?:{'|'.join(map(re.escape, self.model_of_bare_name))})(?![\w%×/-]|\.\d)")
            if self.model_of_bare_name
            else None
        )
        self.model_of_family = _pair_families(comparison) | {
            base: model for base, model in _pair_bases(comparison).items() if base not in self.model_of_name
        }
        # "gemma beats nemo": informal text writes a family word or a name's own word in lower case too.
        self.model_of_family |= {
            word: model
            for word, model in _lower_case_words(comparison).items()
            if word not in self.model_of_family and word not in self.model_of_name
        }
        self.family_pattern = (
            re.compile(rf"(?<![\w.-])(?:{'|'.join(map(re.escape, self.model_of_family))}){FAMILY_AS_NAME_END}")
            if self.model_of_family
            else None
        )
        self.provider_of_name = {
            route.provider: route.provider_id for routes in comparison.routes.values() for route in routes
        }
        names = [name for name in [*self.provider_of_name, *_text_names(comparison)] if name]
        # "Google AI Studio (Gemini API)": a provider's or source's name holding a family word is no model.
        self.names_holding_family = {
            word: [name for name in names if re.search(rf"\b{re.escape(word)}\b", name)]
            for word in self.model_of_family
        }
        # A lookahead on the first letters of the names and licences lets most positions fail at once.
        initials = re.escape("".join(sorted({name[0] for name in names} | set(LICENCE_INITIALS))))
        self.name_pattern = re.compile(rf"(?=[{initials}])(?:{literal_pattern(names).pattern}|{LICENCES})")
        self.unknown_model_pattern = _unknown_model_pattern(comparison.model_names)
        self.benchmark_words = _benchmark_words(comparison)
        # One word boundary in front of the whole alternation, so most positions fail at once.
        words = [*self.benchmark_words, *_unlisted_benchmark_words(comparison), *ATTRIBUTE_WORDS]
        self.keyword_pattern = re.compile(
            r"\b(?=[a-z])(?:" + "|".join(f"(?P<k{i}>{word})" for i, (word, _) in enumerate(words)) + ")", re.I
        )
        self.keyword_attributes = [frozenset(attributes) for _, attributes in words]
        # The same words split by first letter, for the scan of a whole text (see _keyword_scanner).
        self.keyword_scanner, self.keyword_owners = _keyword_scanner(tuple(word for word, _ in words))
        self.keyword_stems = _keyword_stems(tuple(word for word, _ in words))
        self.benchmark_pattern = (
            re.compile(
                r"\b(?:" + "|".join(f"(?P<b{i}>{word})" for i, (word, _) in enumerate(self.benchmark_words)) + ")", re.I
            )
            if self.benchmark_words
            else None
        )
        self.benchmark_ids = [next(iter(attributes)) for _, attributes in self.benchmark_words]
        self.benchmark_set = frozenset(comparison.benchmark_names)
        self.sentence_wide = SENTENCE_WIDE | self.benchmark_set
        by_unit: dict[str, list[Fact]] = {}
        for fact in self.facts.values():
            by_unit.setdefault(fact.unit, []).append(fact)
        self.candidates = {
            unit: [fact for fact_unit in fact_units for fact in by_unit.get(fact_unit, [])]
            for unit, fact_units in CANDIDATE_UNITS.items()
        }
        self.known_candidates = {
            unit: [fact for fact in facts if fact.known] for unit, facts in self.candidates.items()
        }
        # Floats only to find the few facts near a stated figure before the exact Decimal comparison.
        self.approximate = {fact.id: float(fact.value) for fact in self.facts.values() if is_number(fact)}
        self.by_value = {unit: ValueIndex(facts, self.approximate) for unit, facts in self.candidates.items()}
        # A figure can only match a numeric fact near it or a fact that is not a number (a date).
        self.known_position = {
            unit: {fact.id: position for position, fact in enumerate(facts)}
            for unit, facts in self.known_candidates.items()
        }
        self.known_not_numeric = {
            unit: [position for position, fact in enumerate(facts) if fact.id not in self.approximate]
            for unit, facts in self.known_candidates.items()
        }
        self.positions: dict[str, dict[str, list[int]]] = {unit: {} for unit in self.candidates}
        for unit, facts in self.candidates.items():
            for position, fact in enumerate(facts):
                self.positions[unit].setdefault(fact.attribute, []).append(position)
        self._expected_facts: dict[tuple, list[Fact]] = {}
        self._facts_of_model: dict[tuple, list[Fact]] = {}
        self.checkers = list(CHECKERS)

    # -- entry points ------------------------------------------------------------------------

    def validate(self, text: str, section: bool = False) -> ValidationReport:
        """Validate prose (plain text or Markdown without tables); a whole prose `section` (a deep dive
        or an FAQ) is read by the prose-quality gate too."""
        scan = self.scan(text, text)
        self.check(scan, Region(0, len(text)))
        return self._gated(self.report(scan), self.gate.check(text) if section else [])

    def validate_markdown(self, markdown: str) -> ValidationReport:
        """Validate a whole page.md: links, URLs and comments are skipped; each table row is a
        statement whose cells are attributed by the header row (the column's model) and the row label."""
        scan = self.scan(markdown, MARKDOWN_NOISE.sub(lambda match: blank(match.group()), markdown))
        prose_start = 0
        for table_start, table_end in tables(markdown):
            self.check(scan, Region(prose_start, table_start))
            self._check_table(scan, table_start, table_end)
            prose_start = table_end
        self.check(scan, Region(prose_start, len(markdown)))
        return self._gated(self.report(scan), self.gate.check_markdown(markdown))

    @functools.cached_property
    def gate(self) -> Gate:
        return Gate(self.comparison)

    def _gated(self, report: ValidationReport, flaws: list[Finding]) -> ValidationReport:
        """The report with the prose-quality gate's findings (of their own kinds) added."""
        report.findings += flaws
        return report

    def check(self, scan: Scan, region: Region) -> None:
        """Run every registered checker over one region, in registry order."""
        if region.start >= region.end:
            return
        for checker in self.checkers:
            # A table cell holds a figure, a name or a Yes/No, not a sentence: most claim kinds skip it.
            if checker.cells or not region.in_table:
                checker.check(self, scan, region)

    # -- scanning ----------------------------------------------------------------------------

    def scan(self, text: str, cleaned: str) -> Scan:
        # The fill characters mark masked names: the text's own copies of them are blanked first (a
        # test first: translate reads a text with any non-ASCII character one character at a time).
        if MODEL_START in cleaned or MODEL_FILL in cleaned or NAME_FILL in cleaned:
            cleaned = cleaned.translate(FILL_CHARACTERS)
        models: dict[int, tuple[int, str]] = {}
        for match in self.model_pattern.finditer(cleaned):
            models[match.start()] = (match.end(), self.model_of_name[match.group()])
        if self.bare_name_pattern is not None:
            # Masked in the order of the text, as the names are.
            models = dict(sorted((models | self._bare_names(cleaned, models)).items()))
        if self.family_pattern is not None:
            models = dict(sorted((models | self._family_names(cleaned, models)).items()))
        if "`" in cleaned:
            models = _with_backticks(cleaned, models)
        worded = _masked(
            cleaned, ((start, end, MODEL_START + MODEL_FILL * (end - start - 1)) for start, (end, _) in models.items())
        )
        # Keywords and topics are read before other names are masked: benchmark names are keywords.
        owners = self.keyword_owners
        keywords = [
            (match.start(), match.end(), self.keyword_attributes[owners[match.lastindex]])
            for match in self._keywords_in(worded)
        ]
        masked = _masked(
            worded,
            (
                (match.start(), match.end(), NAME_FILL * (match.end() - match.start()))
                for match in self.name_pattern.finditer(worded)
            ),
        )
        scan = Scan(
            text=text,
            worded=worded,
            masked=masked,
            line_starts=[0, *(match.end() for match in re.finditer("\n", text))],
            models=models,
            model_starts=sorted(models),
            keywords=keywords,
            keyword_starts=[start for start, _, _ in keywords],
            clause_breaks=[],
            sentence_breaks=[],
        )
        scan.sentence_breaks = [match.start() for match in SENTENCE_BREAK.finditer(scan.masked)]
        # "The cheaper option", "the model with more context": a model named by what the facts say of it.
        mask_descriptors(self, scan)
        scan.clause_breaks = [match.start() for match in CLAUSE_BREAK.finditer(scan.masked)]
        for match in self.unknown_model_pattern.finditer(scan.masked):
            # "beats Qwen2.5-72B 75.9 to 71.1": a score after a versioned name is no part of the name.
            start, name = match.start(), TRAILING_FIGURES.sub("", match.group())
            end = start + len(name)
            if self._names_the_family(scan.masked, name, end):
                # A name all the same: masked, so its version is read as no figure.
                scan.masked = scan.masked[:start] + NAME_FILL * (end - start) + scan.masked[end:]
                self.add(scan, start, end, "entity", verified=True)
                continue
            shortened = self._shortened_name_of(name) or self._family_and_size_of(name)
            if shortened:
                # "Qwen3's 131K" on a Qwen3-235B-A22B page: the one model of the pair the short name begins.
                scan.masked = scan.masked[:start] + MODEL_START + MODEL_FILL * (end - start - 1) + scan.masked[end:]
                scan.models[start] = (end, shortened)
                scan.model_starts = sorted(scan.models)
                continue
            self.unknown_entity(
                scan,
                start,
                end,
                f'no model named "{name}" is in the facts; name {self.names[self.pair[0]]} or {self.names[self.pair[1]]} exactly, or drop it',
            )
        return scan

    def _bare_names(self, cleaned: str, models: dict[int, tuple[int, str]]) -> dict[int, tuple[int, str]]:
        """Bare versions and sizes that stand where a name stands, as their model: "4.1 costs a fifth less
        than 4o" (before a verb, "'s" or "and", after "than" or "between") on a page about GPT-4.1, and
        "the 3B" on a page about Llama 3.2 1B vs 3B; never part of a name found already ("GPT 4.1")."""
        named = {}
        spans = sorted((start, end) for start, (end, _) in models.items())
        for match in self.bare_name_pattern.finditer(cleaned):
            index = bisect.bisect_right(spans, (match.start(), len(cleaned))) - 1
            if index >= 0 and spans[index][1] > match.start():
                continue
            before = cleaned[max(0, match.start() - 12) : match.start()].split()
            if match.group()[-1] in "bm":
                # "120b costs ...": a size written as the display name writes it is that name, unless
                # a size's noun follows ("120b parameters").
                if not SIZE_NOUN_AFTER.match(cleaned, match.end()):
                    named[match.start()] = (match.end(), self.model_of_bare_name[match.group()])
                continue
            if match.group()[-1] in "BM":
                # A size is a name as "the 3B" or "the dense 32B" (not "the 3B parameters"), as "3B's", or
                # before a verb ("405B landed at 75.9") or after a name and a connector ("V3 beat 405B").
                if cleaned.startswith("'s", match.end()) or (
                    not SIZE_NOUN_AFTER.match(cleaned, match.end())
                    and (_after_the(before) or self._stands_as_name(cleaned, match, before, models))
                ):
                    # "the 1B model": the noun is part of the name.
                    noun = MODEL_NOUN_AFTER.match(cleaned, match.end())
                    named[match.start()] = (noun.end() if noun else match.end(), self.model_of_bare_name[match.group()])
                continue
            if self._stands_as_name(cleaned, match, before, models):
                named[match.start()] = (match.end(), self.model_of_bare_name[match.group()])
        return named

    def _stands_as_name(self, cleaned: str, match: re.Match, before: list[str], models: dict) -> bool:
        """A bare version or size where a name stands: before a verb or "'s", before a connector and a
        name ("4.1 and 4o"), or after "than", "between" and the like with a name before it."""
        connector = CONNECTOR_AFTER.match(cleaned, match.end())
        return bool(
            NAME_AFTER.match(cleaned, match.end())
            or (connector and self.model_pattern.match(cleaned, connector.end()))
            or (before and before[-1].lower() in NAME_BEFORE_WORDS and any(start < match.start() for start in models))
        )

    def _family_names(self, cleaned: str, models: dict[int, tuple[int, str]]) -> dict[int, tuple[int, str]]:
        """ "Mixtral costs ...", "Llama reads no images", "QwQ is newer": a family word or a name without
        its size that only one model of the pair is named with stands for that model, outside a name
        found already."""
        spans = sorted((start, end) for start, (end, _) in models.items())
        named = {}
        for match in self.family_pattern.finditer(cleaned):
            index = bisect.bisect_right(spans, (match.start(), len(cleaned))) - 1
            inside_name = any(
                cleaned.startswith(name, match.start() - name.index(match.group()))
                for name in self.names_holding_family[match.group()]
            )
            if (index < 0 or spans[index][1] <= match.start()) and not inside_name:
                named[match.start()] = (match.end(), self.model_of_family[match.group()])
        return named

    def _keywords_in(self, worded: str) -> Iterator[re.Match]:
        """The keyword scanner's matches in the text, tried only where a word's literal opening stands
        (found by str.find on a lower-case copy: far faster than the engine stopping at every letter
        the words begin with), or at every position when the text holds a character str.lower() and
        re.IGNORECASE disagree on."""
        starts = lower_case_starts(worded, 0, len(worded), self.keyword_stems) if self.keyword_stems else None
        if starts is None:
            return self.keyword_scanner.finditer(worded)
        return matches_at(self.keyword_scanner, worded, starts, 0, len(worded))

    def _shortened_name_of(self, name: str) -> str | None:
        """The one model of the pair with a name that starts with this one, if exactly one has."""
        models = [
            model
            for model in self.pair
            if any(known.startswith((name + " ", name + "-")) for known in self.comparison.model_names.get(model, []))
        ]
        return models[0] if len(models) == 1 else None

    def _family_and_size_of(self, name: str) -> str | None:
        """ "Qwen 7B" on a page about Qwen2.5-7B-Instruct: the one model of the pair named with that
        family word and that size."""
        words, sizes = name.split(), SIZE_IN_NAME.findall(name)
        if len(words) != 2 or len(sizes) != 1 or words[1] != sizes[0]:
            return None
        models = [
            model
            for model in self.pair
            if any(
                known.startswith(words[0]) and sizes[0] in SIZE_IN_NAME.findall(known)
                for known in self.comparison.model_names.get(model, [])
            )
        ]
        return models[0] if len(models) == 1 else None

    def _names_the_family(self, masked: str, name: str, end: int) -> bool:
        """ "Both Llama 3.2 models": a family word and version the pair's own names start with, said of
        the models as a group, is no unknown model."""
        return FAMILY_NOUN.match(masked, end) is not None and any(
            self.names[model].startswith(name + " ") for model in self.pair
        )

    def unknown_entity(self, scan: Scan, start: int, end: int, message: str) -> None:
        scan.masked = scan.masked[:start] + NAME_FILL * (end - start) + scan.masked[end:]
        self.add(scan, start, end, "entity", verified=False)
        self.find(scan, start, end, "unknown_entity", message, None)

    def report(self, scan: Scan) -> ValidationReport:
        scan.mentions.sort(key=lambda mention: mention.start)
        scan.findings.sort(key=lambda finding: finding.start)
        return ValidationReport.model_construct(
            mentions=scan.mentions, findings=scan.findings, words=len(scan.text.split())
        )

    # A mention's values of these types (a finite Decimal) are what pydantic's validation keeps as they
    # are (the text, line, column and the fact's id, display and source are str and int by construction).
    EXACT_VALUE_TYPES = frozenset({Decimal, type(None)})
    EXACT_UNIT_TYPES = frozenset({str, type(None)})
    MENTION_KINDS = frozenset(get_args(MentionKind))

    def add(
        self,
        scan: Scan,
        start: int,
        end: int,
        kind: str,
        verified: bool,
        value: Decimal | None = None,
        unit: str | None = None,
        fact: Fact | None = None,
    ) -> None:
        line, column = scan.position(start)
        fields = {
            "text": scan.text[start:end], "line": line, "column": column, "start": start, "end": end, "kind": kind,
            "value": value, "unit": unit, "fact_id": fact.id if fact else None,
            "fact_display": fact.display if fact else None,
            "source_url": fact.sources[0].url if fact and fact.sources else None, "verified": verified,
        }  # fmt: skip
        if (
            type(value) in self.EXACT_VALUE_TYPES
            and (value is None or value.is_finite())
            and type(unit) in self.EXACT_UNIT_TYPES
            and type(verified) is bool
            and kind in self.MENTION_KINDS
            and type(start) is int
            and type(end) is int
        ):
            scan.mentions.append(_valid_mention(fields))
        else:
            # Validated from the dict: pydantic's compiled validator, faster than model_construct's loop
            # over the fields in Python, and it converts what is not yet of the field's type.
            scan.mentions.append(Mention.__pydantic_validator__.validate_python(fields))

    def find(self, scan: Scan, start: int, end: int, kind: str, message: str, closest: Fact | None) -> None:
        line, column = scan.position(start)
        scan.findings.append(
            Finding(
                kind=kind, mention=scan.text[start:end], line=line, column=column, start=start, end=end, message=message,
                closest_fact=closest.id if closest else None, closest_display=closest.display if closest else None,
            )
        )  # fmt: skip

    def direction(self, scan: Scan, start: int, end: int, verified: bool, fact: Fact | None, message: str) -> None:
        self.add(scan, start, end, "direction", verified, fact=fact)
        if not verified:
            self.find(scan, start, end, "wrong_direction", message, fact)

    # -- tables ------------------------------------------------------------------------------

    def _check_table(self, scan: Scan, start: int, end: int) -> None:
        rows = [
            (row_start, cells(scan.masked, row_start, row_end)) for row_start, row_end in lines(scan.masked, start, end)
        ]
        has_header = len(rows) > 1 and TABLE_SEPARATOR.match(scan.masked[rows[1][0] :])
        header = rows[0][1] if has_header else []
        column_models = [self.model_in(scan, cell_start, cell_end) for cell_start, cell_end in header]
        # Labels are read before other names are masked: a benchmark's name is one ("| MMLU-Pro | 83.6 |").
        headings = [scan.worded[cell_start:cell_end] for cell_start, cell_end in header]
        quick = self._quick_cells()
        marks = self._table_marks(scan, [span for _, row in rows for span in row]) if quick else None
        for cell_start, cell_end in header:
            self._check_cell(scan, cell_start, cell_end, None, marks)
        for _, row in rows[2:] if has_header else rows:
            if not row:
                continue
            # The row's first model, for a column whose heading names none (read only then).
            row_models = (model for model in (self.model_in(scan, s, e) for s, e in row) if model)
            row_model: str | None = None
            row_provider = self._provider_of_row(scan, row)
            label = scan.worded[row[0][0] : row[0][1]]
            self._check_cell(scan, *row[0], None, marks)
            for index, (cell_start, cell_end) in enumerate(row[1:], start=1):
                column_model = column_models[index] if index < len(column_models) else None
                heading = headings[index] if index < len(header) else ""
                if column_model is None and row_model is None:
                    row_model = next(row_models, None)
                model = column_model or row_model
                cell = Cell(
                    start=cell_start, model=model, provider=row_provider, labels=f"{heading} {label}", row_label=label
                )
                self._check_cell(scan, cell_start, cell_end, cell, marks)

    def _provider_of_row(self, scan: Scan, row: list[tuple[int, int]]) -> str | None:
        """The provider a row's first cell naming one names (a route's row of prices)."""
        for start, end in row:
            name = scan.text[start:end].strip()
            if name in self.provider_of_name:
                return self.provider_of_name[name]
        return None

    def _check_cell(self, scan: Scan, start: int, end: int, cell: Cell | None, marks: TableMarks | None) -> None:
        if marks is None:
            self.check(scan, Region(start, end, cell, in_table=True))
        elif start < end and not self._quick_cell(scan, start, end, cell, marks):
            # Each cell checker in registry order, skipped where its own first test fails (tested when
            # its turn comes: a checker before it may have masked a name in the cell).
            region = Region(start, end, cell, in_table=True)
            for checker, first_test in marks.checkers:
                if first_test(scan, region, marks):
                    checker.check(self, scan, region)

    # -- table cells read by a cheaper exact test ----------------------------------------------
    # A page has ~180 cells, most of them a name, a Yes/No or a figure alone between two pipes. For
    # those the cell checkers (names, input/output, capabilities, directions, figures) reach a verdict
    # that depends on the cell alone; it is reached here directly, recording the same mention they
    # would. Any other cell, or a figure these tests cannot verify, goes through the checkers.

    def _table_marks(self, scan: Scan, spans: list[tuple[int, int]]) -> TableMarks:
        """The marks of a table's cells (in order, not overlapping), and the cell checkers to try."""
        named = scan.spans_holding(HOST_STEMS, spans) | scan.spans_matching(_gazetteer(), spans)
        ends = dict(spans)
        licence = {
            start
            for start in scan.spans_holding(LICENCE_STEMS, spans)
            if names_a_licence(scan.worded, start, ends[start])
        }
        return TableMarks(
            named=frozenset(named),
            capability=frozenset(scan.spans_holding(CAPABILITY_STEMS, spans)),
            licence=frozenset(licence),
            checkers=tuple((checker, FIRST_TESTS[checker.kind]) for checker in self.checkers if checker.cells),
        )

    def _quick_cells(self) -> bool:
        """Whether the checkers that read cells are the registry's own (a test may remove one)."""
        return tuple(checker.kind for checker in self.checkers if checker.cells) == QUICK_CELL_KINDS

    def _quick_cell(self, scan: Scan, start: int, end: int, cell: Cell | None, marks: TableMarks) -> bool:
        """Whether the cell was read here (True) or is left to the checkers (False)."""
        masked = scan.masked
        if masked[start - 1 : start] != "|" or masked[end : end + 1] != "|":
            return False
        stated = masked[start:end].strip()
        if not stated.strip(FILLS):
            # Only masked names: no claim pattern reads a mask, and a known provider's cell is no
            # finding. A model described instead of named ("the cheaper option") goes to the checkers.
            return start not in marks.licence and not any(start <= described < end for described in scan.descriptors)
        if cell is None or scan.text[start:end].strip() != stated:
            return False
        # No organisation or host name, no capability or host word: those checkers find nothing here.
        if start in marks.named or start in marks.capability or start in marks.licence:
            return False
        if stated in ("Yes", "No"):
            return self._quick_capability(scan, start, end, stated, cell)
        if stated[0] == "$" or stated[0].isdigit():
            return self._quick_figure(scan, start, end, stated, cell)
        return False

    def _quick_capability(self, scan: Scan, start: int, end: int, stated: str, cell: Cell) -> bool:
        """A Yes/No under a capability's row: the capability checker's claim about the column's model."""
        if EXTRACT.search(scan.masked, start, end):
            return False
        name = capability_named(cell.row_label.strip())
        if cell.model and name:
            stated_start = scan.masked.index(stated, start, end)
            check_capability(self, scan, stated_start, stated_start + len(stated), cell.model, name, stated == "Yes")
        return True

    def _quick_figure(self, scan: Scan, start: int, end: int, stated: str, cell: Cell) -> bool:
        """A figure alone in its cell: no word of the cell names its model or attribute, no word after
        it makes it a gap, so the figure checker reads it as the column's model's fact of the row's
        label (and provider). Recorded here only when verified, against the same fact."""
        if _between(scan.keyword_starts, start, end):
            return False
        # A cell's text between two pipes reads as the same figure wherever it stands (a page repeats
        # many, "$0.10"): the figure is read once a page.
        text = scan.masked[start:end]
        if text not in scan.cell_figures:
            scan.cell_figures[text] = _lone_figure(scan.masked, start, end, stated)
        if scan.cell_figures[text] is None:
            return False
        offset, figure = scan.cell_figures[text]
        figure = scaled_by_label(figure, cell.labels)
        figure_start, figure_end = start + offset, start + offset + len(stated)
        if figure_start in scan.claimed or figure_start in scan.owners or figure_start in scan.attributes:
            return False
        attributes = self.label_attributes(cell.labels)
        if figure.unit == "percent" and attributes & self.benchmark_set:
            figure = replace(figure, unit="points")
        # The facts near a cell's figure, found once a page for each cell text ("$0.10" many times).
        key = (text, figure.unit)
        if key not in scan.cell_nears:
            scan.cell_nears[key] = self.by_value[figure.unit].near(figure.value, figure.tolerance, figure.factors)
        near = scan.cell_nears[key]
        named = attributes & self.benchmark_set
        if named and not any(self.positions[figure.unit].get(benchmark) for benchmark in named):
            # "| GPQA | 66.4 |" where the pair has no GPQA score: the figure checker says so.
            return False
        expected = self.expected(figure.unit, cell.model, attributes, cell.provider)
        for fact in expected or self.plausible(figure.unit, near):
            if fact.known and (fact.id in near or fact.id not in self.approximate) and fact_matches(fact, figure):
                self.add(scan, figure_start, figure_end, "number", True, figure.value, figure.unit, fact)
                return True
        return False

    def model_in(self, scan: Scan, start: int, end: int) -> str | None:
        index = bisect.bisect_left(scan.model_starts, start)
        if index < len(scan.model_starts) and scan.model_starts[index] < end:
            return scan.models[scan.model_starts[index]][1]
        return None

    # -- who and what a figure is about ------------------------------------------------------

    def expected(self, unit: str, model: str | None, attributes: frozenset[str], provider: str | None) -> list[Fact]:
        """The facts the text says the figure is: narrowed by attribute, model and provider, each
        dropped again when nothing of that kind exists (a third model, a word naming no fact)."""
        # A page asks the same few questions (this model's input price on this route) many times.
        key = (unit, model, attributes, provider)
        facts = self._expected_facts.get(key)
        if facts is None:
            facts = self._expected_facts[key] = self._narrowed(*key)
        return facts

    def _narrowed(self, unit: str, model: str | None, attributes: frozenset[str], provider: str | None) -> list[Fact]:
        facts = self._of_model(unit, model, attributes)
        if provider is not None:
            route = f".route.{provider}."
            facts = [fact for fact in facts if route in fact.id] or facts
        return facts if (attributes or model) and len(facts) < len(self.candidates[unit]) else []

    def _of_model(self, unit: str, model: str | None, attributes: frozenset[str]) -> list[Fact]:
        """The unit's facts narrowed by attribute and model: the same for every route of a table
        (one row a provider), so kept apart from the narrowing by provider."""
        key = (unit, model, attributes)
        if key not in self._facts_of_model:
            facts = self.candidates[unit]
            # By attribute through the index: the unit's facts of those attributes, in their order (one
            # attribute's positions are in order already).
            if len(attributes) == 1:
                positions = self.positions[unit].get(next(iter(attributes)), ())
            else:
                positions = sorted(
                    position for attribute in attributes for position in self.positions[unit].get(attribute, ())
                )
            facts = [facts[position] for position in positions] or facts
            if model is not None:
                facts = [fact for fact in facts if fact.model in (model, None)] or facts
            self._facts_of_model[key] = facts
        return self._facts_of_model[key]

    def reading_of(self, figure: Figure) -> FigureReading:
        """The facts near a stated figure and which facts read as it, kept for this Validator's texts: a
        page states the same figure of the same fact many times (a price in a table and in prose), and
        each reading is Decimal arithmetic."""
        if figure not in self._readings:
            self._readings[figure] = FigureReading(self, figure)
        return self._readings[figure]

    @functools.cached_property
    def _readings(self) -> dict[Figure, FigureReading]:
        return {}

    @functools.cached_property
    def figures_read(self) -> dict[tuple, Figure | None]:
        """The figures read from the matches of this Validator's texts, by what read_figure reads them from."""
        return {}

    def plausible(self, unit: str, near: set[str]) -> list[Fact]:
        """The unit's known facts a figure may match, in their order: those near it, and those that are not numbers."""
        position = self.known_position[unit]
        positions = sorted(
            [position[fact_id] for fact_id in near if fact_id in position] + self.known_not_numeric[unit]
        )
        return [self.known_candidates[unit][index] for index in positions]

    def about(self, model: str | None, attributes: frozenset[str]) -> str:
        name = self.names.get(model) or (self.comparison.model_names.get(model) or ["the pair"])[0]
        return f"{name} ({', '.join(sorted(attributes))})" if attributes else name

    def model_for(self, scan: Scan, start: int, end: int) -> str | None:
        """The model a figure is stated about: what a checker of sentence structure decided, else the
        nearest model named before it in its clause, or a "for MODEL" right after it."""
        if start in scan.owners:
            return scan.owners[start]
        # "$0.15 for GPT-4o mini and $0.40 for GPT-4.1 mini": a "for MODEL" right after the figure wins.
        # (Only where a model is named within reach: most figures have none right after them.)
        right_after = MODEL_START in scan.masked[end : end + 60] and FOR_MODEL.match(
            scan.masked, end, min(len(scan.masked), end + 60)
        )
        if right_after:
            return scan.models[right_after.start("m")][1]
        # "$0.02 per million input and $0.20 per million output for X": a pair of figures, one "for X".
        shared = MODEL_START in scan.masked[end : end + 100] and SHARED_FOR.match(
            scan.masked, end, min(len(scan.masked), end + 100)
        )
        if shared:
            return scan.models[shared.start("m")][1]
        # "69.4 (GPT-4.1 nano) vs 80.1 (Llama 3.1 8B)": a model in brackets right after a figure owns it.
        bracketed = scan.masked.startswith(" (", end) and BRACKETED_OWNER.match(scan.masked, end)
        if bracketed:
            return scan.models[bracketed.start("m")][1]
        # "the 4-billion-parameter Qwen3.5-4B": a figure describing the model named right after it.
        described = ADJECTIVE_OF.match(scan.masked, end)
        if described:
            return scan.models[described.start("m")][1]
        # "about eight times the 128K of Y": "the N of MODEL" is that model's, whoever the subject is.
        possessed = scan.masked.endswith("the ", 0, start) and THE_N_OF.match(scan.masked, end)
        if possessed:
            return scan.models[possessed.start("m")][1]
        clause_start = previous(scan.clause_breaks, start)
        index = bisect.bisect_left(scan.model_starts, start) - 1
        if index >= 0:
            model_end, model = scan.models[scan.model_starts[index]]
            # "Llama 3.2 1B Instruct (2024)": a parenthesis right after a name is about that name.
            if scan.model_starts[index] >= clause_start or PARENTHESIS.fullmatch(scan.masked, model_end, start):
                return model
        clause_end = following(scan.clause_breaks, end, len(scan.masked))
        after = scan.masked[end:clause_end]
        found = MODEL_START in after and OWNER_AFTER.match(after)
        if found:
            return scan.models[end + found.start(1)][1]
        # "With 79.1 on MMLU-Pro, Qwen3.5-4B ...": a figure opening a sentence that names one model
        # only, after it, is about that model ("262K vs 128K" after a name is a comparison: it is not).
        sentence_start, sentence_end = scan.sentence(start)
        before = scan.models_between(sentence_start, start)
        if not before and (
            PRONOUN.match(scan.masked, sentence_start) or IT_SUBJECT.search(scan.masked, sentence_start, start)
        ):
            # "Y. It accepts 262K tokens, twice the 128K of X": "it" is the model the sentence before is
            # about; without one (a sentence read alone), the other model than the one named after it.
            referred = self.named_before(scan, sentence_start) if sentence_start > 1 else None
            named = {model for _, model in scan.models_between(end, sentence_end)}
            return referred or (self.other(named.pop()) if len(named) == 1 else None)
        # "X ..., like Y, activates 17B": a model named only to compare with is not the subject.
        before = [(at, model) for at, model in before if not LIKE_BEFORE.search(scan.masked, max(0, at - 16), at)]
        if before and IT_SUBJECT.search(scan.masked, max(before[-1][0], clause_start), start):
            # "X beats Y on price, and it is carried by one more provider": "it" is the sentence's subject.
            return before[0][1] if OPENS_WITH_SUBJECT.match(scan.masked, sentence_start) else None
        if before:
            if TRAILING_AT.fullmatch(scan.masked, clause_start, start) and OPENS_WITH_MODEL.match(
                scan.masked, sentence_start
            ):
                # "X is three times the size of Y, at 4 billion parameters": a trailing "at N" is the subject's.
                return before[0][1]
            # "Qwen3.5-4B, from Alibaba, handles 262K": the sentence's subject, unless a contrast intervenes.
            model_start, model = before[-1]
            contrast = CONTRAST.search(scan.masked, model_start, start)
            if contrast and contrast.group() in ("while", "but") and STILL_AFTER.match(scan.masked, contrast.end()):
                # "X ..., while still activating 17B", "but, like Y, activates": the same subject goes on.
                contrast = None
            # "higher MMLU-Pro (68.9)": a figure alone in brackets contrasts nothing.
            alone = (
                contrast is not None
                and contrast.group() == "("
                and BRACKETED_FIGURE.fullmatch(scan.masked, contrast.start(), min(len(scan.masked), end + 1))
            )
            return None if contrast and not alone else model
        named_after = scan.models_between(end, sentence_end)
        named = {model for _, model in named_after}
        if len(named) == 1:
            # "When did X come out? On March 2, 2026, seventeen months after Y": Y is compared with,
            # and the answer is about the question's model.
            compared = OBJECT_BEFORE_MODEL.search(scan.masked, max(0, named_after[0][0] - 10), named_after[0][0])
            if compared and scan.answers_question(sentence_start):
                return self.named_before(scan, sentence_start) or named.pop()
            return named.pop()
        if named and OPENING_PHRASE.match(scan.masked, sentence_start, start):
            # "With 671 billion parameters, X dwarfs Y": the subject after the opening phrase's comma.
            comma = scan.masked.find(",", end, named_after[0][0])
            return named_after[0][1] if comma >= 0 else None
        if not named and not before and scan.answers_question(sentence_start):
            # "Q: What does X score on GPQA? A: A respectable 80.1.": an answer naming no model is about
            # the question's.
            return self.named_before(scan, sentence_start)
        return None

    def named_before(self, scan: Scan, sentence_start: int) -> str | None:
        """The model the sentence before this one is about: the one it names, or the one it opens with."""
        before_start = scan.sentence(sentence_start - 2)[0]
        named = scan.models_between(before_start, sentence_start)
        if len({model for _, model in named}) == 1:
            return named[0][1]
        opening = OPENS_WITH_SUBJECT.match(scan.masked, before_start)
        return named[0][1] if named and opening and opening.end() > named[0][0] else None

    def attributes_for(self, scan: Scan, start: int, end: int) -> frozenset[str]:
        """The attribute a figure is about: a word right after it in its clause ("$0.03/1M input"),
        else the nearest one before it in its sentence ("On MMLU-Pro, X leads by 59.1 points")."""
        if start in scan.attributes:
            return scan.attributes[start]
        clause_end = min(following(scan.clause_breaks, end, len(scan.masked)), end + 30)
        # "76.2 versus 25.6 on GPQA Diamond": the word after the other side of a comparison names both.
        compared = COMPARED.match(scan.masked, clause_end)
        if compared:
            # Past the comparison word, and past the full stop of "vs." (a clause break of its own).
            clause_end = min(following(scan.clause_breaks, compared.end(), len(scan.masked)), clause_end + 40)
        # "$0.000001 per input token": a word inside the figure's own unit names it.
        inside = bisect.bisect_left(scan.keyword_starts, start)
        if inside < len(scan.keywords) and scan.keywords[inside][0] < end:
            return scan.keywords[inside][2]
        index = bisect.bisect_left(scan.keyword_starts, end)
        # A word after "and" names the next figure ("input $X and output $Y"), not this one.
        if (
            index < len(scan.keywords)
            and scan.keywords[index][0] < clause_end
            and not JOINED.search(scan.masked[end : scan.keywords[index][0]])
        ):
            return scan.keywords[index][2]
        sentence_start, clause_start = previous(scan.sentence_breaks, start), previous(scan.clause_breaks, start)
        index = bisect.bisect_left(scan.keyword_starts, start) - 1
        # "Blended at 70% input and 30% output, that is $0.29 ...": a word naming a share names no price.
        while (
            index >= 0
            and scan.keywords[index][0] < clause_start
            and SHARE_BEFORE.search(scan.masked, max(0, scan.keywords[index][0] - 8), scan.keywords[index][0])
        ):
            index -= 1
        if index >= 0 and scan.keywords[index][0] >= sentence_start:
            attributes = scan.keywords[index][2]
            if scan.keywords[index][0] >= clause_start or attributes & self.sentence_wide:
                return attributes
            # "6 providers against 2": the other side of a comparison counts what the first side counts.
            if COMPARED_BEFORE.fullmatch(scan.masked, max(sentence_start, scan.keywords[index][1]), start):
                return attributes
        # "X's context window is 200K; Y's is 128,000": the clause after a semicolon goes on the one before.
        if index >= 0 and sentence_start > 0 and scan.masked[sentence_start - 1] == ";":
            attributes = scan.keywords[index][2]
            if (
                scan.keywords[index][0] >= previous(scan.sentence_breaks, sentence_start - 1)
                and attributes & self.sentence_wide
            ):
                return attributes
        return self._asked_attributes(scan, sentence_start)

    def _asked_attributes(self, scan: Scan, sentence_start: int) -> frozenset[str]:
        """In the first sentence of an answer ("Which scores higher on MMLU?\n\nX scores 80.1 ..."), the
        benchmark or other sentence-wide attribute the question names."""
        asked = scan.masked.rfind("?", 0, sentence_start)
        if asked < 0 or scan.masked[asked + 1 : sentence_start].strip(" \t\n*_>"):
            return frozenset()
        question_start = previous(scan.sentence_breaks, asked)
        index = bisect.bisect_left(scan.keyword_starts, asked) - 1
        # Else the attribute the question names last ("What is X's knowledge cutoff?" "December 2023.").
        nearest = scan.keywords[index][2] if index >= 0 and scan.keywords[index][0] >= question_start else frozenset()
        while index >= 0 and scan.keywords[index][0] >= question_start:
            if scan.keywords[index][2] & self.sentence_wide:
                return scan.keywords[index][2]
            index -= 1
        return nearest

    def label_attributes(self, labels: str) -> frozenset[str]:
        # A table's cells share their labels (heading and row label): each is searched once.
        if labels not in self._attributes_of_labels:
            match = self.keyword_pattern.search(labels)
            self._attributes_of_labels[labels] = (
                self.keyword_attributes[int(match.lastgroup[1:])] if match else frozenset()
            )
        return self._attributes_of_labels[labels]

    @functools.cached_property
    def _attributes_of_labels(self) -> dict[str, frozenset[str]]:
        return {}

    def benchmarks_in(self, text: str) -> list[str]:
        """Ids of the benchmarks a text names (under their names or aliases), in order."""
        if not self.benchmark_pattern:
            return []
        return [self.benchmark_ids[int(found.lastgroup[1:])] for found in self.benchmark_pattern.finditer(text)]

    def other(self, model: str) -> str:
        # A model not of the pair (or None) gets the pair's first, as "the first that is not it".
        return self._others.get(model, self.pair[0])

    @functools.cached_property
    def _others(self) -> dict[str, str]:
        """Each model of the pair's other one (asked for at most figures and claims of a page)."""
        a, b = self.pair
        return {a: b, b: a}

    def subject_models(self, scan: Scan, start: int, end: int) -> list[str]:
        return [model for _, model in scan.models_between(start, end)] or list(self.pair)


def _with_backticks(cleaned: str, models: dict[int, tuple[int, str]]) -> dict[int, tuple[int, str]]:
    """ "`Command R+` supports ...": a name in backticks (Markdown's code) is read with them, so the
    words around it read as around a name."""
    widened = {}
    for start, (end, model) in models.items():
        if cleaned[start - 1 : start] == "`" and cleaned[end : end + 1] == "`":
            start, end = start - 1, end + 1
        widened[start] = (end, model)
    return widened


def _valid_mention(fields: dict) -> Mention:
    """The Mention pydantic's validation builds from fields that are already of their types and in the
    model's order, built directly (~1 µs of ~2.5 a mention; a page has ~240): the same values, every field set."""
    mention = Mention.__new__(Mention)
    object.__setattr__(mention, "__dict__", fields)
    object.__setattr__(mention, "__pydantic_fields_set__", set(fields))
    object.__setattr__(mention, "__pydantic_extra__", None)
    object.__setattr__(mention, "__pydantic_private__", None)
    return mention


def validate_text(comparison: Comparison, text: str) -> ValidationReport:
    return Validator(comparison).validate(text)


def validate_markdown(comparison: Comparison, markdown: str) -> ValidationReport:
    return Validator(comparison).validate_markdown(markdown)


# ---------------------------------------------------------------------------------------------
# Building the indexes.


def _lone_figure(masked: str, start: int, end: int, stated: str) -> tuple[int, Figure] | None:
    """The figure a cell between two pipes states, when it is all the cell holds and of a kind the
    cell's fast path reads (a price, a plain number, a date or month): its offset in the cell, and
    the figure as the figure checker reads it (no hedge or ordinal word can stand after a pipe)."""
    found = list(EXTRACT.finditer(masked, start, end))
    if len(found) != 1 or found[0].group() != stated:
        return None
    match = found[0]
    if match.group("skip") or match.group("layout") or not any(match.group(kind) for kind in QUICK_FIGURE_KINDS):
        return None
    figure = read_figure(match, masked[max(0, match.start() - 24) : match.start()])
    if figure is None or figure.second is not None:
        return None
    return match.start() - start, figure


@dataclass(frozen=True)
class TableMarks:
    """The cells of one table (by start) that the cell checkers' first tests on the unmasked words
    hold for, found once for the whole table instead of once per cell: a host or organisation name
    (`named`), a capability's stem (`capability`), a licence (`licence`); and the cell checkers in registry order, each with
    its first test."""

    named: frozenset[int]
    capability: frozenset[int]
    licence: frozenset[int]
    checkers: tuple[tuple[Checker, Callable[[Scan, Region, TableMarks], bool]], ...]


# The first test of each cell checker: where it fails the checker finds nothing in the cell.
FIRST_TESTS = {
    "names": lambda scan, region, marks: region.start in marks.named,
    "input_output": lambda scan, region, marks: "$" in scan.masked[region.start : region.end],
    "capability": lambda scan, region, marks: (
        (region.cell is not None and scan.masked[region.start : region.end].strip() in ("Yes", "No"))
        or (region.start in marks.capability and _may_claim_capability(scan.masked[region.start : region.end]))
    ),
    "direction": lambda scan, region, marks: MODEL_START in scan.masked[region.start : region.end],
    "licence": lambda scan, region, marks: region.start in marks.licence,
    "figure": lambda scan, region, marks: EXTRACT.search(scan.masked, region.start, region.end) is not None,
}


def _may_claim_capability(stretch: str) -> bool:
    """Whether a capability claim can stand in a stretch of a table: every claim pattern of the
    capability checker holds a model's mask or opens with "both", "they" or "neither" (ignoring case;
    a character that matches an ASCII letter ignoring case is read as one of them)."""
    if MODEL_START in stretch or folds_to_ascii(stretch):
        return True
    lowered = stretch.lower()
    return "both" in lowered or "they" in lowered or "neither" in lowered


def _between(positions: list[int], start: int, end: int) -> bool:
    """Whether any of the sorted positions lies in [start, end)."""
    index = bisect.bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


def _masked(text: str, spans) -> str:
    """The text with each (start, end, fill) span, in order and not overlapping, replaced by its fill."""
    pieces, last = [], 0
    for start, end, fill in spans:
        pieces += (text[last:start], fill)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


@functools.lru_cache(maxsize=64)
def _keyword_scanner(words: tuple[str, ...]) -> tuple[re.Pattern, list[int]]:
    """The keyword pattern for scanning a whole text, and for each of its group numbers the index of
    the word its named group stands for.

    The same matches as one alternation of the words in order, ignoring case, but it opens with a
    character set (the words' first letters in either case, and any non-ASCII character, which may
    match one ignoring case): the engine skips every other position without trying the pattern, and
    "(?<!\\w.)" after that character is the word boundary before it. Then only the words (or top-level
    alternatives of one) that begin with that letter are tried, in their order. A word whose
    alternatives do not each begin with a plain letter keeps the plain form."""
    by_letter: dict[str, list[tuple[str, int]]] = {}
    for index, word in enumerate(words):
        for branch in (spread for part in _top_level_branches(word) for spread in _opening_group_spread(part)):
            if not (branch[:1].isascii() and branch[:1].isalpha()) or branch[1:2] in ("?", "*", "+", "{"):
                return _keyword_pattern_owners(
                    r"\b(?=[a-z])(?:" + "|".join(f"(?P<k{index}>{word})" for index, word in enumerate(words)) + ")",
                    {f"k{index}": index for index in range(len(words))},
                    re.I,
                )
            by_letter.setdefault(branch[0].lower(), []).append((branch, index))
    owner_of_group: dict[str, int] = {}
    groups = []
    for letter, branches in by_letter.items():
        rests = []
        for branch, index in branches:
            rests.append(f"(?P<k{len(owner_of_group)}>{branch[1:]})")
            owner_of_group[f"k{len(owner_of_group)}"] = index
        groups.append(f"(?i:(?<={letter})(?:{'|'.join(rests)}))")
    initials = "".join(letter + letter.upper() for letter in by_letter)
    return _keyword_pattern_owners(rf"[{initials}\x80-\U0010ffff](?<!\w.)(?:{'|'.join(groups)})", owner_of_group, 0)


@functools.lru_cache(maxsize=64)
def _keyword_stems(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The lower-case literal opening of every alternative of the words ("shares?\\s+..." -> "share"):
    every match of one of the words begins with one of them, in some case. None when an alternative
    opens with anything but a letter, digit or space."""
    stems = []
    for word in words:
        for branch in (spread for part in _top_level_branches(word) for spread in _opening_group_spread(part)):
            literal = re.match(r"[A-Za-z0-9 ]*", branch).group()
            # A quantifier after the literal applies to its last character, which may then be absent.
            if branch[len(literal) : len(literal) + 1] in ("?", "*", "+", "{"):
                literal = literal[:-1]
            if not literal:
                return None
            stems.append(literal.lower())
    # Where a stem stands, any stem it begins with stands too ("blended", "blend"): the shorter one is enough.
    return tuple(
        stem for stem in dict.fromkeys(stems) if not any(stem.startswith(other) for other in stems if other != stem)
    )


def _keyword_pattern_owners(pattern: str, owner_of_group: dict[str, int], flags: int) -> tuple[re.Pattern, list[int]]:
    """The pattern compiled, and for each group number the index of the word its named group stands for."""
    compiled = re.compile(pattern, flags)
    owners = [0] * (compiled.groups + 1)
    for group, index in owner_of_group.items():
        owners[compiled.groupindex[group]] = index
    return compiled, owners


def _opening_group_spread(branch: str) -> list[str]:
    """A branch that opens with a non-capturing group, as one branch per alternative of the group, in
    order ("(?:providers?|hosts?)\\s+in" -> "providers?\\s+in", "hosts?\\s+in"): the same ordered
    choice (the engine tries the group's alternatives in turn, each followed by the rest), but each now
    opens with its own letter. Any other branch, or a group a quantifier follows, stays as it is."""
    if not branch.startswith("(?:"):
        return [branch]
    close = _group_end(branch)
    if close is None or branch[close + 1 : close + 2] in ("?", "*", "+", "{"):
        return [branch]
    rest = branch[close + 1 :]
    return [spread for inner in _top_level_branches(branch[3:close]) for spread in _opening_group_spread(inner + rest)]


def _group_end(pattern: str) -> int | None:
    """The index of the parenthesis that closes the group opening the pattern, if it is closed."""
    depth = 0
    for index, character in _syntax(pattern):
        if character != "|":
            depth += 1 if character == "(" else -1
            if depth == 0:
                return index
    return None


def _top_level_branches(word: str) -> list[str]:
    """A pattern's alternatives outside any group or character class ("input|prompt" -> input, prompt)."""
    branches, start, depth = [], 0, 0
    for index, character in _syntax(word):
        if character == "|" and depth == 0:
            branches.append(word[start:index])
            start = index + 1
        elif character != "|":
            depth += 1 if character == "(" else -1
    branches.append(word[start:])
    return branches


def _syntax(pattern: str) -> Iterator[tuple[int, str]]:
    """(index, character) of each parenthesis and bar of a pattern that is syntax: not escaped by a
    backslash, not inside a character class."""
    in_class, index = False, 0
    while index < len(pattern):
        character = pattern[index]
        if character == "\\":
            index += 1
        elif in_class:
            in_class = character != "]"
        elif character == "[":
            in_class = True
            # A "]" right after "[" (or "[^") is a member of the class, not its end.
            if pattern[index + 1 : index + 2] == "^":
                index += 1
            if pattern[index + 1 : index + 2] == "]":
                index += 1
        elif character in "()|":
            yield index, character
        index += 1


def literal_pattern(names) -> re.Pattern:
    """Match any of the names, longest first, never inside a longer word."""
    return _literal_pattern_of(frozenset(name for name in names if name))


# Cached: a build makes a Validator per pair, and every pair of a dataset masks the same model names.
@functools.lru_cache(maxsize=256)
def _literal_pattern_of(names: frozenset[str]) -> re.Pattern:
    ordered = sorted(names, key=lambda name: (-len(name), name))
    if not ordered:
        return re.compile(r"(?!)")
    rests: dict[str, list[str]] = {}
    for name in ordered:
        rests.setdefault(name[0], []).append(name[1:])
    # One branch a first character, each opening with it: the engine then skips every other character
    # without trying the pattern there. "(?<!\w.)", after that character, is "(?<!\w)" before it.
    branches = [re.escape(first) + r"(?<!\w.)" + trie_alternation(rest) for first, rest in sorted(rests.items())]
    return re.compile(rf"(?:{'|'.join(branches)})(?![\w])")


def _distinct_words(comparison: Comparison) -> dict[str, str]:
    """Words that name one model of the pair alone ("Maverick"): a capitalised word of its names that no
    other model's name in the facts holds, and no model family."""
    owners = _word_owners(frozenset((model, name) for model, names in comparison.model_names.items() for name in names))
    return {word: model for word, model in owners.items() if model in comparison.pair}


# Cached: every pair of a dataset reads the same catalogue of names.
@functools.lru_cache(maxsize=16)
def _word_owners(names: frozenset[tuple[str, str]]) -> dict[str, str]:
    """The one model each distinctive name word belongs to."""
    models_of: dict[str, set[str]] = collections.defaultdict(set)
    for model, name in names:
        for word in NAME_WORD.findall(name):
            models_of[word].add(model)
    return {
        word: next(iter(models))
        for word, models in models_of.items()
        if len(models) == 1 and word not in KNOWN_FAMILIES and word not in VARIANT_WORDS
    }


def _after_the(before: list[str]) -> bool:
    """ "the 3B", "the dense 32B": a size after "the" and at most one lower-case adjective."""
    if before and before[-1].lower() == "the":
        return True
    return len(before) >= 2 and before[-2].lower() == "the" and before[-1].isalpha() and before[-1].islower()


def _separator_variants(comparison: Comparison) -> dict[str, str]:
    """ "o3 mini" for o3-mini, "4o-mini" for 4o mini: the pair's names with a hyphen written as a space
    or a space as a hyphen; "Command R 08-2024" for Command R (08-2024): a bracketed suffix without
    its brackets."""
    return {
        variant: model
        for model in comparison.pair
        for name in comparison.model_names.get(model, [])
        for variant in (name.replace("-", " "), name.replace(" ", "-"), BRACKETED_SUFFIX.sub(r" \1", name))
        if variant != name and not variant.startswith(("-", " "))
    }


def _pair_bases(comparison: Comparison) -> dict[str, str]:
    """ "QwQ" of QwQ-32B, "gpt-oss" of gpt-oss-120b: a display name without the size it ends with, when
    no name of the other model of the pair starts with it."""
    bases = {}
    for model, other in (comparison.pair, comparison.pair[::-1]):
        name = _display_name(comparison, model)
        base = SIZE_ENDING.sub("", name)
        others = comparison.model_names.get(other, [])
        if base != name and len(base) >= 3 and not any(known.startswith(base) for known in others):
            bases[base] = model
    return bases


def _parameter_size(comparison: Comparison, model: str) -> set[str]:
    """ "The 14B" of Phi-4: the size its parameter count is shown as, when that is a whole size."""
    shown = {fact.display for fact in comparison.facts if fact.id == model_fact(model, "parameters") and fact.known}
    return {size for size in shown if SIZE_IN_NAME.fullmatch(size)}


def _pair_sizes(comparison: Comparison) -> dict[str, str]:
    """Sizes one model of the pair has in its names and the other has not ("1B", "3B"), and the lower-case
    sizes its display name is written with ("120b" of gpt-oss-120b)."""
    sizes = {
        model: {size for name in comparison.model_names.get(model, []) for size in SIZE_IN_NAME.findall(name)}
        | set(LOWER_CASE_SIZE_IN_NAME.findall(_display_name(comparison, model)))
        | _parameter_size(comparison, model)
        for model in comparison.pair
    }
    a, b = comparison.pair
    return {size: a for size in sizes[a] - sizes[b]} | {size: b for size in sizes[b] - sizes[a]}


def _pair_words(comparison: Comparison) -> dict[str, str]:
    """Words that name one model of this pair and not the other ("Haiku", "Flash" on a page about Claude
    Haiku 4.5 vs Gemini 2.5 Flash): no family word, no common variant word but "Flash"."""
    words = {
        model: {word for name in comparison.model_names.get(model, []) for word in NAME_WORD.findall(name)}
        for model in comparison.pair
    }
    makers = _maker_words(comparison)
    a, b = comparison.pair
    return {
        word: model
        for model, own, other in ((a, words[a], words[b]), (b, words[b], words[a]))
        for word in own - other - makers
        if word not in KNOWN_FAMILIES and (word not in VARIANT_WORDS or word in PAIR_VARIANT_WORDS)
    }


def _lower_case_variants(comparison: Comparison, model_of_name: dict[str, str]) -> dict[str, str]:
    """ "gemma 2 9b": the pair's names with a digit in them, in lower case, as informal text writes them."""
    return {
        name.lower(): model
        for name, model in model_of_name.items()
        if model in comparison.pair and any(character.isdigit() for character in name)
    }


def _lower_case_words(comparison: Comparison) -> dict[str, str]:
    """ "nemo", "scout", "nano": a word of one model's names that no name of the other holds, in lower case
    and capitalised (no maker's, no variant word such as "flash": "flash attention" names no model, but a
    tier word such as "nano" does). Read as family words are, never inside an identifier
    ("vertex_ai/claude-3-5-sonnet@20240620")."""
    makers = {word.lower() for word in _maker_words(comparison)}
    variant_words = {word.lower() for word in VARIANT_WORDS} - TIER_WORDS
    words = {
        model: {
            word.lower() for name in comparison.model_names.get(model, []) for word in re.findall(r"[A-Za-z]{4,}", name)
        }
        for model in comparison.pair
    }
    a, b = comparison.pair
    return {
        written: model
        for model, own, other in ((a, words[a], words[b]), (b, words[b], words[a]))
        for word in own - other - makers - variant_words
        for written in (word, word.capitalize())
    }


def _pair_families(comparison: Comparison) -> dict[str, str]:
    """The word ("Mixtral", "Llama", "Qwen", "Trinity") one model of the pair's display name opens with
    and the other's does not, when it is no maker's name ("Mistral" is Mistral AI's too)."""
    opening = {model: FAMILY_OPENING.match(_display_name(comparison, model)) for model in comparison.pair}
    words = {model: match.group() for model, match in opening.items() if match}
    makers = _maker_words(comparison)
    return {
        word: model for model, word in words.items() if word not in makers and list(words.values()).count(word) == 1
    }


def _display_name(comparison: Comparison, model: str) -> str:
    return comparison.a.name if model == comparison.a.id else comparison.b.name


def _maker_words(comparison: Comparison) -> set[str]:
    """The words of makers' names: a maker's name is no model's ("comes from Amazon", "Mistral's")."""
    makers = {word for name in ORGANISATIONS for word in name.split()}
    return makers | {
        word for fact in comparison.facts if fact.attribute == "organization" for word in str(fact.value).split()
    }


def _text_names(comparison: Comparison) -> list[str]:
    """Names a page prints that may contain digits: organisations, licences, architectures, source titles."""
    named = ("organization", "architecture", "license", "openness", "commercial_use", "cheapest_route", "expert_layout")
    texts = [fact.display for fact in comparison.facts if fact.attribute in named and fact.known]
    texts += list(comparison.benchmark_names.values())
    texts += [alias for aliases in comparison.benchmark_aliases.values() for alias in aliases]
    texts += [source.title for source in comparison.sources() if source.title]
    return texts


def _benchmark_words(comparison: Comparison) -> list[tuple[str, set[str]]]:
    """A pattern for every benchmark name and alias, longest first, so "MMLU-Pro" is never read as "MMLU"."""
    names = [(name, benchmark) for benchmark, name in comparison.benchmark_names.items()]
    names += [(alias, benchmark) for benchmark, aliases in comparison.benchmark_aliases.items() for alias in aliases]
    ordered = sorted(names, key=lambda item: -len(item[0]))
    return [(_loose_name(name), {benchmark}) for name, benchmark in ordered]


def _unlisted_benchmark_words(comparison: Comparison) -> list[tuple[str, set[str]]]:
    """Well-known benchmarks the facts do not track ("HumanEval" on a page whose facts hold MMLU-Pro
    and GPQA): a score stated on one is no fact's."""
    known = {name.lower() for name in comparison.benchmark_names.values()}
    known |= {alias.lower() for aliases in comparison.benchmark_aliases.values() for alias in aliases}
    unlisted = sorted((name for name in OTHER_BENCHMARKS if name.lower() not in known), key=len, reverse=True)
    return [(_loose_name(name), {UNLISTED_BENCHMARK}) for name in unlisted]


def _loose_name(name: str) -> str:
    """A benchmark name that also matches its spacing and case variants (MMLU-Pro, MMLU PRO, MMLUPro)."""
    # Any hyphen: "MMLU\u2011Pro" (a non-breaking hyphen) is MMLU-Pro too.
    parts = [re.escape(part) for part in re.split(r"[\s\-\u2010\u2011\u2012\u2013]+", name) if part]
    return r"[\s\-\u2010\u2011\u2012\u2013]?".join(parts) + r"(?!\w)"


def _unknown_model_pattern(model_names: dict[str, list[str]]) -> re.Pattern:
    """Model-like names: a known family word followed by a version ("Qwen3.5-4A", "Llama 3.3 2B")."""
    return _unknown_model_pattern_of(frozenset(name for names in model_names.values() for name in names))


@functools.lru_cache(maxsize=16)
def _unknown_model_pattern_of(names: frozenset[str]) -> re.Pattern:
    families = {match.group() for name in names for match in [re.match(r"[A-Z][A-Za-z]{2,}", name)] if match}
    families |= KNOWN_FAMILIES
    vocabulary = {word for name in names for word in re.findall(r"[A-Za-z]+", name) if word[0].isupper()}
    tail = "|".join(sorted(map(re.escape, vocabulary), key=len, reverse=True))
    # Longest first, by first letter: one branch a letter, opening with it, so the engine skips every
    # position that holds none of them ("(?<!\w.)" after the letter is the word boundary before it).
    by_letter: dict[str, list[str]] = {}
    for family in sorted(map(re.escape, families), key=len, reverse=True):
        by_letter.setdefault(family[0], []).append(family[1:])
    family = "|".join(f"{letter}(?<!\\w.)(?:{'|'.join(rests)})" for letter, rests in sorted(by_letter.items()))
    return re.compile(rf"(?:{family})[ -]?v?\d[\w.]*(?:[ -](?:\d[\w.]*|(?:{tail})\b))*(?<![.])")


# Words of model names that say which variant, not which model: English words a page uses of anything.
VARIANT_WORDS = frozenset(
    {
        "Instruct", "Large", "Small", "Medium", "Thinking", "Reasoning", "Chat", "Preview", "Base", "Vision", "Coder",
        "Turbo", "Mini", "Nano", "Plus", "Lite", "Flash", "Ultra", "Next", "Super", "Latest", "Experimental", "Omni",
        "Fast", "Code", "Prime", "Lightning", "Multi", "Agent", "Build", "Distill",
    }
)  # fmt: skip

# Variant words that name a product line, which prose capitalises only as a name ("Flash", "Turbo"): casual
# text uses them alone for the one model of a pair that has them. ("Large", "Next", "Pro" open sentences
# and other names: "Next, ...", "MMLU-Pro".)
# Variant words that name a model's tier, alone too in casual text ("nano is cheaper", "Mini wins").
TIER_WORDS = frozenset({"nano", "mini"})
PAIR_VARIANT_WORDS = frozenset({"Flash", "Turbo", "Omni", "Nano", "Lite", "Ultra", "Lightning"})

# Model families a comparison page may name that the facts may not track at all.
# A family word that opens a display name ("Qwen" of "Qwen3.5-4B", "Llama" of "Llama 3.2 1B").
FAMILY_OPENING = re.compile(r"[A-Z][A-Za-z]+")
# A family word stands for its model only where no version, licence or group follows it ("Llama 4
# Community License", "the Qwen team", "Llama models").
FAMILY_AS_NAME_END = (
    r"(?![\w-]|[\s-]*\d|\s+(?:Community|Licen[cs]e|Terms|family|families|models|series|line|lineup|team|ecosystem|"
    r"generation|versions?|variants)\b)"
)
KNOWN_FAMILIES = frozenset(
    {
        "GPT",
        "Claude",
        "Gemini",
        "Gemma",
        "Llama",
        "Qwen",
        "Mistral",
        "Mixtral",
        "Phi",
        "DeepSeek",
        "Grok",
        "Command",
        "Falcon",
        "Yi",
        "Nova",
        "Jamba",
        "Trinity",
        "Kimi",
        "GLM",
        "Olmo",
        "OLMo",
    }
)


def _source_date_facts(comparison: Comparison) -> dict[str, Fact]:
    """The Sources list states when each source was checked; those dates are facts too."""
    dates = {source.checked for source in comparison.sources()}
    return {
        f"sources.checked.{date.isoformat()}": Fact(
            id=f"sources.checked.{date.isoformat()}",
            value=date,
            unit="date",
            display=date.isoformat(),
            attribute="source_checked",
        )
        for date in dates
    }
