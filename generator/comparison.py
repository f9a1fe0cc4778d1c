"""Stage 2, comparison: every figure a page states about a pair, computed once, exactly, from the facts.

Each figure is a `Fact` with a stable id, its exact value and unit, the text a page shows, the model
it is about, the attribute it measures and its sources. Tables, prose writers, prompts and the
validator all read these facts; nothing downstream does arithmetic of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, Strict

from generator import display, factids
from generator.factids import (
    Family,
    benchmark_fact,
    capability_attribute,
    capability_fact,
    context_fact,
    gap_fact,
    model_fact,
    parse_fact_id,
    profile_fact,
    profile_tokens_fact,
    route_fact,
    score_fact,
)
from generator.facts import (
    CAPABILITIES,
    CAPABILITY_NAMES,
    BenchmarkScore,
    Dataset,
    ModelFacts,
    MonthlyTraffic,
    PricePoint,
    Route,
    Sourced,
)

# A route's price change is stated on its page when it happened this many days or fewer before the
# price source was last checked (not before the build, so a page is a function of its facts).
PRICE_CHANGE_WINDOW_DAYS = 90

Unit = Literal[
    "usd_per_mtok",
    "usd_per_month",
    "percent",
    "multiplier",
    "points",
    "score",
    "tokens",
    "parameters",
    "count",
    "date",
    "month",
    "capability",
    "text",
    "model",
]


class FactSource(BaseModel):
    url: str
    title: str | None = None
    checked: dt.date


class Fact(BaseModel):
    """One figure or claim a page may state. `value` is exact; `display` is how a page shows it."""

    id: str
    # Tried left to right, bool and int strictly, so page.json reads back the types it was written with.
    value: Annotated[
        Annotated[bool, Strict()] | Annotated[int, Strict()] | list[str] | Decimal | dt.date | str | None,
        Field(union_mode="left_to_right"),
    ]
    unit: Unit
    display: str
    model: str | None = None
    attribute: str
    entities: list[str] = []
    sources: list[FactSource] = []

    @property
    def known(self) -> bool:
        return self.value is not None


class ModelSummary(BaseModel):
    id: str
    name: str
    aliases: list[str]


class PriceRoute(BaseModel):
    provider_id: str
    provider: str
    input_usd_per_mtok: Decimal | None
    output_usd_per_mtok: Decimal | None
    history: list[PricePoint] = []


class TrafficLevel(BaseModel):
    """A traffic profile of assumptions.yaml, as the monthly cost section prices it."""

    id: str
    name: str
    input_tokens: int
    output_tokens: int


class Comparison(BaseModel):
    """The computed comparison of one pair: the contract every later stage reads."""

    a: ModelSummary
    b: ModelSummary
    facts: list[Fact]
    routes: dict[str, list[PriceRoute]]
    benchmarks: list[str]
    benchmark_names: dict[str, str]
    # Other names a benchmark goes by (facts/benchmarks.yaml aliases): a figure under one is checked too.
    benchmark_aliases: dict[str, list[str]] = {}
    # Every provider the facts know, so prose naming one a model is not tracked on can be flagged.
    provider_names: dict[str, str] = {}
    traffic_description: str
    blend_description: str
    related_pairs: list[tuple[str, str]]
    model_names: dict[str, list[str]]
    last_reviewed: dt.date
    # Defaults keep page.json files written before traffic profiles readable.
    traffic_profiles: list[TrafficLevel] = []
    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def pair(self) -> tuple[str, str]:
        return (self.a.id, self.b.id)

    @property
    def slug(self) -> str:
        return f"{self.a.id}-vs-{self.b.id}"

    def fact(self, fact_id: str) -> Fact:
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(f"no fact '{fact_id}' for {self.slug}")

    def has(self, fact_id: str) -> bool:
        return any(fact.id == fact_id for fact in self.facts)

    def sources(self) -> list[FactSource]:
        unique = {source.url: source for fact in self.facts for source in fact.sources}
        return sorted(unique.values(), key=lambda source: source.url)


def compare(dataset: Dataset, a_id: str, b_id: str) -> Comparison:
    """Compute every comparison fact for the pair (a, b)."""
    a, b = dataset.model(a_id), dataset.model(b_id)
    facts: list[Fact] = []
    for model in (a, b):
        facts += _model_facts(dataset, model)
    facts += _benchmark_facts(dataset, a, b)
    facts += _context_facts(a, b)
    facts += _price_facts(dataset, a, b)
    # Before the provider facts: where two sources share a URL, the Sources list keeps the last one seen.
    facts += _profile_facts(dataset, a, b)
    facts += _price_mix_facts(dataset, a, b)
    facts += _provider_facts(dataset, a, b)
    facts += _capability_facts(a, b)
    facts += _decision_facts(dataset, a, b, facts)
    facts += _assumption_facts(dataset)
    facts += _noise_facts(dataset, a, b)
    last_reviewed = max(source.checked for model in (a, b) for source in model.sources.values())
    facts.append(
        Fact(
            id=factids.LAST_REVIEWED,
            value=last_reviewed,
            unit="date",
            display=last_reviewed.isoformat(),
            attribute="last_reviewed",
            entities=[a.id, b.id],
        )
    )
    return Comparison(
        a=_summary(a),
        b=_summary(b),
        facts=facts,
        routes={model.id: _price_routes(dataset, model) for model in (a, b)},
        benchmarks=_shared_benchmarks(a, b),
        benchmark_names={benchmark_id: benchmark.name for benchmark_id, benchmark in dataset.benchmarks.items()},
        benchmark_aliases={
            benchmark_id: benchmark.aliases
            for benchmark_id, benchmark in dataset.benchmarks.items()
            if benchmark.aliases
        },
        provider_names={provider_id: provider.name for provider_id, provider in dataset.providers.items()},
        traffic_description=dataset.assumptions.monthly_traffic.description,
        blend_description=_blend_description(dataset),
        related_pairs=[pair for pair in dataset.pairs if {a_id, b_id} & set(pair) and set(pair) != {a_id, b_id}],
        model_names=_model_names(dataset),
        last_reviewed=last_reviewed,
        traffic_profiles=[
            TrafficLevel(
                id=profile_id, name=profile.name, input_tokens=profile.input_tokens, output_tokens=profile.output_tokens
            )
            for profile_id, profile in dataset.assumptions.traffic_profiles.items()
        ],
        input_tokens=dataset.assumptions.monthly_traffic.input_tokens,
        output_tokens=dataset.assumptions.monthly_traffic.output_tokens,
    )


def _summary(model: ModelFacts) -> ModelSummary:
    return ModelSummary(id=model.id, name=model.name, aliases=model.aliases)


def _release_unit(model: ModelFacts) -> Unit:
    """A release date known only to the month or the year ("2024-07", "2024") is a month fact."""
    released = model.release_date
    return "month" if released and not isinstance(released.value, dt.date) else "date"


def _assumption_facts(dataset: Dataset) -> list[Fact]:
    """The declared assumptions are figures a page states too (the 70/30 blend, the monthly traffic)."""
    blend, traffic = dataset.assumptions.blend, dataset.assumptions.monthly_traffic
    return [
        Fact(
            id=factids.BLEND_INPUT_SHARE,
            value=blend.input_share * 100,
            unit="percent",
            display=display.percent(blend.input_share * 100),
            attribute="blend_input_share",
        ),
        Fact(
            id=factids.BLEND_OUTPUT_SHARE,
            value=blend.output_share * 100,
            unit="percent",
            display=display.percent(blend.output_share * 100),
            attribute="blend_output_share",
        ),
        Fact(
            id=factids.TRAFFIC_INPUT_TOKENS,
            value=traffic.input_tokens,
            unit="tokens",
            display=display.tokens(traffic.input_tokens),
            attribute="traffic_input_tokens",
        ),
        Fact(
            id=factids.TRAFFIC_OUTPUT_TOKENS,
            value=traffic.output_tokens,
            unit="tokens",
            display=display.tokens(traffic.output_tokens),
            attribute="traffic_output_tokens",
        ),
    ]


def _blend_description(dataset: Dataset) -> str:
    blend = dataset.assumptions.blend
    return f"{blend.input_share * 100:.0f}% input and {blend.output_share * 100:.0f}% output tokens"


def _sources(model: ModelFacts, *keys: str) -> list[FactSource]:
    return [
        FactSource(**model.sources[key].model_dump(include={"url", "title", "checked"})) for key in dict.fromkeys(keys)
    ]


def _sourced_fact(model: ModelFacts, fact_id: str, attribute: str, unit: Unit, value: Sourced | None, shown) -> Fact:
    return Fact(
        id=fact_id,
        value=value.value if value else None,
        unit=unit,
        display=shown(value.value) if value else display.UNKNOWN,
        model=model.id,
        attribute=attribute,
        entities=[model.id],
        sources=_sources(model, value.source) if value else [],
    )


def _model_facts(dataset: Dataset, model: ModelFacts) -> list[Fact]:
    text = str
    specs = [
        ("organization", "text", model.organization, text),
        ("release_date", _release_unit(model), model.release_date, str),
        ("parameters", "parameters", model.parameters, display.parameters),
        ("active_parameters", "parameters", model.active_parameters, display.parameters),
        ("expert_layout", "text", model.expert_layout, text),
        ("architecture", "text", model.architecture, text),
        ("context_window", "tokens", model.context_window_tokens, display.tokens),
        ("license", "text", model.license, text),
        ("openness", "text", model.openness, lambda value: value.capitalize()),
        ("commercial_use", "text", model.commercial_use, lambda value: f"Commercial use {value}"),
        ("knowledge_cutoff", "month", model.knowledge_cutoff, text),
    ]
    facts = [
        _sourced_fact(model, model_fact(model.id, attribute), attribute, unit, value, shown)
        for attribute, unit, value, shown in specs
    ]
    facts += [
        _sourced_fact(
            model,
            capability_fact(model.id, name),
            capability_attribute(name),
            "capability",
            getattr(model.capabilities, name),
            display.yes_no,
        )
        for name in CAPABILITIES
    ]
    facts += [
        Fact(
            id=score_fact(model.id, score.benchmark),
            value=score.score,
            unit="score",
            display=display.score(score.score),
            model=model.id,
            attribute=score.benchmark,
            entities=[model.id, score.benchmark],
            sources=_sources(model, score.source),
        )
        for score in model.benchmarks
    ]
    facts += _route_facts(dataset, model)
    facts += [fact for route in model.routes for fact in _price_change_facts(dataset, model, route)]
    facts += _stub_facts(model)
    return facts


STUB_FIELDS = [
    ("organization", "organization"),
    ("release_date", "release date"),
    ("parameters", "parameter count"),
    ("architecture", "architecture"),
    ("context_window_tokens", "context window"),
    ("license", "license"),
    ("openness", "openness"),
    ("commercial_use", "commercial-use terms"),
    ("knowledge_cutoff", "knowledge cutoff"),
]


def _stub_facts(model: ModelFacts) -> list[Fact]:
    """For a model imported from the price sources only: one sentence saying plainly which facts are unknown."""
    if model.curation != "imported":
        return []
    unknown = [label for field, label in STUB_FIELDS if getattr(model, field) is None]
    if all(getattr(model.capabilities, name) is None for name in CAPABILITIES):
        unknown.append("capabilities")
    if not model.benchmarks:
        unknown.append("benchmark scores")
    line = f"{model.name} is imported from price sources, not curated: its {display.join_words(unknown)} {'are' if len(unknown) > 1 else 'is'} unknown."
    return [
        Fact(
            id=model_fact(model.id, "unknown_facts"),
            value=unknown,
            unit="text",
            display=line,
            model=model.id,
            attribute="unknown_facts",
            entities=[model.id],
        )
    ]


def recent_price_change(model: ModelFacts, route: Route) -> tuple[PricePoint, PricePoint] | None:
    """The route's last price change (before, after) when it is recent and the route states the new price.

    Recent: within PRICE_CHANGE_WINDOW_DAYS of the day the dated source was checked. A route whose stated
    price is not the history's latest (a curated price the source contradicts) states no change."""
    if len(route.history) < 2 or route.history[-1].since is None:
        before, after = None, None
    else:
        before, after = route.history[-2], route.history[-1]
    if after is None or (route.input_usd_per_mtok, route.output_usd_per_mtok) != (
        after.input_usd_per_mtok,
        after.output_usd_per_mtok,
    ):
        return None
    checked = model.sources[after.source].checked
    return (
        (before, after)
        if dt.timedelta(0) <= checked - after.since <= dt.timedelta(days=PRICE_CHANGE_WINDOW_DAYS)
        else None
    )


