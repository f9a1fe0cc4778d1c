"""The genai-prices import and the reconciliation of every route across curated facts, LiteLLM and genai-prices,
on small fixtures cut from each source: one price all sources agree on, one that disagrees by more than $0.001,
and a curated value that both imports contradict."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from generator.errors import FactsError
from generator.facts import load_facts
from generator.facts_genai import import_genai_prices, read_price_list
from generator.facts_import import import_litellm
from generator.reconcile import TOLERANCE_USD_PER_MTOK, reconcile, render_conflicts
from tests.support import (
    GENAI_MAPPING,
    GENAI_PRICES,
    IMPORT_DAY,
    LITELLM_PRICES,
    LLAMA,
    TRINITY,
    import_both,
    with_price_sources,
    write_drafts,
)


@pytest.fixture
def facts_dir(facts_copy: Path) -> Path:
    return with_price_sources(facts_copy)


def set_curated_price(facts_dir: Path, model_id: str, provider: str, usd_per_mtok: str) -> None:
    """Both prices of the model's curated route on `provider` set to `usd_per_mtok`."""
    path = facts_dir / "models" / f"{model_id}.yaml"
    route = re.compile(rf"(provider: {provider}, )input_usd_per_mtok: [^,]+, output_usd_per_mtok: [^,]+,")
    path.write_text(
        route.sub(rf"\g<1>input_usd_per_mtok: {usd_per_mtok}, output_usd_per_mtok: {usd_per_mtok},", path.read_text())
    )


def price(reconciliation, model_id: str, provider: str, field: str = "input"):
    return next(p for p in reconciliation.prices if (p.model, p.provider, p.field) == (model_id, provider, field))


def test_mapped_genai_prices_entries_become_routes_with_provenance(facts_dir):
    report = import_both(facts_dir)
    assert (report.models_with_routes, report.routes_imported, report.source_version) == (2, 6, "0.2.3")
    assert report.routes_with_history == 2
    imported = yaml.safe_load((facts_dir / "imported" / "genai-prices" / f"{LLAMA}.yaml").read_text())
    route = next(route for route in imported["routes"] if route["provider"] == "novita-ai")
    assert (str(route["input_usd_per_mtok"]), route["key"]) == ("0.02", "novita/meta-llama/llama-3.2-1b-instruct")
    source = imported["sources"][route["source"]]
    assert (
        source["version"] == "0.2.3"
        and source["checked"] == IMPORT_DAY
        and route["source"] == f"genai-prices {route['key']}"
    )
    assert "genai-prices" in source["url"]


def test_an_unmapped_entry_is_proposed_never_imported(facts_dir):
    report = import_both(facts_dir)
    routed = {route.key for model in load_facts(facts_dir).models.values() for route in model.routes}
    assert "openai/gpt-4o" not in routed
    assert all(proposal.key != "openai/gpt-4o" for proposal in report.proposals)  # no model of ours is GPT-4o here


def test_the_price_in_force_is_the_latest_dated_one_and_the_history_is_kept(facts_dir):
    import_both(facts_dir)
    openrouter = next(route for route in load_facts(facts_dir).models[LLAMA].routes if route.provider == "openrouter")
    # The curated OpenRouter route has no price, so it stays unknown; it takes genai-prices' dated history.
    assert openrouter.input_usd_per_mtok is None
    assert [
        (point.since, str(point.input_usd_per_mtok), str(point.output_usd_per_mtok)) for point in openrouter.history
    ] == [
        (None, "0.005", "0.01"),
        (dt.date(2026, 10, 19), "0.027", "0.201"),
    ]
    before_the_change = import_genai_prices(facts_dir, GENAI_PRICES, today=dt.date(2026, 10, 18))
    assert before_the_change.routes_with_history == 0  # both OpenRouter changes are dated 2026-10-19
    imported = yaml.safe_load((facts_dir / "imported" / "genai-prices" / f"{LLAMA}.yaml").read_text())
    route = next(route for route in imported["routes"] if route["provider"] == "openrouter")
    assert str(route["input_usd_per_mtok"]) == "0.005" and "history" not in route


def test_reimporting_the_same_release_rewrites_nothing(facts_dir):
    import_both(facts_dir)
    again = import_genai_prices(facts_dir, GENAI_PRICES, today=IMPORT_DAY + dt.timedelta(days=3))
    assert again.files_written == [] and again.files_removed == []


def test_a_price_all_sources_agree_on_is_confirmed_by_three(facts_dir):
    import_both(facts_dir)
    bedrock = price(reconcile(facts_dir), LLAMA, "aws-bedrock")
    assert bedrock.confirmed_by == ["curated", "litellm", "genai-prices"] and not bedrock.conflict
    cloudflare = price(reconcile(facts_dir), LLAMA, "cloudflare", "output")
    assert len(cloudflare.confirmed_by) == 3 and cloudflare.stated_usd_per_mtok == Decimal("0.201")


