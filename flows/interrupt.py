"""The run's interrupt flag, kept out of the task modules' globals: tasks are pickled by value
for remote runners (Dask), and an Event holds a lock that cannot be pickled; a module is pickled
by reference, so each process reads its own flag."""

from __future__ import annotations

import threading

from grassroots.run import pipeline

# Set when the run is interrupted (Ctrl-C, SIGTERM): tasks not started yet do nothing, so no
# batch is loaded after the run recorded what it committed (threads cannot be stopped, only told).
STOP = threading.Event()
# (source, counts) of every batch this process committed, in commit order (loads run one after
# another): what an interrupted run reports without waiting for the loads' task states
COMMITTED: list[tuple[str, pipeline.Counts]] = []


class Interrupted(Exception):
    """A run told to stop by another process (a handed-off run whose CLI got Ctrl-C)."""


def check() -> None:
    if STOP.is_set():
        raise pipeline.Stopped("the run was interrupted before this batch")
