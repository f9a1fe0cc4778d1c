"""Claims without numbers (family 8 of the corpus): names the facts do not hold (an organisation,
product or provider, or a provider the model is not tracked on), who made a model, its licence and
openness, and superlatives no fact can support."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from generator.comparison import Fact
from generator.factids import model_fact
from generator.validation.checkers.capabilities import NEGATION
from generator.validation.checkers.pairs import SPEC_LABEL
from generator.validation.scan import Region, Scan, following, previous
from generator.validation.vocabulary import (
    LENGTHENED_BY_LOWER,
    LIKE_BEFORE,
    MODEL,
    MODEL_START,
    MONTH_NAME,
    NAME_FILL,
    lower_case_starts,
    matches_at,
    trie_alternation,
)

if TYPE_CHECKING:
    from generator.validation.validator import Validator

# Organisations, products and hosts a comparison page may name; one the pair's facts do not hold is
# an unknown name. Hosts (second set) are checked against the routes the facts track.
ORGANISATIONS = (
    "OpenAI", "Anthropic", "Google", "DeepMind", "Google DeepMind", "Meta", "Facebook", "Microsoft", "Mistral AI", "Mistral",
    "Cohere", "xAI", "Amazon", "Alibaba", "Alibaba Cloud", "DeepSeek", "NVIDIA", "Nvidia", "Apple", "IBM", "AI21 Labs", "AI21",
    "Stability AI", "Inflection", "Zhipu", "Moonshot AI", "Baidu", "Tencent", "ByteDance", "Arcee AI", "Arcee", "Hugging Face",
    "ChatGPT", "Copilot", "Bard", "Perplexity", "Character.AI", "Reka", "Databricks", "Snowflake", "Salesforce", "Samsung", "TII",
)  # fmt: skip
HOSTS = (
    "Groq", "Together AI", "Together", "Fireworks AI", "Fireworks", "Replicate", "Anyscale", "Lambda", "Baseten", "Modal", "OctoAI",
    "Lepton AI", "DeepInfra", "Novita AI", "Cerebras", "SambaNova", "Hyperbolic", "Nebius", "OpenRouter", "AWS Bedrock", "Amazon Bedrock",
    "Bedrock", "Vertex AI", "Google Vertex AI", "Azure", "Azure OpenAI", "Azure AI Foundry", "Cloudflare", "Cloudflare Workers AI",
    "Workers AI", "NVIDIA NIM", "NIM", "Bitdeer AI", "IBM watsonx.ai", "watsonx", "Vercel AI Gateway", "Oracle Cloud", "Google AI Studio",
)  # fmt: skip
HOST_STEMS = (
    "available",
    "offered",
    "served",
    "hosted",
    "deployed",
    "accessible",
    "listed",
    "priced",
    "run",
    "sold",
    "reachable",
    "reached",
    "accessed",
    "called",
    "found",
)
HOSTED = r"(?:available|offered|served|hosted|deployed|accessible|listed|priced|runs?|running|sold|reachable|reached|accessed|called|found)\s+(?:directly\s+)?(?:on|via|through|from|at|by|with)\s+"
HOST_CONTEXT = re.compile(rf"{HOSTED}(?!{MONTH_NAME}\s)(?P<name>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)")
# "Also served by Cohere": a maker the pair's facts also track as a provider, named as a host.
HOSTED_BEFORE = re.compile(rf"{HOSTED}$")
EACH = re.compile(r"\b(?:both|each)\b|\bthe\s+two\s+share\b|\bin\s+common\b", re.I)
# "... both models are served there", "run X there, right next to Y": the host serves each model.
BOTH_THERE = re.compile(
    rf"\b(?:both|each)\b[^.;:\n]*\bthere\b|\b(?:next\s+to|alongside|along\s+with|together\s+with)\s+{MODEL}", re.I
)
NAME_WORD = re.compile(r"[A-Za-z][\w&]*(?:\.[A-Za-z]+)*")
LOOSE_WORDS = {
    "ai",
    "at",
    "inc",
    "the",
    "team",
    "labs",
    "lab",
    "research",
    "cloud",
    "api",
    "platforms",
    "technologies",
    "corp",
    "company",
}
ORGANISATION_ALIASES = {
    "facebook": "meta",
    "qwen": "alibaba",
    "tongyi": "alibaba",
    "deepmind": "google",
    "aws": "amazon",
    "nvidia": "nvidia",
    "mistralai": "mistral",
}

WORD = r"[A-Z][\w&-]*(?:\.[A-Za-z]+)*"
# "the Chinese lab DeepSeek", "the Paris-based startup Mistral AI": words before the maker's name.
MAKER_DESCRIPTION = (
    r"(?:(?:Chinese|American|French|Canadian|British|Israeli|European|US|U\.S\.|[A-Z][a-z]+-based)\s+)?"
    r"(?:(?:AI\s+)?(?:lab|laboratory|company|startup|start-up|firm|team|giant|group|developer)\s+)?"
)
NAME = rf"(?:{WORD}|xAI)(?:\s+(?:{WORD}|at\s+[A-Z]\w*))*"
MAKER = re.compile(
    rf"\b(?:(?:developed|made|built|created|trained|released|published|produced|designed|backed|maintained|owned|launched)\s+by|(?:comes?|hails?|originates?)\s+from|(?:a\s+)?(?:product|creation|brainchild)\s+of)\s+(?:the\s+)?{MAKER_DESCRIPTION}(?P<org>{NAME})"
    rf"|(?P<org2>{NAME})'s\s+(?:[\w-]+\s+)?(?P<m2>{MODEL})"
    rf"|(?P<m3>{MODEL})\s+(?:\([^)]*\)\s+)?(?:from|by)\s+(?P<org3>{NAME})"
    rf"|(?P<org4>{NAME})\s+(?:develops|developed|makes|made|built|builds|released|releases|trained|created|ships|shipped|launched)\s+(?P<m4>{MODEL})"
    rf"|(?P<m5>{MODEL})\**\s+(?:is|was)\s+(?:an?\s+|the\s+)?(?P<org5>{NAME})'s\b"
)
# Every maker claim holds one of these words: the long pattern is tried only in a window around one.
MAKER_ANCHOR = re.compile(
    r"(?=[bdmrtcsflp'])(?:\b(?:by|from|develops|developed|makes|made|builds|built|releases|released|trains|trained|creates|created|ships|shipped|launches|launched)\s|(?:product|creation|brainchild)\s+of\s|'s\s)"
)
# A stem of each anchor word, and the most characters an anchor runs on after its stem ("shipped ").
MAKER_STEMS = (
    "by",
    "from",
    "develop",
    "make",
    "made",
    "build",
    "built",
    "release",
    "train",
    "creat",
    "ship",
    "launch",
    "product",
    "creation",
    "brainchild",
    "'s",
)
MAKER_STEM_TAIL = 4
LICENCE = re.compile(
    r"\b(?=[AaMmLlGgCcDdBbOoPpWwRrDdNnUu])(?:(?P<licence>Apache(?:\s+License)?[ -]?2(?:\.0)?|Apache(?=[- ]licen[cs]ed)|MIT(?:\s+[Ll]icen[cs]e)?|Llama\s+\d(?:\.\d)?\s+Community(?:\s+License)?|Gemma\s+(?:Terms\s+of\s+Use|[Ll]icen[cs]e)|CC[ -]BY[-\w.]*(?:\s\d\.\d)?|DeepSeek\s+(?:Model\s+)?License|(?:A|L)?GPL[ -]?v?[23](?:\.0)?|BSD[ -]\d-Clause)"
    r"|\b(?P<open_weights>open[- ]weights?|openly\s+(?:licensed|available)|(?:downloadable|public|released|available)\s+weights|weights\s+(?:are|were)\s+(?:public|open|released|downloadable|available))\b"
    r"|\b(?P<open_source>open[- ]source)\b"
    r"|\b(?P<proprietary>proprietary|closed[- ](?:source|weights?|model)|API[- ]only|closed)\b"
    r"|\b(?P<permissive>permissive(?:ly)?(?:\s+licen[cs]ed?)?)\b"
    r"|\b(?P<commercial>(?:non-?)?commercial(?:ly)?\s+(?:use|usage|deployments?|purposes|applications|products)|used\s+commercially|non-?commercial)\b)",
    re.I,
)
# "Its licence rules out commercial use": a verb that denies what follows it.
DENIES_BEFORE = re.compile(
    r"\b(?:rules?\s+out|ruling\s+out|forbids?|forbidding|prohibits?|prohibiting|bars?|barring|bans?|banning|disallows?|excludes?|excluding)\s+(?:any\s+|all\s+)?$",
    re.I,
)
# "restricts commercial use" may say "allowed with conditions": no claim either way.
RESTRICTS_BEFORE = re.compile(r"\b(?:restrict\w*|limit\w*|conditions?\s+on)\s+(?:\w+\s+)?$", re.I)
LICENCE_STEMS = (
    "licen",
    "apache",
    "mit",
    "llama",
    "gemma",
    "cc",
    "deepseek",
    "gpl",
    "bsd",
    "open",
    "weights",
    "proprietary",
    "closed",
    "api",
    "permissive",
    "commercial",
    "used commercially",
)
# A licence named by its vendor's capitalised words, none of them an article or a preposition.
VENDOR_LICENCE_WORDS = re.compile(
    r"(?:(?!(?:The|A|An|Its|Their|Under|This|That|Both|Each|Our|Your|Same)\b)[A-Z][\w.-]*\s+){1,3}$"
)
VENDOR_LICENCE = re.compile(r"(?P<licence>(?:[A-Z][\w.-]*\s+){1,3}Licen[cs]e\b)")
# A mixture of experts against a dense model; "decoder-only" says neither (an MoE model is one too).
ARCHITECTURE = re.compile(
    r"\b(?=[mMsSdD])(?:(?P<experts>mixture[- ]of[- ]experts|MoE|sparse(?:ly[- ]activated)?\s+(?:model|architecture|design|transformer))"
    r"|(?P<dense>dense(?:\s+(?:model|transformer|architecture|design|decoder))))\b",
    re.I,
)
ARCHITECTURE_STEMS = ("mixture", "moe", "sparse", "dense")
# The words (lower case) a LICENCE match opens with.
LICENCE_OPENINGS = (
    *("apache", "mit", "llama", "gemma", "cc", "deepseek", "agpl", "lgpl", "gpl", "bsd"),
    *("open", "downloadable", "public", "released", "available", "weights", "proprietary", "closed", "api"),
    *("permissive", "commercial", "non-commercial", "noncommercial", "used"),
)
OPEN_LICENCES = re.compile(r"apache|mit\b|bsd|gpl", re.I)
SUPERLATIVE_STEMS = (
    "frontier",
    "state",
    "sota",
    "best",
    "world",
    "industry",
    "cutting",
    "leading",
    "groundbreaking",
    "game",
    "unmatched",
    "unrival",
    "unparallel",
    "revolution",
    "top",
    "most",
    "dominat",
    "successor",
    "predecessor",
    "undisputed",
    "unquestioned",
    "leader among",
    "leads",
    "wins",
    "rank",
    "place",
    "number",
    "sits",
)
SUPERLATIVE = re.compile(
    r"\b(?=[fsbwicgurtlmpdn1])(?:frontier(?:[- ](?:class|level|grade))?|state[- ]of[- ]the[- ]art|SOTA|best[- ]in[- ]class|world[- ]class|industry[- ]leading|cutting[- ]edge|leading[- ]edge"
    r"|groundbreaking|(?:direct\s+)?(?:successor|predecessor)|undisputed|unquestioned|leader\s+among\s+(?:all\s+)?(?:open\s+|small\s+|large\s+)?models|game[- ]chang(?:er|ing)|unmatched|unrivall?ed|unparalleled|revolutionary|top[- ]tier|best[- ]performing|most\s+(?:powerful|capable|advanced|intelligent)"
    r"|(?:the\s+(?:very\s+)?|(?<=['’]s\s))best(?!\s+(?:suited|fit)|-suited)|(?:tops|dominates|leads|wins)\s+(?:every|all(?:\s+the)?|each)\s+(?:leaderboards?|rankings?|charts?)"
    # A rank on a leaderboard: no fact holds one.
    r"|(?:ranks?|ranked|placed?|places|sits|comes\s+in)\s+(?:at\s+)?(?:#|No\.\s?|number\s+)\d+|number[- ]one|top[- ](?:ranked|rated)|(?:first|1st)\s+place)\b",
    re.I,
)


class NameChecker:
    """Names the pair's facts do not hold, and hosts a model is not tracked on."""

    kind = "names"
    cells = True

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        known = _known_words(validator)
        for match in scan.matches(_gazetteer(), region):
            name = match.group()
            if _inside_longer_name(scan, match.start(), match.end()):
                continue
            # A tracked provider's own row or cell in a table: the row's prices are checked against it.
            if region.in_table and scan.masked[match.start()] == NAME_FILL:
                continue
            if (name in HOSTS and name not in ORGANISATIONS) or (
                name in validator.provider_of_name
                and HOSTED_BEFORE.search(scan.masked, max(0, match.start() - 40), match.start())
            ):
                self._check_host(validator, scan, match.start(), match.end(), known)
            elif not _words(name) <= known:
                validator.unknown_entity(
                    scan,
                    match.start(),
                    match.end(),
                    f'"{name}" appears nowhere in the facts of this pair; drop it or add it to the facts',
                )
        if not region.in_table:
            # The pair's own providers the gazetteer does not list ("OVHcloud AI Endpoints"): a
            # sentence may name one for the model it does not host.
            for match in _pair_hosts(validator).finditer(scan.worded, region.start, region.end):
                self._check_host(validator, scan, match.start(), match.end(), known)
        for match in (
            match
            for start, end in scan.windows(HOST_STEMS, region, 0, 80)
            for match in HOST_CONTEXT.finditer(scan.masked, start, end)
        ):
            start, end = match.span("name")
            if match.group("name") in validator.provider_of_name:
                # A provider of this pair's facts: it must host the model the sentence names.
                self._check_host(validator, scan, start, end, known)
            elif not _words(match.group("name")) <= known and not _gazetteer().match(scan.masked, start):
                validator.unknown_entity(
                    scan,
                    start,
                    end,
                    f'"{match.group("name")}" is not a provider the facts track; drop it or add it to the facts',
                )

    def _check_host(self, validator: Validator, scan: Scan, start: int, end: int, known: frozenset[str]) -> None:
        """A host is a finding unless the facts track a route there for the model the sentence names."""
        name = scan.text[start:end]
        served = HOST_SERVES.match(scan.masked, end)
        if (
            _words(name)
            and all(_words(name) <= _tracked_words(validator, model_id) for model_id in validator.pair)
            and not _ranks_the_host(scan, start)
            and not (served and served.group("m2"))
        ):
            # Tracked for both models: a route of whichever the sentence is about (the verdict below
            # holds for each model alone, for both, and for either), so the model is not looked for.
            validator.add(scan, start, end, "entity", True)
            return
        model = scan.models[served.start("m")][1] if served else validator.model_for(scan, start, end)
        if served and served.group("m2"):
            # "Groq serves X but not Y": the host must not serve Y.
            self._check_not_hosted(validator, scan, start, end, scan.models[served.start("m2")][1])
        models = [model] if model in validator.pair else list(validator.pair)
        hosts = [_tracked_words(validator, model_id) for model_id in models]
        # "Both models can be reached through X", "Only X carries both models": X must host each of them.
        clause_start, clause_end = (
            previous(scan.clause_breaks, start),
            following(scan.clause_breaks, end, len(scan.masked)),
        )
        sentence_start, sentence_end = scan.sentence(start)
        # "... through Groq, ... since both models are served there": "there" is the host of both.
        each = model not in validator.pair and (
            EACH.search(scan.masked, clause_start, clause_end) or BOTH_THERE.search(scan.masked, end, sentence_end)
        )
        tracked = frozenset.intersection(*hosts) if each else frozenset().union(*hosts)
        if _words(name) & tracked and (_words(name) <= tracked or len(_words(name)) == 1):
            if not self._check_cheapest_host(validator, scan, start, end, model):
                self._check_only_host(validator, scan, start, end, model)
            return
        about = validator.names.get(model) or "either model"
        validator.unknown_entity(
            scan,
            start,
            end,
            f"the facts track no {name} route for {about}; name a tracked provider or drop it",
        )

    def _check_not_hosted(self, validator: Validator, scan: Scan, start: int, end: int, model: str) -> None:
        name = scan.text[start:end]
        if _words(name) <= _tracked_words(validator, model):
            message = f"the facts track a {name} route for {validator.names[model]} too"
            validator.find(scan, start, end, "unsupported_claim", message, None)

    def _check_cheapest_host(self, validator: Validator, scan: Scan, start: int, end: int, model: str | None) -> bool:
        """ "X is cheapest on Groq", "the cheapest way to run X is Groq": the facts' cheapest route of X.
        False when the host is named as no cheapest route."""
        clause_start = previous(scan.clause_breaks, start)
        fact = validator.facts.get(model_fact(model, "cheapest_route")) if model in validator.pair else None
        if fact is None or not fact.known or not CHEAPEST_BEFORE.search(scan.masked, clause_start, start):
            return False
        name = scan.text[start:end]
        verified = _words(name) == _words(fact.display)
        validator.add(scan, start, end, "entity", verified, fact=fact)
        if not verified:
            message = f"the facts make {fact.display} the cheapest route of {validator.names[model]}, not {name}"
            validator.find(scan, start, end, "unsupported_claim", message, fact)
        return True

    def _check_only_host(self, validator: Validator, scan: Scan, start: int, end: int, model: str | None) -> None:
        """ "Only X is offered through Groq": a host of X that also hosts the other model is no "only"."""
        only = ONLY_MODEL.search(scan.masked, previous(scan.clause_breaks, start), start)
        other = validator.other(model) if model in validator.pair else None
        shared = only and other and scan.models[only.start("m") if only.group("m") else only.start("m2")][1] == model
        if shared and _words(scan.text[start:end]) <= _tracked_words(validator, other):
            validator.add(scan, start, end, "entity", False)
            message = f"the facts track a {scan.text[start:end]} route for {validator.names[other]} too, so not only {validator.names[model]}"
            validator.find(scan, start, end, "unsupported_claim", message, None)
            return
        validator.add(scan, start, end, "entity", True)


