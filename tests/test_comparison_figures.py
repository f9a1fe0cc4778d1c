"""Every field of every kind of comparison fact, exactly, on the fixture facts: the id, value, unit,
display, model, attribute, entities and sources a page, a prompt and the validator read. Written to
kill the mutants bench/mutation.py found surviving in comparison.py; variants of the fixture dataset
cover ties, free prices and missing values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator.comparison import Fact, compare
from generator.facts import Dataset, Route, Sourced
from tests.support import LLAMA, QWEN, TRINITY

LLAMA_CARD = "https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct"
LLAMA_BLOG = "https://ai.meta.com/blog/llama-3-2-connect-2024-vision-edge-mobile-devices/"
CLOUDFLARE = "https://developers.cloudflare.com/workers-ai/models/llama-3.2-1b-instruct/"
TRINITY_CARD = "https://huggingface.co/arcee-ai/Trinity-Large-Thinking"
ARCEE_PRICING = "https://www.arcee.ai/pricing"
BOTH = [LLAMA, TRINITY]


@pytest.fixture
def llama_qwen(reference_dataset):
    return compare(reference_dataset, LLAMA, QWEN)


@pytest.fixture
def llama_trinity(reference_dataset):
    return compare(reference_dataset, LLAMA, TRINITY)


def row(fact: Fact) -> tuple:
    """Everything of a fact but its sources, whose URLs `urls` gives."""
    return (fact.value, fact.unit, fact.display, fact.model, fact.attribute, fact.entities)


def urls(fact: Fact) -> list[str]:
    return [source.url for source in fact.sources]


def variant(dataset: Dataset, model_id: str, **changes) -> Dataset:
    """The dataset with one model's fields replaced."""
    models = dict(dataset.models)
    models[model_id] = models[model_id].model_copy(update=changes)
    return dataset.model_copy(update={"models": models})


def priced(dataset: Dataset, model_id: str, *prices: tuple[str, str, str]) -> Dataset:
    """The dataset with the model's routes replaced by (provider, input, output) prices, sourced like its first route."""
    source = dataset.models[model_id].routes[0].source
    routes = [
        Route(
            provider=provider,
            input_usd_per_mtok=Decimal(input_price),
            output_usd_per_mtok=Decimal(output_price),
            source=source,
        )
        for provider, input_price, output_price in prices
    ]
    return variant(dataset, model_id, routes=routes)


# -- the models' own facts ------------------------------------------------------------------------


def test_model_facts_carry_value_unit_display_attribute_and_source(llama_trinity):
    expected = {
        "organization": ("Arcee AI", "text", "Arcee AI"),
        "release_date": (dt.date(2026, 4, 1), "date", "2026-04-01"),
        "parameters": (400000000000, "parameters", "400B"),
        "architecture": ("Sparse Mixture of Experts (MoE)", "text", "Sparse Mixture of Experts (MoE)"),
        "context_window": (256000, "tokens", "256K"),
        "license": ("Apache 2.0", "text", "Apache 2.0"),
        "openness": ("open weights", "text", "Open weights"),
        "commercial_use": ("allowed", "text", "Commercial use allowed"),
    }
    for attribute, (value, unit, shown) in expected.items():
        fact = llama_trinity.fact(f"{TRINITY}.{attribute}")
        assert row(fact) == (value, unit, shown, TRINITY, attribute, [TRINITY]), attribute
        assert urls(fact) == [TRINITY_CARD], attribute
    assert llama_trinity.fact(f"{TRINITY}.organization").sources[0].model_dump() == {
        "url": TRINITY_CARD,
        "title": "Trinity-Large-Thinking model card",
        "checked": dt.date(2026, 4, 24),
    }
    assert llama_trinity.fact(f"{LLAMA}.commercial_use").display == "Commercial use allowed with conditions"
    assert row(llama_trinity.fact(f"{LLAMA}.knowledge_cutoff")) == (
        "2023-12",
        "month",
        "2023-12",
        LLAMA,
        "knowledge_cutoff",
        [LLAMA],
    )


