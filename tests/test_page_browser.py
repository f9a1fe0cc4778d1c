"""A published page and the site index in a real headless Chromium (Debian's, driven by Playwright):
charts, figure sources on hover, the traffic calculator against `versus facts --traffic`, sorting."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from generator import display
from generator.cli import main
from generator.comparison import compare, monthly_cost_usd
from generator.facts import load_facts
from generator.publish import publish
from generator.review import approve
from tests.support import PAIRS, QWEN_SLUG, REFERENCE_FACTS, TRINITY_SLUG, build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The reference pairs built with `versus build --facts tests/fixtures/reference`, approved and published."""
    root = tmp_path_factory.mktemp("published")
    build(root / "review")
    dataset = load_facts(REFERENCE_FACTS)
    for a, b in PAIRS:
        approve(root / "review", f"{a}-vs-{b}", "ada", "ok", dataset)
    publish(root / "review", root / "site", REFERENCE_FACTS, "https://example.com")
    return root / "site"


@pytest.fixture
def tab(browser: Browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == []


def open_page(tab: Page, site: Path, slug: str = TRINITY_SLUG) -> Page:
    tab.goto((site / slug / "page.html").as_uri())
    return tab


def test_the_published_page_draws_two_charts_labelled_with_the_facts(tab, site):
    page = open_page(tab, site)
    charts = page.locator("figure.chart svg")
    assert charts.count() == 2
    benchmarks, costs = page.locator("#chart-benchmarks svg"), page.locator("#chart-monthly-cost svg")
    assert (
        benchmarks.get_attribute("role") == "img" and benchmarks.locator("title").text_content() == "Benchmark scores"
    )
    assert benchmarks.locator("text.group").all_text_contents() == ["MMLU-Pro", "GPQA Diamond"]
    # Trinity-Large-Thinking has no MMLU-Pro score: "Unknown", and no bar.
    assert benchmarks.locator("text.value").all_text_contents() == ["20.0", "Unknown", "25.6", "89.2"]
    assert benchmarks.locator("rect").count() == 3 and benchmarks.locator("g.unknown rect").count() == 0
    assert costs.locator("title").text_content() == "Monthly cost per provider route"
    values = dict(
        zip(
            costs.locator("text.label").all_text_contents(),
            costs.locator("text.value").all_text_contents(),
            strict=False,
        )
    )
    assert values["Llama 3.2 1B Instruct on Cloudflare Workers AI"] == "$71.85"
    assert values["Trinity-Large-Thinking on Arcee AI"] == "$388.50"
    assert values["Llama 3.2 1B Instruct on NVIDIA NIM"] == "Unknown"
    assert "$71.85" in costs.locator("desc").text_content()
    # No bar is drawn for an unknown cost; the known ones have a visible length.
    assert costs.locator("g.unknown rect").count() == 0
    assert all(
        float(width) > 0
        for width in costs.locator("rect").evaluate_all("bars => bars.map(bar => bar.getAttribute('width'))")
    )


def test_hovering_a_prose_figure_shows_its_fact_source_and_checked_date(tab, site):
    page = open_page(tab, site)
    figure = page.locator('#deep-dive a.fig[data-fact="trinity-large-thinking.benchmark.gpqa"]').first
    tooltip = "element => getComputedStyle(element, '::after').content"
    assert figure.evaluate(tooltip) in ("none", "normal")
    figure.hover()
    shown = figure.evaluate(tooltip)
    assert "trinity-large-thinking.benchmark.gpqa" in shown
    assert "https://huggingface.co/arcee-ai/Trinity-Large-Thinking" in shown and "checked 2026-04-24" in shown
    assert figure.text_content() == "89.2"


def calculate(page: Page, input_tokens: str, output_tokens: str) -> None:
    page.fill("#calc-input", input_tokens)
    page.fill("#calc-output", output_tokens)
    page.click("#calculator button[type=submit]")


def test_the_calculator_gives_what_versus_facts_computes_for_that_traffic(tab, site):
    page = open_page(tab, site)
    calculate(page, "3,000,000,000", "12345678")
    result = CliRunner().invoke(
        main, ["facts", *PAIRS[1], "--json", "--facts", str(REFERENCE_FACTS), "--traffic", "3000000000", "12345678"]
    )
    assert result.exit_code == 0, result.output
    facts = {fact["id"]: fact for fact in json.loads(result.output)}
    routes = page.locator("[data-calc-route]")
    assert routes.count() == 5
    for cell in routes.all():
        assert cell.text_content() == facts[f"{cell.get_attribute('data-calc-route')}.monthly_cost"]["display"]
    for model_id in PAIRS[1]:
        assert (
            page.locator(f'[data-calc-cheapest="{model_id}"]').text_content()
            == facts[f"{model_id}.monthly_cost"]["display"]
        )
    assert (
        facts["llama-3.2-1b-instruct.monthly_cost"]["display"] == "$83.48"
    )  # 3,000M x $0.027 + 12.3M x $0.201, per 1M
    assert (
        page.locator("#calc-gap").text_content()
        == f"Llama 3.2 1B Instruct costs {facts['monthly_cost.difference']['display']} less a month at this traffic."
    )


def test_the_calculator_agrees_with_python_to_the_cent_on_many_traffics(tab, site):
    page = open_page(tab, site)
    dataset = load_facts(REFERENCE_FACTS)
    comparison = compare(dataset, *PAIRS[1])
    priced = [
        (f"{model_id}.route.{route.provider_id}", route)
        for model_id in PAIRS[1]
        for route in comparison.routes[model_id]
        if route.input_usd_per_mtok is not None and route.output_usd_per_mtok is not None
    ]
    generator = random.Random(17)
    traffics = [(1, 0), (0, 1), (37, 0), (370, 370), (185185, 0), (999_999_999_999, 7), (10**15, 10**15)]
    traffics += [
        (generator.randrange(10 ** generator.randint(1, 13)), generator.randrange(10 ** generator.randint(1, 12)))
        for _ in range(150)
    ]
    checked = 0
    for input_tokens, output_tokens in traffics:
        calculate(page, str(input_tokens), str(output_tokens))
        shown = page.locator("[data-calc-route]").evaluate_all(
            "cells => Object.fromEntries(cells.map(cell => [cell.dataset.calcRoute, cell.textContent]))"
        )
        for route_id, route in priced:
            assert shown[route_id] == display.usd(monthly_cost_usd(route, input_tokens, output_tokens)), (
                input_tokens,
                output_tokens,
                route_id,
            )
            checked += 1
    assert checked == len(traffics) * 5
    # Scaled entries are read exactly: 800M is 800,000,000 tokens.
    calculate(page, "800M", "0.25B")
    assert page.locator('[data-calc-cheapest="llama-3.2-1b-instruct"]').text_content() == "$71.85"
    calculate(page, "1.5 tokens", "1")
    assert "whole numbers" in page.locator("#calc-error").text_content()


def test_without_javascript_the_charts_show_and_the_calculator_stays_hidden(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / TRINITY_SLUG / "page.html").as_uri())
    assert page.locator("figure.chart svg").count() == 2
    assert not page.locator("#calculator").is_visible()
    assert page.locator("#monthly-cost").get_by_text("$71.85").first.is_visible()
    context.close()


