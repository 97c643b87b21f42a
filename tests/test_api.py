"""flows/api.py: the CLI's early start of Prefect's temporary API server."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import pytest

from flows import api


def test_no_server_is_started_when_the_user_names_one(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    assert api.wanted() is False
    monkeypatch.delenv("PREFECT_API_URL")
    monkeypatch.setenv("GRASSROOTS_EARLY_API", "0")
    assert api.wanted() is False


def test_api_for_run_without_an_early_server_changes_nothing():
    with api.api_for_run(None):
        pass


@pytest.mark.slow
def test_early_server_answers_then_stops(fresh_prefect_home, monkeypatch):
    """The server EarlyAPI launches is Prefect's own API (same app, ephemeral switches: no UI),
    answers on 127.0.0.1 and is gone after stop()."""
    monkeypatch.setenv("PREFECT_HOME", str(fresh_prefect_home))
    early = api.EarlyAPI()
    try:
        url = early.wait(120)
        assert url.startswith("http://127.0.0.1:") and url.endswith("/api")
        with urllib.request.urlopen(f"{url}/health", timeout=5) as r:
            assert r.status == 200 and json.loads(r.read()) is True
        with urllib.request.urlopen(f"{url}/admin/settings", timeout=5) as r:
            assert json.loads(r.read())["server"]["ui"]["enabled"] is False
        proc = early.proc
    finally:
        early.stop()
    assert early.proc is None and proc.poll() is not None


def test_the_servers_console_keeps_prefects_errors_and_drops_other_libraries_noise():
    """What the temporary server prints on the user's terminal, with its own environment and
    Prefect's real logging set-up: a pool's cancelled reset when the server is stopped (logged by
    SQLAlchemy through the root logger) stays out; an error of Prefect's server still shows."""
    code = ("import logging; from prefect.logging.configuration import setup_logging; setup_logging(); "
            "logging.getLogger('sqlalchemy.pool.impl.AsyncAdaptedQueuePool').error('Exception during reset');"
            "logging.getLogger('prefect.server').error('a server error')")
    p = subprocess.run([sys.executable, "-c", code], env=api.server_env(), capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert "a server error" in p.stderr
    assert "Exception during reset" not in p.stderr
