"""Stage 7, build: turn pairs into pages, one pair at a time, writing nothing partial."""

from __future__ import annotations

from pathlib import Path

from generator.author import SECTIONS, deterministic_section
from generator.comparison import compare
from generator.facts import Dataset
from generator.page import assemble, write_page


def build_pages(dataset: Dataset, pairs: list[tuple[str, str]], out_dir: Path) -> list[Path]:
    """Build every pair with the deterministic writer; return the page folders written."""
    page_dirs = []
    for a_id, b_id in pairs:
        comparison = compare(dataset, a_id, b_id)
        sections = {section: deterministic_section(section, comparison) for section in SECTIONS}
        page_dirs.append(write_page(assemble(comparison, sections), out_dir))
    return page_dirs
