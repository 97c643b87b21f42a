"""Processed batches handed from the extract step to the load step through files.

An extracted batch (its pages' bytes, texts, places, initiatives) is written to one file in the
run's spool folder and the orchestrator passes only a small `SpooledBatch` handle between the
two steps. An orchestrator keeps what tasks take and return for the length of a run (Prefect
keeps task parameters and results reachable from its run records), so handing whole batches
through it made the flow process grow by each batch's size, ~100 MB per 1,000 pages
(docs/benchmarks/performance.md). Through the spool a batch lives in memory only while a task
works on it, whatever the run's size.

What goes through the spool is the batch without the bytes of the inputs it extracted: their
compressed bodies (`Batch.bodies`, made by the extraction workers) are what the load stores, so
the bytes beside them were pickled, written and read back for nothing (~21 MB of a ~28 MB
200-page batch file).

When the load runs in the process that extracted the batch (the default local task runner),
the handle points at the batch held in this process (`in_process`) instead of a file: pickling
it, writing and reading it back cost that process ~0.1 s of CPU per 200-page batch, CPU taken
from the extraction workers on a small machine (docs/benchmarks/performance.md). The
orchestrator still sees only the handle, and the batch is dropped when its load takes it.

The spool folder sits beside the warehouse (`<warehouse dir>/.grassroots-spool/<run_id>/`), is
created readable by its owner only, and is removed when the run ends; folders of runs that
died are removed by the next run (`remove_stale`). Files are pickles written and read by this
process's own code only, from a folder no one else can write.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from grassroots.models import Batch

SPOOL_DIR = ".grassroots-spool"


@dataclass(frozen=True)
class SpooledBatch:
    """What the orchestrator sees of a processed batch: where it is and how big it is."""

    path: str
    source: str
    batch_no: int
    raws: int
    documents: int
    rejects: int

    def __repr__(self) -> str:  # short in logs and the Prefect UI
        return f"SpooledBatch({self.source}#{self.batch_no}: {self.raws} raw, {self.documents} docs)"


def root(db: Path | str) -> Path:
    return Path(db).absolute().parent / SPOOL_DIR


def run_dir(db: Path | str, run_id: str) -> Path:
    return root(db) / run_id


# Batches held in this process for a load in this process (`save(..., in_process=True)`), by the
# path their handle names.
_HELD: dict[str, Batch] = {}
_HELD_LOCK = threading.Lock()


def save(folder: Path | str, batch: Batch, *, in_process: bool = False) -> SpooledBatch:
    """Write batch into folder (atomically: a reader never sees half a file); its handle.
    `in_process`: the load runs in this process: keep the batch here, write no file."""
    folder = Path(folder)
    batch = _lean(batch)
    final = folder / f"{_safe(batch.source)}-{batch.batch_no:06d}.batch"
    handle = SpooledBatch(str(final), batch.source, batch.batch_no, len(batch.raws), len(batch.documents),
                          len(batch.rejects))
    if in_process:
        with _HELD_LOCK:
            _HELD[handle.path] = batch
        return handle
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(batch, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return handle


def _lean(batch: Batch) -> Batch:
    """The batch without the bytes of the inputs whose compressed body it holds."""
    if not batch.bodies or not any(r.sha256 in batch.bodies and r.data for r in batch.raws):
        return batch
    return replace(batch, raws=[r.without_data() if r.sha256 in batch.bodies else r for r in batch.raws])


def load(handle: SpooledBatch | Batch) -> Batch:
    """The batch behind a handle (a Batch passes through: discovery's batch 0 is small)."""
    if isinstance(handle, Batch):
        return handle
    with _HELD_LOCK:
        held = _HELD.pop(handle.path, None)
    if held is not None:
        return held
    with open(handle.path, "rb") as f:
        batch = pickle.load(f)  # noqa: S301 (our own file, in a folder only we can write)
    if not isinstance(batch, Batch):
        raise TypeError(f"{handle.path} does not hold a batch")
    return batch


def discard(handle: SpooledBatch | Batch) -> None:
    if isinstance(handle, SpooledBatch):
        with _HELD_LOCK:
            _HELD.pop(handle.path, None)
        Path(handle.path).unlink(missing_ok=True)


def remove_run(db: Path | str, run_id: str) -> None:
    folder = run_dir(db, run_id)
    with _HELD_LOCK:
        for path in [p for p in _HELD if Path(p).parent == folder]:
            del _HELD[path]
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        root(db).rmdir()  # only when no other run is using it


def remove_stale(db: Path | str, run_ids: list[str]) -> None:
    """Remove the spool folders of runs known to be dead (recovery.mark_stale_runs)."""
    for r in run_ids:
        shutil.rmtree(run_dir(db, r), ignore_errors=True)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:80] or "source"

