"""A fake OpenAI-compatible endpoint on 127.0.0.1 for tests and benchmarks.

The real `openai` SDK talks to it over HTTP, so the code under test is the code that ships. Answers
come from a FIFO script of `Reply`s, then from a responder (by default a correct, figure-free answer
in the requested schema). It injects latency, error statuses, Retry-After headers, slow answers and
malformed bodies, emulates llama.cpp's server, and serves the files and batches endpoints.

    with FakeServer() as server:
        server.script(Reply(status=429, headers={"Retry-After": "1"}))
        ...  # point an AsyncOpenAI at server.base_url
        assert server.chat_calls == 2
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

SERVED_MODEL = "fake-model"
# What llama-cpp-python's server answers to `response_format: {"type": "json_schema"}`: its pydantic
# request validation error, sent as HTTP 500 although the request is at fault.
LLAMA_CPP_REJECTION_BODY = json.dumps(
    {
        "error": {
            "message": "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
            "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema', "
            "'ctx': {'expected': \"'text' or 'json_object'\"}}]",
            "type": "internal_server_error",
        }
    }
)


@dataclass
class Reply:
    """One answer: a chat completion carrying `content` (a dict is sent as its JSON text), or an error
    status with an OpenAI error body carrying `error_message`. `body` replaces the whole response body,
    sent as application/json unless `headers` name another content-type."""

    content: str | dict | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    prompt_tokens: int = 120
    completion_tokens: int = 60
    error_message: str = "injected error"
    body: str | None = None
    # The model name the reply reports; by default the one requested.
    model: str | None = None


Responder = Callable[[dict], Reply]


def requested_schema(request: dict) -> dict:
    """The JSON schema a chat request asks for, in OpenAI's `json_schema` form or llama.cpp's `json_object` form."""
    response_format = request.get("response_format") or {}
    return response_format.get("json_schema", {}).get("schema") or response_format.get("schema") or {}


def asks_for_faq(request: dict) -> bool:
    return "items" in requested_schema(request).get("properties", {})


def asks_for_references(request: dict) -> bool:
    """Whether the schema lets figures be written only as references (`{A}`, `{f1}`), versus's default."""
    return "\\{(A|B" in json.dumps(requested_schema(request))


def model_names(request: dict) -> tuple[str, str]:
    """How an answer names the two models: by reference, or as the system prompt spells them."""
    if asks_for_references(request):
        return "{A}", "{B}"
    system = next((message["content"] for message in request.get("messages", []) if message["role"] == "system"), "")
    match = re.search(r"language models: (.+?) and (.+?)\.\n", system)
    return (match.group(1), match.group(2)) if match else ("the first model", "the second model")


def neutral_answer(request: dict) -> Reply:
    """A correct answer in the requested schema: plain English naming both models, no figure and no
    claim a fact could contradict, so it passes the validator and the prose-quality gate."""
    a, b = model_names(request)
    if asks_for_faq(request):
        items = [
            (
                f"Where do the facts about {a} and {b} come from?",
                f"Every fact about {a} and {b} on this page comes from a public source, linked beside it with the date it was checked.",
            ),
            (
                f"How should I choose between {a} and {b}?",
                f"Choose between {a} and {b} by the facts that matter to your workload, then run your own prompts through both before you commit.",
            ),
            (
                f"Does this page compare {a} and {b} on the same facts?",
                f"Yes, the tables compare {a} and {b} on the same sourced facts, side by side.",
            ),
        ]
        return Reply(content={"items": [{"question": question, "answer": answer} for question, answer in items]})
    paragraphs = [
        f"The tables above list the sourced facts for {a} and {b}, each with the date it was checked.",
        f"Every figure about {a} on this page links to its source, so a reader can check it against the original.",
        f"The pricing table names each provider that serves {b} and what it charges for tokens.",
        f"Choose between {a} and {b} by the facts that matter to your workload, and read the sources first.",
    ]
    return Reply(content={"paragraphs": paragraphs})


# Written for the pair Llama 3.2 1B Instruct vs Qwen3.5-4B; for any other pair the model names are
# unknown entities on top of the wrong figures, so every sentence is still flagged.
WRONG_FIGURES = (
    "Llama 3.2 1B Instruct leads GPQA by 99.9 points and costs $9.99 per 1M input tokens on every provider.",
    "Qwen3.5-4B costs $9.99 per 1M input tokens, while Llama 3.2 1B Instruct has a 999K-token context window.",
    "Llama 3.2 1B Instruct has a 999K-token context window, eight times what Qwen3.5-4B offers its users.",
    "Qwen3.5-4B costs $7.77 per 1M output tokens, which makes Llama 3.2 1B Instruct the cheaper one to run.",
)


