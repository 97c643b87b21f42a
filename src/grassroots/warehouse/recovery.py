"""Recovery after a hard stop: stale runs and interrupted write-ahead logs.

Two things a `kill -9`, an OOM kill or a power cut leave behind:

- a `core.runs` row still `running` (and a backfill window still `running`) whose
  process is gone. The file lock is released by the OS, so nothing is blocked, but the
  run log lies. `find_stale_runs` finds such rows for this host (a PID that no longer
  exists, or that now belongs to a process started after the run began);
  `mark_stale_runs` records them as `crashed` and their windows as `failed`.
- a `<db>.wal` that was not checkpointed. DuckDB replays it on the next open and then
  deletes it. Measured with duckdb 1.4.4 (docs/RELIABILITY.md, row 56): a WAL whose
  entries are damaged fails the open with "Failure while replaying WAL file"; a WAL
  cut short (disk full, a copy interrupted) opens *silently* with every transaction
  after the cut missing, and a read-write open then deletes the file. So before a
  read-write open grassroots inspects the WAL (`inspect_wal`), refuses to open one that
  ends inside an entry (`check_wal`, raising `WalDamaged` with recovery steps), and
  keeps a hard link of any WAL it lets DuckDB replay (`keep_wal`), so the log is never
  lost. `connect_writer` does all three and translates DuckDB's replay failure.

The WAL check assumes no other process is writing the file at that moment, which
`warehouse.open_writer` guarantees by taking the writer lock first: call `connect_writer`
only under that lock (a log being written by a live process can look torn).

Pure library: no Prefect. The WAL layout read here is DuckDB 1.4's: a serialised
header object ending in 0xFFFF, then entries of (uint64 size, uint64 checksum, payload).
An unrecognised layout is reported as `unknown`, never as damage.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from grassroots.warehouse import WarehouseError


class WalDamaged(WarehouseError):
    """The write-ahead log cannot be replayed as it is; the message carries the steps."""


# ---------------------------------------------------------------- stale runs


@dataclass(frozen=True)
class StaleRun:
    run_id: str
    command: str
    pid: int | None
    host: str | None
    started_at: datetime
    reason: str  # "process gone" | "pid reused"

    def describe(self) -> str:
        return (f"run {self.run_id[:8]} ({self.command}) started {self.started_at:%Y-%m-%d %H:%M:%S} UTC "
                f"by PID {self.pid} on {self.host}: {self.reason}")


def _boot_time() -> float | None:
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return float(line.split()[1])
    except OSError:
        return None
    return None


def _process_start(pid: int) -> float | None:
    """Start time of `pid` as a Unix timestamp (Linux /proc), None when unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    boot = _boot_time()
    if boot is None:
        return None
    # field 22 (starttime, in clock ticks since boot) counted after the ")" closing comm
    fields = stat[stat.rfind(")") + 2:].split()
    try:
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (IndexError, ValueError):
        return None


def pid_state(pid: int | None, started_at: datetime | None = None) -> str:
    """'alive', 'gone' or 'reused' for a PID on this host.

    'reused': a process with that PID exists but started after `started_at` (more than
    the 2 s that /proc's tick-rounded boot time can be off by), so it is not the run's.
    """
    if not pid or pid <= 0:
        return "gone"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return "gone"
    except PermissionError:
        pass  # exists, owned by someone else
    if started_at is not None:
        t = _process_start(pid)
        ts = started_at.replace(tzinfo=started_at.tzinfo or UTC).timestamp()
        if t is not None and t > ts + 2.0:
            return "reused"
    return "alive"


def find_stale_runs(con: duckdb.DuckDBPyConnection, *, host: str | None = None) -> list[StaleRun]:
    """Runs recorded `running` on this host whose process is gone (or whose PID was reused).

    Runs started on another host are never reported: their PIDs mean nothing here.
    """
    host = host or socket.gethostname()
    rows = con.execute(
        "select run_id, command, pid, host, started_at from core.runs where state = 'running' order by started_at"
    ).fetchall()
    out = []
    for run_id, command, pid, h, started in rows:
        if h != host:
            continue
        st = pid_state(pid, started)
        if st != "alive":
            out.append(StaleRun(run_id, command, pid, h, started,
                                "process gone" if st == "gone" else f"PID {pid} now belongs to another process"))
    return out


