"""Ctrl-C as a user presses it (issue 19.1): a real terminal (pty) sends SIGINT to the CLI's
foreground process group during a load, with the CLI's own temporary Prefect API."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import isolated
from test_reliability import STORIES, write_corpus

from grassroots.run import spool

pytestmark = [pytest.mark.slow, pytest.mark.reliability]

REPO = Path(__file__).resolve().parents[1]

# the CLI with a pause inside batch 2's load transaction (rows inserted, not committed yet)
CHILD = r'''
import os, sys, time
from pathlib import Path
from grassroots.warehouse import clusters as clustering
ready = Path(sys.argv[1])
real = clustering.assign_clusters
n = 0
def hook(con, ids, *a, **kw):
    global n
    n += 1
    out = real(con, ids, *a, **kw)
    if n == 2:
        ready.write_text("in batch 2")
        time.sleep(float(os.environ["PAUSE"]))
    return out
clustering.assign_clusters = hook
from grassroots.app.entry import main
sys.argv = ["grassroots", *sys.argv[2:]]
main()
'''


def _read_all(fd: int, until: float) -> bytes:
    out = b""
    while time.monotonic() < until:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
    return out


def test_ctrl_c_during_a_load_is_one_line_exit_130_and_an_interrupted_run(fresh_prefect_home, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "wh" / "g.duckdb"
    ready = tmp_path / "ready"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_URL", "GRASSROOTS_"))}
    env = isolated({**env, "PREFECT_HOME": str(fresh_prefect_home), "PAUSE": "1.0", "COLUMNS": "200"})
    master, slave = pty.openpty()
    # a session of its own with the pty as controlling terminal, as a shell runs a command
    p = subprocess.Popen([sys.executable, "-c", CHILD, str(ready), "ingest", str(corpus), "--db", str(db),
                          "--batch-size", "3"], cwd=REPO, env=env, stdin=slave, stdout=slave, stderr=slave,
                         start_new_session=True, pass_fds=(),
                         preexec_fn=lambda: __import__("fcntl").ioctl(0, __import__("termios").TIOCSCTTY, 0))
    os.close(slave)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert p.poll() is None, _read_all(master, time.monotonic() + 1).decode(errors="replace")
            assert time.monotonic() < deadline, "never reached batch 2"
            time.sleep(0.05)
        _read_all(master, time.monotonic() + 0.1)  # what was printed before
        servers = _children(p.pid, "uvicorn")
        os.write(master, b"\x03")  # Ctrl-C: the terminal sends SIGINT to its foreground group
        t0 = time.monotonic()
        out = _read_all(master, t0 + 10).decode(errors="replace")
        code = p.wait(timeout=10)
        took = time.monotonic() - t0
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        os.close(master)
    # after the Ctrl-C: the progress bar's last frame (drawn before) and one line
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out).replace("\r", "")
    lines = [ln for ln in plain.splitlines()
             if ln.strip() and ln.strip() != "^C" and "ingest cli: batches" not in ln]
    assert code == 130, out
    assert took < 5, f"{took:.1f} s"
    assert len(lines) == 1, out
    assert lines[0].startswith("error: interrupted: run ") and "2 batch(es) committed" in lines[0], lines[0]
    con = duckdb.connect(str(db), read_only=True)
    try:
        (state, counts), = con.execute("select state, counts from core.runs").fetchall()
        docs = con.execute("select count(*) from core.documents").fetchone()[0]
    finally:
        con.close()
    total = json.loads(counts)["total"]
    assert state == "interrupted" and total["batches"] == 2
    assert docs == 6 == total["new"] + total["duplicate"] < len(STORIES)  # whole batches only
    assert not spool.root(db).exists() or not any(spool.root(db).iterdir())
    # the temporary API server (its own session, so the Ctrl-C did not reach it) was stopped by the CLI
    assert servers and not any(Path(f"/proc/{pid}").exists() for pid in servers)


def _children(pid: int, word: str) -> list[int]:
    out = []
    for st in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = st.read_text().rsplit(")", 1)[1].split()
            cmd = (st.parent / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if int(fields[1]) == pid and word in cmd:
            out.append(int(st.parent.name))
    return out
