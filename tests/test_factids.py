"""Fact ids: every id compare() builds parses into its parts and is built again, byte for byte, by the
builders; the vocabulary is exactly what compare() uses; a misspelt attribute fails where it is written."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator import factids
from generator.comparison import Comparison, Fact, compare
from generator.factids import (
    FactId,
    Family,
    benchmark_fact,
    capability_attribute,
    gap_fact,
    model_fact,
    parse_fact_id,
    profile_fact,
    route_fact,
    score_fact,
    with_models,
)
from generator.facts import CAPABILITIES, Dataset, PricePoint, Route, TrafficProfile
from generator.page import MARKDOWN

LLAMA, QWEN, TRINITY = "llama-3.2-1b-instruct", "qwen3.5-4b", "trinity-large-thinking"


def with_every_family(dataset: Dataset) -> Dataset:
    """The reference facts with what makes the rarer ids appear: a traffic profile, scores of different
    provenance (not comparable), a recent price change, an imported stub, and prices whose verdict flips."""
    models = dict(dataset.models)
    llama, qwen = models[LLAMA], models[QWEN]
    scores = {
        LLAMA: [score.model_copy(update={"provenance": "self-reported"}) for score in llama.benchmarks],
        QWEN: [score.model_copy(update={"provenance": "independent"}) for score in qwen.benchmarks],
    }
    route = llama.routes[0]
    changed_on = llama.sources[route.source].checked - dt.timedelta(days=10)
    history = [
        PricePoint(input_usd_per_mtok=Decimal("0.05"), output_usd_per_mtok=Decimal("0.3"), source=route.source),
        PricePoint(
            since=changed_on,
            input_usd_per_mtok=route.input_usd_per_mtok,
            output_usd_per_mtok=route.output_usd_per_mtok,
            source=route.source,
        ),
    ]
    # Cheaper input, dearer output than Llama's cheapest route: the cheaper model changes with the mix.
    flipping = Route(
        provider="openrouter",
        input_usd_per_mtok=Decimal("0.01"),
        output_usd_per_mtok=Decimal("0.5"),
        source=next(iter(qwen.sources)),
    )
    models[LLAMA] = llama.model_copy(
        update={
            "benchmarks": scores[LLAMA],
            "routes": [route.model_copy(update={"history": history}), *llama.routes[1:]],
        }
    )
    models[QWEN] = qwen.model_copy(update={"benchmarks": scores[QWEN], "routes": [flipping]})
    models[TRINITY] = models[TRINITY].model_copy(update={"curation": "imported"})
    profiles = {"small": TrafficProfile(name="Small", input_tokens=10_000_000, output_tokens=3_000_000)}
    assumptions = dataset.assumptions.model_copy(update={"traffic_profiles": profiles})
    return dataset.model_copy(update={"models": models, "assumptions": assumptions})


@pytest.fixture(scope="module")
def comparisons(reference_dataset) -> list[Comparison]:
    """Every ordered pair of the reference models, on the reference facts and on the variant."""
    return [
        compare(dataset, a, b)
        for dataset in (reference_dataset, with_every_family(reference_dataset))
        for a, b in itertools.permutations(dataset.models, 2)
    ]


def all_facts(comparisons: list[Comparison]) -> list[Fact]:
    return [fact for comparison in comparisons for fact in comparison.facts]


def test_every_fact_id_parses_and_is_built_again_byte_for_byte(comparisons):
    for fact in all_facts(comparisons):
        assert str(parse_fact_id(fact.id)) == fact.id


def test_the_parts_of_an_id_are_the_facts_own_model_and_attribute(comparisons):
    for fact in all_facts(comparisons):
        parsed = parse_fact_id(fact.id)
        if parsed.family in factids.MODEL_FAMILIES:
            assert parsed.model == fact.model, fact.id
        if parsed.family is Family.MODEL:
            # One id and its fact's attribute were named apart before ids were in one place.
            assert fact.attribute == {"capabilities_only": "unique_capabilities"}.get(
                parsed.attribute, parsed.attribute
            ), fact.id
        elif parsed.family is Family.CAPABILITY:
            assert capability_attribute(parsed.attribute) == fact.attribute, fact.id
        elif parsed.family in (Family.SCORE, Family.PROFILE):
            assert parsed.attribute == fact.attribute, fact.id
        elif parsed.family is Family.ROUTE:
            assert (parsed.key, parsed.attribute) == (fact.entities[1], fact.attribute), fact.id
        elif parsed.family in (Family.GAP, Family.BENCHMARK):
            # A gap fact's attribute is the price it compares; a benchmark fact's, the benchmark.
            assert parsed.subject == fact.attribute, fact.id
        else:
            assert parsed.model is None, fact.id


def test_the_vocabulary_is_exactly_what_compare_builds(comparisons):
    used: dict[Family, set[str]] = {family: set() for family in Family}
    for fact in all_facts(comparisons):
        parsed = parse_fact_id(fact.id)
        used[parsed.family].add(parsed.attribute)
    assert used[Family.MODEL] == set(factids.MODEL_ATTRIBUTES)
    assert used[Family.ROUTE] == set(factids.ROUTE_ATTRIBUTES)
    assert used[Family.CAPABILITY] == set(CAPABILITIES)
    assert used[Family.GAP] == set(factids.GAPS)
    assert used[Family.CONTEXT] == set(factids.CONTEXT_ATTRIBUTES)
    assert used[Family.BENCHMARK] == set(factids.BENCHMARK_ATTRIBUTES)
    assert used[Family.PROFILE] == {"monthly_cost"}
    assert used[Family.PAIR] == set(factids.PAIR_IDS)
    assert used[Family.ASSUMPTION] == set(factids.ASSUMPTION_IDS) | set(factids.PROFILE_TOKENS)


@pytest.mark.parametrize(
    ("fact_id", "parsed"),
    [
        ("qwen3.5-4b.context_window", FactId(Family.MODEL, "context_window", "qwen3.5-4b")),
        ("qwen3.5-4b.capability.vision", FactId(Family.CAPABILITY, "vision", "qwen3.5-4b")),
        ("qwen3.5-4b.benchmark.mmlu-pro", FactId(Family.SCORE, "mmlu-pro", "qwen3.5-4b")),
        (
            "llama-3.2-1b-instruct.route.together-ai.previous_input_price",
            FactId(Family.ROUTE, "previous_input_price", "llama-3.2-1b-instruct", "together-ai"),
        ),
        ("gpt-4.1.profile.small.monthly_cost", FactId(Family.PROFILE, "monthly_cost", "gpt-4.1", "small")),
        ("blended_price.cheaper_percent", FactId(Family.GAP, "cheaper_percent", "blended_price")),
        ("context_window.leader", FactId(Family.CONTEXT, "leader", "context_window")),
        ("benchmark.mmlu-pro.not_comparable", FactId(Family.BENCHMARK, "not_comparable", "mmlu-pro")),
        ("assumptions.profile.large.output_tokens", FactId(Family.ASSUMPTION, "output_tokens", None, "large")),
        ("assumptions.blend.input_share", FactId(Family.ASSUMPTION, "assumptions.blend.input_share")),
        ("verdict", FactId(Family.PAIR, "verdict")),
    ],
)
def test_an_id_is_read_from_its_ends_so_dotted_model_ids_keep_their_dots(fact_id: str, parsed: FactId):
    assert parse_fact_id(fact_id) == parsed
    assert str(parsed) == fact_id


@pytest.mark.parametrize(
    "text", ["qwen3.5-4b.yaml", "qwen3.5-4b.context_windows", "benchmark.gpqa.leads", "verdicts", "input_price.ratio"]
)
def test_text_that_is_no_fact_id_is_refused(text: str):
    with pytest.raises(ValueError, match="not a comparison fact id"):
        parse_fact_id(text)


def test_the_builders_write_the_ids_pages_and_ledgers_already_store():
    assert model_fact(QWEN, "context_window") == "qwen3.5-4b.context_window"
    assert score_fact(LLAMA, "gpqa") == "llama-3.2-1b-instruct.benchmark.gpqa"
    assert route_fact(LLAMA, "cloudflare", "monthly_cost") == "llama-3.2-1b-instruct.route.cloudflare.monthly_cost"
    assert profile_fact(QWEN, "small") == "qwen3.5-4b.profile.small.monthly_cost"
    assert gap_fact("monthly_cost", "multiple") == "monthly_cost.multiple"
    assert benchmark_fact("gpqa", "within_noise") == "benchmark.gpqa.within_noise"


@pytest.mark.parametrize(
    "build",
    [
        lambda: model_fact(QWEN, "context_windw"),
        lambda: route_fact(QWEN, "openrouter", "input"),
        lambda: gap_fact("blended_price", "cheapest"),
        lambda: gap_fact("context_window", "cheaper"),
        lambda: benchmark_fact("gpqa", "leads"),
        lambda: factids.capability_fact(QWEN, "telepathy"),
    ],
)
def test_a_misspelt_attribute_fails_where_the_id_is_built(build):
    with pytest.raises(ValueError, match="unknown .* in a fact id"):
        build()


def test_a_page_template_names_facts_with_the_builders_and_a_typo_fails_loudly():
    template = MARKDOWN.from_string('{{ model_fact(m, "context_window") }} {{ gap_fact("blended_price", "cheaper") }}')
    assert template.render(m=QWEN) == "qwen3.5-4b.context_window blended_price.cheaper"
    with pytest.raises(ValueError, match="context_windw"):
        MARKDOWN.from_string('{{ model_fact(m, "context_windw") }}').render(m=QWEN)


def test_a_prompt_writes_the_model_an_id_is_about_as_its_key_and_nothing_else():
    keys = {LLAMA: "{A}", "3.5-4b": "{B}"}
    assert with_models(f"{LLAMA}.route.cloudflare.input_price", keys) == "{A}.route.cloudflare.input_price"
    # A model id that ends another one's is not replaced inside it, as a text replace would.
    assert with_models(f"{QWEN}.context_window", keys) == f"{QWEN}.context_window"
    assert with_models("benchmark.gpqa.lead", keys) == "benchmark.gpqa.lead"


GENERATOR = Path(__file__).resolve().parent.parent / "generator"
# Which arguments of a builder are attribute names, and the names each may be.
BUILDER_VOCABULARY = {
    "model_fact": [None, factids.MODEL_ATTRIBUTES],
    "capability_fact": [None, CAPABILITIES],
    "route_fact": [None, None, factids.ROUTE_ATTRIBUTES],
    "gap_fact": [factids.PRICE_ATTRIBUTES, factids.GAPS],
    "context_fact": [factids.CONTEXT_ATTRIBUTES],
    "benchmark_fact": [None, factids.BENCHMARK_ATTRIBUTES],
    "profile_tokens_fact": [None, factids.PROFILE_TOKENS],
}
BUILDER_CALL = re.compile(rf"\b({'|'.join(BUILDER_VOCABULARY)})\(([^()]*)\)")


def test_every_attribute_written_in_a_builder_call_is_in_the_vocabulary():
    """What a type checker would do for the Literal types, for Python and templates alike: a misspelt
    name in any builder call of generator/ fails here, before a page that reaches it is built."""
    calls, unknown = 0, []
    for path in sorted([*GENERATOR.rglob("*.py"), *GENERATOR.rglob("*.j2")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for builder, arguments in BUILDER_CALL.findall(line):
                calls += 1
                for argument, allowed in zip(arguments.split(","), BUILDER_VOCABULARY[builder], strict=False):
                    literal = re.fullmatch(r"""\s*["'](\w+)["']\s*""", argument)
                    if allowed and literal and literal.group(1) not in allowed:
                        unknown.append(f"{path.name}:{number}: {builder}({arguments})")
    assert calls > 100
    assert unknown == []
