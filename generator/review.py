"""Stage 8, review: drafts in review/, the approval ledger, and the status of every draft.

`versus build` writes one folder per pair into review/ (page.md, page.html, page.json,
validation.json). A reviewer's decision is one line of review/ledger.jsonl: plain JSON with sorted
keys, appended and never rewritten, so git shows each approval as one added line. An approval holds
the hash of the page files and of the facts the page was built from; when either changes, the
approval goes stale. On approval the page.md is copied to approved.md beside it, so `versus review
diff` can show what changed since without asking git.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import threading
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from generator.comparison import Comparison, compare
from generator.content import PageContent, read_content, tampering, validate_content
from generator.errors import VersusError
from generator.facts import Dataset
from generator.files import folder_busy, write_atomically
from generator.page import Page, facts_hash
from generator.validation import ValidationReport, describe_finding

LEDGER = "ledger.jsonl"
APPROVED_COPY = "approved.md"
# Longer than any slug two model ids make, short enough for every file system's names.
MAX_SLUG_LENGTH = 200
SLUG = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
Status = Literal["draft", "approved", "rejected", "stale"]
# The order lists and the review page show them in: what needs a reviewer first.
STATUSES: tuple[Status, ...] = ("stale", "draft", "rejected", "approved")

# The review server appends from worker threads; the ledger is rewritten whole (atomically), so
# two appends at once must not both read the old file.
_ledger_lock = threading.Lock()


class Decision(BaseModel):
    """One line of the ledger: a reviewer's approval or rejection of one exact page."""

    decision: Literal["approve", "reject"]
    slug: str
    reviewer: str
    time: dt.datetime
    note: str
    page_hash: str
    facts_hash: str

    def to_line(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


class Draft(BaseModel):
    """A draft as a reviewer sees it: its status, why, and the decision the status rests on."""

    slug: str
    pair: tuple[str, str]
    page_dir: Path
    status: Status
    reasons: list[str] = []
    decision: Decision | None = None
    page_hash: str
    facts_hash: str
    # None when the pair's models are gone from the facts.
    current_facts_hash: str | None
    # Where the page files disagree with page.json (edited after the build): such a page is not approved or published.
    tampered: list[str] = []


class DraftChanged(VersusError):
    """The draft is not the one the reviewer saw: it was rebuilt (or edited) since."""


def ledger_path(review_dir: Path) -> Path:
    return review_dir / LEDGER


def read_ledger(review_dir: Path) -> list[Decision]:
    """Every decision in the order it was made."""
    path = ledger_path(review_dir)
    if not path.is_file():
        return []
    decisions = []
    for number, raw_line in enumerate(path.read_bytes().splitlines(), start=1):
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise VersusError(
                f"{path}:{number}: not UTF-8 text (byte {error.start}); restore the line from git, the ledger is append-only"
            ) from error
        if not line.strip():
            continue
        try:
            decisions.append(Decision.model_validate_json(line))
        except ValidationError as error:
            raise VersusError(
                f"{path}:{number}: not a ledger line ({error.errors()[0]['msg']}); restore the line from git, the ledger is append-only"
            ) from error
    return decisions


def append_decision(review_dir: Path, decision: Decision) -> None:
    path = ledger_path(review_dir)
    with _ledger_lock:
        existing = path.read_text(encoding="utf-8") if path.is_file() else ""
        if existing and not existing.endswith("\n"):
            existing += "\n"
        write_atomically(path, existing + decision.to_line() + "\n")


def draft_dirs(review_dir: Path) -> list[Path]:
    if not review_dir.is_dir():
        raise VersusError(
            f"{review_dir}: no such folder; run `versus build --out {review_dir}` to write drafts, or pass --review DIR"
        )
    return sorted(path.parent for path in review_dir.glob("*/page.json"))


def find_draft(review_dir: Path, slug: str) -> Path:
    # Checked before the name reaches the file system: a 20 kB or path-like slug is simply no draft.
    well_formed = len(slug) <= MAX_SLUG_LENGTH and SLUG.match(slug)
    page_dir = review_dir / slug
    if not well_formed or not (page_dir / "page.json").is_file():
        known = ", ".join(path.name for path in draft_dirs(review_dir)) or "none"
        shown = slug if len(slug) <= MAX_SLUG_LENGTH else slug[:40] + "..."
        raise VersusError(f"no draft '{shown}' in {review_dir}/ (drafts: {known}); `versus review list` shows them")
    return page_dir


def current_comparison(dataset: Dataset, page: Page) -> Comparison | None:
    """The pair's comparison recomputed from the facts as they are now; None when a model is gone."""
    if not all(model_id in dataset.models for model_id in page.pair):
        return None
    return compare(dataset, *page.pair)


def draft_status(content: PageContent, decisions: list[Decision], dataset: Dataset | None) -> Draft:
    """The status of one draft: the latest decision on it, checked against the page and the facts now.

    A rejected draft that has been rebuilt since the rejection is a draft again: it awaits review."""
    page, page_dir = content.page, content.page_dir
    current_page_hash = content.hash
    comparison = current_comparison(dataset, page) if dataset is not None else None
    current_facts = (
        facts_hash(comparison) if comparison is not None else (None if dataset is not None else page.facts_hash)
    )
    latest = next((decision for decision in reversed(decisions) if decision.slug == page.slug), None)
    draft = Draft(
        slug=page.slug,
        pair=page.pair,
        page_dir=page_dir,
        status="draft",
        decision=latest,
        page_hash=current_page_hash,
        facts_hash=page.facts_hash,
        current_facts_hash=current_facts,
        tampered=tampering(content),
    )
    if latest is None:
        return draft
    if latest.decision == "reject":
        if latest.page_hash == current_page_hash:
            draft.status = "rejected"
        return draft
    draft.reasons = approval_problems(latest, draft)
    draft.status = "stale" if draft.reasons else "approved"
    return draft


def approval_problems(approval: Decision, draft: Draft) -> list[str]:
    """Why an approval no longer holds (empty when it still does)."""
    reasons = []
    if approval.page_hash != draft.page_hash:
        reasons.append(
            f"the page files changed since {approval.reviewer} approved them on {approval.time:%Y-%m-%d %H:%M} UTC"
        )
    if approval.facts_hash != draft.facts_hash:
        reasons.append("the page was rebuilt from other facts than the approved one")
    if draft.current_facts_hash is None:
        reasons.append(f"the pair {draft.pair[0]} vs {draft.pair[1]} is no longer in the facts")
    elif draft.current_facts_hash != approval.facts_hash:
        reasons.append("the facts changed since the approval; rebuild the page and review it again")
    return reasons


def list_drafts(review_dir: Path, dataset: Dataset | None) -> list[Draft]:
    decisions = read_ledger(review_dir)
    return [draft_status(read_content(page_dir), decisions, dataset) for page_dir in draft_dirs(review_dir)]


def get_draft(review_dir: Path, slug: str, dataset: Dataset | None) -> Draft:
    return draft_status(read_content(find_draft(review_dir, slug)), read_ledger(review_dir), dataset)


def validate_draft(page_dir: Path, comparison: Comparison) -> ValidationReport:
    """Every figure of the draft's page.md (tables and prose) against `comparison`."""
    return validate_content(read_content(page_dir), comparison)


def approve(
    review_dir: Path,
    slug: str,
    reviewer: str,
    note: str,
    dataset: Dataset,
    now: dt.datetime | None = None,
    expected_hash: str | None = None,
) -> Decision:
    """Record an approval of exactly the content whose hash is `expected_hash` (the one the reviewer
    saw), and keep a copy of its page.md for `diff`. Without `expected_hash`, the draft as it is now,
    refused while a build is writing into review_dir (it could change under the reviewer).

    Refused while the page disagrees with page.json or with the facts as they are now: an approval
    CI would reject at once is no approval."""
    content = read_content(find_draft(review_dir, slug))
    if expected_hash is None:
        holder = folder_busy(review_dir)
        if holder:
            raise DraftChanged(
                f"{slug}: {holder}, so the draft may change while you approve it; its hash now is {content.hash}: once you have reviewed it, pass --hash {content.hash}"
            )
    draft = _decidable(content, read_ledger(review_dir), dataset, expected_hash)
    if draft.current_facts_hash is None:
        raise VersusError(
            f"{slug}: the pair {draft.pair[0]} vs {draft.pair[1]} is no longer in the facts; remove the draft instead of approving it"
        )
    if draft.current_facts_hash != draft.facts_hash:
        raise VersusError(
            f"{slug}: the page was built from older facts; rebuild it (`versus build --pair {draft.pair[0]} {draft.pair[1]}`) and review the new draft"
        )
    report = validate_content(content, compare(dataset, *draft.pair))
    if not report.clean:
        first = describe_finding(report.findings[0])
        raise VersusError(
            f"{slug}: page.md has {len(report.findings)} finding(s), first: {first}; regenerate or reject the draft instead"
        )
    if draft.tampered:
        raise VersusError(f"{slug}: {draft.tampered[0]}")
    decision = _decide("approve", draft, reviewer, note, now)
    write_atomically(draft.page_dir / APPROVED_COPY, content.markdown)
    append_decision(review_dir, decision)
    return decision


def reject(
    review_dir: Path,
    slug: str,
    reviewer: str,
    note: str,
    dataset: Dataset | None = None,
    now: dt.datetime | None = None,
    expected_hash: str | None = None,
) -> Decision:
    """Record a rejection of the draft whose hash is `expected_hash` (default: the draft as it is now)."""
    content = read_content(find_draft(review_dir, slug))
    decision = _decide(
        "reject", _decidable(content, read_ledger(review_dir), dataset, expected_hash), reviewer, note, now
    )
    append_decision(review_dir, decision)
    return decision


def _decidable(
    content: PageContent, decisions: list[Decision], dataset: Dataset | None, expected_hash: str | None
) -> Draft:
    if expected_hash is not None and expected_hash != content.hash:
        raise DraftChanged(
            f"{content.page.slug}: the draft changed since it was shown (shown {expected_hash[:12]}, now {content.hash[:12]}): "
            "nothing was recorded; reload it and review the new content"
        )
    return draft_status(content, decisions, dataset)


def check_regenerable(draft: Draft) -> None:
    """Only a rejected draft is written again: regenerating an approved or unreviewed one would throw away what a reviewer saw."""
    if draft.status != "rejected":
        raise DraftChanged(
            f"{draft.slug}: only a rejected draft can be regenerated, and this one is {draft.status}; reject it first"
        )


def _decide(
    kind: Literal["approve", "reject"], draft: Draft, reviewer: str, note: str, now: dt.datetime | None
) -> Decision:
    reviewer = reviewer.strip()
    if not reviewer:
        raise VersusError(f"{draft.slug}: who is deciding? pass --reviewer NAME (it is recorded in the ledger)")
    return Decision(
        decision=kind,
        slug=draft.slug,
        reviewer=reviewer,
        time=(now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0),
        note=note.strip(),
        page_hash=draft.page_hash,
        facts_hash=draft.facts_hash,
    )


def diff_since_approval(review_dir: Path, slug: str) -> str:
    """A unified diff of page.md from the last approved copy to the draft now ('' when unchanged)."""
    page_dir = find_draft(review_dir, slug)
    approved = page_dir / APPROVED_COPY
    if not approved.is_file():
        raise VersusError(
            f"{slug}: never approved, so there is nothing to diff against; `versus review show {slug}` shows the draft"
        )
    before = approved.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    after = read_content(page_dir).markdown.splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, fromfile=f"{slug}/{APPROVED_COPY}", tofile=f"{slug}/page.md"))