def test_an_unknown_model_fact_has_no_value_no_source_and_reads_unknown(llama_trinity):
    fact = llama_trinity.fact(f"{TRINITY}.knowledge_cutoff")
    assert row(fact) == (None, "month", "Unknown", TRINITY, "knowledge_cutoff", [TRINITY])
    assert fact.sources == [] and not fact.known


def test_capabilities_are_yes_or_no_with_their_own_source(llama_trinity):
    structured = llama_trinity.fact(f"{LLAMA}.capability.structured_outputs")
    assert row(structured) == (True, "capability", "Yes", LLAMA, "capability.structured_outputs", [LLAMA])
    assert urls(structured) == [CLOUDFLARE]
    vision = llama_trinity.fact(f"{LLAMA}.capability.vision")
    assert row(vision) == (False, "capability", "No", LLAMA, "capability.vision", [LLAMA])
    assert urls(vision) == [LLAMA_CARD]
    assert [
        llama_trinity.fact(f"{TRINITY}.capability.{name}").value
        for name in ("reasoning", "function_calling", "tool_use", "code_execution")
    ] == [True, True, True, False]


def test_benchmark_scores_name_the_model_and_the_benchmark(llama_qwen):
    fact = llama_qwen.fact(f"{LLAMA}.benchmark.gpqa")
    assert row(fact) == (Decimal("25.6"), "score", "25.6", LLAMA, "gpqa", [LLAMA, "gpqa"])
    assert urls(fact) == [LLAMA_BLOG]
    assert llama_qwen.fact(f"{QWEN}.benchmark.mmlu-pro").value == Decimal("79.1")


# -- routes and the cheapest one ----------------------------------------------------------------


def test_each_route_has_its_prices_blend_and_monthly_cost(llama_trinity):
    route = f"{LLAMA}.route.cloudflare"
    entities = [LLAMA, "cloudflare"]
    assert row(llama_trinity.fact(f"{route}.input_price")) == (
        Decimal("0.027"),
        "usd_per_mtok",
        "$0.03",
        LLAMA,
        "input_price",
        entities,
    )
    assert row(llama_trinity.fact(f"{route}.output_price")) == (
        Decimal("0.201"),
        "usd_per_mtok",
        "$0.20",
        LLAMA,
        "output_price",
        entities,
    )
    assert row(llama_trinity.fact(f"{route}.blended_price")) == (
        Decimal("0.0792"),
        "usd_per_mtok",
        "$0.08",
        LLAMA,
        "blended_price",
        entities,
    )
    assert row(llama_trinity.fact(f"{route}.monthly_cost")) == (
        Decimal("71.85"),
        "usd_per_month",
        "$71.85",
        LLAMA,
        "monthly_cost",
        entities,
    )
    assert urls(llama_trinity.fact(f"{route}.monthly_cost")) == [CLOUDFLARE]
    assert llama_trinity.fact(f"{TRINITY}.route.openrouter.monthly_cost").value == Decimal("388.5")


def test_a_route_missing_one_price_shows_the_price_it_has(reference_dataset):
    route = Route(provider="fireworks-ai", input_usd_per_mtok=Decimal("0.05"), source="fireworks")
    comparison = compare(variant(reference_dataset, LLAMA, routes=[route]), LLAMA, TRINITY)
    prefix = f"{LLAMA}.route.fireworks-ai"
    assert [
        comparison.fact(f"{prefix}.{name}").display
        for name in ("input_price", "output_price", "blended_price", "monthly_cost")
    ] == ["$0.05", "Not tracked", "Not tracked", "Not tracked"]
    assert comparison.fact(f"{LLAMA}.cheapest_route").display == "No complete token price sourced"
    assert row(comparison.fact(f"{LLAMA}.input_price")) == (
        None,
        "usd_per_mtok",
        "Not tracked",
        LLAMA,
        "input_price",
        [LLAMA],
    )
    assert not comparison.has("input_price.difference")


