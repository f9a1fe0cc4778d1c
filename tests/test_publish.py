"""Publish: only drafts with a valid approval reach the site, with a sitemap, FAQ JSON-LD and live links only."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.errors import VersusError
from generator.facts import load_facts
from generator.page import read_page
from generator.publish import publish, read_manifest, render_site_page
from generator.review import approve, reject
from tests.support import (
    OTHER_SLUG,
    REFERENCE_FACTS,
    SLUG,
    change_cloudflare_price,
    edit_page_md,
    rewrite_page,
)

BASE_URL = "https://versus.example.org/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tmp_path / "site"


def approve_draft(review_dir: Path, slug: str = SLUG) -> None:
    approve(review_dir, slug, "ada", "ok", load_facts(REFERENCE_FACTS))


def json_ld(html: str) -> dict:
    (payload,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(payload)


def test_only_approved_drafts_are_published_and_the_rest_say_why(review_dir, site):
    approve_draft(review_dir)
    report = publish(review_dir, site, REFERENCE_FACTS, BASE_URL)
    assert report.published == [SLUG]
    assert report.skipped == {OTHER_SLUG: "not reviewed yet"}
    assert (site / SLUG / "page.html").is_file() and not (site / OTHER_SLUG).exists()
    assert [entry.slug for entry in read_manifest(site)] == [SLUG]


def test_rejected_and_stale_drafts_are_not_published(review_dir, site):
    approve_draft(review_dir)
    edit_page_md(review_dir, SLUG, "## FAQ", "## Questions")
    reject(review_dir, OTHER_SLUG, "bob", "tone")
    report = publish(review_dir, site, REFERENCE_FACTS, BASE_URL)
    assert report.published == []
    assert report.skipped[SLUG].startswith("approval is stale: the page files changed")
    assert report.skipped[OTHER_SLUG] == "rejected by bob: tone"


def test_a_price_change_in_the_facts_unpublishes_the_page(review_dir, site, facts_copy):
    approve_draft(review_dir)
    assert publish(review_dir, site, REFERENCE_FACTS, BASE_URL).published == [SLUG]
    change_cloudflare_price(facts_copy)
    report = publish(review_dir, site, facts_copy, BASE_URL)
    assert report.published == [] and report.withdrawn == [SLUG]
    assert not (site / SLUG).exists()
    assert SLUG not in (site / "index.html").read_text(encoding="utf-8")


def test_sitemap_lists_the_index_and_every_published_page_under_the_base_url(review_dir, site):
    approve_draft(review_dir)
    approve_draft(review_dir, OTHER_SLUG)
    publish(review_dir, site, REFERENCE_FACTS, BASE_URL)
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    locations = [element.text for element in root.iter(f"{SITEMAP}loc")]
    assert locations == [
        "https://versus.example.org/",
        f"https://versus.example.org/{SLUG}/page.html",
        f"https://versus.example.org/{OTHER_SLUG}/page.html",
    ]


def test_each_page_carries_its_faq_as_faqpage_json_ld(review_dir, site):
    approve_draft(review_dir)
    publish(review_dir, site, REFERENCE_FACTS, BASE_URL)
    data = json_ld((site / SLUG / "page.html").read_text(encoding="utf-8"))
    faq = json.loads((review_dir / SLUG / "page.json").read_text(encoding="utf-8"))["sections"]["faq"]["content"][
        "items"
    ]
    assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
    assert [(item["name"], item["acceptedAnswer"]["text"]) for item in data["mainEntity"]] == [
        (item["question"], item["answer"]) for item in faq
    ]


def test_related_links_point_only_to_published_pages(review_dir, site):
    approve_draft(review_dir)
    publish(review_dir, site, REFERENCE_FACTS, BASE_URL)
    html = (site / SLUG / "page.html").read_text(encoding="utf-8")
    assert OTHER_SLUG in (review_dir / SLUG / "page.html").read_text(encoding="utf-8")
    assert OTHER_SLUG not in html
    approve_draft(review_dir, OTHER_SLUG)
    publish(review_dir, site, REFERENCE_FACTS, BASE_URL)
    assert f'href="../{OTHER_SLUG}/page.html"' in (site / SLUG / "page.html").read_text(encoding="utf-8")


def test_the_index_links_every_published_page(review_dir, site):
    approve_draft(review_dir)
    publish(review_dir, site, REFERENCE_FACTS, BASE_URL)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{SLUG}/page.html"' in index and "Llama 3.2 1B Instruct vs" in index


def test_the_published_page_keeps_the_approved_markdown(review_dir, site):
    approve_draft(review_dir)
    publish(review_dir, site, REFERENCE_FACTS, BASE_URL)
    assert (site / SLUG / "page.md").read_text(encoding="utf-8") == (review_dir / SLUG / "page.md").read_text(
        encoding="utf-8"
    )


def test_json_ld_cannot_close_its_script_tag(review_dir, site):
    rewrite_page(
        review_dir,
        SLUG,
        lambda page: page["sections"]["faq"]["content"]["items"][0].__setitem__(
            "answer",
            page["sections"]["faq"]["content"]["items"][0]["answer"]
            + " </script><script>alert(document.domain)</script>",
        ),
    )
    # The prose gate refuses markup in prose, so such a draft cannot be approved at all...
    with pytest.raises(VersusError, match="markup"):
        approve_draft(review_dir)
    # ...and were it published, its JSON-LD could not close the script tag it sits in.
    html = render_site_page(read_page(review_dir / SLUG), None, BASE_URL, {SLUG})
    assert "<script>alert(document.domain)" not in html
    assert json_ld(html)["mainEntity"][0]["acceptedAnswer"]["text"].endswith(
        "</script><script>alert(document.domain)</script>"
    )


def test_a_relative_base_url_is_refused(review_dir, site):
    with pytest.raises(VersusError, match="absolute URLs"):
        publish(review_dir, site, REFERENCE_FACTS, "versus.example.org")
