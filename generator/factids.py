"""Comparison fact ids in one place: the one module that knows how an id is built and read.

A fact id names what a figure is about and what it measures, joined by dots:

    {model}.{attribute}                        a model's own figure        qwen3.5-4b.context_window
    {model}.capability.{capability}            a capability it has or not  qwen3.5-4b.capability.vision
    {model}.benchmark.{benchmark}              its score on a benchmark    qwen3.5-4b.benchmark.gpqa
    {model}.route.{provider}.{attribute}       one provider route's price  qwen3.5-4b.route.openrouter.input_price
    {model}.profile.{profile}.monthly_cost     its cost at a traffic level qwen3.5-4b.profile.small.monthly_cost
    {price attribute}.{gap}                    how the two prices compare  blended_price.cheaper_percent
    context_window.{ratio|leader}              how the two windows compare context_window.ratio
    benchmark.{benchmark}.{attribute}          who leads a benchmark       benchmark.gpqa.lead
    assumptions.profile.{profile}.{tokens}     a traffic level's tokens    assumptions.profile.small.input_tokens

and the pair's single facts (`VERDICT`, `TRADEOFFS`, `BLEND_INPUT_SHARE`, ...). Ids are stored in
page.json, receipts, ledgers and review drafts, so their text never changes. Model, provider,
benchmark and profile ids are slugs that may hold dots ("qwen3.5-4b"), so an id is read from its
ends by the attribute vocabulary below, never split on dots. The attribute names are Literal types
(a type checker catches a typo) and every builder checks its attribute at run time, so a misspelt
name fails where it is written, not as a missing key when a page renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum
from functools import cache
from typing import Literal, get_args

from generator.facts import CAPABILITIES

ModelAttribute = Literal[
    "organization",
    "release_date",
    "parameters",
    "active_parameters",
    "expert_layout",
    "architecture",
    "context_window",
    "license",
    "openness",
    "commercial_use",
    "knowledge_cutoff",
    "input_price",
    "output_price",
    "blended_price",
    "monthly_cost",
    "cheapest_route",
    "provider_count",
    "providers",
    "capabilities_only",
    "leads_on",
    "unknown_facts",
]
# The prices both models have, compared by the gap facts.
PriceAttribute = Literal["input_price", "output_price", "blended_price", "monthly_cost"]
RouteAttribute = Literal[
    "input_price",
    "output_price",
    "blended_price",
    "monthly_cost",
    "previous_input_price",
    "previous_output_price",
    "price_changed_on",
    "price_change",
]
Gap = Literal["difference", "cheaper", "cheaper_percent", "multiple"]
ContextAttribute = Literal["ratio", "leader"]
BenchmarkAttribute = Literal["lead", "leader", "not_comparable", "within_noise"]
ProfileTokens = Literal["input_tokens", "output_tokens"]

MODEL_ATTRIBUTES: tuple[str, ...] = get_args(ModelAttribute)
PRICE_ATTRIBUTES: tuple[str, ...] = get_args(PriceAttribute)
ROUTE_ATTRIBUTES: tuple[str, ...] = get_args(RouteAttribute)
GAPS: tuple[str, ...] = get_args(Gap)
CONTEXT_ATTRIBUTES: tuple[str, ...] = get_args(ContextAttribute)
BENCHMARK_ATTRIBUTES: tuple[str, ...] = get_args(BenchmarkAttribute)
PROFILE_TOKENS: tuple[str, ...] = get_args(ProfileTokens)

# The pair's single facts.
VERDICT = "verdict"
LAST_REVIEWED = "last_reviewed"
TRADEOFFS = "decision.tradeoffs"
SWITCH_FRICTION = "decision.switch_friction"
SHARED_PROVIDERS = "providers.shared"
SHARED_PROVIDER_COUNT = "providers.shared_count"
SHARED_CAPABILITIES = "capabilities.shared"
SHARED_BENCHMARK_COUNT = "benchmarks.shared_count"
PRICE_MIX_FLIP = "price_mix.flip"
PRICE_MIX_FLIP_INPUT_SHARE = "price_mix.flip_input_share"
# The declared assumptions a page states (assumptions.yaml).
BLEND_INPUT_SHARE = "assumptions.blend.input_share"
BLEND_OUTPUT_SHARE = "assumptions.blend.output_share"
TRAFFIC_INPUT_TOKENS = "assumptions.traffic.input_tokens"
TRAFFIC_OUTPUT_TOKENS = "assumptions.traffic.output_tokens"
BENCHMARK_NOISE = "assumptions.benchmark_noise"
PAIR_IDS = (
    VERDICT,
    LAST_REVIEWED,
    TRADEOFFS,
    SWITCH_FRICTION,
    SHARED_PROVIDERS,
    SHARED_PROVIDER_COUNT,
    SHARED_CAPABILITIES,
    SHARED_BENCHMARK_COUNT,
    PRICE_MIX_FLIP,
    PRICE_MIX_FLIP_INPUT_SHARE,
)
ASSUMPTION_IDS = (BLEND_INPUT_SHARE, BLEND_OUTPUT_SHARE, TRAFFIC_INPUT_TOKENS, TRAFFIC_OUTPUT_TOKENS, BENCHMARK_NOISE)


class Family(Enum):
    """The shapes of fact id; see the module docstring for each one's text."""

    MODEL = "model"
    CAPABILITY = "capability"
    SCORE = "score"
    ROUTE = "route"
    PROFILE = "profile"
    GAP = "gap"
    CONTEXT = "context"
    BENCHMARK = "benchmark"
    ASSUMPTION = "assumption"
    PAIR = "pair"