def test_the_cheapest_route_facts_name_the_provider(llama_trinity):
    entities = [LLAMA, "cloudflare"]
    assert row(llama_trinity.fact(f"{LLAMA}.cheapest_route")) == (
        "cloudflare",
        "text",
        "Cloudflare Workers AI",
        LLAMA,
        "cheapest_route",
        entities,
    )
    assert row(llama_trinity.fact(f"{LLAMA}.blended_price")) == (
        Decimal("0.0792"),
        "usd_per_mtok",
        "$0.08",
        LLAMA,
        "blended_price",
        entities,
    )
    assert row(llama_trinity.fact(f"{LLAMA}.monthly_cost")) == (
        Decimal("71.85"),
        "usd_per_month",
        "$71.85",
        LLAMA,
        "monthly_cost",
        entities,
    )
    assert urls(llama_trinity.fact(f"{LLAMA}.cheapest_route")) == [CLOUDFLARE]


def test_routes_at_the_same_blended_price_are_broken_by_provider_id(llama_trinity):
    # Arcee AI and OpenRouter both charge 0.22 / 0.85 for Trinity.
    assert llama_trinity.fact(f"{TRINITY}.cheapest_route").value == "arcee-ai"
    assert urls(llama_trinity.fact(f"{TRINITY}.input_price")) == [ARCEE_PRICING]


def test_the_cheapest_route_is_the_lowest_blend_not_the_lowest_input_price(reference_dataset):
    # Input-heavy blend (70/30): a dearer input price can still make the cheaper blend.
    dataset = priced(reference_dataset, TRINITY, ("openrouter", "0.10", "2.00"), ("arcee-ai", "0.20", "0.50"))
    comparison = compare(dataset, LLAMA, TRINITY)
    assert comparison.fact(f"{TRINITY}.cheapest_route").value == "arcee-ai"
    assert comparison.fact(f"{TRINITY}.blended_price").value == Decimal("0.29")
    assert comparison.fact(f"{TRINITY}.monthly_cost").value == Decimal("285")


def test_the_route_table_lists_providers_by_name(llama_trinity):
    assert [(route.provider_id, route.provider) for route in llama_trinity.routes[LLAMA]] == [
        ("aws-bedrock", "AWS Bedrock"),
        ("bitdeer-ai", "Bitdeer AI"),
        ("cloudflare", "Cloudflare Workers AI"),
        ("fireworks-ai", "Fireworks AI"),
        ("nvidia-nim", "NVIDIA NIM"),
        ("openrouter", "OpenRouter"),
    ]
    cloudflare = llama_trinity.routes[LLAMA][2]
    assert (cloudflare.input_usd_per_mtok, cloudflare.output_usd_per_mtok) == (Decimal("0.027"), Decimal("0.201"))
    assert llama_trinity.routes[LLAMA][4].input_usd_per_mtok is None


# -- how the two prices compare -----------------------------------------------------------------


def test_price_gap_facts_in_full(llama_trinity):
    entities = BOTH
    assert row(llama_trinity.fact("output_price.difference")) == (
        Decimal("0.649"),
        "usd_per_mtok",
        "$0.65",
        LLAMA,
        "output_price",
        entities,
    )
    assert row(llama_trinity.fact("output_price.cheaper")) == (
        LLAMA,
        "model",
        "Llama 3.2 1B Instruct",
        LLAMA,
        "output_price",
        entities,
    )
    assert row(llama_trinity.fact("output_price.cheaper_percent")) == (
        (Decimal("0.85") - Decimal("0.201")) / Decimal("0.85") * 100,
        "percent",
        "76.4%",
        LLAMA,
        "output_price",
        entities,
    )
    assert row(llama_trinity.fact("output_price.multiple")) == (
        Decimal("0.85") / Decimal("0.201"),
        "multiplier",
        "4.2×",
        TRINITY,
        "output_price",
        entities,
    )
    assert row(llama_trinity.fact("monthly_cost.difference")) == (
        Decimal("316.65"),
        "usd_per_month",
        "$316.65",
        LLAMA,
        "monthly_cost",
        entities,
    )
    assert llama_trinity.fact("monthly_cost.multiple").display == "5.4×"
    assert llama_trinity.fact("blended_price.multiple").display == "5.2×"
    assert urls(llama_trinity.fact("input_price.cheaper")) == [CLOUDFLARE, ARCEE_PRICING]


