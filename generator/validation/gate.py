"""Stage 5, validation (the prose-quality gate): what a number check cannot see in LLM prose.

The number validator proves every figure is a fact; a paragraph can pass it and still be nonsense an
editor would strike at once: instructions echoed back, a placeholder left in, the same sentence five
times, words that are not English, a benchmark score called a price, the smaller context window
called the larger. The gate reads prose the way such an editor does, by kinds of fault (not by
remembered examples), and says what to fix in words a repair prompt can act on.

It reads a section's text as blocks separated by blank lines; a block whose first line is a question
followed by more lines is an FAQ question and its answer. `check_markdown` finds the deep dive and
FAQ of a built page.md and reads them the same way. Each fault is a `Finding` of its own kind, which
the validator adds to its report.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from wordfreq import zipf_frequency

from generator.comparison import Comparison, Fact
from generator.factids import Family, benchmark_fact, context_fact, gap_fact, model_fact, read_fact_id
from generator.facts import CAPABILITY_NAMES
from generator.validation.report import Finding
from generator.validation.vocabulary import trie_alternation


@dataclass(frozen=True)
class Unit:
    """A paragraph, an FAQ question or an FAQ answer (with its question), by offsets into the text."""

    role: str
    start: int
    end: int
    question: str | None = None


# ---------------------------------------------------------------------------------------------
# Vocabulary of faults.

# MARKUP and PLACEHOLDER open with a lookahead on the characters their alternatives can start with:
# most positions fail that one test instead of entering every alternative.
MARKUP = re.compile(
    r"(?=[<!\[\]hwjdm*_`|#+\-\d\s])(?:<\s*/?\s*[a-zA-Z][^>]*>|<!--|!\[[^\]]*\]|\[[^\]]*\]\s*\([^)]*\)|\]\s*\(|https?://|www\.|javascript:|data:|mailto:|\*\*|__|`|^\s*#+\s|^\s*[-*+]\s|^\s*\d+[.)]\s|\|\s*-{3,})",
    re.I | re.M,
)
PLACEHOLDER = re.compile(
    r"(?=[{}.…\[<xtlnmiy%$])(?:\{[^{}]*\}|[{}]|\.\.\.|…|\[[^\]]{0,40}\]|<[^<>]{0,40}>|\bX{2,}\b|\bTBD\b|\bTODO\b|\blorem ipsum\b|%s\b|\$\{|\bN/A\b|\bmodel [AB]\b|\b(?:insert|your) (?:model|name|text|figure)\b)",
    re.I,
)
META_SOURCE = (
    r"\b(?:paragraphs?|answer(?:s|ed)? (?:with|in) json|json (?:only|answer|format|object|below|above)|(?:the|this|given|same) schema|as an ai\b|an ai (?:language )?model|language model developed|i (?:cannot|can't|am unable)|i'm sorry|sure[,!]|here is|here's|"
    r"(?:listed|given|provided) facts?\b|facts? (?:above|below|listed|given|provided)|(?:according to|from|in|using|use only) (?:the|these) facts\b|these facts|the facts (?:say|show|list|state)|fact ids?|display text|deep dive|faq|"
    r"(?:this|the|next|previous|first|second|third|fourth) section|section (?:title|name)|rules?\b \d|instructions?|(?:the|this|above) prompt\b|in braces|placeholders?|the user|assistant|"
    r"question:|answer:|structure:|write (?:the|a|one) |note:|output:|example:)"
    # Possessive runs: a shorter run is never followed by "_" or "." (the next character is the run's own).
    r"|\b[a-z]++_[a-z_]++\b|\b[\w-]++\.(?:benchmark|capability|route|context_window|input_price|output_price|license|providers?|leads_on)\b"
)
# Section labels an LLM echoes at the start of a paragraph ("Benchmarks:", "Cost and availability:").
LABEL = re.compile(
    r"(?:^|(?<=[.!?] ))(?:Benchmarks?|Capabilities|Cost(?: and availability)?|Availability|Pricing|Providers|When to choose(?: each model)?|Choice|Summary|Conclusion|"
    r"Introduction|Overview|Verdict|Title|Heading|Paragraph(?: \w+)?|Section(?: \w+)?|Step(?: \w+)?|Part(?: \w+)?|Q|A)\s*:",
    re.I | re.M,
)
SUPERLATIVE_SOURCE = (
    r"\b(?=[bwmsfcrguiltpa])(?:best|worst|most (?:powerful|advanced|capable|efficient|popular)|state[- ]of[- ]the[- ]art|frontier|cutting[- ]edge|revolutionary|groundbreaking|"
    r"unmatched|unparalleled|world[- ]class|industry[- ]leading|leading|top[- ]tier|powerful|superior|incredible|amazing|remarkable|game[- ]chang\w*|production[- ]ready)\b"
)


@dataclass(frozen=True)
class Caseless:
    """A case-insensitive pattern that reads an ASCII text as its lower-case copy with a case-sensitive
    twin: the engine's case folding made META three times slower. On ASCII, lower() keeps every offset
    and folding is exactly lower-casing; other text is read by the case-insensitive pattern."""

    folded: re.Pattern
    lower: re.Pattern

    @classmethod
    def of(cls, source: str, flags: int = 0) -> Caseless:
        # An upper-case letter would match nothing in lower-cased text (and "\\S" lower-cased is "\\s").
        if source != source.lower():
            raise ValueError(f"a Caseless pattern is written in lower case: {source[:60]}")
        return cls(re.compile(source, flags | re.I), re.compile(source, flags))

    def finditer(self, text: str, lowered: str | None):
        """Matches in `text`, given lowered = text.lower() if text is ASCII, else None."""
        return self.lower.finditer(lowered) if lowered is not None else self.folded.finditer(text)


def _lowered(text: str) -> str | None:
    return text.lower() if text.isascii() else None


META = Caseless.of(META_SOURCE)
SUPERLATIVE = Caseless.of(SUPERLATIVE_SOURCE)
# A sentence's end mark and the space after it (the sentence ends after the mark): opening with the
# mark, not a lookbehind for it, lets the engine skip to the marks.
SENTENCE_END = re.compile(r"[.!?]\s+(?=[^a-z\s])")
# Searched from two characters before the end of a stripped text: the only place it can match.
ENDED = re.compile(r"[.!?][\"')]?$")
MASKED_NAME = re.compile(r"\x01+")
YES_OR_NO = re.compile(r"\s*(?:yes|no)\b", re.I)
LOWER_START = re.compile(r"\s*[a-z]")
REPETITION_WORD = re.compile(r"[\w$.%+/\x01-]+")
# A letter beyond Latin Extended-B (ord 0x24F) is another script; most text has no character past it.
BEYOND_LATIN = re.compile(r"[^\x00-\u024f]")
WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:'[a-z]+)?")
STRAY_PUNCTUATION = re.compile(
    r"\s[,.;:!?](?!\d)|[,;:]\s*[,;:.!?]|[.!?]{2,}|\(\s*\)|^\s*[,;:.)\]!?-]|,\s*$|\b(\w+) \1\b", re.I | re.M
)
# STRAY_PUNCTUATION in parts, for a text where no line opens with punctuation (the "^" alternative):
# the rest is punctuation and doubled words, whose matches never overlap (a doubled word holds no
# punctuation, the punctuation no word character), so their two scans merged are its scan. The
# punctuation opens with one character class the engine skips to, and each alternative then checks
# with a lookbehind that it opened with its own character; the word runs are possessive, since only a
# whole word is followed by the space.
STRAY_PUNCTUATION_MARKS = re.compile(
    r"[\s,;:.!?(](?:(?<=\s)[,.;:!?](?!\d)|(?<=[,;:])\s*[,;:.!?]|(?<=[.!?])[.!?]+|(?<=\()\s*\)|(?<=,)\s*$)", re.M
)
DOUBLED_WORD = re.compile(r"\b(\w++) \1\b", re.I)
LINE_PUNCTUATION = ",;:.)]!?-"
# Words of other languages that English text does not use (English words that other languages share are left out).
FOREIGN_WORDS = frozenset(
    "le les est und der das ist nicht sind wird mit auf los las por que una una del della il sono och het een niet avec pour dans mais être pas qui une des du es muy pero también él ein eine".split()
)
STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been it its this that these those which who what when where why how "
    "do does did can could should would will may might has have had not no yes than then so such each both either neither one two more most less "
    "there their they them you your i we our he she his her about into over under between while also only just very much many any some".split()
)
COST_WORDS = re.compile(
    r"\b(?:cost\w*|pric\w+|cheap\w*|expensive|spend\w*|bill\w*|pay\w*|per 1M|usd|dollars?)\b|\$", re.I
)
SCORE_WORDS = re.compile(r"\b(?:scor\w+|benchmark\w*|points?|accura\w+)\b", re.I)
CONTEXT_WORDS = re.compile(r"\b(?:context|window)\b", re.I)
LEAD_BY = re.compile(
    r"\b(?:lead\w*|ahead|ahead of \S+|outperform\w*|outscor\w*|wins?|beats?)\s+by\s+(?:about\s+|roughly\s+)?$", re.I
)

# The facts a direction is checked against; "providers.leader" is the gate's own (see _provider_leader).
PROVIDER_LEADER = "providers.leader"


@dataclass(frozen=True)
class DirectionClaim:
    """Words that say the sentence's model leads on a topic, the fact whose model leads it, and
    whether the words claim the opposite (the smaller window, the pricier model)."""

    words: Caseless
    leader_id: str
    inverted: bool
    topic: str
    # Every match of the words holds one of these (lower case): a text holding none is not read.
    hints: tuple[str, ...]


def _words(pattern: str) -> Caseless:
    return Caseless.of(pattern)


def _hinted(hints: tuple[str, ...], lowered: str | None) -> bool:
    """Whether a text (lowered: its lower-case copy if ASCII, else None) may hold words with these hints;
    other scripts are always read, since case folding there is more than lower-casing."""
    return lowered is None or any(hint in lowered for hint in hints)


DIRECTION_CLAIMS = (
    DirectionClaim(
        _words(
            r"\b(?:larger|bigger|longer|wider|more)\b[^.?!]{0,25}\bcontext|\bcontext(?: window)?\b[^.?!]{0,25}\b(?:larger|bigger|longer|wider)\b"
        ),
        context_fact("leader"),
        False,
        "context windows",
        ("context",),
    ),
    DirectionClaim(
        _words(
            r"\b(?:smaller|shorter|narrower|less)\b[^.?!]{0,25}\bcontext|\bcontext(?: window)?\b[^.?!]{0,25}\b(?:smaller|shorter|narrower)\b"
        ),
        context_fact("leader"),
        True,
        "context windows",
        ("context",),
    ),
    DirectionClaim(
        _words(r"\b(?:cheaper|less expensive|lower[- ]pric\w+|costs? less|lower (?:price|cost)s?|more affordable)\b"),
        gap_fact("blended_price", "cheaper"),
        False,
        "prices",
        ("cheaper", "less expensive", "lower", "cost", "more affordable"),
    ),
    DirectionClaim(
        _words(r"\b(?:more expensive|pricier|costs? more|higher (?:price|cost)s?|higher[- ]pric\w+)\b"),
        gap_fact("blended_price", "cheaper"),
        True,
        "prices",
        ("more expensive", "pricier", "cost", "higher"),
    ),
    DirectionClaim(
        _words(r"\b(?:more|broader|wider)\b[^.?!]{0,20}\b(?:providers?|provider coverage|availability|routes)\b"),
        PROVIDER_LEADER,
        False,
        "provider counts",
        ("provider", "availability", "routes"),
    ),
)


@dataclass(frozen=True)
class BenchmarkDirection:
    """Words that say the sentence's model leads on the benchmarks it names (or trails: inverted)."""

    words: Caseless
    inverted: bool
    # As DirectionClaim.hints.
    hints: tuple[str, ...]


