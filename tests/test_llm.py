"""The LLM client and the author's write, validate, repair, fall back loop, through the real openai
SDK against the fake server: structured output, retries, errors, usage, the API key, the settings
chain and the Batch API."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import time
from pathlib import Path

import pytest
from pydantic import BaseModel, SecretStr

from generator.author import findings_of, llm_section
from generator.comparison import Comparison, compare
from generator.errors import VersusError
from generator.facts import load_facts
from generator.llm import (
    OPENAI_DEFAULT_MODEL,
    OPENAI_URL,
    AnswerFormatError,
    BatchLLMClient,
    ChatClient,
    Completion,
    LLMClient,
    LLMConfig,
    LLMError,
    Usage,
    no_endpoint_configured,
    resolve_config,
)
from generator.prompt import load_prompts, section_prompt
from generator.sections import SECTIONS, SectionResult
from generator.validation import Validator
from generator.writer import FAQ, DeepDive
from tests.fakeserver import (
    FakeServer,
    Reply,
    Responder,
    neutral_answer,
    wrong_figures_answer,
)
from tests.support import PAIR, REFERENCE_FACTS

SECRET = "sk-test-SECRET-123"
MESSAGES = [
    {"role": "system", "content": "You write one section."},
    {"role": "user", "content": "Write the deep dive."},
]
# A correct deep dive, sent as text where a test needs an answer other than the responder's.
GOOD_DEEP_DIVE = neutral_answer({}).content


@pytest.fixture
def server():
    with FakeServer() as fake:
        yield fake


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare(load_facts(REFERENCE_FACTS), *PAIR)


def config_for(base_url: str, **overrides) -> LLMConfig:
    """A config that fails fast: short timeout, millisecond backoff, quick batch polling."""
    settings = {
        "api_key": SecretStr(SECRET),
        "model": "test-model",
        "timeout": 5.0,
        "max_attempts": 3,
        "backoff_initial": 0.01,
        "backoff_max": 0.02,
        "batch_poll_seconds": 0.02,
    }
    return LLMConfig(base_url=base_url, **(settings | overrides))


def closed_port_url() -> str:
    """The base URL of a port nothing listens on: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def ask(
    config: LLMConfig, answer_model: type[BaseModel] = DeepDive, client_class: type[LLMClient] = LLMClient
) -> tuple[Completion | LLMError, LLMClient]:
    """One `complete` call on a fresh client: its completion (or the LLMError it raised) and the client."""

    async def run() -> Completion | LLMError:
        async with client:
            try:
                return await client.complete(MESSAGES, answer_model)
            except LLMError as error:
                return error

    client = client_class(config)
    return asyncio.run(run()), client


def answers_in_turn(*responders: Responder) -> Responder:
    """A responder that answers with each of `responders` in turn, then with the last one for good."""
    turns = iter(responders)
    return lambda request: next(turns, responders[-1])(request)


# -- structured output -------------------------------------------------------------------------


def test_json_schema_mode_sends_the_section_schema_by_name_and_parses_the_answer(server: FakeServer):
    completion, client = ask(config_for(server.base_url, structured_output="json_schema"))

    assert server.requests[0]["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "DeepDive", "schema": DeepDive.model_json_schema()},
    }
    assert isinstance(completion.parsed, DeepDive) and completion.parsed.paragraphs == GOOD_DEEP_DIVE["paragraphs"]
    assert completion.model == "test-model" and client.calls == 1


def test_json_object_mode_sends_the_schema_the_way_llama_cpp_accepts_it():
    with FakeServer(llama_cpp=True) as server:
        completion, _ = ask(config_for(server.base_url, structured_output="json_object"), FAQ)

    assert server.requests[0]["response_format"] == {"type": "json_object", "schema": FAQ.model_json_schema()}
    assert isinstance(completion.parsed, FAQ)


def test_the_request_carries_the_configured_model_messages_temperature_and_token_cap(server: FakeServer):
    ask(config_for(server.base_url, model="my-model", temperature=0.7, max_tokens=321))

    request = server.requests[0]
    assert (request["model"], request["messages"], request["temperature"], request["max_tokens"]) == (
        "my-model",
        MESSAGES,
        0.7,
        321,
    )


