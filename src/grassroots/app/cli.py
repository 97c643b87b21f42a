"""Command line: parse, call the library or the flow, turn errors into one line and an exit code.

Exit codes: 0 ok, 1 the run finished but something failed (a batch, a source),
2 bad input (usage, config, missing path), 3 warehouse busy or unavailable.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import uuid
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from grassroots.config import ConfigError, load_config, resolve_settings
from grassroots.run.windows import MAX_WINDOWS, check_window_count

# plain click help (rich_markup_mode=None): typer's rich panels print every flag as `--dry-run <bool>`,
# although a value after it is refused; click shows flags as flags
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
                  help="grassroots: Chinese local news on Shanghai's community initiatives, into DuckDB.")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

DbOpt = Annotated[Path | None, typer.Option("--db", help="warehouse file (env GRASSROOTS_DB; default data/grassroots.duckdb)")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="sources file (env GRASSROOTS_CONFIG; default seeds/sources.toml)")]


class Fmt(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        out.print(f"grassroots {version('grassroots')}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="print the version and exit")] = False,
) -> None:
    """grassroots: Chinese local news on Shanghai's community initiatives, into DuckDB."""


def fail(msg: str, code: int = 2) -> typer.Exit:
    from rich.markup import escape

    err.print(f"[bold red]error:[/] {escape(msg)}", soft_wrap=True)
    return typer.Exit(code)


def quiet_prefect_env() -> None:
    """Defaults for a quiet, offline, embedded Prefect; the user's own settings win."""
    for k, v in {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        # flow and task logs at INFO go to the API (the UI's Logs tab), the terminal shows warnings
        # and errors only; the grassroots loggers (progress lines) are sent to the API too
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
        "PREFECT_LOGGING_EXTRA_LOGGERS": "grassroots",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_LOG_PRINTS": "false",
        # the first start of the ephemeral API migrates its SQLite database (15-18 s measured here)
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    }.items():
        os.environ.setdefault(k, v)


def _run_flow(kind: str, *, settings, **params) -> int:
    from grassroots.models import utcnow

    t0 = time.monotonic()
    # the run's clock starts with the command, so `runs.seconds` (and status) is the wall time the user saw
    params["started_at"] = utcnow()
    run_id = uuid.uuid4().hex
    found: dict = {}  # discoveries the idle check made, for the early extraction
    if _idle_run(kind, settings, run_id, t0, params, found):
        return 0
    from flows import warm  # imports nothing from prefect

    if (ep := warm.find()) is not None and (why := _handoff_mismatch(ep)) is None:
        return _handoff(ep, kind, settings, run_id, t0, params)
    if ep is not None:
        err.print(f"not handing the run to grassroots serve (pid {ep.pid}): {why}")
    quiet_prefect_env()
    from flows import api  # imports nothing from prefect

    if api.wanted() and (url := api.local_server()) is not None:
        # a Prefect server on this machine (the one `grassroots serve` starts): runs belong there
        os.environ["PREFECT_API_URL"] = url
        err.print(f"using the Prefect server at {url}")
    # the temporary API server starts now, on the other core, while this process imports the flow
    early = api.EarlyAPI() if api.wanted() else None
    if settings.task_runner == "local" and not _few_inputs(params):  # workers fork before Prefect (lean)
        from grassroots.run import pipeline

        pipeline.start_pool(settings.workers)
        if _extracts_early(params):  # the first batches extract while Prefect starts
            pipeline.extract_early(_file_sources(params), settings, limit=2 * settings.batch_size, found=found)
    from flows.ingest import ingest  # imports prefect: only when a flow runs

    try:
        with api.api_for_run(early):
            state = ingest(run_id=run_id, db=str(settings.db), batch_size=settings.batch_size,
                           workers=settings.workers, return_state=True, **params)
    except BaseException as e:
        code = _signal_code(e)
        if code is None:
            raise
        _interrupted(code, settings, run_id, early)
    _report_run(settings, run_id, t0)
    if state.is_failed() or state.is_crashed():
        exc = None
        try:
            state.result()
        except Exception as e:
            exc = e
        raise fail(f"{kind} failed: {_one_line(exc) if exc else state.message}", 1)
    return 0


