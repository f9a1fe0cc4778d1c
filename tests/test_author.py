"""The author's write, validate, repair, fall back loop, attempt by attempt: what each attempt
records, which model a section is credited to, and when the loop stops. Through the real openai SDK
against the fake server. Written to kill the mutants bench/mutation.py found surviving in author.py."""

from __future__ import annotations

import asyncio
import json

import pytest
from pydantic import SecretStr

from generator.author import findings_of, llm_section
from generator.comparison import Comparison, compare
from generator.facts import load_facts
from generator.llm import LLMClient, LLMConfig
from generator.prompt import load_prompts, section_prompt
from generator.sections import SECTIONS, Attempt, SectionResult, deterministic_section
from generator.validation import Validator, describe_finding
from generator.writer import DeepDive
from tests.fakeserver import WRONG_FIGURES, FakeServer, Reply, neutral_answer, wrong_figures_answer
from tests.support import PAIR, REFERENCE_FACTS

# A neutral deep dive naming the pair, as the fake server writes it for this pair's prompt.
GOOD_DEEP_DIVE = neutral_answer(
    {"messages": [{"role": "system", "content": "language models: Llama 3.2 1B Instruct and Qwen3.5-4B.\n"}]}
).content
WRONG_DEEP_DIVE = {"paragraphs": list(WRONG_FIGURES)}


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare(load_facts(REFERENCE_FACTS), *PAIR)


def write_section(section: str, comparison: Comparison):
    return SECTIONS[section].write(comparison)


def section_text(content) -> str:
    return SECTIONS["deep_dive"].text(content)


def config_for(server: FakeServer) -> LLMConfig:
    return LLMConfig(
        base_url=server.base_url,
        api_key=SecretStr("sk-test-author"),
        model="asked-model",
        figures="free",
        timeout=5.0,
        max_attempts=1,
        backoff_initial=0,
        backoff_max=0,
    )


def served_by(model: str, content: dict, prompt_tokens: int = 7, completion_tokens: int = 3) -> Reply:
    """A completion whose `model` names the model that served it, as OpenRouter and OpenAI report it."""
    body = {
        "id": "chatcmpl-author",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": json.dumps(content)}, "finish_reason": "stop"}
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }
    return Reply(body=json.dumps(body))


def write(
    server: FakeServer, comparison: Comparison, repair_attempts: int = 2, checked: list[str] | None = None
) -> SectionResult:
    """The deep dive through `llm_section`; every text the validator is asked about lands in `checked`."""

    async def run() -> SectionResult:
        validator = Validator(comparison)

        async def check(text: str) -> list[str]:
            if checked is not None:
                checked.append(text)
            return findings_of(validator, text)

        # Figures written freely: these answers state their figures in digits (the loop is the same in both modes).
        prompts = load_prompts(figures="free")
        async with LLMClient(config_for(server)) as client:
            prompt, fallback = section_prompt(prompts, "deep_dive", comparison), write_section("deep_dive", comparison)
            return await llm_section(prompt, fallback, client, prompts, check, repair_attempts)

    return asyncio.run(run())


def test_a_first_try_is_credited_to_the_model_that_served_it_with_its_tokens(comparison: Comparison):
    checked: list[str] = []
    with FakeServer() as server:
        server.script(served_by("served-model", GOOD_DEEP_DIVE))
        result = write(server, comparison, checked=checked)
    assert result == SectionResult(
        section="deep_dive",
        author="llm",
        outcome="llm_first_try",
        content=GOOD_DEEP_DIVE,
        model="served-model",
        attempts=[
            Attempt(number=1, kind="write", model="served-model", findings=[], prompt_tokens=7, completion_tokens=3)
        ],
        figures="free",
    )
    assert checked == [section_text(DeepDive(**GOOD_DEEP_DIVE))]


def test_a_repaired_answer_records_both_attempts_with_their_findings(comparison: Comparison):
    with FakeServer() as server:
        server.script(
            served_by("served-model", WRONG_DEEP_DIVE, 11, 5), served_by("served-model", GOOD_DEEP_DIVE, 13, 6)
        )
        result = write(server, comparison)
    first, repair = result.attempts
    assert (result.outcome, result.author, result.model) == ("llm_after_repair", "llm", "served-model")
    assert first.findings == findings_of(Validator(comparison), "\n\n".join(WRONG_FIGURES)) and first.findings
    assert (first.number, first.kind, first.prompt_tokens, first.completion_tokens) == (1, "write", 11, 5)
    assert (repair.number, repair.kind, repair.findings, repair.prompt_tokens, repair.completion_tokens) == (
        2,
        "repair",
        [],
        13,
        6,
    )
    assert (result.prompt_tokens, result.completion_tokens) == (24, 11)


def test_the_fallback_is_credited_to_the_asked_model_with_every_attempt(comparison: Comparison):
    with FakeServer(responder=wrong_figures_answer) as server:
        result = write(server, comparison, repair_attempts=1)
    assert (result.author, result.outcome, result.model) == ("deterministic", "fallback", "asked-model")
    assert [(attempt.number, attempt.kind) for attempt in result.attempts] == [(1, "write"), (2, "repair")]
    assert result.content == write_section("deep_dive", comparison)
    assert server.chat_calls == 2


def test_no_repair_allowed_means_one_attempt_then_the_fallback(comparison: Comparison):
    with FakeServer(responder=wrong_figures_answer) as server:
        result = write(server, comparison, repair_attempts=0)
    assert result.outcome == "fallback" and len(result.attempts) == 1 == server.chat_calls


def test_an_answer_outside_the_schema_is_an_attempt_with_one_finding(comparison: Comparison):
    with FakeServer() as server:
        server.script(Reply(content="not json", prompt_tokens=50, completion_tokens=5))
        result = write(server, comparison)
    first = result.attempts[0]
    assert (first.number, first.kind, first.model, first.error, first.prompt_tokens, first.completion_tokens) == (
        1,
        "write",
        "asked-model",
        None,
        50,
        5,
    )
    (finding,) = first.findings
    assert finding.startswith("the answer does not match the section's JSON schema: answer: Invalid JSON")
    assert result.attempts[1].kind == "repair" and result.outcome == "llm_after_repair"


def test_an_endpoint_error_after_a_repair_request_stops_the_loop(comparison: Comparison):
    with FakeServer() as server:
        server.script(Reply(content=WRONG_DEEP_DIVE), Reply(status=400, error_message="bad request"))
        result = write(server, comparison, repair_attempts=2)
    assert server.chat_calls == 2
    write_attempt, failed = result.attempts
    assert write_attempt.findings and failed == Attempt(
        number=2, kind="repair", model="asked-model", error=failed.error
    )
    assert "HTTP 400" in failed.error
    assert (result.author, result.outcome, result.model) == ("deterministic", "fallback", "asked-model")


def test_a_deterministic_section_has_no_model_and_no_attempts(comparison: Comparison):
    assert deterministic_section("faq", comparison) == SectionResult(
        section="faq", author="deterministic", outcome="deterministic", content=write_section("faq", comparison)
    )
    assert deterministic_section("faq", comparison).prompt_tokens == 0


def test_findings_are_described_for_the_repair_prompt(comparison: Comparison):
    validator = Validator(comparison)
    text = WRONG_FIGURES[0]
    # A whole section: the validator's figures and claims, and the prose-quality gate.
    assert findings_of(validator, text) == [
        describe_finding(finding) for finding in validator.validate(text, section=True).findings
    ]
    assert (
        findings_of(validator, "Qwen3.5-4B and Llama 3.2 1B Instruct are both listed with their sources below.") == []
    )