class MakerChecker:
    """ "Developed by X", "X's MODEL", "MODEL from X": X is the model's organisation in the facts."""

    kind = "maker"
    cells = False

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        seen: set[int] = set()
        # Each window is the anchor's sentence, so no name is cut at a window's edge; a sentence with
        # several anchors is read once.
        spans = dict.fromkeys(_sentence_around(scan, region, anchor.start()) for anchor in _maker_anchors(scan, region))
        windows = (MAKER.finditer(scan.worded, start, end) for start, end in spans)
        for match in (match for window in windows for match in window):
            if match.start() in seen:
                continue
            seen.add(match.start())
            group = next(name for name in ("org", "org2", "org3", "org4", "org5") if match.group(name))
            if scan.in_question(match.start()):
                continue
            stated = match.group(group)
            if stated in HOSTS and stated not in ORGANISATIONS:
                continue
            # "That makes X cheaper": before a verb, only a known organisation is a maker.
            if group in ("org2", "org4", "org5") and not (
                _gazetteer().fullmatch(stated) or _words(stated) & _known_words(validator)
            ):
                continue
            model_group = {"org2": "m2", "org3": "m3", "org4": "m4", "org5": "m5"}.get(group)
            models = (
                [scan.models[match.start(model_group)][1]] if model_group else _subjects(validator, scan, match.start())
            )
            for model in models:
                self._check(validator, scan, match.start(group), match.end(group), model, stated)

    def _check(self, validator: Validator, scan: Scan, start: int, end: int, model: str, stated: str) -> None:
        fact = validator.facts.get(model_fact(model, "organization"))
        verified = bool(fact and fact.known and _organisation_words(stated) & _organisation_words(fact.value))
        validator.add(scan, start, end, "claim", verified, fact=fact)
        if not verified:
            said = fact.display if fact and fact.known else "no sourced organisation"
            validator.find(
                scan,
                start,
                end,
                "unsupported_claim",
                f"the facts name {said} as the maker of {validator.names.get(model, model)}",
                fact,
            )