def _report_run(settings, run_id: str, t0: float) -> None:
    """Print the run's summary as the warehouse recorded it (a courtesy: the state decides the exit code)."""
    from grassroots import warehouse

    elapsed = time.monotonic() - t0
    summary = None
    try:
        con = warehouse.open_reader(settings.db, wait=30, lake=settings.lake)
        summary = warehouse.run_counts(con, run_id)
        elapsed = warehouse.run_seconds(con, run_id) or elapsed
        con.close()
    except Exception as e:
        err.print(f"could not read the run summary: {e}")
    if summary:
        _print_summary(summary, elapsed, settings.db)


# settings read from the environment by the flow itself: a serving process started with other
# values would run the handed-off flow with them, so those runs stay in the CLI's process
_HANDOFF_ENV = ("PREFECT_API_URL",)


def _handoff_env() -> dict[str, str]:
    from grassroots.config import _FIELDS

    keys = [f"GRASSROOTS_{f.upper()}" for f in _FIELDS] + list(_HANDOFF_ENV)
    return {k: os.environ[k] for k in keys if k in os.environ}


def _handoff_mismatch(ep) -> str | None:
    """Why a run cannot go to this serving process, or None when it can."""
    mine = _handoff_env()
    mine.pop("PREFECT_API_URL", None)
    theirs = dict(ep.env)
    theirs.pop("PREFECT_API_URL", None)
    if mine != theirs:
        diff = sorted(set(mine.items()) ^ set(theirs.items()))
        return f"its GRASSROOTS_* settings differ ({', '.join(sorted({k for k, _ in diff}))})"
    api = os.environ.get("PREFECT_API_URL")
    if api and api.rstrip("/") != ep.api.rstrip("/"):
        return f"PREFECT_API_URL is {api}, it reports to {ep.api or 'no API'}"
    return None


def _handoff(ep, kind: str, settings, run_id: str, t0: float, params: dict) -> int:
    """Run the flow in the warm `grassroots serve` process (flows/warm.py); same flow, same API."""
    err.print(f"running in grassroots serve (pid {ep.pid}; Prefect API {ep.api})")
    params = dict(params, run_id=run_id, db=str(Path(settings.db).absolute()), batch_size=settings.batch_size,
                  workers=settings.workers)
    if params.get("config"):
        params["config"] = str(Path(params["config"]).absolute())
    try:
        outcome = ep.run(params)
    except KeyboardInterrupt:
        ep.interrupt(run_id)  # it stops between inputs and records the run interrupted
        _wait_recorded(settings, run_id)
        _interrupted(130, settings, run_id)
    except OSError as e:
        raise fail(f"{kind}: lost the serving process (pid {ep.pid}) during the run: {e}", 1) from None
    _report_run(settings, run_id, t0)
    if outcome.get("state") != "completed":
        raise fail(f"{kind} failed: {outcome.get('message') or outcome.get('state')}", 1)
    return 0


def _wait_recorded(settings, run_id: str, timeout: float = 10.0) -> None:
    """Wait until the serving process has recorded the run's end (it was asked to stop)."""
    from grassroots import warehouse

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            con = warehouse.open_reader(settings.db, wait=1, lake=settings.lake)
            try:
                row = warehouse.run_state(con, run_id)
            finally:
                con.close()
            if row is None or row[0] != "running":
                return
        time.sleep(0.2)


