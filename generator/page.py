"""Stage 6, page: render a pair's facts and validated prose into page.md, page.html and page.json."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel, TypeAdapter, ValidationError

from generator import __version__
from generator.comparison import Comparison, Fact, compare
from generator.errors import VersusError
from generator.facts import CAPABILITIES, CAPABILITY_NAMES, Dataset
from generator.files import write_if_changed
from generator.sections import SectionResult
from generator.validation import ValidationReport, validate_markdown
from generator.writer import write_intro

TEMPLATES = Path(__file__).parent / "templates"


class Page(BaseModel):
    """page.json: everything a page states, the facts behind it, and how each prose section was written."""

    slug: str
    pair: tuple[str, str]
    generator_version: str
    facts_hash: str
    comparison: Comparison
    sections: dict[str, SectionResult]

    def content_hash(self) -> str:
        return hashlib.sha256(json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()


# One serializer call for the whole list: a build hashes every pair's facts.
FACT_LIST = TypeAdapter(list[Fact])


def facts_hash(comparison: Comparison) -> str:
    """A hash of every fact the page stands on: unchanged facts mean an unchanged page."""
    payload = FACT_LIST.dump_python(comparison.facts, mode="json")
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def assemble(comparison: Comparison, sections: dict[str, SectionResult], facts_digest: str | None = None) -> Page:
    """The page of a pair; `facts_digest` is `facts_hash(comparison)` when the caller already has it."""
    return Page(
        slug=comparison.slug,
        pair=(comparison.a.id, comparison.b.id),
        generator_version=__version__,
        facts_hash=facts_digest or facts_hash(comparison),
        comparison=comparison,
        sections=sections,
    )


def _environment(autoescape: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
    return environment


MARKDOWN = _environment(autoescape=False)
HTML = _environment(autoescape=True)


def template_context(page: Page) -> dict[str, Any]:
    comparison = page.comparison
    facts: dict[str, Fact] = {fact.id: fact for fact in comparison.facts}
    models = (comparison.a, comparison.b)
    scored = [fact.attribute for fact in comparison.facts if fact.unit == "score"]
    return {
        "page": page,
        "c": comparison,
        "f": facts,
        "models": models,
        "intro": write_intro(comparison),
        "capabilities": [(name, CAPABILITY_NAMES[name]) for name in CAPABILITIES],
        "benchmarks": list(dict.fromkeys(scored)),
        "price_gaps": [
            (attribute, label)
            for attribute, label in (("input_price", "Input price gap"), ("output_price", "Output price gap"), ("blended_price", "Blended price gap"))
            if f"{attribute}.cheaper" in facts
        ],
        "deep_dive": page.sections["deep_dive"],
        "faq": page.sections["faq"],
        "related": [(f"{a}-vs-{b}", _pair_title(comparison, a, b)) for a, b in comparison.related_pairs],
    }


def _pair_title(comparison: Comparison, a: str, b: str) -> str:
    return f"{comparison.model_names[a][0]} vs {comparison.model_names[b][0]}"


def render_markdown(page: Page) -> str:
    return MARKDOWN.get_template("page.md.j2").render(template_context(page))


def render_html(page: Page) -> str:
    return HTML.get_template("page.html.j2").render(template_context(page))


def write_page(page: Page, out_dir: Path) -> tuple[Path, bool]:
    """Write one pair's page files and its validation report; say whether any file changed.

    Each file is replaced atomically and page.json goes last, so a page.json on disk always
    describes complete page files beside it."""
    page_dir = out_dir / page.slug
    markdown = render_markdown(page)
    report = validate_markdown(page.comparison, markdown)
    files = {
        "page.md": markdown,
        "page.html": render_html(page),
        "validation.json": report.model_dump_json(indent=2) + "\n",
        "page.json": page.model_dump_json(indent=2) + "\n",
    }
    changed = [write_if_changed(page_dir / name, text) for name, text in files.items()]
    return page_dir, any(changed)


def read_page(page_dir: Path) -> Page:
    path = page_dir / "page.json"
    try:
        return Page.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise VersusError(f"{path}: cannot read the page ({error.strerror}); pass a folder that `versus build` wrote") from error
    except ValidationError as error:
        raise VersusError(f"{path}: not a page.json of this versus ({error.error_count()} problems, first: {error.errors()[0]['msg']}); rebuild it with `versus build`") from error


def validate_page_dir(dataset: Dataset, page_dir: Path) -> ValidationReport:
    """Re-validate a built page (tables and prose of page.md) against the facts as they are now."""
    page = read_page(page_dir)
    markdown_path = page_dir / "page.md"
    try:
        markdown = markdown_path.read_text(encoding="utf-8")
    except OSError as error:
        raise VersusError(f"{markdown_path}: cannot read the page ({error.strerror}); rebuild it with `versus build`") from error
    return validate_markdown(compare(dataset, *page.pair), markdown)
