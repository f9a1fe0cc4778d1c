"""Stage 7, build: many pairs into pages, concurrently, cached, resumable, with a report.

Every finished section is cached on disk (atomically) under a key of everything that decides its
text: the pair's facts, the prompt templates, the model and the generation parameters. A rerun
with nothing changed makes no LLM call; a run killed at any point loses no finished section.

The event loop here only waits on the LLM; each pair's CPU work (its comparison, validating answers,
writing its page) is a PairWorker's three steps, done in this process by InProcessWorker or, for big
builds, in worker processes by generator/pool.py's ProcessPoolWorker.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol, runtime_checkable

import uvloop
from pydantic import BaseModel, Field

from generator.author import findings_of, llm_section
from generator.comparison import Comparison, compare, complete_routes
from generator.facts import Dataset
from generator.files import folder_lock, write_atomically
from generator.llm import BatchLLMClient, ChatClient, LLMClient, LLMConfig
from generator.localmodel import LocalModelServer
from generator.page import assemble, facts_hash, write_page
from generator.pool import PAGES_WORTH_A_PROCESS, WORKER_PROCESSES, ProcessPoolWorker, garbage_collector_for_a_batch
from generator.prompt import DEFAULT_PROMPTS, Prompts, SectionPrompt, load_prompts, section_prompt
from generator.sections import SECTIONS, SectionContent, SectionResult, deterministic_result
from generator.settings import default
from generator.validation import Validator


class BuildOptions(BaseModel):
    out_dir: Path
    concurrency: int = Field(default=default("concurrency"), ge=1)
    force: bool = False
    repair_attempts: int = Field(default=default("repair_attempts"), ge=0)
    prompts_dir: Path = DEFAULT_PROMPTS
    batch_api: bool = False
    # Another build into out_dir: wait for it to end, instead of stopping with a message naming it.
    wait_for_lock: bool = False
    # Processes that do the pairs' CPU work beside the event loop (generator/pool.py); 0 keeps it in the
    # event loop's process. None: WORKER_PROCESSES from PAGES_WORTH_A_PROCESS pages up, else 0.
    worker_processes: int | None = Field(default=None, ge=0)

    @property
    def section_cache(self) -> Path:
        return self.out_dir / ".cache"

    @property
    def batch_journal(self) -> Path:
        return self.section_cache / "batches.journal"


class BuildReport(BaseModel):
    """What a build did: the summary printed at the end (and with --json)."""

    pages: int = 0
    pages_unchanged: int = 0
    outcomes: dict[str, int] = {}
    cached_sections: int = 0
    llm_calls: int = 0
    fallbacks: list[str] = []
    # Sections whose LLM could not be reached or refused the request: deterministic prose is on the
    # page, and the section is not cached, so the next run asks the LLM again.
    unreachable: list[str] = []
    failures: list[str] = []
    prompt_tokens: int = 0
    completion_tokens: int = 0
    model: str | None = None
    estimated_cost_usd: Decimal | None = None
    wall_seconds: float = 0.0


OUTCOME_LABELS = {
    "deterministic": "by the deterministic writer",
    "llm_first_try": "by the LLM first time",
    "llm_after_repair": "by the LLM after repair",
    "fallback": "by fallback",
}
PageDone = Callable[[Path], None]


@dataclass(frozen=True)
class PreparedPair:
    """What the event loop needs of a pair: its facts' hash (for the section cache), each section's
    first prompt, and the deterministic writer's prose to fall back on."""

    slug: str
    facts_digest: str
    messages: dict[str, SectionPrompt]
    deterministic: dict[str, SectionContent]


@dataclass(frozen=True)
class WrittenPage:
    """Where the `write` step put a pair's page files, and whether that changed any of them."""

    page_dir: Path
    # False when every file already held these bytes.
    changed: bool


