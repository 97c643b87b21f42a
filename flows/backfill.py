"""Backfills: a date range split into windows, each window its own ingest flow run.

Per-window status lives in the warehouse (core.backfill_windows, public view
backfill_windows), so `--reprocess missing|failed|all` and `--dry-run` need no Prefect
server or UI. The same window is never run twice at once: each runs under a
non-blocking per-window lock, and a window already held elsewhere is skipped.
"""

from __future__ import annotations

import contextvars
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger

from flows.ingest import run_ingest
from grassroots import warehouse
from grassroots.config import Config, Settings, Source, load_config, resolve_settings
from grassroots.run import pipeline
from grassroots.run.windows import MAX_WINDOWS, Window, check_window_count, select_windows, split_windows


@dataclass(frozen=True)
class Slice:
    source: Source
    window: Window

    @property
    def label(self) -> str:
        return f"{self.source.name} {self.window}"


def plan(settings: Settings, sources: list[Source], since: date, until: date, unit: str,
         reprocess: str) -> tuple[list[Slice], list[tuple[Slice, str | None]]]:
    """(slices to run, every slice with its current status)."""
    windows = split_windows(since, until, unit)
    status: dict[str, dict] = {}
    if pipeline.has_warehouse(settings):
        with pipeline.writer(settings, command="backfill plan") as con:
            status = {s.name: warehouse.window_status(con, s.name) for s in sources}
    todo, table = [], []
    for s in sources:
        st = {Window(a, b): v for (a, b), v in status.get(s.name, {}).items()}
        chosen = set(select_windows(windows, st, reprocess))
        for w in windows:
            table.append((Slice(s, w), st.get(w)))
            if w in chosen:
                todo.append(Slice(s, w))
    return todo, table


def _mark(settings: Settings, sl: Slice, status: str, run_id: str, **kw) -> None:
    with pipeline.writer(settings, command=f"backfill {sl.label}") as con:
        warehouse.set_window(con, sl.source.name, sl.window.start, sl.window.end, status, run_id=run_id, **kw)


def run_slice(sl: Slice, settings: Settings, config: Config | None, from_raw: bool) -> dict:
    """Run one window under its lock; record its status with the run."""
    w = sl.window
    with warehouse.window_lock(settings.db, sl.source.name, w.start, w.end) as mine:
        if not mine:
            return {"slice": sl.label, "status": "skipped", "reason": "running in another process"}
        run_id = uuid.uuid4().hex
        _mark(settings, sl, "running", run_id)
        try:
            summary = window_run.with_options(flow_run_name=f"ingest {sl.label}")(
                sl, settings, config, from_raw, run_id)
        except Exception as e:
            error = (str(e).strip().splitlines() or [type(e).__name__])[0]
            _mark(settings, sl, "failed", run_id, error=error[:500])
            return {"slice": sl.label, "status": "failed", "error": error}
        docs = summary["total"]["new"] + summary["total"]["duplicate"]
        _mark(settings, sl, "completed", run_id, documents=docs)
        return {"slice": sl.label, "status": "completed", "documents": docs}


@flow(name="ingest-window", persist_result=False)
def window_run(sl: Slice, settings: Settings, config: Config | None, from_raw: bool, run_id: str) -> dict:
    return run_ingest(settings, [sl.source], since=sl.window.start, until=sl.window.end, run_id=run_id,
                      command=f"backfill {sl.label}", config=config, from_raw=from_raw)


class BackfillFailed(RuntimeError):
    pass


@flow(name="backfill", flow_run_name="backfill {since}..{until}", persist_result=False)
def backfill(
    since: date,
    until: date,
    sources: list[str] | None = None,
    window: str = "month",
    reprocess: str = "missing",
    from_raw: bool = False,
    max_active: int = 1,
    max_windows: int = MAX_WINDOWS,
    db: str | None = None,
    config: str | None = None,
    progress: bool = False,
) -> dict:
    """Run the windows of [since, until) that `reprocess` selects, at most `max_active` at once;
    refuse a range of more than `max_windows` windows (a deployment run's mistyped year too)."""
    check_window_count(since, until, window, max_windows)
    logger = get_run_logger()
    cfg = load_config(config)
    settings = resolve_settings(cfg, db=Path(db) if db else None)
    srcs = pipeline.backfill_sources(cfg, sources, settings, from_raw=from_raw)
    todo, _ = plan(settings, srcs, since, until, window, reprocess)
    results: list[dict] = []

    def one(sl: Slice) -> dict:
        r = run_slice(sl, settings, cfg, from_raw)
        results.append(r)
        msg = f"window {len(results)}/{len(todo)} {r['slice']}: {r['status']}"
        (print(msg, file=sys.stderr, flush=True) if progress else logger.info(msg))
        return r

    if max_active <= 1:
        for sl in todo:
            one(sl)
    else:
        with ThreadPoolExecutor(max_workers=max_active) as pool:
            futs = [pool.submit(contextvars.copy_context().run, one, sl) for sl in todo]
            for f in futs:
                f.result()
    failed = [r for r in results if r["status"] == "failed"]
    out = {"windows": len(todo), "completed": sum(r["status"] == "completed" for r in results),
           "failed": len(failed), "skipped": sum(r["status"] == "skipped" for r in results), "results": results}
    if failed:
        raise BackfillFailed(f"{len(failed)} window(s) failed: " + "; ".join(f"{r['slice']}: {r['error']}" for r in failed[:3]))
    return out