class LicenceChecker:
    """ "Apache 2.0", "open weights", "open source", "proprietary": checked against the licence and
    openness facts of the model the sentence is about (negations flip the claim)."""

    kind = "licence"
    cells = True

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        if region.in_table:
            self._check_cell(validator, scan, region)
            return
        # Windows may overlap: a licence found twice is read once.
        matches = {
            match.start(): match
            for start, end in scan.windows(LICENCE_STEMS, region)
            for match in _licences(scan.worded, start, end)
        }
        shared = self._distributed(validator, scan, list(matches.values()))
        for match in shared.values():
            self._check_either(validator, scan, match)
        sides = self._spec_line(validator, scan, list(matches.values()))
        for match, model in sides.values():
            self._check(validator, scan, match, model, True)
        unshared = (match for match in matches.values() if match.start() not in shared and match.start() not in sides)
        for match, model, claimed in _claims_about_subjects(validator, scan, unshared):
            self._check(validator, scan, match, model, claimed)

    def _check_cell(self, validator: Validator, scan: Scan, region: Region) -> None:
        """ "| License | MIT | Apache 2.0 |": a licence or openness named in a model's column is that model's."""
        model = region.cell.model if region.cell else None
        if model in validator.pair:
            for match in _cell_licences(scan.worded, region.start, region.end):
                self._check(validator, scan, match, model, True)

    def _distributed(self, validator: Validator, scan: Scan, matches: list[re.Match]) -> dict[int, re.Match]:
        """ "Both ship open weights, under the DeepSeek Model License and the Llama 3.3 Community License
        respectively": licence names said of the pair together, one each."""
        by_sentence: dict[int, list[re.Match]] = {}
        for match in matches:
            if match.lastgroup == "licence":
                by_sentence.setdefault(scan.sentence(match.start())[0], []).append(match)
        return {
            match.start(): match
            for listed in by_sentence.values()
            if len(listed) > 1 and set(_subjects(validator, scan, listed[0].start(), after=True)) == set(validator.pair)
            for match in listed
        }

    def _spec_line(self, validator: Validator, scan: Scan, matches: list[re.Match]) -> dict[int, tuple[re.Match, str]]:
        """ "License: Llama 3.2 Community License vs Apache 2.0": two licences on a labelled line naming
        no model are the page's two models', in its order."""
        by_sentence: dict[int, list[re.Match]] = {}
        for match in matches:
            if match.lastgroup == "licence":
                by_sentence.setdefault(scan.sentence(match.start())[0], []).append(match)
        sides = {}
        for sentence_start, listed in by_sentence.items():
            sentence_end = scan.sentence(sentence_start)[1]
            if (
                len(listed) == 2
                and not scan.models_between(sentence_start, sentence_end)
                and SPEC_LABEL.match(scan.masked, sentence_start, listed[0].start())
                and VERSUS_BETWEEN.fullmatch(scan.masked, listed[0].end(), listed[1].start())
            ):
                sides |= {match.start(): (match, model) for match, model in zip(listed, validator.pair, strict=True)}
        return sides

    def _check_either(self, validator: Validator, scan: Scan, match: re.Match) -> None:
        """A licence of a list said of both models: it must be one model's licence."""
        holders = [model for model in validator.pair if self._holds_licence(validator, model, match.group())]
        model = holders[0] if holders else validator.pair[0]
        fact = validator.facts.get(model_fact(model, "license"))
        _record_claim(validator, scan, match, model, True, bool(holders), fact)

    def _holds_licence(self, validator: Validator, model: str, stated: str) -> bool:
        licence = validator.facts.get(model_fact(model, "license"))
        return bool(licence and licence.known and _same_licence(stated, str(licence.value)))

    def _check(self, validator: Validator, scan: Scan, match: re.Match, model: str, claimed: bool) -> None:
        licence, openness = (
            validator.facts.get(model_fact(model, "license")),
            validator.facts.get(model_fact(model, "openness")),
        )
        licence_text = str(licence.value) if licence and licence.known else ""
        open_text = str(openness.value) if openness and openness.known else ""
        kind = match.lastgroup
        if kind == "licence":
            holds, fact = bool(licence_text) and _same_licence(match.group(), licence_text), licence
        elif kind == "open_weights":
            holds, fact = open_text in ("open weights", "open source") if open_text else None, openness
        elif kind == "open_source":
            holds, fact = (
                (open_text == "open source" or bool(OPEN_LICENCES.search(licence_text))) if open_text else None,
                openness,
            )
        elif kind == "proprietary":
            holds, fact = open_text == "proprietary" if open_text else None, openness
        elif kind == "commercial":
            before = scan.worded[max(0, match.start() - 30) : match.start()]
            if RESTRICTS_BEFORE.search(before):
                return
            fact = validator.facts.get(model_fact(model, "commercial_use"))
            allowed = "not allowed" not in fact.display.lower() if fact and fact.known else None
            # What the text says: commercial use allowed (a denying verb or "non-" says the opposite).
            claimed = claimed != (bool(DENIES_BEFORE.search(before)) != match.group().lower().startswith("non"))
            holds = allowed
        else:
            holds, fact = bool(OPEN_LICENCES.search(licence_text)) if licence_text else None, licence
        _record_claim(validator, scan, match, model, claimed, holds is not None and holds == claimed, fact)


