"""Replay loads into a copy of a warehouse and report, per SQL statement, the table blocks
DuckDB's cache gained and the time it took (issue 20: what a load reads as the warehouse grows).

    uv run python bench/load_blocks.py WAREHOUSE PAGES WORK.duckdb [--batches CACHE.pkl]

PAGES' HTML files are extracted once (batches of 200, `--workers` processes) and kept in CACHE.pkl, so
replays into different warehouses (as left by a run, after `grassroots compact`) load the same
batches. WAREHOUSE is copied to WORK.duckdb first and never written. Blocks are DuckDB's
`duckdb_memory()` tag BASE_TABLE read before the next statement; the cache is bounded by the
writer's memory limit, so a statement can also evict (negative figures).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import pickle
import re
import shutil
import time
from pathlib import Path

from grassroots.config import resolve_settings
from grassroots.models import Batch, RawInput
from grassroots.run import pipeline


def _blocks_mb(con) -> float:
    row = con.execute("select memory_usage_bytes from duckdb_memory() where tag = 'BASE_TABLE'").fetchone()
    return row[0] / 2**20


class _Recorder:
    """A writer connection that charges each statement with the blocks cached until the next one."""

    def __init__(self, con, stats):
        self._con, self._stats = con, stats
        self._mb, self._key, self._t = _blocks_mb(con), None, 0.0

    def close_statement(self) -> None:
        if self._key is not None:
            mb = _blocks_mb(self._con)
            st = self._stats[self._key]
            st[0] += 1
            st[1] += time.perf_counter() - self._t
            st[2] += mb - self._mb
            self._mb, self._key = mb, None

    def execute(self, sql, *a, **k):
        self.close_statement()
        self._key, self._t = re.sub(r"\s+", " ", sql.strip())[:70], time.perf_counter()
        return self._con.execute(sql, *a, **k)

    def __getattr__(self, name):
        return getattr(self._con, name)


def _batches(pages: Path, cache: Path, settings, workers: int) -> list[Batch]:
    if cache.exists():
        return pickle.loads(cache.read_bytes())  # noqa: S301 (written by this script)
    files = sorted(pages.rglob("*.html"))
    at = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    out = []
    for i in range(0, len(files), 200):
        raws = [RawInput("cli", str(p), p.read_bytes(), at) for p in files[i:i + 200]]
        out.append(pipeline.process_batch(Batch(source="cli", batch_no=i // 200 + 1, raws=raws), workers=workers,
                                          dedup=pipeline.dedup_config(settings)))
    pipeline.stop_pool()
    cache.write_bytes(pickle.dumps(out))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("warehouse", type=Path)
    ap.add_argument("pages", type=Path)
    ap.add_argument("work", type=Path)
    ap.add_argument("--batches", type=Path, help="extracted batches (default: WORK.batches.pkl)")
    ap.add_argument("--top", type=int, default=14)
    ap.add_argument("--workers", type=int, default=2, help="extraction processes for the batches")
    a = ap.parse_args(argv)
    settings = resolve_settings(None, db=a.work, batch_size=200, workers=a.workers, compact_after=0)
    batches = _batches(a.pages, a.batches or a.work.with_suffix(".batches.pkl"), settings, a.workers)
    stats: dict[str, list] = collections.defaultdict(lambda: [0, 0.0, 0.0])
    plain = pipeline.writer

    @contextlib.contextmanager
    def recording(*args, **kw):
        with plain(*args, **kw) as con:
            rec = _Recorder(con, stats)
            yield rec
            rec.close_statement()

    pipeline.writer = recording
    for f in a.work.parent.glob(a.work.name + "*"):
        f.unlink()
    shutil.copy(a.warehouse, a.work)
    total = 0.0
    for b in batches:
        t0 = time.monotonic()
        pipeline.load(b, settings)
        total += time.monotonic() - t0
        print(f"load {b.batch_no}: {time.monotonic() - t0:.2f} s", flush=True)
    n = len(batches)
    print(f"loads {total:.2f} s in all; table blocks gained per load {sum(s[2] for s in stats.values()) / n:.1f} MB")
    for key, (calls, secs, mb) in sorted(stats.items(), key=lambda kv: -kv[1][2])[:a.top]:
        print(f"{mb / n:7.1f} MB/load {secs / n:6.3f} s/load {calls:4d}x {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
