"""`grassroots status`: is the warehouse being fed? Last runs, sources, failures, stale runs.

    st = read_status(db)
    print_status(st, console)

Reads the public views `runs`, `source_health`, `documents`, `rejects` and `backfill_windows`
through the read-only connection; a view missing from an older warehouse only empties its part.
A run left in state `running` whose process is gone (same host, pid not alive) is *stale*: it
was killed or crashed before it could record its end. A run on another host cannot be checked
from here and is reported as such.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from grassroots import warehouse
from grassroots.warehouse import recluster

# runs listed (about a week of daily scheduled runs plus manual ones)
LAST_RUNS = 10
# failures listed: failed runs, failed backfill windows and per-source errors of recent runs
RECENT_FAILURES = 10
# rejects counted as "recent" (a daily schedule: the last two runs' worth)
RECENT_REJECTS_DAYS = 2


@dataclass
class Status:
    db: str
    runs: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    stale: list[dict[str, Any]] = field(default_factory=list)
    recent_rejects: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # views this warehouse lacks
    notices: list[str] = field(default_factory=list)  # things to do that are not failures

    @property
    def healthy(self) -> bool:
        return not self.stale and not any(s.get("consecutive_failures") for s in self.sources)

    def to_json(self) -> str:
        return json.dumps(asdict(self) | {"healthy": self.healthy}, ensure_ascii=False, default=_json, indent=1)


def _json(v: Any) -> Any:
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    return str(v)


def pid_alive(pid: int | None) -> bool | None:
    """True/False for a pid on this host; None when it cannot be told."""
    if not pid or pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return None
    return True


def run_liveness(state: str, pid: int | None, host: str | None, *, this_host: str | None = None) -> str:
    """'' for a finished run; for a running one: 'alive', 'stale' or 'other host'."""
    if state != "running":
        return ""
    if host and host != (this_host or socket.gethostname()):
        return "other host"
    alive = pid_alive(pid)
    return "alive" if alive else ("stale" if alive is False else "unknown")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def read_status(db: Path | str, *, wait: float = 10.0, now: datetime | None = None) -> Status:
    st = Status(db=str(db))
    con = warehouse.open_reader(db, wait=wait)
    try:
        views = {v: {c for c, _ in cols} for v, cols in warehouse.public_views(con)}
        st.missing = [v for v in ("runs", "source_health", "documents", "rejects") if v not in views]
        if "runs" in views:
            st.runs = _rows(con, "select run_id, command, state, started_at, finished_at, seconds, discovered, new, "
                                 "duplicate, rejected, failed_batches, pid, host, counts from runs "
                                 f"order by started_at desc limit {LAST_RUNS}")
            for r in st.runs:
                r["liveness"] = run_liveness(r["state"], r["pid"], r["host"])
            running = _rows(con, "select run_id, command, started_at, pid, host from runs where state = 'running' "
                                 "order by started_at")
            for r in running:
                if run_liveness("running", r["pid"], r["host"]) == "stale":
                    st.stale.append(r)
            st.failures += _run_failures(con)
        if "source_health" in views:
            st.sources = _rows(con, "select * from source_health order by source")
        with contextlib.suppress(duckdb.Error):  # a warehouse from before migration 0040
            if recluster.pending(con):
                st.notices.append("clusters stored under an older story rule (no chaining; a story keeps its "
                                  "day and figures, an excerpt its facts) were not re-examined: run `grassroots recluster` once "
                                  "(`--dry-run` lists the splits)")
        if "documents" in views:
            newest = {r["source"]: r for r in _rows(con, """
                select source, max(ingested_at) as last_ingested_at,
                       max(published_date) as newest_published,
                       -- (a day's stories tie on their date: the one read last is the newest)
                       arg_max(title, (coalesce(published_date, date '0001-01-01'), ingested_at)) as newest_title
                from documents group by source""")}
            for s in st.sources:
                s.update({k: v for k, v in newest.get(s["source"], {}).items() if k != "source"})
        if "backfill_windows" in views:
            for w in _rows(con, "select source, window_start, window_end, error, updated_at from backfill_windows "
                                f"where status = 'failed' order by updated_at desc limit {RECENT_FAILURES}"):
                st.failures.append({"at": w["updated_at"], "what": f"backfill {w['source']} "
                                    f"{w['window_start']}..{w['window_end']}", "error": w["error"] or ""})
        if "rejects" in views:
            since = (now or datetime.now().astimezone()) - timedelta(days=RECENT_REJECTS_DAYS)
            # (a warehouse no writer has opened since these columns came has the older view)
            cols = views["rejects"]
            resolved = "count(resolved_at)" if "resolved_at" in cols else "0"
            last = "last_at" if "last_at" in cols else '"at"'
            st.recent_rejects = _rows(con, f"select source, reason, count(*) as inputs, {resolved} as resolved, "
                                           f"max({last}) as last_at from rejects where {last} >= ? group by all "
                                           "order by inputs - resolved desc, inputs desc", [since])
    finally:
        con.close()
    st.failures.sort(key=lambda f: f["at"] or datetime.min, reverse=True)
    del st.failures[RECENT_FAILURES:]
    for r in st.runs:
        r.pop("counts", None)
    return st


def _run_failures(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    out = []
    rows = _rows(con, "select run_id, command, state, started_at, failed_batches, counts from runs "
                      "where state = 'failed' or coalesce(failed_batches, 0) > 0 "
                      f"order by started_at desc limit {RECENT_FAILURES}")
    for r in rows:
        errors = []
        try:
            counts = json.loads(r["counts"]) if r["counts"] else {}
            for src, c in counts.get("sources", {}).items():
                errors += [f"{src}: {e}" for e in c.get("errors", [])]
        except (ValueError, AttributeError):
            pass
        out.append({"at": r["started_at"], "what": f"run {r['run_id'][:8]} ({r['command']}) {r['state']}",
                    "error": "; ".join(errors[:3]) or f"{r['failed_batches'] or 0} failed batch(es)"})
    return out


def _when(v: Any) -> str:
    if isinstance(v, datetime):
        return v.astimezone().strftime("%m-%d %H:%M") if v.year == datetime.now().year \
            else v.astimezone().strftime("%Y-%m-%d")
    return "" if v is None else str(v)


def print_status(st: Status, console) -> None:
    from rich.table import Table

    console.print(f"[bold]warehouse[/] {st.db} (times local; failed = failed batches)", soft_wrap=True)
    for v in st.missing:
        console.print(f"[yellow]the view {v} is not in this warehouse")
    t = Table(title="sources", title_justify="left", box=None, pad_edge=False)
    for c, j in [("source", "left"), ("docs", "right"), ("first", "right"), ("rejects", "right"),
                 ("failing", "right"), ("last success", "left"), ("newest published", "left")]:
        t.add_column(c, justify=j, no_wrap=True)
    for s in st.sources:
        t.add_row(s["source"], str(s["documents"]), str(s["articles_first_seen"]), str(s["rejects"]),
                  f"[red]{s['consecutive_failures']}[/]" if s["consecutive_failures"] else "0",
                  _when(s["last_success_at"]), _when(s.get("newest_published")))
    console.print(t if st.sources else "no source has run yet")
    for s in st.sources:
        if s.get("newest_title"):
            console.print(f"  newest of {s['source']}: {s['newest_title']}", soft_wrap=True)
    t = Table(title=f"last {LAST_RUNS} runs", title_justify="left", box=None, pad_edge=False)
    for c in ["run", "command", "state", "started", "secs", "new", "dup", "rej", "failed"]:
        t.add_column(c, justify="left" if c in ("run", "command", "state", "started") else "right", no_wrap=True)
    for r in st.runs:
        state = r["state"] + (f" ({r['liveness']})" if r["liveness"] else "")
        style = "red" if r["state"] == "failed" or r["liveness"] == "stale" else ""
        t.add_row(r["run_id"][:8], r["command"] or "", f"[{style}]{state}[/]" if style else state,
                  _when(r["started_at"]), "" if r["seconds"] is None else f"{r['seconds']:.1f}",
                  *[str(r[k] if r[k] is not None else "") for k in ("new", "duplicate", "rejected", "failed_batches")])
    console.print(t if st.runs else "no run recorded")
    if st.stale:
        console.print(f"[red]{len(st.stale)} stale run(s)[/] (state running, process gone): "
                      + ", ".join(f"{r['run_id'][:8]} pid {r['pid']} started {_when(r['started_at'])}" for r in st.stale),
                      soft_wrap=True)
    if st.failures:
        console.print("[bold]recent failures")
        for f in st.failures:
            console.print(f"  {_when(f['at'])}  {f['what']}: {f['error']}", soft_wrap=True)
    if st.recent_rejects:
        console.print(f"[bold]rejects in the last {RECENT_REJECTS_DAYS} days")
        for r in st.recent_rejects:
            fine = f"; {'all' if r['resolved'] == r['inputs'] else r['resolved']} read fine since" if r["resolved"] else ""
            console.print(f"  {r['source']}: {r['reason']} x{r['inputs']} (last {_when(r['last_at'])}{fine})")
    for n in st.notices:
        console.print(f"[yellow]note:[/] {n}")
    console.print("healthy" if st.healthy else "[red]needs attention[/]")
