"""Writing files so that a killed run never leaves a half-written one behind, and one writer per folder."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from generator.errors import VersusError

# Inside the folder's .cache/ (ignored by git): the lock a build or publish holds, and who holds it.
LOCK_FILE = Path(".cache") / "versus.lock"
HOLDER_FILE = Path(".cache") / "versus.lock.holder"


class FolderBusy(VersusError):
    """Another versus is writing into the folder."""


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    The file gets the permissions a plain open() would give it (0666 less the umask), not the 0600
    of a temporary file: a web server running as another user must be able to serve a site."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(descriptor, 0o666 & ~current_umask())
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Write `path` atomically unless it already holds `text`; say whether it was written.

    Rebuilding an unchanged page then leaves its files (and their timestamps) alone."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomically(path, text)
    return True


def current_umask() -> int:
    """The process's umask. Read from /proc where it can be (setting it to read it back is not thread-safe)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


@contextmanager
def folder_lock(folder: Path, wait: bool = False) -> Iterator[None]:
    """Hold `folder`'s lock for the duration: a second writer waits (`wait`) or gets FolderBusy naming the holder."""
    lock_path = folder / LOCK_FILE
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path)
    try:
        lock.acquire(timeout=-1 if wait else 0)
    except Timeout:
        raise FolderBusy(f"{folder}/: {_holder(folder)}; wait until it ends, or pass --wait to wait for it") from None
    try:
        holder = {
            "pid": os.getpid(),
            "command": " ".join(["versus", *sys.argv[1:]])[:300],
            "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        write_atomically(folder / HOLDER_FILE, json.dumps(holder) + "\n")
        yield
    finally:
        (folder / HOLDER_FILE).unlink(missing_ok=True)
        lock.release()


def folder_busy(folder: Path) -> str | None:
    """Who is writing into `folder` (a sentence), or None when nobody is."""
    lock_path = folder / LOCK_FILE
    if not lock_path.is_file():
        return None
    lock = FileLock(lock_path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return _holder(folder)
    lock.release()
    return None


def _holder(folder: Path) -> str:
    try:
        holder = json.loads((folder / HOLDER_FILE).read_text(encoding="utf-8"))
        return (
            f"another versus (pid {holder['pid']}, `{holder['command']}`, since {holder['since']}) is writing into it"
        )
    except (OSError, ValueError, KeyError, TypeError):
        return "another versus is writing into it (it has just started or is ending)"
