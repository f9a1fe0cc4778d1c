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

from generator.errors import VersusError
from generator.facts import load_facts
from generator.files import write_atomically
from generator.page import HTML, Page, read_page, template_context
from generator.review import Draft, list_drafts

MANIFEST = "published.json"
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
    """Write the site; a page published before whose approval no longer holds is withdrawn."""
    base_url = _checked_base_url(base_url)
    drafts = list_drafts(review_dir, load_facts(facts_dir))
    approved = [draft for draft in drafts if draft.status == "approved"]
    report = PublishReport(site_dir=site_dir, skipped={draft.slug: _skip_reason(draft) for draft in drafts if draft.status != "approved"})
    published_slugs = {draft.slug for draft in approved}
    entries = []
    for draft in approved:
        page = read_page(draft.page_dir)
        _write_page(draft, page, site_dir, base_url, published_slugs)
        entries.append(_entry(draft, page))
        report.published.append(draft.slug)
    report.withdrawn = _withdraw(site_dir, {entry.slug for entry in read_manifest(site_dir)} - published_slugs)
    context = {"base_url": base_url, "pages": entries}
    write_atomically(site_dir / "index.html", HTML.get_template("site/index.html.j2").render(context))
    write_atomically(site_dir / "sitemap.xml", HTML.get_template("site/sitemap.xml.j2").render(context))
    # Written last: a manifest on disk always describes pages that are complete beside it.
    write_atomically(site_dir / MANIFEST, Manifest(base_url=base_url, pages=entries).model_dump_json(indent=2) + "\n")
    return report


def _checked_base_url(base_url: str) -> str:
    if not base_url.startswith(("https://", "http://")):
        raise VersusError(f"--base-url {base_url!r}: a sitemap needs absolute URLs; pass the site's address, e.g. https://example.com")
    return base_url.rstrip("/")


def _skip_reason(draft: Draft) -> str:
    if draft.status == "draft":
        return "not reviewed yet"
    if draft.status == "rejected":
        return f"rejected by {draft.decision.reviewer}: {draft.decision.note or '(no note)'}"
    return "approval is stale: " + "; ".join(draft.reasons)


def _write_page(draft: Draft, page: Page, site_dir: Path, base_url: str, published_slugs: set[str]) -> None:
    context = template_context(page)
    context["related"] = [(slug, title) for slug, title in context["related"] if slug in published_slugs]
    html = HTML.get_template("page.html.j2").render(context)
    head = HTML.get_template("site/head.html.j2").render(canonical_url=f"{base_url}/{page.slug}/page.html", faq_page=faq_page(page))
    # page.html.j2 is the page the reviewer saw; the site adds to its head rather than keeping a second copy of it.
    html = html.replace("</head>", head + "</head>", 1)
    target = site_dir / page.slug
    write_atomically(target / "page.html", html)
    for name in COPIED_FILES:
        write_atomically(target / name, (draft.page_dir / name).read_text(encoding="utf-8"))


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
    path = site_dir / MANIFEST
    if not path.is_file():
        return []
    try:
        return Manifest.model_validate_json(path.read_text(encoding="utf-8")).pages
    except ValidationError as error:
        raise VersusError(f"{path}: not a manifest written by `versus publish` ({error.errors()[0]['msg']}); run `versus publish` again") from error


def _withdraw(site_dir: Path, slugs: set[str]) -> list[str]:
    """Remove the folders of pages this site published before and may no longer show."""
    for slug in slugs:
        # Slugs are model ids joined by -vs-; anything path-like in a hand-edited manifest is not ours to delete.
        if slug.strip(".") and "/" not in slug and "\\" not in slug:
            shutil.rmtree(site_dir / slug, ignore_errors=True)
    return sorted(slugs)