class Terminated(BaseException):
    """SIGTERM outside a flow run (Prefect turns it into TerminationSignal inside one)."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def _signal_code(e: BaseException) -> int | None:
    """130 for Ctrl-C, 143 for SIGTERM (128 + the signal), None for anything else."""
    if isinstance(e, KeyboardInterrupt):
        return 130
    if isinstance(e, Terminated) or type(e).__name__ == "TerminationSignal":
        return 143
    return None


def _interrupted(code: int, settings, run_id: str | None, early=None) -> None:
    """One line, then exit at once: the run already recorded what it committed; threads still
    extracting a batch would only be waited for (their work is discarded anyway)."""
    import signal

    from grassroots import warehouse
    from grassroots.run import spool

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not cut this short
    what = "interrupted"
    if run_id is not None:
        spool.remove_run(settings.db, run_id)  # a thread may have written after the flow removed it
        row = None
        try:
            con = warehouse.open_reader(settings.db, wait=2, lake=settings.lake)
            try:
                row = warehouse.run_state(con, run_id)
            finally:
                con.close()
        except Exception:
            pass
        if row is None:
            what += " before the run started; nothing was written"
        elif row[0] == "interrupted":
            t = row[1].get("total", {})
            what += (f": run {run_id[:8]} recorded as interrupted with {t.get('batches', 0)} batch(es) committed "
                     f"({t.get('new', 0)} new, {t.get('duplicate', 0)} duplicate); rerun to finish")
        else:
            what += f": run {run_id[:8]} left {row[0]}; committed batches are kept, rerun to finish"
    err.print(f"[bold red]error:[/] {what}", soft_wrap=True)
    from grassroots.run import pipeline

    pipeline.stop_pool()  # os._exit skips atexit: no worker outlives the CLI
    if early is not None:  # the run's final state is reported: the server can go (killed after 1 s)
        early.stop(timeout=1.0)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _idle_run(kind: str, settings, run_id: str, t0: float, params: dict, found: dict | None = None) -> bool:
    """Record and report a run over unchanged files without starting Prefect; False when the
    run has work to do (or is not over files only), and the flow runs as usual. `found` receives
    the discoveries made."""
    from grassroots.run import pipeline

    if params.get("urls") or params.get("from_raw") or os.environ.get("GRASSROOTS_ALWAYS_FLOW") == "1":
        return False
    sources = _file_sources(params)
    since, until = params.get("since"), params.get("until")
    counts = pipeline.idle_counts(settings, sources, since=since, until=until, found=found)
    if counts is None:
        return False
    summary = pipeline.record_idle_run(
        settings, run_id, f"ingest {params.get('label', kind)}",
        {"sources": [s.name for s in sources], "since": since, "until": until, "from_raw": False}, counts,
        window=(since, until), started_at=params.get("started_at"))
    _print_summary(summary, time.monotonic() - t0, settings.db)
    err.print("nothing new: every file is unchanged since it was stored (no flow run started)")
    return True


def _file_sources(params: dict) -> list:
    """The sources of a run over files and configured sources (not URLs, not the raw layer)."""
    from grassroots.run import pipeline

    cfg = pipeline.run_config(params.get("config"), params.get("paths"))
    return pipeline.build_sources(cfg, params.get("sources"), params.get("paths"), params.get("source_name", "cli"))


def _few_inputs(params: dict) -> bool:
    """A run over a few files only (no pool is used below 16 inputs a batch)."""
    from grassroots.run import pipeline

    if params.get("urls") or params.get("from_raw"):
        return False
    return pipeline.few_file_inputs(_file_sources(params))


def _extracts_early(params: dict) -> bool:
    """A run over files that will extract them from the first on: not a backfill window (its
    first files may be out of it), not from the raw layer, not URLs."""
    return not any(params.get(k) for k in ("urls", "from_raw", "since", "until"))


def _one_line(e: BaseException) -> str:
    from grassroots.warehouse import WarehouseError

    if isinstance(e, (ConfigError, WarehouseError)):
        return str(e)
    s = str(e).strip().splitlines()
    return f"{type(e).__name__}: {s[0]}" if s else type(e).__name__


def _print_summary(summary: dict, elapsed: float, db: Path) -> None:
    cols = ["discovered", "read", "unchanged", "not_modified", "new", "duplicate", "rejected", "failed_batches"]
    rows = list(summary["sources"].items())
    if len(rows) > 1:
        rows.append(("total", summary["total"]))
    err.print(f"run {summary['run_id'][:8]} finished in {elapsed:.1f} s -> {db}")
    if err.is_terminal:
        t = Table(box=None, pad_edge=False)
        t.add_column("source")
        for c in cols:
            t.add_column(c.replace("_", " "), justify="right")
        for name, c in rows:
            t.add_row(name, *[str(c.get(k, 0)) for k in cols])
        err.print(t)
    else:  # plain lines for logs and pipes
        for name, c in rows:
            err.print(f"{name}: " + ", ".join(f"{k.replace('_', ' ')} {c.get(k, 0)}" for k in cols), soft_wrap=True)
    for name, c in summary["sources"].items():
        for e in c.get("errors", [])[:5]:
            err.print(f"[red]{name}: {e}", soft_wrap=True)
    if summary["total"].get("rejected"):
        reasons = sorted(summary["total"].get("reject_reasons", {}).items(), key=lambda kv: (-kv[1], kv[0]))
        why = f" ({', '.join(f'{k} {n}' for k, n in reasons)})" if reasons else ""
        err.print(f"{summary['total']['rejected']} input(s) rejected{why}: see "
                  "`grassroots sql \"select * from rejects\"`", soft_wrap=True)


def _settings(config: Path | None, db: Path | None, **kw):
    cfg = load_config(config) if config or not kw.pop("no_config", False) else None
    return cfg, resolve_settings(cfg, db=db, **{k: v for k, v in kw.items() if v is not None})


def _db_settings(db: Path | None):
    """Settings of a command that needs only the warehouse (no sources file); bad ones exit 2."""
    try:
        return _settings(None, db, no_config=True)[1]
    except ConfigError as e:
        raise fail(str(e)) from None


@app.command()
def run(
    db: DbOpt = None,
    config: ConfigOpt = None,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", metavar="NAME", help="only these sources (repeatable)")] = None,
    since: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="window start, inclusive (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="window end, exclusive (YYYY-MM-DD)")] = None,
    workers: Annotated[int | None, typer.Option(help="extraction processes [default: one per usable core, at most 8]")] = None,
    batch_size: Annotated[int | None, typer.Option(help="documents per batch task [default 200]")] = None,
) -> None:
    """Ingest every enabled source of the config (default: the sample corpus in seeds/)."""
    from grassroots.warehouse import WarehouseError, _check_writable

    try:
        cfg, settings = _settings(config, db, workers=workers, batch_size=batch_size)
        for s in source or []:
            cfg.get(s)
        _check_source_paths([cfg.get(s) for s in source] if source else cfg.enabled())
        win = (_date(since, "--since"), _date(until, "--until"))
        _check_window(*win)
        if not cfg.enabled() and not source:
            raise ConfigError(f"{cfg.path}: no enabled source")
        _check_writable(settings.db)
    except (ConfigError, WarehouseError) as e:
        raise fail(str(e)) from None
    code = _guard(lambda: _run_flow("run", settings=settings, sources=source or None, since=win[0], until=win[1],
                                    config=str(cfg.path), label="+".join(source) if source else "all"))
    raise typer.Exit(code)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="files, folders, globs, or article/feed/sitemap URLs")],
    db: DbOpt = None,
    allow_host: Annotated[list[str] | None, typer.Option("--allow-host", help="allow this private or loopback host for this run (repeatable)")] = None,
    source_name: Annotated[str, typer.Option("--source-name", help="source name recorded for these inputs")] = "cli",
    workers: Annotated[int | None, typer.Option(help="extraction processes [default: one per usable core, at most 8]")] = None,
    batch_size: Annotated[int | None, typer.Option(help="documents per batch task [default 200]")] = None,
) -> None:
    """Ingest the given files, folders, globs or URLs (articles, RSS/Atom feeds, sitemaps)."""
    from grassroots.sources.files import SourcePathError, check_paths
    from grassroots.warehouse import WarehouseError, _check_writable

    urls = [x for x in inputs if "://" in x]
    paths = [x for x in inputs if "://" not in x]
    try:
        _, settings = _settings(None, db, no_config=True, workers=workers, batch_size=batch_size)
        check_paths(paths)
        _check_writable(settings.db)
    except (ConfigError, SourcePathError, WarehouseError) as e:
        raise fail(str(e)) from None
    # absolute, globs too: the run may execute in a serving process with another working folder
    paths = [str(Path(os.path.expanduser(p)).absolute()) for p in paths]
    code = _guard(lambda: _run_flow("ingest", settings=settings, paths=paths or None, urls=urls or None,
                                    allow_hosts=allow_host or None, label=source_name, source_name=source_name))
    raise typer.Exit(code)


@app.command()
def sql(
    query: Annotated[str | None, typer.Argument(help="one SQL statement (read-only)")] = None,
    db: DbOpt = None,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="output format")] = Fmt.table,
    file: Annotated[Path | None, typer.Option("--file", help="read the query from a file ('-' for stdin)")] = None,
    schema: Annotated[bool, typer.Option("--schema", help="list the public views and their columns")] = False,
    wait: Annotated[float, typer.Option(help="seconds to wait while a write is in progress")] = 10.0,
    bom: Annotated[bool, typer.Option("--bom", help="with -f csv: a UTF-8 byte-order mark first, so Excel reads the Chinese text")] = False,
) -> None:
    """Run one read-only SQL statement against the warehouse."""
    from grassroots.app import query as q
    from grassroots.warehouse import WarehouseError

    try:
        _, settings = _settings(None, db, no_config=True)
        if bom and fmt is not Fmt.csv:
            raise q.QueryError("--bom is for CSV output (-f csv)")
        if schema:
            text = None
        elif file is not None:
            text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        elif query is not None:
            text = query
        else:
            raise q.QueryError("give a query, --file or --schema")
        mark = "\ufeff" if bom else ""  # written once the rows are there: an error leaves no mark behind
        if schema:
            result = q.run_schema(settings.db, wait=wait, lake=settings.lake)
            out.file.write(mark)
            q.render(result, fmt.value, out)
        else:
            with q.query_rows(settings.db, text, wait=wait, lake=settings.lake) as result:
                out.file.write(mark)
                q.render(result, fmt.value, out)
    except (q.QueryError, WarehouseError, ConfigError, OSError) as e:
        raise fail(str(e), 3 if type(e).__name__ == "WarehouseBusy" else 2) from None


class Reprocess(StrEnum):
    missing = "missing"
    failed = "failed"
    all = "all"


class Unit(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


@app.command()
def backfill(
    since: Annotated[str, typer.Option(metavar="YYYY-MM-DD", help="range start, inclusive (YYYY-MM-DD)")],
    until: Annotated[str, typer.Option(metavar="YYYY-MM-DD", help="range end, exclusive (YYYY-MM-DD)")],
    source: Annotated[list[str] | None, typer.Option("--source", "-s", metavar="NAME", help="only these sources (repeatable)")] = None,
    window: Annotated[Unit, typer.Option(help="window size")] = Unit.month,
    reprocess: Annotated[Reprocess, typer.Option(help="missing: windows not completed; failed: failed ones; all")] = Reprocess.missing,
    from_raw: Annotated[bool, typer.Option("--from-raw", help="rebuild from the raw layer with the current extractor, no network")] = False,
    max_active: Annotated[int, typer.Option(help="windows run at once")] = 1,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="list the windows that would run, run nothing")] = False,
    max_windows: Annotated[int, typer.Option(help="refuse a range of more windows than this (a mistyped year)")] = MAX_WINDOWS,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Backfill [since, until) window by window; each window is its own flow run with its status kept."""
    from grassroots.warehouse import WarehouseError

    try:
        cfg, settings = _settings(config, db)
        s0, s1 = _date(since, "--since"), _date(until, "--until")
        _check_window(s0, s1)
        if max_windows < 1:
            raise ConfigError("--max-windows must be at least 1")
        if not dry_run:
            try:
                check_window_count(s0, s1, window.value, max_windows)
            except ValueError as e:
                raise ConfigError(str(e)) from None
        from grassroots.run.pipeline import backfill_sources

        srcs = backfill_sources(cfg, source, settings, from_raw=from_raw)
        if not from_raw:
            _check_source_paths(srcs)
        if max_active < 1:
            raise ConfigError("--max-active must be at least 1")
    except (ConfigError, WarehouseError) as e:
        raise fail(str(e)) from None
    if dry_run:
        quiet_prefect_env()
        from flows.backfill import plan

        todo, table = _guard(lambda: plan(settings, srcs, s0, s1, window.value, reprocess.value))
        chosen = {(t.source.name, t.window) for t in todo}
        for sl, st in table:
            mark = "run " if (sl.source.name, sl.window) in chosen else "skip"
            out.print(f"{mark}  {sl.source.name}  {sl.window.start} .. {sl.window.end}  ({st or 'never run'})")
        err.print(f"{len(todo)} of {len(table)} window(s) would run (--reprocess {reprocess.value})")
        raise typer.Exit(0)
    quiet_prefect_env()
    from flows import api

    early = api.EarlyAPI() if api.wanted() else None
    from flows.backfill import backfill as backfill_flow

    def go() -> int:
        with api.api_for_run(early):
            state = backfill_flow(since=s0, until=s1, sources=source or None, window=window.value,
                                  reprocess=reprocess.value, from_raw=from_raw, max_active=max_active,
                                  max_windows=max_windows, db=str(settings.db), config=str(cfg.path), progress=True, return_state=True)
        if state.is_failed() or state.is_crashed():
            try:
                state.result()
            except Exception as e:
                raise fail(f"backfill failed: {_one_line(e)}", 1) from None
        res = state.result()
        err.print(f"backfill: {res['completed']} completed, {res['failed']} failed, {res['skipped']} skipped "
                  f"of {res['windows']} window(s)")
        return 0

    raise typer.Exit(_guard(go))