# Checked per benchmark named.
BENCHMARK_DIRECTIONS = (
    BenchmarkDirection(
        _words(r"\b(?:leads?|leading|ahead|outperforms?|outscores?|beats?|higher scores?|scores? higher|wins?)\b"),
        False,
        ("lead", "ahead", "outperform", "outscore", "beat", "higher", "win"),
    ),
    BenchmarkDirection(
        _words(r"\b(?:trails?|behind|lower scores?|scores? lower|underperforms?|loses)\b"),
        True,
        ("trail", "behind", "lower", "underperform", "loses"),
    ),
)
# Words a lead word starts that say no lead.
NOT_A_LEAD = re.compile(r"leads_on|lead time")
IS_THE_OTHER = re.compile(
    r"\s+(?:is|was)\s+(?:also\s+|just\s+|really\s+|simply\s+)?(?:the\s+|a\s+)?(?:same\s+as\s+|version\s+of\s+|called\s+)?",
    re.I,
)
# Words that name both models at once count as naming them.
BOTH_MODELS = re.compile(r"\b(?:both|neither|each|either) (?:of the )?models?\b|\bthe two models\b", re.I)
SAME_MODEL = re.compile(r"\b(?:same|identical) model\b|\bthe same as\b|\bis also known as\b", re.I)
SAME_MODEL_HINTS = ("same", "identical", "known as")

TOPICS = (
    (re.compile(r"context|window|long documents?", re.I), re.compile(r"context|tokens?\b|window", re.I)),
    (
        re.compile(r"cheap|price|cost|expensive|afford", re.I),
        re.compile(r"cheap|pric|cost|expensive|\$|not tracked|spend|bill", re.I),
    ),
    (
        re.compile(r"open[- ]source|open weights|licen[cs]e|proprietary", re.I),
        re.compile(r"licen[cs]|open|proprietary|weights|commercial", re.I),
    ),
    (
        re.compile(
            r"where (?:can|do|should) (?:i|you|we) (?:run|use|get|access|deploy|call)|\b(?:provider|host|hosted|available|availability|deploy)\b",
            re.I,
        ),
        re.compile(r"provider|available|availab|host|run|route|serve|deploy|API|cloud", re.I),
    ),
    (re.compile(r"benchmark|score|accura", re.I), re.compile(r"benchmark|score|points|lead|ahead", re.I)),
)


# Not frozen: a frozen dataclass is built through object.__setattr__, three times slower, and a page
# holds a hundred names.
@dataclass(slots=True)
class Name:
    """A model's name in a text, by offsets, and the model it names."""

    start: int
    end: int
    model: str


# Each hinted fault pattern's hints: every match of the pattern holds one of them (in lower case).
FAULT_HINTS = {
    "markup": ("<", "[", "]", "http", "www.", "javascript:", "data:", "mailto:", "**", "__", "`", "|"),
    "placeholder": ("{", "}", "...", "…", "[", "<", "xx", "tbd", "todo", "lorem ipsum", "%s", "n/a", "model a", "model b",
                    "insert ", "your model", "your name", "your text", "your figure"),
    "meta": ("paragraph", "with json", "in json", "json only", "json answer", "json format", "json object", "json below",
             "json above", "the schema", "this schema", "given schema", "same schema", "as an ai", "an ai ",
             "language model developed", "i cannot", "i can't", "i am unable", "i'm sorry", "sure,", "sure!", "here is",
             "here's", "fact", "display text", "deep dive", "faq", "section", "rule", "instruction", "the prompt",
             "this prompt", "above prompt", "in braces", "placeholder", "the user", "assistant", "question:", "answer:",
             "structure:", "write the ", "write a ", "write one ", "note:", "output:", "example:", "_", ".benchmark",
             ".capability", ".route", ".context_window", ".input_price", ".output_price", ".license", ".provider",
             ".leads_on"),
    "superlative": ("best", "worst", "most powerful", "most advanced", "most capable", "most efficient", "most popular",
                    "state", "frontier", "cutting", "revolutionary", "groundbreaking", "unmatched", "unparalleled",
                    "world", "leading", "tier", "powerful", "superior", "incredible", "amazing", "remarkable", "game",
                    "ready"),
}  # fmt: skip
# Whether a text holds any hint of a kind, in one scan (a str.find per hint cost more than the patterns).
HINT_PATTERNS = {kind: re.compile(trie_alternation(sorted(hints))) for kind, hints in FAULT_HINTS.items()}
# The characters MARKUP's list and heading alternatives find first on a line ("^\s*" reads past blank lines).
LINE_MARKS = "#*+-0123456789"

