"""The task runner of the ingest flow, chosen by configuration (issue 11).

- `local` (default): Prefect's ThreadPoolTaskRunner in the flow's own process.
- `dask`: prefect-dask's DaskTaskRunner. With `dask_address` (`tcp://scheduler:8786`) the
  batch tasks run on that existing Dask cluster; without it a temporary local cluster is
  started for the run (one worker process per core).
- `ray`: prefect-ray's RayTaskRunner on `dask_address` read as a Ray address (`ray://head:10001`
  or `auto`); not installed by default and not tested here.

Settings come from the usual places (`[settings]` of the config file, `GRASSROOTS_TASK_RUNNER`,
`GRASSROOTS_DASK_ADDRESS`). Every task of the flow runs on the chosen runner, loads too: a
load opens the warehouse itself, so on Dask workers of one machine the warehouse file lock
serialises them as it does for threads, and on DuckLake with a PostgreSQL catalog workers on
any machine can load (a losing commit is retried; `grassroots.warehouse.lake`).
"""

from __future__ import annotations

from typing import Any

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from grassroots.config import Settings, resolve_settings

# Three threads: while batch n loads, batch n+1 extracts and batch n+2 can start as soon as
# n+1's last pages are in the workers, so the extraction pool never waits at a batch boundary
# (with two, a worker sat idle at the end of each batch: issue 20). A load waits for the one
# before it (one warehouse writer), so more threads only add batches held in memory.
LOCAL_THREADS = 3
RUNNERS = ("local", "dask", "ray")


class RunnerError(ValueError):
    """A task-runner setting that cannot be used, phrased for the user."""


def task_runner(settings: Settings | None = None, *, kind: str | None = None, address: str | None = None,
                cluster_kwargs: dict[str, Any] | None = None) -> TaskRunner:
    """The task runner for `settings` (`task_runner`, `dask_address`); keywords override them."""
    kind = kind or (getattr(settings, "task_runner", None) if settings else None) or "local"
    address = address if address is not None else (getattr(settings, "dask_address", "") if settings else "")
    if kind == "local":
        return ThreadPoolTaskRunner(max_workers=LOCAL_THREADS)
    if kind == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError:
            raise RunnerError("task_runner = dask needs the prefect-dask package (pip install prefect-dask)") from None
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs=cluster_kwargs or {"processes": True})
    if kind == "ray":
        try:
            from prefect_ray.task_runners import RayTaskRunner
        except ImportError:
            raise RunnerError("task_runner = ray needs the prefect-ray package (pip install prefect-ray)") from None
        return RayTaskRunner(address=address or None)
    raise RunnerError(f"unknown task_runner {kind!r} (expected one of {', '.join(RUNNERS)})")


def configured_task_runner() -> TaskRunner:
    """The runner named by the environment (`GRASSROOTS_TASK_RUNNER`, `GRASSROOTS_DASK_ADDRESS`),
    for the flow decorator, where no config file has been read yet."""
    return task_runner(resolve_settings(None))
