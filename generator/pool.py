"""Worker processes for big builds, and the process settings a build runs under.

Why processes. A pair costs ~20 ms of CPU outside its LLM calls (its comparison, validating every
answer, rendering and writing its page), while an LLM call mostly waits. In the event loop's own
process that CPU work holds back the answers coming in, and every LLM slot idles meanwhile; threads
would not help, since the work is pure Python under one GIL. With two or more cores, processes run it
beside the event loop: from PAGES_WORTH_A_PROCESS pages up, the pairs' work goes to WORKER_PROCESSES
forked processes, each running the same PairDesk the in-process worker runs, and the event loop
keeps the LLM busy.

Why garbage-collector tuning. A full collection walks every object, the loaded facts included, and
held the event loop for 50-90 ms (every LLM slot idle meanwhile) two or three times per 200 pages; a
build allocates freely, so the young generation was collected ~250 times. `garbage_collector_for_a_batch`
freezes what is loaded before the run and makes collections rare, for the run only.

Why the orphan watcher. A build killed outright (kill -9, an OOM kill) cannot shut its pool down, and
a forked worker does not notice its parent's death by itself: it would live on, holding its share of
memory. Each worker polls for its parent and leaves when the parent is gone.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Self, TypeVar

if TYPE_CHECKING:
    from generator.build import PairDesk, PreparedPair, WrittenPage
    from generator.sections import SectionResult

# Below this many pages a worker process costs more to start than it saves.
PAGES_WORTH_A_PROCESS = 16
# Pages take more CPU than the event loop that waits on the LLM: with one worker, the worker is the
# bottleneck on a busy machine (new pairs wait behind page writes to be prepared); two keep up.
WORKER_PROCESSES = 2

Result = TypeVar("Result")


class ProcessPoolWorker:
    """The PairWorker steps run by a PairDesk in worker processes. Only pair ids, texts, section results
    and the steps' small results cross between processes, never a Comparison: sending one would cost
    the event loop about as much as computing it. So each pair stays with the worker that prepared it."""

    def __init__(self, desk: PairDesk, processes: int):
        # Forked (no second start-up of the interpreter and its imports, and the desk with the dataset
        # is inherited, not sent), and forked now, before the run starts threads of its own.
        self.pools = [
            ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_setup,
                initargs=(os.getpid(), desk),
            )
            for _ in range(processes)
        ]
        for pool in self.pools:
            pool.submit(int).result()
        self.next_pool = itertools.cycle(self.pools)
        self.pool_of: dict[tuple[str, str], ProcessPoolExecutor] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        for pool in self.pools:
            pool.shutdown(cancel_futures=True)

    async def prepare(self, pair: tuple[str, str]) -> PreparedPair:
        self.pool_of[pair] = next(self.next_pool)
        return await self._in_pool(pair, _prepare, pair)

    async def findings(self, pair: tuple[str, str], text: str) -> list[str]:
        return await self._in_pool(pair, _findings, pair, text)

    async def write(self, pair: tuple[str, str], sections: dict[str, SectionResult], facts_digest: str) -> WrittenPage:
        try:
            return await self._in_pool(pair, _write, pair, sections, facts_digest)
        finally:
            self.pool_of.pop(pair, None)

    async def _in_pool(self, pair: tuple[str, str], step: Callable[..., Result], *arguments: object) -> Result:
        return await asyncio.get_running_loop().run_in_executor(self.pool_of[pair], step, *arguments)


# The worker process's desk, set once when it starts: a pool runs module-level functions only, so each
# step below is one, calling the desk the process inherited.
_worker_desk: PairDesk | None = None


def _worker_setup(parent_pid: int, desk: PairDesk) -> None:
    global _worker_desk
    _worker_desk = desk
    # Ctrl-C reaches the whole process group: the parent stops the run, the worker ends with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Pages can wait; the event loop that keeps the LLM busy cannot, so it gets the CPU first.
    os.nice(10)
    # A parent killed outright (kill -9) cannot shut the pool down; the worker notices and leaves.
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), daemon=True).start()


def _prepare(pair: tuple[str, str]) -> PreparedPair:
    return _worker_desk.prepare(pair)


def _findings(pair: tuple[str, str], text: str) -> list[str]:
    return _worker_desk.findings(pair, text)


def _write(pair: tuple[str, str], sections: dict[str, SectionResult], facts_digest: str) -> WrittenPage:
    return _worker_desk.write(pair, sections, facts_digest)


def _exit_when_orphaned(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(1)
    os._exit(1)


@contextmanager
def garbage_collector_for_a_batch() -> Iterator[None]:
    """Keep the cycle collector from stalling the event loop during a build (see the module's docstring):
    what is loaded before the run is frozen, so collections skip it, and a larger first threshold makes
    them rare. Both are undone afterwards."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
