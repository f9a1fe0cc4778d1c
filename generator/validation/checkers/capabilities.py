"""Capabilities: "X supports vision", "both share function calling", a Yes/No table cell, and the
paraphrases prose uses for them ("understands pictures", "emits structured JSON", "handles speech")."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.factids import capability_fact
from generator.facts import CAPABILITIES, CAPABILITY_NAMES
from generator.validation.scan import Region, Scan
from generator.validation.vocabulary import (
    CAPABILITY,
    CAPABILITY_LIST,
    CAPABILITY_PATTERN,
    CAPABILITY_WORDS,
    MODEL,
    MODEL_START,
    SUBJECT,
    lower_case_starts,
    matches_at,
    model_starts,
)

if TYPE_CHECKING:
    from generator.validation.validator import Validator

# What a claim may say of the capability before naming it: "a dedicated reasoning mode", "native JSON schema".
CAPABILITY_ADJECTIVES = r"(?:(?:native|built-in|full|dedicated|explicit|separate|first-class|optional|integrated|extended|hybrid|toggleable|JSON|schema)[- ]){0,2}"
# Each claim pattern with what it opens with (its subject, a capability's name, "neither"), so it is
# tried only where that stands (see _openings), not at every position of a line.
CAPABILITY_CLAIMS = [
    (
        True,
        re.compile(
            rf"(?P<subject>{SUBJECT}|(?<=: )it|(?<=, )it) (?:[a-z]+ )?(?:supports?|offers?|has|have|exposes?|adds?|includes?|provides?|(?:ships?|comes?) with|(?:is|are) documented with) (?:an? )?{CAPABILITY_ADJECTIVES}(?P<caps>{CAPABILITY_LIST})",
            re.I,
        ),
        "subject",
    ),
    (
        False,
        re.compile(
            rf"(?P<subject>{SUBJECT}) (?:does not|doesn't|do not|don't|cannot|can't|lacks?|(?:is|are) documented without)(?: support| offer| have| expose)? (?P<caps>{CAPABILITY_LIST})",
            re.I,
        ),
        "subject",
    ),
    (
        True,
        re.compile(
            rf"(?P<subject>{SUBJECT}) (?:are|is) (?:an? )?(?:[\w-]+ ){{0,3}}?(?P<caps>reasoning|vision|multimodal)(?:[- ](?:capable|enabled|language))? models?\b",
            re.I,
        ),
        "subject",
    ),
    (True, re.compile(rf"(?P<caps>{CAPABILITY_LIST}), which only (?P<subject>{MODEL}) offers", re.I), "capability"),
    # "Reasoning support is reported for X", "... is not documented for Y": the passive claims.
    *(
        (
            claimed,
            re.compile(
                rf"(?P<caps>{CAPABILITY_LIST})(?: support| capabilit(?:y|ies)| mode)? (?:is|are) {adverb}(?:reported|documented|listed|available|offered|supported) (?:for|on|in|by) (?P<subject>{MODEL})",
                re.I,
            ),
            "capability",
        )
        for claimed, adverb in ((True, r"(?:(?!not\b|never\b)[a-z]+ )?"), (False, r"(?:not|never) "))
    ),
    (
        False,
        re.compile(rf"(?P<subject>[Nn]either(?: model)?) (?:supports?|offers?|has) (?P<caps>{CAPABILITY_LIST})", re.I),
        "neither",
    ),
]
# "Only X supports CAP", "X is the only one of the two with CAP": X has it and the other lacks it.
ONLY = re.compile(
    rf"(?:\b[Oo]nly (?P<subject>{MODEL}) (?:supports?|offers?|has|provides?|includes?) (?:an? )?{CAPABILITY_ADJECTIVES}(?P<caps>{CAPABILITY_LIST})"
    rf"|(?P<subject2>{MODEL}) is the only (?:one|model)(?: of the two)? (?:with|that (?:has|supports|offers)|to (?:offer|support|have)) (?:a |an )?{CAPABILITY_ADJECTIVES}(?P<caps2>{CAPABILITY_LIST}))",
)
ONLY_BEFORE = re.compile(r"\b[Oo]nly\s+$")
# "X pulls ahead: only it handles images".
ONLY_PRONOUN = re.compile(r"\b[Oo]nly\s+(?:it|this\s+model|this\s+one)\b")
ALONE_AFTER = re.compile(r"\s+(?:alone\b|is\s+the\s+only\s+(?:one|model)\b)")
UNLIKE = re.compile(rf"[\s*_]*[Uu]nlike\s+(?P<m>{MODEL}),\s*$")
# "Like X, Y reads images": X is claimed the same way.
LIKE = re.compile(rf"[\s*_]*(?:[Ll]ike|[Jj]ust\s+like|[Aa]s\s+with)\s+(?P<m>{MODEL}),\s*$")
# "neither it nor X can read images": denied of X (and of the model "it" stands for).
NOR_BEFORE = re.compile(r"\bnor\s+$")
NEITHER_IT_NOR = re.compile(r"\b[Nn]either\s+(?:it|this\s+one)\s+nor\s+$")
CAPABILITY_STEMS = ("vision", "image", "multimodal", "reasoning", "function", "tool", "structured", "code execution")
SHARE = re.compile(rf"[Bb]oth(?: models)? shares? (?P<caps>{CAPABILITY_LIST})", re.I)

# What prose says instead of a capability's name. "audio" and "image_generation" are tracked by no
# fact: a claim about either is unsupported whichever way it goes.
PARAPHRASES = {
    "vision": r"(?:understand|read|see|interpret|analy[sz]e|process|accept|take|handle|describe|caption|ingest|look at|work with|view)s?(?:ing)? (?:both )?(?:text (?:and|as well as|plus) )?(?:images?|pictures?|photos?|screenshots?|charts?|visual inputs?|image inputs?)|image (?:input|understanding|support)|visual understanding|vision[- ](?:capable|enabled|support|input)|(?:can|could) see",
    "function_calling": r"function calls?|call(?:s|ing)? (?:external )?functions|native function support",
    "tool_use": r"(?:use|call|invoke)s? (?:external )?tools|tool (?:calling|calls|support)|agentic tool",
    "structured_outputs": r"(?:emit|output|produce|return|generate|write)s? (?:structured |valid |strict |schema-valid )?JSON|(?:emit|produce|return|generate|give|give back)s? (?:structured|schema-(?:valid|conforming)) (?:outputs?|data|responses?)|JSON (?:mode|output|schemas?)|schema-constrained|structured (?:responses|generation)",
    "reasoning": r"(?:extended |step-by-step |chain-of-thought )?thinking mode|thinks? (?:step by step|before (?:it )?answer(?:s|ing)?)|reasons? step by step|chain-of-thought reasoning",
    "code_execution": r"(?:run|execute)s? (?:its own )?code|code interpreter",
    "image_generation": r"(?:generate|create|draw|produce|render)s? (?:images?|pictures?|artwork)|image generation|text-to-image",
    "audio": r"(?:handle|understand|accept|process|transcribe|take)s? (?:speech|audio|voice|spoken)|(?:speech|audio|voice) (?:input|support|understanding|mode)|speech recognition",
}
# Every paraphrase contains one of these stems: the long pattern is tried only in a window around one.
PARAPHRASE_STEMS = (
    "image",
    "picture",
    "photo",
    "screenshot",
    "chart",
    "visual",
    "vision",
    "see",
    "function",
    "tool",
    "json",
    "schema",
    "structured",
    "think",
    "reason",
    "chain-of-thought",
    "code",
    "interpreter",
    "speech",
    "audio",
    "voice",
    "spoken",
)
PARAPHRASE = re.compile("|".join(f"(?P<{name}>\\b(?:{pattern})\\b)" for name, pattern in PARAPHRASES.items()), re.I)
# PARAPHRASE written in lower case without re.IGNORECASE, for an ASCII stretch read lower-cased (on
# ASCII, case folding is lower-casing, and lower() keeps every offset): the engine's case folding made
# PARAPHRASE, tried at every position of its windows, three times slower.
PARAPHRASE_LOWER = re.compile(
    "|".join(f"(?P<{name}>\\b(?:{pattern.lower()})\\b)" for name, pattern in PARAPHRASES.items())
)
# "Does X support ...?" answered "Yes" or "No" (an FAQ's "A:" or bold may stand before it).
YES_NO_QUESTION = re.compile(r"[\s*_#]*(?:Q:\s*|Question:\s*)?(?:Does|Do|Can|Is|Will|Has)\b", re.I)
YES_NO_ANSWER = re.compile(r"[\s*_]*(?:A:|Answer:)?[\s*_]*(?P<answer>Yes|No)\b", re.I)
NEITHER_BEFORE = re.compile(r"\bneither\s+$", re.I)
NEITHER_MODEL = re.compile(r"\bneither\s+(?:model|one|of\s+(?:them|the\s+two))\b", re.I)
CONTRAST_BREAK = re.compile(r"\b(?:but|while|whereas|yet)\b|;", re.I)
ANSWER_WORD = re.compile(r"^[\s*_]*(?:A:|Answer:)?[\s*_]*(?:No|Yes)\b[\s,.;:–—-]*", re.I)
NEGATION = re.compile(r"\b(?:not|no|cannot|lacks?|lacking|without|unable|neither|nor|never)\b|n't\b", re.I)


class CapabilityChecker:
    kind = "capability"
    cells = True

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        if region.cell is not None:
            self._check_cell(validator, scan, region)
        if scan.windows(CAPABILITY_STEMS, region, 0, 0):
            lines = [
                (start, end, _openings(scan.masked, start, end))
                for start, end in _lines_naming_a_capability(scan, region)
            ]
            for verdict, pattern, opening in CAPABILITY_CLAIMS:
                for match in (match for line in lines for match in _claims(pattern, scan.masked, line, opening)):
                    self._check_claim(validator, scan, match, verdict)
            for match in (match for line in lines for match in _claims(SHARE, scan.masked, line, "both")):
                self._check_shared(validator, scan, match)
            for match in (match for start, end, _ in lines for match in ONLY.finditer(scan.masked, start, end)):
                self._check_only(validator, scan, match)
        if region.in_table:
            return
        question = scan.masked.find("?", region.start, region.end)
        while question != -1:
            self._check_yes_no(validator, scan, question, region.end)
            question = scan.masked.find("?", question + 1, region.end)
        seen: set[int] = set()
        for start, end in scan.windows(PARAPHRASE_STEMS, region):
            for paraphrase in paraphrases(scan.masked, start, end):
                if paraphrase.start not in seen:
                    seen.add(paraphrase.start)
                    self._check_paraphrase(validator, scan, paraphrase)

    def _check_yes_no(self, validator: Validator, scan: Scan, mark: int, end: int) -> None:
        """ "Q: Does X support structured outputs? A: No.": the answer claims the capability the
        question names, of the one model it names, or denies it."""
        question_start = scan.sentence(mark)[0]
        answer = YES_NO_ANSWER.match(scan.masked, mark + 1, end)
        if answer is None or not YES_NO_QUESTION.match(scan.masked, question_start, mark):
            return
        asked = {model for _, model in scan.models_between(question_start, mark)}
        if len(asked) != 1 or NEGATION.search(scan.masked, question_start, mark):
            return
        named = next(paraphrases(scan.masked, question_start, mark), None)
        name = named.capability if named else None
        if name is None:
            stated = CAPABILITY_PATTERN.search(scan.masked, question_start, mark)
            name = capability_named(stated.group()) if stated else None
        if name is not None:
            claimed = answer.group("answer").lower() == "yes"
            check_capability(validator, scan, answer.start("answer"), answer.end("answer"), asked.pop(), name, claimed)

    def _check_claim(self, validator: Validator, scan: Scan, match: re.Match, claimed: bool) -> None:
        if match.group("subject").lower() == "it":
            # "Where X pulls ahead is tooling: it supports ...": "it" is the model named last before it.
            named = scan.models_between(scan.sentence(match.start())[0], match.start())
            if not named:
                return
            models = [named[-1][1]]
        else:
            models = validator.subject_models(scan, match.start("subject"), match.end("subject"))
        # "Unlike Y, X is a reasoning model": Y is claimed the other way.
        sentence_start, _ = scan.sentence(match.start())
        unlike = UNLIKE.match(scan.masked, sentence_start, match.start("subject"))
        like = LIKE.match(scan.masked, sentence_start, match.start("subject"))
        contrasted = [(scan.models[unlike.start("m")][1], not claimed)] if unlike else []
        contrasted += [(scan.models[like.start("m")][1], claimed)] if like else []
        for cap in re.finditer(CAPABILITY, match.group("caps"), re.I):
            start, end = match.start("caps") + cap.start(), match.start("caps") + cap.end()
            for model, stated in [*((model, claimed) for model in models), *contrasted]:
                check_capability(validator, scan, start, end, model, capability_named(cap.group()), stated)

    def _check_only(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        subject, caps = ("subject", "caps") if match.group("subject") else ("subject2", "caps2")
        model = scan.models[match.start(subject)][1]
        for cap in re.finditer(CAPABILITY, match.group(caps), re.I):
            start, end = match.start(caps) + cap.start(), match.start(caps) + cap.end()
            name = capability_named(cap.group())
            for owner, claimed in ((model, True), (validator.other(model), False)):
                # The other side is checked where the facts know it (an unsourced side is no contradiction).
                if owner == model or _sourced(validator, owner, name):
                    check_capability(validator, scan, start, end, owner, name, claimed)

    def _check_shared(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        shared = validator.facts["capabilities.shared"]
        for cap in CAPABILITY_PATTERN.finditer(match.group("caps")):
            name = capability_named(cap.group())
            start, end = match.start("caps") + cap.start(), match.start("caps") + cap.end()
            validator.direction(
                scan,
                start,
                end,
                CAPABILITY_NAMES[name] in shared.value,
                shared,
                f"both models do not share {CAPABILITY_NAMES[name].lower()}",
            )

    def _check_cell(self, validator: Validator, scan: Scan, region: Region) -> None:
        cell = scan.masked[region.start : region.end].strip()
        name = capability_named(region.cell.row_label.strip())
        if region.cell.model and name and cell in ("Yes", "No"):
            cell_start = region.start + scan.masked[region.start : region.end].index(cell)
            check_capability(
                validator, scan, cell_start, cell_start + len(cell), region.cell.model, name, cell == "Yes"
            )

    def _check_paraphrase(self, validator: Validator, scan: Scan, paraphrase: Paraphrase) -> None:
        """A paraphrase is about the models named before it in its sentence ("both", "neither" and
        "they" mean the pair), and denied when a negation stands between them and it."""
        start, end = paraphrase.start, paraphrase.end
        if scan.in_question(start) or any(
            mention.start <= start < mention.end for mention in scan.mentions if mention.kind == "capability"
        ):
            return
        sentence_start, _ = scan.sentence(start)
        before = scan.masked[sentence_start:start]
        named = scan.models_between(sentence_start, start)
        if named:
            clause = before[named[-1][0] - sentence_start :]
            models = [named[-1][1]]
            if NEITHER_MODEL.search(clause):
                # "Only X supports reasoning, and neither model reads images": denied of both.
                clause, models = "neither", list(validator.pair)
            listed = re.search(
                rf"^{MODEL}(?: and | or | nor |, (?:and|or|nor) ){MODEL}", scan.masked[named[0][0] : start]
            )
            if listed and len(named) > 1 and not UNLIKE.match(scan.masked, sentence_start, named[-1][0]):
                models = [model for _, model in named]
            if listed and NEITHER_BEFORE.search(scan.masked, max(sentence_start, named[0][0] - 10), named[0][0]):
                # "Neither X nor Y can read images": denied of both.
                clause = "neither " + clause
            if NOR_BEFORE.search(scan.masked, max(sentence_start, named[-1][0] - 8), named[-1][0]):
                clause = "neither " + clause
                if len(named) > 1 and NEITHER_IT_NOR.search(scan.masked, sentence_start, named[-1][0]):
                    models = [model for _, model in named[-2:]]
        elif re.search(r"\b(?:both|they|neither|each)\b", before, re.I):
            # "A: No - both read images": the answer's "No" answers its question, denying nothing here;
            # "Neither reads images, but both call functions": a contrast starts the claim afresh.
            clause, models = CONTRAST_BREAK.split(ANSWER_WORD.sub("", before))[-1], list(validator.pair)
        else:
            return
        claimed = not NEGATION.search(clause.replace(MODEL_START, " "))
        claims = [(model, claimed) for model in dict.fromkeys(models)]
        if named and len(claims) == 1:
            # The other model's side is checked where the facts know it (an unsourced side is no contradiction).
            claims += [
                (model, stated)
                for model, stated in _contrasted(validator, scan, sentence_start, named[-1][0], start, claimed)
                if _sourced(validator, model, paraphrase.capability)
            ]
        for model, stated in claims:
            check_capability(validator, scan, start, end, model, paraphrase.capability, stated)


def _sourced(validator: Validator, model: str, name: str) -> bool:
    fact = validator.facts.get(capability_fact(model, name)) if name in CAPABILITIES else None
    return bool(fact and fact.known)


def _contrasted(
    validator: Validator, scan: Scan, sentence_start: int, subject: int, claim: int, claimed: bool
) -> list[tuple[str, bool]]:
    """The other model, claimed the other way, when the subject is the only one ("Only X can call
    tools", "X alone reads images", "Unlike Y, X ...")."""
    unlike = UNLIKE.match(scan.masked, sentence_start, subject)
    if unlike:
        return [(scan.models[unlike.start("m")][1], not claimed)]
    like = LIKE.match(scan.masked, sentence_start, subject)
    if like:
        return [(scan.models[like.start("m")][1], claimed)]
    model = scan.models[subject][1]
    if (
        ONLY_BEFORE.search(scan.masked, sentence_start, subject)
        or ALONE_AFTER.match(scan.masked, scan.models[subject][0])
        or ONLY_PRONOUN.search(scan.masked, scan.models[subject][0], claim)
    ):
        return [(validator.other(model), not claimed)]
    return []


@dataclass(frozen=True)
class Paraphrase:
    """Where PARAPHRASE matched, and the capability (its group) it paraphrases."""

    start: int
    end: int
    capability: str


def paraphrases(masked: str, start: int, end: int) -> Iterator[Paraphrase]:
    """What PARAPHRASE.finditer(masked, start, end) finds; an ASCII stretch (with the character
    before it, which its first \\b reads) is read lower-cased by PARAPHRASE_LOWER."""
    before = max(0, start - 1)
    stretch = masked[before:end]
    if not stretch.isascii():
        for match in PARAPHRASE.finditer(masked, start, end):
            yield Paraphrase(match.start(), match.end(), match.lastgroup)
        return
    for match in PARAPHRASE_LOWER.finditer(stretch.lower(), start - before):
        yield Paraphrase(before + match.start(), before + match.end(), match.lastgroup)


def _lines_naming_a_capability(scan: Scan, region: Region) -> list[tuple[int, int]]:
    """The lines of the region (each with its line break) that name a capability. A claim pattern
    holds a capability's name and no line break, so it finds in these lines what it finds in the
    whole region, and the region's other lines need not be read."""
    lines: list[tuple[int, int]] = []
    # A capability's name opens with one of the stems: the pattern is tried only where one stands.
    starts = lower_case_starts(scan.masked, region.start, region.end, CAPABILITY_STEMS)
    names = (
        CAPABILITY_PATTERN.finditer(scan.masked, region.start, region.end)
        if starts is None
        else matches_at(CAPABILITY_PATTERN, scan.masked, starts, region.start, region.end)
    )
    for named in names:
        if lines and named.start() < lines[-1][1]:
            continue
        line_start = max(region.start, scan.masked.rfind("\n", region.start, named.start()) + 1)
        line_end = scan.masked.find("\n", named.end(), region.end)
        lines.append((line_start, region.end if line_end == -1 else line_end + 1))
    return lines


def _openings(masked: str, start: int, end: int) -> dict[str, list[int]] | None:
    """Where in a line each kind of claim can open: a model's mask or "both"/"they" (a subject), a
    capability's name, "neither", "both"; None when the line holds a character str.lower() and
    re.IGNORECASE disagree on (its claims are then searched for at every position, as before)."""
    words = lower_case_starts(masked, start, end, ("both", "they", "it "))
    capabilities = lower_case_starts(masked, start, end, CAPABILITY_STEMS)
    neither = lower_case_starts(masked, start, end, ("neither",))
    both = lower_case_starts(masked, start, end, ("both",))
    if words is None or capabilities is None or neither is None or both is None:
        return None
    subjects = sorted(model_starts(masked, start, end) + words)
    return {"subject": subjects, "capability": capabilities, "neither": neither, "both": both}


def _claims(pattern: re.Pattern, masked: str, line: tuple[int, int, dict | None], opening: str) -> Iterator[re.Match]:
    start, end, openings = line
    if openings is None:
        return pattern.finditer(masked, start, end)
    return matches_at(pattern, masked, openings[opening], start, end)


@functools.lru_cache(maxsize=256)
def capability_named(label: str) -> str | None:
    """The capability a name or a table row's label names ("Function calling" -> function_calling), if any."""
    return next((key for key, pattern in CAPABILITY_WORDS.items() if re.fullmatch(pattern, label, re.I)), None)


def check_capability(
    validator: Validator, scan: Scan, start: int, end: int, model: str, name: str, claimed: bool
) -> None:
    # A capability no fact tracks ("audio") has no fact id: its claim reads as unsourced.
    fact = validator.facts.get(capability_fact(model, name)) if name in CAPABILITIES else None
    verified = bool(fact and fact.known and fact.value is claimed)
    validator.add(scan, start, end, "capability", verified, fact=fact)
    if not verified:
        model_name = validator.names.get(model, model)
        state = "is not sourced" if not (fact and fact.known) else f"is {fact.display}"
        capability = CAPABILITY_NAMES.get(name, name).lower()
        message = f"the text says {model_name} {'has' if claimed else 'lacks'} {capability}, but that capability {state} in the facts"
        validator.find(scan, start, end, "unsupported_capability_claim", message, fact)