def test_the_cheaper_model_is_found_in_either_order(reference_dataset):
    comparison = compare(reference_dataset, TRINITY, LLAMA)
    assert comparison.fact("blended_price.cheaper").value == LLAMA
    assert comparison.fact("blended_price.difference").model == LLAMA
    assert comparison.fact("blended_price.multiple").model == TRINITY
    assert comparison.fact("blended_price.cheaper_percent").display == "80.6%"
    assert comparison.fact("blended_price.difference").entities == [TRINITY, LLAMA]


def test_the_same_price_is_no_cheaper_and_has_no_percentage_or_multiple(reference_dataset):
    dataset = priced(reference_dataset, TRINITY, ("arcee-ai", "0.027", "0.201"))
    comparison = compare(dataset, LLAMA, TRINITY)
    assert row(comparison.fact("input_price.cheaper")) == (None, "model", "Same price", None, "input_price", BOTH)
    assert comparison.fact("input_price.difference").value == 0
    assert not comparison.has("input_price.cheaper_percent") and not comparison.has("input_price.multiple")
    assert "blended price" not in comparison.fact(f"{LLAMA}.leads_on").display


def test_a_free_model_is_a_hundred_percent_cheaper_and_has_no_multiple(reference_dataset):
    dataset = priced(reference_dataset, TRINITY, ("arcee-ai", "0", "0"))
    comparison = compare(dataset, LLAMA, TRINITY)
    assert row(comparison.fact("input_price.cheaper_percent")) == (
        Decimal(100),
        "percent",
        "100.0%",
        TRINITY,
        "input_price",
        BOTH,
    )
    assert not comparison.has("input_price.multiple")
    assert comparison.fact(f"{TRINITY}.monthly_cost").display == "$0.00"


# -- benchmarks and context ---------------------------------------------------------------------


def test_benchmark_lead_and_leader_in_full(llama_trinity):
    entities = [LLAMA, TRINITY, "gpqa"]
    lead, leader = llama_trinity.fact("benchmark.gpqa.lead"), llama_trinity.fact("benchmark.gpqa.leader")
    assert row(lead) == (Decimal("63.6"), "points", "63.6 points", TRINITY, "gpqa", entities)
    assert row(leader) == (TRINITY, "model", "Trinity-Large-Thinking", TRINITY, "gpqa", entities)
    assert urls(lead) == urls(leader) == [LLAMA_BLOG, TRINITY_CARD]


def test_the_first_model_can_lead_a_benchmark(reference_dataset):
    comparison = compare(reference_dataset, QWEN, LLAMA)
    assert row(comparison.fact("benchmark.gpqa.lead")) == (
        Decimal("50.6"),
        "points",
        "50.6 points",
        QWEN,
        "gpqa",
        [QWEN, LLAMA, "gpqa"],
    )
    assert comparison.fact("benchmark.gpqa.leader").display == "Qwen3.5-4B"
    assert comparison.benchmarks == ["mmlu-pro", "gpqa"]


def test_a_tied_benchmark_has_no_leader(reference_dataset):
    scores = [
        score.model_copy(update={"score": Decimal("25.6")}) for score in reference_dataset.models[TRINITY].benchmarks
    ]
    comparison = compare(variant(reference_dataset, TRINITY, benchmarks=scores), LLAMA, TRINITY)
    assert row(comparison.fact("benchmark.gpqa.lead")) == (
        Decimal(0),
        "points",
        "0.0 points",
        None,
        "gpqa",
        [LLAMA, TRINITY, "gpqa"],
    )
    assert row(comparison.fact("benchmark.gpqa.leader")) == (
        None,
        "model",
        "Tied",
        None,
        "gpqa",
        [LLAMA, TRINITY, "gpqa"],
    )
    assert "GPQA" not in comparison.fact("verdict").display


