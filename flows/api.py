"""Prefect's ephemeral API for one CLI run, started early and without importing the server.

With no `PREFECT_API_URL`, Prefect starts a temporary API server the first time a flow talks to
its API: the client imports `prefect.server` (the whole server stack, ~2-4 s of CPU in the CLI
process) only to launch `uvicorn prefect.server.api.server:create_app` in a subprocess, then waits
for it. `EarlyAPI` launches that same subprocess, with the same environment switches Prefect uses
(`PREFECT__SERVER_EPHEMERAL=1`: no UI, no background services), before the CLI imports Prefect at
all, so the server's start-up runs on the other core while the CLI imports the flow; the flow then
runs against it through `PREFECT_API_URL`, exactly as it would against `prefect server start`.
Same database (`PREFECT_HOME`), same server code; only the moment it starts changes.

The server is stopped when the run ends, as Prefect stops its own. When the user points Prefect
at a server (`PREFECT_API_URL` in the environment or the active profile), nothing is started.

This module imports nothing from Prefect at import time: that is the point.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

# uvicorn exits with this code when its port was taken between our check and its bind
# (Prefect's SubprocessASGIServer retries on the same code).
_PORT_TAKEN = 3
# Health polling period: start-up takes seconds; 50 ms adds at most that to it.
_POLL = 0.05


class EarlyAPI:
    """A Prefect API server subprocess on 127.0.0.1, launched at construction."""

    def __init__(self) -> None:
        spec = importlib.util.find_spec("prefect")
        if spec is None or spec.origin is None:
            raise RuntimeError("prefect is not installed")
        self._app_dir = str(Path(spec.origin).parent.parent)
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self._launch()
        # stopped at exit, after Prefect's own exit handlers (registered later, run earlier) have
        # sent the run's last events and logs to it
        atexit.register(self.stop)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> None:
        self.port = _free_port()
        env = server_env()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", self._app_dir, "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, **detached())

    def wait(self, timeout: float) -> str:
        """Block until the API answers /health; its URL."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            code = self.proc.poll()
            if code == _PORT_TAKEN:
                self._launch()
                continue
            if code is not None:
                raise RuntimeError(f"the temporary Prefect API server exited with code {code}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as r:  # noqa: S310 (loopback)
                    if r.status == 200:
                        return self.url
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(_POLL)
        self.stop()
        raise RuntimeError(f"the temporary Prefect API server did not answer within {timeout:.0f} s "
                           "(raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)")

    def stop(self, timeout: float = 5.0) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


def server_env() -> dict[str, str]:
    """The temporary server's environment: Prefect's ephemeral switches (no UI, no services)."""
    env = dict(os.environ, PREFECT_UI_ENABLED="0", PREFECT__SERVER_EPHEMERAL="1", PREFECT__SERVER_FINAL="1")
    # block types are registered in the API database on a server's first start; later starts
    # only re-check them (a second or so): the ephemeral API never needs them for our flows
    env.setdefault("PREFECT_API_BLOCKS_REGISTER_ON_START", "false")
    # Other libraries' records reach the console through the root logger. When the CLI stops the
    # server, SQLAlchemy's pool may log a cancelled connection reset with its traceback
    # (PrefectHQ/prefect#16504) on the user's terminal after a run that went well. Prefect's
    # own loggers keep their levels, so the server's errors still show.
    env.setdefault("PREFECT_LOGGING_ROOT_LEVEL", "CRITICAL")
    return env


def _die_with_parent() -> None:  # pragma: no cover (runs in the child, between fork and exec)
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def detached() -> dict:
    """Popen arguments for a server the CLI owns: its own session, so the terminal's Ctrl-C
    (SIGINT to the foreground process group) reaches the CLI only, and the CLI stops the server
    after the run's final state is reported to it (a server killed first made the run's last
    calls fail with tracebacks and hang). On Linux it also gets SIGTERM if the CLI dies unasked."""
    kw: dict = {"start_new_session": True}
    if sys.platform.startswith("linux"):
        kw["preexec_fn"] = _die_with_parent
    return kw


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wanted() -> bool:
    """Is an ephemeral API going to be needed? Cheap while Prefect is not imported yet (the
    environment only; the active profile is checked in `api_for_run`, once Prefect is loaded)."""
    if os.environ.get("PREFECT_API_URL") or os.environ.get("GRASSROOTS_EARLY_API", "1") == "0":
        return False
    if "prefect.settings" in sys.modules:  # already loaded (tests, a serving process): ask it
        from prefect.settings import get_current_settings

        return not get_current_settings().api.url
    return True


# Where `grassroots serve` (and a plain `prefect server start`) listen by default.
LOCAL_SERVER = "http://127.0.0.1:4200/api"


def local_server(url: str = LOCAL_SERVER, timeout: float = 0.3) -> str | None:
    """`url` when a Prefect API answers there (its /health), else None: a run started while
    `grassroots serve` is up belongs in that server's UI, and skips starting a temporary one."""
    if os.environ.get("GRASSROOTS_LOCAL_SERVER", "1") == "0":
        return None
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as r:  # noqa: S310 (loopback)
            return url if r.status == 200 and r.read().strip() == b"true" else None
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError):
        return None


@contextlib.contextmanager
def api_for_run(early: EarlyAPI | None) -> Iterator[None]:
    """Run the body against `early` unless Prefect's settings already name an API."""
    if early is None:
        yield
        return
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    settings = get_current_settings()
    if settings.api.url:  # set in the active profile: the user's server wins
        early.stop()
        yield
        return
    url = early.wait(float(settings.server.ephemeral.startup_timeout_seconds))
    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield
