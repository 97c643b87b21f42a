"""Tasks: one line of work each, plus their retry and caching policy.

Caching is off (NO_CACHE) and results are not persisted: every task has side effects
or large inputs, and hashing a batch of pages to build a cache key would cost more than
the work. Loads are not retried by Prefect: the warehouse transaction already makes a
failed load leave nothing behind, and the run is then marked Failed.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency

from flows import interrupt
from grassroots.config import Settings, Source
from grassroots.models import Batch, InputRef, RawInput
from grassroots.run import pipeline, spool
from grassroots.run.spool import SpooledBatch

_TASK = {"cache_policy": NO_CACHE, "persist_result": False}
WRITER_LIMIT = "grassroots-writer"
# Seconds a load waits for the Prefect writer slot before relying on the warehouse file lock
# alone. A slot held by a process killed with SIGKILL stays taken until its lease expires,
# and never when the API that held the lease (an ephemeral one) died with it: measured in
# docs/RELIABILITY.md row 58, the next run otherwise waits forever. 30 s covers a normal
# load by another worker (seconds) while keeping a stuck slot from stopping the schedule;
# the file lock still serialises writers and names the holder.
WRITER_SLOT_WAIT = 30.0

def needs_writer_slot(settings: Settings) -> bool:
    """Does a load take the Prefect writer slot? Only for a DuckLake on PostgreSQL, whose writers
    may sit on several machines and share nothing but the Prefect API. A DuckDB file (or a lake
    with a file catalog) has its lock file, which already serialises writers and names the holder;
    there the slot only cost time: ~2 s per load on a SQLite-backed Prefect API, whose slot
    endpoint answers 503 while the task-run recorder writes, and the client retries after 2 s
    (measured while cutting the test suite's time)."""
    return settings.lake is not None and settings.lake.lock_file is None


@task(name="discover", task_run_name="discover {source.name}", retries=1, retry_delay_seconds=5, **_TASK)
def discover(source: Source, since: date | None = None, until: date | None = None, fetcher=None,
             settings: Settings | None = None) -> pipeline.Discovery:
    return pipeline.discover(source, since=since, until=until, fetcher=fetcher, settings=settings)


@task(name="read-raw", task_run_name="read raw {source.name}", **_TASK)
def read_raw(source: Source, settings: Settings, since: date | None, until: date | None) -> list[RawInput]:
    return pipeline.read_raw_window(settings, source.name, since, until)


@task(name="extract", task_run_name="extract {source.name}#{batch_no}", retries=2, retry_delay_seconds=[2, 10], **_TASK)
def extract_batch(source: Source, batch_no: int, inputs: list[InputRef] | list[RawInput], settings: Settings,
                  fetcher=None, spool_dir: Path | None = None, reprocess: bool = False,
                  in_process: bool = False) -> SpooledBatch | Batch:
    interrupt.check()
    batch = pipeline.extract_inputs(source, batch_no, inputs, settings, fetcher=fetcher, reprocess=reprocess,
                                    stop=interrupt.STOP.is_set)
    # through the spool the orchestrator holds a handle, not the batch (grassroots.run.spool)
    interrupt.check()  # an interrupted run has removed its spool: write nothing there again
    # `in_process`: the load runs in this process too: the batch stays here, no file
    return spool.save(spool_dir, batch, in_process=in_process) if spool_dir is not None else batch


@task(name="load", **_TASK)
def load_batch(batch: SpooledBatch | Batch, settings: Settings, replace_documents: bool = False) -> pipeline.Counts:
    with contextlib.ExitStack() as slot:
        if needs_writer_slot(settings):
            try:
                slot.enter_context(concurrency(WRITER_LIMIT, occupy=1, strict=True, timeout_seconds=WRITER_SLOT_WAIT))
            except TimeoutError:
                get_run_logger().warning(
                    "the Prefect slot %r stayed taken for %.0f s (a killed run may hold it); "
                    "relying on the lake's commit-conflict retries", WRITER_LIMIT, WRITER_SLOT_WAIT)
        interrupt.check()
        data = spool.load(batch)
        result = pipeline.load(data, settings, replace_documents=replace_documents,
                               warn=get_run_logger().warning, note=get_run_logger().info)
    counts = pipeline.batch_counts(data, result)
    interrupt.COMMITTED.append((data.source, counts))
    spool.discard(batch)
    return counts