@app.command()
def serve(
    db: DbOpt = None,
    config: ConfigOpt = None,
    limit: Annotated[int | None, typer.Option(help="flow runs at once in this process")] = None,
) -> None:
    """Serve the scheduled, manual and backfill deployments from this process (needs a Prefect API).

    With PREFECT_API_URL unset, a local `prefect server start` is launched on 127.0.0.1:4200 first.
    """
    try:
        cfg, settings = _settings(config, db)
    except ConfigError as e:
        raise fail(str(e)) from None
    quiet_prefect_env()
    os.environ["GRASSROOTS_ANNOUNCE"] = "1"  # each flow run prints one line at its start and end
    server = stopping = None
    handoff = None
    if not os.environ.get("PREFECT_API_URL"):
        server = _start_local_server(settings.db)
        # a dead server ends serve at once (os._exit): withdraw the hand-off file first
        stopping = _watch_server(server, Path(settings.db).absolute().parent / "prefect" / "server.log",
                                 before_exit=lambda: handoff.stop() if handoff is not None else None)
    try:
        from flows import warm
        from flows.deployments import build_deployments, serve_deployments

        deps = build_deployments(cfg, settings.db)
        if warm.enabled():  # manual CLI runs on this machine run here, warm (flows/warm.py)
            handoff = warm.HandoffServer(warm.run_here, warm.interrupt_here, api=os.environ["PREFECT_API_URL"],
                                         env=_handoff_env()).start()
        err.print(f"serving {len(deps)} deployment(s) against {os.environ['PREFECT_API_URL']}; Ctrl-C to stop "
                  "(schedules stay active)" + ("; manual `grassroots run`/`ingest` runs of this user run here"
                                               if handoff else ""))
        serve_deployments(deps, limit=limit)
    finally:
        if handoff is not None:
            handoff.stop()
        if server is not None:
            stopping.set()
            server.terminate()
            server.wait(30)


@app.command()
def recluster(
    db: DbOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="list the splits, change nothing")] = False,
) -> None:
    """Re-examine stored clusters under the no-chaining rule and split chained ones (docs/DEDUP.md)."""
    from grassroots.run.pipeline import has_warehouse, writer
    from grassroots.warehouse.recluster import recluster as run

    settings = _db_settings(db)
    if not has_warehouse(settings):  # (a mistyped --db made an empty warehouse and found it fine)
        raise fail(f"no warehouse at {settings.db} (run `grassroots run` or `grassroots ingest` first)")

    def go() -> int:
        import uuid

        from grassroots import warehouse

        with writer(settings, command="recluster") as con:
            res = run(con, dry_run=dry_run)
            if not dry_run:  # recorded, so `status` knows the stored clusters were re-examined
                run_id = uuid.uuid4().hex
                warehouse.start_run(con, run_id, "recluster", {})
                warehouse.finish_run(con, run_id, "completed", {
                    "clusters_examined": res.clusters_examined, "clusters_split": res.clusters_split,
                    "documents_moved": res.documents_moved})
        for s in res.splits[:50]:
            out.print(f"{'would split' if dry_run else 'split'} {s.from_cluster_id} -> {s.new_cluster_id} "
                      f"({len(s.doc_ids)} document(s), canonical {s.canonical_doc_id})")
        err.print(f"recluster: {res.clusters_examined} cluster(s) examined, {res.clusters_split} split into "
                  f"{len(res.splits)} new cluster(s), {res.documents_moved} document(s) moved"
                  + (" (dry run: nothing written)" if dry_run else ""))
        return 0

    raise typer.Exit(_guard(go))