def _price_change_facts(dataset: Dataset, model: ModelFacts, route: Route) -> list[Fact]:
    """A recent price change as facts the validator knows: the previous prices, the date, and the one line a page states."""
    change = recent_price_change(model, route)
    if change is None:
        return []
    before, after = change
    provider = dataset.providers[route.provider].name
    common = dict(model=model.id, entities=[model.id, route.provider], sources=_sources(model, after.source))
    # Each price word before its own old and new figure, so the validator reads every figure's attribute.
    line = (
        f"On {after.since.isoformat()}, {provider} moved {model.name}'s input price from {display.usd(before.input_usd_per_mtok)} to "
        f"{display.usd(after.input_usd_per_mtok)}, and its output price from {display.usd(before.output_usd_per_mtok)} to "
        f"{display.usd(after.output_usd_per_mtok)} per 1M tokens."
    )
    return [
        Fact(
            id=route_fact(model.id, route.provider, "previous_input_price"),
            value=before.input_usd_per_mtok,
            unit="usd_per_mtok",
            display=display.usd(before.input_usd_per_mtok),
            attribute="previous_input_price",
            **common,
        ),
        Fact(
            id=route_fact(model.id, route.provider, "previous_output_price"),
            value=before.output_usd_per_mtok,
            unit="usd_per_mtok",
            display=display.usd(before.output_usd_per_mtok),
            attribute="previous_output_price",
            **common,
        ),
        Fact(
            id=route_fact(model.id, route.provider, "price_changed_on"),
            value=after.since,
            unit="date",
            display=after.since.isoformat(),
            attribute="price_changed_on",
            **common,
        ),
        Fact(
            id=route_fact(model.id, route.provider, "price_change"),
            value=line,
            unit="text",
            display=line,
            attribute="price_change",
            **common,
        ),
    ]


