"""The words and patterns the validator reads prose with.

Masked spans are overwritten with the fill characters below so offsets never move and no number
pattern can match inside a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MODEL_START, MODEL_FILL, NAME_FILL = "\x00", "\x01", "\x02"
MODEL = "\x00\x01*"

NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
UNITS_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "dozen": 12,
}  # fmt: skip
TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
UNDER_HUNDRED_WORD = rf"(?:(?:{'|'.join(TENS_WORDS)})(?:[- ](?:{'|'.join(list(UNITS_WORDS)[:9])}))?|{'|'.join(sorted(UNITS_WORDS, key=len, reverse=True))})"
# "nine hundred", "one hundred and eighty", "a hundred and forty" ("a hundred" alone is too loose to
# check: "a bit over a hundred" for 117, "a hundred thousand more tokens").
NUMBER_WORD = (
    rf"(?:(?:{'|'.join(list(UNITS_WORDS)[:9])})\ hundred(?:\ (?:and\ )?{UNDER_HUNDRED_WORD}\b)?"
    rf"|a\ hundred\ and\ {UNDER_HUNDRED_WORD}\b|{UNDER_HUNDRED_WORD})"
)
# A spelled-out number is a claim only when it counts or measures something the facts hold.
COUNTED = r"(?:(?:\s+[\w-]+){0,2}?\s+(?:providers?|routes?|benchmarks?|capabilities|vendors?|hosts?|endpoints?)\b|\s+of\s+them\s+(?:are\s+)?shared\b|\s+in\s+common\b|\s+(?:more|fewer)\s+than\b)"
# "five points", "a five-point lead": a hyphen joins the measure too.
MEASURED = r"(?:\s+|-)(?:percentage\s+points?|points?|pts|percent\b|per\s+cent\b|billion\b|million\b|thousand\b)"
MULTIPLE_WORDS = {"twice": 2, "double": 2, "half": 2, "triple": 3, "thrice": 3}
# "Q2 2025", "the second quarter of 2025"; "early/mid/late 2024" (overlapping: writers draw the line differently).
QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
PART_MONTHS = {
    "early": (1, 2, 3, 4, 5), "mid": (4, 5, 6, 7, 8, 9), "late": (8, 9, 10, 11, 12),
    # Seasons as the northern hemisphere counts them, a month of slack each side; winter spans the new year.
    "spring": (3, 4, 5, 6), "summer": (6, 7, 8, 9), "autumn": (9, 10, 11, 12), "fall": (9, 10, 11, 12), "winter": (12, 1, 2, 3),
}  # fmt: skip
MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
MONTH_NAME = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"

# "like Y", "unlike Y", "the same as Y": a model named only to compare with, no subject.
LIKE_BEFORE = re.compile(r"\b(?:[Uu]nlike|[Ll]ike|as\s+with|similar\s+to|(?:the\s+)?same\s+as)\s+$")
# How a hedge word bounds a figure; tried in this order, so "a little over" is not read as "over".
HEDGES = [
    (
        "little_over",
        r"(?:a\s+little|slightly|just|a\s+bit|marginally|a\s+(?:shade|touch|hair|tad))\s+(?:over|above|more\s+than|higher\s+than|north\s+of)",
    ),
    (
        "little_under",
        r"(?:a\s+little|slightly|just|a\s+bit|marginally|a\s+(?:shade|touch|hair|tad))\s+(?:under|below|less\s+than|lower\s+than|shy\s+of|south\s+of)",
    ),
    ("nearly", r"nearly|almost|close\s+to|approaching|just\s+shy\s+of"),
    # "X clears 70 on GPQA", "Y does not reach 60": a verb may bound the figure after it.
    (
        "over",
        r"over|above|more\s+than|greater\s+than|higher\s+than|upwards\s+of|in\s+excess\s+of|north\s+of"
        r"|clears|tops|exceeds|surpasses|crosses|breaks",
    ),
    (
        "under",
        r"under|below|less\s+than|fewer\s+than|lower\s+than|within"
        r"|(?:does\s+not|doesn't|did\s+not|didn't|fails\s+to)\s+(?:reach|hit|crack|break|clear|top)|falls\s+short\s+of|stays\s+below",
    ),
    (
        "about",
        r"~|≈|about|around|roughly|approximately|approx\.?|some|circa|an\s+estimated|on\s+the\s+order\s+of|at\s+least|at\s+most|up\s+to",
    ),
]
# Every hedge ends with a letter, a dot, "~" or "≈" (figures.hedge_before tests that first). The one
# lookbehind in front of the alternation is tried once a position, not once a hedge kind.
HEDGE = re.compile(r"(?<![\w])(?:" + "|".join(f"(?P<{name}>{words})" for name, words in HEDGES) + r")\s*\$?$", re.I)
# What every hedge above ends with, in lower case: a text (stripped of the spaces and "$" after its
# hedge) that ends with none of these holds no hedge, unless re.IGNORECASE folds one of its characters.
HEDGE_ENDINGS = (
    "over", "above", "than", "of", "under", "below", "nearly", "almost", "to", "approaching", "about", "around",
    "roughly", "approximately", "approx", "approx.", "some", "circa", "estimated", "least", "most", "~", "≈",
    "clears", "tops", "exceeds", "surpasses", "crosses", "breaks", "reach", "hit", "crack", "break", "clear", "top",
    "within",
)  # fmt: skip

PER_MILLION = r"(?:\s?/\s?(?:1M|M|1,000,000|million|MTok|mtok)\b|\s?per[\s-](?:1M|one\smillion|a\smillion|million|1,000,000|M|MTok)\b)"
PER_THOUSAND = (
    r"(?:\s?/\s?(?:1K|K|1k|1,000|thousand)\b|\s?per[\s-](?:1K|1k|one\sthousand|a\sthousand|thousand|1,000|K)\b)"
)
PER_BILLION = r"(?:\s?/\s?(?:1B|billion)\b|\s?per\s(?:1B|one\sbillion|a\sbillion|billion)\b)"
PER_TOKEN = r"(?:\s?(?:/|per|a)\s?(?:input\s|output\s)?token\b)"
PER_MONTH = r"(?:\s?/\s?mo(?:nth)?\b|\s(?:a|per)\smonth\b)"
# The letters a spelled-out number, a multiplier word or a month name can start with: the word
# alternatives are tried only at word starts that could begin one.
# A dollar amount in words: "a dollar", "a tenth of a dollar", by its value.
DOLLAR_WORDS = {
    "a dollar": "1", "one dollar": "1", "a buck": "1", "half a dollar": "0.5", "a half dollar": "0.5",
    "a quarter of a dollar": "0.25", "a fifth of a dollar": "0.2", "a tenth of a dollar": "0.1",
    "a cent": "0.01", "one cent": "0.01", "half a cent": "0.005", "a quarter of a cent": "0.0025",
    "a fifth of a cent": "0.002", "a tenth of a cent": "0.001",
    "a penny": "0.01", "one penny": "0.01", "a nickel": "0.05", "a dime": "0.1", "one dime": "0.1",
}  # fmt: skip
DOLLAR_WORD = "|".join(words.replace(" ", r"\s+") for words in DOLLAR_WORDS)
WORD_INITIALS = "".join(
    sorted(
        {
            word[0]
            for word in [
                *UNITS_WORDS,
                *TENS_WORDS,
                *MULTIPLE_WORDS,
                *MONTHS,
                *QUARTER_WORDS,
                *PART_MONTHS,
                *DOLLAR_WORDS,
                "q",
            ]
        }
    )
)
# Skipped: a numbered list's "3." and a thread's "3/" at a line's start, a "02:15" timestamp, the
# "1M" of "per 1M".
# A figure opens with a digit or "$" (numbers, prices, dates) or with a word (a number, a multiple, a
# month, a quarter or a part of a year in words). Each starts with a quick test, so most positions fail at once.
EXTRACT_NUMBERS = rf"""
    (?=[\d$])(?:
    (?P<skip>^\d+\.(?=\s)|^\d{{1,3}}/(?=\s)|(?<![\d.,:$])\d\d?:\d\d(?::\d\d)?(?![\d%])|(?<=per\ )(?:1M|1K|1,000,000|1,000)\b|(?<=per-)(?:1M|1K)\b|(?<=/)(?:1M|1K|M|K)\b|(?<=/\ )(?:1M|1K)\b)
  | (?P<layout>(?<![\w.])\d+\s?[x×]\s?\d+(?:\.\d+)?B\b)
  | (?P<date>(?<![\w.])(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01])(?!\d))
  | (?P<month>(?<![\w.])(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?![\d-]))
  | (?P<dmy>(?<![\w.])(?P<dmy_day>[0-3]?\d)\s(?P<dmy_month>{MONTH_NAME})\s(?P<dmy_year>(?:19|20)\d\d)\b)
  | (?P<usd>\$\s?(?P<usd_number>{NUMBER})(?P<usd_scale>\s?(?:K|M|B|thousand|million|billion)\b)?(?P<usd_per>{PER_MILLION}|{PER_THOUSAND}|{PER_BILLION}|{PER_TOKEN}|{PER_MONTH})?)
  | (?P<usd_suffix>(?P<usd_suffix_number>{NUMBER})\s?(?:USD|US\$|dollars?|bucks?)\b(?P<usd_suffix_per>{PER_MILLION}|{PER_THOUSAND}|{PER_BILLION}|{PER_TOKEN}|{PER_MONTH})?)
  | (?P<cents>(?P<cents_number>{NUMBER})\s?(?:cents?\b|¢)(?P<cents_per>{PER_MILLION}|{PER_THOUSAND}|{PER_TOKEN})?)
  | (?P<ratio>(?<![\w.,/$])(?P<ratio_a>\d{{1,3}})/(?P<ratio_b>\d{{1,3}})(?![\d/]))
  | (?P<range>(?<![\w.,$])(?P<range_a>{NUMBER})\s?[–—]\s?(?P<range_b>{NUMBER})(?P<range_suffix>%|\s?(?:points|pts)\b)?)
  | (?P<plain>(?<![\w.,$/]){NUMBER}(?![\d]))(?P<suffix>\s?%|\s?percent\b|\s?(?:pts|pp|points?|percentage\ points)\b|\s?[×x](?![\w])|\s?times\b|[KkMBT](?![\w])|[\s-]?(?:thousand|million|billion|trillion)\b|\s?(?:-\s?)?tokens?\b)?
  )
