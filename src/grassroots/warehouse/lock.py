"""One writer at a time, across processes: a file lock next to the database (`<db>.lock`,
fcntl) names its holder; other writers wait up to a timeout, then fail naming the holder."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from grassroots.models import utcnow
from grassroots.warehouse.errors import WarehouseBusy


@dataclass
class LockHolder:
    pid: int
    host: str
    command: str
    since: str

    def describe(self) -> str:
        return f"PID {self.pid} on {self.host} ({self.command}, since {self.since})"


def _lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def read_lock_holder(db: Path) -> LockHolder | None:
    try:
        info = json.loads(_lock_path(db).read_text() or "{}")
        return LockHolder(**info) if info else None
    except (OSError, ValueError, TypeError):
        return None


@contextlib.contextmanager
def writer_lock(db: Path, *, timeout: float = 600.0, command: str = "write", poll: float = 0.2) -> Iterator[None]:
    """Hold the single-writer lock of `db` (waits up to `timeout` seconds)."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    lp = _lock_path(db)
    fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = read_lock_holder(db)
                    who = holder.describe() if holder else "another process"
                    raise WarehouseBusy(
                        f"the warehouse {db} is being written by {who}; waited {timeout:.0f} s"
                    ) from None
                time.sleep(poll)
        info = LockHolder(os.getpid(), socket.gethostname(), command, utcnow().isoformat(timespec="seconds"))
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info.__dict__).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
