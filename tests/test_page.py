"""Pages: every section of the richer reference page, figures stated right, data escaped in HTML."""

import json
import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.author import Attempt, deterministic_section
from generator.check import check
from generator.cli import main
from generator.comparison import compare, price_mix_flip
from generator.content import html_text
from generator.facts import load_facts
from generator.formulas import exact
from generator.page import Page, assemble, receipt_problems, render_html, render_markdown, stated_receipts, write_page
from generator.publish import publish
from generator.review import approve
from generator.validation import Validator, describe_finding, validate_markdown
from tests.support import (
    CATALOG,
    PAIRS,
    QWEN_SLUG,
    REFERENCE_FACTS,
    TRINITY_SLUG,
    build,
    edit,
    write_drafts,
)

SECTIONS = [
    "## Decision scorecard",
    "## Decision tradeoffs",
    "## Monthly cost at traffic",
    "## Switch friction",
    "## Specs",
    "## Pricing and availability",
    "## Capabilities",
    "## Benchmarks",
    "## Deep dive",
    "## FAQ",
    "## Continue comparing",
    "Last reviewed:",
    "## Sources",
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    out_dir = tmp_path_factory.mktemp("pages")
    build(out_dir)
    return {f"{a}-vs-{b}": (out_dir / f"{a}-vs-{b}" / "page.md").read_text() for a, b in PAIRS} | {"dir": str(out_dir)}


def test_build_writes_the_page_files_and_validation_report_per_pair(pages):
    for a, b in PAIRS:
        folder = Path(pages["dir"]) / f"{a}-vs-{b}"
        assert {path.name for path in folder.iterdir()} == {"page.md", "page.html", "page.json", "validation.json"}


@pytest.mark.parametrize("slug", [f"{a}-vs-{b}" for a, b in PAIRS])
def test_every_section_of_the_richer_reference_page_is_present_in_order(pages, slug):
    positions = [pages[slug].index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)


def test_correct_reference_figures_appear_as_the_pages_state_them(pages):
    qwen, trinity = (
        pages["llama-3.2-1b-instruct-vs-qwen3.5-4b"],
        pages["llama-3.2-1b-instruct-vs-trinity-large-thinking"],
    )
    assert "Qwen3.5-4B leads by 59.1 points" in qwen
    assert "ahead by 50.6 points" in qwen
    assert "ahead by 63.6 points" in trinity
    assert "128K-token context window, while Qwen3.5-4B ships a 262K-token context window" in qwen
    assert "lower by $0.33 per 1M blended tokens" in trinity
    assert "$71.85 a month on Cloudflare Workers AI" in qwen
    assert "$0.03/1M input" in trinity and "$0.22/1M" in trinity


def test_the_price_table_gives_every_route_its_blended_and_monthly_cost_with_the_real_facts(tmp_path):
    # In the catalog (a copy of facts/) a cheaper route than the reference page's exists; the reference's $71.85 stays on the
    # page as Cloudflare Workers AI's own monthly cost, beside the cheapest route's.
    build(tmp_path, CATALOG, PAIRS[:1])
    page = (tmp_path / "llama-3.2-1b-instruct-vs-qwen3.5-4b" / "page.md").read_text()
    assert "| Provider | Model | Input | Output | Blended | Monthly |" in page
    assert "| Cloudflare Workers AI | Llama 3.2 1B Instruct | $0.03 | $0.20 | $0.08 | $71.85 |" in page
    assert "| No tracked provider | Qwen3.5-4B | Not tracked | Not tracked | Not tracked | Not tracked |" in page


def test_wrong_reference_figures_appear_corrected(pages):
    qwen, trinity = (
        pages["llama-3.2-1b-instruct-vs-qwen3.5-4b"],
        pages["llama-3.2-1b-instruct-vs-trinity-large-thinking"],
    )
    assert "715%" not in trinity and "87.7%" in trinity  # cheaper-by uses the dearer price as base
    assert (
        "7 tracked" not in qwen and "| Provider routes | 6 tracked | 0 tracked |" in qwen
    )  # count from the listed routes
    assert "frontier reasoning" not in trinity and "| Reasoning | No | Yes |" in trinity
    assert "Assumption: 800M input and 250M output tokens a month" in qwen  # the traffic is stated
    assert "Open Source" not in trinity and "Llama 3.2 Community License" in trinity  # one licence on both pages
    assert "Llama 3.2 Community License" in qwen


def test_capability_table_has_a_value_in_every_cell(pages):
    table = (
        pages["llama-3.2-1b-instruct-vs-trinity-large-thinking"].split("## Capabilities")[1].split("## Benchmarks")[0]
    )
    rows = [line for line in table.splitlines() if line.startswith("| ") and "Capability" not in line]
    assert len(rows) == 7
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert all(cell in {"Yes", "No", "Unknown"} for cell in cells[1:]), row


def test_missing_values_read_unknown_or_not_tracked_never_blank_or_zero(pages):
    qwen = pages["llama-3.2-1b-instruct-vs-qwen3.5-4b"]
    assert "| Architecture | decoder only | Unknown |" in qwen
    assert "| No tracked provider | Qwen3.5-4B | Not tracked | Not tracked |" in qwen
    assert "Unavailable: no complete token price" in qwen
    assert "Cost difference unavailable" in qwen
    assert not re.search(r"\|[ \t]*\|", qwen.replace("|---|---|---|", ""))
    assert "$0.00" not in qwen


def test_continue_comparing_links_the_other_published_pairs(pages):
    assert (
        "(../llama-3.2-1b-instruct-vs-trinity-large-thinking/page.html)" in pages["llama-3.2-1b-instruct-vs-qwen3.5-4b"]
    )


def test_page_json_holds_facts_prose_and_provenance(pages):
    page = json.loads((Path(pages["dir"]) / "llama-3.2-1b-instruct-vs-qwen3.5-4b" / "page.json").read_text())
    assert page["pair"] == ["llama-3.2-1b-instruct", "qwen3.5-4b"]
    assert any(
        fact["id"] == "llama-3.2-1b-instruct.monthly_cost" and Decimal(fact["value"]) == Decimal("71.85")
        for fact in page["comparison"]["facts"]
    )
    assert page["sections"]["deep_dive"]["author"] == "deterministic"
    assert page["facts_hash"]


def test_html_escapes_every_value_from_data(facts_copy, tmp_path):
    edit(facts_copy, Path("models/qwen3.5-4b.yaml"), "name: Qwen3.5-4B", 'name: "<script>alert(1)</script>"')
    out_dir = tmp_path / "out"
    build(out_dir, facts_copy, pairs=[PAIRS[0]])
    html = (out_dir / "llama-3.2-1b-instruct-vs-qwen3.5-4b" / "page.html").read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_build_without_pairs_builds_every_pair_of_pairs_yaml(tmp_path):
    result = CliRunner().invoke(
        main, ["build", "--llm", "none", "--out", str(tmp_path), "--facts", str(REFERENCE_FACTS)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir() if path.name != ".cache") == sorted(
        f"{a}-vs-{b}" for a, b in PAIRS
    )


def test_facts_command_prints_the_comparison_as_json():
    result = CliRunner().invoke(
        main, ["facts", "llama-3.2-1b-instruct", "trinity-large-thinking", "--json", "--facts", str(REFERENCE_FACTS)]
    )
    assert result.exit_code == 0, result.output
    facts = {fact["id"]: fact for fact in json.loads(result.output)}
    assert facts["blended_price.difference"]["display"] == "$0.33"
    assert facts["benchmark.gpqa.lead"]["unit"] == "points"


# -- charts, receipt, sources, traffic, what flips the verdict, site index (issue 17) ----------


def html_of(pages, slug: str) -> str:
    return (Path(pages["dir"]) / slug / "page.html").read_text()


def chart_of(html: str, chart_id: str) -> str:
    (chart,) = re.findall(rf'<figure class="chart" id="{chart_id}"[^>]*>(.*?)</figure>', html, re.DOTALL)
    return chart


def bars_of(chart: str) -> list[tuple[str, str, bool]]:
    """(label, value text, has a drawn bar) for every bar of a chart."""
    bars = re.findall(r'<g class="bar[^"]*"[^>]*>\s*<text class="label"[^>]*>(.*?)</text>(.*?)</g>', chart, re.DOTALL)
    return [
        (label, re.search(r'<text class="value"[^>]*>(.*?)</text>', body).group(1), "<rect" in body)
        for label, body in bars
    ]


def test_the_benchmark_chart_shows_both_models_scores_as_the_facts_display_them(pages):
    chart = chart_of(html_of(pages, QWEN_SLUG), "chart-benchmarks")
    assert "<title" in chart and "<desc" in chart and 'role="img"' in chart
    assert bars_of(chart) == [
        ("Llama 3.2 1B Instruct", "20.0", True), ("Qwen3.5-4B", "79.1", True),
        ("Llama 3.2 1B Instruct", "25.6", True), ("Qwen3.5-4B", "76.2", True),
    ]  # fmt: skip
    assert [heading for heading in re.findall(r'<text class="group"[^>]*>(.*?)</text>', chart)] == [
        "MMLU-Pro",
        "GPQA Diamond",
    ]


def test_a_model_without_a_score_gets_unknown_never_a_bar(facts_copy, tmp_path):
    edit(facts_copy, Path("models/qwen3.5-4b.yaml"), "  - {benchmark: gpqa, score: 76.2, source: model-card}\n", "")
    build(tmp_path, facts_copy, [PAIRS[0]])
    chart = chart_of((tmp_path / QWEN_SLUG / "page.html").read_text(), "chart-benchmarks")
    assert ("Qwen3.5-4B", "Unknown", False) in bars_of(chart)
    assert ("Llama 3.2 1B Instruct", "25.6", True) in bars_of(chart)


def test_the_cost_chart_has_a_bar_per_priced_route_and_unknown_for_the_rest(pages):
    trinity_bars = bars_of(chart_of(html_of(pages, TRINITY_SLUG), "chart-monthly-cost"))
    assert ("Llama 3.2 1B Instruct on Cloudflare Workers AI", "$71.85", True) in trinity_bars
    assert ("Trinity-Large-Thinking on Arcee AI", "$388.50", True) in trinity_bars
    assert ("Llama 3.2 1B Instruct on OpenRouter", "Unknown", False) in trinity_bars
    qwen_bars = bars_of(chart_of(html_of(pages, QWEN_SLUG), "chart-monthly-cost"))
    assert ("Qwen3.5-4B (no tracked route)", "Unknown", False) in qwen_bars


def test_every_chart_label_and_text_alternative_passes_the_validator(pages, reference_dataset):
    for a, b in PAIRS:
        validator = Validator(compare(reference_dataset, a, b))
        html = html_of(pages, f"{a}-vs-{b}")
        for chart_id in ("chart-benchmarks", "chart-monthly-cost"):
            chart = chart_of(html, chart_id)
            (description,) = re.findall(r"<desc[^>]*>(.*?)</desc>", chart, re.DOTALL)
            labelled = "\n".join(f"{label}: {value}." for label, value, _ in bars_of(chart))
            for text in (unescape(description), unescape(labelled)):
                report = validator.validate(text)
                assert report.clean, [describe_finding(finding) for finding in report.findings]
                assert all(mention.verified for mention in report.mentions if mention.kind == "number")


def test_the_receipt_states_what_validation_json_and_page_json_say(pages):
    page_dir = Path(pages["dir"]) / TRINITY_SLUG
    report = json.loads((page_dir / "validation.json").read_text())
    figures = [mention for mention in report["mentions"] if mention["kind"] == "number"]
    stated = stated_receipts(page_dir)
    assert stated["page.md"] == stated["page.html"]
    assert stated["page.md"].figures == len(figures) > 50 and stated["page.md"].verified == len(figures)
    assert stated["page.md"].findings == 0 and [section.author for section in stated["page.md"].sections] == [
        "deterministic",
        "deterministic",
    ]
    html = html_of(pages, TRINITY_SLUG)
    assert f"This page states {len(figures)} figures; each one matched a fact" in html
    assert "Deep dive: written by the deterministic writer." in html and "Built by versus 0.1.0" in html
    assert html.index('id="receipt"') > html.index('id="sources"')
    assert receipt_problems(page_dir) == []


def test_the_receipt_names_the_llm_and_its_repairs(tmp_path, reference_dataset):
    comparison = compare(reference_dataset, *PAIRS[1])
    sections = {section: deterministic_section(section, comparison) for section in ("deep_dive", "faq")}
    repaired = [Attempt(number=1, kind="write", model="tiny-llm"), Attempt(number=2, kind="repair", model="tiny-llm")]
    sections["faq"] = sections["faq"].model_copy(
        update={"author": "llm", "outcome": "llm_after_repair", "model": "tiny-llm", "attempts": repaired}
    )
    page_dir, _ = write_page(assemble(comparison, sections), tmp_path)
    assert "FAQ: written by the LLM tiny-llm after 1 repair(s)." in (page_dir / "page.html").read_text()
    assert stated_receipts(page_dir)["page.md"].sections[1].repairs == 1


@pytest.mark.parametrize("name", ["page.md", "page.html"])
def test_check_fails_when_a_receipt_disagrees_with_validation_json(tmp_path, name):
    build(tmp_path, pairs=[PAIRS[1]])
    path = tmp_path / TRINITY_SLUG / name
    stated = stated_receipts(tmp_path / TRINITY_SLUG)[name]
    text = path.read_text()
    assert f'"figures": {stated.figures}' in text
    path.write_text(text.replace(f'"figures": {stated.figures}', f'"figures": {stated.figures + 1}'))
    report = check(REFERENCE_FACTS, tmp_path)
    # The edit is also a page file that differs from what page.json renders to (issue 15).
    receipts = [problem for problem in report.problems if problem.kind == "receipt"]
    assert {problem.kind for problem in report.problems} == {"receipt", "tampered"}
    assert [problem.file.endswith(f"{TRINITY_SLUG}/{name}") for problem in receipts] == [True]
    assert f"figures {stated.figures + 1} instead of {stated.figures}" in receipts[0].message


def test_every_prose_figure_links_its_fact_source_and_checked_date(pages):
    html = html_of(pages, TRINITY_SLUG)
    deep_dive = html.split('<section id="deep-dive"')[1].split("</section>")[0]
    figures = re.findall(r'<a class="fig" href="([^"]+)" data-fact="([^"]+)" data-source="([^"]+)"', deep_dive)
    assert len(figures) >= 8
    by_fact = {fact: (href, source) for href, fact, source in figures}
    href, source = by_fact["trinity-large-thinking.benchmark.gpqa"]
    assert href == "https://huggingface.co/arcee-ai/Trinity-Large-Thinking"
    assert "checked 2026-04-24" in source and source.startswith("trinity-large-thinking.benchmark.gpqa: ")
    # A derived figure links to its formula.
    assert by_fact["benchmark.gpqa.lead"][0] == "#derivation-benchmark.gpqa.lead"
    assert 'id="derivation-benchmark.gpqa.lead"' in html


def test_table_cells_carry_their_fact_and_source_as_a_tooltip(pages):
    html = html_of(pages, TRINITY_SLUG)
    cell = re.search(
        r'<span class="fig" tabindex="0" data-fact="llama-3.2-1b-instruct.route.cloudflare.monthly_cost" data-source="([^"]+)">\$71.85</span>',
        html,
    )
    assert cell and "developers.cloudflare.com" in cell.group(1) and "checked 2026-05-22" in cell.group(1)


def test_how_we_computed_this_shows_formula_exact_inputs_and_rounding(pages):
    html = unescape(html_of(pages, TRINITY_SLUG))
    section = html.split('id="how-we-computed-this"')[1].split("</section>")[0]
    assert (
        "70.0% × $0.027 input + 30.0% × $0.201 output, per 1M tokens = $0.0792; shown as $0.08, rounded to the nearest cent, ties up"
        in section
    )
    assert (
        "input: 800,000,000 tokens × $0.027 per 1M; output: 250,000,000 tokens × $0.201 per 1M; summed = $71.85; shown as $71.85"
        in section
    )
    assert (
        "($0.409 − $0.0792) ÷ $0.409, as a percentage of the dearer price = ≈80.635697%; shown as 80.6%, rounded to one decimal, ties up"
        in section
    )
    assert (
        "the gap between Trinity-Large-Thinking's 89.2 and Llama 3.2 1B Instruct's 25.6 = 63.6 points; shown as 63.6 points"
        in section
    )
    assert "$0.85 ÷ $0.201 = ≈4.228856×; shown as 4.2×" in section


def test_exact_values_are_shown_whole_or_to_six_decimals():
    assert [exact(Decimal(value)) for value in ("5E+1", "0.0792", "80.63569682151589242053789731", "1234567")] == [
        "50",
        "0.0792",
        "≈80.635697",
        "1,234,567",
    ]


PROFILES = """
traffic_profiles:
  small: {name: Small, input_tokens: 10000000, output_tokens: 3000000}
  large: {name: Large, input_tokens: 5000000000, output_tokens: 1500000000}
"""


def test_traffic_profiles_are_each_priced_in_the_monthly_cost_section(facts_copy, tmp_path):
    (facts_copy / "assumptions.yaml").write_text((facts_copy / "assumptions.yaml").read_text() + PROFILES)
    build(tmp_path, facts_copy, [PAIRS[1]])
    page = (tmp_path / TRINITY_SLUG / "page.md").read_text()
    # 10M x $0.027 + 3M x $0.201 = $0.873; 10M x $0.22 + 3M x $0.85 = $4.75.
    assert (
        "- **Small** (10M input and 3M output tokens a month): Llama 3.2 1B Instruct $0.87 a month; Trinity-Large-Thinking $4.75 a month."
        in page
    )
    assert (
        "- **Large** (5000M input and 1500M output tokens a month): Llama 3.2 1B Instruct $436.50 a month; Trinity-Large-Thinking $2,375.00 a month."
        in page
    )
    html = (tmp_path / TRINITY_SLUG / "page.html").read_text()
    assert '<table id="traffic-profiles">' in html and "$2,375.00" in html
    assert json.loads((tmp_path / TRINITY_SLUG / "validation.json").read_text())["findings"] == []


def test_price_mix_flip_is_where_both_cost_the_same_per_token():
    # 0.027 s + 0.201 (1 - s) = 0.01 s + 0.85 (1 - s)  =>  s = 0.649 / 0.666
    assert price_mix_flip(Decimal("0.027"), Decimal("0.201"), Decimal("0.01"), Decimal("0.85")) == Decimal(
        "0.649"
    ) / Decimal("0.666")
    assert price_mix_flip(Decimal("0.027"), Decimal("0.201"), Decimal("0.22"), Decimal("0.85")) is None
    assert price_mix_flip(Decimal(1), Decimal(2), Decimal(1), Decimal(2)) is None


def test_the_page_states_the_mix_at_which_the_cheaper_model_changes(facts_copy, tmp_path):
    for _ in range(2):
        edit(
            facts_copy,
            Path("models/trinity-large-thinking.yaml"),
            "input_usd_per_mtok: 0.22",
            "input_usd_per_mtok: 0.01",
        )
    build(tmp_path, facts_copy, [PAIRS[1]])
    page = (tmp_path / TRINITY_SLUG / "page.md").read_text()
    assert (
        "**What flips the price verdict:** The cheaper model changes at 97.4% input tokens: the cheaper one is "
        "Llama 3.2 1B Instruct below that share and Trinity-Large-Thinking above it (on each model's cheapest route)."
    ) in page
    assert json.loads((tmp_path / TRINITY_SLUG / "validation.json").read_text())["findings"] == []


def test_the_page_says_when_no_mix_flips_the_price_verdict(pages):
    assert (
        "Llama 3.2 1B Instruct is the cheaper model at every input/output mix on the cheapest routes"
        in pages[TRINITY_SLUG]
    )
    assert "What flips the price verdict" not in pages[QWEN_SLUG]  # Qwen3.5-4B has no price


def test_benchmark_leads_within_the_noise_margin_are_called_noise(facts_copy, tmp_path):
    (facts_copy / "assumptions.yaml").write_text(
        (facts_copy / "assumptions.yaml").read_text() + "benchmark_noise_points: 55.0\n"
    )
    build(tmp_path, facts_copy, [PAIRS[0]])
    page = (tmp_path / QWEN_SLUG / "page.md").read_text()
    assert "Noise margin: a lead of 55.0 points or less is within noise, not a lead." in page
    assert "- MMLU-Pro: Qwen3.5-4B leads by 59.1 points, beyond noise." in page
    assert "- GPQA Diamond: the gap of 50.6 points is within noise." in page
    assert json.loads((tmp_path / QWEN_SLUG / "validation.json").read_text())["findings"] == []


def test_facts_traffic_option_prices_the_readers_own_traffic():
    arguments = ["facts", *PAIRS[1], "--json", "--facts", str(REFERENCE_FACTS), "--traffic", "1234567", "89"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    facts = {fact["id"]: fact for fact in json.loads(result.output)}
    # 1,234,567 x $0.027 / 1M + 89 x $0.201 / 1M
    assert Decimal(facts["llama-3.2-1b-instruct.route.cloudflare.monthly_cost"]["value"]) == Decimal("0.033351198")
    assert facts["llama-3.2-1b-instruct.route.cloudflare.monthly_cost"]["display"] == "$0.03"


def test_the_site_index_is_a_sortable_table_of_prices_and_context_windows(tmp_path):
    review_dir = write_drafts(tmp_path / "review")
    for a, b in PAIRS:
        approve(review_dir, f"{a}-vs-{b}", "ada", "ok", load_facts(REFERENCE_FACTS))
    publish(review_dir, tmp_path / "site", REFERENCE_FACTS, "https://example.com")
    index = (tmp_path / "site" / "index.html").read_text()
    rows = re.findall(r"<tr>\n(<td data-value.*?)</tr>", index, re.DOTALL)
    assert len(rows) == 2
    values = [re.findall(r'data-value="([^"]*)">(.*?)</td>', row) for row in rows]
    assert [value for value, _ in values[1]][1:] == [
        "Llama 3.2 1B Instruct",
        "0.0792",
        "128000",
        "Trinity-Large-Thinking",
        "0.409",
        "256000",
    ]
    assert [shown for _, shown in values[1]][2:4] == ["$0.08/1M tokens", "128K"]
    assert [value for value, _ in values[0]][5:] == ["", "262144"] and values[0][5][1] == "Not tracked"
    assert '<script id="index-sort">' in index


@pytest.mark.parametrize("slug", [QWEN_SLUG, TRINITY_SLUG])
def test_every_figure_in_the_html_prose_and_tables_carries_its_fact(pages, reference_dataset, slug):
    body = html_of(pages, slug).split("<article>")[1]
    # Left out: the formulas (their inputs are the facts themselves), the source list, the receipt,
    # the charts (checked above) and the calculator (its output is recomputed in the browser).
    for section in ("how-we-computed-this", "sources", "receipt"):
        start = body.index(f'<section id="{section}"')
        body = body[:start] + body[body.index("</section>", start) :]
    body = re.sub(r"<script.*?</script>|<svg.*?</svg>|<form.*?</form>", " ", body, flags=re.DOTALL)
    body = re.sub(r'<(a|span) class="fig"[^>]*>.*?</\1>', " ", body, flags=re.DOTALL)
    text = unescape(re.sub(r"<[^>]+>", "\n", body))
    mentions = Validator(compare(reference_dataset, *slug.split("-vs-"))).validate(text).mentions
    assert {mention.text for mention in mentions if mention.kind == "number"} <= {"1M"}  # the unit of "/1M tokens"


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("page.md", "0 findings", "no findings"),
        ("page.html", "each one matched a fact", "each one matched a sourced fact"),
    ],
)
def test_check_fails_when_a_receipts_text_is_edited(tmp_path, name, old, new):
    build(tmp_path, pairs=[PAIRS[1]])
    path = tmp_path / TRINITY_SLUG / name
    path.write_text(path.read_text().replace(old, new, 1))
    problems = check(REFERENCE_FACTS, tmp_path).problems
    assert [("its text was changed" in problem.message) for problem in problems if problem.kind == "receipt"] == [True]
    assert {problem.kind for problem in problems} == {"receipt", "tampered"}


def test_check_site_verifies_the_receipts_of_published_pages(tmp_path):
    review_dir = write_drafts(tmp_path / "review")
    approve(review_dir, TRINITY_SLUG, "ada", "ok", load_facts(REFERENCE_FACTS))
    publish(review_dir, tmp_path / "site", REFERENCE_FACTS, "https://example.com")
    assert check(REFERENCE_FACTS, review_dir, tmp_path / "site").clean
    published = tmp_path / "site" / TRINITY_SLUG / "page.html"
    published.write_text(published.read_text().replace('"findings": 0', '"findings": 2'))
    problems = check(REFERENCE_FACTS, review_dir, tmp_path / "site").problems
    receipts = [problem for problem in problems if problem.kind == "receipt"]
    assert {problem.kind for problem in problems} == {"receipt", "tampered"}
    assert len(receipts) == 1 and receipts[0].file.endswith(f"site/{TRINITY_SLUG}/page.html")


def test_with_one_price_the_same_the_page_says_which_traffic_costs_the_same(facts_copy, tmp_path):
    for _ in range(2):
        edit(
            facts_copy,
            Path("models/trinity-large-thinking.yaml"),
            "input_usd_per_mtok: 0.22",
            "input_usd_per_mtok: 0.027",
        )
    build(tmp_path, facts_copy, [PAIRS[1]])
    page = (tmp_path / TRINITY_SLUG / "page.md").read_text()
    assert (
        "Llama 3.2 1B Instruct is the cheaper model at every input/output mix with output tokens in it (the input prices are the same)"
        in page
    )
    assert json.loads((tmp_path / TRINITY_SLUG / "validation.json").read_text())["findings"] == []


@pytest.mark.parametrize("slug", [QWEN_SLUG, TRINITY_SLUG])
def test_the_text_of_page_html_passes_the_validator_as_check_site_reads_it(pages, reference_dataset, slug):
    report = validate_markdown(compare(reference_dataset, *slug.split("-vs-")), html_text(html_of(pages, slug)))
    assert report.clean, [describe_finding(finding) for finding in report.findings]


def test_a_page_json_from_before_the_noise_facts_still_renders(pages):
    # Drafts built by an older versus lack the newer facts: check reports them, it does not crash.
    page = json.loads((Path(pages["dir"]) / TRINITY_SLUG / "page.json").read_text())
    page["comparison"]["facts"] = [
        fact
        for fact in page["comparison"]["facts"]
        if "noise" not in fact["id"] and not fact["id"].startswith("price_mix.")
    ]
    older = Page.model_validate(page)
    assert "Noise margin" not in render_markdown(older) and "What flips" not in render_html(older)
