"""Stage 5b, author: who wrote each prose section, and the write, validate, repair, fall back loop."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pydantic import ValidationError

from generator.llm import AnswerFormatError, ChatClient, LLMError, Usage
from generator.prompt import Prompts, Reference, SectionPrompt, repair_messages, substitute
from generator.sections import (
    SECTIONS,
    Attempt,
    Section,
    SectionContent,
    SectionResult,
    deterministic_result,
    deterministic_section,
)
from generator.validation import Validator, describe_finding

__all__ = [
    "SECTIONS",
    "Attempt",
    "SectionResult",
    "deterministic_result",
    "deterministic_section",
    "findings_of",
    "llm_section",
]

# The findings in an answer's text, described for the repair prompt; awaited, because a big build
# validates in worker processes, away from the event loop that keeps the LLM busy.
Check = Callable[[str], Awaitable[list[str]]]


def findings_of(validator: Validator, text: str) -> list[str]:
    return [describe_finding(finding) for finding in validator.validate(text, section=True).findings]


async def llm_section(
    prompt: SectionPrompt,
    fallback: SectionContent,
    client: ChatClient,
    prompts: Prompts,
    check: Check,
    repair_attempts: int,
) -> SectionResult:
    """Write a section with the LLM from its first prompt (`section_prompt`), put the facts' display
    texts in place of its references, validate every answer, send findings back for repair (appended
    to the conversation), and fall back to the deterministic writer's prose (`fallback`) when the last
    allowed attempt still has a finding."""
    section = SECTIONS[prompt.section]
    figures = "reference" if prompt.references else "free"
    messages = prompt.messages
    attempts: list[Attempt] = []
    for number in range(1, repair_attempts + 2):
        kind = "write" if number == 1 else "repair"
        try:
            completion = await client.complete(
                messages, section.answer_model, prompt.schema if prompt.references else None
            )
        except AnswerFormatError as error:
            problem = f"the answer does not match the section's JSON schema: {error.detail}"
            attempts.append(_attempt(number, kind, client.model, error.usage, findings=[problem]))
            messages = repair_messages(prompts, messages, error.raw_text, [problem])
            continue
        except LLMError as error:
            # The endpoint is down or refuses the request: repairing cannot help, so fall back now.
            attempts.append(Attempt(number=number, kind=kind, model=client.model, error=str(error)))
            break
        content, findings = _substituted(section, completion.parsed, prompt.references)
        if not findings:
            findings = await check(section.text(content))
        findings = [client.scrub(finding) for finding in findings]
        if client.scrub(completion.raw_text) != completion.raw_text:
            findings.append("secret: the answer quotes the API key; never write it")
        attempts.append(_attempt(number, kind, completion.model, completion.usage, findings=findings))
        if not findings:
            outcome = "llm_first_try" if number == 1 else "llm_after_repair"
            return SectionResult(
                section=prompt.section,
                author="llm",
                outcome=outcome,
                content=content,
                model=completion.model,
                attempts=attempts,
                figures=figures,
            )
        messages = repair_messages(prompts, messages, client.scrub(completion.raw_text), findings)
    return deterministic_result(
        prompt.section, fallback, outcome="fallback", attempts=attempts, model=client.model, figures=figures
    )


def _substituted(
    section: Section, content: SectionContent, references: dict[str, Reference]
) -> tuple[SectionContent, list[str]]:
    """The content with each reference replaced by its fact's display text, and the references that
    could not be (unknown, malformed, or a figure written out). Free figures pass through unchanged."""
    if not references:
        return content, []
    problems: list[str] = []

    def replaced(text: str) -> str:
        result = substitute(text, references)
        problems.extend(result.problems)
        return result.text

    pieces = [(role, replaced(text)) for role, text in section.pieces(content)]
    try:
        return section.assemble(pieces), list(dict.fromkeys(problems))
    except ValidationError as error:
        # A display text the section's model refuses (a quote, a line break) is the facts' problem, not
        # the LLM's: the section falls back, with the reason recorded.
        return content, [
            *problems,
            f"the answer with its figures in place is not a valid section: {error.errors()[0]['msg']}",
        ]


def _attempt(number: int, kind: str, model: str, usage: Usage | None, findings: list[str]) -> Attempt:
    return Attempt(
        number=number,
        kind=kind,
        model=model,
        findings=findings,
        prompt_tokens=usage.prompt_tokens if usage else 0,
        completion_tokens=usage.completion_tokens if usage else 0,
    )