def test_the_shared_benchmark_count_reads_in_words(llama_qwen, llama_trinity, reference_dataset):
    assert row(llama_qwen.fact("benchmarks.shared_count")) == (
        2,
        "count",
        "2 shared benchmarks",
        None,
        "shared_benchmarks",
        [LLAMA, QWEN],
    )
    assert llama_trinity.fact("benchmarks.shared_count").display == "1 shared benchmark"
    none_shared = compare(variant(reference_dataset, TRINITY, benchmarks=[]), LLAMA, TRINITY)
    assert none_shared.fact("benchmarks.shared_count").display == "0 shared benchmarks"
    assert none_shared.benchmarks == []


def test_context_ratio_and_leader_in_full(llama_trinity):
    ratio, leader = llama_trinity.fact("context_window.ratio"), llama_trinity.fact("context_window.leader")
    assert row(ratio) == (Decimal(2), "multiplier", "2.0×", TRINITY, "context_window", BOTH)
    assert row(leader) == (TRINITY, "model", "Trinity-Large-Thinking", TRINITY, "context_window", BOTH)
    assert urls(ratio) == [LLAMA_CARD, TRINITY_CARD]


def test_the_first_model_can_have_the_larger_context(reference_dataset):
    comparison = compare(reference_dataset, TRINITY, LLAMA)
    assert comparison.fact("context_window.ratio").model == TRINITY
    assert comparison.fact("context_window.leader").value == TRINITY
    assert "context window (256K vs 128K)" in comparison.fact(f"{TRINITY}.leads_on").value


def test_equal_context_windows_are_tied(reference_dataset):
    context = Sourced[int](value=128000, source="model-card")
    comparison = compare(variant(reference_dataset, TRINITY, context_window_tokens=context), LLAMA, TRINITY)
    assert row(comparison.fact("context_window.leader")) == (None, "model", "Tied", None, "context_window", BOTH)
    assert comparison.fact("context_window.ratio").value == 1
    assert "context window" not in comparison.fact("verdict").display


def test_no_context_comparison_when_a_window_is_unknown(reference_dataset):
    comparison = compare(variant(reference_dataset, TRINITY, context_window_tokens=None), LLAMA, TRINITY)
    assert not comparison.has("context_window.ratio") and not comparison.has("context_window.leader")
    assert comparison.fact(f"{TRINITY}.context_window").display == "Unknown"


# -- providers and capabilities -----------------------------------------------------------------


def test_provider_facts_in_full(llama_trinity):
    count, providers = llama_trinity.fact(f"{TRINITY}.provider_count"), llama_trinity.fact(f"{TRINITY}.providers")
    assert row(count) == (2, "count", "2 tracked", TRINITY, "provider_count", [TRINITY])
    assert row(providers) == (
        ["Arcee AI", "OpenRouter"],
        "text",
        "Arcee AI and OpenRouter",
        TRINITY,
        "providers",
        [TRINITY, "arcee-ai", "openrouter"],
    )
    assert urls(count) == urls(providers) == [ARCEE_PRICING, "https://openrouter.ai/arcee-ai/trinity-large-thinking"]
    assert (
        llama_trinity.fact(f"{LLAMA}.providers").display
        == "AWS Bedrock, Bitdeer AI, Cloudflare Workers AI, Fireworks AI, NVIDIA NIM and OpenRouter"
    )
    assert row(llama_trinity.fact("providers.shared")) == (
        ["OpenRouter"],
        "text",
        "OpenRouter",
        None,
        "shared_providers",
        [LLAMA, TRINITY, "openrouter"],
    )
    assert row(llama_trinity.fact("providers.shared_count")) == (1, "count", "1", None, "shared_providers", BOTH)


def test_a_model_with_no_route_has_no_provider(llama_qwen):
    assert row(llama_qwen.fact(f"{QWEN}.providers")) == ([], "text", "No tracked provider", QWEN, "providers", [QWEN])
    assert llama_qwen.fact("providers.shared").display == "None"
    assert llama_qwen.fact(f"{QWEN}.cheapest_route").display == "No complete token price sourced"


