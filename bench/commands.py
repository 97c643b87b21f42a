"""Every command a user runs, on a warehouse of N corpus pages: time, peak memory and a check.

    uv run python bench/commands.py --n 2000
    uv run python bench/commands.py --n 10000 --work /tmp/grassroots-commands

Makes N pages with `bench/corpus.py` (kept in WORK and reused), ingests them with default
settings into a new warehouse, then runs, each as its own process: `status`, `report`, both
exports, `sql` over every document in each format, `recluster --dry-run` (a warehouse made by
the current release needs no split), a rerun after touching 5 % of the files and the rerun after
it (idle: no flow started), and `backfill --from-raw` of every year over a copy (its views must
equal the original's). Prints one markdown row per command: wall seconds, the peak RSS of its
largest process, and the check. Faults this found at 10,000 pages are in CHANGELOG (2026-12-06).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("grassroots"))
ENV = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
KEEP_GOING = False  # --keep-going: a failed command is a row, not the end (an older commit's run)
VIEWS = ("documents", "articles", "initiatives", "district_monthly", "article_places", "initiative_mentions")


def run(*args: str, out: Path | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB) and stderr of one command, as its own process."""
    t = time.monotonic()
    with open(out or os.devnull, "wb") as fh:
        p = subprocess.Popen([CLI, *args], stdout=fh, stderr=subprocess.PIPE, env=ENV)
        err = p.stderr.read().decode(errors="replace")
        _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        if not KEEP_GOING:
            raise SystemExit(f"grassroots {' '.join(args)} failed ({p.returncode}):\n{err[-2000:]}")
        err = f"FAILED ({p.returncode}): " + err
    return time.monotonic() - t, usage.ru_maxrss // 1024, err


def views(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {v: con.execute(f"select * from {v} order by all").fetchall() for v in VIEWS}
    finally:
        con.close()


def said(err: str, pattern: str) -> str:
    """The part of the command's summary that `pattern` matches, its wrapped lines joined."""
    m = re.search(pattern, " ".join(ln.strip() for ln in err.splitlines()))
    prefix = "FAILED: " if err.startswith("FAILED") else ""
    return prefix + m.group(0) if m else "(not found) " + err[-160:].replace("\n", " ")


COUNTS = r"discovered \d+, .*?failed batches \d+"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "grassroots-commands")
    ap.add_argument("--keep-going", action="store_true", help="report a failed command and go on")
    a = ap.parse_args(argv)
    global KEEP_GOING
    KEEP_GOING = a.keep_going
    pages, run_dir = a.work / f"pages-{a.n}-{a.seed}", a.work / "run"
    if not pages.exists():
        subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--n", str(a.n), "--seed", str(a.seed),
                        "--out", str(pages)], check=True)
    shutil.rmtree(run_dir, ignore_errors=True)
    copy = run_dir / "pages"
    shutil.copytree(pages, copy)
    db = run_dir / "w.duckdb"
    rows = []

    def row(name: str, res: tuple[float, int, str], check: str) -> None:
        rows.append(f"| {name} | {res[0]:.1f} | {res[1]} | {check} |")

    res = run("ingest", str(copy), "--db", str(db))
    row(f"ingest {a.n} pages (default settings)", res, said(res[2], COUNTS))
    row("status", run("status", "--db", str(db)), "")
    res = run("report", "--db", str(db), "-o", str(run_dir / "r.html"))
    row("report", res, f"{(run_dir / 'r.html').stat().st_size / 1e6:.1f} MB")
    for fmt in ("parquet", "csv"):
        res = run("export", "--db", str(db), "-o", str(run_dir / f"export-{fmt}"), "-f", fmt)
        files = sum(1 for p in (run_dir / f"export-{fmt}").rglob("*") if p.is_file())
        row(f"export -f {fmt}", res, f"{files} files")
    for fmt in ("table", "csv", "json", "markdown"):
        out = run_dir / f"sql.{fmt}"
        res = run("sql", "select * from documents", "-f", fmt, "--db", str(db), out=out)
        row(f"sql 'select * from documents' -f {fmt}", res, f"{out.stat().st_size / 1e6:.1f} MB out")
    res = run("recluster", "--dry-run", "--db", str(db))
    split = said(res[2], r"\d+ cluster\(s\) examined, \d+ split")
    row("recluster --dry-run", res, ("no split: " if split.endswith(" 0 split") else "SPLITS: ") + split)
    files = sorted(copy.rglob("*.html"))
    for f in files[:: 20]:
        f.touch()
    res = run("ingest", str(copy), "--db", str(db))
    row(f"ingest again, {len(files[::20])} files touched", res, said(res[2], COUNTS))
    res = run("ingest", str(copy), "--db", str(db))
    idle = "no flow run started" in res[2]
    row("ingest again", res, "idle (no flow run started)" if idle else "NOT IDLE: " + said(res[2], COUNTS))
    rebuilt = run_dir / "rebuilt.duckdb"
    shutil.copy(db, rebuilt)
    res = run("backfill", "--since", "2000-01-01", "--until", "2030-01-01", "--window", "year", "-s", "cli",
              "--from-raw", "--reprocess", "all", "--db", str(rebuilt))
    if res[2].startswith("FAILED"):
        check = " ".join(res[2].split())[:200]
    else:
        check = ("views equal the original's; " if views(rebuilt) == views(db) else "VIEWS DIFFER; ") + \
            said(res[2], r"\d+ completed, \d+ failed")
    row("backfill --from-raw -s cli, yearly windows", res, check)
    print("| command | wall s | peak RSS MB (its largest process) | check |\n|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