@runtime_checkable
class PairWorker(Protocol):
    """The CPU work of a pair around its LLM calls, in three steps: `prepare` computes its comparison,
    prompts and fallback prose; `findings` validates an answer's text against its facts; `write`
    assembles, renders and writes its page. A worker holds each pair from `prepare` until `write`.

    InProcessWorker (below) does the steps in the event loop's own process; ProcessPoolWorker
    (generator/pool.py) does the same steps in worker processes, for big builds."""

    async def prepare(self, pair: tuple[str, str]) -> PreparedPair: ...

    async def findings(self, pair: tuple[str, str], text: str) -> list[str]: ...

    async def write(
        self, pair: tuple[str, str], sections: dict[str, SectionResult], facts_digest: str
    ) -> WrittenPage: ...


@dataclass
class _OpenPair:
    comparison: Comparison

    @functools.cached_property
    def validator(self) -> Validator:
        return Validator(self.comparison)


class PairDesk:
    """The three steps, done where the desk is: it holds each open pair's comparison (and validator)
    from `prepare` until its page is written."""

    def __init__(self, dataset: Dataset, prompts: Prompts | None, out_dir: Path):
        self.dataset = dataset
        self.prompts = prompts
        self.out_dir = out_dir
        self.open: dict[tuple[str, str], _OpenPair] = {}

    def prepare(self, pair: tuple[str, str]) -> PreparedPair:
        comparison = compare(self.dataset, *pair)
        self.open[pair] = _OpenPair(comparison)
        return PreparedPair(
            slug=comparison.slug,
            facts_digest=facts_hash(comparison),
            messages={section: section_prompt(self.prompts, section, comparison) for section in SECTIONS}
            if self.prompts
            else {},
            deterministic={name: section.write(comparison) for name, section in SECTIONS.items()},
        )

    def findings(self, pair: tuple[str, str], text: str) -> list[str]:
        return findings_of(self.open[pair].validator, text)

    def write(self, pair: tuple[str, str], sections: dict[str, SectionResult], facts_digest: str) -> WrittenPage:
        comparison = self.open.pop(pair).comparison
        page_dir, changed = write_page(assemble(comparison, sections, facts_digest), self.out_dir)
        return WrittenPage(page_dir=page_dir, changed=changed)


class InProcessWorker:
    """The PairWorker of small builds and tests: its desk does each step at once, in this process."""

    def __init__(self, desk: PairDesk):
        self.desk = desk

    async def prepare(self, pair: tuple[str, str]) -> PreparedPair:
        return self.desk.prepare(pair)

    async def findings(self, pair: tuple[str, str], text: str) -> list[str]:
        return self.desk.findings(pair, text)

    async def write(self, pair: tuple[str, str], sections: dict[str, SectionResult], facts_digest: str) -> WrittenPage:
        return self.desk.write(pair, sections, facts_digest)


@contextmanager
def start_pair_worker(desk: PairDesk, processes: int) -> Iterator[PairWorker]:
    """The desk's steps in this process (`processes` 0), or in that many worker processes, shut down after."""
    if not processes:
        yield InProcessWorker(desk)
        return
    with ProcessPoolWorker(desk, processes) as worker:
        yield worker


