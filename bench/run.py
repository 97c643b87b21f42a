"""Performance benchmark runner (issue 8): every scenario timed as a whole process.

    uv run python bench/run.py --quick              # small sizes, a few minutes: for development
    uv run python bench/run.py                      # default sizes: < 30 min on 2 cores (see --help)
    uv run python bench/run.py --issue-sizes        # 10k pages, 100k for memory: hours on 2 cores
    uv run python bench/run.py --only cold,noop     # some scenarios only

Each scenario runs as a subprocess; the runner records its wall time, the peak RSS of its
largest process (`os.wait4`, which covers waited-for descendants) and the peak of the summed
RSS of its whole process tree (sampled from /proc every 50 ms: pool workers included), plus
the 1-minute load average before and after. Ratios compare figures taken in the same run.
Results go to WORKDIR/results.json and, with --md, between the `results` markers of a
Markdown file (docs/benchmarks/performance.md).

Scenarios (names for --only):
- startup   `grassroots ingest EMPTY --db new`: Prefect's and the CLI's fixed cost.
- floor     the extraction floor: `trafilatura.extract(bytes)` over the corpus in a plain loop
            (1 process) or a multiprocessing pool (2), and the same for grassroots' own
            `pipeline.process_one` (extract + attribute + initiatives, no orchestration).
- cold      `grassroots ingest PAGES --db new --workers 1` and `--workers 2`.
- direct    the same stages without Prefect (`bench/run.py _direct`: discover, read, skip known,
            extract in the pool, load; batch after batch in one thread, 2 workers): Prefect's share.
- noop      the same command again on the warehouse the cold 2-worker run made (recorded
            without a flow run: nothing changed).
- noop_flow the same rerun forced through the Prefect flow (GRASSROOTS_ALWAYS_FLOW=1): what a
            served, scheduled run over unchanged inputs costs.
- cli       `trafilatura --input-dir PAGES --output-dir OUT --parallel 2` (extraction only).
- incr      1k new pages into a warehouse of 100k synthetic documents (bench/queries.py build
            --signatures; copied fresh for each run) vs the same pages into a new warehouse.
- memory    cold ingest of a larger folder (--mem-pages) with 2 workers: peak RSS vs the cold run.
- views     each public view on a SQL-generated warehouse of --view-docs documents.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PY = sys.executable
BIN = Path(sys.executable).parent
SCENARIOS = ["startup", "floor", "cold", "direct", "noop", "noop_flow", "cli", "incr", "memory", "views"]

# Sizes. ISSUE is the issue's (10k pages, 1k into 100k, 100k for memory, 1M for views): on this
# 2-core machine its floors alone take over an hour (trafilatura extracts 5-10 pages/s per core
# on these 30-120 KB pages), so the default keeps the 100k warehouse and the 1M views but uses
# fewer pages, to finish in under 30 minutes; ratios are what the targets are about.
ISSUE = {"pages": 10_000, "inc": 1_000, "base": 100_000, "mem_pages": 100_000, "view_docs": 1_000_000,
         "repeat": 3, "cold_repeat": 1}
DEFAULT = {"pages": 1_200, "inc": 500, "base": 100_000, "mem_pages": 4_000, "view_docs": 1_000_000,
           "repeat": 2, "cold_repeat": 1}
QUICK = {"pages": 300, "inc": 100, "base": 20_000, "mem_pages": 1_000, "view_docs": 100_000,
         "repeat": 2, "cold_repeat": 1}
SEED = 1
# Sampling period of the process-tree RSS: short enough to catch a batch's peak (a batch of
# 200 pages takes seconds), long enough to cost nothing measurable.
RSS_PERIOD = 0.05


# ---------------------------------------------------------------- measuring one process


def _tree_rss_kb(pid: int, *, pss: bool = False) -> int:
    """Summed RSS of pid and its descendants; with pss, their summed PSS instead: pages shared
    between processes (a forked pool worker shares its parent's) counted once in all, as the
    kernel splits them, where summed RSS counts them once per process."""
    total, todo, seen = 0, [pid], set()
    path, key = ("smaps_rollup", "Pss:") if pss else ("status", "VmRSS:")
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/{path}") as f:
                for line in f:
                    if line.startswith(key):
                        total += int(line.split()[1])
                        break
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def measure(cmd: list[str], *, env: dict | None = None, label: str = "") -> dict:
    """Run cmd to completion; wall seconds, peak RSS (largest process and whole tree), load."""
    load0 = os.getloadavg()[0]
    full_env = {k: v for k, v in (os.environ | (env or {})).items() if v is not None}
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    peak, peak_pss = [0], [0]
    stop = threading.Event()

    def sample() -> None:
        n = 0
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            if n % 4 == 0:  # PSS walks every mapping: sampled every 4th period
                peak_pss[0] = max(peak_pss[0], _tree_rss_kb(proc.pid, pss=True))
            n += 1
            stop.wait(RSS_PERIOD)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out_chunks: dict[str, bytes] = {}

    def drain(name: str, stream) -> None:
        out_chunks[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(n, s), daemon=True) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    stop.set()
    th.join()
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    res = {"label": label, "cmd": " ".join(_short(c) for c in cmd), "seconds": round(wall, 3),
           "maxrss_mb": round(ru.ru_maxrss / 1024, 1), "tree_rss_mb": round(peak[0] / 1024, 1),
           "tree_pss_mb": round(peak_pss[0] / 1024, 1),
           "cpu_s": round(ru.ru_utime + ru.ru_stime, 2), "rc": proc.returncode,
           "load_before": round(load0, 2), "load_after": round(os.getloadavg()[0], 2)}
    if proc.returncode != 0:
        res["stderr"] = out_chunks.get("err", b"").decode(errors="replace")[-2000:]
        print(f"  ! {label} exited {proc.returncode}: {res['stderr'][-500:]}", file=sys.stderr)
    res["stdout"] = out_chunks.get("out", b"").decode(errors="replace")[-100_000:]
    res["stderr_tail"] = out_chunks.get("err", b"").decode(errors="replace")[-600:]
    print(f"  {label}: {res['seconds']:.1f} s, largest process {res['maxrss_mb']} MB, tree {res['tree_rss_mb']} MB, "
          f"load {res['load_before']}->{res['load_after']}", file=sys.stderr)
    return res


def _short(s: str) -> str:
    return s.replace(str(ROOT) + "/", "").replace(str(BIN) + "/", "")


def median_of(runs: list[dict]) -> dict:
    ok = [r for r in runs if r["rc"] == 0] or runs
    return {"seconds": round(statistics.median(r["seconds"] for r in ok), 3),
            "maxrss_mb": max(r["maxrss_mb"] for r in ok), "tree_rss_mb": max(r["tree_rss_mb"] for r in ok),
            "tree_pss_mb": max(r.get("tree_pss_mb", 0) for r in ok),
            "runs": runs, "cmd": runs[0]["cmd"], "n": len(ok),
            "load": [r["load_before"] for r in runs] + [runs[-1]["load_after"]]}


def repeat(n: int, label: str, make_cmd, *, before=None, env=None) -> dict:
    runs = []
    for k in range(n):
        if before:
            before(k)
        runs.append(measure(make_cmd(k), env=env, label=f"{label} #{k + 1}"))
    return median_of(runs)


# ---------------------------------------------------------------- the floor (run in a child process)


def _traf(path: str) -> int:
    import trafilatura

    with open(path, "rb") as f:
        out = trafilatura.extract(f.read())
    return len(out or "")


def _own(path: str) -> int:
    from grassroots.models import Document, RawInput, utcnow
    from grassroots.run.pipeline import process_one

    with open(path, "rb") as f:
        raw = RawInput(source="bench", locator=path, data=f.read(), fetched_at=utcnow(), kind="file")
    res = process_one(raw)
    return len(res.extracted.text) if isinstance(res, Document) else 0


def direct_main(folder: Path, db: Path, workers: int, batch_size: int = 200) -> None:
    """The pipeline's stages without Prefect (discover, read, skip known, extract, load), batch by
    batch in one thread: the reference for Prefect's share, and what the profiler looks at."""
    from grassroots.config import Source, resolve_settings
    from grassroots.run import pipeline

    settings = resolve_settings(None, db=db, workers=workers, batch_size=batch_size)
    src = Source(name="cli", kind="files", options={"paths": [str(folder)]})
    t0 = time.monotonic()
    found = pipeline.discover(src, settings=settings)
    total = pipeline.Counts(unchanged=found.unchanged)
    for i, chunk in enumerate(pipeline.plan_batches(found.refs, settings.batch_size), start=1):
        batch = pipeline.read_batch(src, i, chunk, settings)
        batch = pipeline.process_batch(batch, workers=workers, known=pipeline.lookup_known(batch.raws, settings),
                                       dedup=pipeline.dedup_config(settings))
        total.add(pipeline.batch_counts(batch, pipeline.load(batch, settings)))
    print(json.dumps({"counts": total.as_dict(), "seconds": round(time.monotonic() - t0, 3)}))


def floor_main(tool: str, procs: int, folder: Path) -> None:
    """Extract every page of folder with one tool, in a plain loop or a process pool; print a JSON line."""
    files = sorted(str(p) for p in folder.rglob("*.html"))
    fn = {"trafilatura": _traf, "grassroots": _own}[tool]
    t0 = time.monotonic()
    if procs == 1:
        chars = [fn(p) for p in files]
    else:
        from multiprocessing import Pool

        with Pool(procs) as pool:
            chars = pool.map(fn, files, chunksize=max(1, len(files) // (procs * 8)))
    print(json.dumps({"tool": tool, "procs": procs, "pages": len(files), "nonempty": sum(c > 0 for c in chars),
                      "seconds": round(time.monotonic() - t0, 3)}))


# ---------------------------------------------------------------- scenarios


class Bench:
    def __init__(self, work: Path, sizes: dict, only: list[str], warmup: bool = True):
        self.work, self.sizes, self.only, self.warmup = work, sizes, only, warmup
        self.results: dict = {"started_at": datetime.now(UTC).isoformat(timespec="seconds"), "sizes": sizes,
                              "machine": machine(), "scenarios": {}}
        # Own Prefect home (its SQLite database is migrated once, in the warm-up run), and a
        # bytecode cache of our own: with PYTHONDONTWRITEBYTECODE set and no .pyc in the venv
        # (uv does not compile by default) every process compiles prefect from source, ~45% of
        # start-up measured here; PYTHONPYCACHEPREFIX keeps the cache out of the shared venv.
        self.env = {"PREFECT_HOME": str(work / "prefect-home"), "GRASSROOTS_DB": str(work / "unused.duckdb"),
                    "PYTHONDONTWRITEBYTECODE": None, "PYTHONPYCACHEPREFIX": str(work / "pycache")}
        self.pages = work / f"pages-{sizes['pages']}"
        self.inc = work / f"inc-{sizes['inc']}"
        self.empty = work / "empty"
        self.empty.mkdir(parents=True, exist_ok=True)

    def gr(self, *args: str) -> list[str]:
        return [str(BIN / "grassroots"), *args]

    def fresh_db(self, name: str) -> Path:
        db = self.work / "db" / f"{name}.duckdb"
        db.parent.mkdir(parents=True, exist_ok=True)
        for p in db.parent.glob(f"{name}.duckdb*"):
            p.unlink()
        return db

    def corpus(self, folder: Path, n: int, start: int = 0) -> None:
        from corpus import write_corpus

        stamp = folder / ".complete"
        if stamp.exists():
            return
        shutil.rmtree(folder, ignore_errors=True)
        s = write_corpus(n, SEED, folder, start=start)
        stamp.write_text(json.dumps(s))
        print(f"  corpus {folder.name}: {s}", file=sys.stderr)

    def record(self, name: str, value: dict) -> None:
        self.results["scenarios"][name] = value
        self.save()

    def save(self) -> None:
        (self.work / "results.json").write_text(json.dumps(self.results, ensure_ascii=False, indent=1))

    def want(self, name: str) -> bool:
        return not self.only or name in self.only

    def run(self) -> dict:
        z = self.sizes
        t0 = time.monotonic()
        self.corpus(self.pages, z["pages"])
        # untimed warm-up: the first start of a new PREFECT_HOME migrates its database
        if self.warmup:
            measure(self.gr("ingest", str(self.empty), "--db", str(self.fresh_db("warmup"))), env=self.env, label="warm-up")
        if self.want("startup"):
            self.results["startup_no_bytecode"] = measure(
                self.gr("ingest", str(self.empty), "--db", str(self.fresh_db("startup-nopyc"))),
                env=self.env | {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(self.work / "no-pycache")},
                label="startup without bytecode cache")
            self.record("startup", repeat(max(3, z["repeat"]), "startup",
                                          lambda k: self.gr("ingest", str(self.empty), "--db", str(self.fresh_db(f"startup{k}"))),
                                          env=self.env))
            # Prefect's own lazy start of its ephemeral API instead of flows/api.EarlyAPI
            self.results["startup_lazy_api"] = repeat(
                max(3, z["repeat"]), "startup, Prefect's lazy ephemeral API",
                lambda k: self.gr("ingest", str(self.empty), "--db", str(self.fresh_db(f"startup-lazy{k}"))),
                env=self.env | {"GRASSROOTS_EARLY_API": "0"})
        if self.want("floor"):
            fl = {}
            for tool in ("trafilatura", "grassroots"):
                for procs in (1, 2):
                    r = measure([PY, __file__, "_floor", tool, str(procs), str(self.pages)], label=f"floor {tool} x{procs}")
                    r["inner"] = json.loads(r.pop("stdout").strip().splitlines()[-1]) if r["rc"] == 0 else None
                    fl[f"{tool}_{procs}"] = r
            self.record("floor", fl)
        if self.want("cold") or self.want("noop") or self.want("noop_flow"):
            cold = {}
            for w in (1, 2):
                if w == 1 and not self.want("cold"):
                    continue
                cold[w] = repeat(z["cold_repeat"], f"cold w{w}",
                                 lambda k, w=w: self.gr("ingest", str(self.pages), "--db", str(self.fresh_db(f"cold-w{w}")),
                                                        "--workers", str(w)), env=self.env)
                cold[w]["counts"] = counts(self.work / "db" / f"cold-w{w}.duckdb")
            self.record("cold", {str(k): v for k, v in cold.items()})
        if self.want("direct"):
            r = measure([PY, __file__, "_direct", str(self.pages), str(self.fresh_db("direct-w2")), "2"],
                        env=self.env, label="direct pipeline w2 (no Prefect)")
            r["inner"] = json.loads(r.pop("stdout").strip().splitlines()[-1]) if r["rc"] == 0 else None
            self.record("direct", r)
        if self.want("noop") and (self.work / "db" / "cold-w2.duckdb").exists():
            db = self.work / "db" / "cold-w2.duckdb"
            self.record("noop", repeat(z["repeat"], "no-op rerun",
                                       lambda k: self.gr("ingest", str(self.pages), "--db", str(db), "--workers", "2"),
                                       env=self.env))
            self.results["scenarios"]["noop"]["idle"] = all(
                "no flow run started" in r["stderr_tail"] for r in self.results["scenarios"]["noop"]["runs"])
        if self.want("noop_flow") and (self.work / "db" / "cold-w2.duckdb").exists():
            db = self.work / "db" / "cold-w2.duckdb"
            # the same rerun through the Prefect flow (what a served, scheduled run costs)
            self.record("noop_flow", repeat(z["repeat"], "no-op rerun through the flow",
                                            lambda k: self.gr("ingest", str(self.pages), "--db", str(db), "--workers", "2"),
                                            env=self.env | {"GRASSROOTS_ALWAYS_FLOW": "1"}))
        if self.want("cli"):
            out = self.work / "traf-out"

            def clean(_k: int) -> None:
                shutil.rmtree(out, ignore_errors=True)

            self.record("cli", repeat(1, "trafilatura CLI --parallel 2",
                                      lambda k: [str(BIN / "trafilatura"), "--input-dir", str(self.pages),
                                                 "--output-dir", str(out), "--parallel", "2"], before=clean))
            self.results["scenarios"]["cli"]["outputs"] = sum(1 for _ in out.rglob("*") if _.is_file())
            self.save()
        if self.want("incr"):
            self.corpus(self.inc, z["inc"], start=z["pages"])  # pages the cold corpus does not have
            base = self.work / "db" / f"base-{z['base']}.duckdb"
            if not base.exists():
                r = measure([PY, str(HERE / "queries.py"), "build", "--docs", str(z["base"]), "--db", str(base),
                             "--signatures"], label=f"build base {z['base']}")
                self.results["base_build"] = r
            target = self.work / "db" / "incr.duckdb"

            def copy_base(_k: int) -> None:
                self.fresh_db("incr")
                shutil.copyfile(base, target)

            into_base = repeat(z["repeat"], f"incr {z['inc']} into {z['base']}",
                               lambda k: self.gr("ingest", str(self.inc), "--db", str(target), "--workers", "2"),
                               before=copy_base, env=self.env)
            into_empty = repeat(z["repeat"], f"incr {z['inc']} into empty",
                                lambda k: self.gr("ingest", str(self.inc), "--db", str(self.fresh_db(f"incr-empty{k}")),
                                                  "--workers", "2"), env=self.env)
            self.record("incr", {"into_base": into_base, "into_empty": into_empty})
        if self.want("memory"):
            big = self.work / f"pages-{z['mem_pages']}"
            self.corpus(big, z["mem_pages"])
            self.record("memory", {"pages": z["mem_pages"], "run": repeat(
                1, f"memory {z['mem_pages']}",
                lambda k: self.gr("ingest", str(big), "--db", str(self.fresh_db("memory")), "--workers", "2"), env=self.env)})
            self.results["scenarios"]["memory"]["counts"] = counts(self.work / "db" / "memory.duckdb")
            self.save()
        if self.want("views"):
            vdb = self.work / "db" / f"views-{z['view_docs']}.duckdb"
            if not vdb.exists():
                self.results["views_build"] = measure(
                    [PY, str(HERE / "queries.py"), "build", "--docs", str(z["view_docs"]), "--db", str(vdb)],
                    label=f"build views {z['view_docs']}")
            r = measure([PY, str(HERE / "queries.py"), "time", "--db", str(vdb), "--repeat", "5", "--fetch"],
                        label="views")
            r["views"] = json.loads(r.pop("stdout")) if r["rc"] == 0 else None
            self.record("views", r)
        self.results["seconds_total"] = round(time.monotonic() - t0, 1)
        self.results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        self.save()
        return self.results


def counts(db: Path) -> dict:
    import duckdb

    if not db.exists():
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = {"documents": "select count(*) from core.documents", "clusters": "select count(*) from core.clusters",
             "rejects": "select count(*) from core.rejects", "raw_captures": "select count(*) from core.raw_captures"}
        return {k: con.execute(v).fetchone()[0] for k, v in q.items()}
    finally:
        con.close()


def machine() -> dict:
    mem = ""
    with contextlib.suppress(OSError, StopIteration):
        mem = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split(":")[1].strip()
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(x for x in Path("/proc/cpuinfo").read_text().splitlines() if x.startswith("model name")).split(":")[1].strip()
    import duckdb
    import trafilatura

    return {"cpus": os.cpu_count(), "cpu": cpu, "mem": mem, "python": platform.python_version(),
            "duckdb": duckdb.__version__, "trafilatura": trafilatura.__version__,
            "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                     text=True).stdout.strip()}


# ---------------------------------------------------------------- report


def _pps(pages: int, seconds: float | None) -> float | None:
    return pages / seconds if seconds else None


def _f(x: float | None, fmt: str = "{:.2f}") -> str:
    return "–" if x is None else fmt.format(x)


def report(res: dict) -> tuple[str, list[dict]]:
    """Markdown tables of the figures and the targets (also returned as rows)."""
    sc, z = res["scenarios"], res["sizes"]
    n = z["pages"]
    rows: list[dict] = []

    def row(scenario, cmd, seconds, figure, reference, ratio, target, met, load):
        rows.append({"scenario": scenario, "cmd": cmd, "seconds": seconds, "figure": figure, "reference": reference,
                     "ratio": ratio, "target": target, "met": met, "load": load})

    fl = sc.get("floor", {})
    cold = sc.get("cold", {})
    for w in ("1", "2"):
        c = cold.get(w)
        f = fl.get(f"trafilatura_{w}")
        o = fl.get(f"grassroots_{w}")
        if not c:
            continue
        pps = _pps(n, c["seconds"])
        fpps = _pps(n, f["seconds"]) if f else None
        opps = _pps(n, o["seconds"]) if o else None
        ratio = pps / fpps if (pps and fpps) else None
        row(f"cold ingest, {w} worker(s)", c["cmd"], c["seconds"], f"{pps:.1f} pages/s",
            f"trafilatura.extract loop x{w}: {_f(fpps, '{:.1f}')} pages/s ({_f(f and f['seconds'], '{:.1f}')} s); "
            f"grassroots process_one loop x{w}: {_f(opps, '{:.1f}')} pages/s",
            f"{_f(ratio)}x floor; {_f(pps / opps if pps and opps else None)}x own extraction",
            ">= 0.9x floor", None if ratio is None else ratio >= 0.9, c["load"])
    d = sc.get("direct")
    if d and cold.get("2"):
        r = d["seconds"] / cold["2"]["seconds"]
        row("pipeline without Prefect, 2 workers", d["cmd"], d["seconds"], f"{_pps(n, d['seconds']):.1f} pages/s",
            f"through the Prefect flow: {cold['2']['seconds']:.1f} s", f"flow takes {1 / r:.2f}x as long", "(diagnostic)",
            None, [d["load_before"], d["load_after"]])
    if cold.get("1") and cold.get("2"):
        s = cold["1"]["seconds"] / cold["2"]["seconds"]
        fs = (fl["trafilatura_1"]["seconds"] / fl["trafilatura_2"]["seconds"]) if fl.get("trafilatura_2") else None
        os_ = (fl["grassroots_1"]["seconds"] / fl["grassroots_2"]["seconds"]) if fl.get("grassroots_2") else None
        row("scaling 2 vs 1 worker", "cold ingest --workers 2 vs --workers 1", None, f"{s:.2f}x",
            f"floor scaling: trafilatura {_f(fs)}x, grassroots process_one {_f(os_)}x", f"{s:.2f}x",
            ">= 1.7x", s >= 1.7, cold["2"]["load"])
    st = sc.get("startup")
    if st:
        nb, lazy = res.get("startup_no_bytecode"), res.get("startup_lazy_api")
        ref = [f"without a bytecode cache: {nb['seconds']:.1f} s" if nb else "",
               f"Prefect starting its API lazily (GRASSROOTS_EARLY_API=0): {lazy['seconds']:.1f} s" if lazy else ""]
        row("fixed start-up (empty folder)", st["cmd"], st["seconds"], f"{st['seconds']:.1f} s",
            "; ".join(x for x in ref if x), "", "report, cut", None, st["load"])
    noop = sc.get("noop")
    if noop and cold.get("2"):
        r = noop["seconds"] / cold["2"]["seconds"]
        how = "; recorded without a flow run" if noop.get("idle") else "; through the flow"
        row("no-op rerun", noop["cmd"], noop["seconds"], f"{noop['seconds']:.1f} s{how}",
            f"cold 2 workers {cold['2']['seconds']:.1f} s", f"{r:.1%} of cold", "<= 5%", r <= 0.05, noop["load"])
    nf = sc.get("noop_flow")
    if nf and cold.get("2"):
        r = nf["seconds"] / cold["2"]["seconds"]
        extra = f"; minus start-up: {(nf['seconds'] - st['seconds']):.1f} s" if st else ""
        row("no-op rerun through the flow (GRASSROOTS_ALWAYS_FLOW=1)", nf["cmd"], nf["seconds"],
            f"{nf['seconds']:.1f} s{extra}", f"cold 2 workers {cold['2']['seconds']:.1f} s", f"{r:.1%} of cold",
            "(diagnostic)", None, nf["load"])
    inc = sc.get("incr")
    if inc:
        a, b = inc["into_base"], inc["into_empty"]
        r = a["seconds"] / b["seconds"]
        row(f"incremental {z['inc']} into {z['base']}", a["cmd"], a["seconds"], f"{a['seconds']:.1f} s",
            f"{z['inc']} into empty: {b['seconds']:.1f} s", f"{r:.2f}x", "<= 1.5x", r <= 1.5, a["load"])
    mem = sc.get("memory")
    if mem and cold.get("2"):
        m, c = mem["run"]["tree_rss_mb"], cold["2"]["tree_rss_mb"]
        mp, cp = mem["run"].get("tree_pss_mb") or 0, cold["2"].get("tree_pss_mb") or 0
        r = m / c if c else None
        rp = mp / cp if cp else None
        row(f"peak RSS at {mem['pages']} pages (2 workers, whole tree)", mem["run"]["cmd"], mem["run"]["seconds"],
            f"{m:.0f} MB summed RSS; {mp:.0f} MB summed PSS (largest process {mem['run']['maxrss_mb']:.0f} MB)",
            f"{n} pages: {c:.0f} MB RSS, {cp:.0f} MB PSS (largest process {cold['2']['maxrss_mb']:.0f} MB)",
            f"RSS {_f(r)}x, PSS {_f(rp)}x", "<= 1024 MB and <= 1.2x", (m <= 1024 and r is not None and r <= 1.2),
            mem["run"]["load"])
        if mp:
            row(f"peak PSS at {mem['pages']} pages (2 workers, whole tree, shared pages counted once)",
                mem["run"]["cmd"], mem["run"]["seconds"], f"{mp:.0f} MB", f"{n} pages: {cp:.0f} MB", f"{_f(rp)}x",
                "<= 1024 MB and <= 1.2x", (mp <= 1024 and rp is not None and rp <= 1.2), mem["run"]["load"])
    cli = sc.get("cli")
    if cli and cold.get("2"):
        r = cli["seconds"] / cold["2"]["seconds"]
        row("vs trafilatura CLI --parallel 2", cli["cmd"], cli["seconds"], f"{cli['seconds']:.1f} s (extraction only)",
            f"grassroots end to end, 2 workers: {cold['2']['seconds']:.1f} s", f"grassroots {r:.2f}x as fast",
            "grassroots faster", r > 1, cli["load"])
    views = (sc.get("views") or {}).get("views") or []
    vrows = []
    for v in views:
        vrows.append(v)
        row(f"view {v['view']} on {z['view_docs']:,} docs", f"select count(*) from {v['view']}",
            v["count_median_ms"] / 1000, f"{v['count_median_ms']:.0f} ms median of 5 ({v['rows']:,} rows)",
            f"full fetch: {v.get('fetch_ms', 0):.0f} ms, {v.get('fetch_mb', 0)} MB", "", "<= 100 ms",
            v["count_median_ms"] <= 100, sc["views"]["load_before"])

    def yes(m):
        return "–" if m is None else ("**met**" if m else "**missed**")

    lines = [f"Run of {res['started_at']} to {res.get('finished_at', '?')} ({res.get('seconds_total', '?')} s), "
             f"commit `{res['machine']['commit']}`, {res['machine']['cpus']} CPUs ({res['machine']['cpu']}), "
             f"{res['machine']['mem']}, Python {res['machine']['python']}, DuckDB {res['machine']['duckdb']}, "
             f"trafilatura {res['machine']['trafilatura']}. Sizes: {json.dumps(z)}.", "",
             "| scenario | command | median s | figure | reference in the same run | ratio | target | met | load (1 min) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        load = r["load"]
        lines.append(f"| {r['scenario']} | `{r['cmd']}` | {_f(r['seconds'], '{:.3f}')} | {r['figure']} | {r['reference']} | "
                     f"{r['ratio']} | {r['target']} | {yes(r['met'])} | {', '.join(f'{x:.1f}' for x in load) if isinstance(load, list) else load} |")
    return "\n".join(lines), rows


def write_md(path: Path, table: str) -> None:
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    text = path.read_text() if path.exists() else f"# Performance benchmarks\n\n{start}\n{end}\n"
    if start not in text:
        text += f"\n{start}\n{end}\n"
    a, b = text.index(start) + len(start), text.index(end)
    path.write_text(text[:a] + "\n" + table + "\n" + text[b:])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_direct":  # _direct FOLDER DB WORKERS
        direct_main(Path(argv[1]), Path(argv[2]), int(argv[3]))
        return 0
    if argv and argv[0] == "_floor":
        floor_main(argv[1], int(argv[2]), Path(argv[3]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--quick", action="store_true", help=f"small sizes for development: {QUICK}")
    ap.add_argument("--issue-sizes", action="store_true", help=f"the issue's sizes (hours on 2 cores): {ISSUE}")
    ap.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "grassroots-bench",
                    help="work folder (corpora, warehouses, results.json); corpora are kept between runs")
    ap.add_argument("--only", default="", help=f"comma-separated scenarios out of {','.join(SCENARIOS)}")
    for k in DEFAULT:
        ap.add_argument(f"--{k.replace('_', '-')}", type=int, default=None,
                        help=f"default {DEFAULT[k]} (quick {QUICK[k]}, issue {ISSUE[k]})")
    ap.add_argument("--no-warmup", action="store_true", help="skip the untimed first flow run (tests only)")
    ap.add_argument("--md", type=Path, default=None, help="write the table between the results markers of this file")
    ap.add_argument("--report", type=Path, default=None, help="only print the table of an earlier results.json")
    a = ap.parse_args(argv)
    if a.report:
        table, _ = report(json.loads(a.report.read_text()))
        print(table)
        if a.md:
            write_md(a.md, table)
        return 0
    kind = "quick" if a.quick else "issue" if a.issue_sizes else "default"
    sizes = dict({"quick": QUICK, "issue": ISSUE, "default": DEFAULT}[kind])
    for k in DEFAULT:
        if getattr(a, k) is not None:
            sizes[k] = getattr(a, k)
    only = [x for x in a.only.split(",") if x]
    bad = set(only) - set(SCENARIOS)
    if bad:
        ap.error(f"unknown scenario(s): {', '.join(sorted(bad))}")
    work = a.work / kind
    work.mkdir(parents=True, exist_ok=True)
    print(f"work folder {work}; sizes {sizes}", file=sys.stderr)
    res = Bench(work, sizes, only, warmup=not a.no_warmup).run()
    table, _ = report(res)
    print(table)
    if a.md:
        write_md(a.md, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