# The kinds of fault whose hints a text's units hold, or None: every pattern reads every unit.
Hints = frozenset[str] | None


@dataclass(frozen=True)
class PageHints:
    """What a page's units must hold for a fault pattern to match in one of them: one of its words
    (a whole run of word characters in every match: "best" in "the best.", never in "bestow"), one of
    its characters, or one of its phrases. Words and characters are looked up in sets of the page's
    own; phrases, the fewest, by str.find. Coarser than FAULT_HINTS, which each unit is read for after."""

    words: frozenset[str]
    characters: frozenset[str]
    phrases: tuple[str, ...]

    def held(self, words: set[str], characters: set[str], lowered: str) -> bool:
        return (
            not self.words.isdisjoint(words)
            or not self.characters.isdisjoint(characters)
            or any(phrase in lowered for phrase in self.phrases)
        )


PAGE_HINTS = {
    "markup": PageHints(
        frozenset(), frozenset("<[]*_`|"), ("://", "www.", "javascript:", "data:", "mailto:")
    ),
    "placeholder": PageHints(
        frozenset({"tbd", "todo", "lorem", "insert"}),
        frozenset("{}[<"),
        ("...", "%s", "xx", "n/a", "model a", "model b", "your model", "your name", "your text", "your figure"),
    ),
    "meta": PageHints(
        frozenset({"language", "sure", "here", "fact", "facts", "display", "deep", "rule", "rules", "write",
                   "question", "structure", "note"}),
        frozenset("_"),
        ("paragraph", "with json", "in json", "answer:", "example:", "as an ai", "an ai ", "i cannot", "i can't",
         "i am unable", "i'm sorry", "json only", "json answer", "json format", "json object", "json below", "json above",
         "the schema", "this schema", "given schema", "same schema", "these facts", "faq", "section", "instruction",
         "the prompt", "this prompt", "above prompt", "in braces", "placeholder", "the user", "assistant", "output:",
         ".benchmark", ".capability", ".route", ".license", ".provider"),
    ),
    "superlative": PageHints(
        frozenset({"best", "worst", "powerful", "advanced", "capable", "efficient", "popular", "art", "frontier",
                   "edge", "revolutionary", "groundbreaking", "unmatched", "unparalleled", "class", "leading", "tier",
                   "superior", "incredible", "amazing", "remarkable", "game", "ready"}),
        frozenset(),
        (),
    ),
}  # fmt: skip
# Every ASCII character but a word character, as a space: what is left splits into the runs of word characters.
NOT_WORD = str.maketrans({character: " " for character in map(chr, range(128)) if not re.match(r"\w", character)})


@dataclass(frozen=True)
class PageWords:
    """The units' text lower-cased, and its runs of word characters."""

    lowered: str
    words: set[str]


def _page_words(texts: list[str]) -> PageWords | None:
    """The units' words, read at once; None if they are not all ASCII, where case folding is more than
    lower-casing."""
    joined = "\n".join(texts)
    if not joined.isascii():
        return None
    lowered = joined.lower()
    return PageWords(lowered, set(lowered.translate(NOT_WORD).split()))


def _hints_found(texts: list[str]) -> Hints:
    """The kinds whose hints the units hold, looked for in all of them at once; None if they are not
    all ASCII, where case folding is more than lower-casing."""
    return _page_hints(_page_words(texts))


def _page_hints(page: PageWords | None) -> Hints:
    """The kinds whose hints the units of the page's words hold (None: every kind)."""
    if page is None:
        return None
    characters = set(page.lowered)
    return frozenset(kind for kind, hints in PAGE_HINTS.items() if hints.held(page.words, characters, page.lowered))


def _may_hold(hints: Hints, kind: str, lowered: str) -> bool:
    """Whether a unit (lowered: its lower-case copy) may hold a match of the fault pattern of this kind."""
    return hints is None or (kind in hints and HINT_PATTERNS[kind].search(lowered) is not None)


def _may_open_a_line(body: str, marks: str = LINE_MARKS) -> bool:
    """Whether a line of the body may open with one of the marks (after white space; "^\\s*" reads on
    past a blank line, to the next line's first mark)."""
    return any(line.lstrip()[:1] in marks for line in body.split("\n") if line.strip())


def _may_double(lowered: str | None) -> bool:
    """Whether a text (lowered: lower-cased if ASCII, else None) may hold a doubled word: two runs of
    word characters in a row that are the same, compared at C speed over its runs."""
    if lowered is None:
        return True
    runs = lowered.translate(NOT_WORD).split()
    return any(map(str.__eq__, runs, runs[1:]))


def _stray_punctuation(masked: str, lowered: str | None) -> list[re.Match]:
    """STRAY_PUNCTUATION.finditer(masked), in its two cheaper parts when no line opens with punctuation
    (lowered: the text lower-cased if ASCII, else None)."""
    if _may_open_a_line(masked, LINE_PUNCTUATION):
        return list(STRAY_PUNCTUATION.finditer(masked))
    marks = list(STRAY_PUNCTUATION_MARKS.finditer(masked))
    doubled = list(DOUBLED_WORD.finditer(masked)) if _may_double(lowered) else []
    return sorted(marks + doubled, key=lambda match: match.start()) if marks and doubled else marks or doubled


CAPABILITY_LABELS = {name: label.lower() for name, label in CAPABILITY_NAMES.items()}
DIGIT = re.compile(r"\d")
SMALL_NUMBER = re.compile(r"\d{1,2}")


@dataclass(frozen=True)
class Reading:
    """What the gate's reading of a page's units shares: the kinds of fault their hints allow, the
    pair's texts and the figures the units hold, and what each unit leaves for later ones: its
    sentences (but a question's: for the repetitions across units) and a question's masked text (for
    its answer)."""

    hints: Hints
    candidates: tuple[str, ...]
    figures: set[str]
    sentences: dict[Unit, list[tuple[int, int]]]
    questions: dict[str, str]


