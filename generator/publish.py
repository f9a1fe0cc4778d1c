"""Stage 9, publish: approved drafts whose approval still holds, as a static site.

The site is a function of review/ and facts/: an index, SITE/<slug>/page.html per published pair,
sitemap.xml, and published.json (what was published, from which approval). Each page is rendered
again from its approved page.json, so its "continue comparing" links can name only pages that are
published too, and it carries the FAQ as schema.org FAQPage JSON-LD. page.md and page.json are
copied beside it, so `versus check --site` can re-validate exactly what was approved.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from pydantic import BaseModel, ValidationError

from generator.comparison import compare
from generator.content import PageContent, read_content, tampering, validate_content
from generator.errors import VersusError
from generator.facts import Dataset, load_facts
from generator.files import write_atomically
from generator.page import HTML, Page, Receipt, index_rows, recorded_receipt, template_context
from generator.review import Draft, list_drafts
from generator.validation import describe_finding

MANIFEST = "published.json"
# The receipt a published page states is its draft's validation.json, published beside it.
COPIED_FILES = ("page.md", "page.json")


class PublishedPage(BaseModel):
    slug: str
    title: str
    page_hash: str
    facts_hash: str
    approved_by: str
    approved_at: dt.datetime


class Manifest(BaseModel):
    """SITE/published.json: the pages this site holds and the approval each rests on."""

    base_url: str
    pages: list[PublishedPage]


class PublishReport(BaseModel):
    site_dir: Path
    published: list[str] = []
    skipped: dict[str, str] = {}
    withdrawn: list[str] = []


def publish(review_dir: Path, site_dir: Path, facts_dir: Path, base_url: str) -> PublishReport:
    """Write the site; a page published before whose approval no longer holds is withdrawn.

    Each page is published from the bytes that were hashed and validated here: page.md and page.json
    as approved, page.html rendered from that page.json."""
    base_url = _checked_base_url(base_url)
    _check_folders(review_dir, site_dir)
    dataset = load_facts(facts_dir)
    drafts = list_drafts(review_dir, dataset)
    report = PublishReport(
        site_dir=site_dir, skipped={draft.slug: _skip_reason(draft) for draft in drafts if draft.status != "approved"}
    )
    approved = []
    for draft in drafts:
        if draft.status == "approved":
            content = read_content(draft.page_dir)
            problem = _unpublishable(draft, content, dataset)
            if problem:
                report.skipped[draft.slug] = problem
            else:
                approved.append((draft, content))
    published_slugs = {draft.slug for draft, _ in approved}
    entries = []
    for draft, content in approved:
        _write_page(draft, content, site_dir, base_url, published_slugs)
        entries.append(_entry(draft, content.page))
        report.published.append(draft.slug)
    report.withdrawn = _withdraw(site_dir, {entry.slug for entry in read_manifest(site_dir)} - published_slugs)
    context = {"base_url": base_url, "pages": entries, "rows": index_rows(site_dir, [entry.slug for entry in entries])}
    write_atomically(site_dir / "index.html", HTML.get_template("site/index.html.j2").render(context))
    write_atomically(site_dir / "sitemap.xml", HTML.get_template("site/sitemap.xml.j2").render(context))
    # Written last: a manifest on disk always describes pages that are complete beside it.
    write_atomically(site_dir / MANIFEST, Manifest(base_url=base_url, pages=entries).model_dump_json(indent=2) + "\n")
    return report


def _checked_base_url(base_url: str) -> str:
    if not base_url.startswith(("https://", "http://")):
        raise VersusError(
            f"--base-url {base_url!r}: a sitemap needs absolute URLs; pass the site's address, e.g. https://example.com"
        )
    return base_url.rstrip("/")


def _check_folders(review_dir: Path, site_dir: Path) -> None:
    """The site is not written into the review folder (its pages would become drafts and every approval
    stale), nor over it (withdrawing a page deletes folders)."""
    review, site = review_dir.resolve(), site_dir.resolve()
    if site == review or review.is_relative_to(site) or site.is_relative_to(review):
        raise VersusError(
            f"--out {site_dir}: the site folder must be apart from the review folder {review_dir}/; pass another folder, e.g. --out site"
        )


def _unpublishable(draft: Draft, content: PageContent, dataset: Dataset) -> str | None:
    """Why an approved draft cannot be published as it is read now (None: it can)."""
    if content.hash != draft.page_hash:
        return "the draft changed while publishing; run `versus publish` again"
    problems = tampering(content)
    if problems:
        return problems[0]
    report = validate_content(content, compare(dataset, *content.page.pair))
    if not report.clean:
        return f"page.md has {len(report.findings)} finding(s), first: {describe_finding(report.findings[0])}"
    return None


def _skip_reason(draft: Draft) -> str:
    if draft.status == "draft":
        return "not reviewed yet"
    if draft.status == "rejected":
        return f"rejected by {draft.decision.reviewer}: {draft.decision.note or '(no note)'}"
    return "approval is stale: " + "; ".join(draft.reasons)


def render_site_page(page: Page, receipt: Receipt | None, base_url: str, published_slugs: set[str]) -> str:
    """The published page.html of `page`: what `versus check --site` expects to find there."""
    context = template_context(page, receipt)
    context["related"] = [(slug, title) for slug, title in context["related"] if slug in published_slugs]
    html = HTML.get_template("page.html.j2").render(context)
    head = HTML.get_template("site/head.html.j2").render(
        canonical_url=f"{base_url}/{page.slug}/page.html", faq_page=faq_page(page)
    )
    # page.html.j2 is the page the reviewer saw; the site adds to its head rather than keeping a second copy of it.
    return html.replace("</head>", head + "</head>", 1)


def _write_page(draft: Draft, content: PageContent, site_dir: Path, base_url: str, published_slugs: set[str]) -> None:
    target = site_dir / content.page.slug
    write_atomically(
        target / "page.html",
        render_site_page(content.page, recorded_receipt(draft.page_dir), base_url, published_slugs),
    )
    for name in COPIED_FILES:
        write_atomically(target / name, content.files[name].decode("utf-8"))
    report = draft.page_dir / "validation.json"
    if report.is_file():
        write_atomically(target / "validation.json", report.read_text(encoding="utf-8"))


def faq_page(page: Page) -> dict:
    """The page's FAQ as schema.org FAQPage structured data."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": item.question, "acceptedAnswer": {"@type": "Answer", "text": item.answer}}
            for item in page.sections["faq"].content.items
        ],
    }