def mark_stale_runs(con: duckdb.DuckDBPyConnection, *, host: str | None = None) -> list[StaleRun]:
    """Record stale runs as `crashed` and their backfill windows as `failed`; returns them.

    Committed batches of a crashed run stay (each batch is its own transaction); the next
    run of the same inputs loads only what is missing, since keys are content-derived.
    """
    stale = find_stale_runs(con, host=host)
    if not stale:
        return []
    now = datetime.now(UTC)
    con.execute("begin transaction")
    try:
        for s in stale:
            note = {"stale": f"marked crashed at {now.isoformat(timespec='seconds')}: {s.reason}"}
            con.execute(
                "update core.runs set state = 'crashed', finished_at = ?, counts = coalesce(counts, ?::json) "
                "where run_id = ? and state = 'running'",
                [now, json.dumps(note), s.run_id])
            con.execute(
                "update core.backfill_windows set status = 'failed', error = ?, updated_at = ?, finished_at = ? "
                "where run_id = ? and status = 'running'",
                [f"the run's process ended without finishing ({s.reason})", now, now, s.run_id])
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a commit that lost on DuckLake has rolled back already
            con.execute("rollback")
        raise
    return stale


# ---------------------------------------------------------------- write-ahead log


def wal_path(db: Path | str) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".wal")


@dataclass(frozen=True)
class WalInfo:
    path: Path
    size: int
    entries: int  # complete entries after the header
    status: str  # "absent" | "complete" | "torn" | "unknown"
    complete_bytes: int  # bytes up to the end of the last complete entry
    detail: str = ""


# an entry longer than this is not a DuckDB 1.4 WAL entry but garbage read as a size
# (the largest entry seen here was a few MB; DuckDB writes big appends to the data file)
_MAX_ENTRY = 1 << 34


def inspect_wal(db: Path | str) -> WalInfo:
    """Walk the WAL's entries without replaying them: does it end on an entry boundary?"""
    p = wal_path(db)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        return WalInfo(p, 0, 0, "absent", 0)
    if size == 0:
        return WalInfo(p, 0, 0, "complete", 0)
    with open(p, "rb") as f:
        head = f.read(64)
        end = head.find(b"\xff\xff")
        if not head.startswith(b"\x64\x00") or end < 0:
            return WalInfo(p, size, 0, "unknown", 0, "header not recognised (not a DuckDB 1.4 WAL?)")
        pos, n = end + 2, 0
        while pos < size:
            f.seek(pos)
            hdr = f.read(16)
            if len(hdr) < 16:
                return WalInfo(p, size, n, "torn", pos,
                               f"ends {len(hdr)} byte(s) into the header of entry {n + 1} at byte {pos}")
            (length,) = struct.unpack("<Q", hdr[:8])
            if length > _MAX_ENTRY:
                return WalInfo(p, size, n, "unknown", pos, f"implausible entry size {length} at byte {pos}")
            if pos + 16 + length > size:
                return WalInfo(p, size, n, "torn", pos,
                               f"entry {n + 1} at byte {pos} needs {length} bytes, {size - pos - 16} left")
            pos += 16 + length
            n += 1
    return WalInfo(p, size, n, "complete", pos)


def keep_wal(db: Path | str, *, now: datetime | None = None) -> Path | None:
    """Keep the current WAL under `<db>.wal.kept-<UTC time>` (a hard link: no copy, and
    DuckDB's later delete of the original leaves it intact). None when there is no WAL."""
    p = wal_path(db)
    try:
        ino = p.stat().st_ino
    except FileNotFoundError:
        return None
    for old in p.parent.glob(p.name + ".kept-*"):  # already kept (a refused open tried before)
        with contextlib.suppress(OSError):
            if old.stat().st_ino == ino:
                return old
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    kept = p.with_name(f"{p.name}.kept-{stamp}")
    try:
        os.link(p, kept)
    except OSError:  # file system without hard links: copy
        shutil.copy2(p, kept)
    return kept


