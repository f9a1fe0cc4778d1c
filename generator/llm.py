"""Stage 4, LLM: clients over the `openai` SDK for any OpenAI-compatible endpoint, one request at a time
(LLMClient) or through the Batch API (BatchLLMClient), on one base (ChatClient).

Structured output is a pydantic model sent as a JSON schema, in the form the endpoint accepts
(`json_schema` for OpenAI and vLLM, `json_object` with a schema for llama.cpp's server). Retries are
tenacity's alone (the SDK's are off, so the two never multiply): exponential backoff with jitter on
429, 5xx, timeouts and connection errors, honouring Retry-After. The API key is a SecretStr and is
scrubbed from every message this module lets out.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple, Self

import openai
from aiolimiter import AsyncLimiter
from openai import AsyncOpenAI
from pydantic import BaseModel, Field, SecretStr, TypeAdapter, ValidationError
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from generator.errors import VersusError
from generator.files import write_atomically
from generator.settings import SETTING, default, project_settings

log = logging.getLogger("versus.llm")

OPENAI_URL = "https://api.openai.com/v1"
OPENAI_DEFAULT_MODEL = "gpt-4o-mini"
# Servers that serve one model (llama.cpp, vLLM, a fake) ignore the name; Ollama needs the real one.
UNNAMED_MODEL = "default"
# llama.cpp's server answers a request it cannot parse with HTTP 500 and a pydantic message about
# the request body: a bad request, which no retry can fix.
BAD_REQUEST_AS_500 = re.compile(r"Input should be|\('body',|literal_error")
# A model name an endpoint reports is recorded (page.json, the cache, the report) only when it looks
# like one: an endpoint that echoes the API key, or anything else, there gets the configured name.
SAFE_MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,99}")
# Requests in a row that failed for good on transient faults (out of retries) before the endpoint
# counts as down: later sections then fall back at once (uncached, so the next run asks again)
# instead of each spending its retries and timeouts on a dead endpoint, hours over a big batch.
FAILURES_BEFORE_GIVING_UP = 3


class LLMError(VersusError):
    """The endpoint failed for good (out of retries, or refused the request)."""

    exit_code = 1


class AnswerFormatError(LLMError):
    """The endpoint answered, but not in the section's schema; the answer goes back for repair."""

    def __init__(self, detail: str, raw_text: str, usage: Usage):
        self.detail = detail
        self.raw_text = raw_text
        self.usage = usage
        super().__init__(f"the answer does not match the schema: {detail}")


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class Completion(BaseModel):
    """One parsed answer: the section model, the text it came from, its tokens and the model that wrote it."""

    parsed: Any
    raw_text: str
    usage: Usage
    model: str


class LLMConfig(BaseModel):
    """Where and how to ask. `is_local` marks "nothing configured": the bundled model is started for the run."""

    base_url: str | None = None
    api_key: SecretStr = SecretStr("not-needed")
    model: str = UNNAMED_MODEL
    structured_output: Literal["json_schema", "json_object"] = default("structured_output")
    # "reference": the answer schema lets the LLM write a figure only as a reference to a fact, enforced
    # while decoding; "free" is for endpoints that cannot constrain a string by a pattern.
    figures: Literal["reference", "free"] = default("figures")
    timeout: float = Field(default=default("timeout"), gt=0)
    max_attempts: int = Field(default=default("max_attempts"), ge=1)
    backoff_initial: float = Field(default=1.0, ge=0)
    backoff_max: float = Field(default=30.0, ge=0)
    temperature: float = default("temperature")
    max_tokens: int = Field(default=default("max_tokens"), ge=1)
    requests_per_minute: int | None = Field(default=default("requests_per_minute"), ge=1)
    tokens_per_minute: int | None = Field(default=default("tokens_per_minute"), ge=1)
    batch_poll_seconds: float = Field(default=default("batch_poll_seconds"), gt=0)
    is_local: bool = False

    def generation_parameters(self) -> dict[str, Any]:
        """What decides an answer's text, for the section cache (not the URL: a local server's port changes)."""
        return {
            "model": self.model,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "structured_output": self.structured_output,
            "figures": self.figures,
        }


