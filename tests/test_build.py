"""Batch builds through the real openai SDK against the fake server: cache, incremental rebuilds,
resume after kill -9, fallback when every answer is wrong, the report, and the Batch API."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import build as build_module
from generator.build import BuildOptions, InProcessWorker, PairDesk, PairWorker, build_pages
from generator.cli import main
from generator.facts import load_facts
from generator.llm import LLMConfig
from generator.pool import ProcessPoolWorker
from tests.fakeserver import FakeServer, Reply, asks_for_faq, neutral_answer, wrong_figures_answer
from tests.support import CATALOG, REFERENCE_FACTS, REPOSITORY

PAIRS = [
    ("llama-3.2-1b-instruct", "qwen3.5-4b"),
    ("llama-3.2-1b-instruct", "trinity-large-thinking"),
    ("qwen3.5-4b", "trinity-large-thinking"),
]
SECRET = "sk-test-SECRET-4242"


@pytest.fixture
def server():
    with FakeServer() as fake:
        yield fake


def config_for(server: FakeServer, **overrides) -> LLMConfig:
    return LLMConfig(
        base_url=server.base_url,
        model="gpt-4o-mini",
        max_attempts=2,
        backoff_initial=0,
        backoff_max=0,
        timeout=10,
        batch_poll_seconds=0.05,
        **overrides,
    )


def build(facts_dir: Path, out_dir: Path, server: FakeServer, pairs=PAIRS, **options):
    return build_pages(load_facts(facts_dir), pairs, BuildOptions(out_dir=out_dir, **options), config_for(server))


def cli_environment(**variables: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("OPENAI_")}
    # This checkout's code, whichever checkout the installed `versus` points at.
    return environment | {"PYTHONPATH": str(REPOSITORY)} | variables


def test_a_rerun_with_nothing_changed_makes_no_llm_call(tmp_path: Path, server: FakeServer):
    first = build(REFERENCE_FACTS, tmp_path, server)
    calls_after_first = server.chat_calls
    second = build(REFERENCE_FACTS, tmp_path, server)

    assert first.llm_calls == calls_after_first == 2 * len(PAIRS)
    assert second.llm_calls == 0 and server.chat_calls == calls_after_first
    assert second.cached_sections == 2 * len(PAIRS)
    assert second.pages_unchanged == len(PAIRS)


def test_a_price_change_regenerates_only_the_sections_whose_facts_changed(
    facts_copy: Path, tmp_path: Path, server: FakeServer
):
    build(facts_copy, tmp_path, server)
    trinity = facts_copy / "models" / "trinity-large-thinking.yaml"
    trinity.write_text(
        trinity.read_text().replace(
            "input_usd_per_mtok: 0.22, output_usd_per_mtok: 0.85, source: arcee-pricing",
            "input_usd_per_mtok: 0.25, output_usd_per_mtok: 0.85, source: arcee-pricing",
        )
    )
    calls_before = server.chat_calls

    report = build(facts_copy, tmp_path, server)

    touched = {request_pair(request) for request in server.requests[calls_before:]}
    assert report.llm_calls == 4, "two pairs include Trinity, two sections each"
    assert touched == {"Llama 3.2 1B Instruct vs Trinity-Large-Thinking", "Qwen3.5-4B vs Trinity-Large-Thinking"}
    assert report.cached_sections == 2


def request_pair(request: dict) -> str:
    system = request["messages"][0]["content"]
    return system.split("compares two AI language models: ", 1)[1].split(".\n", 1)[0].replace(" and ", " vs ")


def test_sections_the_llm_failed_on_fall_back_uncached_exit_1_and_are_asked_again_next_run(tmp_path: Path):
    (tmp_path / "versus.toml").write_text("max_attempts = 1\n")
    slug = "-vs-".join(PAIRS[0])
    with FakeServer(responder=lambda request: Reply(status=503)) as down:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator.cli",
                "build",
                "--pair",
                *PAIRS[0],
                "--out",
                "out",
                "--facts",
                str(REFERENCE_FACTS),
                "--llm",
                down.base_url,
                "--llm-model",
                "gpt-4o-mini",
                "--json",
            ],
            env=cli_environment(OPENAI_API_KEY=SECRET),
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )

    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["pages"] == 1 and report["outcomes"] == {"fallback": 2}
    assert sorted(report["unreachable"]) == [f"{slug} deep_dive", f"{slug} faq"]
    page = json.loads((tmp_path / "out" / slug / "page.json").read_text())
    assert all(section["author"] == "deterministic" for section in page["sections"].values())

    with FakeServer() as up:
        rerun = build(REFERENCE_FACTS, tmp_path / "out", up, pairs=PAIRS[:1])
    assert rerun.cached_sections == 0 and rerun.llm_calls == 2 and rerun.outcomes == {"llm_first_try": 2}


def test_a_dead_endpoint_is_given_up_on_instead_of_retried_for_every_section(tmp_path: Path):
    dataset = load_facts(CATALOG)
    pairs = [("llama-3.2-1b-instruct", model) for model in sorted(dataset.models) if model != "llama-3.2-1b-instruct"]
    with FakeServer(responder=lambda request: Reply(status=503)) as down:
        report = build_pages(dataset, pairs, BuildOptions(out_dir=tmp_path, concurrency=2), config_for(down))
    sections = 2 * len(pairs)
    assert (
        report.pages == len(pairs) and report.outcomes == {"fallback": sections} and len(report.unreachable) == sections
    )
    # Retried to the end, every section would have cost max_attempts (2) requests.
    assert down.chat_calls < sections / 4


def test_force_regenerates_every_section(tmp_path: Path, server: FakeServer):
    build(REFERENCE_FACTS, tmp_path, server)
    report = build(REFERENCE_FACTS, tmp_path, server, force=True)
    assert report.llm_calls == 2 * len(PAIRS) and report.cached_sections == 0


def test_the_report_counts_tokens_and_prices_them_at_the_models_cheapest_route(tmp_path: Path, server: FakeServer):
    report = build(CATALOG, tmp_path, server, pairs=PAIRS[:1])
    dataset = load_facts(CATALOG)
    cheapest = min(
        (route for route in dataset.models["gpt-4o-mini"].routes if route.input_usd_per_mtok is not None),
        key=lambda route: route.input_usd_per_mtok + route.output_usd_per_mtok,
    )

    assert report.outcomes == {"llm_first_try": 2}
    answers = [neutral_answer(request) for request in server.requests]
    assert (report.prompt_tokens, report.completion_tokens) == (
        sum(answer.prompt_tokens for answer in answers),
        sum(answer.completion_tokens for answer in answers),
    )
    assert (
        report.estimated_cost_usd
        == (
            report.prompt_tokens * cheapest.input_usd_per_mtok + report.completion_tokens * cheapest.output_usd_per_mtok
        )
        / 1_000_000
    )


def test_an_endpoint_whose_every_answer_is_wrong_publishes_none_of_it_and_says_so(tmp_path: Path):
    with FakeServer(responder=wrong_figures_answer) as server:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator.cli",
                "build",
                "--pair",
                *PAIRS[0],
                "--out",
                str(tmp_path / "out"),
                "--facts",
                str(REFERENCE_FACTS),
                "--json",
            ],
            env=cli_environment(OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY=SECRET),
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    page_dir = tmp_path / "out" / "llama-3.2-1b-instruct-vs-qwen3.5-4b"
    page = json.loads((page_dir / "page.json").read_text())
    wrong_sentences = {
        sentence for request in server.requests for sentence in reply_sentences(wrong_figures_answer(request))
    }

    assert report["outcomes"] == {"fallback": 2} and len(report["fallbacks"]) == 2
    for section in page["sections"].values():
        assert section["author"] == "deterministic" and section["outcome"] == "fallback"
        assert len(section["attempts"]) == 3 and all(attempt["findings"] for attempt in section["attempts"])
    published = (page_dir / "page.md").read_text()
    assert wrong_sentences and not any(sentence in published for sentence in wrong_sentences)
    assert json.loads((page_dir / "validation.json").read_text())["findings"] == []
    assert SECRET not in result.stdout + result.stderr
    assert not any(SECRET in path.read_text() for path in (tmp_path / "out").rglob("*") if path.is_file())


def reply_sentences(reply) -> list[str]:
    content = json.loads(reply.content) if isinstance(reply.content, str) else reply.content
    return content.get("paragraphs") or [item["answer"] for item in content["items"]]


def test_the_summary_prints_as_json_and_progress_as_plain_lines_off_a_terminal(tmp_path: Path):
    result = CliRunner().invoke(
        main, ["build", "--llm", "none", "--out", str(tmp_path), "--facts", str(REFERENCE_FACTS), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["pages"] == 2 and summary["outcomes"] == {"deterministic": 4} and summary["llm_calls"] == 0
    assert "[1/2]" in result.stderr and "[2/2]" in result.stderr


def test_the_batch_api_sends_one_batch_and_validates_its_answers(tmp_path: Path, server: FakeServer):
    report = build(REFERENCE_FACTS, tmp_path, server, batch_api=True)
    assert server.batches_created == 1
    assert report.outcomes == {"llm_first_try": 2 * len(PAIRS)} and report.llm_calls == 2 * len(PAIRS)


def test_the_batch_api_sends_repairs_as_a_second_batch(tmp_path: Path):
    with FakeServer(responder=wrong_figures_answer) as server:
        report = build(REFERENCE_FACTS, tmp_path, server, pairs=PAIRS[:1], batch_api=True, repair_attempts=1)
    assert server.batches_created == 2
    assert report.outcomes == {"fallback": 2} and report.llm_calls == 4


def test_a_run_killed_mid_way_resumes_without_redoing_a_finished_section(tmp_path: Path):
    out_dir = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "generator.cli",
        "build",
        "--all",
        "--model",
        "llama-3.2-1b-instruct",
        "--out",
        str(out_dir),
        "--facts",
        str(CATALOG),
        "--concurrency",
        "4",
    ]
    with FakeServer(latency=0.2) as server:
        environment = cli_environment(OPENAI_BASE_URL=server.base_url)
        run = subprocess.Popen(
            command, env=environment, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(lambda: len(cached_sections(out_dir)) >= 20 and len(list(out_dir.glob("*/page.json"))) >= 3)
        run.send_signal(signal.SIGKILL)
        run.wait()
        finished = cached_sections(out_dir)
        pages_before = {path: path.read_bytes() for path in out_dir.glob("*/page.json")}
        calls_before = server.chat_calls

        rerun = subprocess.run(command + ["--json"], env=environment, cwd=tmp_path, capture_output=True, text=True)

        assert rerun.returncode == 0, rerun.stderr
        report = json.loads(rerun.stdout)
        sections = 2 * len(load_facts(CATALOG).models) - 2
        assert report["pages"] == sections // 2
        assert report["cached_sections"] == len(finished)
        assert server.chat_calls - calls_before == report["llm_calls"] == sections - len(finished)
    assert pages_before and all(path.read_bytes() == text for path, text in pages_before.items())
    assert all(json.loads(path.read_text())["sections"] for path in out_dir.glob("*/page.json"))


def test_an_unreadable_batch_journal_costs_a_resubmission_not_the_build(tmp_path: Path, server: FakeServer):
    journal = tmp_path / ".cache" / "batches.journal"
    journal.parent.mkdir()
    for unreadable in ("{not json", '{"batch_1": {"requests": []}}'):
        journal.write_text(unreadable)
        report = build(REFERENCE_FACTS, tmp_path, server, pairs=PAIRS[:1], batch_api=True, force=True)
        assert report.outcomes == {"llm_first_try": 2}
        assert not journal.exists()
    assert server.batches_created == 2


def test_a_run_killed_while_its_batch_is_out_collects_that_batch_on_rerun_instead_of_resubmitting(tmp_path: Path):
    out_dir = tmp_path / "out"
    (tmp_path / "versus.toml").write_text("batch_poll_seconds = 0.05\n")
    command = [
        sys.executable,
        "-m",
        "generator.cli",
        "build",
        "--pair",
        *PAIRS[0],
        "--batch-api",
        "--out",
        str(out_dir),
        "--facts",
        str(REFERENCE_FACTS),
        "--json",
    ]
    with FakeServer(batch_delay=3.0) as server:
        environment = cli_environment(OPENAI_BASE_URL=server.base_url)
        run = subprocess.Popen(
            command, env=environment, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(lambda: server.batches_created == 1)
        # The batch takes 3 s to finish; half a second is ample for the client to note that it sent it.
        time.sleep(0.5)
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert server.batches_created == 1 and not list(out_dir.glob("*/page.json"))

        rerun = subprocess.run(command, env=environment, cwd=tmp_path, capture_output=True, text=True)

        assert rerun.returncode == 0, rerun.stderr
        report = json.loads(rerun.stdout)
        assert server.batches_created == 1 and server.chat_calls == 2
        assert report["outcomes"] == {"llm_first_try": 2} and report["llm_calls"] == 2
    assert not (out_dir / ".cache" / "batches.journal").exists()
    page = json.loads((out_dir / "-vs-".join(PAIRS[0]) / "page.json").read_text())
    assert [section["outcome"] for section in page["sections"].values()] == ["llm_first_try", "llm_first_try"]


def cached_sections(out_dir: Path) -> set[str]:
    return {path.name for path in (out_dir / ".cache").glob("*.json")}


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the build never got that far"
        time.sleep(0.02)


def wrong_first_then_neutral(request: dict) -> Reply:
    """A deep dive with wrong figures first, a correct one when asked to repair; a correct FAQ at once."""
    first_ask = len(request["messages"]) <= 2
    return wrong_figures_answer(request) if first_ask and not asks_for_faq(request) else neutral_answer(request)


def page_files(out_dir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(out_dir)): path.read_bytes()
        for name in ("page.json", "page.md", "page.html", "validation.json")
        for path in out_dir.glob(f"*/{name}")
    }


def test_the_process_pool_writes_the_same_pages_as_the_in_process_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    pools: list[ProcessPoolWorker] = []

    class RecordedPool(ProcessPoolWorker):
        def __init__(self, *arguments, **keywords):
            super().__init__(*arguments, **keywords)
            pools.append(self)

    monkeypatch.setattr(build_module, "ProcessPoolWorker", RecordedPool)
    dataset = load_facts(REFERENCE_FACTS)
    reports = {}
    with FakeServer(responder=wrong_first_then_neutral) as server:
        for processes in (0, 2):
            # Free figures: the wrong answer reaches the validator (the findings step), not only substitution.
            options = BuildOptions(out_dir=tmp_path / str(processes), worker_processes=processes, repair_attempts=1)
            reports[processes] = build_pages(dataset, PAIRS, options, config_for(server, figures="free"))

    assert len(pools) == 1 and len(pools[0].pools) == 2, "one build went through two worker processes"
    assert reports[0].outcomes == reports[2].outcomes == {"llm_after_repair": len(PAIRS), "llm_first_try": len(PAIRS)}
    in_process, in_pool = page_files(tmp_path / "0"), page_files(tmp_path / "2")
    assert len(in_process) == 4 * len(PAIRS)
    assert in_pool == in_process


def test_the_in_process_worker_and_the_process_pool_both_are_pair_workers(tmp_path: Path):
    desk = PairDesk(load_facts(REFERENCE_FACTS), None, tmp_path)
    with ProcessPoolWorker(desk, processes=1) as in_pool:
        for worker in (InProcessWorker(desk), in_pool):
            assert isinstance(worker, PairWorker)
            for step in ("prepare", "findings", "write"):
                assert inspect.iscoroutinefunction(getattr(worker, step)), step
                assert inspect.signature(getattr(type(worker), step)) == inspect.signature(getattr(PairWorker, step)), (
                    step
                )
    # Having the steps' names is not enough: the desk's steps are not awaitable.
    assert not inspect.iscoroutinefunction(desk.prepare)


def test_each_step_in_a_worker_process_gives_what_it_gives_in_process(tmp_path: Path):
    dataset = load_facts(REFERENCE_FACTS)
    pair = PAIRS[0]
    wrong = " ".join(wrong_figures_answer({"messages": []}).content["paragraphs"])

    async def steps(worker: PairWorker) -> tuple:
        prepared = await worker.prepare(pair)
        findings = await worker.findings(pair, wrong)
        sections = {
            name: build_module.deterministic_result(name, content) for name, content in prepared.deterministic.items()
        }
        written = await worker.write(pair, sections, prepared.facts_digest)
        return prepared, findings, written

    in_process_desk = PairDesk(dataset, None, tmp_path / "in-process")
    in_process = asyncio.run(steps(InProcessWorker(in_process_desk)))
    pool_desk = PairDesk(dataset, None, tmp_path / "in-pool")
    with ProcessPoolWorker(pool_desk, processes=1) as worker:
        in_pool = asyncio.run(steps(worker))
        # The pair was opened in the worker's copy of the desk, never in this process's.
        assert pool_desk.open == {}

    assert in_pool[0] == in_process[0]
    assert in_process[1] and in_pool[1] == in_process[1]
    assert in_pool[2].page_dir == tmp_path / "in-pool" / in_process[2].page_dir.name and in_pool[2].changed
    assert page_files(tmp_path / "in-pool") == page_files(tmp_path / "in-process")


def test_worker_processes_leave_when_their_build_is_killed_outright(tmp_path: Path):
    script = (
        "import sys; from pathlib import Path; from generator.build import BuildOptions, build_pages; "
        "from generator.facts import load_facts; from generator.llm import LLMConfig; "
        "options = BuildOptions(out_dir=Path(sys.argv[1]), worker_processes=2); "
        f"build_pages(load_facts(Path(sys.argv[2])), {PAIRS!r}, options, LLMConfig(base_url=sys.argv[3], model='m'))"
    )
    with FakeServer(latency=30) as server:
        run = subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path / "out"), str(REFERENCE_FACTS), server.base_url],
            env=cli_environment(),
        )
        wait_for(lambda: server.chat_calls >= 1)
        workers = living_children(run.pid)
        run.send_signal(signal.SIGKILL)
        run.wait()
        try:
            assert len(workers) == 2
            wait_for(lambda: not any(is_alive(pid) for pid in workers), timeout=30)
        finally:
            for pid in filter(is_alive, workers):
                os.kill(pid, signal.SIGKILL)


def living_children(parent_pid: int) -> set[int]:
    return {pid for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if parent_of(pid) == parent_pid}


def parent_of(pid: int) -> int | None:
    """The parent's pid from /proc/PID/stat, whose second field (the command) may hold spaces."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def is_alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for whoever adopted it to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
