"""The fake OpenAI-compatible server in a process of its own, so that its work does not share our
event loop or our GIL: in production the endpoint is another machine."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tests.fakeserver import FakeServer


def _serve(latency: float, addresses: multiprocessing.Queue) -> None:
    with FakeServer(latency=latency) as server:
        addresses.put(server.base_url)
        threading.Event().wait()


@contextmanager
def fake_endpoint(latency: float) -> Iterator[str]:
    """The base URL of a fake endpoint answering every request after `latency` seconds."""
    context = multiprocessing.get_context("spawn")
    addresses = context.Queue()
    process = context.Process(target=_serve, args=(latency, addresses), daemon=True)
    process.start()
    try:
        yield addresses.get(timeout=60)
    finally:
        process.terminate()
        process.join()