# Measured (README, "Building pages"): the bundled model writes no section a reviewer would keep, so it
# is an explicit choice, and with nothing configured the deterministic writer writes the prose.
NO_ENDPOINT_NOTICE = (
    "no LLM endpoint configured: the deterministic writer wrote the prose; to have an LLM write it, pass --llm URL "
    "(an OpenAI-compatible base URL) or set OPENAI_BASE_URL or OPENAI_API_KEY (or use --llm local for the bundled offline model)"
)


def no_endpoint_configured(
    llm: str | None, project_dir: Path | None = None, environ: Mapping[str, str] | None = None
) -> bool:
    """Whether nothing chose an LLM or its absence: no flag, no OPENAI_* variable, no `llm` setting."""
    environ = os.environ if environ is None else environ
    settings, _ = project_settings(project_dir)
    return not (llm or environ.get("OPENAI_BASE_URL") or environ.get("OPENAI_API_KEY") or settings.get("llm"))


def resolve_config(
    llm: str | None, model: str | None, project_dir: Path | None = None, environ: Mapping[str, str] | None = None
) -> LLMConfig | None:
    """The LLM to use: `--llm`/`--llm-model` flags, then OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_MODEL,
    then versus.toml or `[tool.versus]`. `local` is the bundled model, started for the run; `none`, or
    nothing configured, means no LLM (the deterministic writer)."""
    environ = os.environ if environ is None else environ
    settings, settings_file = project_settings(project_dir)
    base_url = llm or environ.get("OPENAI_BASE_URL") or settings.get("llm")
    api_key = environ.get("OPENAI_API_KEY")
    if base_url is None:
        base_url = OPENAI_URL if api_key else "none"
    is_local = base_url == "local"
    if base_url != "none" and not is_local and not re.match(r"https?://", base_url):
        raise VersusError(
            f"--llm {base_url!r} is not a URL: pass an OpenAI-compatible base URL such as http://127.0.0.1:8080/v1, local (the bundled model) or none"
        )
    default_model = OPENAI_DEFAULT_MODEL if base_url == OPENAI_URL else UNNAMED_MODEL
    # The settings the client reads; `llm` and `model` are resolved above, with the flags and environment.
    fields = {
        name: settings[name]
        for name in LLMConfig.model_fields
        if name in SETTING and name not in ("llm", "model") and name in settings
    }
    try:
        config = LLMConfig(
            base_url=None if is_local or base_url == "none" else base_url,
            api_key=SecretStr(api_key or "not-needed"),
            model=model or environ.get("OPENAI_MODEL") or settings.get("model") or default_model,
            is_local=is_local,
            **fields,
        )
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}" for problem in error.errors())
        raise VersusError(
            f"{settings_file}: LLM settings are invalid ({problems}); fix them in [tool.versus]"
        ) from error
    # Settings are checked even when no LLM is used: a mistake in them must not wait for the day one is.
    return None if base_url == "none" else config


