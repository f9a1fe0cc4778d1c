"""Shared fixtures: the reference facts and a writable copy of them for bad-facts tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.facts import Dataset, load_facts

REPOSITORY = Path(__file__).resolve().parent.parent
REFERENCE_FACTS = REPOSITORY / "tests" / "fixtures" / "reference"


@pytest.fixture(scope="session")
def reference_dataset() -> Dataset:
    return load_facts(REFERENCE_FACTS)


@pytest.fixture
def facts_copy(tmp_path: Path) -> Path:
    """A writable copy of the reference facts that a test may break."""
    target = tmp_path / "facts"
    shutil.copytree(REFERENCE_FACTS, target)
    return target
