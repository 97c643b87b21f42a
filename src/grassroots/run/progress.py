"""Progress for long runs: bars on a terminal, plain log lines otherwise.

    with Progress(total=len(batches), label="sample: batches") as p:
        for b in batches:
            ...
            p.advance(1)

On a terminal (the stream is a TTY) a rich progress bar is drawn on stderr; several
`Progress` objects open at once (sources, partitions, batches) share one live display.
When the stream is not a TTY (piped, redirected, CI, a Prefect worker) nothing is drawn:
no bar and no control characters reach the stream. Instead a few plain lines go to the
`grassroots.run.progress` logger (start, about every 10 % or 30 s, end), which Prefect's run
logs or any configured logging handler pick up.

GRASSROOTS_PROGRESS=0 turns bars off even on a terminal; =1 forces them (e.g. `script`).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from typing import IO

log = logging.getLogger("grassroots.progress")

# one log line per 10 % of the total: 11 lines for a whole run, readable in a CI log
LOG_STEP_FRACTION = 0.10
# ...or after 30 s without a line, so a slow run still shows it is alive (Prefect's UI polls every few s)
LOG_EVERY_SECONDS = 30.0


def wants_bars(stream: IO | None = None) -> bool:
    """True when bars should be drawn on `stream` (default stderr)."""
    flag = os.environ.get("GRASSROOTS_PROGRESS", "").strip().lower()
    if flag in ("0", "false", "no", "off"):
        return False
    if flag in ("1", "true", "yes", "on"):
        return True
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a file
        return False


class _Display:
    """One rich live display per stream, shared by every open Progress."""

    _lock = threading.Lock()
    _by_stream: dict[int, _Display] = {}

    def __init__(self, stream: IO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        self.stream = stream
        self.console = Console(file=stream, force_terminal=True, highlight=False)
        self.rich = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=self.console, transient=False)
        self.users = 0

    @classmethod
    def acquire(cls, stream: IO) -> _Display:
        with cls._lock:
            d = cls._by_stream.get(id(stream))
            if d is None:
                d = cls._by_stream[id(stream)] = _Display(stream)
            if d.users == 0:
                d.rich.start()
            d.users += 1
            return d

    def release(self) -> None:
        with self._lock:
            self.users -= 1
            if self.users == 0:
                self.rich.stop()
                self._by_stream.pop(id(self.stream), None)


class Progress:
    """A counter towards `total` (None when unknown) with a label; see the module doc."""

    def __init__(self, total: int | None, label: str, *, stream: IO | None = None,
                 bars: bool | None = None) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.bars = wants_bars(self.stream) if bars is None else bars
        self._t0 = time.monotonic()
        self._last_log_t = self._t0
        self._last_log_done = 0
        self._closed = False
        self._display: _Display | None = None
        self._task = None
        if self.bars:
            self._display = _Display.acquire(self.stream)
            self._task = self._display.rich.add_task(label, total=total)
        else:
            log.info("%s: started%s", label, f" (0/{total})" if total is not None else "")

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._display is not None:
            self._display.rich.advance(self._task, n)
            return
        now = time.monotonic()
        step = max(1, int((self.total or 0) * LOG_STEP_FRACTION))
        if (self.total and self.done - self._last_log_done >= step) or now - self._last_log_t >= LOG_EVERY_SECONDS:
            self._last_log_t, self._last_log_done = now, self.done
            if self.done != self.total:  # the end gets its own line in close()
                log.info("%s: %s", self.label, self._count())

    def set_total(self, total: int | None) -> None:
        self.total = total
        if self._display is not None:
            self._display.rich.update(self._task, total=total)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._display is not None:
            self._display.rich.update(self._task, refresh=True)
            self._display.release()
        else:
            log.info("%s: done, %s in %.1f s", self.label, self._count(), time.monotonic() - self._t0)

    def _count(self) -> str:
        return f"{self.done}/{self.total}" if self.total is not None else str(self.done)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
