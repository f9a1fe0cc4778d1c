"""Stage 5b, author: who wrote each prose section, and the write, validate, repair, fall back loop."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from generator.comparison import Comparison
from generator.writer import write_section

SECTIONS = ("deep_dive", "faq")
Outcome = Literal["deterministic", "llm_first_try", "llm_after_repair", "fallback"]


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
    content: dict[str, Any]
    model: str | None = None
    attempts: list[Attempt] = []

    @property
    def prompt_tokens(self) -> int:
        return sum(attempt.prompt_tokens for attempt in self.attempts)

    @property
    def completion_tokens(self) -> int:
        return sum(attempt.completion_tokens for attempt in self.attempts)


def deterministic_section(section: str, comparison: Comparison, outcome: Outcome = "deterministic", attempts: list[Attempt] | None = None, model: str | None = None) -> SectionResult:
    return SectionResult(
        section=section,
        author="deterministic",
        outcome=outcome,
        content=write_section(section, comparison).model_dump(),
        model=model,
        attempts=attempts or [],
    )
