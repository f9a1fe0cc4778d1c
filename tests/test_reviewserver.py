"""The review web page, in a real headless Chromium (Debian's, driven by Playwright) against a real uvicorn."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support import (
    PAIR,
    SLUG,
    RunningServer,
    add_wrong_prose,
    edit_page_json,
)


@pytest.fixture
def server(review_dir):
    with RunningServer(review_dir) as running:
        yield running


@pytest.fixture
def tab(browser: Browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_index_lists_drafts_by_status(server, tab: Page):
    tab.goto(server.url + "/")
    expect(tab.locator("#status-draft .draft-link")).to_have_count(2)
    expect(tab.locator("#status-approved")).to_contain_text("None.")


@pytest.mark.browser
def test_verified_figures_show_their_fact_and_source_on_hover(server, tab: Page):
    tab.goto(server.url + "/")
    tab.click(f"text={SLUG}")
    figures = tab.locator("#prose-deep_dive .fig-verified")
    assert figures.count() > 0
    # "<fact id>: <as displayed> (source: <url>)"
    assert re.match(r"^[\w.\-]+: .+ \(source: .+\)$", figures.first.get_attribute("title"))
    assert tab.locator(".prose .fig-flagged").count() == 0
    expect(tab.locator("#prose-deep_dive .badge")).to_contain_text("deterministic writer")


@pytest.mark.browser
def test_a_wrong_figure_in_the_prose_is_flagged_with_its_finding(review_dir, tab: Page):
    edit_page_json(review_dir, SLUG, add_wrong_prose)
    with RunningServer(review_dir) as server:
        tab.goto(f"{server.url}/drafts/{SLUG}")
        flagged = tab.locator("#prose-deep_dive .fig-flagged")
        expect(flagged.first).to_be_visible()
        assert "$9.99" in " ".join(flagged.all_inner_texts())
        assert flagged.first.get_attribute("title")


@pytest.mark.browser
def test_sections_that_fell_back_are_marked(review_dir, tab: Page):
    def fall_back(page):
        page["sections"]["faq"].update(
            outcome="fallback",
            model="tiny",
            attempts=[{"number": 1, "kind": "write", "model": "tiny", "findings": ["1:1: made up"]}],
        )

    edit_page_json(review_dir, SLUG, fall_back)
    with RunningServer(review_dir) as server:
        tab.goto(f"{server.url}/drafts/{SLUG}")
        expect(tab.locator("#prose-faq .badge")).to_contain_text(
            "fell back to the deterministic writer after 1 LLM attempt(s)"
        )
        expect(tab.locator("#prose-faq")).to_have_attribute("data-outcome", "fallback")


@pytest.mark.browser
def test_clicking_approve_lands_in_the_ledger(server, tab: Page):
    tab.goto(f"{server.url}/drafts/{SLUG}")
    form = tab.locator("#approve-form")
    form.locator("input[name=reviewer]").fill("ada")
    form.locator("input[name=note]").fill("<b>figures</b> checked")
    form.locator("button#approve").click()
    expect(tab.locator("#status")).to_have_text("approved")
    (line,) = server.ledger_lines
    assert (line["decision"], line["slug"], line["reviewer"], line["note"]) == (
        "approve",
        SLUG,
        "ada",
        "<b>figures</b> checked",
    )
    expect(tab.locator("#ledger")).to_contain_text("<b>figures</b> checked")


@pytest.mark.browser
def test_a_rejected_draft_can_be_regenerated(server, tab: Page):
    tab.goto(f"{server.url}/drafts/{SLUG}")
    assert tab.locator("#regenerate").count() == 0
    form = tab.locator("#reject-form")
    form.locator("input[name=reviewer]").fill("bob")
    form.locator("input[name=note]").fill("too vague")
    form.locator("button#reject").click()
    expect(tab.locator("#status")).to_have_text("rejected")
    tab.click("#regenerate")
    expect(tab.locator("#status")).to_be_visible()
    assert server.regenerated == [PAIR]


@pytest.mark.browser
def test_an_approval_the_facts_contradict_is_refused_on_the_page(review_dir, tab: Page):
    markdown = review_dir / SLUG / "page.md"
    markdown.write_text(markdown.read_text(encoding="utf-8").replace("$0.03", "$0.04", 1), encoding="utf-8")
    with RunningServer(review_dir) as server:
        tab.goto(f"{server.url}/drafts/{SLUG}")
        tab.locator("#approve-form input[name=reviewer]").fill("ada")
        tab.locator("#approve").click()
        expect(tab.locator(".error[role=alert]")).to_contain_text("finding")
        assert server.ledger_lines == []


def test_cross_site_posts_are_refused(server):
    form = {"reviewer": "mallory", "note": "", "csrf_token": "guess"}
    foreign = httpx.post(f"{server.url}/drafts/{SLUG}/approve", data=form, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    cross_site = httpx.post(
        f"{server.url}/drafts/{SLUG}/approve", data=form, headers={"Origin": server.url, "Sec-Fetch-Site": "cross-site"}
    )
    assert cross_site.status_code == 403
    no_origin = httpx.post(f"{server.url}/drafts/{SLUG}/approve", data=form)
    assert no_origin.status_code == 403
    assert server.ledger_lines == []


def test_a_same_origin_post_without_the_csrf_token_is_refused(server):
    response = httpx.post(
        f"{server.url}/drafts/{SLUG}/approve",
        data={"reviewer": "mallory", "csrf_token": "guess"},
        headers={"Origin": server.url},
    )
    assert response.status_code == 403
    assert server.ledger_lines == []


def test_a_foreign_host_name_is_refused(server):
    # A DNS name rebound to 127.0.0.1 still carries its own Host header.
    assert httpx.get(server.url + "/", headers={"Host": "evil.example"}).status_code == 400