def _route_facts(dataset: Dataset, model: ModelFacts) -> list[Fact]:
    """Each route's prices as listed, and what they come to at the declared blend and traffic: a
    reader choosing a provider compares them all, not only the cheapest."""
    blend, traffic = dataset.assumptions.blend, dataset.assumptions.monthly_traffic
    facts = []
    for route in model.routes:
        complete = route.input_usd_per_mtok is not None and route.output_usd_per_mtok is not None
        figures = (
            ("input_price", "usd_per_mtok", route.input_usd_per_mtok),
            ("output_price", "usd_per_mtok", route.output_usd_per_mtok),
            (
                "blended_price",
                "usd_per_mtok",
                blended_usd_per_mtok(route, blend.input_share, blend.output_share) if complete else None,
            ),
            (
                "monthly_cost",
                "usd_per_month",
                monthly_cost_usd(route, traffic.input_tokens, traffic.output_tokens) if complete else None,
            ),
        )
        for attribute, unit, value in figures:
            facts.append(
                Fact(
                    id=route_fact(model.id, route.provider, attribute),
                    value=value,
                    unit=unit,
                    display=display.usd(value) if value is not None else "Not tracked",
                    model=model.id,
                    attribute=attribute,
                    entities=[model.id, route.provider],
                    sources=_sources(model, route.source),
                )
            )
    return facts


def _shared_benchmarks(a: ModelFacts, b: ModelFacts) -> list[str]:
    scored_by_b = {score.benchmark for score in b.benchmarks}
    return [score.benchmark for score in a.benchmarks if score.benchmark in scored_by_b]


