"""Stage 5b, author: who wrote each prose section, and the write, validate, repair, fall back loop."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from generator.comparison import Comparison
from generator.prompt import Prompts, repair_messages
from generator.validation import Validator, describe_finding
from generator.writer import SECTION_MODELS, section_text, write_section

# The LLM client (and the openai SDK under it) is imported by the LLM path only: page.py reads
# SectionResult from here, and `versus validate` and `versus check` never call an LLM.
if TYPE_CHECKING:
    from generator.llm import LLMClient, Usage

SECTIONS = ("deep_dive", "faq")
Outcome = Literal["deterministic", "llm_first_try", "llm_after_repair", "fallback"]
# The findings in an answer's text, described for the repair prompt; awaited, because a big build
# validates in worker processes, away from the event loop that keeps the LLM busy.
Check = Callable[[str], Awaitable[list[str]]]


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


def deterministic_section(section: str, comparison: Comparison) -> SectionResult:
    return deterministic_result(section, write_section(section, comparison).model_dump())


def deterministic_result(section: str, content: dict[str, Any], outcome: Outcome = "deterministic", attempts: list[Attempt] | None = None, model: str | None = None) -> SectionResult:
    """A section of the deterministic writer's prose (`content`, from `write_section`)."""
    return SectionResult(section=section, author="deterministic", outcome=outcome, content=content, model=model, attempts=attempts or [])


def findings_of(validator: Validator, text: str) -> list[str]:
    return [describe_finding(finding) for finding in validator.validate(text).findings]


async def llm_section(section: str, messages: list[dict[str, str]], fallback: dict[str, Any], client: LLMClient, prompts: Prompts, check: Check, repair_attempts: int) -> SectionResult:
    """Write a section with the LLM from its first prompt (`section_messages`), validate every answer,
    send findings back for repair, and fall back to the deterministic writer's prose (`fallback`)
    when the last allowed attempt still has a finding."""
    from generator.llm import AnswerFormatError, LLMError

    attempts: list[Attempt] = []
    for number in range(1, repair_attempts + 2):
        kind = "write" if number == 1 else "repair"
        try:
            completion = await client.complete(messages, SECTION_MODELS[section])
        except AnswerFormatError as error:
            problem = f"the answer does not match the section's JSON schema: {error.detail}"
            attempts.append(_attempt(number, kind, client.model, error.usage, findings=[problem]))
            messages = repair_messages(prompts, messages, error.raw_text, [problem])
            continue
        except LLMError as error:
            # The endpoint is down or refuses the request: repairing cannot help, so fall back now.
            attempts.append(Attempt(number=number, kind=kind, model=client.model, error=str(error)))
            break
        findings = await check(section_text(completion.parsed))
        attempts.append(_attempt(number, kind, completion.model, completion.usage, findings=findings))
        if not findings:
            outcome = "llm_first_try" if number == 1 else "llm_after_repair"
            return SectionResult(section=section, author="llm", outcome=outcome, content=completion.parsed.model_dump(), model=completion.model, attempts=attempts)
        messages = repair_messages(prompts, messages, completion.raw_text, findings)
    return deterministic_result(section, fallback, outcome="fallback", attempts=attempts, model=client.model)


def _attempt(number: int, kind: str, model: str, usage: Usage | None, findings: list[str]) -> Attempt:
    return Attempt(
        number=number,
        kind=kind,
        model=model,
        findings=findings,
        prompt_tokens=usage.prompt_tokens if usage else 0,
        completion_tokens=usage.completion_tokens if usage else 0,
    )