@app.command()
def compact(
    db: DbOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="measure only, change nothing")] = False,
) -> None:
    """Rewrite the warehouse file with full row groups: a smaller file, faster loads (README, Commands)."""
    from grassroots.warehouse.compact import COMPACT_MEMORY_LIMIT, RETRY_MEMORY_LIMIT
    from grassroots.warehouse.compact import compact as run

    settings = _db_settings(db)
    if settings.lake is not None:
        raise fail("compact rewrites a DuckDB warehouse file; a DuckLake keeps its files with its own "
                   "maintenance functions (ducklake_merge_adjacent_files)")

    if not Path(settings.db).exists():
        raise fail(f"no warehouse at {settings.db}")

    def go() -> int:
        mb = 1024 * 1024
        start = time.monotonic()
        if not dry_run:
            err.print(f"compact: checking {settings.db}, then copying it table by table (writes wait meanwhile)")
        res = run(Path(settings.db), dry_run=dry_run, timeout=settings.lock_timeout)
        b, a = res.before, res.after
        if a is None and b.row_groups <= b.needed:
            err.print(f"compact: {b.bytes / mb:.0f} MB, every row group already full; nothing to do")
        elif a is None:
            err.print(f"compact (dry run): {b.bytes / mb:.0f} MB, {b.row_groups} row group(s) where "
                      f"{b.needed} would hold the same rows; nothing written")
        else:
            err.print(f"compact: {b.bytes / mb:.0f} MB -> {a.bytes / mb:.0f} MB, {b.row_groups} -> "
                      f"{a.row_groups} row group(s), every table's rows unchanged ({time.monotonic() - start:.1f} s)"
                      + (f"; copied again with {RETRY_MEMORY_LIMIT} of DuckDB memory after running out of "
                         f"{COMPACT_MEMORY_LIMIT}" if res.retried else ""))
        return 0

    raise typer.Exit(_guard(go))