def test_an_answer_in_a_markdown_code_fence_is_parsed(server: FakeServer):
    fenced = f"```json\n{json.dumps(GOOD_DEEP_DIVE)}\n```"
    server.script(Reply(content=fenced))
    completion, _ = ask(config_for(server.base_url))
    assert completion.parsed.paragraphs == GOOD_DEEP_DIVE["paragraphs"] and completion.raw_text == fenced


# -- retries -----------------------------------------------------------------------------------


def test_a_rate_limit_is_retried_after_the_wait_the_server_asks_for(server: FakeServer):
    server.script(Reply(status=429, headers={"Retry-After": "0.5"}))
    started = time.monotonic()
    completion, client = ask(config_for(server.base_url))

    assert time.monotonic() - started >= 0.5, "the backoff is milliseconds: only Retry-After explains the wait"
    assert isinstance(completion, Completion) and server.chat_calls == client.calls == 2


def test_server_errors_are_retried_until_an_answer_comes(server: FakeServer):
    server.script(Reply(status=500), Reply(status=502))
    completion, client = ask(config_for(server.base_url, max_attempts=3))
    assert isinstance(completion, Completion) and server.chat_calls == client.calls == 3


def test_a_server_that_keeps_failing_gets_max_attempts_requests_then_an_llm_error():
    with FakeServer(responder=lambda request: Reply(status=503)) as server:
        error, client = ask(config_for(server.base_url, max_attempts=3))

    assert isinstance(error, LLMError) and "HTTP 503" in str(error) and "3 attempt(s)" in str(error)
    assert server.chat_calls == client.calls == 3


def test_the_sdks_own_retries_are_off_so_attempts_never_multiply(server: FakeServer):
    server.script(Reply(status=500))
    error, _ = ask(config_for(server.base_url, max_attempts=1))
    assert isinstance(error, LLMError) and server.chat_calls == 1


def test_a_bad_request_is_not_retried(server: FakeServer):
    server.script(Reply(status=400, error_message="max_tokens is too large"))
    error, _ = ask(config_for(server.base_url))
    assert isinstance(error, LLMError) and "max_tokens is too large" in str(error) and server.chat_calls == 1


def test_llama_cpps_rejection_of_json_schema_is_a_bad_request_in_disguise_and_not_retried():
    with FakeServer(llama_cpp=True) as server:
        error, client = ask(config_for(server.base_url, structured_output="json_schema"))

    assert isinstance(error, LLMError) and "Input should be 'text' or 'json_object'" in str(error)
    assert server.chat_calls == client.calls == 1


def test_a_request_that_times_out_is_retried(server: FakeServer):
    server.script(Reply(delay=2.0))
    completion, client = ask(config_for(server.base_url, timeout=0.2))
    assert isinstance(completion, Completion) and server.chat_calls == client.calls == 2


def test_an_endpoint_that_refuses_connections_fails_with_an_llm_error_after_max_attempts():
    error, client = ask(config_for(closed_port_url(), max_attempts=3))
    assert isinstance(error, LLMError) and "cannot connect" in str(error) and "3 attempt(s)" in str(error)
    assert client.calls == 3


def test_a_success_status_whose_body_is_not_json_is_an_llm_error(server: FakeServer):
    server.script(Reply(body="<html>Sign in to the proxy</html>"))
    error, _ = ask(config_for(server.base_url))
    assert isinstance(error, LLMError) and "not an OpenAI chat completion" in str(error)


def test_a_success_status_with_an_html_page_is_an_llm_error(server: FakeServer):
    server.script(Reply(body="<html>Sign in to the proxy</html>", headers={"Content-Type": "text/html"}))
    error, _ = ask(config_for(server.base_url))
    assert isinstance(error, LLMError) and "not an OpenAI chat completion" in str(error)


# -- answers that do not parse, and usage --------------------------------------------------------


def test_an_answer_that_is_not_json_raises_answer_format_error_with_its_text_and_usage(server: FakeServer):
    server.script(Reply(content="Sure! Here is the deep dive: {paragraphs", prompt_tokens=11, completion_tokens=7))
    error, client = ask(config_for(server.base_url))

    assert isinstance(error, AnswerFormatError)
    assert error.raw_text == "Sure! Here is the deep dive: {paragraphs"
    assert error.usage == Usage(prompt_tokens=11, completion_tokens=7) == client.usage
    assert server.chat_calls == 1, "a malformed answer goes back to the author for repair, not to the retry loop"