def history(review_dir: Path, slug: str) -> list[Decision]:
    return [decision for decision in read_ledger(review_dir) if decision.slug == slug]


def render_list(drafts: list[Draft]) -> str:
    """Drafts grouped by status, stale first: what needs a reviewer's attention leads."""
    if not drafts:
        return "no drafts"
    lines = []
    for status in STATUSES:
        group = [draft for draft in drafts if draft.status == status]
        if not group:
            continue
        lines.append(f"{status} ({len(group)}):")
        for draft in group:
            by = (
                f"  by {draft.decision.reviewer}, {draft.decision.time:%Y-%m-%d}"
                if draft.decision and status != "draft"
                else ""
            )
            lines.append(f"  {draft.slug}{by}")
            lines += [f"    - {reason}" for reason in draft.reasons]
    return "\n".join(lines)


def render_show(review_dir: Path, draft: Draft, dataset: Dataset) -> str:
    """One draft for a terminal: status, how each section was written, findings now, and its ledger history."""
    content = read_content(draft.page_dir)
    page = content.page
    lines = [
        f"{draft.slug}: {draft.status}",
        *(f"  - {reason}" for reason in draft.reasons),
        *(f"  - {problem}" for problem in draft.tampered),
    ]
    lines += [f"page: {draft.page_dir / 'page.md'}", f"hash: {draft.page_hash}", "sections:"]
    for name, section in page.sections.items():
        tries = f", {len(section.attempts)} attempt(s)" if section.attempts else ""
        lines.append(f"  {name}: {section.outcome} by {section.model or section.author}{tries}")
    comparison = current_comparison(dataset, page)
    if comparison is None:
        lines.append(f"findings: not checked, the pair {page.pair[0]} vs {page.pair[1]} is no longer in the facts")
    else:
        report = validate_content(content, comparison)
        lines.append(f"findings against the facts now: {len(report.findings)}")
        lines += [f"  page.md:{describe_finding(finding)}" for finding in report.findings]
    decisions = history(review_dir, draft.slug)
    lines.append("ledger:" if decisions else "ledger: no decision yet")
    lines += [
        f"  {decision.time:%Y-%m-%d %H:%M} {decision.decision} by {decision.reviewer}: {decision.note or '(no note)'}"
        for decision in decisions
    ]
    return "\n".join(lines)