class Gate:
    """The prose-quality gate for one pair: names, facts and topics are read once, texts checked many times."""

    def __init__(self, comparison: Comparison):
        self.comparison = comparison
        catalog = _catalog_names(comparison.model_names)
        names, self.model_of_name = catalog.names, catalog.model_of_name
        pair_names = {comparison.a.name: comparison.a.id, comparison.b.name: comparison.b.id}
        if any(self.model_of_name.get(name) != model_id for name, model_id in pair_names.items()):
            names, self.model_of_name = names.union(pair_names), self.model_of_name | pair_names
        self.model_pattern = _literal(names)
        # Known is a property computed on each call: the known facts are listed once.
        known = [fact for fact in comparison.facts if fact.known]
        # Names and fact texts are not English words, nor broken sentences: they are masked before words are read.
        known_texts = [fact.display for fact in known if fact.unit in ("text", "model")]
        known_texts += [route.provider for routes in comparison.routes.values() for route in routes]
        known_texts += list(comparison.benchmark_names.values()) + list(comparison.benchmark_names)
        self.pair_texts = PairTexts.of(
            frozenset(known_texts) - names, frozenset(fact.display for fact in known if fact.unit == "text") - names
        )
        # "per 1M" and "$0.40/1M" are the unit of a price, not a figure of their own (see _figure_pattern).
        # Filtered, then sorted (stably: as sorting first, then filtering).
        figures = [fact for fact in known if _reads_figure(fact.display, fact.unit)]
        self.figures = sorted(figures, key=lambda fact: len(fact.display), reverse=True)
        self.figure_finder = _figure_finder(self.figures)
        self.benchmark_mentions = {
            benchmark: _benchmark_mention(name, benchmark) for benchmark, name in comparison.benchmark_names.items()
        }
        self.facts = {fact.id: fact for fact in comparison.facts} | {PROVIDER_LEADER: _provider_leader(comparison)}
        self.leads = {
            benchmark: self.facts.get(benchmark_fact(benchmark, "lead")) for benchmark in comparison.benchmarks
        }
        self.capability_labels = CAPABILITY_LABELS

    # -- entry points ------------------------------------------------------------------------

    def check(self, text: str) -> list[Finding]:
        """The flaws of a section's prose: paragraphs, or FAQ questions each followed by its answer."""
        return self._check_units(text, _units(text))

    def check_markdown(self, markdown: str) -> list[Finding]:
        """The flaws of the deep dive and FAQ of a built page.md (the other prose is the writer's own)."""
        units: list[Unit] = []
        for heading in SECTION_HEADINGS:
            start = _section_start(markdown, heading)
            if start is not None:
                units += _markdown_units(markdown, start, _section_end(markdown, start))
        return self._check_units(markdown, units)

    # -- checks ------------------------------------------------------------------------------

    def _check_units(self, text: str, units: list[Unit]) -> list[Finding]:
        flaws: list[Finding] = []
        bodies = [text[unit.start : unit.end] for unit in units]
        joined = "\n".join(bodies)
        page = _page_words(bodies)
        # The figures any unit states, found in all of them at once; each unit looks for these only.
        page_figures = self.figure_finder.stated(joined)
        hints = _page_hints(page)
        # The pair's texts the units may hold, and where they stand: found in the joined units at
        # once (the line break between two units reads as a unit's edge to the lookarounds, and a
        # text across it stands in no unit), not in each unit.
        candidates = self.pair_texts.candidates(None if page is None else page.words)
        occurrences = self.pair_texts.occurrences(joined, candidates)
        offsets = itertools.accumulate((len(body) + 1 for body in bodies), initial=0)
        reading = Reading(hints, candidates, page_figures, {}, {})
        for unit, offset, body in zip(units, offsets, bodies, strict=False):
            pair_starts = _longest(occurrences, offset, offset + len(body))
            flaws += self._check_unit(text, unit, reading, pair_starts)
        flaws += self._repeated_sentences(text, units, reading.sentences)
        return _one_per_place(flaws)

    def _check_unit(
        self, text: str, unit: Unit, reading: Reading, pair_starts: tuple[dict[int, int], dict[int, int]]
    ) -> list[Finding]:
        body = text[unit.start : unit.end]
        return [
            self._flaw(text, unit.start + match.start(), unit.start + match.end(), kind, message)
            for kind, match, message in self._faults(body, unit, reading, pair_starts)
        ]

    def _faults(self, body: str, unit: Unit, reading: Reading, pair_starts: tuple[dict[int, int], dict[int, int]]):
        hints = reading.hints
        # The model names are read once: for the masks, for whether the unit names a model, and for
        # the contradictions' subjects. pair_starts: the pair's texts in the body (PairTexts.starts).
        names = [match.span() for match in self.model_pattern.finditer(body)]
        known_starts, text_starts = pair_starts
        masked = _overwritten(body, _merged_spans(body, self.model_pattern, names, known_starts))
        if unit.role == "question":
            reading.questions[body] = masked
        lowered = _lowered(masked)
        # Clean prose holds no hint of most faults: their patterns read only a unit holding one. A hint
        # in the masked text is in the body too (masking only overwrites).
        body_lowered = body.lower() if hints is not None else ""
        if _may_hold(hints, "markup", body_lowered) or _may_open_a_line(body):
            for match in MARKUP.finditer(body):
                yield "markup", match, "no HTML, links, images or Markdown in the prose: write plain sentences"
        if _may_hold(hints, "placeholder", body_lowered):
            for match in PLACEHOLDER.finditer(masked):
                yield (
                    "placeholder",
                    match,
                    "a placeholder or an unreplaced reference is left in the text: write the sentence out in full",
                )
        if _may_hold(hints, "meta", body_lowered):
            for match in META.finditer(masked, lowered):
                yield (
                    "meta_text",
                    match,
                    "this talks about the instructions or the page, not the models: write only about the two models",
                )
        # Every label ends with a colon.
        if (unit.role == "paragraph" or unit.role == "answer") and ":" in masked:
            for match in LABEL.finditer(masked):
                yield "meta_text", match, "a label in front of the text: write sentences, not labelled parts"
        if _may_hold(hints, "superlative", body_lowered):
            for match in SUPERLATIVE.finditer(masked, lowered):
                yield "superlative", match, "a superlative no fact supports: describe the models only by their facts"
        if unit.role in ("paragraph", "answer") and not names and not BOTH_MODELS.search(body):
            yield "no_model_named", _whole(body), "names neither model: say which model each statement is about"
        if (
            unit.role == "answer"
            and unit.question is not None
            and not _answers(
                unit.question, body, masked, self, reading.candidates, reading.questions.get(unit.question)
            )
        ):
            yield (
                "unanswered_question",
                _whole(body),
                f'does not answer its question ("{unit.question.strip()}"): answer it directly',
            )
        # The words of each sentence of the masked text, read once for sentence lengths and for English:
        # no word runs across a sentence's end, so together they are the text's words.
        masked_sentences = _sentences(masked)
        words_by_sentence = [WORD.findall(masked[start:end]) for start, end in masked_sentences]
        yield from self._broken(body, masked, unit, masked_sentences, words_by_sentence)
        yield from self._repetition(masked, lowered)
        yield from self._foreign(masked, [word for words in words_by_sentence for word in words])
        # Masking only overwrites: a unit whose text states no figure states none once masked.
        stated = [display for display in reading.figures if display in body]
        if stated:
            yield from self._misused_figures(
                _overwritten(body, _merged_spans(body, self.model_pattern, names, text_starts)), stated
            )
        if unit.role != "question":
            reading.sentences[unit] = _sentences(body)
            yield from self._contradictions(body, reading.sentences[unit], names)

    def _broken(
        self,
        body: str,
        masked: str,
        unit: Unit,
        masked_sentences: list[tuple[int, int]],
        words_by_sentence: list[list[str]],
    ):
        stripped = body.rstrip()
        if unit.role != "question" and stripped and not ENDED.search(stripped, max(0, len(stripped) - 2)):
            yield (
                "broken_sentence",
                _span(body, len(stripped) - min(len(stripped), 20), len(stripped)),
                "the text stops mid-sentence: end every sentence",
            )
        if unit.role == "question" and not stripped.endswith("?"):
            yield "broken_sentence", _whole(body), "a question must end with a question mark"
        for match in _stray_punctuation(masked, _lowered(masked)):
            yield "broken_sentence", match, "stray punctuation or a doubled word: rewrite the sentence"
        if masked.count("(") != masked.count(")"):
            yield "broken_sentence", _whole(body), "unbalanced parentheses: close every one you open"
        for (start, end), sentence_words in zip(masked_sentences, words_by_sentence, strict=True):
            sentence = masked[start:end]
            words = len(sentence_words) + (len(MASKED_NAME.findall(sentence)) if "\x01" in sentence else 0)
            if words > 55:
                yield (
                    "broken_sentence",
                    _span(body, start, end),
                    "a runaway sentence: split it into sentences of under 40 words",
                )
            elif words < 3 and not YES_OR_NO.match(sentence):
                yield "broken_sentence", _span(body, start, end), "a fragment, not a sentence: write whole sentences"
            elif LOWER_START.match(sentence):
                yield (
                    "broken_sentence",
                    _span(body, start, end),
                    "a sentence starts in lower case: it is broken or a fragment",
                )

    def _repetition(self, masked: str, lowered: str | None):
        # Figures count as words: "ahead by 2.3 points" and "ahead by 7.1 points" are not a loop. An
        # ASCII text's words are read lower-cased at once.
        if lowered is None:
            words = [word.lower().strip(".,;:") for word in REPETITION_WORD.findall(masked)]
        else:
            words = [word.strip(".,;:") for word in REPETITION_WORD.findall(lowered)]
        frequency = Counter(words)
        gram = _repeated_gram(words, frequency)
        if gram:
            yield "repetition", _whole(masked), f'"{" ".join(gram)}" again and again: say each thing once'
            return
        if len(words) >= 24 and len(frequency) / len(words) < 0.4:
            yield "repetition", _whole(masked), "the text repeats itself: say each thing once"

    def _foreign(self, masked: str, words: list[str]):
        if not words:
            return
        if any(character.group().isalpha() for character in BEYOND_LATIN.finditer(masked)):
            yield "not_english", _whole(masked), "text in another script: write in English"
            return
        # Each distinct word is judged once; the lists keep every coming of the words judged so.
        distinct = set(words)
        foreign_words = {word for word in distinct if word.lower() in FOREIGN_WORDS}
        unknown_words = {word for word in distinct if not _english(word)}
        foreign = [word for word in words if word in foreign_words] if foreign_words else []
        unknown = [word for word in words if word in unknown_words] if unknown_words else []
        if (
            len(foreign) >= 2
            or (len(unknown) >= 2 and len(unknown) / len(words) > 0.12)
            or any(len(word) > 24 for word in distinct)
        ):
            shown = ", ".join(dict.fromkeys(foreign + unknown))
            yield "not_english", _whole(masked), f"words that are not English ({shown[:80]}): write plain English"

    def _misused_figures(self, body: str, stated: list[str]):
        """The figures misused in a masked body, of those the body stated before masking (a handful of
        the pair's hundreds: found first, then only those read)."""
        places = self._figure_places
        for index in sorted(index for display in stated if display in body for index in places[display]):
            fact = self.figures[index]
            for match in _figure_matches(body, fact.display):
                sentence_start = max(body.rfind(". ", 0, match.start()) + 1, 0)
                before = body[max(sentence_start, match.start() - 45) : match.start()]
                after = body[match.end() : match.end() + 25].split(". ")[0]
                problem = _misuse(fact, before, after)
                if problem:
                    yield "figure_misuse", match, problem

    @functools.cached_property
    def _figure_places(self) -> dict[str, list[int]]:
        """Each figure display's places in self.figures, so a unit reads its few figures in that order."""
        places: dict[str, list[int]] = {}
        for index, fact in enumerate(self.figures):
            places.setdefault(fact.display, []).append(index)
        return places

    def _contradictions(self, body: str, sentences: list[tuple[int, int]], names: list[tuple[int, int]]):
        lowered = _lowered(body)
        # Most sentences hold no direction word: the words are looked for only where a hint of them is.
        claims = [claim for claim in DIRECTION_CLAIMS if _hinted(claim.hints, lowered)]
        benchmark_directions = [direction for direction in BENCHMARK_DIRECTIONS if _hinted(direction.hints, lowered)]
        same_model_hinted = _hinted(SAME_MODEL_HINTS, lowered)
        for (start, end), found in zip(sentences, self._names_by_sentence(body, sentences, names), strict=True):
            if not found:
                continue
            sentence = body[start:end]
            sentence_lowered = None if lowered is None else lowered[start:end]
            names = [(name.start - start, name.model) for name in found]
            called_the_other = any(
                first.model != second.model and IS_THE_OTHER.fullmatch(body[first.end : second.start])
                for first, second in zip(found, found[1:], strict=False)
            )
            if (same_model_hinted and SAME_MODEL.search(sentence)) or called_the_other:
                yield (
                    "contradicted_direction",
                    _span(body, start, end),
                    "the two models are different models: never call one the other",
                )
            for claim in claims:
                if not _hinted(claim.hints, sentence_lowered):
                    continue
                for match in claim.words.finditer(sentence, sentence_lowered):
                    subject = _subject(names, match.start())
                    leader = self.facts.get(claim.leader_id)
                    if leader is None or not leader.known:
                        yield (
                            "contradicted_direction",
                            _span(body, start + match.start(), start + match.end()),
                            f"no fact compares {claim.topic}: make no such comparison",
                        )
                        continue
                    right = (leader.model == subject) != claim.inverted if leader.model else False
                    if not right:
                        yield (
                            "contradicted_direction",
                            _span(body, start + match.start(), start + match.end()),
                            self._direction_message(claim.topic, leader),
                        )
            yield from self._benchmark_claims(body, sentence, sentence_lowered, start, names, benchmark_directions)

    def _names_by_sentence(
        self, body: str, sentences: list[tuple[int, int]], found: list[tuple[int, int]] | None = None
    ) -> list[list[Name]]:
        """The model names in each sentence (offsets into the body), from one scan of the body (found:
        its spans, if read already): a name and its lookarounds read the same there, the characters
        around a sentence being spaces."""
        if found is None:
            found = [match.span() for match in self.model_pattern.finditer(body)]
        names = [[] for _ in sentences]
        index = 0
        for name_start, name_end in found:
            while index < len(sentences) and sentences[index][1] <= name_start:
                index += 1
            if index == len(sentences) or not sentences[index][0] <= name_start < name_end <= sentences[index][1]:
                # A name across a sentence's end ("Co. Ltd"): each sentence is read alone, as it holds a part.
                return [self._names_in(body, start, end) for start, end in sentences]
            names[index].append(Name(name_start, name_end, self.model_of_name[body[name_start:name_end]]))
        return names

    def _names_in(self, body: str, start: int, end: int) -> list[Name]:
        return [
            Name(start + match.start(), start + match.end(), self.model_of_name[match.group()])
            for match in self.model_pattern.finditer(body[start:end])
        ]

    def _direction_message(self, topic: str, leader: Fact) -> str:
        if not leader.model:
            return f"the facts show no difference in {topic}: say they are equal"
        return f"the direction contradicts the facts: on {topic} the fact {leader.id} says {leader.display}"

    def _benchmark_claims(
        self,
        body: str,
        sentence: str,
        lowered: str | None,
        offset: int,
        names: list[tuple[int, str]],
        directions: list[BenchmarkDirection],
    ):
        leads = self.leads
        matches = [
            (direction.inverted, match)
            for direction in directions
            if _hinted(direction.hints, lowered)
            for match in direction.words.finditer(sentence, lowered)
            if not NOT_A_LEAD.match(sentence, match.start())
        ]
        if not matches:
            return
        named = [benchmark for benchmark, mention in self.benchmark_mentions.items() if mention.search(sentence)]
        for inverted, match in matches:
            subject = _subject(names, match.start())
            about = [leads[benchmark] for benchmark in (named or leads) if leads.get(benchmark) is not None]
            if not about:
                if named or re.search(r"benchmark|score", sentence, re.I):
                    yield (
                        "contradicted_direction",
                        _span(body, offset + match.start(), offset + match.end()),
                        "no shared benchmark: make no benchmark comparison",
                    )
                continue
            winners = {lead.model for lead in about}
            right = (subject not in winners) if inverted else (subject in winners)
            if not right and (named or re.search(r"benchmark|score|points", sentence, re.I)):
                shown = "; ".join(
                    f"{lead.id}: {lead.display} for {self.comparison.model_names[lead.model][0]}"
                    for lead in about
                    if lead.model
                )
                yield (
                    "contradicted_direction",
                    _span(body, offset + match.start(), offset + match.end()),
                    f"the direction contradicts the facts ({shown or 'a tie'})",
                )

    def _masked_texts(self, body: str, candidates: tuple[str, ...] | None = None) -> str:
        """The text with model names and text facts (which hold figures of their own, like "70B" or
        "+59.1 points") overwritten (candidates: as in _masked)."""
        names = [match.span() for match in self.model_pattern.finditer(body)]
        _, text_starts = self.pair_texts.starts(body, candidates)
        return _overwritten(body, _merged_spans(body, self.model_pattern, names, text_starts))

    def _masked(self, body: str, candidates: tuple[str, ...] | None = None) -> str:
        """The text with model names and fact texts overwritten (same length), so their digits, dots
        and capitals read as neither figures, sentence ends nor unknown words. As the pattern of the
        names and the pair's texts together replaces them (see PairTexts); candidates: the pair's texts
        the text may hold (PairTexts.candidates), None for all of them."""
        names = [match.span() for match in self.model_pattern.finditer(body)]
        known_starts, _ = self.pair_texts.starts(body, candidates)
        return _overwritten(body, _merged_spans(body, self.model_pattern, names, known_starts))

    def _repeated_sentences(
        self, text: str, units: list[Unit], sentences: dict[Unit, list[tuple[int, int]]]
    ) -> list[Finding]:
        flaws, seen = [], {}
        for unit in units:
            if unit.role == "question":
                continue
            body = text[unit.start : unit.end]
            for start, end in sentences[unit]:
                key = " ".join(body[start:end].lower().split())
                if key.count(" ") < 4:
                    continue
                if key in seen:
                    flaws.append(
                        self._flaw(
                            text,
                            unit.start + start,
                            unit.start + end,
                            "repetition",
                            "the same sentence again: say each thing once",
                        )
                    )
                seen[key] = True
        return flaws

    def _flaw(self, text: str, start: int, end: int, kind: str, message: str) -> Finding:
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        return Finding(
            kind=kind, mention=text[start:end][:120], line=line, column=column, start=start, end=end, message=message
        )


