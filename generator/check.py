"""Stage 10, check (CI): every draft and published page against the facts as they are now.

Recomputes each pair's comparison from facts/, re-validates every page.md (tables and prose), and
reports stale approvals and pairs gone from the facts. Each problem names the file, the line and
the fact, in three formats: text for people, GitHub Actions annotations, and JUnit XML.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree

from pydantic import BaseModel

from generator.comparison import Comparison
from generator.content import PageContent, content_hash, html_text, read_content, tampering
from generator.facts import Dataset, load_facts
from generator.page import read_page, receipt_problems, render_page
from generator.publish import PublishedPage, read_manifest_file, render_site_page
from generator.reconcile import Reconciliation, conflicted_facts, describe_values, reconcile
from generator.review import Draft, current_comparison, list_drafts
from generator.validation import Finding, describe_finding, validate_markdown

# tampered: a page file differs from what its page.json renders to, or from what was approved.
ProblemKind = Literal[
    "finding", "stale_approval", "unknown_pair", "unpublished", "tampered", "receipt", "conflicted_price", "old_fact"
]


class Problem(BaseModel):
    """One reason CI fails: where (file, line, column) and which fact it concerns."""

    file: str
    kind: ProblemKind
    message: str
    line: int | None = None
    column: int | None = None
    fact_id: str | None = None
    # A warning is reported but does not fail CI (a conflicted price, unless --strict).
    severity: Literal["error", "warning"] = "error"


class PageCheck(BaseModel):
    """One checked page (a draft's or a published page.md) and its problems."""

    file: str
    problems: list[Problem] = []


class CheckReport(BaseModel):
    pages: list[PageCheck] = []

    @property
    def problems(self) -> list[Problem]:
        return [problem for page in self.pages for problem in page.problems]

    @property
    def clean(self) -> bool:
        return not any(problem.severity == "error" for problem in self.problems)


def check(
    facts_dir: Path,
    review_dir: Path,
    site_dir: Path | None = None,
    strict: bool = False,
    max_age_days: int | None = None,
    today: dt.date | None = None,
) -> CheckReport:
    """Check every draft in review_dir, and every page published in site_dir when given.

    A page stating a price the sources disagree on is a warning (an error when strict); with
    max_age_days, a page citing a fact last checked longer ago than that is an error.
    Raises FactsError (or another VersusError) on bad input: unreadable facts, ledger or pages."""
    dataset = load_facts(facts_dir)
    report = CheckReport()
    drafts = list_drafts(review_dir, dataset)
    report.pages += [_check_draft(draft, dataset) for draft in drafts]
    if site_dir is not None:
        report.pages += _check_site(site_dir, {draft.slug: draft for draft in drafts}, dataset)
    reconciliation = reconcile(facts_dir)
    oldest_allowed = (today or dt.date.today()) - dt.timedelta(days=max_age_days) if max_age_days is not None else None
    for page_check in report.pages:
        comparison = read_page(Path(page_check.file).parent).comparison
        page_check.problems += conflicted_price_problems(page_check.file, comparison, reconciliation, strict)
        if oldest_allowed is not None:
            page_check.problems += old_fact_problems(page_check.file, comparison, oldest_allowed)
    return report


def conflicted_price_problems(
    shown: str, comparison: Comparison, reconciliation: Reconciliation, strict: bool
) -> list[Problem]:
    """One problem per route price the page states that the sources disagree on, with every source's value."""
    return [
        Problem(
            file=shown,
            kind="conflicted_price",
            message=f"states {fact_id} = ${price.stated_usd_per_mtok}, a price the sources disagree on: {describe_values(price)}; confirm it and fix the curated value or the mapping",
            fact_id=fact_id,
            severity="error" if strict else "warning",
        )
        for fact_id, price in conflicted_facts(reconciliation, comparison.facts).items()
    ]


def old_fact_problems(shown: str, comparison: Comparison, oldest_allowed: dt.date) -> list[Problem]:
    """One problem per source the page cites that was last checked before oldest_allowed, naming its facts."""
    facts_by_source: dict[tuple[str, dt.date], list[str]] = {}
    for fact in comparison.facts:
        for source in fact.sources:
            if fact.known and source.checked < oldest_allowed:
                facts_by_source.setdefault((source.url, source.checked), []).append(fact.id)
    return [
        Problem(
            file=shown,
            kind="old_fact",
            message=f"cites {url}, last checked {checked.isoformat()} (before {oldest_allowed.isoformat()}), for {', '.join(sorted(set(fact_ids)))}; check the source again and update `checked`",
            fact_id=fact_ids[0],
        )
        for (url, checked), fact_ids in sorted(facts_by_source.items())
    ]


def _check_draft(draft: Draft, dataset: Dataset) -> PageCheck:
    page_check = PageCheck(file=_shown(draft.page_dir / "page.md"))
    if draft.status == "stale":
        page_check.problems += [
            Problem(file=page_check.file, kind="stale_approval", message=f"approval of {draft.slug} is stale: {reason}")
            for reason in draft.reasons
        ]
    page_check.problems += [
        Problem(file=page_check.file, kind="tampered", message=problem) for problem in draft.tampered
    ]
    page_check.problems += _figure_problems(read_content(draft.page_dir), dataset, page_check.file)
    page_check.problems += _receipt_problems(draft.page_dir)
    return page_check


def _check_site(site_dir: Path, drafts: dict[str, Draft], dataset: Dataset) -> list[PageCheck]:
    """Published pages must still have a valid approval, be exactly what was approved (page.html as
    publishing renders it), and still match the facts, page.md and the text of page.html alike."""
    manifest = read_manifest_file(site_dir)
    entries = manifest.pages if manifest else []
    published_slugs = {entry.slug for entry in entries}
    checks = []
    for entry in entries:
        page_dir = site_dir / entry.slug
        page_check = PageCheck(file=_shown(page_dir / "page.md"))
        draft = drafts.get(entry.slug)
        if draft is None or draft.status != "approved" or draft.page_hash != entry.page_hash:
            why = (
                "its draft is gone from review/"
                if draft is None
                else f"its draft is {draft.status} or was changed after publishing"
            )
            page_check.problems.append(
                Problem(
                    file=page_check.file,
                    kind="unpublished",
                    message=f"{entry.slug} is published but {why}; run `versus publish` again",
                )
            )
        content = read_content(page_dir)
        site_html = functools.partial(render_site_page, base_url=manifest.base_url, published_slugs=published_slugs)
        problems = tampering(content, site_html) + _not_approved(content, entry)
        page_check.problems += [Problem(file=page_check.file, kind="tampered", message=problem) for problem in problems]
        page_check.problems += _figure_problems(content, dataset, page_check.file)
        page_check.problems += _figure_problems(
            content, dataset, _shown(page_dir / "page.html"), html_text(content.html)
        )
        page_check.problems += _receipt_problems(page_dir)
        checks.append(page_check)
    return checks


def _not_approved(content: PageContent, entry: PublishedPage) -> list[str]:
    """The published page.md and page.json must be the approved ones: with the draft's page.html (what
    that page.json renders to), they hash to the approval's page hash."""
    approved_files = {**content.files, "page.html": render_page(content.page).html.encode("utf-8")}
    if content_hash(approved_files) == entry.page_hash:
        return []
    return [
        f"{content.page_dir}: page.md or page.json is not what {entry.approved_by} approved; run `versus publish` again"
    ]


def _figure_problems(content: PageContent, dataset: Dataset, shown: str, text: str | None = None) -> list[Problem]:
    """The findings in `text` (default: the page.md read) against the facts as they are now."""
    page = content.page
    comparison = current_comparison(dataset, page)
    if comparison is None and text is not None:
        return []  # reported once, for page.md
    if comparison is None:
        missing = [model_id for model_id in page.pair if model_id not in dataset.models]
        message = f"{page.slug}: the facts no longer hold {' or '.join(missing)}; remove the page or restore facts/models/{missing[0]}.yaml"
        return [Problem(file=shown, kind="unknown_pair", message=message)]
    return [
        _finding_problem(shown, finding)
        for finding in validate_markdown(comparison, content.markdown if text is None else text).findings
    ]


def _receipt_problems(page_dir: Path) -> list[Problem]:
    """The validation receipt a page states must be the one its validation.json and page.json give."""
    return [
        Problem(file=_shown(problem.file), kind="receipt", message=problem.message)
        for problem in receipt_problems(page_dir)
    ]


def _finding_problem(shown: str, finding: Finding) -> Problem:
    return Problem(
        file=shown,
        kind="finding",
        message=describe_finding(finding),
        line=finding.line,
        column=finding.column,
        fact_id=finding.closest_fact,
    )


def _shown(path: Path) -> str:
    """Paths as a CI log shows them: relative to the working directory (the repository root in CI)."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def render_text(report: CheckReport) -> str:
    # Findings name their line and column themselves, as `versus validate` prints them.
    lines = [
        f"{problem.file}: {'warning: ' if problem.severity == 'warning' else ''}{problem.message}"
        for problem in report.problems
    ]
    return "\n".join(lines + [_summary(report)])


def _summary(report: CheckReport) -> str:
    """Warnings are counted apart: they do not fail the check, so they are not its problems."""
    errors = [problem for problem in report.problems if problem.severity == "error"]
    failing = sum(1 for page in report.pages if any(problem.severity == "error" for problem in page.problems))
    warnings = len(report.problems) - len(errors)
    return f"{len(report.pages)} page(s) checked, {failing} with problems, {len(errors)} problem(s)" + (
        f", {warnings} warning(s)" if warnings else ""
    )


def render_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: each problem becomes an error annotation on its line."""
    lines = []
    for problem in report.problems:
        where = f"file={_escape_property(problem.file)}"
        if problem.line is not None:
            where += f",line={problem.line},col={problem.column or 1}"
        lines.append(f"::{problem.severity} {where}::{_escape_data(problem.message)}")
    lines.append(_summary(report))
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    # The escapes GitHub's toolkit applies to a command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_junit(report: CheckReport) -> str:
    """JUnit XML: one testcase per page, one failure per problem."""
    suite = ElementTree.Element(
        "testsuite",
        name="versus check",
        tests=str(len(report.pages)),
        failures=str(sum(1 for page in report.pages if page.problems)),
    )
    for page in report.pages:
        case = ElementTree.SubElement(suite, "testcase", classname="versus.check", name=page.file)
        for problem in page.problems:
            ElementTree.SubElement(
                case, "failure", type=problem.kind, message=problem.message
            ).text = f"{problem.file}: {problem.message}"
    ElementTree.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(suite, encoding="unicode") + "\n"