def test_an_answer_outside_the_schema_names_the_field_at_fault(server: FakeServer):
    server.script(Reply(content={"paragraphs": ["Too short."]}))
    error, _ = ask(config_for(server.base_url))
    assert isinstance(error, AnswerFormatError) and "paragraphs" in error.detail


def test_usage_is_counted_per_call_and_summed_on_the_client(server: FakeServer):
    server.script(
        Reply(content=GOOD_DEEP_DIVE, prompt_tokens=100, completion_tokens=10),
        Reply(content=GOOD_DEEP_DIVE, prompt_tokens=200, completion_tokens=20),
    )

    async def two_calls() -> list[Completion]:
        async with client:
            return [await client.complete(MESSAGES, DeepDive) for _ in range(2)]

    client = LLMClient(config_for(server.base_url))
    completions = asyncio.run(two_calls())

    assert [completion.usage for completion in completions] == [
        Usage(prompt_tokens=100, completion_tokens=10),
        Usage(prompt_tokens=200, completion_tokens=20),
    ]
    assert client.usage == Usage(prompt_tokens=300, completion_tokens=30)


# -- the API key ---------------------------------------------------------------------------------


def test_the_api_key_appears_in_no_config_text_error_or_log_record(
    server: FakeServer, caplog: pytest.LogCaptureFixture
):
    for logger in (None, "openai", "httpx", "httpcore", "versus"):
        caplog.set_level(logging.DEBUG, logger=logger)
    # Servers and proxies do echo a rejected key back in their error messages.
    server.script(
        Reply(status=500, error_message=f"upstream rejected {SECRET}"),
        Reply(status=401, error_message=f"Incorrect API key provided: {SECRET}"),
    )
    config = config_for(server.base_url)
    error, _ = ask(config)

    assert isinstance(error, LLMError) and "HTTP 401" in str(error)
    assert {record.name.split(".")[0] for record in caplog.records} >= {"openai", "versus"}, (
        "the SDK's and our debug logs were captured"
    )
    texts = [str(config), repr(config), config.model_dump_json(), str(error), repr(error), caplog.text]
    assert not [text for text in texts if SECRET in text]


# -- resolve_config: flag, then environment, then versus.toml, then pyproject.toml ---------------

PYPROJECT = '[project]\nname = "site"\n\n[tool.versus]\nllm = "http://pyproject.test/v1"\nmodel = "pyproject-model"\n'
VERSUS_TOML = 'llm = "http://versus-toml.test/v1"\nmodel = "versus-toml-model"\n'
ENVIRONMENT = {"OPENAI_BASE_URL": "http://environment.test/v1", "OPENAI_MODEL": "environment-model"}


@pytest.mark.parametrize(
    ("files", "environ", "flags", "expected"),
    [
        ({"pyproject.toml": PYPROJECT}, {}, (None, None), ("http://pyproject.test/v1", "pyproject-model")),
        (
            {"pyproject.toml": PYPROJECT, "versus.toml": VERSUS_TOML},
            {},
            (None, None),
            ("http://versus-toml.test/v1", "versus-toml-model"),
        ),
        (
            {"pyproject.toml": PYPROJECT, "versus.toml": VERSUS_TOML},
            ENVIRONMENT,
            (None, None),
            ("http://environment.test/v1", "environment-model"),
        ),
        (
            {"pyproject.toml": PYPROJECT, "versus.toml": VERSUS_TOML},
            ENVIRONMENT,
            ("http://flag.test/v1", "flag-model"),
            ("http://flag.test/v1", "flag-model"),
        ),
    ],
    ids=["pyproject", "versus.toml over pyproject", "environment over files", "flags over everything"],
)
def test_settings_precedence_is_flag_then_environment_then_versus_toml_then_pyproject(
    tmp_path: Path, files, environ, flags, expected
):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    config = resolve_config(*flags, project_dir=tmp_path, environ=environ)
    assert (config.base_url, config.model) == expected and not config.is_local


def test_none_means_no_llm_from_the_flag_or_the_environment(tmp_path: Path):
    assert resolve_config("none", None, project_dir=tmp_path, environ={}) is None
    assert resolve_config(None, None, project_dir=tmp_path, environ={"OPENAI_BASE_URL": "none"}) is None


