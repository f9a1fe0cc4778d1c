"""Stage 3, prompt: render the Jinja2 prompt templates of prompts/ with a pair's comparison facts.

The prompt text itself lives in prompts/ (content the editors change); this module only decides
which facts a template sees and how the messages are assembled.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import jinja2
from pydantic import BaseModel

from generator.comparison import Comparison
from generator.errors import VersusError

DEFAULT_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
TEMPLATE_NAMES = ("system.j2", "deep_dive.j2", "faq.j2", "repair.j2")
# Prose facts that only restate tables (lists of bullet lines) would crowd the prompt without adding a figure.
OMITTED_FACTS = {"decision.tradeoffs", "decision.switch_friction"}
# Per-provider prices fill a table; the prose needs only the cheapest ones, which are facts of their own.
ROUTE_FACT = ".route."


class Prompts(BaseModel):
    """A loaded prompt directory: its templates' text, and a hash that keys the cache."""

    directory: Path
    templates: dict[str, str]

    @property
    def fingerprint(self) -> str:
        joined = "\0".join(f"{name}\0{self.templates[name]}" for name in sorted(self.templates))
        return hashlib.sha256(joined.encode()).hexdigest()


def load_prompts(directory: Path = DEFAULT_PROMPTS) -> Prompts:
    missing = [name for name in TEMPLATE_NAMES if not (directory / name).is_file()]
    if missing:
        raise VersusError(f"{directory}: prompt templates missing: {', '.join(missing)}; pass --prompts DIR with {', '.join(TEMPLATE_NAMES)}")
    return Prompts(directory=directory, templates={name: (directory / name).read_text(encoding="utf-8") for name in TEMPLATE_NAMES})


ENVIRONMENT = jinja2.Environment(undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False)


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> jinja2.Template:
    # Compiling costs more than rendering; a batch renders the same few templates thousands of times.
    return ENVIRONMENT.from_string(source)


def _render(prompts: Prompts, name: str, **context) -> str:
    try:
        return _compiled(prompts.templates[name]).render(**context).strip()
    except jinja2.TemplateError as error:
        raise VersusError(f"{prompts.directory / name}: the template does not render ({error}); fix the template") from error


def _context(comparison: Comparison) -> dict:
    return {
        "a": comparison.a,
        "b": comparison.b,
        "facts": [fact for fact in comparison.facts if fact.known and fact.id not in OMITTED_FACTS and ROUTE_FACT not in fact.id],
        "names": {comparison.a.id: comparison.a.name, comparison.b.id: comparison.b.name},
        "benchmarks": comparison.benchmarks,
    }


def section_messages(prompts: Prompts, section: str, comparison: Comparison) -> list[dict[str, str]]:
    """The first request for a section: the system prompt with the facts, then the section's instructions."""
    context = _context(comparison)
    return [
        {"role": "system", "content": _render(prompts, "system.j2", **context)},
        {"role": "user", "content": _render(prompts, f"{section}.j2", **context)},
    ]


def repair_messages(prompts: Prompts, previous: list[dict[str, str]], answer_text: str, findings: list[str]) -> list[dict[str, str]]:
    """The conversation so far, the rejected answer, and the validator's findings to fix."""
    return [
        *previous,
        {"role": "assistant", "content": answer_text},
        {"role": "user", "content": _render(prompts, "repair.j2", findings=findings)},
    ]
