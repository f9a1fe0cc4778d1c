"""Shared fixtures: the reference facts, a writable copy of them for bad-facts tests, drafts of the reference
pairs and a headless Chromium. Helpers a test calls live in tests/support.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from generator.facts import Dataset, load_facts
from tests.support import CHROMIUM, REFERENCE_FACTS, write_drafts


@pytest.fixture(scope="session")
def reference_dataset() -> Dataset:
    return load_facts(REFERENCE_FACTS)


@pytest.fixture
def facts_copy(tmp_path: Path) -> Path:
    """A writable copy of the reference facts that a test may break."""
    target = tmp_path / "facts"
    shutil.copytree(REFERENCE_FACTS, target)
    return target


@pytest.fixture
def review_dir(tmp_path: Path) -> Path:
    """Drafts of the two reference pairs, as `versus build --llm none` writes them."""
    return write_drafts(tmp_path / "review")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium (or $VERSUS_CHROMIUM), headless, driven by Playwright: one per test module."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()