def test_the_site_index_sorts_by_price_and_context_without_a_server(tab, site):
    tab.goto((site / "index.html").as_uri())

    def titles() -> list[str]:
        return tab.locator("#pairs tbody tr td:first-child a").all_text_contents()

    assert len(titles()) == 2
    tab.get_by_role("button", name="B blended price").click()
    # Qwen3.5-4B has no price: unknown values sort last in both directions.
    assert titles()[-1] == "Llama 3.2 1B Instruct vs Qwen3.5-4B"
    tab.get_by_role("button", name="B blended price").click()
    assert titles()[-1] == "Llama 3.2 1B Instruct vs Qwen3.5-4B"
    tab.get_by_role("button", name="B context window").click()
    assert tab.locator("#pairs th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert titles() == [
        "Llama 3.2 1B Instruct vs Trinity-Large-Thinking",
        "Llama 3.2 1B Instruct vs Qwen3.5-4B",
    ]  # 256K before 262K
    tab.get_by_role("button", name="B context window").click()
    assert titles() == ["Llama 3.2 1B Instruct vs Qwen3.5-4B", "Llama 3.2 1B Instruct vs Trinity-Large-Thinking"]
    assert tab.locator("#pairs tbody tr").first.locator("td").nth(6).text_content() == "262K"
    assert Decimal(tab.locator("#pairs tbody tr").last.locator("td").nth(5).get_attribute("data-value")) == Decimal(
        "0.409"
    )


def test_the_qwen_page_shows_unknown_costs_instead_of_bars(tab, site):
    page = open_page(tab, site, QWEN_SLUG)
    costs = page.locator("#chart-monthly-cost svg")
    values = dict(
        zip(
            costs.locator("text.label").all_text_contents(),
            costs.locator("text.value").all_text_contents(),
            strict=False,
        )
    )
    assert values["Qwen3.5-4B (no tracked route)"] == "Unknown"
    assert page.locator('[data-calc-cheapest="qwen3.5-4b"]').text_content() == "Unavailable"