class ArchitectureChecker:
    """ "A mixture-of-experts model", "a dense transformer": checked against the architecture fact of
    the model the sentence is about (negations flip the claim; an unsourced architecture is a finding)."""

    kind = "architecture"
    cells = False

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        # "the MoE's $0.34" names a model by its architecture (a descriptor), claiming nothing.
        matches = (
            match
            for start, end in scan.windows(ARCHITECTURE_STEMS, region)
            for match in ARCHITECTURE.finditer(scan.worded, start, end)
            if not any(
                described <= match.start() < described_end for described, described_end in scan.descriptors.items()
            )
        )
        for match, model, claimed in _claims_about_subjects(validator, scan, matches):
            self._check(validator, scan, match, model, claimed)

    def _check(self, validator: Validator, scan: Scan, match: re.Match, model: str, claimed: bool) -> None:
        fact = validator.facts.get(model_fact(model, "architecture"))
        sourced = bool(fact and fact.known)
        experts = sourced and "mixture of experts" in str(fact.value).lower()
        verified = sourced and (experts if match.lastgroup == "experts" else not experts) == claimed
        _record_claim(validator, scan, match, model, claimed, verified, fact)


class SuperlativeChecker:
    """ "Frontier", "state-of-the-art", "the best", and lineage ("the successor to"): no fact of a
    two-model comparison supports them."""

    kind = "superlative"
    cells = False

    def check(self, validator: Validator, scan: Scan, region: Region) -> None:
        for match in (
            match
            for start, end in scan.windows(SUPERLATIVE_STEMS, region)
            for match in SUPERLATIVE.finditer(scan.masked, start, end)
        ):
            if scan.in_question(match.start()):
                continue
            validator.add(scan, match.start(), match.end(), "claim", False)
            validator.find(
                scan,
                match.start(),
                match.end(),
                "unsupported_superlative",
                f'no fact supports "{match.group()}"; state what the facts show (a score, a price, a lead) instead',
                None,
            )