def _start_local_server(db: Path):
    import subprocess
    import urllib.request

    from flows.api import detached

    home = Path(db).absolute().parent / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PREFECT_HOME=str(home))
    url = "http://127.0.0.1:4200/api"
    log = home / "server.log"
    err.print(f"starting a local Prefect server (UI http://127.0.0.1:4200, state in {home}, log {log.name})")
    # its own session: Ctrl-C stops `serve` first, which then stops the server; its output goes to
    # a file (a pipe nobody reads fills up and blocks the server)
    with log.open("ab") as f:
        # `python -m prefect` of this interpreter: the `prefect` script need not be on PATH (a
        # grassroots started as .venv/bin/grassroots without the environment activated)
        proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", "4200",
                                 "--analytics-off"], env=env, stdin=subprocess.DEVNULL, stdout=f, stderr=f,
                                **detached())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_bytes()[-300:].decode(errors="replace").strip().splitlines()
            raise fail(f"prefect server exited with code {proc.returncode}: {tail[-1] if tail else ''} (see {log})", 3)
        try:
            with urllib.request.urlopen(url + "/health", timeout=2):
                break
        except OSError:
            time.sleep(1)
    else:
        proc.terminate()
        raise fail("the local Prefect server did not start within 120 s", 3)
    os.environ["PREFECT_API_URL"] = url
    return proc