class ChatClient(ABC):
    """What every way of asking an endpoint shares: its configuration, the SDK client, the request
    body in the endpoint's structured-output form, parsing an answer into the section's model, usage
    accounting, the retry policy and scrubbing the API key. How a request travels is the subclass's:
    one HTTP call each (LLMClient) or many in one batch job (BatchLLMClient)."""

    def __init__(self, config: LLMConfig):
        self.config = config
        self.calls = 0
        self.usage = Usage()
        self._openai = AsyncOpenAI(
            base_url=config.base_url, api_key=config.api_key.get_secret_value(), timeout=config.timeout, max_retries=0
        )

    @property
    def model(self) -> str:
        return self.config.model

    def generation_parameters(self) -> dict[str, Any]:
        return self.config.generation_parameters()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self._openai.close()

    @abstractmethod
    async def complete(
        self, messages: list[dict[str, str]], answer_model: type[BaseModel], schema: dict[str, Any] | None = None
    ) -> Completion:
        """One answer in `answer_model`'s schema (or in the stricter `schema`, which the answer must also
        fit), parsed with pydantic: an answer of the wrong shape raises AnswerFormatError, an endpoint
        that failed for good LLMError."""

    def request_body(
        self, messages: list[dict[str, str]], answer_model: type[BaseModel], schema: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        mode = self.config.structured_output
        return {
            "model": self.config.model,
            "messages": messages,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
            "response_format": strict_response_format(answer_model.__name__, schema, mode)
            if schema
            else response_format(answer_model, mode),
        }

    def parse(self, response: openai.types.chat.ChatCompletion, answer_model: type[BaseModel]) -> Completion:
        """The answer in `answer_model`; a reply of the wrong shape (no choices, a choice without a
        message, no content, not JSON, not the schema) is an AnswerFormatError, sent back for repair."""
        usage = reply_usage(response)
        self.usage += usage
        raw_text = reply_text(response)
        if raw_text is None:
            raise AnswerFormatError("the reply carries no answer text (no choice, no message or no content)", "", usage)
        try:
            parsed = answer_model.model_validate_json(strip_code_fence(raw_text))
        except ValidationError as error:
            detail = "; ".join(
                f"{'.'.join(map(str, problem['loc'])) or 'answer'}: {problem['msg']}" for problem in error.errors()[:5]
            )
            raise AnswerFormatError(self.scrub(detail), raw_text, usage) from None
        return Completion(
            parsed=parsed, raw_text=raw_text, usage=usage, model=self.recorded_model(getattr(response, "model", None))
        )

    def recorded_model(self, reported: Any) -> str:
        """The model name to record: the endpoint's when it is a plain name, else the configured one."""
        secret = self.config.api_key.get_secret_value()
        if (
            isinstance(reported, str)
            and SAFE_MODEL_NAME.fullmatch(reported)
            and not (len(secret) >= 4 and secret in reported)
        ):
            return reported
        return self.config.model

    def scrub(self, text: str) -> str:
        """The text with the API key blanked, whatever echoed it (a proxy's error page, an exception)."""
        secret = self.config.api_key.get_secret_value()
        return text.replace(secret, "***") if len(secret) >= 4 else text

    def _retrying(self) -> AsyncRetrying:
        return AsyncRetrying(
            stop=stop_after_attempt(self.config.max_attempts),
            wait=RetryAfterOr(
                wait_exponential_jitter(
                    multiplier=self.config.backoff_initial,
                    max=self.config.backoff_max,
                    jitter=self.config.backoff_initial,
                )
            ),
            retry=retry_if_exception(is_transient),
            before_sleep=lambda state: log.warning(
                "%s; retrying (attempt %d)",
                self.scrub(describe_error(state.outcome.exception())),
                state.attempt_number + 1,
            ),
            reraise=True,
        )


class LLMClient(ChatClient):
    """Chat completions, one HTTP request an answer: retries, rate limits, a cap on the requests in
    flight, and giving up on an endpoint that keeps failing."""

    def __init__(self, config: LLMConfig, concurrency: int = 8):
        super().__init__(config)
        # Held only while a request is in flight, so --concurrency counts HTTP requests, nothing else.
        self._in_flight = asyncio.Semaphore(concurrency)
        self._failures_in_a_row = 0
        self._given_up: LLMError | None = None
        self._requests = AsyncLimiter(config.requests_per_minute, 60) if config.requests_per_minute else None
        self._tokens = AsyncLimiter(config.tokens_per_minute, 60) if config.tokens_per_minute else None

    async def complete(
        self, messages: list[dict[str, str]], answer_model: type[BaseModel], schema: dict[str, Any] | None = None
    ) -> Completion:
        """Ask for one answer in `answer_model`'s schema (or in the stricter `schema`, which the answer
        must also fit); retry transient faults; parse with pydantic."""
        if self._given_up:
            raise self._given_up
        request = self.request_body(messages, answer_model, schema)
        retrying = self._retrying()
        try:
            async for attempt in retrying:
                with attempt:
                    response = await self._send(request)
        except openai.OpenAIError as error:
            attempts = retrying.statistics.get("attempt_number", 1)
            failure = LLMError(self.scrub(f"{self.config.base_url}: {describe_error(error)} ({attempts} attempt(s))"))
            if is_transient(error):
                self._count_a_failure(failure)
            raise failure from None
        except json.JSONDecodeError:
            raise self._not_an_api_answer() from None
        if isinstance(response, (str, bytes)):
            # The SDK hands back the body as text when it is not JSON: a proxy's sign-in page, a web server.
            raise self._not_an_api_answer()
        self._failures_in_a_row, self._given_up = 0, None
        if not isinstance(response, openai.types.chat.ChatCompletion):
            # JSON, but not an object (a list, a number): the endpoint answered in the wrong shape.
            raise AnswerFormatError("the reply is not a chat completion object", "", Usage())
        return self.parse(response, answer_model)

    def _count_a_failure(self, failure: LLMError) -> None:
        self._failures_in_a_row += 1
        if self._failures_in_a_row == FAILURES_BEFORE_GIVING_UP:
            log.warning(
                "%s; %d requests in a row failed, so this run asks the endpoint no more",
                failure,
                FAILURES_BEFORE_GIVING_UP,
            )
            self._given_up = LLMError(
                f"{failure}; not asked: {FAILURES_BEFORE_GIVING_UP} requests in a row had failed, the endpoint looks down"
            )

    def _not_an_api_answer(self) -> LLMError:
        return LLMError(
            f"{self.config.base_url}: answered with a body that is not an OpenAI chat completion; check that the URL is the API's base URL (it usually ends in /v1)"
        )

    async def _send(self, request: dict[str, Any]) -> openai.types.chat.ChatCompletion:
        if self._requests:
            await self._requests.acquire()
        if self._tokens:
            await self._tokens.acquire(min(estimated_tokens(request), self.config.tokens_per_minute))
        async with self._in_flight:
            self.calls += 1
            # The body is already in the API's wire form; `chat.completions.create` would walk all of it
            # (the JSON schema included) to transform it, ~1.7 ms of CPU a call that a batch of
            # hundreds of pages feels. The SDK's own `post` sends it with the same client and errors.
            return await self._openai.post("/chat/completions", body=request, cast_to=openai.types.chat.ChatCompletion)


class RetryAfterOr:
    """Wait as long as the server's Retry-After asks, else by the backoff strategy."""

    def __init__(self, backoff):
        self.backoff = backoff

    def __call__(self, retry_state) -> float:
        error = retry_state.outcome.exception()
        retry_after = retry_after_seconds(error)
        return retry_after if retry_after is not None else self.backoff(retry_state)


def retry_after_seconds(error: BaseException | None) -> float | None:
    if not isinstance(error, openai.APIStatusError):
        return None
    value = error.response.headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def is_transient(error: BaseException) -> bool:
    """Worth retrying: rate limits, server faults, timeouts, broken connections; not bad requests."""
    if isinstance(error, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(error, openai.APIStatusError):
        if error.status_code >= 500:
            return not BAD_REQUEST_AS_500.search(str(error.message))
        return error.status_code in (408, 409, 429)
    return False


def describe_error(error: BaseException) -> str:
    if isinstance(error, openai.APIStatusError):
        return f"HTTP {error.status_code}: {error.message}"
    if isinstance(error, openai.APITimeoutError):
        return "the request timed out"
    if isinstance(error, openai.APIConnectionError):
        return "cannot connect to the endpoint"
    return str(error)


@functools.lru_cache(maxsize=16)
def response_format(answer_model: type[BaseModel], mode: str) -> dict[str, Any]:
    # Cached: building a schema costs about a millisecond, and a batch sends the same two thousands of times.
    schema = answer_model.model_json_schema()
    if mode == "json_object":
        return {"type": "json_object", "schema": schema}
    return {"type": "json_schema", "json_schema": {"name": answer_model.__name__, "schema": schema}}


def strict_response_format(name: str, schema: dict[str, Any], mode: str) -> dict[str, Any]:
    """A hand-built schema in the subset that strict decoding honours (anchored patterns, all required)."""
    if mode == "json_object":
        return {"type": "json_object", "schema": schema}
    return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": schema}}


def reply_text(response: Any) -> str | None:
    """The first choice's message content, or None when the reply has no such thing. The SDK builds
    replies without validating them, so any field may be missing or of another type."""
    choices = getattr(response, "choices", None)
    if not isinstance(choices, list) or not choices:
        return None
    message = getattr(choices[0], "message", None)
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else None


def reply_usage(response: Any) -> Usage:
    usage = getattr(response, "usage", None)
    tokens = [getattr(usage, name, 0) for name in ("prompt_tokens", "completion_tokens")]
    if not all(isinstance(count, int) and count >= 0 for count in tokens):
        return Usage()
    return Usage(prompt_tokens=tokens[0], completion_tokens=tokens[1])


def strip_code_fence(text: str) -> str:
    """Some models wrap JSON in a Markdown code fence even when asked for JSON."""
    match = re.fullmatch(r"\s*```(?:json)?\s*(.*?)\s*```\s*", text, flags=re.DOTALL)
    return match.group(1) if match else text


def estimated_tokens(request: dict[str, Any]) -> int:
    """Tokens a request may spend, for the tokens-per-minute limit: ~4 characters a token, plus the answer's cap."""
    return len(json.dumps(request["messages"])) // 4 + request["max_tokens"]


class JournaledBatch(BaseModel):
    """One batch in the journal: the endpoint it went to, and its requests' custom ids by body hash."""

    base_url: str
    requests: dict[str, str]


JOURNAL = TypeAdapter(dict[str, JournaledBatch])


class BatchJournal:
    """The batches a run submitted and has not yet collected, on disk, so that a run killed while a
    batch is out collects that batch on the next run instead of paying for its requests twice.

    Each request is known by a hash of its body, which a rerun rebuilds byte for byte from the same
    facts and prompts; a batch is only ever resumed against the endpoint it was sent to."""

    def __init__(self, path: Path, base_url: str):
        self.path = path
        self.base_url = base_url
        self._batches = self._read()

    def _read(self) -> dict[str, JournaledBatch]:
        if not self.path.is_file():
            return {}
        try:
            return JOURNAL.validate_json(self.path.read_bytes())
        except ValidationError:
            # Losing the journal costs a resubmission, never a wrong answer: say so and go on.
            log.warning("%s is not a batch journal; batches it listed will be submitted again", self.path)
            return {}

    def find(self, key: str) -> tuple[str, str] | None:
        """The (batch id, custom id) a request with this key was already submitted under, if any."""
        for batch_id, batch in self._batches.items():
            if batch.base_url == self.base_url and key in batch.requests:
                return batch_id, batch.requests[key]
        return None

    def record(self, batch_id: str, requests: dict[str, str]) -> None:
        self._batches[batch_id] = JournaledBatch(base_url=self.base_url, requests=requests)
        self._save()

    def forget(self, batch_ids: set[str]) -> None:
        if batch_ids & self._batches.keys():
            self._batches = {batch_id: batch for batch_id, batch in self._batches.items() if batch_id not in batch_ids}
            self._save()

    def _save(self) -> None:
        if self._batches:
            write_atomically(self.path, JOURNAL.dump_json(self._batches, indent=1).decode())
        else:
            self.path.unlink(missing_ok=True)


def request_key(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


class BatchRequest(NamedTuple):
    """A request waiting for the next batch: its line's custom id, its body, the body's hash (its
    key in the journal) and the future its answer is delivered to."""

    custom_id: str
    body: dict[str, Any]
    key: str
    answer: asyncio.Future


class BatchLLMClient(ChatClient):
    """The same `complete` interface through the OpenAI Batch API: requests made close together are
    collected into one JSONL file, submitted as one batch, polled, and answered from its output.

    With a journal, a request already out in a batch of an earlier, killed run is answered from that
    batch. Batches are forgotten when the client closes, not when their output arrives: a run killed
    between the two still finds the answers it had downloaded but not yet validated and cached."""

    def __init__(self, config: LLMConfig, journal: Path | None = None, collect_seconds: float = 0.5):
        super().__init__(config)
        self.collect_seconds = collect_seconds
        self.batches = 0
        self._journal = BatchJournal(journal, config.base_url) if journal else None
        self._pending: list[BatchRequest] = []
        self._collecting: asyncio.TimerHandle | None = None
        self._submissions: set[asyncio.Task] = set()
        self._earlier_batches: dict[str, asyncio.Task] = {}
        self._collected: set[str] = set()

    async def __aexit__(self, *exc_info) -> None:
        if self._journal:
            self._journal.forget(self._collected)
        await super().__aexit__(*exc_info)

    async def complete(
        self, messages: list[dict[str, str]], answer_model: type[BaseModel], schema: dict[str, Any] | None = None
    ) -> Completion:
        body = self.request_body(messages, answer_model, schema)
        key = request_key(body)
        submitted = self._journal.find(key) if self._journal else None
        self.calls += 1
        if submitted:
            response = await self._answer_from_earlier_batch(*submitted)
        else:
            answer = asyncio.get_running_loop().create_future()
            self._pending.append(BatchRequest(f"request-{self.calls}", body, key, answer))
            self._collect_a_little_longer()
            response = await answer
        try:
            completion = openai.types.chat.ChatCompletion.model_validate(response)
        except ValidationError:
            raise AnswerFormatError("the reply is not a chat completion", "", Usage()) from None
        return self.parse(completion, answer_model)

    async def _answer_from_earlier_batch(self, batch_id: str, custom_id: str) -> dict[str, Any]:
        if batch_id not in self._earlier_batches:
            log.info("batch %s was submitted by an earlier run: collecting it", batch_id)
            self._earlier_batches[batch_id] = asyncio.get_running_loop().create_task(
                self._earlier_batch_results(batch_id)
            )
        return self._response_in(await self._earlier_batches[batch_id], custom_id)

    async def _earlier_batch_results(self, batch_id: str) -> dict[str, dict]:
        try:
            batch = await self._with_retries(functools.partial(self._openai.batches.retrieve, batch_id))
            return await self._collect(batch)
        except openai.OpenAIError as error:
            # Gone or unreadable: the sections fall back uncached and the next run submits them anew.
            self._collected.add(batch_id)
            raise LLMError(
                self.scrub(f"{self.config.base_url}: batch {batch_id} of an earlier run: {describe_error(error)}")
            ) from None

    def _collect_a_little_longer(self) -> None:
        if self._collecting:
            self._collecting.cancel()
        self._collecting = asyncio.get_running_loop().call_later(self.collect_seconds, self._submit_pending)

    def _submit_pending(self) -> None:
        requests, self._pending = self._pending, []
        task = asyncio.get_running_loop().create_task(self._run_batch(requests))
        self._submissions.add(task)
        task.add_done_callback(self._submissions.discard)

    async def _run_batch(self, requests: list[BatchRequest]) -> None:
        answers = {request.custom_id: request.answer for request in requests}
        try:
            results = await self._batch_results(requests)
        except (openai.OpenAIError, LLMError) as error:
            failure = (
                error
                if isinstance(error, LLMError)
                else LLMError(self.scrub(f"{self.config.base_url}: batch failed: {describe_error(error)}"))
            )
            for answer in answers.values():
                if not answer.done():
                    answer.set_exception(failure)
            return
        for custom_id, answer in answers.items():
            if answer.done():
                continue
            try:
                answer.set_result(self._response_in(results, custom_id))
            except LLMError as error:
                answer.set_exception(error)

    def _response_in(self, results: dict[str, dict], custom_id: str) -> dict[str, Any]:
        result = results.get(custom_id)
        if result and result.get("response", {}).get("status_code") == 200:
            return result["response"]["body"]
        raise LLMError(
            self.scrub(
                f"{self.config.base_url}: batch request {custom_id} failed: {json.dumps(result) if result else 'no result'}"
            )
        )

    async def _batch_results(self, requests: list[BatchRequest]) -> dict[str, dict]:
        lines = [
            json.dumps(
                {"custom_id": request.custom_id, "method": "POST", "url": "/v1/chat/completions", "body": request.body}
            )
            for request in requests
        ]
        upload = await self._with_retries(
            lambda: self._openai.files.create(
                file=("versus-batch.jsonl", ("\n".join(lines) + "\n").encode()), purpose="batch"
            )
        )
        batch = await self._with_retries(
            lambda: self._openai.batches.create(
                input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h"
            )
        )
        self.batches += 1
        if self._journal:
            self._journal.record(batch.id, {request.key: request.custom_id for request in requests})
        log.info("batch %s submitted with %d request(s)", batch.id, len(lines))
        return await self._collect(batch)

    async def _collect(self, batch: openai.types.Batch) -> dict[str, dict]:
        """Poll `batch` until it ends, then read its output and error files."""
        while batch.status not in ("completed", "failed", "expired", "cancelled"):
            await asyncio.sleep(self.config.batch_poll_seconds)
            batch = await self._with_retries(functools.partial(self._openai.batches.retrieve, batch.id))
        results: dict[str, dict] = {}
        for file_id in (batch.output_file_id, batch.error_file_id):
            if file_id:
                content = await self._with_retries(functools.partial(self._openai.files.content, file_id))
                results.update({line["custom_id"]: line for line in map(json.loads, content.text.splitlines()) if line})
        self._collected.add(batch.id)
        if batch.status != "completed" and not results:
            raise LLMError(f"{self.config.base_url}: batch {batch.id} ended {batch.status}")
        return results

    async def _with_retries(self, call):
        async for attempt in self._retrying():
            with attempt:
                return await call()