def _provider_leader(comparison: Comparison) -> Fact:
    """Which model more providers serve, as a fact of its own (the comparison states only the counts)."""
    counts = {
        model.id: comparison.fact(model_fact(model.id, "provider_count")).value or 0
        for model in (comparison.a, comparison.b)
    }
    a, b = comparison.a.id, comparison.b.id
    leader = None if counts[a] == counts[b] else max(counts, key=counts.get)
    return Fact(
        id=PROVIDER_LEADER,
        value=leader,
        unit="model",
        display=comparison.model_names[leader][0] if leader else "a tie",
        model=leader,
        attribute="providers",
    )


# What a figure is said to be, by the nearest word naming a kind of quantity; and which kinds each unit may be.
QUANTITY_WORDS = {
    "cost": COST_WORDS,
    "score": SCORE_WORDS,
    "context": CONTEXT_WORDS,
    "providers": re.compile(r"\b(?:providers?|routes?|hosts?)\b", re.I),
}
# As DirectionClaim.hints, for each kind of quantity word.
QUANTITY_HINTS = {
    "cost": ("cost", "pric", "cheap", "expensive", "spend", "bill", "pay", "per 1m", "usd", "dollar", "$"),
    "score": ("scor", "benchmark", "point", "accura"),
    "context": ("context", "window"),
    "providers": ("provider", "route", "host"),
}
FITTING = {
    "score": {"score"},
    "points": {"score"},
    "usd_per_mtok": {"cost"},
    "usd_per_month": {"cost"},
    "tokens": {"context"},
    "count": {"providers", "score"},
    "percent": {"cost"},
    "multiplier": {"context", "cost"},
    "parameters": set(),
}
UNIT_NAMES = {"score": "a benchmark score", "points": "a benchmark lead", "usd_per_mtok": "a price", "usd_per_month": "a monthly cost", "tokens": "a number of tokens",
              "count": "a count", "percent": "a price difference", "multiplier": "a ratio", "parameters": "a parameter count"}  # fmt: skip