def test_capability_facts_in_full(llama_trinity, llama_qwen):
    assert row(llama_trinity.fact(f"{TRINITY}.capabilities_only")) == (
        ["Reasoning", "Function calling", "Tool use"],
        "text",
        "Reasoning, Function calling and Tool use",
        TRINITY,
        "unique_capabilities",
        BOTH,
    )
    assert row(llama_trinity.fact(f"{LLAMA}.capabilities_only")) == (
        [],
        "text",
        "None",
        LLAMA,
        "unique_capabilities",
        BOTH,
    )
    assert row(llama_trinity.fact("capabilities.shared")) == (
        ["Structured outputs"],
        "text",
        "Structured outputs",
        None,
        "shared_capabilities",
        BOTH,
    )
    assert llama_qwen.fact("capabilities.shared").display == "None"


def test_an_unknown_capability_is_no_difference(reference_dataset):
    capabilities = reference_dataset.models[TRINITY].capabilities.model_copy(update={"reasoning": None})
    comparison = compare(variant(reference_dataset, TRINITY, capabilities=capabilities), LLAMA, TRINITY)
    assert comparison.fact(f"{TRINITY}.capabilities_only").value == ["Function calling", "Tool use"]
    assert comparison.fact(f"{TRINITY}.capability.reasoning").display == "Unknown"


# -- what each leads on, tradeoffs, switching, verdict ------------------------------------------


def test_leads_on_in_full(llama_trinity):
    assert row(llama_trinity.fact(f"{LLAMA}.leads_on")) == (
        ["blended price (80.6% cheaper)", "provider coverage (6 routes vs 2)"],
        "text",
        "blended price (80.6% cheaper) and provider coverage (6 routes vs 2)",
        LLAMA,
        "leads_on",
        BOTH,
    )
    assert llama_trinity.fact(f"{TRINITY}.leads_on").value == [
        "GPQA Diamond (+63.6 points)",
        "context window (256K vs 128K)",
    ]


def test_tradeoffs_in_full(llama_trinity):
    tradeoffs = [
        "Llama 3.2 1B Instruct has broader tracked provider coverage: 6 routes against 2, for fallback and procurement flexibility.",
        "Llama 3.2 1B Instruct is 80.6% cheaper on blended price: $0.08 against $0.41 per 1M tokens.",
        "Trinity-Large-Thinking leads on GPQA Diamond by 63.6 points.",
        "Trinity-Large-Thinking has the larger context window, 256K tokens against 128K, for long prompts, retrieval packs or transcript analysis.",
        "Trinity-Large-Thinking alone offers Reasoning, Function calling and Tool use in the tracked capability data.",
    ]
    assert row(llama_trinity.fact("decision.tradeoffs")) == (
        tradeoffs,
        "text",
        "\n".join(tradeoffs),
        None,
        "tradeoffs",
        BOTH,
    )


def test_switch_friction_in_full(llama_trinity, llama_qwen):
    shared = [
        "Both models are served by OpenRouter: there, switching changes the model name, not the SDK, billing or endpoint.",
        "Moving from Trinity-Large-Thinking to Llama 3.2 1B Instruct gives up Reasoning, Function calling and Tool use; check replacement coverage before moving production traffic.",
    ]
    assert row(llama_trinity.fact("decision.switch_friction")) == (
        shared,
        "text",
        "\n".join(shared),
        None,
        "switch_friction",
        BOTH,
    )
    assert llama_qwen.fact("decision.switch_friction").value == [
        "No tracked provider serves both Llama 3.2 1B Instruct and Qwen3.5-4B; plan for SDK, billing or endpoint changes.",
        "Moving from Llama 3.2 1B Instruct to Qwen3.5-4B gives up Structured outputs; check replacement coverage before moving production traffic.",
        "Moving from Qwen3.5-4B to Llama 3.2 1B Instruct gives up Vision and Multimodal; check replacement coverage before moving production traffic.",
    ]