def _benchmark_facts(dataset: Dataset, a: ModelFacts, b: ModelFacts) -> list[Fact]:
    facts = []
    scores_a = {score.benchmark: score for score in a.benchmarks}
    scores_b = {score.benchmark: score for score in b.benchmarks}
    shared = _shared_benchmarks(a, b)
    for benchmark in shared:
        gap = scores_b[benchmark].score - scores_a[benchmark].score
        leader = b if gap > 0 else a if gap < 0 else None
        sources = _sources(a, scores_a[benchmark].source) + _sources(b, scores_b[benchmark].source)
        why_not = not_directly_comparable(dataset, a, scores_a[benchmark], b, scores_b[benchmark])
        if why_not:
            facts += _incomparable_benchmark_facts(a, b, benchmark, why_not, sources)
            continue
        facts += [
            Fact(
                id=benchmark_fact(benchmark, "lead"),
                value=abs(gap),
                unit="points",
                display=display.points(abs(gap)),
                model=leader.id if leader else None,
                attribute=benchmark,
                entities=[a.id, b.id, benchmark],
                sources=sources,
            ),
            Fact(
                id=benchmark_fact(benchmark, "leader"),
                value=leader.id if leader else None,
                unit="model",
                display=leader.name if leader else "Tied",
                model=leader.id if leader else None,
                attribute=benchmark,
                entities=[a.id, b.id, benchmark],
                sources=sources,
            ),
        ]
    facts.append(
        Fact(
            id=factids.SHARED_BENCHMARK_COUNT,
            value=len(shared),
            unit="count",
            display=f"{len(shared)} shared benchmark{'s' if len(shared) != 1 else ''}",
            attribute="shared_benchmarks",
            entities=[a.id, b.id],
        )
    )
    return facts


def _provenance(model: ModelFacts, score: BenchmarkScore) -> str:
    if score.provenance == "self-reported":
        return f"{model.name}'s is self-reported by {score.measured_by or (model.organization.value if model.organization else 'its maker')}"
    return f"{model.name}'s is measured independently{f' by {score.measured_by}' if score.measured_by else ''}"


def not_directly_comparable(
    dataset: Dataset, a: ModelFacts, score_a: BenchmarkScore, b: ModelFacts, score_b: BenchmarkScore
) -> str | None:
    """Why two scores on one benchmark are not directly comparable (different provenance, or different
    versions of the benchmark), or None. Unknown provenance or version is not taken as a difference."""
    name = dataset.benchmarks[score_a.benchmark].name
    if score_a.provenance and score_b.provenance and score_a.provenance != score_b.provenance:
        return f"{name} scores are not directly comparable: {_provenance(a, score_a)}; {_provenance(b, score_b)}."
    if score_a.version and score_b.version and score_a.version != score_b.version:
        return f"{name} scores are not directly comparable: {a.name} and {b.name} were scored on different versions of the benchmark."
    return None


def _incomparable_benchmark_facts(
    a: ModelFacts, b: ModelFacts, benchmark: str, why_not: str, sources: list[FactSource]
) -> list[Fact]:
    """No lead for scores that are not directly comparable: the lead is unknown and the reason is a fact of its own."""
    common = dict(attribute=benchmark, entities=[a.id, b.id, benchmark], sources=sources)
    return [
        Fact(
            id=benchmark_fact(benchmark, "lead"), value=None, unit="points", display="Not directly comparable", **common
        ),
        Fact(
            id=benchmark_fact(benchmark, "leader"),
            value=None,
            unit="model",
            display="Not directly comparable",
            **common,
        ),
        Fact(id=benchmark_fact(benchmark, "not_comparable"), value=why_not, unit="text", display=why_not, **common),
    ]


def _context_facts(a: ModelFacts, b: ModelFacts) -> list[Fact]:
    if not (a.context_window_tokens and b.context_window_tokens):
        return []
    tokens_a, tokens_b = a.context_window_tokens.value, b.context_window_tokens.value
    larger, smaller = (a, b) if tokens_a >= tokens_b else (b, a)
    ratio = Decimal(larger.context_window_tokens.value) / Decimal(smaller.context_window_tokens.value)
    sources = _sources(a, a.context_window_tokens.source) + _sources(b, b.context_window_tokens.source)
    return [
        Fact(
            id=context_fact("ratio"),
            value=ratio,
            unit="multiplier",
            display=display.multiple(ratio),
            model=larger.id,
            attribute="context_window",
            entities=[a.id, b.id],
            sources=sources,
        ),
        Fact(
            id=context_fact("leader"),
            value=larger.id if tokens_a != tokens_b else None,
            unit="model",
            display=larger.name if tokens_a != tokens_b else "Tied",
            model=larger.id if tokens_a != tokens_b else None,
            attribute="context_window",
            entities=[a.id, b.id],
            sources=sources,
        ),
    ]


def complete_routes(model: ModelFacts) -> list[Route]:
    return [
        route
        for route in model.routes
        if route.input_usd_per_mtok is not None and route.output_usd_per_mtok is not None
    ]


def blended_usd_per_mtok(route: Route, input_share: Decimal, output_share: Decimal) -> Decimal:
    return input_share * route.input_usd_per_mtok + output_share * route.output_usd_per_mtok


def monthly_cost_usd(route: Route, input_tokens: int, output_tokens: int) -> Decimal:
    per_token_in_millions = Decimal(1_000_000)
    return (input_tokens * route.input_usd_per_mtok + output_tokens * route.output_usd_per_mtok) / per_token_in_millions


def cheapest_route(dataset: Dataset, model: ModelFacts) -> Route | None:
    """The complete route with the lowest blended price (ties broken by provider id, so it is stable)."""
    blend = dataset.assumptions.blend
    routes = complete_routes(model)
    if not routes:
        return None
    return min(
        routes, key=lambda route: (blended_usd_per_mtok(route, blend.input_share, blend.output_share), route.provider)
    )