def _misuse(fact: Fact, before: str, after: str) -> str | None:
    """Why the figure is used as something it is not, judged by the quantity word nearest to it."""
    if (
        fact.unit not in ("points", "percent", "multiplier")
        and _hinted(("by",), _lowered(before))
        and LEAD_BY.search(before)
    ):
        return f"a lead is a difference in points, not {fact.display} ({fact.id}): use the lead fact"
    nearest: tuple[int, str] | None = None
    tail, head = before[-30:], after[:20]
    tail_lowered, head_lowered = _lowered(tail), _lowered(head)
    for kind, pattern in QUANTITY_WORDS.items():
        if _hinted(QUANTITY_HINTS[kind], tail_lowered):
            for match in pattern.finditer(tail):
                distance = len(tail) - match.end()
                nearest = min(nearest or (distance, kind), (distance, kind))
        if _hinted(QUANTITY_HINTS[kind], head_lowered):
            for match in pattern.finditer(head):
                nearest = min(nearest or (match.start(), kind), (match.start(), kind))
    if nearest is None or fact.unit not in FITTING or nearest[1] in FITTING[fact.unit]:
        return None
    return f"{fact.display} is {UNIT_NAMES[fact.unit]} ({fact.id}), not a {nearest[1]} figure: attach it to what it measures"


# How many times an n-gram of each size may come before it is a loop.
REPEATS = ((1, 6), (2, 4), (3, 3), (4, 3))


def _repeated_gram(words: list[str], frequency: Counter) -> tuple[str, ...] | None:
    """The n-gram that comes too often (REPEATS), the shortest size first, and of a size the first to
    come in text order: never a masked name (it holds \x01), a lone stopword or short word, or a run
    of stopwords."""
    runs: dict[int, list[tuple[int, int]]] = {}
    for size, limit in REPEATS:
        if size == 1:
            gram = next(
                (
                    (word,)
                    for word, count in frequency.items()
                    if count >= limit and word not in STOPWORDS and len(word) >= 4 and "\x01" not in word
                ),
                None,
            )
        else:
            if limit not in runs:
                runs[limit] = _frequent_runs(words, frequency, limit)
            gram = _first_repeated(words, size, limit, runs[limit])
        if gram:
            return gram
    return None


def _frequent_runs(words: list[str], frequency: Counter, limit: int) -> list[tuple[int, int]]:
    """Each place of a word that comes `limit` times, with how many such words run on from it; none if
    all such words are stopwords. Each word of a gram that comes `limit` times comes as often, and one
    of them is no stopword: most texts have no such word, and the others have grams at a few places."""
    frequent = {word for word, count in frequency.items() if count >= limit and "\x01" not in word}
    if frequent <= STOPWORDS:
        return []
    places = [index for index, word in enumerate(words) if word in frequent]
    runs, run = [], 0
    for index, place in reversed(list(enumerate(places))):
        run = run + 1 if index + 1 < len(places) and places[index + 1] == place + 1 else 1
        runs.append((place, run))
    return runs[::-1]


def _first_repeated(words: list[str], size: int, limit: int, runs: list[tuple[int, int]]) -> tuple[str, ...] | None:
    """The n-gram of `size` words that first comes `limit` times, from the places _frequent_runs gives."""
    grams = Counter(
        gram
        for start, run in runs
        if run >= size
        for gram in (tuple(words[start : start + size]),)
        if not STOPWORDS.issuperset(gram)
    )
    return next((gram for gram, count in grams.items() if count >= limit), None)


def _answers(
    question: str,
    answer: str,
    masked_answer: str,
    gate: Gate,
    candidates: tuple[str, ...] | None = None,
    masked_question: str | None = None,
) -> bool:
    """Whether the answer (masked_answer: as gate._masked gives it) is about what the question asks:
    its topic's words, or failing a known topic, a content word of the question (candidates: the
    pair's texts the question may hold, see Gate._masked; masked_question: the question masked so,
    if it was already, as the question unit with the same text is)."""
    if answer.rstrip().endswith("?"):
        return False
    question_lowered = question.lower()
    for label in gate.capability_labels.values():
        if label in question_lowered:
            return label.split()[0] in answer.lower()
    if masked_question is None:
        masked_question = gate._masked(question, candidates)
    for asked, answered in TOPICS:
        if asked.search(masked_question):
            return bool(answered.search(masked_answer))
    asked_words = {
        _stem(word) for word in WORD.findall(masked_question) if word.lower() not in STOPWORDS and len(word) > 3
    }
    answer_words = {_stem(word) for word in WORD.findall(masked_answer)}
    return bool(asked_words & answer_words) or not asked_words


