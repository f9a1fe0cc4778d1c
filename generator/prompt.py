"""Stage 3, prompt: render the Jinja2 prompt templates of prompts/ with a pair's comparison facts.

The prompt text itself lives in prompts/ (content the editors change); this module only decides
which facts a template sees and how the messages are assembled.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jinja2
from pydantic import BaseModel

from generator.comparison import Comparison, Fact
from generator.errors import VersusError
from generator.factids import parse_fact_id, with_models
from generator.sections import SECTIONS

DEFAULT_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
TEMPLATE_NAMES = ("system.j2", "deep_dive.j2", "faq.j2", "repair.j2")


Figures = Literal["reference", "free"]


class Prompts(BaseModel):
    """A loaded prompt directory: its templates' text, how the LLM may write figures (only as
    references to facts, or freely), and a hash of both that keys the cache."""

    directory: Path
    templates: dict[str, str]
    figures: Figures = "reference"

    @property
    def fingerprint(self) -> str:
        joined = "\0".join(f"{name}\0{self.templates[name]}" for name in sorted(self.templates))
        return hashlib.sha256(f"{self.figures}\0{joined}".encode()).hexdigest()


@dataclass(frozen=True)
class SectionPrompt:
    """A section's first request: the messages, the references its answer may use (key -> fact;
    none when figures are free), and the JSON schema of the answer."""

    section: str
    messages: list[dict[str, str]]
    references: dict[str, Reference]
    schema: dict[str, Any]


def load_prompts(directory: Path = DEFAULT_PROMPTS, figures: Figures = "reference") -> Prompts:
    missing = [name for name in TEMPLATE_NAMES if not (directory / name).is_file()]
    if missing:
        raise VersusError(
            f"{directory}: prompt templates missing: {', '.join(missing)}; pass --prompts DIR with {', '.join(TEMPLATE_NAMES)}"
        )
    return Prompts(
        directory=directory,
        templates={name: (directory / name).read_text(encoding="utf-8") for name in TEMPLATE_NAMES},
        figures=figures,
    )


ENVIRONMENT = jinja2.Environment(
    undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False
)
# A prompt template reads a fact id with these, never by its text: `fact.id | fact_model` is the model
# the id is about (None for a pair's fact), `fact.id | with_models({a.id: "{A}"})` writes that model as a key.
ENVIRONMENT.filters["fact_model"] = lambda fact_id: parse_fact_id(fact_id).model
ENVIRONMENT.filters["with_models"] = with_models


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> jinja2.Template:
    # Compiling costs more than rendering; a batch renders the same few templates thousands of times.
    return ENVIRONMENT.from_string(source)


def _render(prompts: Prompts, name: str, **context) -> str:
    try:
        return _compiled(prompts.templates[name]).render(**context).strip()
    except jinja2.TemplateError as error:
        raise VersusError(
            f"{prompts.directory / name}: the template does not render ({error}); fix the template"
        ) from error


def _context(comparison: Comparison) -> dict:
    return {
        "a": comparison.a,
        "b": comparison.b,
        "names": {comparison.a.id: comparison.a.name, comparison.b.id: comparison.b.name},
        "benchmarks": comparison.benchmarks,
    }


def section_prompt(prompts: Prompts, section: str, comparison: Comparison) -> SectionPrompt:
    """The first request for a section: the system prompt and the section's instructions, with only
    the facts the section needs (ids and display texts), and the schema its answer must have."""
    facts = SECTIONS[section].facts(comparison)
    references = figure_references(comparison, facts) if prompts.figures == "reference" else {}
    context = _context(comparison) | {
        "facts": facts,
        "figures": prompts.figures,
        "keys": {reference.fact_id: key for key, reference in references.items()},
    }
    messages = [
        {"role": "system", "content": _render(prompts, "system.j2", **context)},
        {"role": "user", "content": _render(prompts, SECTIONS[section].template, **context)},
    ]
    schema = reference_schema(section, references) if references else SECTIONS[section].answer_model.model_json_schema()
    return SectionPrompt(section=section, messages=messages, references=references, schema=schema)


def section_messages(prompts: Prompts, section: str, comparison: Comparison) -> list[dict[str, str]]:
    return section_prompt(prompts, section, comparison).messages


def repair_messages(
    prompts: Prompts, previous: list[dict[str, str]], answer_text: str, findings: list[str]
) -> list[dict[str, str]]:
    """The conversation so far, the rejected answer, and the validator's findings to fix: appended, so
    a server that caches the prompt's prefix (llama.cpp) reads only the new part."""
    return [
        *previous,
        {"role": "assistant", "content": answer_text},
        {"role": "user", "content": _render(prompts, "repair.j2", findings=findings, figures=prompts.figures)},
    ]