def _maker_anchors(scan: Scan, region: Region) -> list[re.Match]:
    """MAKER_ANCHOR's matches in the region, looked for only around the stems each of them holds (a
    scan of every position of the text costs several times the stems' substring search)."""
    if LENGTHENED_BY_LOWER in scan.worded:
        # The stems are found in a lower-case copy, whose offsets this character would shift.
        return scan.matches(MAKER_ANCHOR, region)
    return [
        anchor
        for start, end in scan.windows(MAKER_STEMS, region, 0, MAKER_STEM_TAIL)
        for anchor in MAKER_ANCHOR.finditer(scan.worded, start, end)
    ]


def names_a_licence(worded: str, start: int, end: int) -> bool:
    """Whether a licence or an openness claim stands in worded[start:end] (a table cell)."""
    return next(_cell_licences(worded, start, end), None) is not None


def _cell_licences(worded: str, start: int, end: int) -> Iterator[re.Match]:
    """The licence and openness claims of a table cell: its commercial-use terms are read in prose
    only, where a negation after them ("Commercial use not allowed") is read with them."""
    return (match for match in _licences(worded, start, end) if match.lastgroup != "commercial")


def _licences(worded: str, start: int, end: int) -> Iterator[re.Match]:
    """The licence and openness claims of worded[start:end]: LICENCE's, and the vendor licences it does
    not list ("the Mistral Research License"), in the order of the text."""
    listed = list(listed_licences(worded, start, end))
    if worded.find("Licen", start, end) == -1:
        return iter(listed)
    return iter(sorted([*listed, *_vendor_licences(worded, start, end, listed)], key=lambda match: match.start()))


