"""Scanning: one text's masked copy and the indexes built over it, and the Markdown structure
(tables, rows, cells) the validator walks."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.validation.report import Finding, Mention

if TYPE_CHECKING:
    from generator.validation.figures import Figure


@dataclass
class Cell:
    """What a table cell says about the figures in it: the model of its column, its labels."""

    start: int = 0
    model: str | None = None
    provider: str | None = None
    labels: str = ""
    row_label: str = ""


@dataclass(frozen=True)
class Region:
    """A stretch of the text a checker reads: prose between tables, or one table cell."""

    start: int
    end: int
    cell: Cell | None = None
    in_table: bool = False


@dataclass
class Scan:
    """One text being validated: the original, its masked copy and the indexes built over it.

    `worded` is masked for model names only (benchmark and attribute words stay readable); `masked`
    also blanks every other known name; `descriptors` maps the start of each model described
    instead of named ("the cheaper option") to its end. Checkers that run before the figure checker record here whom
    a figure is about (`owners`), what it measures (`attributes`), and which figures they checked
    themselves (`claimed`)."""

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
    mentions: list[Mention] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    owners: dict[int, str] = field(default_factory=dict)
    attributes: dict[int, frozenset[str]] = field(default_factory=dict)
    claimed: set[int] = field(default_factory=set)
    descriptors: dict[int, int] = field(default_factory=dict)
    # Descriptions the facts make of neither model ("the one with the larger window" when the windows
    # are equal or one is unsourced): by start, their end and why.
    undecided: dict[int, tuple[int, str]] = field(default_factory=dict)
    # Each input price stated with an output price ("$X in / $Y out"): their starts, input first.
    price_pairs: list[tuple[int, int]] = field(default_factory=list)
    # The price figures the figure checker read, by start (for the check that a pair is one route's).
    prices: dict[int, Figure] = field(default_factory=dict)
    # The figure each table cell's text states, read once a page (see Validator._quick_figure).
    cell_figures: dict[str, tuple[int, Figure] | None] = field(default_factory=dict)
    # The facts near each cell's figure, by the cell's text and the figure's unit (see Validator._quick_figure).
    cell_nears: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    _matches: dict[tuple[str, int], tuple[list[int], list[re.Match]]] = field(default_factory=dict)
    _lower: str | None = None
    _stems: dict[tuple[str, ...], list[tuple[int, int]]] = field(default_factory=dict)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def sentence(self, offset: int) -> tuple[int, int]:
        return previous(self.sentence_breaks, offset), following(self.sentence_breaks, offset, len(self.masked))

    def matches(self, pattern: re.Pattern, region: Region) -> list[re.Match]:
        """The pattern's matches on `worded` inside the region, found once for the whole text (a page
        has a few prose stretches and ~180 table cells: one pass, not one per cell)."""
        starts, found = self._found(pattern)
        low, high = bisect.bisect_left(starts, region.start), bisect.bisect_left(starts, region.end)
        return [match for match in found[low:high] if match.end() <= region.end]

    def spans_holding(self, stems: tuple[str, ...], spans: list[tuple[int, int]]) -> set[int]:
        """The starts of the spans (in order, not overlapping) that a stem (lower case) lies wholly
        inside, on the words of the text: found from the stems' occurrences in the spans' stretch,
        once for a whole table, instead of a search per cell."""
        return self._spans_holding(self._stem_occurrences(stems), spans)

    def spans_matching(self, pattern: re.Pattern, spans: list[tuple[int, int]]) -> set[int]:
        """The starts of the spans (in order, not overlapping) that one of the pattern's matches on the
        words of the text (see matches) lies wholly inside."""
        if not spans:
            return set()
        starts, found = self._found(pattern)
        low, high = bisect.bisect_left(starts, spans[0][0]), bisect.bisect_left(starts, spans[-1][1])
        return self._spans_holding([(match.start(), match.end() - match.start()) for match in found[low:high]], spans)

    def _found(self, pattern: re.Pattern) -> tuple[list[int], list[re.Match]]:
        """The pattern's matches on `worded` and their starts, found once for the whole text."""
        # Keyed by the pattern's text: hashing a compiled pattern hashes all its compiled code each time.
        key = (pattern.pattern, pattern.flags)
        if key not in self._matches:
            found = list(pattern.finditer(self.worded))
            self._matches[key] = ([match.start() for match in found], found)
        return self._matches[key]

    @staticmethod
    def _spans_holding(occurrences: list[tuple[int, int]], spans: list[tuple[int, int]]) -> set[int]:
        """The starts of the spans that one of the (start, length) occurrences, sorted, lies wholly inside."""
        held: set[int] = set()
        if not spans:
            return held
        starts = [start for start, _ in spans]
        for index in range(bisect.bisect_left(occurrences, (spans[0][0], 0)), len(occurrences)):
            found, size = occurrences[index]
            if found >= spans[-1][1]:
                break
            span = bisect.bisect_right(starts, found) - 1
            if span >= 0 and found < spans[span][1] and found + size <= spans[span][1]:
                held.add(starts[span])
        return held

    def windows(
        self, stems: tuple[str, ...], region: Region, before: int = 60, after: int = 80
    ) -> list[tuple[int, int]]:
        """Stretches of the region around each occurrence of a stem (lower case), merged: a long
        pattern every match of which holds a stem is tried there only (str.find is far faster than
        a regular expression that has to be tried at every position)."""
        occurrences = self._stem_occurrences(stems)
        spans = []
        for index in range(bisect.bisect_left(occurrences, (region.start, 0)), len(occurrences)):
            found, size = occurrences[index]
            if found >= region.end:
                break
            if found + size <= region.end:
                spans.append((max(region.start, found - before), min(region.end, found + size + after)))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def _stem_occurrences(self, stems: tuple[str, ...]) -> list[tuple[int, int]]:
        """(start, length) of every occurrence of the stems in the whole text, found once: a page has
        ~180 table cells, and a checker asks about each."""
        if stems not in self._stems:
            if self._lower is None:
                self._lower = self.worded.lower()
            occurrences = []
            for stem in stems:
                found = self._lower.find(stem)
                while found != -1:
                    occurrences.append((found, len(stem)))
                    found = self._lower.find(stem, found + 1)
            self._stems[stems] = sorted(occurrences)
        return self._stems[stems]

    def in_question(self, offset: int) -> bool:
        """A question asks; it claims nothing ("Is X open source?")."""
        _, end = self.sentence(offset)
        return self.masked[end : end + 1] == "?"

    def answers_question(self, sentence_start: int) -> bool:
        """Whether the sentence opening here follows a question (an FAQ's answer)."""
        return self.masked[max(0, sentence_start - 8) : sentence_start].rstrip(" \t\n*_").endswith("?")

    def models_between(self, start: int, end: int) -> list[tuple[int, str]]:
        """(start, model id) of every model named in [start, end), in order."""
        low, high = bisect.bisect_left(self.model_starts, start), bisect.bisect_left(self.model_starts, end)
        return [(index, self.models[index][1]) for index in self.model_starts[low:high]]


def blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def tables(markdown: str) -> list[tuple[int, int]]:
    """(start, end) of each block of consecutive lines that start with a pipe."""
    return [(match.start(), match.end()) for match in re.finditer(r"(?:^[ \t]*\|.*(?:\n|$))+", markdown, re.M)]


def lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    found, position = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            found.append((position, position + len(line)))
        position += len(line) + 1
    return found


def cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cell spans of one table row, without its outer pipes; escaped pipes stay inside cells."""
    found, cell_start = [], start
    # A separator is a pipe not escaped by a backslash (the character before it may lie before the row).
    if "\\|" not in text[max(0, start - 1) : end]:
        for part in text[start:end].split("|")[:-1]:
            found.append((cell_start, cell_start + len(part)))
            cell_start += len(part) + 1
    else:
        pipe = text.find("|", start, end)
        while pipe != -1:
            if pipe == 0 or text[pipe - 1] != "\\":
                found.append((cell_start, pipe))
                cell_start = pipe + 1
            pipe = text.find("|", pipe + 1, end)
    if text[cell_start:end].strip() or found:
        found.append((cell_start, end))
    if found and not text[found[0][0] : found[0][1]].strip():
        found = found[1:]
    if found and not text[found[-1][0] : found[-1][1]].strip() and text[start:end].rstrip().endswith("|"):
        found = found[:-1]
    return found


def previous(positions: list[int], offset: int) -> int:
    index = bisect.bisect_left(positions, offset) - 1
    return positions[index] + 1 if index >= 0 else 0


def following(positions: list[int], offset: int, default: int) -> int:
    index = bisect.bisect_left(positions, offset)
    return positions[index] if index < len(positions) else default