def _entry(draft: Draft, page: Page) -> PublishedPage:
    return PublishedPage(
        slug=draft.slug,
        title=f"{page.comparison.a.name} vs {page.comparison.b.name}",
        page_hash=draft.page_hash,
        facts_hash=draft.facts_hash,
        approved_by=draft.decision.reviewer,
        approved_at=draft.decision.time,
    )


def read_manifest(site_dir: Path) -> list[PublishedPage]:
    """The pages a site holds, from its published.json; none when the site was never published."""
    manifest = read_manifest_file(site_dir)
    return manifest.pages if manifest else []


def read_manifest_file(site_dir: Path) -> Manifest | None:
    """The site's published.json; None when the site was never published."""
    path = site_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except ValidationError as error:
        raise VersusError(
            f"{path}: not a manifest written by `versus publish` ({error.errors()[0]['msg']}); run `versus publish` again"
        ) from error


def _withdraw(site_dir: Path, slugs: set[str]) -> list[str]:
    """Remove the folders of pages this site published before and may no longer show."""
    for slug in slugs:
        # Slugs are model ids joined by -vs-; anything path-like in a hand-edited manifest is not ours to delete.
        if slug.strip(".") and "/" not in slug and "\\" not in slug:
            shutil.rmtree(site_dir / slug, ignore_errors=True)
    return sorted(slugs)
