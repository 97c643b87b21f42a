"""Manual runs handed to a warm `grassroots serve` (flows/warm.py, issue 20): discovery, the token,
what is sent, and when the CLI keeps a run to itself. The end-to-end hand-off through a real
Prefect server and `grassroots serve` is in tests/test_topology.py."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import UTC, date, datetime

import pytest

from flows import api, warm
from grassroots.app import cli


@pytest.fixture
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("GRASSROOTS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("GRASSROOTS_HANDOFF", raising=False)
    return tmp_path / "state"


def test_a_serving_process_is_found_and_runs_what_is_sent(state):
    got = []
    srv = warm.HandoffServer(lambda p: got.append(p) or {"state": "completed", "message": ""},
                             lambda run_id: run_id == "r1", api="http://127.0.0.1:1/api",
                             env={"GRASSROOTS_BATCH_SIZE": "50"}).start()
    try:
        f = state / warm.STATE_NAME
        assert stat.S_IMODE(f.stat().st_mode) == 0o600  # the token is the owner's only
        ep = warm.find()
        assert ep is not None and ep.pid == os.getpid() and ep.api == "http://127.0.0.1:1/api"
        assert ep.env == {"GRASSROOTS_BATCH_SIZE": "50"}
        out = ep.run({"paths": ["/x/a.md"], "since": date(2024, 1, 2),
                      "started_at": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)})
        assert out == {"state": "completed", "message": ""}
        # dates travel as ISO strings, which the flow's parameter validation turns back into dates
        assert got == [{"paths": ["/x/a.md"], "since": "2024-01-02", "started_at": "2024-01-02T03:04:05+00:00"}]
    finally:
        srv.stop()
    assert not f.exists()  # stopping removes the file: no later CLI waits on a dead port
    assert warm.find() is None


def test_requests_without_the_token_are_refused(state):
    ran = []
    srv = warm.HandoffServer(lambda p: ran.append(p) or {}, lambda r: False).start()
    try:
        req = urllib.request.Request(f"http://127.0.0.1:{srv.port}/ingest", data=b'{"paths": ["/etc"]}',
                                     method="POST", headers={"Authorization": "Bearer guessed"})
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=5)
        assert e.value.code == 403 and ran == []
    finally:
        srv.stop()


def test_a_stale_file_or_a_silent_port_means_no_handoff(state):
    state.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (state / warm.STATE_NAME).write_text(json.dumps({"pid": int(dead.stdout), "port": 9, "token": "t"}))
    assert warm.find() is None  # a killed serve left its file behind
    (state / warm.STATE_NAME).write_text(json.dumps({"pid": os.getpid(), "port": api._free_port(), "token": "t"}))
    assert warm.find() is None  # alive, but nothing answers
    (state / warm.STATE_NAME).write_text("{not json")
    assert warm.find() is None


def test_handoff_can_be_switched_off(state, monkeypatch):
    srv = warm.HandoffServer(lambda p: {}, lambda r: False).start()
    try:
        monkeypatch.setenv("GRASSROOTS_HANDOFF", "0")
        assert warm.find() is None
    finally:
        srv.stop()


def test_runs_stay_in_the_cli_when_settings_differ(monkeypatch):
    ep = warm.Endpoint("http://127.0.0.1:1", "t", 1, "http://127.0.0.1:4200/api", {"GRASSROOTS_WAREHOUSE": "ducklake"})
    monkeypatch.delenv("GRASSROOTS_WAREHOUSE", raising=False)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert "GRASSROOTS_WAREHOUSE" in cli._handoff_mismatch(ep)
    monkeypatch.setenv("GRASSROOTS_WAREHOUSE", "ducklake")
    assert cli._handoff_mismatch(ep) is None
    monkeypatch.setenv("PREFECT_API_URL", "http://elsewhere:4200/api")
    assert "PREFECT_API_URL" in cli._handoff_mismatch(ep)


def test_a_local_prefect_api_is_recognised_by_its_health_answer(monkeypatch):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Health(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):  # noqa: N802
            body = b"true" if self.path == "/api/health" else b"no"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/api"
    try:
        monkeypatch.setenv("GRASSROOTS_LOCAL_SERVER", "1")
        assert api.local_server(url) == url
        assert api.local_server(f"http://127.0.0.1:{api._free_port()}/api") is None
        monkeypatch.setenv("GRASSROOTS_LOCAL_SERVER", "0")
        assert api.local_server(url) is None
    finally:
        httpd.shutdown()
        httpd.server_close()