# The families whose subject is a model.
MODEL_FAMILIES = frozenset({Family.MODEL, Family.CAPABILITY, Family.SCORE, Family.ROUTE, Family.PROFILE})


@dataclass(frozen=True)
class FactId:
    """A fact id read into its parts. `str()` gives the id's text back.

    subject: the model (model, capability, score, route and profile facts), the compared attribute
    (gap and context facts: "blended_price", "context_window"), the benchmark (benchmark facts), or
    None (the pair's single facts and the assumptions).
    attribute: what the fact measures: a model attribute, the capability, the benchmark of a score,
    the route attribute, "monthly_cost", the gap, "ratio"/"leader", the benchmark attribute, the
    profile's tokens; for a single fact, the whole id ("verdict", "assumptions.blend.input_share").
    key: the provider of a route fact, the traffic profile of a profile fact or of its tokens, else None.
    """

    family: Family
    attribute: str
    subject: str | None = None
    key: str | None = None

    @property
    def model(self) -> str | None:
        """The model the id is about, when it names one."""
        return self.subject if self.family in MODEL_FAMILIES else None

    def __str__(self) -> str:
        match self.family:
            case Family.MODEL:
                return model_fact(self.subject, self.attribute)
            case Family.CAPABILITY:
                return capability_fact(self.subject, self.attribute)
            case Family.SCORE:
                return score_fact(self.subject, self.attribute)
            case Family.ROUTE:
                return route_fact(self.subject, self.key, self.attribute)
            case Family.PROFILE:
                return profile_fact(self.subject, self.key)
            case Family.GAP:
                return gap_fact(self.subject, self.attribute)
            case Family.CONTEXT:
                return context_fact(self.attribute)
            case Family.BENCHMARK:
                return benchmark_fact(self.subject, self.attribute)
            case Family.ASSUMPTION if self.key is not None:
                return profile_tokens_fact(self.key, self.attribute)
        return self.attribute


def _checked(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r} in a fact id; the {what}s are {', '.join(allowed)}")
    return value


def _join(*parts: str) -> str:
    """An id from its parts; an empty part (a model or benchmark id that is missing) is a bug, not an id."""
    if not all(parts):
        raise ValueError(f"a fact id part is empty: {parts!r}")
    return ".".join(parts)


def model_fact(model_id: str, attribute: ModelAttribute) -> str:
    """A model's own figure: "qwen3.5-4b.context_window"."""
    return _join(model_id, _checked(attribute, MODEL_ATTRIBUTES, "model attribute"))


def capability_attribute(capability: str) -> str:
    """The attribute a capability fact measures (its id after the model): "capability.vision"."""
    return _join("capability", _checked(capability, CAPABILITIES, "capability"))


def capability_fact(model_id: str, capability: str) -> str:
    """Whether a model has a capability (facts.CAPABILITIES): "qwen3.5-4b.capability.vision"."""
    return _join(model_id, capability_attribute(capability))


def score_fact(model_id: str, benchmark: str) -> str:
    """A model's score on a benchmark: "qwen3.5-4b.benchmark.gpqa"."""
    return _join(model_id, "benchmark", benchmark)


def route_id(model_id: str, provider: str) -> str:
    """The prefix of one provider route's facts, which the page's calculator keys its cells by."""
    return _join(model_id, "route", provider)


def route_fact(model_id: str, provider: str, attribute: RouteAttribute) -> str:
    """One provider route's price: "qwen3.5-4b.route.openrouter.input_price"."""
    return _join(route_id(model_id, provider), _checked(attribute, ROUTE_ATTRIBUTES, "route attribute"))


def profile_fact(model_id: str, profile: str) -> str:
    """A model's monthly cost at a traffic profile of assumptions.yaml: "qwen3.5-4b.profile.small.monthly_cost"."""
    return _join(model_id, "profile", profile, "monthly_cost")


def gap_fact(attribute: PriceAttribute, gap: Gap) -> str:
    """How the two models' prices compare: "blended_price.cheaper_percent"."""
    return _join(_checked(attribute, PRICE_ATTRIBUTES, "price attribute"), _checked(gap, GAPS, "price gap"))


def context_fact(attribute: ContextAttribute) -> str:
    """How the two context windows compare: "context_window.ratio"."""
    return _join("context_window", _checked(attribute, CONTEXT_ATTRIBUTES, "context attribute"))