def test_nothing_configured_means_the_deterministic_writer_and_says_so(tmp_path: Path):
    assert resolve_config(None, None, project_dir=tmp_path, environ={}) is None
    assert no_endpoint_configured(None, project_dir=tmp_path, environ={})
    assert not no_endpoint_configured("none", project_dir=tmp_path, environ={})
    assert not no_endpoint_configured(None, project_dir=tmp_path, environ={"OPENAI_API_KEY": SECRET})


def test_local_is_the_bundled_model_as_an_explicit_choice(tmp_path: Path):
    config = resolve_config("local", None, project_dir=tmp_path, environ={})
    assert config.is_local and config.base_url is None


def test_an_api_key_alone_means_openai_with_its_default_model(tmp_path: Path):
    config = resolve_config(None, None, project_dir=tmp_path, environ={"OPENAI_API_KEY": SECRET})
    assert (config.base_url, config.model, config.api_key.get_secret_value(), config.is_local) == (
        OPENAI_URL,
        OPENAI_DEFAULT_MODEL,
        SECRET,
        False,
    )


def test_client_settings_come_from_the_project_file(tmp_path: Path):
    (tmp_path / "versus.toml").write_text(
        'llm = "http://local.test/v1"\nstructured_output = "json_object"\ntimeout = 7.5\nmax_attempts = 2\n',
        encoding="utf-8",
    )
    config = resolve_config(None, None, project_dir=tmp_path, environ={})
    assert (config.structured_output, config.timeout, config.max_attempts) == ("json_object", 7.5, 2)


def test_a_misspelt_setting_is_an_error_naming_the_file_and_the_key(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.versus]\nmax_token = 300\n", encoding="utf-8")
    with pytest.raises(
        VersusError, match=r"pyproject\.toml: unknown setting\(s\) max_token; the known ones are .*max_tokens"
    ):
        resolve_config(None, None, project_dir=tmp_path, environ={})


def test_invalid_settings_name_the_file_and_the_field(tmp_path: Path):
    (tmp_path / "versus.toml").write_text("max_attempts = 0\n", encoding="utf-8")
    with pytest.raises(VersusError, match=r"versus\.toml.*max_attempts"):
        resolve_config(None, None, project_dir=tmp_path, environ={})


def test_an_llm_flag_that_is_not_a_url_is_refused_with_the_fix(tmp_path: Path):
    with pytest.raises(VersusError, match="not a URL"):
        resolve_config("localhost:8080", None, project_dir=tmp_path, environ={})


# -- the Batch API -------------------------------------------------------------------------------


def ask_in_one_batch(
    config: LLMConfig, answer_models: list[type[BaseModel]]
) -> tuple[list[Completion | BaseException], BatchLLMClient]:
    """`complete` called concurrently once per answer model on one batch client."""

    async def run() -> list[Completion | BaseException]:
        async with client:
            return await asyncio.gather(
                *(client.complete(MESSAGES, answer_model) for answer_model in answer_models), return_exceptions=True
            )

    client = BatchLLMClient(config, collect_seconds=0.05)
    return asyncio.run(run()), client


def test_concurrent_requests_go_out_as_one_batch_and_come_back_parsed():
    answer_models = [DeepDive, FAQ, DeepDive, FAQ, DeepDive]
    # The batch takes a few polls to complete, as real ones do.
    with FakeServer(batch_delay=0.1) as server:
        completions, client = ask_in_one_batch(config_for(server.base_url), answer_models)

    assert server.batches_created == client.batches == 1
    assert [type(completion.parsed) for completion in completions] == answer_models
    assert server.chat_calls == client.calls == len(answer_models)
    assert client.usage == Usage(prompt_tokens=120 * 5, completion_tokens=60 * 5)


def test_a_failed_request_in_a_batch_fails_only_its_own_call(server: FakeServer):
    server.script(Reply(status=500))
    results, _ = ask_in_one_batch(config_for(server.base_url), [DeepDive, DeepDive, DeepDive])

    assert [type(result) for result in results] == [LLMError, Completion, Completion]
    assert '"status_code": 500' in str(results[0]) and server.batches_created == 1


def test_both_clients_share_one_base_and_send_and_parse_alike(server: FakeServer):
    """The batch client is a ChatClient beside the realtime one, not one of its kind: it shares the
    request body and the parsing, not the rate limits or the give-up counter of one request at a time."""
    config = config_for(server.base_url)

    async def realtime() -> Completion:
        async with LLMClient(config) as client:
            return await client.complete(MESSAGES, DeepDive)

    direct = asyncio.run(realtime())
    [in_batch], _ = ask_in_one_batch(config, [DeepDive])

    assert issubclass(LLMClient, ChatClient) and issubclass(BatchLLMClient, ChatClient)
    assert not issubclass(BatchLLMClient, LLMClient)
    with pytest.raises(TypeError):
        ChatClient(config)
    assert server.requests[0] == server.requests[1] and server.batches_created == 1
    assert in_batch == direct