def _stem(word: str) -> str:
    """A crude stem, enough to match "facts" with "fact" and "comes" with "come"."""
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:5]


def _subject(names: list[tuple[int, str]], position: int) -> str:
    """The model a claim at `position` is about: the nearest name before it, else the first after."""
    before = [model for start, model in names if start < position]
    return before[-1] if before else names[0][1]


def _units(text: str) -> list[Unit]:
    units = []
    for start, end in _blocks(text, 0, len(text)):
        block = text[start:end]
        first_line = block.split("\n", 1)[0]
        if "\n" in block and first_line.rstrip().endswith("?"):
            question_end = start + len(first_line)
            units.append(Unit("question", start, question_end))
            units.append(Unit("answer", question_end + 1, end, question=first_line))
        else:
            units.append(Unit("paragraph", start, end))
    return units


# The prose sections of a built page: a heading line, and the text up to the next "## " heading. Both
# are found with str.find first: a regular expression tried at every character of the page cost more
# than reading the sections.
SECTION_HEADINGS = ("## Deep dive", "## FAQ")
HEADING_LINE = {heading: re.compile(rf"^{heading}\s*$", re.M) for heading in SECTION_HEADINGS}


def _section_start(markdown: str, heading: str) -> int | None:
    """Where the text under the first line that is the heading starts (the end of the heading line)."""
    position = markdown.find(heading)
    while position >= 0:
        # match() at a position still reads "^" against the character before it.
        line = HEADING_LINE[heading].match(markdown, position)
        if line:
            return line.end()
        position = markdown.find(heading, position + 1)
    return None


def _section_end(markdown: str, start: int) -> int:
    """Where the section starting at `start` ends: at the next line opening with "## ", or the end."""
    following = markdown.find("\n## ", start)
    return following + 1 if following >= 0 else len(markdown)


def _markdown_units(markdown: str, start: int, end: int) -> list[Unit]:
    units: list[Unit] = []
    question: str | None = None
    for block_start, block_end in _blocks(markdown, start, end):
        block = markdown[block_start:block_end]
        if block.startswith("### "):
            question = block[4:].strip()
            units.append(Unit("question", block_start + 4, block_end))
        else:
            units.append(Unit("answer" if question else "paragraph", block_start, block_end, question=question))
            question = None
    return units


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    blocks, position = [], start
    for separator in re.finditer(r"\n\s*\n", text[start:end]):
        blocks.append((position, start + separator.start()))
        position = start + separator.end()
    blocks.append((position, end))
    return [
        (block_start, block_end)
        for block_start, block_end in (_trimmed(text, *block) for block in blocks)
        if block_end > block_start
    ]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds, position = [], 0
    for match in SENTENCE_END.finditer(text):
        bounds.append((position, match.start() + 1))
        position = match.end()
    bounds.append((position, len(text.rstrip())))
    return [(start, end) for start, end in bounds if text[start:end].strip()]


def _one_per_place(flaws: list[Finding]) -> list[Finding]:
    """One flaw of a kind per span: a repair prompt needs each fault once."""
    return list({(flaw.kind, flaw.start, flaw.end): flaw for flaw in flaws}.values())


class _Span:
    """A match-like span for faults found without a regular expression."""

    def __init__(self, text: str, start: int, end: int):
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text[self._start : self._end]


def _span(text: str, start: int, end: int) -> _Span:
    return _Span(text, start, end)


def _whole(text: str) -> _Span:
    return _Span(text, 0, len(text.rstrip()))


# Cached by the names themselves: every Gate (one per page validated) of a pair compiles the same
# alternations of its names and fact texts, and Python's own pattern cache is too small to keep them.
@functools.lru_cache(maxsize=256)
def _literal(all_names: frozenset[str]) -> re.Pattern:
    """Any of the names, the longest first at a place (a trie: their order does not matter), never
    inside a longer word."""
    names = sorted(filter(None, all_names))
    if not names:
        return re.compile(r"(?!x)x")
    # One lookbehind and a first-letter lookahead in front of the alternation: most positions fail at
    # once instead of trying every name (a pair has hundreds of fact texts).
    first_letters = re.escape("".join(sorted({name[0] for name in names})))
    return re.compile(rf"(?<![\w.-])(?=[{first_letters}])(?:{trie_alternation(names)})(?![\w-])")


# The characters _literal's lookbehind and lookahead refuse next to a name, read one character at a time.
NAME_BEFORE = re.compile(r"[\w.-]")
NAME_AFTER = re.compile(r"[\w-]")
ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")


@dataclass(frozen=True)
class PairTexts:
    """A pair's own texts masked with the catalog's names (fact texts, providers, benchmark names; a
    few dozen). Compiled into one pattern with the names they cost ~13 ms a pair not seen before (the
    catalog's thousand names recompiled each time); instead each is found by str.find, with the
    pattern's lookarounds, and merged with the names' own matches (_merged_spans)."""

    known: tuple[str, ...]
    # Those of them that are text facts (masked for the figures' reading too).
    texts: frozenset[str]
    # Each text with the words (lower case) an ASCII text holding it holds: its runs of word characters
    # (the lookarounds make its first and last whole words too); {""}, which no text holds as a word,
    # for a text that is not ASCII.
    keys: tuple[tuple[str, frozenset[str]], ...]

    @classmethod
    def of(cls, known: frozenset[str], texts: frozenset[str]) -> PairTexts:
        literals = tuple(sorted(filter(None, known)))
        return cls(literals, texts, tuple((literal, _words_held(literal)) for literal in literals))

    def candidates(self, words: set[str] | None) -> tuple[str, ...]:
        """The texts that may stand in an ASCII text with these words (lower case, its runs of word
        characters); all of them if words is None."""
        if words is None:
            return self.known
        return tuple(literal for literal, held in self.keys if held <= words)

    def starts(self, text: str, candidates: tuple[str, ...] | None) -> tuple[dict[int, int], dict[int, int]]:
        """Where each text (of the candidates) stands in `text` as the pattern would take it, by start:
        the length of the longest there, and of the longest text fact there."""
        return _longest(self.occurrences(text, candidates), 0, len(text))

    def occurrences(self, text: str, candidates: tuple[str, ...] | None) -> list[tuple[int, int, bool]]:
        """(start, length, whether a text fact) of each place a text (of the candidates) stands in
        `text` with the pattern's lookarounds, in order."""
        found_all = []
        for literal in self.known if candidates is None else candidates:
            size, is_text = len(literal), literal in self.texts
            found = text.find(literal)
            while found != -1:
                end = found + size
                if (found == 0 or not NAME_BEFORE.match(text, found - 1)) and (
                    end == len(text) or not NAME_AFTER.match(text, end)
                ):
                    found_all.append((found, size, is_text))
                found = text.find(literal, found + 1)
        return sorted(found_all)


def _longest(occurrences: list[tuple[int, int, bool]], start: int, end: int) -> tuple[dict[int, int], dict[int, int]]:
    """Of the occurrences wholly inside [start, end) (sorted), the longest at each place and the
    longest text fact at each place, by offset from `start`."""
    known_starts: dict[int, int] = {}
    text_starts: dict[int, int] = {}
    for found, size, is_text in occurrences[bisect.bisect_left(occurrences, (start,)) :]:
        if found >= end:
            break
        if found + size > end:
            continue
        found -= start
        if size > known_starts.get(found, 0):
            known_starts[found] = size
        if is_text and size > text_starts.get(found, 0):
            text_starts[found] = size
    return known_starts, text_starts


