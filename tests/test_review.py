"""Review: the approval ledger, draft status, staleness, and the review commands' functions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import VersusError
from generator.facts import load_facts
from generator.files import folder_lock
from generator.review import (
    DraftChanged,
    approve,
    check_regenerable,
    diff_since_approval,
    get_draft,
    list_drafts,
    read_ledger,
    reject,
    render_list,
    render_show,
)
from tests.support import (
    OTHER_SLUG,
    REFERENCE_FACTS,
    SLUG,
    add_wrong_prose,
    change_cloudflare_price,
    edit_page_json,
    edit_page_md,
    rewrite_page,
    wrong_figure_in_page_json,
)


@pytest.fixture
def dataset():
    return load_facts(REFERENCE_FACTS)


def statuses(review_dir: Path, dataset) -> dict[str, str]:
    return {draft.slug: draft.status for draft in list_drafts(review_dir, dataset)}


def test_a_fresh_draft_has_no_decision(review_dir, dataset):
    assert statuses(review_dir, dataset) == {SLUG: "draft", OTHER_SLUG: "draft"}


def test_approval_is_one_sorted_json_line_with_reviewer_time_note_and_hashes(review_dir, dataset):
    now = dt.datetime(2025, 3, 1, 12, 30, tzinfo=dt.UTC)
    approve(review_dir, SLUG, "ada", "figures checked", dataset, now=now)
    lines = (review_dir / "ledger.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert list(record) == sorted(record)
    assert record["decision"] == "approve" and record["reviewer"] == "ada" and record["note"] == "figures checked"
    assert record["time"] == "2025-03-01T12:30:00Z"
    assert (
        len(record["page_hash"]) == 64
        and record["facts_hash"] == json.loads((review_dir / SLUG / "page.json").read_text())["facts_hash"]
    )
    assert statuses(review_dir, dataset)[SLUG] == "approved"


def test_the_ledger_only_grows(review_dir, dataset):
    approve(review_dir, SLUG, "ada", "", dataset)
    first = (review_dir / "ledger.jsonl").read_text(encoding="utf-8")
    reject(review_dir, OTHER_SLUG, "bob", "tone", dataset)
    assert (review_dir / "ledger.jsonl").read_text(encoding="utf-8").startswith(first)
    assert [decision.decision for decision in read_ledger(review_dir)] == ["approve", "reject"]


def test_rejection_marks_the_draft_rejected_until_it_is_rebuilt(review_dir, dataset):
    reject(review_dir, SLUG, "bob", "too vague", dataset)
    assert statuses(review_dir, dataset)[SLUG] == "rejected"
    edit_page_md(review_dir, SLUG, "## Deep dive", "## Deep dive ")
    assert statuses(review_dir, dataset)[SLUG] == "draft"


def test_the_latest_decision_wins(review_dir, dataset):
    approve(review_dir, SLUG, "ada", "", dataset)
    reject(review_dir, SLUG, "bob", "on second thought", dataset)
    assert statuses(review_dir, dataset)[SLUG] == "rejected"


def test_editing_page_md_after_approval_makes_it_stale(review_dir, dataset):
    approve(review_dir, SLUG, "ada", "", dataset)
    edit_page_md(review_dir, SLUG, "## FAQ", "## Questions")
    draft = get_draft(review_dir, SLUG, dataset)
    assert draft.status == "stale"
    assert any("page files changed" in reason for reason in draft.reasons)


def test_changing_a_price_in_the_facts_makes_the_approval_stale(review_dir, facts_copy, dataset):
    approve(review_dir, SLUG, "ada", "", dataset)
    change_cloudflare_price(facts_copy)
    draft = get_draft(review_dir, SLUG, load_facts(facts_copy))
    assert draft.status == "stale"
    assert any("facts changed" in reason for reason in draft.reasons)


def test_removing_a_model_from_the_facts_makes_its_approvals_stale(review_dir, facts_copy, dataset):
    approve(review_dir, SLUG, "ada", "", dataset)
    (facts_copy / "models" / "qwen3.5-4b.yaml").unlink()
    pairs = facts_copy / "pairs.yaml"
    pairs.write_text("pairs:\n  - [llama-3.2-1b-instruct, trinity-large-thinking]\n", encoding="utf-8")
    draft = get_draft(review_dir, SLUG, load_facts(facts_copy))
    assert draft.status == "stale"
    assert any("no longer in the facts" in reason for reason in draft.reasons)


def test_approval_is_refused_while_a_figure_disagrees_with_the_facts(review_dir, dataset):
    edit_page_md(review_dir, SLUG, "$0.03", "$0.04")
    with pytest.raises(VersusError, match="finding"):
        approve(review_dir, SLUG, "ada", "", dataset)
    assert not (review_dir / "ledger.jsonl").exists()


def test_approval_is_refused_for_a_page_built_from_older_facts(review_dir, facts_copy):
    change_cloudflare_price(facts_copy)
    with pytest.raises(VersusError, match="rebuild it"):
        approve(review_dir, SLUG, "ada", "", load_facts(facts_copy))


def test_a_decision_needs_a_reviewer(review_dir, dataset):
    with pytest.raises(VersusError, match="--reviewer"):
        approve(review_dir, SLUG, "  ", "", dataset)


def test_an_unknown_slug_names_the_drafts_there_are(review_dir, dataset):
    with pytest.raises(VersusError, match=f"no draft 'nope'.*{SLUG}"):
        approve(review_dir, "nope", "ada", "", dataset)


def test_a_missing_review_folder_says_how_to_make_one(tmp_path, dataset):
    with pytest.raises(VersusError, match="versus build"):
        list_drafts(tmp_path / "absent", dataset)


def test_a_damaged_ledger_line_is_named(review_dir, dataset):
    (review_dir / "ledger.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(VersusError, match="ledger.jsonl:1"):
        list_drafts(review_dir, dataset)


def test_diff_shows_what_changed_in_page_md_since_the_approval(review_dir, dataset):
    approve(review_dir, SLUG, "ada", "", dataset)
    assert diff_since_approval(review_dir, SLUG) == ""
    edit_page_md(review_dir, SLUG, "## FAQ", "## Questions")
    diff = diff_since_approval(review_dir, SLUG)
    assert "-## FAQ" in diff and "+## Questions" in diff


def test_diff_without_an_approval_says_so(review_dir):
    with pytest.raises(VersusError, match="never approved"):
        diff_since_approval(review_dir, SLUG)


def test_list_groups_drafts_by_status_and_gives_stale_reasons(review_dir, dataset):
    approve(review_dir, SLUG, "ada", "", dataset)
    edit_page_md(review_dir, SLUG, "## FAQ", "## Questions")
    text = render_list(list_drafts(review_dir, dataset))
    assert text.index("stale (1):") < text.index("draft (1):")
    assert f"  {SLUG}  by ada" in text and "page files changed" in text


def test_show_gives_sections_findings_and_history(review_dir, dataset):
    reject(review_dir, SLUG, "bob", "too vague", dataset)
    text = render_show(review_dir, get_draft(review_dir, SLUG, dataset), dataset)
    assert f"{SLUG}: rejected" in text
    assert "deep_dive: deterministic" in text and "faq: deterministic" in text
    assert "findings against the facts now: 0" in text
    assert "reject by bob: too vague" in text


# -- one content, one hash; approval binds to content --------------------------------------------


@wrong_figure_in_page_json
def test_a_wrong_figure_written_into_page_json_cannot_be_approved(review_dir, dataset, change):
    edit_page_json(review_dir, SLUG, change)
    with pytest.raises(VersusError, match="page.json renders to|facts snapshot"):
        approve(review_dir, SLUG, "ada", "", dataset)
    assert not (review_dir / "ledger.jsonl").exists()
    assert get_draft(review_dir, SLUG, dataset).tampered


def test_approve_binds_to_the_hash_the_reviewer_saw(review_dir, dataset):
    shown = get_draft(review_dir, SLUG, dataset).page_hash
    rewrite_page(
        review_dir,
        SLUG,
        lambda page: page["sections"]["deep_dive"]["content"]["paragraphs"].append(
            "Teams that weigh Llama 3.2 1B Instruct against Qwen3.5-4B should read both model cards before they choose one for production work."
        ),
    )
    with pytest.raises(DraftChanged, match="changed since it was shown"):
        approve(review_dir, SLUG, "ada", "", dataset, expected_hash=shown)
    assert not (review_dir / "ledger.jsonl").exists()
    now = get_draft(review_dir, SLUG, dataset).page_hash
    assert approve(review_dir, SLUG, "ada", "", dataset, expected_hash=now).page_hash == now


def test_approve_without_a_hash_is_refused_during_a_build_and_prints_the_hash(review_dir, dataset):
    with folder_lock(review_dir):
        with pytest.raises(DraftChanged) as raised:
            approve(review_dir, SLUG, "ada", "", dataset)
    page_hash = get_draft(review_dir, SLUG, dataset).page_hash
    assert f"--hash {page_hash}" in str(raised.value) and "writing into it" in str(raised.value)
    assert not (review_dir / "ledger.jsonl").exists()


def test_the_cli_approves_the_hash_it_is_given(review_dir):
    page_hash = get_draft(review_dir, SLUG, None).page_hash
    arguments = [
        "review",
        "approve",
        SLUG,
        "--reviewer",
        "ada",
        "--review",
        str(review_dir),
        "--facts",
        str(REFERENCE_FACTS),
    ]
    refused = CliRunner().invoke(main, [*arguments, "--hash", "0" * 64])
    assert refused.exit_code == 2 and "changed since it was shown" in refused.output
    approved = CliRunner().invoke(main, [*arguments, "--hash", page_hash])
    assert approved.exit_code == 0 and page_hash in approved.output
    assert [decision.page_hash for decision in read_ledger(review_dir)] == [page_hash]


def test_only_a_rejected_draft_can_be_regenerated(review_dir, dataset):
    with pytest.raises(DraftChanged, match="only a rejected draft"):
        check_regenerable(get_draft(review_dir, SLUG, dataset))
    approve(review_dir, SLUG, "ada", "", dataset)
    with pytest.raises(DraftChanged, match="this one is approved"):
        check_regenerable(get_draft(review_dir, SLUG, dataset))
    reject(review_dir, SLUG, "bob", "vague", dataset)
    check_regenerable(get_draft(review_dir, SLUG, dataset))


def test_validate_page_dir_finds_a_figure_written_into_page_json(review_dir):
    edit_page_json(review_dir, SLUG, add_wrong_prose)
    result = CliRunner().invoke(main, ["validate", str(review_dir / SLUG), "--facts", str(REFERENCE_FACTS)])
    assert result.exit_code == 1 and "page.md: differs from what page.json renders to" in result.output