def wal_recovery_steps(db: Path | str, kept: Path | None, problem: str) -> str:
    """The one-paragraph message shown when a WAL cannot be replayed safely."""
    db = Path(db)
    wal = wal_path(db)
    kept_note = f" A copy is kept at {kept}." if kept else ""
    return (
        f"the warehouse {db} was not closed cleanly and its write-ahead log {wal} {problem}; "
        f"nothing was changed and the log was not deleted.{kept_note} "
        "This follows a crash or a full disk while a batch was being committed, or a copy of the warehouse "
        "taken while it was being written. "
        f"To recover: (1) stop every grassroots process and back up {db} and {wal}; "
        f"(2) replay what the log holds intact with `python -m grassroots.warehouse.recovery accept-wal {db}` "
        f"(or, to keep only what was checkpointed, move the log aside: mv {wal} {wal}.damaged); "
        "(3) run the last ingest or backfill again: committed batches are kept and the missing ones "
        "are loaded once (keys are content-derived). Or restore a backup of the warehouse."
    )


def accept_torn_wal(db: Path | str) -> WalInfo:
    """Cut a torn WAL back to its last complete entry (the original is kept beside it),
    so the next open replays every transaction the log holds intact. A human decision:
    grassroots never calls this by itself."""
    info = inspect_wal(db)
    if info.status != "torn":
        return info
    keep_wal(db)  # a hard link: the cut copy goes to a new file, so the kept one stays whole
    tmp = info.path.with_name(info.path.name + ".accepting")
    with open(info.path, "rb") as src, open(tmp, "wb") as dst:
        dst.write(src.read(info.complete_bytes))
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, info.path)
    return inspect_wal(db)


def check_wal(db: Path | str) -> WalInfo:
    """Refuse (WalDamaged) a WAL that ends inside an entry, before DuckDB would silently
    drop its tail and delete the file; returns the inspection otherwise."""
    info = inspect_wal(db)
    if info.status == "torn":
        kept = keep_wal(db)
        raise WalDamaged(wal_recovery_steps(
            db, kept, f"is cut short ({info.detail}; {info.size - info.complete_bytes} byte(s) of a write "
                      "would be silently dropped)"))
    return info


def connect_writer(db: Path | str, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect(db) for writing, with the WAL checks above.

    A WAL present at open time is the trace of a write that did not finish cleanly
    (grassroots checkpoints after every load): it is checked, kept, then replayed.
    """
    db = Path(db)
    info = check_wal(db)
    kept = keep_wal(db) if info.status != "absent" else None
    try:
        con = duckdb.connect(str(db), config=config or {})
    except duckdb.Error as e:
        msg = str(e)
        if "replaying WAL" in msg or "WAL file" in msg:
            raise WalDamaged(wal_recovery_steps(
                db, kept, f"could not be replayed ({msg.splitlines()[0]})")) from None
        if kept is not None:
            kept.unlink(missing_ok=True)  # nothing was replayed: the original is still in place
        raise
    return con


def main(argv: list[str] | None = None) -> int:
    """python -m grassroots.warehouse.recovery stale|mark-stale|inspect-wal|accept-wal DB"""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("stale", "mark-stale", "inspect-wal", "accept-wal"):
        print(main.__doc__, file=sys.stderr)
        return 2
    cmd, db = args
    if cmd == "inspect-wal":
        print(inspect_wal(db))
        return 0
    if cmd == "accept-wal":
        info = accept_torn_wal(db)
        print(f"{info.path}: {info.status}, {info.entries} complete entries, {info.size} bytes")
        return 0
    from grassroots import warehouse

    with warehouse.open_writer(db, command=f"recovery {cmd}") as con:
        runs = mark_stale_runs(con) if cmd == "mark-stale" else find_stale_runs(con)
    for r in runs:
        print(r.describe())
    print(f"{len(runs)} stale run(s)" + (" marked crashed" if cmd == "mark-stale" and runs else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