class Builder:
    """Builds pages for one run; holds the shared client, prompts, cache and running totals."""

    def __init__(
        self,
        dataset: Dataset,
        options: BuildOptions,
        client: ChatClient | None,
        prompts: Prompts | None,
        pair_worker: PairWorker,
    ):
        self.dataset = dataset
        self.pair_worker = pair_worker
        self.options = options
        self.client = client
        self.prompts = prompts
        self.report = BuildReport(model=client.model if client else None)
        self.outcomes: Counter[str] = Counter()

    async def build(self, pairs: list[tuple[str, str]], on_page_done: PageDone) -> BuildReport:
        started = time.perf_counter()
        # Pairs start a few at a time, so the CPU work of one (facts, prompts, validation) runs while
        # others wait on the LLM; started all at once, it would hold every answer back. A batch job
        # collects every request of the run, so it takes all pairs at once.
        pairs_at_once = len(pairs) if self.options.batch_api else 2 * self.options.concurrency
        free_slots = asyncio.Semaphore(max(1, pairs_at_once))
        running: list[asyncio.Task] = []
        try:
            for pair in pairs:
                await free_slots.acquire()
                running.append(asyncio.create_task(self._build_pair_in_slot(pair, free_slots, on_page_done)))
                # One pair's CPU work per turn of the event loop: answers that came in meanwhile are read
                # (and their slots refilled) between two pairs, not after all of them.
                await asyncio.sleep(0)
            await asyncio.gather(*running)
        finally:
            for task in running:
                task.cancel()
        self.report.outcomes = dict(sorted(self.outcomes.items()))
        self.report.llm_calls = self.client.calls if self.client else 0
        self.report.estimated_cost_usd = estimated_cost(self.dataset, self.report)
        self.report.wall_seconds = round(time.perf_counter() - started, 3)
        return self.report

    async def _build_pair_in_slot(
        self, pair: tuple[str, str], free_slots: asyncio.Semaphore, on_page_done: PageDone
    ) -> None:
        try:
            await self._build_pair(pair, on_page_done)
        finally:
            free_slots.release()

    async def _build_pair(self, pair: tuple[str, str], on_page_done: PageDone) -> None:
        prepared = await self.pair_worker.prepare(pair)
        results = await asyncio.gather(*(self._section(section, pair, prepared) for section in SECTIONS))
        try:
            written = await self.pair_worker.write(
                pair, dict(zip(SECTIONS, results, strict=False)), prepared.facts_digest
            )
        except OSError as error:
            self.report.failures.append(f"{prepared.slug}: {error}")
            return
        self.report.pages += 1
        self.report.pages_unchanged += not written.changed
        on_page_done(written.page_dir)

    async def _section(self, section: str, pair: tuple[str, str], prepared: PreparedPair) -> SectionResult:
        if self.client is None:
            return self._count(prepared.slug, deterministic_result(section, prepared.deterministic[section]))
        cache_path = self.options.section_cache / f"{self._cache_key(section, prepared.facts_digest)}.json"
        if cache_path.exists() and not self.options.force:
            self.report.cached_sections += 1
            return self._count(prepared.slug, SectionResult.model_validate_json(cache_path.read_text(encoding="utf-8")))
        check = functools.partial(self.pair_worker.findings, pair)
        result = await llm_section(
            prepared.messages[section],
            prepared.deterministic[section],
            self.client,
            self.prompts,
            check,
            self.options.repair_attempts,
        )
        self.report.prompt_tokens += result.prompt_tokens
        self.report.completion_tokens += result.completion_tokens
        if result.attempts and result.attempts[-1].error:
            self.report.unreachable.append(f"{prepared.slug} {section}")
            return self._count(prepared.slug, result)
        # Cached only once finished: a run killed before this line redoes the section, never half of it.
        # In a thread: the write waits for the disk (fsync), and the event loop has answers to read.
        await asyncio.to_thread(write_atomically, cache_path, result.model_dump_json(indent=1))
        return self._count(prepared.slug, result)

    def _count(self, slug: str, result: SectionResult) -> SectionResult:
        self.outcomes[result.outcome] += 1
        if result.outcome == "fallback":
            last = result.attempts[-1] if result.attempts else None
            reason = (
                (last.error or f"{len(last.findings)} finding(s) left after {len(result.attempts)} attempt(s)")
                if last
                else "no attempt"
            )
            self.report.fallbacks.append(f"{slug} {result.section}: deterministic prose published ({reason})")
        return result

    def _cache_key(self, section: str, facts_digest: str) -> str:
        ingredients = {
            "section": section,
            "facts": facts_digest,
            "prompts": self.prompts.fingerprint,
            "generation": self.client.generation_parameters(),
            "repair_attempts": self.options.repair_attempts,
        }
        return hashlib.sha256(json.dumps(ingredients, sort_keys=True, default=str).encode()).hexdigest()