def listed_licences(worded: str, start: int, end: int) -> Iterator[re.Match]:
    """LICENCE.finditer(worded, start, end), tried only where one of its opening words stands (sre
    would try LICENCE, which opens with \\b, at every position)."""
    starts = lower_case_starts(worded, start, end, LICENCE_OPENINGS)
    if starts is None:
        return LICENCE.finditer(worded, start, end)
    return matches_at(LICENCE, worded, starts, start, end)


def _vendor_licences(worded: str, start: int, end: int, listed: list[re.Match]) -> Iterator[re.Match]:
    """ "Mistral Research License", "Qwen License": capitalised words before "License" that no listed
    licence covers, read as a licence name (the stated licence is then compared with the fact's)."""
    for word in re.finditer(r"Licen[cs]e\b", worded[start:end]):
        at = start + word.start()
        if any(match.start() <= at < match.end() for match in listed):
            continue
        opening = VENDOR_LICENCE_WORDS.search(worded, max(start, at - 60), at)
        if opening is not None:
            yield VENDOR_LICENCE.match(worded, opening.start(), end)


def _sentence_around(scan: Scan, region: Region, offset: int) -> tuple[int, int]:
    start, end = scan.sentence(offset)
    return max(region.start, start, offset - 200), min(region.end, end, offset + 200)