def benchmark_fact(benchmark: str, attribute: BenchmarkAttribute) -> str:
    """Who leads a shared benchmark and by how much: "benchmark.gpqa.lead"."""
    return _join("benchmark", benchmark, _checked(attribute, BENCHMARK_ATTRIBUTES, "benchmark attribute"))


def profile_tokens_fact(profile: str, tokens: ProfileTokens) -> str:
    """A traffic profile's monthly tokens: "assumptions.profile.small.input_tokens"."""
    return _join("assumptions.profile", profile, _checked(tokens, PROFILE_TOKENS, "profile token count"))


def _alternatives(names: tuple[str, ...]) -> str:
    return "|".join(re.escape(name) for name in names)


# Tried in order, each against the whole id: the fixed prefixes first, then a model's facts by the
# word after the model id, the model's own attributes last (a route id is a slug with dots too).
_SLUG = r"[a-z0-9][a-z0-9.\-]*"
_PATTERNS = [
    (
        Family.ASSUMPTION,
        re.compile(rf"assumptions\.profile\.(?P<key>{_SLUG})\.(?P<attribute>{_alternatives(PROFILE_TOKENS)})"),
    ),
    (
        Family.BENCHMARK,
        re.compile(rf"benchmark\.(?P<subject>{_SLUG})\.(?P<attribute>{_alternatives(BENCHMARK_ATTRIBUTES)})"),
    ),
    (
        Family.GAP,
        re.compile(rf"(?P<subject>{_alternatives(PRICE_ATTRIBUTES)})\.(?P<attribute>{_alternatives(GAPS)})"),
    ),
    (Family.CONTEXT, re.compile(rf"(?P<subject>context_window)\.(?P<attribute>{_alternatives(CONTEXT_ATTRIBUTES)})")),
    (
        Family.ROUTE,
        re.compile(
            rf"(?P<subject>{_SLUG}?)\.route\.(?P<key>{_SLUG})\.(?P<attribute>{_alternatives(ROUTE_ATTRIBUTES)})"
        ),
    ),
    (Family.PROFILE, re.compile(rf"(?P<subject>{_SLUG}?)\.profile\.(?P<key>{_SLUG})\.(?P<attribute>monthly_cost)")),
    (Family.CAPABILITY, re.compile(rf"(?P<subject>{_SLUG})\.capability\.(?P<attribute>{_alternatives(CAPABILITIES)})")),
    (Family.SCORE, re.compile(rf"(?P<subject>{_SLUG})\.benchmark\.(?P<attribute>{_SLUG})")),
    (Family.MODEL, re.compile(rf"(?P<subject>{_SLUG})\.(?P<attribute>{_alternatives(MODEL_ATTRIBUTES)})")),
]


@cache
def parse_fact_id(fact_id: str) -> FactId:
    """The parts of a fact id; ValueError for text that is no fact id of any family."""
    if fact_id in PAIR_IDS:
        return FactId(Family.PAIR, fact_id)
    if fact_id in ASSUMPTION_IDS:
        return FactId(Family.ASSUMPTION, fact_id)
    for family, pattern in _PATTERNS:
        match = pattern.fullmatch(fact_id)
        if match:
            return FactId(family, **match.groupdict())
    raise ValueError(f"{fact_id!r} is not a comparison fact id")


@cache
def read_fact_id(fact_id: str) -> FactId | None:
    """The parts of a fact id, or None for an id no family reads (a fact the validator adds itself);
    cached either way, since the validator asks about the same ids for every figure."""
    try:
        return parse_fact_id(fact_id)
    except ValueError:
        return None


def fact_family(fact_id: str) -> Family | None:
    parsed = read_fact_id(fact_id)
    return parsed.family if parsed else None


def same_kind_of_fact(fact_id: str, kind: FactId) -> bool:
    """Whether the id measures what `kind` measures, of any subject ("*.cheaper_percent", "*.parameters")."""
    parsed = read_fact_id(fact_id)
    return parsed is not None and (parsed.family, parsed.attribute) == (kind.family, kind.attribute)


def is_benchmark_leader(fact_id: str) -> bool:
    """Whether the id names the leader of a benchmark: "benchmark.gpqa.leader"."""
    parsed = read_fact_id(fact_id)
    return parsed is not None and (parsed.family, parsed.attribute) == (Family.BENCHMARK, "leader")


def with_models(fact_id: str, names: dict[str, str]) -> str:
    """The id with the model it is about written another way ({"qwen3.5-4b": "{B}"} gives "{B}.context_window");
    an id about no model named in `names` comes back as it is."""
    parsed = parse_fact_id(fact_id)
    if parsed.model not in names:
        return fact_id
    return str(replace(parsed, subject=names[parsed.model]))


# The builders the page templates call (registered as Jinja globals where the environments are built),
# so a template names a fact the way the code does instead of concatenating its id.
TEMPLATE_GLOBALS = {
    builder.__name__: builder
    for builder in (
        model_fact,
        capability_fact,
        score_fact,
        route_id,
        route_fact,
        profile_fact,
        gap_fact,
        context_fact,
        benchmark_fact,
        profile_tokens_fact,
    )
}