@functools.lru_cache(maxsize=8192)
def _words_held(literal: str) -> frozenset[str]:
    if not literal.isascii():
        return frozenset({""})
    return frozenset(ASCII_WORD.findall(literal.lower()))


def _merged_spans(
    text: str, names_pattern: re.Pattern, names: list[tuple[int, int]], extra: dict[int, int]
) -> list[tuple[int, int]]:
    """The spans the pattern of the names and some more literals together (_literal of both) finds in
    the text, from the names pattern's spans (`names`: its finditer over the text) and the other
    literals' places (start: longest length): at each step the leftmost of the two, the longer if
    both start there. A name's span that an extra literal's span cuts into is searched for again."""
    if not extra:
        return names
    spans: list[tuple[int, int]] = []
    names = list(names)
    starts = sorted(extra)
    position = index = next_extra = 0
    while True:
        while index < len(names) and names[index][0] < position:
            if names[index][1] > position:
                # The names pattern, searched from here, may match inside the span it matched before.
                names[index:] = [match.span() for match in names_pattern.finditer(text, position)]
            else:
                index += 1
        while next_extra < len(starts) and starts[next_extra] < position:
            next_extra += 1
        name = names[index] if index < len(names) else None
        start = starts[next_extra] if next_extra < len(starts) else None
        if name is None and start is None:
            return spans
        if start is None or (name is not None and name[0] < start):
            span = name
        elif name is None or start < name[0]:
            span = (start, start + extra[start])
        else:
            span = (start, start + max(extra[start], name[1] - name[0]))
        spans.append(span)
        position = span[1]


def _overwritten(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span overwritten by \x01 (the same length)."""
    if not spans:
        return text
    pieces, position = [], 0
    for start, end in spans:
        pieces += (text[position:start], "\x01" * (end - start))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


@dataclass(frozen=True)
class LiteralFinder:
    """Which of some literals (a pair's figure displays, the fault hints) a text holds, in one scan
    instead of a substring test each."""

    # Any literal, the longest first at a position.
    pattern: re.Pattern
    # Each literal and the literals inside it ("$0.4" in "$0.40"), which the scan's longest match hides.
    within: dict[str, frozenset[str]]

    def stated(self, text: str) -> set[str]:
        found: set[str] = set()
        match = self.pattern.search(text)
        while match:
            found |= self.within[match.group()]
            # From the next character: a display may start inside another one.
            match = self.pattern.search(text, match.start() + 1)
        return found


@functools.lru_cache(maxsize=1024)
def _literal_finder(literals: tuple[str, ...]) -> LiteralFinder:
    within = {literal: frozenset(inner for inner in literals if inner in literal) for literal in literals}
    return LiteralFinder(re.compile(trie_alternation(literals) if literals else r"(?!x)x"), within)


def _literal_matches(text: str, literal: str, pattern: re.Pattern):
    """pattern.finditer(text) for a pattern that matches only `literal` (with lookarounds): tried only
    where str.find puts the literal, since the pattern opens with lookbehinds the engine tries everywhere.
    (_figure_matches reads the gate's figures so without compiling a pattern; this is its plain form.)"""
    position = text.find(literal)
    while position >= 0:
        # match() at a position still reads the lookbehinds against the characters before it.
        match = pattern.match(text, position)
        if match:
            yield match
            position = text.find(literal, match.end())
        else:
            position = text.find(literal, position + 1)


@dataclass(frozen=True)
class CatalogNames:
    """The catalog's model names (a thousand or so): any of them, and which model each names (a
    name of two models names the later one)."""

    model_names: dict[str, list[str]]
    names: frozenset[str]
    model_of_name: dict[str, str]


# The last catalog's names, reused while the next Gate's catalog holds the same names (the same
# facts): gathering a thousand names took a third of a Gate's construction.
_last_catalog: list[CatalogNames] = []


def _catalog_names(model_names: dict[str, list[str]]) -> CatalogNames:
    # One read of the slot: another thread may fill it in between.
    last = _last_catalog[-1] if _last_catalog else None
    if last is not None and last.model_names == model_names:
        return last
    catalog = CatalogNames(
        {model_id: list(names) for model_id, names in model_names.items()},
        frozenset(itertools.chain.from_iterable(model_names.values())),
        {name: model_id for model_id, names in model_names.items() for name in names},
    )
    _last_catalog[:] = [catalog]
    return catalog


@functools.lru_cache(maxsize=8192)
def _reads_figure(display: str, unit: str) -> bool:
    """Whether the gate reads a known fact's figure: a bare small number says nothing of what it counts
    (any sentence may hold one), and dates, names and texts are no figures."""
    return not (
        unit in ("date", "month", "text", "model") or not DIGIT.search(display) or SMALL_NUMBER.fullmatch(display)
    )


@dataclass(frozen=True)
class FigureFinder:
    """Which of a pair's figure displays a text holds: the displays of each model's own facts and of
    the assumptions each by a finder of its own, cached by its displays (the same in every pair), and
    the few of the pair's other facts by a substring test each. One finder of all the pair's displays
    cost ~0.6 ms to compile for each pair not seen before; a page is read for them once (Gate._check_units)."""

    finders: tuple[LiteralFinder, ...]
    displays: tuple[str, ...]

    def stated(self, text: str) -> set[str]:
        found = {display for display in self.displays if display in text}
        for finder in self.finders:
            found |= finder.stated(text)
        return found


def _figure_finder(figures: list[Fact]) -> FigureFinder:
    groups: dict[str, set[str]] = {}
    pair: set[str] = set()
    for fact in figures:
        group = _figure_group(fact.id)
        (groups.setdefault(group, set()) if group else pair).add(fact.display)
    finders = tuple(_literal_finder(tuple(sorted(displays))) for displays in groups.values())
    return FigureFinder(finders, tuple(sorted(pair)))


@functools.lru_cache(maxsize=16384)
def _figure_group(fact_id: str) -> str | None:
    """The group of a figure's fact in _figure_finder: its model, "assumptions", or None (the pair's)."""
    parsed = read_fact_id(fact_id)
    return parsed and (parsed.model or ("assumptions" if parsed.family is Family.ASSUMPTION else None))


# The lookarounds of _figure_pattern, read at a place str.find gives (its displays are not compiled).
FIGURE_BEFORE = re.compile(r"(?<![\w.$/])(?<!per )")
FIGURE_AFTER = re.compile(r"(?![\w%/])(?! (?:blended|input|output)\b)")


def _figure_matches(text: str, display: str):
    """The spans _figure_pattern(display).finditer(text) finds, as _literal_matches finds them, with
    the pattern's lookarounds read at each place instead of a pattern compiled for the display."""
    position = text.find(display)
    while position >= 0:
        end = position + len(display)
        if FIGURE_BEFORE.match(text, position) and FIGURE_AFTER.match(text, end):
            yield _Span(text, position, end)
            position = text.find(display, end)
        else:
            position = text.find(display, position + 1)


@functools.lru_cache(maxsize=1024)
def _benchmark_mention(name: str, benchmark: str) -> re.Pattern:
    return re.compile(re.escape(name) + "|" + re.escape(benchmark), re.I)


@functools.lru_cache(maxsize=8192)
def _figure_pattern(display: str) -> re.Pattern:
    """A fact's figure as a figure of its own: not inside a longer number, not the unit of a price."""
    return re.compile(rf"(?<![\w.$/])(?<!per ){re.escape(display)}(?![\w%/])(?! (?:blended|input|output)\b)")


@functools.lru_cache(maxsize=8192)
def _english(word: str) -> bool:
    lower = word.lower()
    return (
        zipf_frequency(lower, "en") >= 1.0
        or zipf_frequency(lower.rstrip("s"), "en") >= 1.0
        or (word[0].isupper() and zipf_frequency(lower, "en") > 0)
    )
