"""Progress: bars on a terminal (a real pseudo-terminal), nothing on a pipe, log lines for log handlers."""

from __future__ import annotations

import logging
import os
import pty
import select
import subprocess
import sys

import pytest

SCRIPT = """
import logging, sys
from grassroots.run.progress import Progress
if "--log" in sys.argv:
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(name)s %(message)s")
with Progress(3, "sources") as src:
    for s in range(3):
        with Progress(40, f"source {s}: batches") as p:
            for _ in range(40):
                p.advance()
        src.advance()
print("finished", flush=True)
"""


def _env(**kw: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "GRASSROOTS_PROGRESS"}
    env.update({"COLUMNS": "100", "TERM": "xterm-256color"}, **kw)
    return env


def _run_on_pty(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with stderr (and stdin) on a pseudo-terminal; stdout stays a pipe."""
    master, slave = pty.openpty()
    p = subprocess.Popen(args, stdin=slave, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        r, _, _ = select.select([master], [], [], 30)
        if not r:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    p.wait(30)
    os.close(master)
    assert p.stdout.read().decode().strip() == "finished"
    return p.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_bars_on_a_terminal() -> None:
    code, tty = _run_on_pty([sys.executable, "-c", SCRIPT], _env())
    assert code == 0
    assert "\x1b[" in tty  # drawn with terminal control sequences
    assert "source 2: batches" in tty and "40/40" in tty and "3/3" in tty
    assert "━" in tty  # the bar itself


def test_nothing_when_piped() -> None:
    p = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=_env(), timeout=60)
    assert p.returncode == 0 and p.stdout == "finished\n"
    assert p.stderr == ""


def test_log_lines_when_not_a_terminal() -> None:
    p = subprocess.run([sys.executable, "-c", SCRIPT, "--log"], capture_output=True, text=True, env=_env(), timeout=60)
    lines = p.stdout.splitlines()
    assert "\x1b" not in p.stdout and p.stderr == ""
    assert "grassroots.progress sources: started (0/3)" in lines
    assert "grassroots.progress source 0: batches: 4/40" in lines  # every 10 %
    assert any(ln.startswith("grassroots.progress source 2: batches: done, 40/40 in ") for ln in lines)
    assert sum("source 1: batches: " in ln for ln in lines) == 1 + 9 + 1  # start, 4..36 by 4, done


def test_env_override_turns_bars_off_on_a_terminal() -> None:
    _, tty = _run_on_pty([sys.executable, "-c", SCRIPT], _env(GRASSROOTS_PROGRESS="0"))
    assert "━" not in tty and "40/40" not in tty


def test_in_process_api(caplog: pytest.LogCaptureFixture) -> None:
    from grassroots.run.progress import Progress, wants_bars

    class Pipe:
        def isatty(self) -> bool:
            return False

    assert not wants_bars(Pipe())
    with caplog.at_level(logging.INFO, logger="grassroots.progress"):
        p = Progress(None, "pages", stream=Pipe())
        p.advance(5)
        p.set_total(10)
        p.advance(5)
        p.close()
        p.close()  # idempotent
    msgs = [r.getMessage() for r in caplog.records]
    assert msgs[0] == "pages: started" and msgs[-1].startswith("pages: done, 10/10 in ")
    assert sum(m.startswith("pages: done") for m in msgs) == 1