def _price_facts(dataset: Dataset, a: ModelFacts, b: ModelFacts) -> list[Fact]:
    """Cheapest route per model, blended and monthly costs, and how the two compare."""
    facts: list[Fact] = []
    for model in (a, b):
        facts += _model_price_facts(dataset, model)
    by_id = {fact.id: fact for fact in facts}
    for attribute in ("input_price", "output_price", "blended_price", "monthly_cost"):
        price_a, price_b = by_id[model_fact(a.id, attribute)], by_id[model_fact(b.id, attribute)]
        if price_a.known and price_b.known:
            facts += _price_gap_facts(attribute, price_a, price_b, {a.id: a.name, b.id: b.name})
    return facts


def _model_price_facts(dataset: Dataset, model: ModelFacts) -> list[Fact]:
    route = cheapest_route(dataset, model)
    blend, traffic = dataset.assumptions.blend, dataset.assumptions.monthly_traffic
    provider_name = dataset.providers[route.provider].name if route else None
    sources = _sources(model, route.source) if route else []
    money_facts = [
        ("input_price", "usd_per_mtok", route and route.input_usd_per_mtok),
        ("output_price", "usd_per_mtok", route and route.output_usd_per_mtok),
        ("blended_price", "usd_per_mtok", route and blended_usd_per_mtok(route, blend.input_share, blend.output_share)),
        (
            "monthly_cost",
            "usd_per_month",
            route and monthly_cost_usd(route, traffic.input_tokens, traffic.output_tokens),
        ),
    ]
    facts = [
        Fact(
            id=model_fact(model.id, attribute),
            value=value,
            unit=unit,
            display=display.usd(value) if value is not None else "Not tracked",
            model=model.id,
            attribute=attribute,
            entities=[model.id, route.provider] if route else [model.id],
            sources=sources,
        )
        for attribute, unit, value in money_facts
    ]
    facts.append(
        Fact(
            id=model_fact(model.id, "cheapest_route"),
            value=route.provider if route else None,
            unit="text",
            display=provider_name or "No complete token price sourced",
            model=model.id,
            attribute="cheapest_route",
            entities=[model.id, route.provider] if route else [model.id],
            sources=sources,
        )
    )
    return facts


def _price_gap_facts(attribute: str, price_a: Fact, price_b: Fact, names: dict[str, str]) -> list[Fact]:
    """X% cheaper (the cheaper price against the dearer one), N× the price, and the difference."""
    cheaper, dearer = sorted((price_a, price_b), key=lambda fact: (fact.value, fact.model))
    gap = dearer.value - cheaper.value
    common = dict(
        attribute=attribute, entities=[price_a.model, price_b.model], sources=price_a.sources + price_b.sources
    )
    facts = [
        Fact(
            id=gap_fact(attribute, "difference"),
            value=gap,
            unit=price_a.unit,
            display=display.usd(gap),
            model=cheaper.model,
            **common,
        ),
        Fact(
            id=gap_fact(attribute, "cheaper"),
            value=cheaper.model if gap else None,
            unit="model",
            display=names[cheaper.model] if gap else "Same price",
            model=cheaper.model if gap else None,
            **common,
        ),
    ]
    if gap and dearer.value:
        cheaper_percent = gap / dearer.value * 100
        facts.append(
            Fact(
                id=gap_fact(attribute, "cheaper_percent"),
                value=cheaper_percent,
                unit="percent",
                display=display.percent(cheaper_percent),
                model=cheaper.model,
                **common,
            )
        )
    if gap and cheaper.value:
        times = dearer.value / cheaper.value
        facts.append(
            Fact(
                id=gap_fact(attribute, "multiple"),
                value=times,
                unit="multiplier",
                display=display.multiple(times),
                model=dearer.model,
                **common,
            )
        )
    return facts


# A snapshot tag a name ends with ("Kimi K2 0711", "Command R (08-2024)"): pages name the model without it.
SNAPSHOT_TAG = re.compile(r" (?:\d{4}|\(\d{2}-\d{4}\))$")
# A name without its brand, as casual text writes it ("4o mini", "3.5 Sonnet", "2.5 Flash", "Small 3.1",
# "R1"); a bare version number ("4.1") is no name on its own (the validator reads it as one only where a
# name stands). Makers whose names lead with a plain word keep a digit in the rest ("Mistral Large" is
# no "Large").
NICKNAMED = re.compile(
    r"^(?:(?:GPT|Claude|Gemini)[- ](?P<rest>(?=.*[A-Za-z])[\w. ]+)"
    r"|(?:Mistral|DeepSeek)[- ](?P<versioned_rest>(?=.*[A-Za-z])(?=.*\d)[\w. ]+))$"
)


VERSION_FIRST = re.compile(r"^(\d+(?:\.\d+)?) ([A-Z][a-z]+)$")


def _model_names(dataset: Dataset) -> dict[str, list[str]]:
    """Each model's name and aliases, each of them without its brand (NICKNAMED) or its snapshot tag,
    where no other model has that name."""
    names = {model.id: [model.name, *model.aliases] for model in dataset.models.values()}
    owners: dict[str, set[str]] = {}
    for model_id, model_names in names.items():
        for name in model_names:
            owners.setdefault(name, set()).add(model_id)
    nicknames = {
        model_id: [
            match.group("rest") or match.group("versioned_rest")
            for name in model_names
            for match in [NICKNAMED.match(name)]
            if match
        ]
        for model_id, model_names in names.items()
    }
    for model_id, model_nicknames in nicknames.items():
        # "2.0 Flash" is written "Flash 2.0" too.
        model_nicknames += [
            f"{match.group(2)} {match.group(1)}"
            for nickname in model_nicknames
            for match in [VERSION_FIRST.match(nickname)]
            if match
        ]
        for nickname in model_nicknames:
            owners.setdefault(nickname, set()).add(model_id)
    for model_id, model_names in names.items():
        model_names += [
            name
            for name in dict.fromkeys(nicknames[model_id])
            if owners[name] == {model_id} and name not in model_names
        ]
        untagged = [SNAPSHOT_TAG.sub("", name) for name in model_names if SNAPSHOT_TAG.search(name)]
        model_names += [
            name
            for name in dict.fromkeys(untagged)
            if owners.get(name, {model_id}) == {model_id} and name not in model_names
        ]
    return names