def test_the_verdict_puts_the_model_leading_on_more_signals_first(llama_trinity, llama_qwen):
    verdict = llama_trinity.fact("verdict")
    assert row(verdict) == (verdict.display, "text", verdict.display, None, "verdict", BOTH)
    assert verdict.display == (
        "Llama 3.2 1B Instruct leads on blended price (80.6% cheaper) and provider coverage (6 routes vs 2); "
        "choose Trinity-Large-Thinking for GPQA Diamond (+63.6 points) and context window (256K vs 128K)."
    )
    assert llama_qwen.fact("verdict").value == (
        "Qwen3.5-4B leads on MMLU-Pro (+59.1 points), GPQA Diamond (+50.6 points) and context window (262K vs 128K); "
        "choose Llama 3.2 1B Instruct for provider coverage (6 routes vs 0)."
    )


def test_a_model_leading_on_every_signal_is_said_to(reference_dataset):
    comparison = compare(variant(reference_dataset, LLAMA, routes=[]), LLAMA, TRINITY)
    assert (
        comparison.fact("verdict").value
        == "Trinity-Large-Thinking leads on every tracked signal: GPQA Diamond (+63.6 points), context window (256K vs 128K) and provider coverage (2 routes vs 0)."
    )
    assert (
        comparison.fact("decision.tradeoffs").value[0]
        == "Trinity-Large-Thinking has broader tracked provider coverage: 2 routes against 0, for fallback and procurement flexibility."
    )


def test_neither_model_leading_says_to_choose_on_your_own_evaluation(reference_dataset):
    dataset = variant(reference_dataset, LLAMA, routes=[], benchmarks=[], context_window_tokens=None)
    dataset = variant(dataset, TRINITY, routes=[])
    comparison = compare(dataset, LLAMA, TRINITY)
    assert (
        comparison.fact("verdict").value
        == "Neither Llama 3.2 1B Instruct nor Trinity-Large-Thinking leads on any tracked signal; choose on your own evaluation."
    )
    assert comparison.fact(f"{LLAMA}.leads_on").display == "None"


def test_a_tie_in_signals_puts_the_first_model_first(reference_dataset):
    # One signal each: Trinity's GPQA lead, Llama's wider provider coverage; no price, same context.
    context = Sourced[int](value=128000, source="model-card")
    dataset = variant(reference_dataset, TRINITY, routes=[], context_window_tokens=context)
    dataset = variant(dataset, LLAMA, routes=dataset.models[LLAMA].routes[:2])
    comparison = compare(dataset, LLAMA, TRINITY)
    assert (
        comparison.fact("verdict").value
        == "Llama 3.2 1B Instruct leads on provider coverage (2 routes vs 0); choose Trinity-Large-Thinking for GPQA Diamond (+63.6 points)."
    )


def test_one_route_is_one_route_not_one_routes(reference_dataset):
    dataset = variant(reference_dataset, TRINITY, routes=[])
    dataset = variant(dataset, LLAMA, routes=dataset.models[LLAMA].routes[:1])
    comparison = compare(dataset, LLAMA, TRINITY)
    assert "provider coverage (1 route vs 0)" in comparison.fact(f"{LLAMA}.leads_on").value
    assert any("1 route against 0" in line for line in comparison.fact("decision.tradeoffs").value)


# -- the declared assumptions and the comparison as a whole -------------------------------------


def test_assumption_facts_in_full(llama_trinity):
    assert row(llama_trinity.fact("assumptions.blend.input_share")) == (
        Decimal(70),
        "percent",
        "70.0%",
        None,
        "blend_input_share",
        [],
    )
    assert row(llama_trinity.fact("assumptions.blend.output_share")) == (
        Decimal(30),
        "percent",
        "30.0%",
        None,
        "blend_output_share",
        [],
    )
    assert row(llama_trinity.fact("assumptions.traffic.input_tokens")) == (
        800000000,
        "tokens",
        "800M",
        None,
        "traffic_input_tokens",
        [],
    )
    assert row(llama_trinity.fact("assumptions.traffic.output_tokens")) == (
        250000000,
        "tokens",
        "250M",
        None,
        "traffic_output_tokens",
        [],
    )


