"""CLI manners (issue 19.7): --version, -h, flags shown as flags, a bytecode cache kept."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

from typer.testing import CliRunner

from grassroots.app.cli import app

REPO = Path(__file__).resolve().parents[1]


def test_version_and_short_help():
    r = CliRunner().invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output.strip() == f"grassroots {version('grassroots')}"
    r = CliRunner().invoke(app, ["-h"], prog_name="grassroots")
    assert r.exit_code == 0 and "Usage: grassroots" in r.output and "backfill" in r.output
    r = CliRunner().invoke(app, ["sql", "-h"])
    assert r.exit_code == 0 and "--schema" in r.output


def test_boolean_options_are_shown_as_flags():
    for cmd, flags in {"backfill": ["--dry-run", "--from-raw"], "sql": ["--schema"], "status": ["--json"]}.items():
        r = CliRunner().invoke(app, [cmd, "--help"], env={"COLUMNS": "120"})
        assert r.exit_code == 0, r.output
        for flag in flags:
            line = next(ln for ln in r.output.splitlines() if ln.strip().startswith(flag))
            assert "<bool>" not in line, line
        assert "<bool>" not in r.output
    r = CliRunner().invoke(app, ["backfill", "--since", "2024-01-01", "--until", "2024-02-01", "--dry-run", "true"])
    assert r.exit_code == 2  # a flag takes no value, as its help says


def test_uv_run_does_not_recompile_and_the_cli_keeps_a_bytecode_cache(tmp_path):
    uv = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8")).get("tool", {}).get("uv", {})
    assert "compile-bytecode" not in uv  # recompiled the whole environment at every `uv run`
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPYCACHEPREFIX=str(tmp_path / "pyc"))
    p = subprocess.run([sys.executable, "-m", "grassroots.app.entry", "--version"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    written = [q.relative_to(tmp_path / "pyc").as_posix() for q in (tmp_path / "pyc").rglob("*.pyc")]
    for module in ("grassroots/app/cli.cpython", "grassroots/config.cpython", "typer/main.cpython"):
        assert any(module in w for w in written), (module, written[:5])


def test_serve_stops_with_one_line_when_its_server_dies(tmp_path):
    """`serve`'s watch on its Prefect server, around a real child process that dies."""
    code = ("import subprocess, sys, time\n"
            "from pathlib import Path\n"
            "from grassroots.app.cli import _watch_server\n"
            "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(0.3)'])\n"
            f"_watch_server(p, Path({str(tmp_path / 'server.log')!r}), poll=0.05)\n"
            "time.sleep(30)\n")
    t0 = __import__("time").monotonic()
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 3 and __import__("time").monotonic() - t0 < 20
    line, = p.stderr.strip().splitlines()
    assert line.startswith("error: the Prefect server exited (code 0; log ") and line.endswith("serve stopped")


def test_backfill_refuses_a_range_of_more_windows_than_it_should_start(tmp_path):
    # a mistyped year: each of these windows would be a flow run of its own
    args = ["backfill", "--since", "1990-01-01", "--until", "2026-12-01", "--window", "day", "--db", str(tmp_path / "w.duckdb")]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2 and "13,483 day windows" in r.output and "use --window month" in r.output, r.output
    assert not (tmp_path / "w.duckdb").exists()  # refused before anything was opened
    # --dry-run lists them all; --max-windows raises the bound on purpose
    r = CliRunner().invoke(app, [*args, "--dry-run"])
    assert r.exit_code == 0 and "13483 of 13483 window(s) would run" in r.output
    r = CliRunner().invoke(app, ["backfill", "--since", "2024-01-01", "--until", "2024-03-01", "--window", "day",
                                 "--max-windows", "30", "--db", str(tmp_path / "w.duckdb")])
    assert r.exit_code == 2 and "60 day windows, more than --max-windows 30" in r.output and "--window week" in r.output
