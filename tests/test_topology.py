"""The self-hosted topology without containers (issue 7 point 4).

A real `prefect server start` on 127.0.0.1, `grassroots serve` registering the scheduled,
manual and backfill deployments, a cron schedule that fires, and a manual run with
parameters; both land documents in a temporary warehouse. Every process started here is
stopped, and stopping the serve process leaves the schedules active.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.integration]

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(pred, timeout: float, what: str, procs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                out = p.stdout.read() if p.stdout else ""
                pytest.fail(f"{p.args[0]} exited with {p.returncode} while waiting for {what}:\n{out[-3000:]}")
        v = pred()
        if v:
            return v
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def _sources(db: Path, tries: int = 3) -> dict[str, int]:
    if not db.exists():
        return {}
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.IOException:  # a writer holds it right now
        return {}
    try:
        return dict(con.execute("select source, count(*) from core.documents group by 1").fetchall())
    except duckdb.CatalogException:
        return {}
    finally:
        con.close()


def _stop(p: subprocess.Popen, sig=signal.SIGINT) -> None:
    if p.poll() is None:
        p.send_signal(sig)
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(10)


def test_server_serve_schedule_and_manual_run(tmp_path, fresh_prefect_home):
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(fresh_prefect_home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               GRASSROOTS_STATE_DIR=str(tmp_path / "state"),
               DO_NOT_TRACK="1", PREFECT_LOGGING_LEVEL="WARNING",
               # the scheduler looks for work every 1 s instead of 60 s and the runner polls every
               # 1 s instead of 10 s, so a run starts within ~2 s of its cron tick
               PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="1", PREFECT_RUNNER_POLL_FREQUENCY="1")
    sched_dir, manual_dir = tmp_path / "scheduled", tmp_path / "manual"
    files = sorted((REPO / "seeds" / "corpus").iterdir())
    sched_dir.mkdir()
    manual_dir.mkdir()
    for p in files[:3]:
        shutil.copy(p, sched_dir / p.name)
    for p in files[3:5]:
        shutil.copy(p, manual_dir / p.name)
    cfg = tmp_path / "sources.toml"
    cfg.write_text(f'[[sources]]\nname = "every-minute"\nkind = "files"\npaths = ["{sched_dir}"]\n'
                   'schedule = "* * * * *"\ncatchup = "all"\n')
    db = tmp_path / "wh" / "g.duckdb"

    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port),
                               "--no-ui", "--analytics-off"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    procs = [server]
    try:
        def healthy():
            try:
                with urllib.request.urlopen(api + "/health", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        _wait(healthy, 180, "the Prefect server", procs)
        env["PREFECT_API_URL"] = api
        serve = subprocess.Popen([str(BIN / "grassroots"), "serve", "--config", str(cfg), "--db", str(db)],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 start_new_session=True)
        procs.append(serve)

        names = ("scheduled-ingest/every-minute", "ingest/manual", "backfill/manual")

        def deployments():
            # the REST API directly (what `prefect deployment inspect` reads): milliseconds per
            # probe instead of a Python process importing Prefect every time
            out = []
            for n in names:
                try:
                    with urllib.request.urlopen(f"{api}/deployments/name/{n}", timeout=5) as r:
                        d = json.load(r)
                except OSError:
                    return None
                out.append(f"{n} {d['paused']} {[s['active'] for s in d['schedules']]}")
            return "\n".join(out)

        _wait(deployments, 180, "the deployments to be registered", procs)
        # a manual run with parameters, through the API as a user would trigger it
        run = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "ingest/manual",
             "--param", f"paths={json.dumps([str(manual_dir)])}", "--param", "source_name=manual",
             "--param", "label=manual"],
            env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr
        got = _wait(lambda: (lambda s: s if {"every-minute", "manual"} <= set(s) else None)(_sources(db)),
                    200, "a scheduled run and the manual run to land documents", procs)
        assert got["manual"] == 2 and got["every-minute"] == 3
        # a manual CLI run on this machine goes to the warm serving process (issue 20): same flow,
        # same API, recorded in the same warehouse, without the CLI importing Prefect
        one = files[5]
        cli = subprocess.run([str(BIN / "grassroots"), "ingest", str(one), "--db", str(db), "--source-name", "handed"],
                             env=env, capture_output=True, text=True, timeout=120)
        assert cli.returncode == 0, cli.stdout + cli.stderr
        assert f"running in grassroots serve (pid {serve.pid}; Prefect API {api})" in cli.stderr, cli.stderr
        assert "handed: discovered 1, read 1" in cli.stdout + cli.stderr, cli.stdout + cli.stderr
        assert _sources(db).get("handed") == 1
        _stop(serve, signal.SIGTERM)  # (how systemd and `docker stop` end it)
        # the serving terminal showed one line as each run started and one as it ended (issue 19.2),
        # and nothing else when it was stopped
        served = serve.stdout.read()
        assert "RuntimeWarning" not in served and "Traceback" not in served, served
        assert re.search(r"run [0-9a-f]{8} started: ingest manual", served), served
        assert re.search(r"run [0-9a-f]{8} started: scheduled every-minute", served), served
        assert re.search(r"run [0-9a-f]{8} completed in [0-9.]+ s: new 2,", served), served  # the manual run
        assert re.search(r"run [0-9a-f]{8} started: ingest handed", served), served  # the CLI's, handed over
        assert not (tmp_path / "state" / "serve.json").exists()  # a stopped serve takes no more runs
        # stopping the serve process did not pause the schedule
        out = deployments()
        assert "scheduled-ingest/every-minute False [True]" in out, out
    finally:
        for p in reversed(procs):
            _stop(p)
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
    assert all(p.poll() is not None for p in procs)