def _price_routes(dataset: Dataset, model: ModelFacts) -> list[PriceRoute]:
    return [
        PriceRoute(
            provider_id=route.provider,
            provider=dataset.providers[route.provider].name,
            input_usd_per_mtok=route.input_usd_per_mtok,
            output_usd_per_mtok=route.output_usd_per_mtok,
            history=route.history,
        )
        for route in sorted(model.routes, key=lambda route: dataset.providers[route.provider].name.lower())
    ]


def _provider_facts(dataset: Dataset, a: ModelFacts, b: ModelFacts) -> list[Fact]:
    providers = {model.id: sorted({route.provider for route in model.routes}) for model in (a, b)}

    def names(ids: list[str]) -> list[str]:
        return [dataset.providers[provider].name for provider in ids]

    facts = []
    for model in (a, b):
        count = len(providers[model.id])
        route_sources = _sources(model, *(route.source for route in model.routes))
        facts += [
            Fact(
                id=model_fact(model.id, "provider_count"),
                value=count,
                unit="count",
                display=f"{count} tracked",
                model=model.id,
                attribute="provider_count",
                entities=[model.id],
                sources=route_sources,
            ),
            Fact(
                id=model_fact(model.id, "providers"),
                value=names(providers[model.id]),
                unit="text",
                display=display.join_words(names(providers[model.id])) or "No tracked provider",
                model=model.id,
                attribute="providers",
                entities=[model.id, *providers[model.id]],
                sources=route_sources,
            ),
        ]
    shared = sorted(set(providers[a.id]) & set(providers[b.id]))
    facts += [
        Fact(
            id=factids.SHARED_PROVIDERS,
            value=names(shared),
            unit="text",
            display=display.join_words(names(shared)) or "None",
            attribute="shared_providers",
            entities=[a.id, b.id, *shared],
        ),
        Fact(
            id=factids.SHARED_PROVIDER_COUNT,
            value=len(shared),
            unit="count",
            display=str(len(shared)),
            attribute="shared_providers",
            entities=[a.id, b.id],
        ),
    ]
    return facts


def _capability_facts(a: ModelFacts, b: ModelFacts) -> list[Fact]:
    def has(model: ModelFacts, name: str) -> bool | None:
        value = getattr(model.capabilities, name)
        return value.value if value else None

    facts = []
    for model, other in ((a, b), (b, a)):
        only = [CAPABILITY_NAMES[name] for name in CAPABILITIES if has(model, name) and has(other, name) is False]
        facts.append(
            Fact(
                id=model_fact(model.id, "capabilities_only"),
                value=only,
                unit="text",
                display=display.join_words(only) or "None",
                model=model.id,
                attribute="unique_capabilities",
                entities=[a.id, b.id],
            )
        )
    shared = [CAPABILITY_NAMES[name] for name in CAPABILITIES if has(a, name) and has(b, name)]
    facts.append(
        Fact(
            id=factids.SHARED_CAPABILITIES,
            value=shared,
            unit="text",
            display=display.join_words(shared) or "None",
            attribute="shared_capabilities",
            entities=[a.id, b.id],
        )
    )
    return facts


def _decision_facts(dataset: Dataset, a: ModelFacts, b: ModelFacts, facts: list[Fact]) -> list[Fact]:
    """What each model leads on, the tradeoffs, the switch friction and the verdict: text built from facts."""
    by_id = {fact.id: fact for fact in facts}
    names = {a.id: a.name, b.id: b.name}
    benchmark_names = {benchmark_id: benchmark.name for benchmark_id, benchmark in dataset.benchmarks.items()}
    leads = _signals_led(by_id, benchmark_names, a, b)
    tradeoffs = [line for model in (a, b) for line in _tradeoffs(by_id, benchmark_names, model, a if model is b else b)]
    friction = _switch_friction(by_id, a, b)
    return [
        *(
            Fact(
                id=model_fact(model.id, "leads_on"),
                value=leads[model.id],
                unit="text",
                display=display.join_words(leads[model.id]) or "None",
                model=model.id,
                attribute="leads_on",
                entities=[a.id, b.id],
            )
            for model in (a, b)
        ),
        Fact(
            id=factids.TRADEOFFS,
            value=tradeoffs,
            unit="text",
            display="\n".join(tradeoffs),
            attribute="tradeoffs",
            entities=[a.id, b.id],
        ),
        Fact(
            id=factids.SWITCH_FRICTION,
            value=friction,
            unit="text",
            display="\n".join(friction),
            attribute="switch_friction",
            entities=[a.id, b.id],
        ),
        Fact(
            id=factids.VERDICT,
            value=_verdict(leads, names, a.id, b.id),
            unit="text",
            display=_verdict(leads, names, a.id, b.id),
            attribute="verdict",
            entities=[a.id, b.id],
        ),
    ]


def _is_benchmark_lead(fact: Fact) -> bool:
    parsed = parse_fact_id(fact.id)
    return parsed.family is Family.BENCHMARK and parsed.attribute == "lead"