def _watch_server(proc, log: Path, poll: float = 0.5, before_exit=None):
    """`serve` without its server only prints connection tracebacks: when the server dies, say so
    in one line and exit 3 (the flow runs in progress are marked crashed by the next start)."""
    import threading

    stopping = threading.Event()  # set by serve itself before it stops the server

    def watch() -> None:
        while proc.poll() is None:
            if stopping.wait(poll):
                return
        if stopping.is_set():
            return
        if before_exit is not None:
            with contextlib.suppress(Exception):
                before_exit()
        err.print(f"[bold red]error:[/] the Prefect server exited (code {proc.returncode}; log {log}); "
                  "serve stopped", soft_wrap=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(3)

    threading.Thread(target=watch, name="server-watch", daemon=True).start()
    return stopping


def _check_source_paths(sources) -> None:
    """A configured folder or file that does not exist is a bad config (exit 2), not an input to reject."""
    for s in sources:
        if s.kind == "files" and (missing := s.missing_paths()):
            raise ConfigError(f"source '{s.name}': configured path does not exist: {', '.join(missing)}")


def _date(s: str | None, flag: str) -> date | None:
    if s is None:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise ConfigError(f"{flag}: not a date (YYYY-MM-DD): {s!r}") from None


def _check_window(since: date | None, until: date | None) -> None:
    if since and until and since >= until:
        raise ConfigError(f"empty window: --since {since} is not before --until {until}")


def _guard(fn) -> int:
    from grassroots.warehouse import WarehouseBusy, WarehouseError

    try:
        return fn()
    except typer.Exit:
        raise
    except WarehouseBusy as e:
        raise fail(str(e), 3) from None
    except (ConfigError, WarehouseError) as e:
        raise fail(str(e)) from None
    except (KeyboardInterrupt, Terminated) as e:
        raise fail("interrupted; committed batches are kept, rerun to finish", _signal_code(e)) from None


def _register_extra_commands() -> None:
    """Commands that live in their own modules (report, export, status)."""
    from grassroots.app.cli_report import register

    register(app, err=err, out=out, fail=fail, settings=_settings)


_register_extra_commands()


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)  # one line and exit 143, like Ctrl-C's 130
    app()


if __name__ == "__main__":
    main()