def _inside_longer_name(scan: Scan, start: int, end: int) -> bool:
    """Part of a longer known name (a source title "Amazon Bedrock pricing"), not a name of its own."""
    if scan.masked[start] != NAME_FILL:
        return False
    return scan.masked[start - 1 : start] == NAME_FILL or scan.masked[end : end + 1] == NAME_FILL


def _claims_about_subjects(
    validator: Validator, scan: Scan, matches: Iterable[re.Match]
) -> Iterator[tuple[re.Match, str, bool]]:
    """Each claim outside a question, with each model it is about and whether it is made or denied."""
    for match in matches:
        if scan.in_question(match.start()):
            continue
        claimed = _claimed(scan, match.start())
        for model in _subjects(validator, scan, match.start(), after=True):
            yield match, model, claimed


RANKING_CUES = ("nly", "lone", "heapest", "owest", "expensive")
# "Groq serves X (but not Y)": the host as the subject, the model as the object.
HOST_SERVES = re.compile(
    rf"\s+(?:also\s+)?(?:serves|hosts|carries|offers|lists|runs|sells)\s+(?P<m>{MODEL})(?:\s+but\s+not\s+(?P<m2>{MODEL}))?"
)
CHEAPEST_BEFORE = re.compile(r"\b(?:cheapest|lowest[- ]priced|lowest\s+price|least\s+expensive)\b[^.;:\n]{0,40}$", re.I)
SUBJECT_CONTRAST = re.compile(r"\b(?:while|whereas|but|unlike)\b")
VERSUS_BETWEEN = re.compile(r"\s*(?:vs\.?|versus|against|/|\|)\s*", re.I)
# "Only X is offered through P", "X alone is on P", "X is the only one on P".
ONLY_MODEL = re.compile(rf"\b[Oo]nly\s+(?P<m>{MODEL})|(?P<m2>{MODEL})(?:'s)?\s+(?:alone\b|is\s+the\s+only\b)")
# (", and" too: "built by A, not B, and licensed under Apache 2.0" denies only B.)
NEGATION_ENDS = re.compile(r"[:—–]|\b(?:but|whereas|while|instead)\b|,\s+and\b", re.I)


def _claimed(scan: Scan, start: int) -> bool:
    """Whether a claim is made, not denied: no negation between it and the model named before it."""
    sentence_start, _ = scan.sentence(start)
    named = scan.models_between(sentence_start, start)
    between = scan.worded[named[-1][0] if named else sentence_start : start].replace(MODEL_START, " ")
    # "Neither model's weights are public: both are proprietary": a colon or a "but" ends the denial.
    scope = max((found.end() for found in NEGATION_ENDS.finditer(between)), default=0)
    return not NEGATION.search(between, scope)


def _record_claim(
    validator: Validator, scan: Scan, match: re.Match, model: str, claimed: bool, verified: bool, fact: Fact | None
) -> None:
    """A licence or architecture claim's mention, and its finding when the fact does not hold it."""
    validator.add(scan, match.start(), match.end(), "claim", verified, fact=fact)
    if not verified:
        said = fact.display if fact and fact.known else "nothing sourced"
        claim = f"{'is' if claimed else 'is not'} {match.group()}"
        if match.lastgroup == "commercial":
            claim = f"{'allows' if claimed else 'does not allow'} commercial use"
        message = f"the text says {validator.names.get(model, model)} {claim}, but the facts say {said}"
        validator.find(scan, match.start(), match.end(), "unsupported_claim", message, fact)