"""
EXTRACT_WORDS = rf"""
    \b(?=[{WORD_INITIALS}])(?:
    (?P<dollar_word>(?:{DOLLAR_WORD})\b(?P<dollar_word_per>{PER_MILLION}|{PER_THOUSAND}|{PER_BILLION}|{PER_TOKEN}|{PER_MONTH})?)
  | (?P<multiple_word>(?:twice|double|half|triple|thrice)\b(?!-digit))
  | (?P<word>{NUMBER_WORD}\b)(?P<word_times>\s+times\b)?
  | (?P<quarter>(?:Q(?P<quarter_number>[1-4])|(?P<quarter_word>first|second|third|fourth)\ quarter\ of)\s(?P<quarter_year>(?:19|20)\d\d)\b)
  | (?P<part>(?P<part_word>early|mid|late|spring|summer|autumn|fall|winter)[- ](?:of\ )?(?P<part_year>(?:19|20)\d\d)\b)
  | (?P<named>{MONTH_NAME}\s(?:(?P<named_day>[0-3]?\d)(?:st|nd|rd|th)?,?\s)?(?:of\s)?(?:(?P<named_year>(?:19|20)\d\d)|['’](?P<named_short_year>\d\d))\b)
  )
    """
EXTRACT = re.compile(f"{EXTRACT_NUMBERS}|{EXTRACT_WORDS}", re.X | re.I | re.M)
# EXTRACT's two halves apart: a figure reader searches for each by its own first characters.
NUMBER_FIGURE, WORD_FIGURE = (re.compile(source, re.X | re.I | re.M) for source in (EXTRACT_NUMBERS, EXTRACT_WORDS))
# Where NUMBER_FIGURE can match (its opening lookahead): a character set sre searches for in C, where
# a pattern that opens with a lookahead is tried at every position.
NUMBER_START = re.compile(r"[\d$]")
SCALES = {
    "k": 1000,
    "thousand": 1000,
    "m": 10**6,
    "million": 10**6,
    "b": 10**9,
    "billion": 10**9,
    "t": 10**12,
    "trillion": 10**12,
}
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
    "gap": ("points",),
    "year": ("date", "month"),
    "quarter": ("date", "month"),
    "part": ("date", "month"),
    "date": ("date",),
    "month": ("month", "date"),
}

# Benchmarks comparison pages quote; the facts hold scores for some of them.
OTHER_BENCHMARKS = (
    "MMLU", "MMLU-Pro", "GPQA", "GPQA Diamond", "HumanEval", "GSM8K", "MATH-500", "HellaSwag", "ARC-Challenge",
    "MT-Bench", "LiveCodeBench", "SWE-bench", "SWE-bench Verified", "AIME", "IFEval", "MBPP", "TruthfulQA",
    "WinoGrande", "MMMU", "SimpleQA", "Arena-Hard", "BIG-Bench Hard",
)  # fmt: skip
UNLISTED_BENCHMARK = "unlisted_benchmark"
# "it costs $28.50", "and it is carried by one more provider": "it" as a clause's subject.
IT_SUBJECT = re.compile(r"\b[Ii]t\s+(?:(?:only|also|still|just)\s+)?(?:[a-z]+s|is|has)\b")
# The words that set one figure against another ("16 experts against 128", "6 providers vs 2").
COMPARED_WORDS = r"against|vs\.?|versus|compared\s+(?:with|to)"
# Words that name the attribute a nearby figure is about. Price words and benchmark names carry
# across a sentence ("On MMLU-Pro, X leads by 59.1 points"); the others only within a clause.
SENTENCE_WIDE = {"input_price", "output_price", "blended_price", "monthly_cost", "context_window"}
ATTRIBUTE_WORDS = [
    # A route's previous price is an input or output price too ("moved its input price from $X to $Y").
    # "takes prompts of up to 1M tokens": the context window, not the input price.
    (r"prompts?\s+of\s+up\s+to|per\s+prompt|in\s+(?:one|a\s+single)\s+prompt", {"context_window"}),
    # "a 70/30 input/output split": the mix a blended price assumes, neither the input nor the output price.
    (
        r"input\s*[/-]\s*output\s+(?:split|mix|ratio|weighting)",
        {"blended_price", "blend_input_share", "blend_output_share"},
    ),
    (r"input|prompt", {"input_price", "previous_input_price", "blend_input_share", "traffic_input_tokens"}),
    (r"output|completion", {"output_price", "previous_output_price", "blend_output_share", "traffic_output_tokens"}),
    # "Blended price" is the price; "blend" alone may be the mix of input and output it assumes.
    (r"blended\s+(?:price|cost|rate|basis|terms)", {"blended_price"}),
    (r"blend", {"blended_price", "blend_input_share", "blend_output_share"}),
    (r"month|traffic", {"monthly_cost", "traffic_input_tokens", "traffic_output_tokens"}),
    (r"context|window", {"context_window"}),
    # "They share seven providers", "5 hosts in common": one keyword over the count, so it is the shared count.
    (r"shares?\s+(?:[\w-]+\s+){1,2}?(?:providers?|routes?|hosts?)\b", {"shared_providers"}),
    (r"(?:providers?|routes?|hosts?)\s+in\s+common|of\s+them\s+(?:are\s+)?shared", {"shared_providers"}),
    (r"provider|route", {"provider_count", "shared_providers"}),
    (r"shared benchmarks?|benchmarks", {"shared_benchmarks"}),
    (r"shared (?:providers?|routes?|hosts?)", {"shared_providers"}),
    (r"shared", {"shared_providers", "shared_benchmarks"}),
    (r"active", {"active_parameters"}),
    (r"param", {"parameters", "active_parameters"}),
    (r"releas|launch|debut|came out|arrived|shipped", {"release_date"}),
    (r"cutoff|knowledge|training data", {"knowledge_cutoff"}),
    (r"reviewed", {"last_reviewed"}),
    (r"checked", {"source_checked"}),
]
# The lookahead on the characters a break can start with lets most positions fail at once.
# "more than five providers" is a hedge on the figure, no clause of another model.
CLAUSE_BREAK = re.compile(
    r"(?=[,;()\n|!?.wvabtcr])(?:[,;()\n|!?]|\.(?!\d)|\b(?=[wvabtcr])(?:while|whereas|versus|vs\.?|against|but|than(?<!more than)(?<!less than)(?<!fewer than)|compared with|respectively)\b)",
    re.I,
)
# The full stop of an abbreviation ("79.1 vs. 20.0", "e.g.") ends no sentence. Each branch opens with
# a literal character, so sre searches by their set (a lookahead first would try every position).
SENTENCE_BREAK = re.compile(r"[;!?\n|]|\.(?!\d)(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bapprox\.)")

CAPABILITY_WORDS = {
    "vision": r"vision|image (?:input|understanding)",
    "multimodal": r"multimodal(?: input)?",
    "reasoning": r"reasoning(?: mode)?",
    "function_calling": r"function[- ]calling",
    "tool_use": r"tool[- ]use",
    "structured_outputs": r"structured outputs?",
    "code_execution": r"code execution",
}
CAPABILITY = r"\b(?=[vmrftsci])(?:" + "|".join(f"(?:{pattern})" for pattern in CAPABILITY_WORDS.values()) + ")"
CAPABILITY_PATTERN = re.compile(CAPABILITY, re.I)
CAPABILITY_LIST = rf"(?:{CAPABILITY})(?:(?:,? and |, |,? or |,? nor )(?:{CAPABILITY}))*"
SUBJECT = rf"(?=[\x00BbTt])(?:[Bb]oth (?:{MODEL}) and (?:{MODEL})|{MODEL}(?: \([^)\n]*\))?(?:,? and {MODEL}(?: \([^)\n]*\))?)?|[Bb]oth(?: models)?|[Tt]hey)"

# The letters a licence name in LICENCES starts with.
LICENCE_INITIALS = "ABCGL"
LICENCES = r"\b(?:Apache(?: License)?[ -]2\.0|(?:A|L)?GPL[ -]?v?[23](?:\.0)?|CC[ -]BY(?:-[A-Z]{2})*[ -]\d\.\d|BSD[ -]\d-Clause|Llama \d(?:\.\d)? Community(?: License)?)"
MARKDOWN_NOISE = re.compile(r"<!--.*?-->|\]\([^)\n]*\)|<(?:https?|mailto):[^>\s]*>|https?://\S+|<[a-z/][^>\n]*>", re.S)
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}")


def trie_alternation(names) -> str:
    """A regular expression matching any of the literal names, the longest that matches first, as a
    trie: at a position the engine follows one path of shared prefixes instead of trying every name
    in turn (a pair masks hundreds of names and fact texts). Two names that differ at some character
    cannot both match at one place, so the first path found, longer continuations tried first, is the
    longest name there, as in a longest-first alternation."""
    root: dict = {}
    for name in names:
        node = root
        for character in name:
            node = node.setdefault(character, {})
        node[""] = {}
    return _trie_node(root)


def _trie_node(node: dict) -> str:
    # A run of single children (most of a long name) is one literal, not a nesting per character.
    run = ""
    while len(node) == 1 and "" not in node:
        ((character, node),) = node.items()
        run += re.escape(character)
    branches = [re.escape(character) + _trie_node(child) for character, child in sorted(node.items()) if character]
    if not branches:
        return run
    if len(branches) == 1 and "" not in node:
        return run + branches[0]
    alternation = "(?:" + "|".join(branches) + ")"
    # A name may end here: the longer names through this node are tried first, then the end.
    return run + (alternation + "?" if "" in node else alternation)


# sre searches a pattern that opens with a character set (or with branches that each open with a literal
# character) by that set, in C, and tries the whole pattern only where it matches; a pattern that opens
# with a lookahead, a lookbehind or \b, or with a letter under re.IGNORECASE, is tried at every position
# (several times slower over a page). The helpers below write patterns in the first form, or find the
# few places a pattern can match by substring search in a lower-case copy of the text.

# The non-ASCII characters re.IGNORECASE matches to ASCII letters, by the letter.
FOLDED_TO_ASCII = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}
# str.lower() turns this one into two characters: a lower-case copy's offsets shift after it.
LENGTHENED_BY_LOWER = "\u0130"


def folds_to_ascii(text: str) -> bool:
    """Whether the text holds a character re.IGNORECASE matches to an ASCII letter (where str.lower()
    and re.IGNORECASE part ways, so a lower-case copy cannot stand in for the pattern)."""
    # An ASCII text holds none (a flag of the string: no character is read).
    if text.isascii():
        return False
    return any(character in text for folded in FOLDED_TO_ASCII.values() for character in folded)


def case_free_initials(words) -> str:
    """A character set of the words' first letters as re.IGNORECASE matches them, for a pattern
    compiled without that flag (under it, a set of letters is not searched by)."""
    letters = {word[0] for word in words}
    variants = {variant for letter in letters for variant in (letter.lower(), letter.upper())}
    variants |= {folded for letter in letters for folded in FOLDED_TO_ASCII.get(letter.lower(), "")}
    return "[" + re.escape("".join(sorted(variants))) + "]"


def case_free_words(words, word_start: bool = False) -> str:
    """The alternation of the lower-case words, case-insensitive, for a pattern compiled without
    re.IGNORECASE that opens with it: the first letters' set, then each word's rest behind a
    lookbehind on its first letter. `word_start` asks for a word boundary before the word (as \\b)."""
    boundary = r"(?<!\w.)" if word_start else ""
    rests = "|".join(f"(?<={re.escape(word[0])}){word[1:]}" for word in words)
    return f"{case_free_initials(words)}{boundary}(?i:{rests})"


def mentions_any(text: str, words: tuple[str, ...], pattern: re.Pattern) -> bool:
    """Whether `pattern`, the case-insensitive alternation of the lower-case literal `words`, matches
    anywhere in the text: substring tests of its lower-case copy (str.lower() agrees with
    re.IGNORECASE on ASCII letters), or the pattern itself when the text holds a character that
    re.IGNORECASE matches to an ASCII letter."""
    if folds_to_ascii(text):
        return pattern.search(text) is not None
    lowered = text.lower()
    return any(word in lowered for word in words)


# The words a figure in words (WORD_FIGURE) starts with, in lower case, as one alternation of literals
# sre searches for by their first letters, over a lower-case copy of a text.
FIGURE_WORD_STARTS = re.compile(
    trie_alternation(
        sorted(
            {
                *UNITS_WORDS,
                *TENS_WORDS,
                *MULTIPLE_WORDS,
                *MONTHS,
                *QUARTER_WORDS,
                *PART_MONTHS,
                *DOLLAR_WORDS,
                "q",
                "a hundred",
            }
        )
    )
)


def matches_at(pattern: re.Pattern, text: str, starts, start: int, end: int) -> Iterator[re.Match]:
    """pattern.finditer(text, start, end) for a pattern that can match only at the given positions
    (in order): each tried once, skipping those a match already covers, as finditer would."""
    position = start
    for candidate in starts:
        if position <= candidate < end:
            match = pattern.match(text, candidate, end)
            if match:
                yield match
                position = match.end()


def lower_case_starts(text: str, start: int, end: int, words: tuple[str, ...]) -> list[int] | None:
    """Where in text[start:end] one of the lower-case words begins, in any case, in order (each place
    once); None when the stretch holds a character str.lower() and re.IGNORECASE disagree on (the
    caller then reads it as before)."""
    stretch = text[start:end]
    if folds_to_ascii(stretch):
        return None
    lowered = stretch.lower()
    found = []
    for word in words:
        at = lowered.find(word)
        while at != -1:
            found.append(start + at)
            at = lowered.find(word, at + 1)
    return sorted(set(found))


def model_starts(masked: str, start: int, end: int) -> list[int]:
    """Where each model's mask begins in masked[start:end]."""
    found, at = [], masked.find(MODEL_START, start, end)
    while at != -1:
        found.append(at)
        at = masked.find(MODEL_START, at + 1, end)
    return found
