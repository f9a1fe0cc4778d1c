"""Pages: every section of the richer reference page, figures stated right, data escaped in HTML."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import REFERENCE_FACTS, REPOSITORY
from tests.test_facts import edit

PAIRS = [("llama-3.2-1b-instruct", "qwen3.5-4b"), ("llama-3.2-1b-instruct", "trinity-large-thinking")]
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


def build(out_dir: Path, facts_dir: Path = REFERENCE_FACTS, pairs=PAIRS):
    arguments = ["build", "--llm", "none", "--out", str(out_dir), "--facts", str(facts_dir)]
    for a, b in pairs:
        arguments += ["--pair", a, b]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    return result


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
    qwen, trinity = pages["llama-3.2-1b-instruct-vs-qwen3.5-4b"], pages["llama-3.2-1b-instruct-vs-trinity-large-thinking"]
    assert "Qwen3.5-4B leads by 59.1 points" in qwen
    assert "ahead by 50.6 points" in qwen
    assert "ahead by 63.6 points" in trinity
    assert "128K-token context window, while Qwen3.5-4B ships a 262K-token context window" in qwen
    assert "lower by $0.33 per 1M blended tokens" in trinity
    assert "$71.85 a month on Cloudflare Workers AI" in qwen
    assert "$0.03/1M input" in trinity and "$0.22/1M" in trinity


def test_the_price_table_gives_every_route_its_blended_and_monthly_cost_with_the_real_facts(tmp_path):
    # In facts/ a cheaper route than the reference page's exists; the reference's $71.85 stays on the
    # page as Cloudflare Workers AI's own monthly cost, beside the cheapest route's.
    build(tmp_path, REPOSITORY / "facts", PAIRS[:1])
    page = (tmp_path / "llama-3.2-1b-instruct-vs-qwen3.5-4b" / "page.md").read_text()
    assert "| Provider | Model | Input | Output | Blended | Monthly |" in page
    assert "| Cloudflare Workers AI | Llama 3.2 1B Instruct | $0.03 | $0.20 | $0.08 | $71.85 |" in page
    assert "| No tracked provider | Qwen3.5-4B | Not tracked | Not tracked | Not tracked | Not tracked |" in page


def test_wrong_reference_figures_appear_corrected(pages):
    qwen, trinity = pages["llama-3.2-1b-instruct-vs-qwen3.5-4b"], pages["llama-3.2-1b-instruct-vs-trinity-large-thinking"]
    assert "715%" not in trinity and "87.7%" in trinity  # cheaper-by uses the dearer price as base
    assert "7 tracked" not in qwen and "| Provider routes | 6 tracked | 0 tracked |" in qwen  # count from the listed routes
    assert "frontier reasoning" not in trinity and "| Reasoning | No | Yes |" in trinity
    assert "Assumption: 800M input and 250M output tokens a month" in qwen  # the traffic is stated
    assert "Open Source" not in trinity and "Llama 3.2 Community License" in trinity  # one licence on both pages
    assert "Llama 3.2 Community License" in qwen


def test_capability_table_has_a_value_in_every_cell(pages):
    table = pages["llama-3.2-1b-instruct-vs-trinity-large-thinking"].split("## Capabilities")[1].split("## Benchmarks")[0]
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
    assert "(../llama-3.2-1b-instruct-vs-trinity-large-thinking/page.html)" in pages["llama-3.2-1b-instruct-vs-qwen3.5-4b"]


def test_page_json_holds_facts_prose_and_provenance(pages):
    page = json.loads((Path(pages["dir"]) / "llama-3.2-1b-instruct-vs-qwen3.5-4b" / "page.json").read_text())
    assert page["pair"] == ["llama-3.2-1b-instruct", "qwen3.5-4b"]
    assert any(fact["id"] == "llama-3.2-1b-instruct.monthly_cost" and Decimal(fact["value"]) == Decimal("71.85") for fact in page["comparison"]["facts"])
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
    result = CliRunner().invoke(main, ["build", "--llm", "none", "--out", str(tmp_path), "--facts", str(REFERENCE_FACTS)])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir() if path.name != ".cache") == sorted(f"{a}-vs-{b}" for a, b in PAIRS)


def test_facts_command_prints_the_comparison_as_json():
    result = CliRunner().invoke(main, ["facts", "llama-3.2-1b-instruct", "trinity-large-thinking", "--json", "--facts", str(REFERENCE_FACTS)])
    assert result.exit_code == 0, result.output
    facts = {fact["id"]: fact for fact in json.loads(result.output)}
    assert facts["blended_price.difference"]["display"] == "$0.33"
    assert facts["benchmark.gpqa.lead"]["unit"] == "points"