def test_a_disagreement_beyond_a_thousandth_of_a_dollar_is_a_conflict_and_the_curated_value_stays(facts_dir):
    import_both(facts_dir)
    reconciliation = reconcile(facts_dir)
    arcee = price(reconciliation, TRINITY, "arcee-ai")
    assert arcee.conflict and arcee.contradicted_by == ["genai-prices"]
    assert (arcee.stated_by, arcee.stated_usd_per_mtok) == ("curated", Decimal("0.22"))
    assert {value.source: value.usd_per_mtok for value in arcee.values} == {
        "curated": Decimal("0.22"),
        "genai-prices": Decimal("0.25"),
    }
    assert next(
        route for route in load_facts(facts_dir).models[TRINITY].routes if route.provider == "arcee-ai"
    ).input_usd_per_mtok == Decimal("0.22")
    assert not arcee.curated_contradicted_by_all  # one source against it, not both


def test_a_difference_within_a_thousandth_of_a_dollar_is_agreement(facts_dir):
    set_curated_price(facts_dir, LLAMA, "aws-bedrock", str(Decimal("0.10") + TOLERANCE_USD_PER_MTOK))
    import_both(facts_dir)
    assert not price(reconcile(facts_dir), LLAMA, "aws-bedrock").conflict
    set_curated_price(facts_dir, LLAMA, "aws-bedrock", "0.1011")
    assert price(reconcile(facts_dir), LLAMA, "aws-bedrock").conflict


def test_a_curated_value_both_sources_contradict_is_reported(facts_dir):
    set_curated_price(facts_dir, LLAMA, "aws-bedrock", "0.12")
    import_both(facts_dir)
    reconciliation = reconcile(facts_dir)
    bedrock = price(reconciliation, LLAMA, "aws-bedrock")
    assert bedrock.curated_contradicted_by_all and bedrock.contradicted_by == ["litellm", "genai-prices"]
    assert "[curated value contradicted by every source]" in render_conflicts(reconciliation)
    assert f"{LLAMA} on aws-bedrock: input price per 1M tokens: curated $0.12 (checked" in render_conflicts(
        reconciliation
    )


def test_conflicts_command_lists_each_sources_value_and_date_as_json(facts_dir):
    from click.testing import CliRunner

    from generator.cli import main

    import_both(facts_dir)
    result = CliRunner().invoke(main, ["facts", "conflicts", "--json", "--facts", str(facts_dir)])
    assert result.exit_code == 0, result.output
    conflicts = json.loads(result.output)
    arcee = next(c for c in conflicts if (c["model"], c["provider"], c["field"]) == (TRINITY, "arcee-ai", "output"))
    assert [(v["source"], v["usd_per_mtok"], v["checked"]) for v in arcee["values"]] == [
        ("curated", "0.85", "2026-04-24"),
        ("genai-prices", "0.8", "2026-11-30"),
    ]


def test_import_command_prints_the_counts(facts_dir):
    from click.testing import CliRunner

    from generator.cli import main

    import_litellm(facts_dir, LITELLM_PRICES, source_version="1.109.1", today=dt.date(2026, 11, 24))
    result = CliRunner().invoke(main, ["facts", "import", "genai-prices", str(GENAI_PRICES), "--facts", str(facts_dir)])
    assert result.exit_code == 0, result.output
    assert "imported 6 routes for 2 models" in result.output
    assert (
        "routes confirmed by 2 or more sources" in result.output
        and "conflicted prices (0 curated contradicted by every source" in result.output
    )


def test_a_mapped_key_missing_from_genai_prices_is_an_error_and_nothing_is_written(facts_dir):
    mapping = {"models": {LLAMA: ["cloudflare/@cf/meta/no-such-model"]}}
    (facts_dir / "genai-prices" / "mapping.yaml").write_text(yaml.safe_dump(mapping))
    with pytest.raises(FactsError) as error:
        import_genai_prices(facts_dir, GENAI_PRICES, today=IMPORT_DAY)
    assert "no-such-model" in str(error.value) and "mapping.yaml" in str(error.value)
    assert not (facts_dir / "imported" / "genai-prices").exists()


def test_a_fixture_cut_reads_back_with_exact_decimal_prices():
    price_list = read_price_list(GENAI_PRICES)
    assert price_list.entries["cloudflare/@cf/meta/llama-3.2-1b-instruct"].prices[0].output_usd_per_mtok == Decimal(
        "0.201"
    )