# -- the author: write, validate, repair, fall back ----------------------------------------------


def write_with_llm(
    config: LLMConfig, comparison: Comparison, section: str = "deep_dive", repair_attempts: int = 2
) -> SectionResult:
    async def run() -> SectionResult:
        async with LLMClient(config) as client:
            prompts, validator = load_prompts(figures=config.figures), Validator(comparison)

            async def check(text: str) -> list[str]:
                return findings_of(validator, text)

            prompt, fallback = section_prompt(prompts, section, comparison), SECTIONS[section].write(comparison)
            return await llm_section(prompt, fallback, client, prompts, check, repair_attempts)

    return asyncio.run(run())


def test_a_first_answer_that_passes_is_published_with_the_model_names_in_place(
    server: FakeServer, comparison: Comparison
):
    result = write_with_llm(config_for(server.base_url), comparison)

    assert (result.author, result.outcome, len(result.attempts), result.figures) == (
        "llm",
        "llm_first_try",
        1,
        "reference",
    )
    assert (
        result.content.paragraphs[0]
        == "The tables above list the sourced facts for Llama 3.2 1B Instruct and Qwen3.5-4B, each with the date it was checked."
    )


def good_reference_deep_dive(request: dict) -> Reply:
    """Reference-style prose in the voice of the reference pages, for the pair Llama 3.2 1B Instruct vs Qwen3.5-4B."""
    keys = reference_keys(request)
    k = {fact_id: "{" + key + "}" for fact_id, key in keys.items()}
    a, b = "llama-3.2-1b-instruct", "qwen3.5-4b"
    paragraphs = [
        f"On MMLU-Pro, {{A}} scores {k[a + '.benchmark.mmlu-pro']} and {{B}} scores {k[b + '.benchmark.mmlu-pro']}, with {{B}} ahead by {k['benchmark.mmlu-pro.lead']}. "
        f"On GPQA Diamond, {{B}} is ahead again by {k['benchmark.gpqa.lead']}.",
        f"Only {{A}} offers {k[a + '.capabilities_only']}, while only {{B}} offers {k[b + '.capabilities_only']}. Use that split to decide whether structured output or image input matters more.",
        f"{{A}} lists {k[a + '.input_price']} per million input tokens on {k[a + '.cheapest_route']}, while {{B}} has no tracked token price yet. "
        "Verify the route you will call before estimating production spend.",
        f"Choose {{A}} for {k[a + '.leads_on']}. Choose {{B}} for {k[b + '.leads_on']}. Rerun your own prompts before you ship either one.",
    ]
    return Reply(content={"paragraphs": paragraphs})


def reference_keys(request: dict) -> dict[str, str]:
    """Fact id -> reference key, read from the fact list of the request's system prompt (where a
    model's own facts are listed as `{A}.attribute`)."""
    system = request["messages"][0]["content"]
    listed = re.findall(r"^- \{(f\d+)\} = ([\w.{}-]+)", system, re.M)
    return {fact_id.replace("{A}.", f"{PAIR[0]}.").replace("{B}.", f"{PAIR[1]}."): key for key, fact_id in listed}


def test_good_reference_style_prose_is_published_first_try_with_each_figure_substituted_exactly(comparison: Comparison):
    with FakeServer(responder=good_reference_deep_dive) as server:
        result = write_with_llm(config_for(server.base_url), comparison)

    assert (result.author, result.outcome) == ("llm", "llm_first_try"), result.attempts
    display = {fact.id: fact.display for fact in comparison.facts}
    assert result.content.paragraphs[0] == (
        f"On MMLU-Pro, Llama 3.2 1B Instruct scores {display['llama-3.2-1b-instruct.benchmark.mmlu-pro']} and Qwen3.5-4B scores "
        f"{display['qwen3.5-4b.benchmark.mmlu-pro']}, with Qwen3.5-4B ahead by {display['benchmark.mmlu-pro.lead']}. "
        f"On GPQA Diamond, Qwen3.5-4B is ahead again by {display['benchmark.gpqa.lead']}."
    )
    assert "20.0" in result.content.paragraphs[0] and "59.1 points" in result.content.paragraphs[0]
    assert not re.search(r"[{}]", SECTIONS["deep_dive"].text(result.content))


