from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["fixture_site"]  # the loopback fixture site (a real HTTP server on 127.0.0.1)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_SEEDS = SHARED / "seeds"

# quiet, offline Prefect for every test that runs a flow
for k, v in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}.items():
    os.environ.setdefault(k, v)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "grassroots.duckdb"


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    if not SHARED_SEEDS.is_dir():
        pytest.fail(f"the reference articles are expected beside the repo at {SHARED_SEEDS}")
    return SHARED_SEEDS


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """One Prefect API for the whole session (its start-up costs ~10 s)."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect_home"))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
