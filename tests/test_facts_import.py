"""The LiteLLM import: mapped entries become sourced routes, curated facts win, re-imports change nothing,
bad input changes nothing; and `facts diff` names what changed since a git revision and the pages it touches."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from generator.errors import FactsError, VersusError
from generator.facts import load_facts
from generator.facts_import import (
    diff_facts,
    import_litellm,
    locate_price_map,
    normalised_name,
    render_facts_diff,
    render_import_report,
)
from tests.support import CATALOG, LITELLM_PRICES

IMPORT_DAY = dt.date(2026, 11, 24)
LATER_DAY = dt.date(2026, 12, 1)
LLAMA_1B, LLAMA_3B = "llama-3.2-1b-instruct", "llama-3.2-3b-instruct"
MAPPING = {
    "models": {
        LLAMA_1B: [
            "cloudflare/@cf/meta/llama-3.2-1b-instruct",
            "fireworks_ai/accounts/fireworks/models/llama-v3p2-1b-instruct",
            "meta.llama3-2-1b-instruct-v1:0",
            "together_ai/meta-llama/Llama-3.2-1B-Instruct",
            "novita/meta-llama/llama-3.2-1b-instruct",
            "watsonx/meta-llama/llama-3-2-1b-instruct",
            "vercel_ai_gateway/meta/llama-3.2-1b",
        ],
        LLAMA_3B: [
            "cloudflare/@cf/meta/llama-3.2-3b-instruct",
            "fireworks_ai/accounts/fireworks/models/llama-v3p2-3b-instruct",
            "meta.llama3-2-3b-instruct-v1:0",
            "novita/meta-llama/llama-3.2-3b-instruct",
        ],
    },
    "rejected": {LLAMA_1B: ["eu.meta.llama3-2-1b-instruct-v1:0"]},
}


@pytest.fixture
def facts_dir(tmp_path: Path) -> Path:
    """A copy of the catalog (the project's facts, frozen) with no previous import and a mapping of the fixture's entries."""
    target = tmp_path / "facts"
    shutil.copytree(CATALOG, target, ignore=shutil.ignore_patterns("imported"))
    (target / "litellm" / "mapping.yaml").write_text(yaml.safe_dump(MAPPING))
    return target


def run_import(facts_dir: Path, prices: Path = LITELLM_PRICES, today: dt.date = IMPORT_DAY):
    return import_litellm(facts_dir, prices, source_version="1.109.1", today=today)


def imported_file(facts_dir: Path, model_id: str) -> dict:
    return yaml.safe_load((facts_dir / "imported" / "litellm" / f"{model_id}.yaml").read_text())


def prices_with(tmp_path: Path, key: str, **changes) -> Path:
    """The fixture with one entry changed (a value of None removes the field)."""
    price_map = json.loads(LITELLM_PRICES.read_text(), parse_float=Decimal)
    for field, value in changes.items():
        if value is None:
            del price_map[key][field]
        else:
            price_map[key][field] = value
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(price_map, default=_shortest_float, indent=1))
    return path


def _shortest_float(value: Decimal) -> float:
    # json writes a float in its shortest spelling (2.7e-08), which reads back as the same Decimal.
    return float(value)


def files_of(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*"))} if directory.is_dir() else {}


def test_mapped_entries_become_routes_with_the_exact_prices(facts_dir):
    run_import(facts_dir)
    routes = {route["key"]: route for route in imported_file(facts_dir, LLAMA_1B)["routes"]}
    cloudflare = routes["cloudflare/@cf/meta/llama-3.2-1b-instruct"]
    assert (str(cloudflare["input_usd_per_mtok"]), str(cloudflare["output_usd_per_mtok"])) == ("0.027", "0.201")
    merged = load_facts(facts_dir).models[LLAMA_1B]
    priced = {
        route.provider: (str(route.input_usd_per_mtok), str(route.output_usd_per_mtok))
        for route in merged.routes
        if route.input_usd_per_mtok is not None
    }
    assert priced["cloudflare"] == ("0.027", "0.201")
    assert priced["together-ai"] == ("0.06", "0.06") and priced["novita-ai"] == ("0.02", "0.02")
    assert {"ibm-watsonx", "vercel-ai-gateway", "fireworks-ai", "aws-bedrock"} <= set(priced)


def test_every_imported_value_names_its_source_version_entry_and_date(facts_dir):
    run_import(facts_dir)
    merged = load_facts(facts_dir).models[LLAMA_1B]
    imported_routes = [route for route in merged.routes if route.key]
    assert len(imported_routes) == 4
    for route in imported_routes:
        source = merged.sources[route.source]
        assert source.version == "1.109.1" and source.checked == IMPORT_DAY and route.key in source.title
        assert "litellm" in source.url


def test_only_chat_entries_of_the_mapping_are_imported(facts_dir):
    report = run_import(facts_dir)
    assert report.models_with_routes == 2 and report.routes_imported == 11
    keys = {route["key"] for route in imported_file(facts_dir, LLAMA_1B)["routes"]}
    assert keys == set(MAPPING["models"][LLAMA_1B])


@pytest.mark.parametrize(
    "spelling",
    [
        "fireworks_ai/accounts/fireworks/models/llama-v3p2-1b-instruct",
        "us.meta.llama3-2-1b-instruct-v1:0",
        "cloudflare/@cf/meta/llama-3.2-1b-instruct",
        "watsonx/meta-llama/llama-3-2-1b-instruct",
        "together_ai/meta-llama/Llama-3.2-1B-Instruct",
        "Llama 3.2 1B Instruct",
    ],
)
def test_the_normaliser_reads_every_providers_spelling_as_the_same_name(spelling):
    assert normalised_name(spelling) == normalised_name("llama-3.2-1b-instruct")


def test_the_normaliser_keeps_different_models_apart():
    assert normalised_name("llama-3.1-8b") != normalised_name("llama-3-18b")
    assert normalised_name("command-r-plus-08-2024") != normalised_name("command-r-08-2024")


def test_proposals_are_reported_for_a_person_and_never_imported(facts_dir):
    report = run_import(facts_dir)
    proposed = {(proposal.model, proposal.key) for proposal in report.proposals}
    assert (LLAMA_1B, "us.meta.llama3-2-1b-instruct-v1:0") in proposed
    assert (LLAMA_1B, "eu.meta.llama3-2-1b-instruct-v1:0") not in proposed  # rejected in the mapping
    assert all(key != "text-embedding-3-small" for _, key in proposed)  # not a chat entry
    routed_keys = {route.key for model in load_facts(facts_dir).models.values() for route in model.routes}
    assert not routed_keys & {key for _, key in proposed}
    assert "us.meta.llama3-2-1b-instruct-v1:0" in render_import_report(report)


def test_the_curated_price_wins_and_the_disagreement_is_reported(facts_dir, tmp_path):
    prices = prices_with(tmp_path, "cloudflare/@cf/meta/llama-3.2-1b-instruct", input_cost_per_token=Decimal("3E-8"))
    report = run_import(facts_dir, prices)
    [conflict] = report.conflicts
    assert (conflict.model, conflict.provider) == (LLAMA_1B, "cloudflare")
    assert (str(conflict.curated_input_usd_per_mtok), str(conflict.imported_input_usd_per_mtok)) == ("0.027", "0.03")
    cloudflare = [route for route in load_facts(facts_dir).models[LLAMA_1B].routes if route.provider == "cloudflare"]
    assert [(str(route.input_usd_per_mtok), route.key) for route in cloudflare] == [("0.027", None)]


def test_the_import_agrees_with_the_curated_prices_of_the_reference_model(facts_dir):
    assert run_import(facts_dir).conflicts == []


def test_imported_capabilities_fill_only_what_the_curated_file_leaves_unknown(facts_dir, tmp_path):
    curated = load_facts(facts_dir, with_imported=False).models[LLAMA_3B].capabilities
    assert curated.structured_outputs is None and curated.vision.value is False
    prices = prices_with(tmp_path, "novita/meta-llama/llama-3.2-3b-instruct", supports_vision=True)
    run_import(facts_dir, prices)
    merged = load_facts(facts_dir).models[LLAMA_3B]
    assert merged.capabilities.structured_outputs.value is True
    assert "supports_response_schema" in merged.sources[merged.capabilities.structured_outputs.source].title
    assert merged.capabilities.vision == curated.vision  # the import says true; the curated false stays


def test_providers_disagreeing_about_a_flag_leave_it_unknown_and_are_reported(facts_dir):
    report = run_import(facts_dir)
    disagreement = next(
        d for d in report.capability_disagreements if (d.model, d.capability) == (LLAMA_3B, "function_calling")
    )
    assert disagreement.keys_saying_false == ["fireworks_ai/accounts/fireworks/models/llama-v3p2-3b-instruct"]
    assert "function_calling" not in imported_file(facts_dir, LLAMA_3B).get("capabilities", {})
    assert load_facts(facts_dir).models[LLAMA_3B].capabilities.function_calling is None


def test_reimporting_the_same_price_map_is_byte_identical(facts_dir):
    run_import(facts_dir)
    first = files_of(facts_dir / "imported" / "litellm")
    report = run_import(facts_dir, today=LATER_DAY)
    assert report.files_written == [] and files_of(facts_dir / "imported" / "litellm") == first


def test_a_changed_price_gets_a_new_date_and_unchanged_values_keep_theirs(facts_dir, tmp_path):
    run_import(facts_dir)
    prices = prices_with(
        tmp_path, "together_ai/meta-llama/Llama-3.2-1B-Instruct", output_cost_per_token=Decimal("8E-8")
    )
    report = run_import(facts_dir, prices, today=LATER_DAY)
    assert [Path(path).name for path in report.files_written] == [f"{LLAMA_1B}.yaml"]
    sources = imported_file(facts_dir, LLAMA_1B)["sources"]
    assert sources["litellm together_ai/meta-llama/Llama-3.2-1B-Instruct"]["checked"] == LATER_DAY
    assert sources["litellm novita/meta-llama/llama-3.2-1b-instruct"]["checked"] == IMPORT_DAY


def test_an_unmapped_model_loses_its_imported_file(facts_dir):
    run_import(facts_dir)
    (facts_dir / "litellm" / "mapping.yaml").write_text(
        yaml.safe_dump({"models": {LLAMA_1B: MAPPING["models"][LLAMA_1B]}})
    )
    report = run_import(facts_dir)
    assert [Path(path).name for path in report.files_removed] == [f"{LLAMA_3B}.yaml"]


BAD_INPUTS = {
    "not JSON": (None, None, "not valid JSON"),
    "missing field": (
        "together_ai/meta-llama/Llama-3.2-1B-Instruct",
        {"output_cost_per_token": None},
        "output_cost_per_token",
    ),
    "negative price": (
        "novita/meta-llama/llama-3.2-1b-instruct",
        {"input_cost_per_token": Decimal("-2E-8")},
        "input_cost_per_token",
    ),
    "non-numeric price": (
        "watsonx/meta-llama/llama-3-2-1b-instruct",
        {"input_cost_per_token": "free"},
        "input_cost_per_token",
    ),
    "string price": (
        "watsonx/meta-llama/llama-3-2-1b-instruct",
        {"output_cost_per_token": "1e-07"},
        "output_cost_per_token",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_names_file_entry_and_field_and_writes_nothing(facts_dir, tmp_path, case):
    key, changes, field = BAD_INPUTS[case]
    if key is None:
        prices = tmp_path / "prices.json"
        prices.write_text('{"gpt-4o": {"mode": "chat",}')
    else:
        prices = prices_with(tmp_path, key, **changes)
    run_import(facts_dir)  # a previous good import, which the bad one must leave as it is
    before = files_of(facts_dir / "imported" / "litellm")
    with pytest.raises(VersusError) as raised:
        run_import(facts_dir, prices, today=LATER_DAY)
    message = str(raised.value)
    assert str(prices) in message and field in message and (key is None or key in message)
    assert raised.value.exit_code == 2
    assert files_of(facts_dir / "imported" / "litellm") == before


def test_bad_input_on_a_first_import_creates_no_directory(facts_dir, tmp_path):
    prices = prices_with(tmp_path, "together_ai/meta-llama/Llama-3.2-1B-Instruct", input_cost_per_token=None)
    with pytest.raises(FactsError):
        run_import(facts_dir, prices)
    assert not (facts_dir / "imported").exists()


def test_a_mapped_key_missing_from_the_price_map_is_an_error(facts_dir):
    mapping = {"models": {LLAMA_1B: ["together_ai/meta-llama/Llama-3.2-1B-Instruct-Renamed"]}}
    (facts_dir / "litellm" / "mapping.yaml").write_text(yaml.safe_dump(mapping))
    with pytest.raises(FactsError, match="Renamed' is not in"):
        run_import(facts_dir)


def test_two_keys_of_one_provider_for_one_model_is_an_error(facts_dir):
    mapping = {"models": {LLAMA_1B: ["meta.llama3-2-1b-instruct-v1:0", "us.meta.llama3-2-1b-instruct-v1:0"]}}
    (facts_dir / "litellm" / "mapping.yaml").write_text(yaml.safe_dump(mapping))
    with pytest.raises(FactsError, match="one key per provider"):
        run_import(facts_dir)


def test_a_non_chat_entry_in_the_mapping_is_an_error(facts_dir):
    (facts_dir / "litellm" / "mapping.yaml").write_text(
        yaml.safe_dump({"models": {LLAMA_1B: ["text-embedding-3-small"]}})
    )
    with pytest.raises(FactsError, match="text-embedding-3-small.*mode"):
        run_import(facts_dir)


def test_a_broken_imported_file_is_reported_with_its_file_and_field(facts_dir):
    run_import(facts_dir)
    path = facts_dir / "imported" / "litellm" / f"{LLAMA_1B}.yaml"
    path.write_text(path.read_text().replace("provider: novita-ai", "provider: novita-typo", 1))
    with pytest.raises(FactsError) as raised:
        load_facts(facts_dir)
    assert any(
        str(path) in problem and "routes[" in problem and "novita-typo" in problem for problem in raised.value.problems
    )


def test_without_a_path_the_installed_litellm_package_copy_and_version_are_used(tmp_path, monkeypatch):
    package = tmp_path / "litellm"
    package.mkdir()
    (package / "model_prices_and_context_window_backup.json").write_text("{}")
    spec = type("Spec", (), {"submodule_search_locations": [str(package)]})()
    monkeypatch.setattr("importlib.util.find_spec", lambda name: spec if name == "litellm" else None)
    monkeypatch.setattr("importlib.metadata.version", lambda name: "1.109.1")
    assert locate_price_map(None, None) == (package / "model_prices_and_context_window_backup.json", "1.109.1")


def test_a_path_without_a_source_version_takes_the_release_its_readme_names(tmp_path):
    prices = tmp_path / "model_prices_and_context_window.json"
    prices.write_text("{}")
    (tmp_path / "README.md").write_text("Taken unchanged from the `litellm` 1.109.1 wheel on PyPI.\n")
    assert locate_price_map(prices, None) == (prices, "1.109.1")
    assert locate_price_map(prices, "1.200.0") == (prices, "1.200.0"), "--source-version wins"


def test_a_path_with_no_release_named_anywhere_is_versioned_by_its_content(tmp_path):
    prices = tmp_path / "prices.json"
    prices.write_text("{}")
    _, version = locate_price_map(prices, None)
    assert version == "sha256:" + hashlib.sha256(b"{}").hexdigest()[:16]


def git(repository: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *arguments],
        cwd=repository,
        check=True,
        capture_output=True,
    )


def published_pages_with(facts_dir: Path, *model_ids: str) -> list[str]:
    """The slugs of pairs.yaml's pairs that include any of model_ids: the pages a change to them affects."""
    pairs = load_facts(facts_dir).pairs
    return sorted(f"{a}-vs-{b}" for a, b in pairs if {a, b} & set(model_ids))


@pytest.fixture
def committed_facts(facts_dir: Path) -> Path:
    """facts_dir committed in a fresh git repository (tmp_path), before any import."""
    git(facts_dir.parent, "init", "-q")
    git(facts_dir.parent, "add", "facts")
    git(facts_dir.parent, "commit", "-q", "-m", "facts")
    return facts_dir


def test_diff_lists_routes_an_import_added_and_the_pages_it_affects(committed_facts):
    run_import(committed_facts)
    diff = diff_facts(committed_facts, "HEAD")
    added = {(change.model, change.provider) for change in diff.route_changes if change.change == "added"}
    assert (LLAMA_1B, "together-ai") in added and (LLAMA_3B, "novita-ai") in added
    assert diff.affected_pages == published_pages_with(committed_facts, LLAMA_1B, LLAMA_3B)
    assert any(
        change.subject == LLAMA_3B and change.field == "capabilities.structured_outputs"
        for change in diff.field_changes
    )
    json.dumps(diff.model_dump(mode="json"))


def test_diff_shows_a_price_going_up_with_old_and_new(committed_facts):
    path = committed_facts / "models" / "gpt-4o.yaml"
    path.write_text(path.read_text().replace("input_usd_per_mtok: 2.50", "input_usd_per_mtok: 3.00"))
    diff = diff_facts(committed_facts)
    [change] = diff.price_changes
    assert (change.model, change.provider, change.price, change.direction) == ("gpt-4o", "openai", "input", "up")
    assert (str(change.old_usd_per_mtok), str(change.new_usd_per_mtok)) == ("2.50", "3.00")
    assert diff.affected_pages == []  # no published pair includes gpt-4o
    assert "gpt-4o on openai: input price up, $2.50 -> $3.00 per 1M tokens" in render_facts_diff(diff)


def test_diff_of_a_provider_name_affects_the_pages_of_models_routed_through_it(committed_facts):
    path = committed_facts / "providers.yaml"
    path.write_text(path.read_text().replace("name: Bitdeer AI", "name: Bitdeer"))
    diff = diff_facts(committed_facts)
    assert [(change.subject, change.field) for change in diff.field_changes] == [
        ("providers", "providers.bitdeer-ai.name")
    ]
    routed_through_bitdeer = [
        model.id
        for model in load_facts(committed_facts).models.values()
        if any(route.provider == "bitdeer-ai" for route in model.routes)
    ]
    assert routed_through_bitdeer and diff.affected_pages == published_pages_with(
        committed_facts, *routed_through_bitdeer
    )


def test_diff_without_changes_says_so(committed_facts):
    diff = diff_facts(committed_facts)
    assert render_facts_diff(diff) == "facts changed since HEAD:\n  nothing\npages affected: none"


def test_diff_shows_a_route_gone_and_a_changed_field(committed_facts):
    path = committed_facts / "models" / f"{LLAMA_1B}.yaml"
    text = path.read_text().replace(
        "  - {provider: bitdeer-ai, input_usd_per_mtok: unknown, output_usd_per_mtok: unknown, source: bitdeer}\n", ""
    )
    path.write_text(text.replace("release_date: {value: 2024-09-25", "release_date: {value: 2024-09-26"))
    diff = diff_facts(committed_facts)
    assert [(change.provider, change.change) for change in diff.route_changes] == [("bitdeer-ai", "gone")]
    assert [(change.field, change.old, change.new) for change in diff.field_changes] == [
        ("release_date.value", "2024-09-25", "2024-09-26")
    ]
    assert diff.affected_pages == published_pages_with(committed_facts, LLAMA_1B)


def test_diff_of_an_unknown_revision_is_a_user_error(committed_facts):
    with pytest.raises(VersusError, match="no-such-revision"):
        diff_facts(committed_facts, "no-such-revision")


def test_broken_facts_at_the_old_revision_are_named_by_revision(committed_facts):
    path = committed_facts / "models" / "gpt-4o.yaml"
    path.write_text(path.read_text().replace("name: GPT-4o", "nme: GPT-4o"))
    git(committed_facts.parent, "commit", "-q", "-am", "broken")
    path.write_text(path.read_text().replace("nme: GPT-4o", "name: GPT-4o"))
    with pytest.raises(FactsError) as raised:
        diff_facts(committed_facts, "HEAD")
    assert any(
        f"{committed_facts} at HEAD/models/gpt-4o.yaml" in problem and "nme" in problem
        for problem in raised.value.problems
    )


def test_history_lists_each_committed_price_change_of_a_route(committed_facts):
    from generator.facts_import import git_price_history

    path = committed_facts / "models" / "gpt-4o.yaml"
    path.write_text(path.read_text().replace("input_usd_per_mtok: 2.50", "input_usd_per_mtok: 3.00"))
    git(committed_facts.parent, "commit", "-q", "-am", "gpt-4o dearer")
    run_import(committed_facts)
    git(committed_facts.parent, "add", "facts")
    git(committed_facts.parent, "commit", "-q", "-m", "import")
    history = [
        (change.provider, str(change.input_usd_per_mtok)) for change in git_price_history(committed_facts, "gpt-4o")
    ]
    assert history == [("openai", "2.50"), ("openai", "3.00")]  # the import's openai route loses to the curated one
    llama = {change.provider for change in git_price_history(committed_facts, LLAMA_1B)}
    assert {"cloudflare", "together-ai"} <= llama  # curated at the first commit, imported at the last