def _signals_led(
    by_id: dict[str, Fact], benchmark_names: dict[str, str], a: ModelFacts, b: ModelFacts
) -> dict[str, list[str]]:
    leads: dict[str, list[str]] = {a.id: [], b.id: []}
    for fact in by_id.values():
        if _is_benchmark_lead(fact) and fact.model:
            leads[fact.model].append(f"{benchmark_names[fact.attribute]} (+{fact.display})")
    context = by_id.get(context_fact("leader"))
    if context and context.model:
        other = b if context.model == a.id else a
        leads[context.model].append(
            "context window ({} vs {})".format(*_context_windows(by_id, context.model, other.id))
        )
    cheaper = by_id.get(gap_fact("blended_price", "cheaper"))
    if cheaper and cheaper.model:
        leads[cheaper.model].append(
            f"blended price ({by_id[gap_fact('blended_price', 'cheaper_percent')].display} cheaper)"
        )
    count_a, count_b = by_id[model_fact(a.id, "provider_count")].value, by_id[model_fact(b.id, "provider_count")].value
    if count_a != count_b:
        more, fewer = (a, b) if count_a > count_b else (b, a)
        leads[more.id].append(
            f"provider coverage ({display.counted(max(count_a, count_b), 'route')} vs {min(count_a, count_b)})"
        )
    return leads


def _verdict(leads: dict[str, list[str]], names: dict[str, str], a_id: str, b_id: str) -> str:
    ahead, behind = (a_id, b_id) if len(leads[a_id]) >= len(leads[b_id]) else (b_id, a_id)
    if not leads[ahead]:
        return f"Neither {names[a_id]} nor {names[b_id]} leads on any tracked signal; choose on your own evaluation."
    if not leads[behind]:
        return f"{names[ahead]} leads on every tracked signal: {display.join_words(leads[ahead])}."
    return f"{names[ahead]} leads on {display.join_words(leads[ahead])}; choose {names[behind]} for {display.join_words(leads[behind])}."


def _tradeoffs(
    by_id: dict[str, Fact], benchmark_names: dict[str, str], model: ModelFacts, other: ModelFacts
) -> list[str]:
    lines = []
    count, other_count = (
        by_id[model_fact(model.id, "provider_count")].value,
        by_id[model_fact(other.id, "provider_count")].value,
    )
    if count > other_count:
        lines.append(
            f"{model.name} has broader tracked provider coverage: {display.counted(count, 'route')} against {other_count}, for fallback and procurement flexibility."
        )
    cheaper = by_id.get(gap_fact("blended_price", "cheaper"))
    if cheaper and cheaper.model == model.id:
        lines.append(
            f"{model.name} is {by_id[gap_fact('blended_price', 'cheaper_percent')].display} cheaper on blended price: "
            f"{by_id[model_fact(model.id, 'blended_price')].display} against {by_id[model_fact(other.id, 'blended_price')].display} per 1M tokens."
        )
    for fact in by_id.values():
        if _is_benchmark_lead(fact) and fact.model == model.id:
            lines.append(f"{model.name} leads on {benchmark_names[fact.attribute]} by {fact.display}.")
    context = by_id.get(context_fact("leader"))
    if context and context.model == model.id:
        larger, smaller = _context_windows(by_id, model.id, other.id)
        lines.append(
            f"{model.name} has the larger context window, {larger} tokens against {smaller}, "
            "for long prompts, retrieval packs or transcript analysis."
        )
    only = by_id[model_fact(model.id, "capabilities_only")]
    if only.value:
        lines.append(f"{model.name} alone offers {only.display} in the tracked capability data.")
    return lines


def _context_windows(by_id: dict[str, Fact], model_id: str, other_id: str) -> tuple[str, str]:
    """The two context windows as a page compares them: in full where their short forms are the same
    ("1,048,576 against 1,047,576", not "1M against 1M")."""
    windows = by_id[model_fact(model_id, "context_window")], by_id[model_fact(other_id, "context_window")]
    if windows[0].display == windows[1].display:
        return f"{windows[0].value:,}", f"{windows[1].value:,}"
    return windows[0].display, windows[1].display


def _switch_friction(by_id: dict[str, Fact], a: ModelFacts, b: ModelFacts) -> list[str]:
    shared = by_id[factids.SHARED_PROVIDERS]
    if shared.value:
        lines = [
            f"Both models are served by {shared.display}: there, switching changes the model name, not the SDK, billing or endpoint."
        ]
    else:
        lines = [f"No tracked provider serves both {a.name} and {b.name}; plan for SDK, billing or endpoint changes."]
    for source, target in ((a, b), (b, a)):
        lost = by_id[model_fact(source.id, "capabilities_only")]
        if lost.value:
            lines.append(
                f"Moving from {source.name} to {target.name} gives up {lost.display}; check replacement coverage before moving production traffic."
            )
    return lines


def _profile_facts(dataset: Dataset, a: ModelFacts, b: ModelFacts) -> list[Fact]:
    """Each declared traffic profile's token counts, and each model's monthly cost at it on its
    cheapest route (the route the page names: lowest blended price)."""
    facts = []
    for profile_id, profile in dataset.assumptions.traffic_profiles.items():
        facts += [
            Fact(
                id=profile_tokens_fact(profile_id, "input_tokens"),
                value=profile.input_tokens,
                unit="tokens",
                display=display.tokens(profile.input_tokens),
                attribute="traffic_input_tokens",
            ),
            Fact(
                id=profile_tokens_fact(profile_id, "output_tokens"),
                value=profile.output_tokens,
                unit="tokens",
                display=display.tokens(profile.output_tokens),
                attribute="traffic_output_tokens",
            ),
        ]
        for model in (a, b):
            route = cheapest_route(dataset, model)
            cost = monthly_cost_usd(route, profile.input_tokens, profile.output_tokens) if route else None
            facts.append(
                Fact(
                    id=profile_fact(model.id, profile_id),
                    value=cost,
                    unit="usd_per_month",
                    display=display.usd(cost) if cost is not None else "Not tracked",
                    model=model.id,
                    attribute="monthly_cost",
                    entities=[model.id, route.provider] if route else [model.id],
                    sources=_sources(model, route.source) if route else [],
                )
            )
    return facts


