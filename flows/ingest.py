"""The ingest flow: discover -> read+extract+attribute (batches) -> dedup+load (batches).

One code path for scheduled, manual and backfill runs: the window [since, until) and the
source names are parameters. Extraction of batch n+1 overlaps with the load of batch n;
loads run one after another in batch order (deterministic cluster ids) and each lands in
one transaction. A run with any failed batch ends Failed, never Completed.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from flows import tasks
from grassroots import pipeline, warehouse
from grassroots.config import Config, Settings, Source, load_config, resolve_settings
from grassroots.models import Batch


class IngestFailed(RuntimeError):
    pass


def build_sources(cfg: Config | None, names: list[str] | None, paths: list[str] | None,
                  source_name: str = "cli") -> list[Source]:
    if paths:
        return [Source(name=source_name, kind="files", options={"paths": list(paths)})]
    assert cfg is not None
    return [cfg.get(n) for n in names] if names else cfg.enabled()


@flow(name="ingest", flow_run_name="ingest {label}", persist_result=False,
      task_runner=ThreadPoolTaskRunner(max_workers=2))
def ingest(
    sources: list[str] | None = None,
    paths: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    db: str | None = None,
    config: str | None = None,
    batch_size: int | None = None,
    workers: int | None = None,
    run_id: str | None = None,
    label: str = "run",
) -> dict:
    cfg = load_config(config) if (config or not paths) else None
    settings = resolve_settings(cfg, db=Path(db) if db else None, batch_size=batch_size, workers=workers)
    return run_ingest(settings, build_sources(cfg, sources, paths), since=since, until=until,
                      run_id=run_id, command=f"ingest {label}", config_sources=cfg)


def run_ingest(settings: Settings, sources: list[Source], *, since=None, until=None, run_id=None,
               command="ingest", config_sources: Config | None = None) -> dict:
    logger = get_run_logger()
    run_id = run_id or uuid.uuid4().hex
    db = settings.db
    seed_sources = [s.as_dict() | {"priority": s.priority} for s in (config_sources.sources if config_sources else sources)]
    from prefect.runtime import flow_run

    with warehouse.open_writer(db, sql_dir=settings.sql_dir, seeds_dir=settings.seeds_dir,
                               timeout=settings.lock_timeout, command=command, sources=seed_sources) as con:
        warehouse.start_run(con, run_id, command,
                            {"sources": [s.name for s in sources], "since": since, "until": until},
                            flow_run_id=str(flow_run.id) if flow_run.id else None,
                            window=(since, until))

    per_source: dict[str, pipeline.Counts] = {}
    discovered = {s.name: tasks.discover.submit(s, since, until) for s in sources}
    prev_load = None
    loads = []
    for s in sources:
        c = per_source.setdefault(s.name, pipeline.Counts())
        try:
            refs, rejects = discovered[s.name].result()
        except Exception as e:  # a source that fails wholesale does not stop the others
            c.errors.append(f"discover failed: {e}")
            c.failed_batches += 1
            logger.error("source %s: discovery failed: %s", s.name, e)
            continue
        c.discovered = len(refs)
        batches = pipeline.plan_batches(refs, settings.batch_size)
        if rejects:  # discovery rejects travel in their own small batch
            rej = tasks.load_batch.submit(Batch(source=s.name, batch_no=0, rejects=rejects), db, settings,
                                          wait_for=[prev_load] if prev_load else None)
            loads.append((s.name, rej))
            prev_load = rej
        for i, refs_i in enumerate(batches, start=1):
            ex = tasks.extract_batch.submit(s.name, i, refs_i, db, settings)
            ld = tasks.load_batch.submit(ex, db, settings, wait_for=[prev_load] if prev_load else None)
            loads.append((s.name, ld))
            prev_load = ld
    for name, fut in loads:
        c = per_source[name]
        try:
            c.add(fut.result())
        except Exception as e:
            c.failed_batches += 1
            c.batches += 1
            c.errors.append(str(e).splitlines()[0] if str(e) else type(e).__name__)
            logger.error("source %s: a batch failed: %s", name, e)

    total = pipeline.Counts()
    for c in per_source.values():
        total.add(c)
    summary = {"run_id": run_id, "total": total.as_dict(),
               "sources": {k: v.as_dict() | {"errors": v.errors} for k, v in per_source.items()}}
    state = "failed" if total.failed_batches else "completed"
    with warehouse.open_writer(db, sql_dir=settings.sql_dir, seeds_dir=settings.seeds_dir,
                               timeout=settings.lock_timeout, command=command) as con:
        warehouse.finish_run(con, run_id, state, summary)
    if total.failed_batches:
        raise IngestFailed(f"{total.failed_batches} batch(es) failed: {'; '.join(total.errors[:3])}")
    return summary
