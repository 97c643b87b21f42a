"""Scheduled runs: one deployment per source with a cron schedule.

A run's window is the schedule slot that just ended, [previous tick, scheduled tick),
derived from the run's *scheduled* time, so a late run still knows which slot it is.
After downtime Prefect starts the late runs one by one; the source's catch-up policy
decides what they do:
  skip    late runs do nothing; the newest runs its own slot (missed slots stay missed)
  latest  late runs do nothing; the newest covers everything since the last completed slot
  all     every late run ingests its own slot
`files` sources have no date to select by: their scheduled runs ingest everything new
(unchanged files are recognised by their bytes), whatever the window.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows.ingest import _announce, run_ingest
from grassroots import warehouse
from grassroots.config import load_config, resolve_settings
from grassroots.models import utcnow
from grassroots.run import pipeline
from grassroots.run.windows import latest_tick, schedule_slot


def _last_completed_slot_end(settings, source: str) -> datetime | None:
    if not pipeline.has_warehouse(settings):
        return None
    with pipeline.lookup(settings, command="schedule lookup") as con:
        return warehouse.last_completed_window_end(con, f"scheduled {source}")


def plan_slot(cron: str, tz: str, catchup: str, scheduled: datetime, now: datetime,
              last_end: datetime | None) -> tuple[datetime, datetime] | None:
    """The window this scheduled run ingests, or None when the catch-up policy skips it."""
    start, end = schedule_slot(cron, tz, scheduled)
    newest = latest_tick(cron, tz, now)
    late = end < newest  # a newer slot has already ended: another run will come for it
    if catchup == "all":
        return start, end
    if late:
        return None
    if catchup == "latest" and last_end is not None and last_end < start:
        start = last_end
    return start, end


@flow(name="scheduled-ingest", flow_run_name="scheduled {source}", persist_result=False)
def scheduled_ingest(source: str, db: str | None = None, config: str | None = None) -> dict:
    logger = get_run_logger()
    cfg = load_config(config)
    settings = resolve_settings(cfg, db=Path(db) if db else None)
    src = cfg.get(source)
    if not src.schedule:
        raise ValueError(f"source '{source}' has no schedule")
    scheduled = flow_run.scheduled_start_time or utcnow()
    slot = plan_slot(src.schedule, src.timezone, src.catchup, scheduled, utcnow(),
                     _last_completed_slot_end(settings, source))
    if slot is None:
        logger.warning("source %s: slot of %s skipped by catch-up policy '%s'", source, scheduled, src.catchup)
        _announce(f"scheduled {source}: slot of {scheduled} skipped by catch-up policy '{src.catchup}'")
        return {"skipped": True, "scheduled": str(scheduled)}
    start, end = slot
    since = None if src.kind == "files" else start.date()
    until = None if src.kind == "files" else (end + timedelta(days=1)).date()
    run_id = uuid.uuid4().hex
    summary = run_ingest(settings, [src], since=since, until=until, run_id=run_id,
                         command=f"scheduled {source}", config=cfg)
    with pipeline.writer(settings, command=f"scheduled {source}") as con:
        warehouse.set_run_window(con, run_id, start, end, {"source": source, "scheduled": str(scheduled)})
    return summary
