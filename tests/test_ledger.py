"""The approval ledger, exactly: the line format, the page hash every approval rests on, the status
of a draft and the reasons an approval lapsed, word for word. Written to kill the mutants
bench/mutation.py found surviving in the ledger part of review.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from generator.content import PAGE_FILES, content_hash, read_content
from generator.errors import VersusError
from generator.facts import load_facts
from generator.review import (
    Decision,
    append_decision,
    approve,
    get_draft,
    history,
    ledger_path,
    list_drafts,
    read_ledger,
    reject,
)
from tests.support import OTHER_SLUG, PAIR, REFERENCE_FACTS, SLUG, change_cloudflare_price, edit_page_md, write_drafts

NOON = dt.datetime(2025, 3, 1, 12, 30, tzinfo=dt.UTC)


@pytest.fixture
def dataset():
    return load_facts(REFERENCE_FACTS)


def decision(**changes) -> Decision:
    fields = {
        "decision": "approve",
        "slug": SLUG,
        "reviewer": "Zoë",
        "time": NOON,
        "note": "ok",
        "page_hash": "p" * 64,
        "facts_hash": "f" * 64,
    }
    return Decision(**(fields | changes))


# -- the ledger file ------------------------------------------------------------------------------


def test_a_decision_is_one_line_of_json_with_sorted_keys_and_unescaped_names():
    assert decision().to_line() == (
        '{"decision": "approve", "facts_hash": "' + "f" * 64 + '", "note": "ok", "page_hash": "' + "p" * 64 + '", '
        '"reviewer": "Zoë", "slug": "' + SLUG + '", "time": "2025-03-01T12:30:00Z"}'
    )


def test_appending_keeps_every_earlier_line_and_ends_each_with_a_newline(tmp_path: Path):
    assert ledger_path(tmp_path) == tmp_path / "ledger.jsonl"
    assert read_ledger(tmp_path) == []
    # A ledger edited by hand may have lost its last newline.
    ledger_path(tmp_path).write_text(decision(note="first").to_line(), encoding="utf-8")
    append_decision(tmp_path, decision(note="second"))
    append_decision(tmp_path, decision(decision="reject", note="third"))
    text = ledger_path(tmp_path).read_text(encoding="utf-8")
    assert text == "".join(
        decision(**changes).to_line() + "\n"
        for changes in ({"note": "first"}, {"note": "second"}, {"decision": "reject", "note": "third"})
    )
    assert [entry.note for entry in read_ledger(tmp_path)] == ["first", "second", "third"]


def test_blank_lines_in_the_ledger_are_skipped(tmp_path: Path):
    ledger_path(tmp_path).write_text("\n" + decision().to_line() + "\n  \n", encoding="utf-8")
    assert read_ledger(tmp_path) == [decision()]


def test_a_damaged_line_is_named_by_number_with_the_fix(tmp_path: Path):
    ledger_path(tmp_path).write_text(decision().to_line() + "\n" + '{"decision": "maybe"}\n', encoding="utf-8")
    with pytest.raises(VersusError) as raised:
        read_ledger(tmp_path)
    message = str(raised.value)
    assert message.startswith(f"{ledger_path(tmp_path)}:2: not a ledger line (")
    assert message.endswith("); restore the line from git, the ledger is append-only")


def test_history_is_one_drafts_decisions_in_order(review_dir, dataset):
    approve(review_dir, SLUG, "ada", "first", dataset)
    reject(review_dir, OTHER_SLUG, "bob", "other", dataset)
    reject(review_dir, SLUG, "bob", "second", dataset)
    assert [(entry.decision, entry.note) for entry in history(review_dir, SLUG)] == [
        ("approve", "first"),
        ("reject", "second"),
    ]


# -- the page hash --------------------------------------------------------------------------------


def test_the_page_hash_covers_each_page_file_by_name():
    # Every approval in a ledger holds this hash: changing how it is computed stales them all.
    files = {name: f"{name} text".encode() for name in PAGE_FILES}
    expected = hashlib.sha256()
    for name in PAGE_FILES:
        expected.update(name.encode() + b"\0" + f"{name} text".encode() + b"\0")
    assert content_hash(files) == expected.hexdigest()


def test_the_page_hash_changes_with_any_page_file():
    files = {name: b"" for name in PAGE_FILES}
    hashes = {content_hash(files)}
    for name in PAGE_FILES:
        hashes.add(content_hash({**files, name: b"changed"}))
    # Moving bytes from one file to the next is a different page: the names are hashed too.
    hashes.add(content_hash({**files, "page.md": b"ab", "page.html": b""}))
    hashes.add(content_hash({**files, "page.md": b"a", "page.html": b"b"}))
    assert len(hashes) == 1 + len(PAGE_FILES) + 2


def test_a_missing_page_file_is_an_error_never_a_hash(tmp_path: Path):
    for name in PAGE_FILES[:-1]:
        (tmp_path / name).write_text("(missing)", encoding="utf-8")
    with pytest.raises(VersusError, match=PAGE_FILES[-1]):
        read_content(tmp_path)


# -- a draft's status -----------------------------------------------------------------------------


def test_a_fresh_draft_carries_its_pair_hashes_and_no_decision(review_dir, dataset):
    draft = get_draft(review_dir, SLUG, dataset)
    page = json.loads((review_dir / SLUG / "page.json").read_text(encoding="utf-8"))
    assert (draft.slug, draft.pair, draft.page_dir, draft.status, draft.reasons, draft.decision) == (
        SLUG,
        PAIR,
        review_dir / SLUG,
        "draft",
        [],
        None,
    )
    assert draft.page_hash == read_content(review_dir / SLUG).hash
    assert draft.facts_hash == draft.current_facts_hash == page["facts_hash"]
    assert [draft.slug for draft in list_drafts(review_dir, dataset)] == [SLUG, OTHER_SLUG]


def test_the_status_rests_on_the_latest_decision_about_that_draft(review_dir, dataset):
    approve(review_dir, SLUG, "ada", "", dataset, now=NOON)
    reject(review_dir, OTHER_SLUG, "bob", "", dataset)
    draft = get_draft(review_dir, SLUG, dataset)
    assert draft.status == "approved" and draft.reasons == []
    assert (draft.decision.decision, draft.decision.reviewer, draft.decision.time) == ("approve", "ada", NOON)


def test_without_facts_the_status_trusts_the_pages_own_facts_hash(review_dir, dataset):
    approve(review_dir, SLUG, "ada", "", dataset)
    draft = get_draft(review_dir, SLUG, None)
    assert draft.status == "approved"
    assert draft.current_facts_hash == draft.facts_hash


def test_a_rebuilt_rejected_draft_is_a_draft_again_and_keeps_the_rejection(review_dir, dataset):
    reject(review_dir, SLUG, "bob", "too vague", dataset)
    edit_page_md(review_dir, SLUG, "## FAQ", "## Questions")
    draft = get_draft(review_dir, SLUG, dataset)
    assert (draft.status, draft.reasons, draft.decision.note) == ("draft", [], "too vague")


def test_stale_reasons_word_for_word(review_dir, facts_copy, dataset):
    approve(review_dir, SLUG, "ada", "", dataset, now=NOON)
    edit_page_md(review_dir, SLUG, "## FAQ", "## Questions")
    change_cloudflare_price(facts_copy)
    draft = get_draft(review_dir, SLUG, load_facts(facts_copy))
    assert draft.status == "stale"
    assert draft.reasons == [
        "the page files changed since ada approved them on 2025-03-01 12:30 UTC",
        "the facts changed since the approval; rebuild the page and review it again",
    ]


def test_a_page_rebuilt_from_other_facts_is_stale_with_every_reason(tmp_path: Path, facts_copy, dataset):
    review_dir = write_drafts(tmp_path / "review", pairs=[PAIR])
    approve(review_dir, SLUG, "ada", "", dataset, now=NOON)
    change_cloudflare_price(facts_copy)
    write_drafts(review_dir, facts_dir=facts_copy, pairs=[PAIR])
    draft = get_draft(review_dir, SLUG, load_facts(facts_copy))
    assert draft.reasons == [
        "the page files changed since ada approved them on 2025-03-01 12:30 UTC",
        "the page was rebuilt from other facts than the approved one",
        "the facts changed since the approval; rebuild the page and review it again",
    ]


def test_a_pair_gone_from_the_facts_is_the_reason_given(review_dir, facts_copy, dataset):
    approve(review_dir, SLUG, "ada", "", dataset)
    (facts_copy / "models" / "qwen3.5-4b.yaml").unlink()
    (facts_copy / "pairs.yaml").write_text(
        "pairs:\n  - [llama-3.2-1b-instruct, trinity-large-thinking]\n", encoding="utf-8"
    )
    draft = get_draft(review_dir, SLUG, load_facts(facts_copy))
    assert draft.current_facts_hash is None
    assert draft.reasons == ["the pair llama-3.2-1b-instruct vs qwen3.5-4b is no longer in the facts"]


# -- approving and rejecting ------------------------------------------------------------------------


def test_an_approval_records_the_draft_as_it_is_and_keeps_a_copy_of_page_md(review_dir, dataset):
    two_hours_east = dt.timezone(dt.timedelta(hours=2))
    recorded = approve(
        review_dir,
        SLUG,
        "  ada  ",
        "  figures checked ",
        dataset,
        now=dt.datetime(2025, 3, 1, 14, 30, 5, 123456, tzinfo=two_hours_east),
    )
    draft = get_draft(review_dir, SLUG, dataset)
    assert recorded == Decision(
        decision="approve",
        slug=SLUG,
        reviewer="ada",
        time=dt.datetime(2025, 3, 1, 12, 30, 5, tzinfo=dt.UTC),
        note="figures checked",
        page_hash=draft.page_hash,
        facts_hash=draft.facts_hash,
    )
    assert recorded.time.tzinfo == dt.UTC
    assert read_ledger(review_dir) == [recorded]
    assert (review_dir / SLUG / "approved.md").read_text(encoding="utf-8") == (review_dir / SLUG / "page.md").read_text(
        encoding="utf-8"
    )


def test_an_approval_without_a_time_is_stamped_now_in_utc(review_dir, dataset):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    recorded = approve(review_dir, SLUG, "ada", "", dataset)
    assert recorded.time.tzinfo == dt.UTC and recorded.time.microsecond == 0
    assert before <= recorded.time <= dt.datetime.now(dt.UTC)


def test_a_rejection_needs_no_facts_and_records_the_hashes(review_dir):
    recorded = reject(review_dir, SLUG, "bob", " tone ", now=NOON)
    draft = get_draft(review_dir, SLUG, None)
    assert (recorded.decision, recorded.note, recorded.page_hash, recorded.facts_hash) == (
        "reject",
        "tone",
        draft.page_hash,
        draft.facts_hash,
    )
    assert draft.status == "rejected"
    assert not (review_dir / SLUG / "approved.md").exists()


def test_refusals_name_the_draft_and_the_fix(review_dir, facts_copy, dataset):
    with pytest.raises(VersusError) as raised:
        reject(review_dir, SLUG, " ", "")
    assert str(raised.value) == f"{SLUG}: who is deciding? pass --reviewer NAME (it is recorded in the ledger)"

    line = edit_page_md(review_dir, SLUG, "$0.03", "$0.04")
    with pytest.raises(VersusError) as raised:
        approve(review_dir, SLUG, "ada", "", dataset)
    assert str(raised.value).startswith(f"{SLUG}: page.md has 1 finding(s), first: line {line}, col ")
    assert str(raised.value).endswith("; regenerate or reject the draft instead")

    change_cloudflare_price(facts_copy)
    with pytest.raises(VersusError) as raised:
        approve(review_dir, OTHER_SLUG, "ada", "", load_facts(facts_copy))
    assert str(raised.value) == (
        f"{OTHER_SLUG}: the page was built from older facts; rebuild it "
        "(`versus build --pair llama-3.2-1b-instruct trinity-large-thinking`) and review the new draft"
    )

    (facts_copy / "models" / "qwen3.5-4b.yaml").unlink()
    (facts_copy / "pairs.yaml").write_text(
        "pairs:\n  - [llama-3.2-1b-instruct, trinity-large-thinking]\n", encoding="utf-8"
    )
    with pytest.raises(VersusError) as raised:
        approve(review_dir, SLUG, "ada", "", load_facts(facts_copy))
    assert (
        str(raised.value)
        == f"{SLUG}: the pair llama-3.2-1b-instruct vs qwen3.5-4b is no longer in the facts; remove the draft instead of approving it"
    )
    assert not ledger_path(review_dir).exists()
