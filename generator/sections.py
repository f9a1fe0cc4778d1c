"""The prose sections of a page, registered once each, and the record of how each was written.

A section is one declaration in `SECTIONS`: its name, its title on the page, the model its content
(and an LLM's answer) has, its prompt template, the deterministic writer that can always write it,
what text of it the validator reads, and which comparison facts its prompt needs. Adding a section
is adding a declaration. `SectionResult` and `Attempt` live here, not beside the LLM loop, so the
page, review, publish and check stages read sections without importing the LLM client.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, model_validator

from generator import factids
from generator.comparison import Comparison, Fact
from generator.factids import ModelAttribute, benchmark_fact, context_fact, gap_fact, model_fact, score_fact
from generator.writer import FAQ, DeepDive, FAQItem, write_deep_dive, write_faq

Outcome = Literal["deterministic", "llm_first_try", "llm_after_repair", "fallback"]
SectionContent = DeepDive | FAQ


@dataclass(frozen=True)
class Section:
    """One prose section: everything the author loop, the prompt and the page need to know of it."""

    name: str
    title: str
    answer_model: type[SectionContent]
    template: str
    write: Callable[[Comparison], SectionContent]
    # The (role, text) pieces of the content, in page order; the validator reads them joined.
    pieces: Callable[[SectionContent], list[tuple[str, str]]]
    # The content back from its pieces (after the program has replaced figure references in them).
    assemble: Callable[[list[tuple[str, str]]], SectionContent]
    # The facts its prompt lists (ids and display texts), and the only figures it may reference.
    facts: Callable[[Comparison], list[Fact]]

    def text(self, content: SectionContent) -> str:
        """The section as the validator reads it: blocks separated by blank lines, a question and its answer on two lines."""
        blocks: list[str] = []
        for role, piece in self.pieces(content):
            if role == "answer" and blocks:
                blocks[-1] += "\n" + piece
            else:
                blocks.append(piece)
        return "\n\n".join(blocks)


def _known(comparison: Comparison, fact_ids: list[str]) -> list[Fact]:
    facts = {fact.id: fact for fact in comparison.facts}
    return [facts[fact_id] for fact_id in fact_ids if fact_id in facts and facts[fact_id].known]


def _per_model(comparison: Comparison, attributes: tuple[ModelAttribute, ...]) -> list[str]:
    return [model_fact(model.id, attribute) for attribute in attributes for model in (comparison.a, comparison.b)]


def deep_dive_facts(comparison: Comparison) -> list[Fact]:
    """Benchmarks and their leads, one-sided and shared capabilities, cheapest prices, provider counts, what each leads on."""
    benchmark_ids = [
        fact_id
        for benchmark in comparison.benchmarks
        for fact_id in (
            score_fact(comparison.a.id, benchmark),
            score_fact(comparison.b.id, benchmark),
            benchmark_fact(benchmark, "lead"),
        )
    ]
    prices = _per_model(comparison, ("input_price", "output_price", "cheapest_route"))
    gaps = [
        gap_fact("blended_price", "cheaper"),
        gap_fact("blended_price", "difference"),
        gap_fact("blended_price", "cheaper_percent"),
    ]
    rest = _per_model(comparison, ("capabilities_only", "provider_count", "leads_on"))
    return _known(comparison, [*benchmark_ids, *prices, *gaps, *rest, factids.SHARED_CAPABILITIES])


def faq_facts(comparison: Comparison) -> list[Fact]:
    """Context windows, prices, licences, one-sided capabilities and providers."""
    per_model = _per_model(
        comparison,
        ("context_window", "input_price", "output_price", "license", "openness", "capabilities_only", "providers"),
    )
    return _known(
        comparison,
        [
            *per_model,
            context_fact("leader"),
            gap_fact("blended_price", "cheaper"),
            gap_fact("blended_price", "cheaper_percent"),
        ],
    )


def _paragraphs(content: DeepDive) -> list[tuple[str, str]]:
    return [("paragraph", paragraph) for paragraph in content.paragraphs]


def _questions_and_answers(content: FAQ) -> list[tuple[str, str]]:
    return [piece for item in content.items for piece in (("question", item.question), ("answer", item.answer))]


def _deep_dive_of(pieces: list[tuple[str, str]]) -> DeepDive:
    return DeepDive(paragraphs=[text for _, text in pieces])


def _faq_of(pieces: list[tuple[str, str]]) -> FAQ:
    texts = [text for _, text in pieces]
    return FAQ(
        items=[
            FAQItem(question=question, answer=answer) for question, answer in zip(texts[::2], texts[1::2], strict=True)
        ]
    )


SECTIONS: dict[str, Section] = {
    section.name: section
    for section in (
        Section(
            "deep_dive",
            "Deep dive",
            DeepDive,
            "deep_dive.j2",
            write_deep_dive,
            _paragraphs,
            _deep_dive_of,
            deep_dive_facts,
        ),
        Section("faq", "FAQ", FAQ, "faq.j2", write_faq, _questions_and_answers, _faq_of, faq_facts),
    )
}


class Attempt(BaseModel):
    """One LLM call for a section: what it cost and what the validator found in its answer."""

    number: int
    kind: Literal["write", "repair"]
    model: str
    findings: list[str] = []
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0


class SectionResult(BaseModel):
    """A prose section as published, with its provenance (recorded in page.json and the report)."""

    section: str
    author: Literal["llm", "deterministic"]
    outcome: Outcome
    content: SectionContent
    model: str | None = None
    attempts: list[Attempt] = []
    # How the LLM was allowed to write figures: only as references to facts, or freely (None: no LLM asked).
    figures: Literal["reference", "free"] | None = None

    @model_validator(mode="after")
    def content_is_the_section_s_model(self) -> SectionResult:
        expected = SECTIONS[self.section].answer_model if self.section in SECTIONS else None
        if expected is None:
            raise ValueError(f"unknown section {self.section!r}; the sections are {', '.join(SECTIONS)}")
        if not isinstance(self.content, expected):
            raise ValueError(f"the content of section {self.section} must be a {expected.__name__}")
        return self

    @property
    def prompt_tokens(self) -> int:
        return sum(attempt.prompt_tokens for attempt in self.attempts)

    @property
    def completion_tokens(self) -> int:
        return sum(attempt.completion_tokens for attempt in self.attempts)

    @property
    def text(self) -> str:
        return SECTIONS[self.section].text(self.content)


def deterministic_section(section: str, comparison: Comparison) -> SectionResult:
    """The section written by the deterministic writer."""
    return deterministic_result(section, SECTIONS[section].write(comparison))


def deterministic_result(
    section: str,
    content: SectionContent,
    outcome: Outcome = "deterministic",
    attempts: list[Attempt] | None = None,
    model: str | None = None,
    figures: str | None = None,
) -> SectionResult:
    return SectionResult(
        section=section,
        author="deterministic",
        outcome=outcome,
        content=content,
        model=model,
        attempts=attempts or [],
        figures=figures,
    )