def estimated_cost(dataset: Dataset, report: BuildReport) -> Decimal | None:
    """The tokens spent, priced at the cheapest route of the model used, when that model is in the facts."""
    if not report.model:
        return None
    wanted = report.model.lower().rsplit("/", 1)[-1]
    for model in dataset.models.values():
        names = {model.id, model.name.lower(), *(alias.lower() for alias in model.aliases)}
        routes = complete_routes(model)
        if wanted in names and routes:
            route = min(routes, key=lambda route: route.input_usd_per_mtok + route.output_usd_per_mtok)
            return (
                report.prompt_tokens * route.input_usd_per_mtok + report.completion_tokens * route.output_usd_per_mtok
            ) / 1_000_000
    return None


def build_pages(
    dataset: Dataset,
    pairs: list[tuple[str, str]],
    options: BuildOptions,
    llm: LLMConfig | None = None,
    on_page_done: PageDone = lambda page_dir: None,
) -> BuildReport:
    """Build every pair. With no LLM configuration the deterministic writer authors the prose; with the
    local marker the bundled model is started for the run and stopped afterwards, whatever happens.

    One build at a time per output folder: two would pay for every LLM call twice and could leave a
    page's files from two different runs."""
    with folder_lock(options.out_dir, wait=options.wait_for_lock):
        if llm is not None and llm.is_local:
            with LocalModelServer(llm) as server:
                return _build_pages(dataset, pairs, options, server.config, on_page_done)
        return _build_pages(dataset, pairs, options, llm, on_page_done)


def _build_pages(
    dataset: Dataset, pairs: list[tuple[str, str]], options: BuildOptions, llm: LLMConfig | None, on_page_done: PageDone
) -> BuildReport:
    with garbage_collector_for_a_batch():
        return uvloop.run(_build(dataset, pairs, options, llm, on_page_done))


async def _build(
    dataset: Dataset, pairs: list[tuple[str, str]], options: BuildOptions, llm: LLMConfig | None, on_page_done: PageDone
) -> BuildReport:
    prompts = load_prompts(options.prompts_dir, llm.figures) if llm else None
    processes = options.worker_processes
    if processes is None:
        processes = WORKER_PROCESSES if len(pairs) >= PAGES_WORTH_A_PROCESS else 0
    with start_pair_worker(PairDesk(dataset, prompts, options.out_dir), processes) as worker:
        if llm is None:
            return await Builder(dataset, options, None, prompts, worker).build(pairs, on_page_done)
        client = (
            BatchLLMClient(llm, journal=options.batch_journal)
            if options.batch_api
            else LLMClient(llm, concurrency=options.concurrency)
        )
        async with client:
            return await Builder(dataset, options, client, prompts, worker).build(pairs, on_page_done)


def render_report(report: BuildReport) -> str:
    """The end-of-run summary for a person."""
    outcomes = (
        ", ".join(f"{count} {OUTCOME_LABELS.get(outcome, outcome)}" for outcome, count in report.outcomes.items())
        or "none"
    )
    cost = (
        f"${report.estimated_cost_usd:.4f}"
        if report.estimated_cost_usd is not None
        else "not estimated (the model is not in facts/)"
    )
    lines = [
        f"pages: {report.pages} written ({report.pages_unchanged} unchanged), {len(report.failures)} failed",
        f"sections: {outcomes}; {report.cached_sections} from cache",
    ]
    if report.model:
        lines += [
            f"LLM: {report.model}, {report.llm_calls} calls, {report.prompt_tokens} tokens in, {report.completion_tokens} tokens out",
            f"estimated cost: {cost}",
        ]
    lines += [f"fallback: {line}" for line in report.fallbacks]
    if report.unreachable:
        lines.append(f"not cached, asked again on the next run (the LLM failed): {', '.join(report.unreachable)}")
    lines += [f"failed: {line}" for line in report.failures]
    lines.append(f"wall time: {report.wall_seconds:.1f} s")
    return "\n".join(lines)