# ---------------------------------------------------------------------------------------------
# Figures by reference: the LLM writes `{A}`, `{B}` for the model names and `{fN}` for a fact, and
# no digit anywhere else; the program puts each fact's display text in. Keys hold no dot: llama.cpp
# copies `\.` into its grammar literally, and fact ids are full of dots.

MODEL_KEYS = ("A", "B")
REFERENCE = re.compile(r"\{([A-Za-z]+[0-9]*)\}")
# Anything that looks like an attempt at a reference: a brace with up to 40 characters to the next.
BRACED = re.compile(r"\{[^{}]{0,40}\}|[{}]")
# What constrained text may hold besides references: no digit, no brace, nothing that breaks JSON.
PLAIN_CHARACTER = r'[^"\\\x00-\x1F0-9{}]'


@dataclass(frozen=True)
class Reference:
    """What a reference key stands for: a fact (or a model's name) and the text put in its place."""

    fact_id: str
    display: str


def figure_references(comparison: Comparison, facts: list[Fact]) -> dict[str, Reference]:
    names = {"A": Reference(comparison.a.id, comparison.a.name), "B": Reference(comparison.b.id, comparison.b.name)}
    return names | {f"f{number}": Reference(fact.id, fact.display) for number, fact in enumerate(facts, start=1)}


def _text_pattern(references: dict[str, Reference], ending: str = "") -> str:
    keys = "|".join(references)
    return rf"^({PLAIN_CHARACTER}|\{{({keys})\}})+{ending}$"


def reference_schema(section: str, references: dict[str, Reference]) -> dict:
    """The answer's JSON schema when figures are written by reference, in the subset both OpenAI's
    strict `json_schema` and llama.cpp's grammar honour: anchored patterns, every property required,
    no additional properties. Lengths are not in the patterns: llama.cpp ignores maxLength beside a
    pattern, and a bounded repetition of a group (`(...){80,700}`) becomes a grammar so large that
    decoding slowed to minutes a section; the section's model checks the lengths after parsing, and the
    token cap and `maxItems` keep a model forbidden digits from padding forever."""

    def text(ending: str = "") -> dict:
        return {"type": "string", "pattern": _text_pattern(references, ending)}

    def strings(properties: dict) -> dict:
        return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}

    if section == "deep_dive":
        return strings({"paragraphs": {"type": "array", "items": text(), "minItems": 2, "maxItems": 4}})
    item = strings({"question": text(r"\?"), "answer": text()})
    return strings({"items": {"type": "array", "items": item, "minItems": 2, "maxItems": 6}})


@dataclass(frozen=True)
class Substituted:
    """An answer with its references replaced by display texts, and what could not be replaced."""

    text: str
    problems: list[str]


def substitute(text: str, references: dict[str, Reference]) -> Substituted:
    """Replace each `{key}` with its display text; an unknown key, a stray brace or a digit outside a
    reference is a problem the LLM is asked to repair."""
    problems = []
    for match in BRACED.finditer(text):
        key = match.group()[1:-1] if len(match.group()) > 1 else None
        if key not in references:
            problems.append(
                f'"{match.group()}" is not a reference to a listed fact; write a figure only as one of the keys listed with the facts, such as {{f1}}'
            )
    outside = REFERENCE.sub("", text)
    for digit in sorted(set(re.findall(r"[0-9]+", outside)))[:3]:
        problems.append(
            f'"{digit}" is a figure written out; write figures only as references to the listed facts, such as {{f1}}'
        )
    replaced = REFERENCE.sub(
        lambda match: references[match.group(1)].display if match.group(1) in references else match.group(), text
    )
    return Substituted(text=replaced, problems=problems)