def test_the_reference_schema_is_strict_anchored_and_lists_only_the_section_s_keys(
    server: FakeServer, comparison: Comparison
):
    write_with_llm(config_for(server.base_url), comparison)

    response_format = server.requests[0]["response_format"]
    assert response_format["type"] == "json_schema" and response_format["json_schema"]["strict"] is True
    pattern = response_format["json_schema"]["schema"]["properties"]["paragraphs"]["items"]["pattern"]
    assert pattern.startswith("^") and pattern.endswith("$") and "(?:" not in pattern and "\\." not in pattern
    assert r'[^"\\\x00-\x1F0-9{}]' in pattern, (
        "no digit, brace, quote, backslash or control character outside a reference"
    )
    keys = re.search(r"\\\{\(([^)]*)\)", pattern).group(1).split("|")
    assert keys[:2] == ["A", "B"] and all(re.fullmatch(r"f\d+", key) for key in keys[2:])
    assert len(keys) - 2 == len(SECTIONS["deep_dive"].facts(comparison)) < len(comparison.facts) / 4


@pytest.mark.parametrize("section", ["deep_dive", "faq"])
def test_wrong_figures_go_back_with_the_findings_and_the_repaired_answer_is_published(
    comparison: Comparison, section: str
):
    with FakeServer(responder=answers_in_turn(wrong_figures_answer, neutral_answer)) as server:
        result = write_with_llm(config_for(server.base_url, figures="free"), comparison, section)

    assert (result.author, result.outcome, result.figures) == ("llm", "llm_after_repair", "free")
    first, repair = result.attempts
    assert (first.kind, repair.kind) == ("write", "repair") and first.findings and not repair.findings
    *_, rejected_answer, repair_instructions = server.requests[1]["messages"]
    assert rejected_answer["role"] == "assistant" and "99.9 points" in rejected_answer["content"]
    assert repair_instructions["role"] == "user"
    assert all(finding in repair_instructions["content"] for finding in first.findings)
    assert server.requests[1]["messages"][:2] == server.requests[0]["messages"], "a repair appends to the conversation"


@pytest.mark.parametrize("figures", ["reference", "free"])
@pytest.mark.parametrize("section", ["deep_dive", "faq"])
def test_the_hostile_endpoint_with_wrong_figures_in_every_answer_publishes_none(
    comparison: Comparison, figures: str, section: str
):
    with FakeServer(responder=wrong_figures_answer) as server:
        result = write_with_llm(config_for(server.base_url, figures=figures), comparison, section, repair_attempts=2)

    assert (result.author, result.outcome) == ("deterministic", "fallback")
    assert len(result.attempts) == 2 + 1 == server.chat_calls
    assert [attempt.kind for attempt in result.attempts] == ["write", "repair", "repair"]
    assert all(attempt.findings for attempt in result.attempts)
    assert result.content == SECTIONS[section].write(comparison)
    assert (result.prompt_tokens, result.completion_tokens) == (3 * 120, 3 * 60)


def test_an_unknown_or_malformed_reference_is_sent_back_for_repair(comparison: Comparison):
    a_paragraph = "{A} and {B} are compared here on their sourced facts, and every figure links to its source."
    bad = {
        "paragraphs": [
            a_paragraph.replace("{B}", "{B} at {f99}"),
            a_paragraph.replace("{A}", "{A} at {context}"),
            a_paragraph + " It costs 5 dollars.",
        ]
    }
    with FakeServer(responder=answers_in_turn(lambda request: Reply(content=bad), neutral_answer)) as server:
        result = write_with_llm(config_for(server.base_url), comparison)

    assert result.outcome == "llm_after_repair"
    findings = " ".join(result.attempts[0].findings)
    assert (
        '"{f99}" is not a reference' in findings
        and '"{context}" is not a reference' in findings
        and '"5" is a figure written out' in findings
    )


