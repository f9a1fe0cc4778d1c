"""The review page shows a price the sources disagree on in its own colour, with every source's value
(a real headless Chromium against a real uvicorn, on the reconciliation fixtures)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support import (
    REFERENCE_FACTS,
    TRINITY,
    TRINITY_SLUG,
    RunningServer,
    import_both,
    with_price_sources,
    write_drafts,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser) -> Page:
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def server_url(tmp_path: Path):
    facts_dir = with_price_sources(Path(shutil.copytree(REFERENCE_FACTS, tmp_path / "facts")))
    import_both(facts_dir)
    with RunningServer(write_drafts(tmp_path / "review", facts_dir), facts_dir) as server:
        yield server.url


def test_a_conflicted_price_is_shown_in_its_own_colour_with_every_sources_value(server_url, page: Page):
    page.goto(f"{server_url}/drafts/{TRINITY_SLUG}")
    arcee_input = page.locator("#conflicts li", has_text=f"{TRINITY}.route.arcee-ai.input_price")
    expect(arcee_input).to_contain_text("curated $0.22 (2026-04-24)")
    expect(arcee_input).to_contain_text("genai-prices $0.25 (2026-11-30)")
    figure = arcee_input.locator(".fig-conflicted")
    expect(figure).to_have_text("$0.22")
    assert "genai-prices $0.25" in figure.get_attribute("title")
    colour = figure.evaluate("element => getComputedStyle(element).backgroundColor")
    verified = page.locator(".fig-verified").first.evaluate("element => getComputedStyle(element).backgroundColor")
    assert colour != verified and colour not in ("rgba(0, 0, 0, 0)", "transparent")


def test_a_page_without_conflicted_prices_has_no_conflict_section(server_url, page: Page):
    page.goto(f"{server_url}/drafts/llama-3.2-1b-instruct-vs-qwen3.5-4b")
    expect(page.locator("#findings")).to_be_visible()
    expect(page.locator("#conflicts")).to_have_count(0)
