"""A fake OpenAI-compatible endpoint on 127.0.0.1 for tests and benchmarks.

The real `openai` SDK talks to it over HTTP, so the code under test is the code that ships. Answers
come from a FIFO script of `Reply`s, then from a responder (by default a correct, figure-free answer
in the requested schema). It injects latency, error statuses, Retry-After headers, slow answers,
malformed bodies, emulates llama.cpp's server, and serves the files and batches endpoints.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

LLAMA_CPP_REJECTION = (
    "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
    "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}]"
)


@dataclass
class Reply:
    """One scripted answer: a chat completion carrying `content`, or an error status."""

    content: str | dict | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    prompt_tokens: int = 120
    completion_tokens: int = 60
    error_message: str = "injected error"
    body: str | None = None


Responder = Callable[[dict], Reply]


def schema_of(request: dict) -> dict:
    response_format = request.get("response_format") or {}
    return response_format.get("json_schema", {}).get("schema") or response_format.get("schema") or {}


def neutral_answer(request: dict) -> Reply:
    """A correct answer in the requested schema that states no figure and no claim."""
    if "items" in schema_of(request).get("properties", {}):
        items = [{"question": f"Question {word}: what does this page compare?", "answer": "It compares the two models on sourced facts, shown in the tables above."} for word in ("one", "two", "three")]
        return Reply(content={"items": items})
    paragraphs = [
        "The tables above list the sourced facts for both models, each with the date it was checked.",
        "Every figure on this page links to its source, so a reader can check it against the original.",
        "The pricing table names each provider that serves these models and what it charges for tokens.",
        "Choose between the two by the facts that matter to your workload, and read the sources first.",
    ]
    return Reply(content={"paragraphs": paragraphs})


def wrong_figures_answer(request: dict) -> Reply:
    """An answer in the requested schema whose every sentence carries figures no fact supports."""
    wrong = ["Llama 3.2 1B Instruct leads GPQA by 99.9 points.", "Qwen3.5-4B costs $9.99 per 1M input tokens.", "Llama 3.2 1B Instruct has a 999K-token context window.", "Qwen3.5-4B is served by 42 providers."]
    if "items" in schema_of(request).get("properties", {}):
        return Reply(content={"items": [{"question": f"How do they compare, part {number}?", "answer": sentence} for number, sentence in enumerate(wrong, start=1)]})
    return Reply(content={"paragraphs": wrong})


class FakeServer:
    """`with FakeServer(...) as server:` serves on `server.base_url` until the block ends."""

    def __init__(self, responder: Responder | None = None, latency: float = 0.0, llama_cpp: bool = False, batch_delay: float = 0.0):
        self.responder = responder or neutral_answer
        self.latency = latency
        self.llama_cpp = llama_cpp
        self.batch_delay = batch_delay
        self.requests: list[dict] = []
        self.batches_created = 0
        self._scripted: deque[Reply] = deque()
        self._files: dict[str, bytes] = {}
        self._batches: dict[str, dict] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        routes = [
            Route("/v1/chat/completions", self._chat, methods=["POST"]),
            Route("/v1/models", self._models, methods=["GET"]),
            Route("/v1/files", self._upload, methods=["POST"]),
            Route("/v1/files/{file_id}/content", self._file_content, methods=["GET"]),
            Route("/v1/batches", self._create_batch, methods=["POST"]),
            Route("/v1/batches/{batch_id}", self._get_batch, methods=["GET"]),
        ]
        config = uvicorn.Config(Starlette(routes=routes), host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def script(self, *replies: Reply) -> None:
        self._scripted.extend(replies)

    @property
    def chat_calls(self) -> int:
        return len(self.requests)

    def _next_reply(self, request: dict) -> Reply:
        with self._lock:
            self.requests.append(request)
            scripted = self._scripted.popleft() if self._scripted else None
        if self.llama_cpp and (request.get("response_format") or {}).get("type") == "json_schema":
            return Reply(status=500, error_message=LLAMA_CPP_REJECTION)
        return scripted or self.responder(request)

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids)}"

    # -- chat completions ------------------------------------------------------------------

    async def _chat(self, http_request: Request) -> Response:
        request = await http_request.json()
        reply = self._next_reply(request)
        await asyncio.sleep(self.latency + reply.delay)
        status, body = self._answer(request, reply)
        if reply.body is not None:
            return PlainTextResponse(reply.body, status_code=status, headers=reply.headers, media_type="application/json")
        return JSONResponse(body, status_code=status, headers=reply.headers)

    def _answer(self, request: dict, reply: Reply) -> tuple[int, dict]:
        if reply.status != 200:
            return reply.status, {"error": {"message": reply.error_message, "type": "server_error" if reply.status >= 500 else "invalid_request_error", "code": None}}
        content = json.dumps(reply.content) if isinstance(reply.content, dict) else reply.content
        return 200, {
            "id": self._new_id("chatcmpl"),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "fake"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop", "logprobs": None}],
            "usage": {"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens, "total_tokens": reply.prompt_tokens + reply.completion_tokens},
        }

    async def _models(self, http_request: Request) -> Response:
        return JSONResponse({"object": "list", "data": [{"id": "fake-model", "object": "model", "created": 0, "owned_by": "versus-tests"}]})

    # -- files and batches -----------------------------------------------------------------

    async def _upload(self, http_request: Request) -> Response:
        form = await http_request.form()
        upload = form["file"]
        content = await upload.read()
        file_id = self._new_id("file")
        self._files[file_id] = content
        return JSONResponse(self._file_object(file_id, upload.filename or "upload.jsonl", str(form.get("purpose", "batch"))))

    def _file_object(self, file_id: str, filename: str, purpose: str) -> dict:
        return {"id": file_id, "object": "file", "bytes": len(self._files[file_id]), "created_at": int(time.time()), "filename": filename, "purpose": purpose, "status": "processed"}

    async def _file_content(self, http_request: Request) -> Response:
        file_id = http_request.path_params["file_id"]
        if file_id not in self._files:
            return JSONResponse({"error": {"message": f"no file {file_id}", "type": "invalid_request_error"}}, status_code=404)
        return Response(self._files[file_id], media_type="application/octet-stream")

    async def _create_batch(self, http_request: Request) -> Response:
        order = await http_request.json()
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
        asyncio.get_running_loop().create_task(self._run_batch(batch_id))
        return JSONResponse(self._batches[batch_id])

    async def _run_batch(self, batch_id: str) -> None:
        batch = self._batches[batch_id]
        batch["status"] = "in_progress"
        await asyncio.sleep(self.batch_delay)
        lines = [json.loads(line) for line in self._files[batch["input_file_id"]].decode().splitlines() if line.strip()]
        results = []
        for line in lines:
            reply = self._next_reply(line["body"])
            status, body = self._answer(line["body"], reply)
            results.append({"id": self._new_id("response"), "custom_id": line["custom_id"], "response": {"status_code": status, "request_id": self._new_id("request"), "body": body}, "error": None})
        output_id = self._new_id("file")
        self._files[output_id] = "".join(json.dumps(result) + "\n" for result in results).encode()
        failed = sum(result["response"]["status_code"] != 200 for result in results)
        batch.update(status="completed", output_file_id=output_id, completed_at=int(time.time()), request_counts={"total": len(results), "completed": len(results) - failed, "failed": failed})

    async def _get_batch(self, http_request: Request) -> Response:
        batch = self._batches.get(http_request.path_params["batch_id"])
        if batch is None:
            return JSONResponse({"error": {"message": "no such batch", "type": "invalid_request_error"}}, status_code=404)
        return JSONResponse(batch)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