def test_check_warns_about_a_page_stating_a_conflicted_price_and_fails_only_when_strict(facts_dir, tmp_path):
    from generator.check import check, render_text

    import_both(facts_dir)
    review_dir = write_drafts(tmp_path / "review", facts_dir)
    report = check(facts_dir, review_dir)
    conflicted = [problem for problem in report.problems if problem.kind == "conflicted_price"]
    route_prices = {
        f"{TRINITY}.route.{provider}.{field}_price"
        for provider in ("arcee-ai", "openrouter")
        for field in ("input", "output")
    }
    assert {problem.fact_id for problem in conflicted} == route_prices | {
        f"{TRINITY}.input_price",
        f"{TRINITY}.output_price",
    }
    assert all(problem.severity == "warning" and TRINITY in problem.file for problem in conflicted)
    assert report.clean and "warning: states trinity-large-thinking.route.arcee-ai.input_price = $0.22" in render_text(
        report
    )
    strict = check(facts_dir, review_dir, strict=True)
    assert not strict.clean and {problem.severity for problem in strict.problems} == {"error"}


def test_check_max_age_reports_pages_citing_facts_checked_too_long_ago(facts_dir, tmp_path):
    from generator.check import check

    review_dir = write_drafts(tmp_path / "review", facts_dir)
    assert check(facts_dir, review_dir, max_age_days=365, today=dt.date(2026, 11, 30)).clean
    report = check(facts_dir, review_dir, max_age_days=30, today=dt.date(2026, 11, 30))
    old = [problem for problem in report.problems if problem.kind == "old_fact"]
    assert old and not report.clean
    assert all("last checked 2026-" in problem.message and "(before 2026-10-31)" in problem.message for problem in old)


def llama_openrouter_priced(facts_dir: Path) -> None:
    """The curated OpenRouter route of Llama 3.2 1B given the price genai-prices dates 2026-10-19."""
    path = facts_dir / "models" / f"{LLAMA}.yaml"
    unknown = "provider: openrouter, input_usd_per_mtok: unknown, output_usd_per_mtok: unknown"
    assert unknown in path.read_text()
    path.write_text(
        path.read_text().replace(unknown, "provider: openrouter, input_usd_per_mtok: 0.027, output_usd_per_mtok: 0.201")
    )


def test_a_price_change_within_90_days_is_one_line_the_validator_knows(facts_dir):
    from generator.comparison import compare
    from generator.validation import validate_markdown

    llama_openrouter_priced(facts_dir)
    import_both(facts_dir)
    comparison = compare(load_facts(facts_dir), LLAMA, TRINITY)
    line = comparison.fact(f"{LLAMA}.route.openrouter.price_change").display
    assert line == (
        "On 2026-10-19, OpenRouter moved Llama 3.2 1B Instruct's input price from $0.0050 to $0.03, and its output price from $0.01 to $0.20 per 1M tokens."
    )
    assert comparison.fact(f"{LLAMA}.route.openrouter.previous_input_price").value == Decimal("0.005")
    assert validate_markdown(comparison, line).clean
    assert not validate_markdown(comparison, line.replace("$0.0050", "$0.0040")).clean
    assert not validate_markdown(comparison, line.replace("2026-10-19", "2026-10-09")).clean
    # Trinity's curated OpenRouter price is not genai-prices' latest: a conflict, so no change is stated.
    assert not comparison.has(f"{TRINITY}.route.openrouter.price_change")


def test_a_change_more_than_90_days_before_the_prices_were_checked_is_not_stated(facts_dir):
    from generator.comparison import compare

    llama_openrouter_priced(facts_dir)
    import_litellm(facts_dir, LITELLM_PRICES, source_version="1.109.1", today=dt.date(2026, 11, 24))
    import_genai_prices(facts_dir, GENAI_PRICES, today=dt.date(2026, 10, 19) + dt.timedelta(days=90))
    assert compare(load_facts(facts_dir), LLAMA, TRINITY).has(f"{LLAMA}.route.openrouter.price_change")
    shutil.rmtree(facts_dir / "imported" / "genai-prices")  # a re-import of unchanged prices keeps their first date
    import_genai_prices(facts_dir, GENAI_PRICES, today=dt.date(2026, 10, 19) + dt.timedelta(days=91))
    assert not compare(load_facts(facts_dir), LLAMA, TRINITY).has(f"{LLAMA}.route.openrouter.price_change")


