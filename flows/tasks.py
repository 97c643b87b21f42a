"""Tasks: one line of work each, plus their retry and caching policy.

Caching is off (NO_CACHE) and results are not persisted: every task has side effects
or large inputs, and hashing a batch of pages to build a cache key would cost more than
the work. Loads are not retried by Prefect: the warehouse transaction already makes a
failed load leave nothing behind, and the run is then marked Failed.
"""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from grassroots import pipeline
from grassroots.config import Settings, Source
from grassroots.models import Batch, InputRef, Reject

_TASK = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="discover", task_run_name="discover {source.name}", retries=1, retry_delay_seconds=5, **_TASK)
def discover(source: Source, since=None, until=None, fetcher=None) -> tuple[list[InputRef], list[Reject]]:
    return pipeline.discover(source, since=since, until=until, fetcher=fetcher)


@task(name="extract", task_run_name="extract {source}#{batch_no}", retries=2, retry_delay_seconds=[2, 10], **_TASK)
def extract_batch(source: str, batch_no: int, refs: list[InputRef], db: Path, settings: Settings,
                  fetcher=None, reprocess: bool = False) -> Batch:
    raws, rejects = pipeline.read_inputs(refs, settings) if fetcher is None else fetcher(refs)
    known = set() if reprocess else pipeline.lookup_known(db, raws, settings)
    batch = pipeline.process_batch(source, batch_no, raws, rejects, workers=settings.workers, known=known)
    batch.unchanged = pipeline.unchanged_count(raws, known)
    return batch


@task(name="load", **_TASK)
def load_batch(batch: Batch, db: Path, settings: Settings, replace_documents: bool = False) -> pipeline.Counts:
    result = pipeline.load(db, batch, settings, replace_documents=replace_documents)
    return pipeline.batch_counts(batch, result, batch.unchanged)
