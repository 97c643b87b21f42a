from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

pytest_plugins = ["fixture_site"]  # the loopback fixture site (a real HTTP server on 127.0.0.1)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_SEEDS = SHARED / "seeds"


def _state_dir() -> str:
    """A private state folder for this test process, removed when the process ends (each xdist
    worker imports this module, so each made one that stayed behind in /tmp)."""
    path = tempfile.mkdtemp(prefix="grassroots-state-")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


# quiet, offline Prefect for every test that runs a flow
for k, v in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # a developer's own `grassroots serve` or Prefect server on 127.0.0.1:4200 must not take the
    # tests' runs (flows/warm.py, flows/api.py); tests of those features set these themselves
    "GRASSROOTS_STATE_DIR": os.environ.get("GRASSROOTS_STATE_DIR") or _state_dir(),
    "GRASSROOTS_LOCAL_SERVER": "0",
}.items():
    os.environ.setdefault(k, v)


# what keeps a developer's own `grassroots serve` out of the tests (above); a test that starts the
# CLI with a clean environment, as a user's shell would be, keeps these
ISOLATION_ENV = ("GRASSROOTS_STATE_DIR", "GRASSROOTS_LOCAL_SERVER")


def isolated(env: dict) -> dict:
    """``env`` plus the isolation settings of this test process."""
    return {**env, **{k: os.environ[k] for k in ISOLATION_ENV if k in os.environ}}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "grassroots.duckdb"


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    if not SHARED_SEEDS.is_dir():
        pytest.fail(f"the reference articles are expected beside the repo at {SHARED_SEEDS}")
    return SHARED_SEEDS


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory) -> Path:
    """One Prefect API for the whole session (its start-up costs ~10 s, plus ~20 s of
    database migrations). Yields a snapshot of its database taken right after start-up:
    migrated, holding no run yet (see `fresh_prefect_home`)."""
    import sqlite3

    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect_home"))
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        url = PREFECT_SERVER_DATABASE_CONNECTION_URL.value()
        assert url.startswith("sqlite+aiosqlite:///"), url
        template = tmp_path_factory.mktemp("prefect_template") / "prefect.db"
        # the online-backup API gives a consistent copy while the server keeps the file open
        src, dst = sqlite3.connect(url.removeprefix("sqlite+aiosqlite:///")), sqlite3.connect(template)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        yield template


@pytest.fixture
def fresh_prefect_home(prefect_harness, tmp_path) -> Path:
    """A new PREFECT_HOME whose database is already migrated, for a test's own Prefect server
    or ephemeral API: it starts in ~10 s instead of ~30 s (the migrations of a brand-new
    database take ~20 s on 2 busy cores), with no flow run, deployment or concurrency limit
    in it. Tests about a first run on a new machine keep an empty home instead."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    shutil.copyfile(prefect_harness, home / "prefect.db")
    return home


@pytest.fixture(autouse=True)
def _console_handlers_on_open_streams():
    """A test's CliRunner or capture swaps sys.stderr; a console handler Prefect set up meanwhile
    keeps that stream, closed once the test ends, and a later test's log line then fails to emit:
    its "--- Logging error ---" and traceback land in that test's output (a test that ran after
    test_e2e in one worker saw a traceback the CLI never printed)."""
    yield
    for lg in [logging.getLogger(), *(v for v in logging.Logger.manager.loggerDict.values()
                                      if isinstance(v, logging.Logger))]:
        for h in lg.handlers:
            if not isinstance(h, logging.StreamHandler) or isinstance(h, logging.FileHandler):
                continue
            console = getattr(h, "console", None)  # Prefect's handler writes through a rich Console
            if getattr(h.stream, "closed", False) or getattr(getattr(console, "file", None), "closed", False):
                h.stream = sys.__stderr__  # (setStream would flush the closed one first)
                if console is not None:
                    console.file = sys.__stderr__