def wrong_figures_answer(request: dict) -> Reply:
    """An answer in the requested schema whose every paragraph (or FAQ answer) states figures no fact supports."""
    if asks_for_faq(request):
        items = [
            {"question": f"How do the two models compare, part {number}?", "answer": sentence}
            for number, sentence in enumerate(WRONG_FIGURES, start=1)
        ]
        return Reply(content={"items": items})
    return Reply(content={"paragraphs": list(WRONG_FIGURES)})


class FakeServer:
    """`with FakeServer(...) as server:` serves on `server.base_url` until the block ends.

    Every chat request (direct or inside a batch) is recorded in `requests` and answered by the next
    scripted `Reply`, else by `responder`. With `llama_cpp=True` a `json_schema` response format is
    rejected the way llama-cpp-python's server rejects it, before any scripted reply is used.
    """

    def __init__(
        self,
        responder: Responder | None = None,
        latency: float = 0.0,
        llama_cpp: bool = False,
        batch_delay: float = 0.0,
    ):
        self.responder = responder or neutral_answer
        self.latency = latency
        self.llama_cpp = llama_cpp
        self.batch_delay = batch_delay
        self.requests: list[dict] = []
        self.batches_created = 0
        self._scripted: deque[Reply] = deque()
        # Held only to record a request and take its reply, never across a sleep: answers overlap.
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._files: dict[str, bytes] = {}
        self._batches: dict[str, dict] = {}
        # Running batches, referenced so the event loop does not drop them half way.
        self._batch_tasks: set[asyncio.Task] = set()
        # Bound here, not by uvicorn, so the port is ours from the start and no other process can take it.
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._socket.getsockname()[1]}/v1"
        config = uvicorn.Config(self._application(), log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name="fake-openai-server", daemon=True
        )

    def _application(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
                Route("/v1/files", self._upload, methods=["POST"]),
                Route("/v1/files/{file_id}/content", self._file_content, methods=["GET"]),
                Route("/v1/batches", self._create_batch, methods=["POST"]),
                Route("/v1/batches/{batch_id}", self._batch, methods=["GET"]),
            ]
        )

    def __enter__(self) -> FakeServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the fake OpenAI server did not start on {self.base_url}")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.should_exit = True
        # Whatever is still running (a batch, a request whose client never hung up) is cancelled, not awaited.
        self._server.force_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def script(self, *replies: Reply) -> None:
        """Queue replies for the next chat requests, in order; the responder answers once they run out."""
        with self._lock:
            self._scripted.extend(replies)

    @property
    def chat_calls(self) -> int:
        with self._lock:
            return len(self.requests)

    def _reply_to(self, request: dict) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.llama_cpp and (request.get("response_format") or {}).get("type") == "json_schema":
                return Reply(status=500, body=LLAMA_CPP_REJECTION_BODY)
            scripted = self._scripted.popleft() if self._scripted else None
        return scripted or self.responder(request)

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids)}"

    # -- chat completions ----------------------------------------------------------------------

    async def _chat(self, http_request: Request) -> Response:
        request = await http_request.json()
        reply = self._reply_to(request)
        await _sleep_unless_disconnected(http_request, self.latency + reply.delay)
        if reply.body is not None:
            return Response(reply.body, status_code=reply.status, headers=reply.headers, media_type="application/json")
        return JSONResponse(self._response_body(request, reply), status_code=reply.status, headers=reply.headers)

    def _response_body(self, request: dict, reply: Reply) -> dict:
        """A chat.completion object for a 200 reply, else an OpenAI error object."""
        if reply.status != 200:
            error_type = "server_error" if reply.status >= 500 else "invalid_request_error"
            return {"error": {"message": reply.error_message, "type": error_type, "param": None, "code": None}}
        content = json.dumps(reply.content) if isinstance(reply.content, dict) else reply.content
        return {
            "id": self._new_id("chatcmpl"),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": reply.model or request.get("model", SERVED_MODEL),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": reply.prompt_tokens,
                "completion_tokens": reply.completion_tokens,
                "total_tokens": reply.prompt_tokens + reply.completion_tokens,
            },
        }

    async def _models(self, http_request: Request) -> Response:
        return JSONResponse(
            {
                "object": "list",
                "data": [{"id": SERVED_MODEL, "object": "model", "created": 0, "owned_by": "versus-tests"}],
            }
        )

    # -- files and batches ---------------------------------------------------------------------

    async def _upload(self, http_request: Request) -> Response:
        form = await http_request.form()
        upload = form["file"]
        file_id = self._store_file(await upload.read())
        return JSONResponse(
            self._file_object(file_id, upload.filename or "upload.jsonl", str(form.get("purpose", "batch")))
        )

    def _store_file(self, content: bytes) -> str:
        file_id = self._new_id("file")
        self._files[file_id] = content
        return file_id

    def _file_object(self, file_id: str, filename: str, purpose: str) -> dict:
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(self._files[file_id]),
            "created_at": int(time.time()),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
        }

    async def _file_content(self, http_request: Request) -> Response:
        file_id = http_request.path_params["file_id"]
        if file_id not in self._files:
            return _not_found(f"No such file: {file_id}")
        return Response(self._files[file_id], media_type="application/octet-stream")

    async def _create_batch(self, http_request: Request) -> Response:
        order = await http_request.json()
        if order.get("input_file_id") not in self._files:
            return _not_found(f"No such file: {order.get('input_file_id')}")
        batch_id = self._new_id("batch")
        self.batches_created += 1
        self._batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": order["endpoint"],
            "input_file_id": order["input_file_id"],
            "completion_window": order["completion_window"],
            "status": "validating",
            "created_at": int(time.time()),
            "request_counts": {"total": 0, "completed": 0, "failed": 0},
        }
        answer = JSONResponse(self._batches[batch_id])
        task = asyncio.get_running_loop().create_task(self._run_batch(batch_id))
        self._batch_tasks.add(task)
        task.add_done_callback(self._batch_tasks.discard)
        return answer

    async def _run_batch(self, batch_id: str) -> None:
        batch = self._batches[batch_id]
        batch.update(status="in_progress", in_progress_at=int(time.time()))
        await asyncio.sleep(self.batch_delay)
        lines = [json.loads(line) for line in self._files[batch["input_file_id"]].decode().splitlines() if line.strip()]
        try:
            results = [self._batch_result(line) for line in lines]
        except Exception:
            # A responder that raises is a bug in the test; a batch left in progress would hang its client.
            batch.update(status="failed", failed_at=int(time.time()))
            raise
        failed = sum(result["response"]["status_code"] != 200 for result in results)
        batch.update(
            status="completed",
            output_file_id=self._store_file("".join(json.dumps(result) + "\n" for result in results).encode()),
            completed_at=int(time.time()),
            request_counts={"total": len(results), "completed": len(results) - failed, "failed": failed},
        )

    def _batch_result(self, line: dict) -> dict:
        """One line of a batch's output file: the chat answer (or error) to one line of its input."""
        reply = self._reply_to(line["body"])
        body = _parsed_if_json(reply.body) if reply.body is not None else self._response_body(line["body"], reply)
        response = {"status_code": reply.status, "request_id": self._new_id("request"), "body": body}
        return {"id": self._new_id("batch_req"), "custom_id": line["custom_id"], "response": response, "error": None}

    async def _batch(self, http_request: Request) -> Response:
        batch_id = http_request.path_params["batch_id"]
        if batch_id not in self._batches:
            return _not_found(f"No such batch: {batch_id}")
        return JSONResponse(self._batches[batch_id])


async def _sleep_unless_disconnected(http_request: Request, seconds: float) -> None:
    """Wait `seconds` before answering, but stop when the client hangs up (it timed out), as a real
    server stops generating: an answer nobody waits for must not hold up the server's shutdown."""
    if seconds <= 0:
        return
    sleeping = asyncio.create_task(asyncio.sleep(seconds))
    hung_up = asyncio.create_task(_disconnected(http_request))
    await asyncio.wait((sleeping, hung_up), return_when=asyncio.FIRST_COMPLETED)
    for waiting in (sleeping, hung_up):
        waiting.cancel()


async def _disconnected(http_request: Request) -> None:
    # The body has been read, so the next ASGI message is the client's disconnect.
    while (await http_request.receive())["type"] != "http.disconnect":
        pass


def _not_found(message: str) -> Response:
    return JSONResponse(
        {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": None}}, status_code=404
    )


def _parsed_if_json(raw_body: str) -> dict | str:
    """A raw body as a batch output line carries it: as JSON when it is JSON, else as the text itself."""
    try:
        return json.loads(raw_body)
    except json.JSONDecodeError:
        return raw_body