def _subjects(validator: Validator, scan: Scan, start: int, after: bool = False) -> list[str]:
    """The models a claim in a sentence is about: the last named before it, "both"/"they" for the
    pair, else (for a claim that opens the sentence) the first named after it."""
    sentence_start, sentence_end = scan.sentence(start)
    before = scan.models_between(sentence_start, start)
    text = scan.worded[sentence_start:start]
    if re.search(r"\b(?:both|they|each|neither|either)\b", text, re.I) and not before:
        return list(validator.pair)
    if before:
        chained = re.search(rf"{MODEL}(?:,? and |, ){MODEL}[^\x00]*$", scan.masked[sentence_start:start])
        return list(dict.fromkeys(model for _, model in before[-2:])) if chained else [before[-1][1]]
    # "Meta's Llama 3.2 Community License ..., while Y's Apache 2.0": the subject after stops at a contrast.
    contrast = SUBJECT_CONTRAST.search(scan.masked, start, sentence_end)
    following = scan.models_between(start, contrast.start() if contrast else sentence_end) if after else []
    # "Apache 2.0, same as Qwen": a model named to compare with is not the claim's subject.
    following = [(at, model) for at, model in following if not LIKE_BEFORE.search(scan.masked, max(0, at - 16), at)]
    if following:
        return [following[0][1]]
    # "**What license is X under?** Apache 2.0": an answer names no model; its question's one model.
    if sentence_start > 1 and scan.masked[sentence_start - 1] == "?":
        asked = {model for _, model in scan.models_between(scan.sentence(sentence_start - 2)[0], sentence_start)}
        return list(asked) if len(asked) == 1 else []
    return []


@functools.lru_cache(maxsize=1)
def _gazetteer() -> re.Pattern:
    rests: dict[str, list[str]] = {}
    for name in {*ORGANISATIONS, *HOSTS}:
        rests.setdefault(name[0], []).append(name[1:])
    # Each branch opens with its literal first letter, so sre searches for the pattern by those letters
    # (not at every position); the lookbehind after that letter is "no word, dot or hyphen before it".
    branches = (
        rf"{re.escape(first)}(?<![\w.-]{re.escape(first)})(?:{trie_alternation(rest)})"
        for first, rest in sorted(rests.items())
    )
    return re.compile(rf"(?:{'|'.join(branches)})(?![\w-])")


def _ranks_the_host(scan: Scan, start: int) -> bool:
    """Whether the clause before a host says more than that it hosts a model: "only X is on P", "X is
    cheapest on P" (checked against the model, even where the host serves both)."""
    clause = scan.masked[previous(scan.clause_breaks, start) : start]
    return any(cue in clause for cue in RANKING_CUES) and bool(
        ONLY_MODEL.search(clause) or CHEAPEST_BEFORE.search(clause)
    )


@functools.lru_cache(maxsize=64)
def _pair_hosts(validator: Validator) -> re.Pattern:
    """The pair's providers that neither the gazetteer nor the organisations list."""
    names = sorted(
        (name for name in validator.provider_of_name if name and name not in HOSTS and name not in ORGANISATIONS),
        key=len,
        reverse=True,
    )
    if not names:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<![\w.-])(?:{trie_alternation(names)})(?![\w-])")


# Cached per Validator (a page asks about the same two models many times).
@functools.lru_cache(maxsize=256)
# Cached per Validator (its routes are fixed): a page asks for each host it names (~30), for both models.
@functools.lru_cache(maxsize=128)
def _tracked_words(validator: Validator, model: str) -> frozenset[str]:
    return frozenset(word for route in validator.comparison.routes.get(model, []) for word in _words(route.provider))


@functools.lru_cache(maxsize=64)
def _known_words(validator: Validator) -> frozenset[str]:
    """Every word of the pair's names, organisations, licences, routes and source titles."""
    texts = [
        str(fact.display)
        for fact in validator.comparison.facts
        if fact.attribute in ("organization", "license", "providers", "cheapest_route") and fact.known
    ]
    texts += [route.provider for routes in validator.comparison.routes.values() for route in routes]
    texts += [source.title or "" for source in validator.comparison.sources()]
    texts += [name for model in validator.pair for name in validator.comparison.model_names.get(model, [])]
    return frozenset(word for text in texts for word in _words(text))


# Cached: a page asks for the words of the same few names again and again.
@functools.lru_cache(maxsize=4096)
@functools.lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    return frozenset(word.lower() for word in NAME_WORD.findall(text) if word.lower() not in LOOSE_WORDS)


def _organisation_words(text: str) -> set[str]:
    return {ORGANISATION_ALIASES.get(word, word) for word in _words(text)}


def _same_licence(stated: str, fact: str) -> bool:
    def norm(text: str) -> str:
        return re.sub(r"licen[cs]e|terms of use|\.0\b|[\s-]", "", text.lower())

    # A family name without its minor version ("Llama 3 Community" for the Llama 3.2 licence) is the same licence.
    family = re.sub(r"(\d)\.\d+", r"\1", fact)
    # "the Llama Community License" names the Llama 3.2 licence without its version.
    unversioned = re.sub(r"\s*\d+(?:\.\d+)?", "", fact)
    if norm(stated) == norm(unversioned) and any(character.isdigit() for character in fact):
        return True
    return any(
        norm(stated) == norm(text) or norm(stated) in norm(text) or norm(text) in norm(stated)
        for text in (fact, family)
    )