def test_page_json_keeps_each_routes_dated_prices_and_the_page_states_the_change(facts_dir, tmp_path):
    from generator.page import read_page

    llama_openrouter_priced(facts_dir)
    import_both(facts_dir)
    review_dir = write_drafts(tmp_path / "review", facts_dir)
    slug = f"{LLAMA}-vs-{TRINITY}"
    page = read_page(review_dir / slug)
    openrouter = next(route for route in page.comparison.routes[LLAMA] if route.provider_id == "openrouter")
    assert [(point.since, point.input_usd_per_mtok) for point in openrouter.history] == [
        (None, Decimal("0.005")),
        (dt.date(2026, 10, 19), Decimal("0.027")),
    ]
    assert (
        "- **Price change:** On 2026-10-19, OpenRouter moved Llama 3.2 1B Instruct's input price from $0.0050 to $0.03"
        in (review_dir / slug / "page.md").read_text()
    )
    assert (
        "<strong>Price change:</strong> On 2026-10-19, OpenRouter moved"
        in (review_dir / slug / "page.html").read_text()
    )


def test_a_mapped_model_with_no_curated_file_becomes_a_stub_marked_imported(facts_dir):
    (facts_dir / "genai-prices" / "mapping.yaml").write_text(
        yaml.safe_dump({"models": GENAI_MAPPING["models"] | {"gpt-4o": ["openai/gpt-4o"]}})
    )
    report = import_both(facts_dir)
    assert (report.stubs, report.stubs_written) == (1, 1)
    stub = load_facts(facts_dir).models["gpt-4o"]
    assert stub.curation == "imported" and stub.context_window_tokens.value == 128000 and stub.organization is None
    assert [(route.provider, route.input_usd_per_mtok, route.output_usd_per_mtok) for route in stub.routes] == [
        ("openai", Decimal("2.5"), Decimal(10))
    ]
    assert stub.sources["genai-prices"].version == "0.2.3"
    assert import_genai_prices(facts_dir, GENAI_PRICES, today=IMPORT_DAY + dt.timedelta(days=1)).stubs_written == 0


def test_a_stubs_page_says_plainly_which_facts_are_unknown(facts_dir):
    from generator.comparison import compare

    (facts_dir / "genai-prices" / "mapping.yaml").write_text(
        yaml.safe_dump({"models": GENAI_MAPPING["models"] | {"gpt-4o": ["openai/gpt-4o"]}})
    )
    import_both(facts_dir)
    comparison = compare(load_facts(facts_dir), LLAMA, "gpt-4o")
    assert comparison.fact("gpt-4o.unknown_facts").display == (
        "gpt 4o is imported from price sources, not curated: its organization, release date, parameter count, architecture, license, "
        "openness, commercial-use terms, knowledge cutoff, capabilities and benchmark scores are unknown."
    )
    assert not comparison.has(f"{LLAMA}.unknown_facts")  # a curated model


def test_a_curated_file_wins_over_a_stub_and_the_stub_is_removed(facts_dir):
    (facts_dir / "genai-prices" / "mapping.yaml").write_text(
        yaml.safe_dump({"models": GENAI_MAPPING["models"] | {"gpt-4o": ["openai/gpt-4o"]}})
    )
    import_both(facts_dir)
    curated = yaml.safe_load((facts_dir / "stubs" / "gpt-4o.yaml").read_text())
    curated.pop("curation")
    curated["name"] = "GPT-4o"
    (facts_dir / "models" / "gpt-4o.yaml").write_text(yaml.safe_dump(curated))
    assert load_facts(facts_dir).models["gpt-4o"].curation == "curated"
    import_genai_prices(facts_dir, GENAI_PRICES, today=IMPORT_DAY)
    assert not (facts_dir / "stubs" / "gpt-4o.yaml").exists()
    assert load_facts(facts_dir).models["gpt-4o"].name == "GPT-4o"


def test_a_stub_file_that_claims_to_be_curated_is_a_facts_error(facts_dir):
    (facts_dir / "stubs").mkdir()
    (facts_dir / "stubs" / "x-model.yaml").write_text("id: x-model\nname: X\nsources: {}\n")
    with pytest.raises(FactsError) as error:
        load_facts(facts_dir)
    assert "stubs/x-model.yaml: curation: a stub must say `curation: imported`" in str(error.value)


def test_check_command_exits_0_with_conflict_warnings_1_with_strict_and_1_with_max_age(facts_dir, tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    import_both(facts_dir)
    review_dir = write_drafts(tmp_path / "review", facts_dir)
    arguments = ["check", "--facts", str(facts_dir), "--review", str(review_dir)]
    relaxed = CliRunner().invoke(main, arguments)
    assert relaxed.exit_code == 0 and "warning: states trinity-large-thinking" in relaxed.output
    assert CliRunner().invoke(main, [*arguments, "--strict"]).exit_code == 1
    aged = CliRunner().invoke(main, [*arguments, "--max-age", "1"])
    assert aged.exit_code == 1 and "last checked 2026-04-24" in aged.output
    assert CliRunner().invoke(main, [*arguments, "--max-age", "-1"]).exit_code == 2
