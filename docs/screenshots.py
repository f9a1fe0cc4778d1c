"""Regenerate the screenshots in docs/screenshots/: a published page and the site index.

    python3 docs/screenshots.py [--facts facts] [--chromium /usr/bin/chromium]

Builds every pair of the facts' pairs.yaml with the deterministic writer into a temporary review
folder, approves each draft (as reviewer "docs/screenshots.py"), publishes the site, and captures it
in headless Chromium (Debian's, through Playwright), so the pictures always show the current pages.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.author import deterministic_section
from generator.comparison import compare
from generator.facts import load_facts
from generator.page import assemble, write_page
from generator.publish import publish
from generator.review import approve

DOCS = Path(__file__).resolve().parent
REPOSITORY = DOCS.parent
PAGE_SLUG = "llama-3.2-1b-instruct-vs-trinity-large-thinking"


def published_site(facts_dir: Path, root: Path) -> Path:
    dataset = load_facts(facts_dir)
    review_dir, site_dir = root / "review", root / "site"
    for pair in dataset.pairs:
        comparison = compare(dataset, *pair)
        page_dir, _ = write_page(
            assemble(
                comparison, {section: deterministic_section(section, comparison) for section in ("deep_dive", "faq")}
            ),
            review_dir,
        )
        approve(review_dir, page_dir.name, "docs/screenshots.py", "screenshot", dataset)
    publish(review_dir, site_dir, facts_dir, "https://example.com")
    return site_dir


def capture(site_dir: Path, out_dir: Path, chromium: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True)
        tab = browser.new_page(viewport={"width": 1100, "height": 900})
        tab.goto((site_dir / PAGE_SLUG / "page.html").as_uri())
        shots.append(_shot(tab, out_dir / "page.png", full_page=True))
        # The cost section with the reader's own traffic, and a figure's source shown on hover.
        tab.fill("#calc-input", "2B")
        tab.fill("#calc-output", "500M")
        tab.click("#calculator button[type=submit]")
        tab.locator("#monthly-cost").scroll_into_view_if_needed()
        shots.append(_shot(tab, out_dir / "monthly-cost.png", clip_to=tab.locator("#monthly-cost")))
        figure = tab.locator("#deep-dive a.fig").first
        figure.scroll_into_view_if_needed()
        figure.hover()
        shots.append(_shot(tab, out_dir / "figure-source.png"))
        tab.goto((site_dir / "index.html").as_uri())
        tab.get_by_role("button", name="A blended price").click()
        shots.append(_shot(tab, out_dir / "index.png", full_page=True))
        browser.close()
    return shots


def _shot(tab, path: Path, full_page: bool = False, clip_to=None) -> Path:
    if clip_to is not None:
        clip_to.screenshot(path=str(path))
    else:
        tab.screenshot(path=str(path), full_page=full_page)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--facts", type=Path, default=REPOSITORY / "facts", help="the facts folder to build the site from"
    )
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the Chromium executable")
    parser.add_argument("--out", type=Path, default=DOCS / "screenshots", help="where the PNG files go")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        site_dir = published_site(arguments.facts, Path(root))
        for path in capture(site_dir, arguments.out, arguments.chromium):
            print(path.relative_to(REPOSITORY) if path.is_relative_to(REPOSITORY) else path)


if __name__ == "__main__":
    main()