def test_the_comparison_carries_names_descriptions_related_pairs_and_review_date(llama_trinity):
    assert (llama_trinity.a.id, llama_trinity.a.name, llama_trinity.a.aliases[0]) == (
        LLAMA,
        "Llama 3.2 1B Instruct",
        "Llama 3.2 1B",
    )
    assert llama_trinity.b.name == "Trinity-Large-Thinking"
    assert llama_trinity.benchmarks == ["gpqa"]
    assert llama_trinity.benchmark_names == {"mmlu-pro": "MMLU-Pro", "gpqa": "GPQA Diamond"}
    assert llama_trinity.traffic_description == "800M input and 250M output tokens a month"
    assert llama_trinity.blend_description == "70% input and 30% output tokens"
    assert llama_trinity.related_pairs == [(LLAMA, QWEN)]
    assert llama_trinity.model_names[QWEN][0] == "Qwen3.5-4B" and len(llama_trinity.model_names) == 3
    assert llama_trinity.last_reviewed == dt.date(2026, 5, 22)
    assert row(llama_trinity.fact("last_reviewed")) == (
        dt.date(2026, 5, 22),
        "date",
        "2026-05-22",
        None,
        "last_reviewed",
        BOTH,
    )
    assert (llama_trinity.pair, llama_trinity.slug) == ((LLAMA, TRINITY), f"{LLAMA}-vs-{TRINITY}")


def test_sources_are_unique_and_sorted_by_url(llama_trinity):
    sources = llama_trinity.sources()
    assert [source.url for source in sources] == sorted(
        {source.url for fact in llama_trinity.facts for source in fact.sources}
    )
    assert len(sources) == 11, "8 of Llama's sources and 3 of Trinity's"


def test_an_unknown_fact_id_names_the_pair(llama_trinity):
    with pytest.raises(KeyError, match=f"no fact 'benchmark.mmlu-pro.lead' for {LLAMA}-vs-{TRINITY}"):
        llama_trinity.fact("benchmark.mmlu-pro.lead")
    assert llama_trinity.has("benchmark.gpqa.lead") and not llama_trinity.has("benchmark.mmlu-pro.lead")


# -- edges the first mutation run found untested -------------------------------------------------


def test_a_lead_under_one_point_still_has_a_leader(reference_dataset):
    scores = [
        score.model_copy(update={"score": Decimal("26.1")}) for score in reference_dataset.models[TRINITY].benchmarks
    ]
    comparison = compare(variant(reference_dataset, TRINITY, benchmarks=scores), LLAMA, TRINITY)
    assert (comparison.fact("benchmark.gpqa.leader").value, comparison.fact("benchmark.gpqa.lead").display) == (
        TRINITY,
        "0.5 points",
    )


def test_equal_provider_counts_are_no_tradeoff_and_no_lead(reference_dataset):
    dataset = variant(reference_dataset, LLAMA, routes=reference_dataset.models[LLAMA].routes[:2])
    comparison = compare(dataset, LLAMA, TRINITY)
    assert not any("provider coverage" in line for line in comparison.fact("decision.tradeoffs").value)
    assert not any("provider coverage" in line for model in BOTH for line in comparison.fact(f"{model}.leads_on").value)


def test_related_pairs_share_a_model_with_the_pair(reference_dataset):
    dataset = reference_dataset.model_copy(
        update={"pairs": [*reference_dataset.pairs, (QWEN, TRINITY), ("model-x", "model-y")]}
    )
    assert compare(dataset, LLAMA, QWEN).related_pairs == [(LLAMA, TRINITY), (QWEN, TRINITY)]


def test_the_context_leader_carries_both_sources(llama_trinity):
    assert urls(llama_trinity.fact("context_window.leader")) == [LLAMA_CARD, TRINITY_CARD]


def test_the_blend_description_rounds_each_share(reference_dataset):
    blend = reference_dataset.assumptions.blend.model_copy(
        update={"input_share": Decimal("0.25"), "output_share": Decimal("0.75")}
    )
    assumptions = reference_dataset.assumptions.model_copy(update={"blend": blend})
    comparison = compare(reference_dataset.model_copy(update={"assumptions": assumptions}), LLAMA, TRINITY)
    assert comparison.blend_description == "25% input and 75% output tokens"