def price_mix_flip(input_a: Decimal, output_a: Decimal, input_b: Decimal, output_b: Decimal) -> Decimal | None:
    """The input share (0 to 1, exclusive) at which two price pairs cost the same per token, or None
    when one is never dearer than the other. Cost at input share s is s*input + (1-s)*output."""
    input_gap, output_gap = input_a - input_b, output_a - output_b
    if input_gap * output_gap >= 0:
        return None
    return output_gap / (output_gap - input_gap)


def _price_mix_facts(dataset: Dataset, a: ModelFacts, b: ModelFacts) -> list[Fact]:
    """What flips the price verdict: the input/output mix at which the cheaper model changes, on
    each model's cheapest route, or that it never changes."""
    route_a, route_b = cheapest_route(dataset, a), cheapest_route(dataset, b)
    if not (route_a and route_b):
        return []
    common = {
        "attribute": "blend_input_share",
        "entities": [a.id, b.id],
        "sources": _sources(a, route_a.source) + _sources(b, route_b.source),
    }
    flip = price_mix_flip(
        route_a.input_usd_per_mtok, route_a.output_usd_per_mtok, route_b.input_usd_per_mtok, route_b.output_usd_per_mtok
    )
    if flip is None:
        cost_a = route_a.input_usd_per_mtok + route_a.output_usd_per_mtok
        cost_b = route_b.input_usd_per_mtok + route_b.output_usd_per_mtok
        if (route_a.input_usd_per_mtok, route_a.output_usd_per_mtok) == (
            route_b.input_usd_per_mtok,
            route_b.output_usd_per_mtok,
        ):
            sentence = f"{a.name} and {b.name} cost the same at every input/output mix on their cheapest routes."
        else:
            cheaper = a if cost_a < cost_b else b
            # With one price the same on both, traffic of only that kind costs the same.
            if route_a.input_usd_per_mtok == route_b.input_usd_per_mtok:
                mixes = "every input/output mix with output tokens in it (the input prices are the same)"
            elif route_a.output_usd_per_mtok == route_b.output_usd_per_mtok:
                mixes = "every input/output mix with input tokens in it (the output prices are the same)"
            else:
                mixes = "every input/output mix"
            sentence = f"{cheaper.name} is the cheaper model at {mixes} on the cheapest routes: no mix of input and output tokens flips the price verdict."
        return [Fact(id=factids.PRICE_MIX_FLIP, value="never", unit="text", display=sentence, **common)]
    # Below the flip (output-heavy traffic) the model with the lower output price is cheaper.
    output_cheaper, input_cheaper = (a, b) if route_a.output_usd_per_mtok < route_b.output_usd_per_mtok else (b, a)
    share = flip * 100
    shown = display.percent(share)
    sentence = (
        f"The cheaper model changes at {shown} input tokens: the cheaper one is {output_cheaper.name} below that share "
        f"and {input_cheaper.name} above it (on each model's cheapest route)."
    )
    return [
        Fact(
            id=factids.PRICE_MIX_FLIP_INPUT_SHARE,
            value=share,
            unit="percent",
            display=shown,
            model=input_cheaper.id,
            **common,
        ),
        Fact(id=factids.PRICE_MIX_FLIP, value="flips", unit="text", display=sentence, **common),
    ]


def _noise_facts(dataset: Dataset, a: ModelFacts, b: ModelFacts) -> list[Fact]:
    """Benchmark leads no larger than the declared noise margin are within noise."""
    margin = dataset.assumptions.benchmark_noise_points
    facts = [
        Fact(
            id=factids.BENCHMARK_NOISE,
            value=margin,
            unit="points",
            display=display.points(margin),
            attribute="benchmark_noise",
        )
    ]
    scores_a = {score.benchmark: score for score in a.benchmarks}
    scores_b = {score.benchmark: score for score in b.benchmarks}
    for benchmark in _shared_benchmarks(a, b):
        if not_directly_comparable(dataset, a, scores_a[benchmark], b, scores_b[benchmark]):
            continue  # no lead, so nothing to call within noise or beyond it
        gap = abs(scores_b[benchmark].score - scores_a[benchmark].score)
        facts.append(
            Fact(
                id=benchmark_fact(benchmark, "within_noise"),
                value=gap <= margin,
                unit="text",
                display="within noise" if gap <= margin else "beyond noise",
                attribute=benchmark,
                entities=[a.id, b.id, benchmark],
            )
        )
    return facts


def at_traffic(dataset: Dataset, input_tokens: int, output_tokens: int) -> Dataset:
    """The dataset with another monthly traffic: what a page's calculator computes for a reader's own traffic."""
    traffic = MonthlyTraffic(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        description=f"{display.tokens(input_tokens)} input and {display.tokens(output_tokens)} output tokens a month",
    )
    return dataset.model_copy(
        update={"assumptions": dataset.assumptions.model_copy(update={"monthly_traffic": traffic})}
    )
