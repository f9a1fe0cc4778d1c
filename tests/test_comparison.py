"""The comparison maths: every figure of the reference pages, computed from exact values."""

from decimal import Decimal

import pytest

from generator.comparison import compare
from tests.support import LLAMA, QWEN, TRINITY


@pytest.fixture
def llama_qwen(reference_dataset):
    return compare(reference_dataset, LLAMA, QWEN)


@pytest.fixture
def llama_trinity(reference_dataset):
    return compare(reference_dataset, LLAMA, TRINITY)


def test_benchmark_leads_are_the_score_differences_with_their_leader(llama_qwen, llama_trinity):
    assert llama_qwen.fact("benchmark.mmlu-pro.lead").value == Decimal("59.1")
    assert llama_qwen.fact("benchmark.mmlu-pro.lead").model == QWEN
    assert llama_qwen.fact("benchmark.gpqa.lead").display == "50.6 points"
    assert llama_trinity.fact("benchmark.gpqa.lead").display == "63.6 points"
    assert llama_trinity.fact("benchmark.gpqa.leader").model == TRINITY


def test_benchmarks_only_one_model_scored_get_no_lead(llama_trinity):
    assert not llama_trinity.has("benchmark.mmlu-pro.lead")
    assert llama_trinity.fact("benchmarks.shared_count").value == 1


def test_context_windows_display_as_the_pages_print_them(llama_qwen, llama_trinity):
    assert llama_qwen.fact(f"{LLAMA}.context_window").display == "128K"
    assert llama_qwen.fact(f"{QWEN}.context_window").display == "262K"
    assert llama_trinity.fact(f"{TRINITY}.context_window").display == "256K"
    assert llama_qwen.fact("context_window.ratio").value == Decimal(262144) / Decimal(128000)
    assert llama_qwen.fact("context_window.leader").model == QWEN


def test_cheapest_route_holds_exact_prices_and_displays_them_rounded(llama_qwen):
    assert llama_qwen.fact(f"{LLAMA}.cheapest_route").display == "Cloudflare Workers AI"
    assert llama_qwen.fact(f"{LLAMA}.input_price").value == Decimal("0.027")
    assert llama_qwen.fact(f"{LLAMA}.input_price").display == "$0.03"
    assert llama_qwen.fact(f"{LLAMA}.output_price").display == "$0.20"


def test_blended_price_uses_the_declared_ratio_on_exact_prices(llama_trinity):
    assert llama_trinity.fact(f"{LLAMA}.blended_price").value == Decimal("0.7") * Decimal("0.027") + Decimal(
        "0.3"
    ) * Decimal("0.201")
    assert llama_trinity.fact(f"{TRINITY}.blended_price").value == Decimal("0.409")
    assert llama_trinity.fact("blended_price.difference").value == Decimal("0.3298")
    assert llama_trinity.fact("blended_price.difference").display == "$0.33"


def test_monthly_cost_is_declared_traffic_on_the_cheapest_route(llama_trinity):
    assert llama_trinity.fact(f"{LLAMA}.monthly_cost").value == Decimal("71.85")
    assert llama_trinity.fact(f"{LLAMA}.monthly_cost").display == "$71.85"
    assert llama_trinity.fact(f"{TRINITY}.monthly_cost").value == Decimal("388.5")
    assert llama_trinity.fact("monthly_cost.difference").display == "$316.65"


def test_every_complete_route_gets_its_blended_price_and_monthly_cost(llama_qwen):
    route = f"{LLAMA}.route.cloudflare"
    assert llama_qwen.fact(f"{route}.blended_price").value == Decimal("0.7") * Decimal("0.027") + Decimal(
        "0.3"
    ) * Decimal("0.201")
    assert llama_qwen.fact(f"{route}.monthly_cost").value == Decimal("71.85")
    assert llama_qwen.fact(f"{route}.monthly_cost").model == LLAMA


def test_a_route_without_both_prices_has_no_blended_or_monthly_figure(llama_qwen):
    unpriced = f"{LLAMA}.route.openrouter"
    assert llama_qwen.fact(f"{unpriced}.input_price").value is None
    for attribute in ("blended_price", "monthly_cost"):
        assert llama_qwen.fact(f"{unpriced}.{attribute}").value is None
        assert llama_qwen.fact(f"{unpriced}.{attribute}").display == "Not tracked"


def test_cheaper_percentage_uses_the_dearer_price_as_base(llama_trinity):
    # The reference page's "~715% cheaper" divides by the cheaper price; cheaper-by can never pass 100%.
    cheaper = llama_trinity.fact("input_price.cheaper_percent")
    assert cheaper.value == (Decimal("0.22") - Decimal("0.027")) / Decimal("0.22") * 100
    assert cheaper.display == "87.7%"
    assert cheaper.model == LLAMA


def test_price_multiple_is_the_dearer_price_over_the_cheaper(llama_trinity):
    multiple = llama_trinity.fact("input_price.multiple")
    assert multiple.value == Decimal("0.22") / Decimal("0.027")
    assert multiple.display == "8.1×"
    assert multiple.model == TRINITY


def test_no_price_comparison_when_one_model_has_no_complete_price(llama_qwen):
    assert llama_qwen.fact(f"{QWEN}.monthly_cost").value is None
    assert llama_qwen.fact(f"{QWEN}.monthly_cost").display == "Not tracked"
    assert not llama_qwen.has("blended_price.difference")
    assert not llama_qwen.has("monthly_cost.cheaper")


def test_provider_counts_and_shared_providers_come_from_routes(llama_qwen, llama_trinity):
    assert llama_qwen.fact(f"{LLAMA}.provider_count").value == 6
    assert llama_qwen.fact(f"{QWEN}.provider_count").value == 0
    assert llama_trinity.fact("providers.shared").value == ["OpenRouter"]
    assert llama_qwen.fact("providers.shared_count").value == 0


def test_capability_differences_and_shared_capabilities(llama_qwen, llama_trinity):
    assert llama_qwen.fact(f"{QWEN}.capabilities_only").value == ["Vision", "Multimodal"]
    assert llama_qwen.fact(f"{LLAMA}.capabilities_only").value == ["Structured outputs"]
    assert llama_trinity.fact("capabilities.shared").value == ["Structured outputs"]
    assert llama_trinity.fact(f"{LLAMA}.capability.reasoning").value is False


def test_verdict_names_what_each_model_leads_on(llama_trinity):
    verdict = llama_trinity.fact("verdict").display
    assert verdict.startswith("Llama 3.2 1B Instruct leads on blended price (80.6% cheaper)")
    assert "choose Trinity-Large-Thinking for GPQA Diamond (+63.6 points)" in verdict


def test_unknown_values_read_unknown_never_zero(llama_qwen):
    assert llama_qwen.fact(f"{QWEN}.architecture").display == "Unknown"
    assert llama_qwen.fact(f"{QWEN}.knowledge_cutoff").value is None


def test_facts_have_unique_ids_and_known_values_carry_sources(llama_qwen):
    ids = [fact.id for fact in llama_qwen.facts]
    assert len(ids) == len(set(ids))
    sourced_units = {"usd_per_mtok", "score", "tokens", "parameters", "date"}
    for fact in llama_qwen.facts:
        if (
            fact.known
            and fact.unit in sourced_units
            and fact.id != "last_reviewed"
            and not fact.id.startswith("assumptions.")
        ):
            assert fact.sources, fact.id
