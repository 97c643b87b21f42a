"""Deployments served by `grassroots serve` (and declared for workers in prefect.yaml).

- `scheduled-ingest/<source>`: one per enabled source with a cron schedule;
- `ingest/manual`: ingest with parameters (sources, paths, urls, since, until, ...);
- `backfill/manual`: a backfill with parameters (since, until, window, reprocess, ...).
"""

from __future__ import annotations

import warnings
from pathlib import Path

from prefect import serve
from prefect.schedules import Cron

from flows.backfill import backfill
from flows.ingest import ingest
from flows.scheduled import scheduled_ingest
from grassroots.config import Config


def build_deployments(cfg: Config, db: Path):
    common = {"db": str(Path(db).absolute()), "config": str(Path(cfg.path).absolute())}
    deps = []
    for s in cfg.enabled():
        if s.schedule:
            deps.append(scheduled_ingest.to_deployment(
                name=s.name,
                schedules=[Cron(s.schedule, timezone=s.timezone)],
                parameters={"source": s.name, **common},
                concurrency_limit=1,  # one run of a source's schedule at a time
                description=f"{s.kind} source '{s.name}' on '{s.schedule}' ({s.timezone}), catch-up {s.catchup}",
                tags=["grassroots", "scheduled"],
            ))
    deps.append(ingest.to_deployment(name="manual", parameters=common, tags=["grassroots", "manual"],
                                     description="ingest sources, paths or URLs over a window, on demand"))
    deps.append(backfill.to_deployment(name="manual", parameters=common, tags=["grassroots", "backfill"],
                                       description="backfill a date range window by window"))
    return deps


def serve_deployments(deps, *, limit: int | None = None) -> None:
    """Serve from this process; stopping it leaves the schedules active (pause_on_shutdown=False)."""
    # Prefect 3.8's runner answers SIGTERM (systemd, docker stop) by calling its async stop()
    # without awaiting it, then exiting 0: the process stops all the same, but Python printed a
    # RuntimeWarning and its hint under the last run's line
    warnings.filterwarnings("ignore", message="coroutine 'Runner.astop' was never awaited", category=RuntimeWarning)
    serve(*deps, pause_on_shutdown=False, print_starting_message=False, limit=limit)