def test_an_answer_outside_the_schema_is_sent_back_for_repair(server: FakeServer, comparison: Comparison):
    server.script(Reply(content="I cannot answer in JSON.", prompt_tokens=50, completion_tokens=5))
    result = write_with_llm(config_for(server.base_url), comparison)

    assert result.outcome == "llm_after_repair"
    assert "JSON schema" in result.attempts[0].findings[0] and result.attempts[0].prompt_tokens == 50
    assert server.requests[1]["messages"][-2] == {"role": "assistant", "content": "I cannot answer in JSON."}


def completion_body(**fields) -> str:
    body = {"id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "fake-model"} | fields
    return json.dumps(body)


GOOD_MESSAGE = {"role": "assistant", "content": json.dumps({"paragraphs": ["x" * 90, "y" * 90]})}
MALFORMED_REPLIES = {
    "no choices field": completion_body(),
    "an empty list of choices": completion_body(choices=[]),
    "choices null": completion_body(choices=None),
    "choices an object": completion_body(choices={"0": {"message": GOOD_MESSAGE}}),
    "a choice without a message": completion_body(choices=[{"index": 0, "finish_reason": "stop"}]),
    "a message null": completion_body(choices=[{"index": 0, "message": None}]),
    "content null": completion_body(choices=[{"index": 0, "message": {"role": "assistant", "content": None}}]),
    "content a number": completion_body(choices=[{"index": 0, "message": {"role": "assistant", "content": 42}}]),
    "content a list": completion_body(
        choices=[{"index": 0, "message": {"role": "assistant", "content": [{"type": "text", "text": "hi"}]}}]
    ),
    "content not JSON": completion_body(
        choices=[{"index": 0, "message": {"role": "assistant", "content": "Sure, here it is"}}]
    ),
    "a body that is a JSON list": "[]",
    "a body that is a JSON number": "7",
    "usage of the wrong shape": completion_body(
        choices=[{"index": 0, "message": {"role": "assistant", "content": None}}], usage="lots"
    ),
}


@pytest.mark.parametrize("shape", MALFORMED_REPLIES)
def test_a_reply_of_the_wrong_shape_is_a_repairable_format_error_never_a_crash(
    server: FakeServer, comparison: Comparison, shape: str
):
    server.script(Reply(body=MALFORMED_REPLIES[shape]))
    result = write_with_llm(config_for(server.base_url), comparison)

    assert (result.author, result.outcome, len(result.attempts)) == ("llm", "llm_after_repair", 2)
    assert "JSON schema" in result.attempts[0].findings[0]


def test_an_endpoint_that_is_down_falls_back_at_once_and_records_the_error_without_the_key(comparison: Comparison):
    result = write_with_llm(config_for(closed_port_url(), max_attempts=2), comparison)

    assert (result.author, result.outcome) == ("deterministic", "fallback")
    (attempt,) = result.attempts
    assert "cannot connect" in attempt.error
    assert SECRET not in result.model_dump_json()


def test_a_model_name_echoing_the_key_is_recorded_as_the_configured_model(comparison: Comparison):
    with FakeServer(
        responder=lambda request: Reply(content=neutral_answer(request).content, model=f"proxy/{SECRET}")
    ) as server:
        result = write_with_llm(config_for(server.base_url), comparison)

    assert result.outcome == "llm_first_try" and result.model == "test-model"
    assert SECRET not in result.model_dump_json()


def test_a_plain_model_name_from_the_endpoint_is_recorded(comparison: Comparison):
    with FakeServer(
        responder=lambda request: Reply(content=neutral_answer(request).content, model="gpt-4o-mini-2024-07-18")
    ) as server:
        result = write_with_llm(config_for(server.base_url), comparison)

    assert result.model == "gpt-4o-mini-2024-07-18"


def test_an_answer_quoting_the_api_key_is_rejected_and_never_published(comparison: Comparison):
    digitless_secret = "sk-test-SECRET-abc"
    with FakeServer(
        responder=lambda request: Reply(
            content={
                "paragraphs": [
                    p.replace("the date", f"key {digitless_secret} and the date")
                    for p in neutral_answer(request).content["paragraphs"]
                ]
            }
        )
    ) as server:
        result = write_with_llm(config_for(server.base_url, api_key=SecretStr(digitless_secret)), comparison)

    assert (result.author, result.outcome) == ("deterministic", "fallback")
    assert all(any("API key" in finding for finding in attempt.findings) for attempt in result.attempts)
    assert digitless_secret not in result.model_dump_json()
    assert all(digitless_secret not in message["content"] for message in server.requests[-1]["messages"][2:])
