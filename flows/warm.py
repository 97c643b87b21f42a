"""Manual runs handed to a running `grassroots serve` (issue 20: fast small runs).

A one-file `grassroots ingest` in a new process spends most of its time before any work:
importing Prefect costs ~2.5 s on this project's 2-core machine, the flow module and its
stages ~1 s more, then the first run in a process opens and checks the warehouse. A
`grassroots serve` process has paid all of that already. So `serve` also listens on a loopback
port for manual runs, and the CLI, when it finds that process, hands the run to it instead of
starting Prefect itself: the run is the same `ingest` flow run against the same Prefect API
(visible in the UI, recorded in the warehouse), executed in the warm process.

- Discovery: `serve` writes `serve.json` (pid, port, a random token, the Prefect API URL) into
  the state folder (`GRASSROOTS_STATE_DIR`, default `~/.cache/grassroots`), readable by the user
  only, and removes it when it stops. The CLI reads it, checks the pid is alive and asks
  `/health` with the token (0.5 s at most); anything else and the CLI runs the flow itself, as
  before.
- Security: the server binds 127.0.0.1 only and every request carries the token, which only the
  file's owner can read: another local user cannot make the serving process read their paths.
- One manual run at a time in the warm process (runs queue on a lock; the warehouse has one
  writer anyway). Scheduled runs are unaffected: `serve` runs those in their own processes.
- Ctrl-C in the CLI asks the warm process to stop the run (`/interrupt`); it stops between
  inputs and records the run `interrupted`, as a run in the CLI's own process does.
- `GRASSROOTS_HANDOFF=0` makes the CLI always run the flow itself.

This module imports nothing from Prefect: the CLI uses it before deciding to import Prefect.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STATE_NAME = "serve.json"
# The CLI waits this long for a serving process to answer before running the flow itself.
HEALTH_TIMEOUT = 0.5


def state_dir() -> Path:
    return Path(os.environ.get("GRASSROOTS_STATE_DIR") or Path.home() / ".cache" / "grassroots")


def enabled() -> bool:
    return os.environ.get("GRASSROOTS_HANDOFF", "1") != "0"


# ---------------------------------------------------------------- the CLI's side


@dataclass(frozen=True)
class Endpoint:
    url: str
    token: str
    pid: int
    api: str  # the Prefect API the serving process reports to
    env: dict  # its GRASSROOTS_* settings from the environment (the flow reads them)

    def _request(self, path: str, body: dict | None = None, timeout: float | None = None) -> dict:
        data = json.dumps(body, default=_iso).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method="POST" if data is not None else "GET",
                                     headers={"Authorization": f"Bearer {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310 (loopback, our own server)
            return json.loads(r.read() or b"{}")

    def run(self, params: dict) -> dict:
        """Run `ingest(**params)` in the serving process; its outcome (state, message)."""
        return self._request("/ingest", params)

    def interrupt(self, run_id: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._request("/interrupt", {"run_id": run_id}, timeout=5)


def _iso(o) -> str:
    return o.isoformat() if hasattr(o, "isoformat") else str(o)


def find() -> Endpoint | None:
    """The running `grassroots serve` that takes manual runs, or None."""
    if not enabled():
        return None
    path = state_dir() / STATE_NAME
    try:
        st = json.loads(path.read_text())
        pid, port, token, api = int(st["pid"]), int(st["port"]), str(st["token"]), str(st.get("api", ""))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # a serve that was killed left its file behind
    except PermissionError:
        return None  # someone else's process reuses the pid
    ep = Endpoint(f"http://127.0.0.1:{port}", token, pid, api, {})
    try:
        health = ep._request("/health", timeout=HEALTH_TIMEOUT)
    except (OSError, ValueError):
        return None
    if health.get("pid") != pid:
        return None
    return Endpoint(ep.url, token, pid, str(health.get("api", api)), dict(health.get("env") or {}))


# ---------------------------------------------------------------- the serving process's side


class HandoffServer:
    """Loopback HTTP server in the `serve` process; `run` executes one manual run (a flow call)."""

    def __init__(self, run: Callable[[dict], dict], interrupt: Callable[[str], bool], *, api: str = "",
                 env: dict | None = None) -> None:
        self._run, self._interrupt, self._lock = run, interrupt, threading.Lock()
        self.token = secrets.token_urlsafe(32)
        self.api, self.env = api, dict(env or {})
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # the serving terminal shows runs, not requests
                pass

            def _reply(self, code: int, body: dict) -> None:
                data = json.dumps(body, default=str).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self) -> bool:
                ok = secrets.compare_digest(self.headers.get("Authorization", ""), f"Bearer {server.token}")
                if not ok:
                    self._reply(403, {"error": "bad token"})
                return ok

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                if not self._authorised():
                    return
                if self.path == "/health":
                    self._reply(200, {"pid": os.getpid(), "api": server.api, "env": server.env})
                else:
                    self._reply(404, {"error": "not found"})

            def do_POST(self) -> None:  # noqa: N802
                if not self._authorised():
                    return
                try:
                    body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                except ValueError:
                    self._reply(400, {"error": "not JSON"})
                    return
                if self.path == "/ingest":
                    with server._lock:  # one manual run at a time in this process
                        try:
                            self._reply(200, server._run(body))
                        except Exception as e:  # the run could not even start: say why
                            self._reply(200, {"state": "error", "message": f"{type(e).__name__}: {e}"})
                elif self.path == "/interrupt":
                    self._reply(200, {"interrupted": server._interrupt(str(body.get("run_id", "")))})
                else:
                    self._reply(404, {"error": "not found"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="grassroots-handoff", daemon=True)
        self.path = state_dir() / STATE_NAME

    def start(self) -> HandoffServer:
        self._thread.start()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the token: owner only
        with os.fdopen(fd, "w") as f:
            json.dump({"pid": os.getpid(), "port": self.port, "token": self.token, "api": self.api}, f)
        os.replace(tmp, self.path)
        return self

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            if json.loads(self.path.read_text()).get("pid") == os.getpid():  # not another serve's file
                self.path.unlink()
        self.httpd.shutdown()
        self.httpd.server_close()


# the manual run this process is executing (one at a time: HandoffServer's lock)
_ACTIVE: dict[str, str | None] = {"run_id": None}


def run_here(params: dict) -> dict:
    """Execute a handed-off run: the `ingest` flow, called in this (serving) process."""
    from flows.ingest import ingest

    _ACTIVE["run_id"] = str(params.get("run_id") or "") or None
    try:
        state = ingest(**params, return_state=True)
    finally:
        _ACTIVE["run_id"] = None
    message = state.message or ""
    if state.is_failed() or state.is_crashed():
        try:
            state.result()
        except Exception as e:  # the run's own error, in one line, as the CLI prints its own
            lines = str(e).strip().splitlines()
            message = lines[0] if lines else type(e).__name__
    return {"state": state.type.value.lower(), "message": message}


def interrupt_here(run_id: str) -> bool:
    """Stop the handed-off run `run_id` if it is the one running here (Ctrl-C in its CLI)."""
    from flows import interrupt

    if run_id and run_id == _ACTIVE["run_id"]:
        interrupt.STOP.set()
        return True
    return False
