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

--heavy N puts real-weight pages in place of the corpus for floor, cold and cli: the shared
extraction benchmark's 137 Chinese news pages (../shared/benchmarks/extraction/html/zh-*), each
written N times with a distinct sentence after its first paragraph, so that every copy is a
near-duplicate the loads decide on the near-duplicate path. `process_one` costs 2-3x a corpus
page on them: the extraction-bound input of issue 20's 2-vs-1 target.
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
SCENARIOS = ["startup", "floor", "cold", "direct", "noop", "noop_flow", "cli", "incr", "memory", "small", "views"]

# Sizes. ISSUE is the issue's (10k pages, 1k into 100k, 100k for memory, 1M for views): on this
# 2-core machine its floors alone take over an hour (trafilatura extracts 5-10 pages/s per core
# on these 30-120 KB pages), so the default keeps the 100k warehouse and the 1M views but uses
# fewer pages, to finish in under 30 minutes; ratios are what the targets are about.
ISSUE = {"pages": 10_000, "inc": 1_000, "base": 100_000, "mem_pages": "1000,10000,100000", "view_docs": 1_000_000,
         "repeat": 3, "cold_repeat": 1}
DEFAULT = {"pages": 1_200, "inc": 500, "base": 100_000, "mem_pages": "1000,4000", "view_docs": 1_000_000,
           "repeat": 2, "cold_repeat": 1}
QUICK = {"pages": 300, "inc": 100, "base": 20_000, "mem_pages": "300,1000", "view_docs": 100_000,
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


def measure(cmd: list[str], *, env: dict | None = None, label: str = "", series: bool = False) -> dict:
    """Run cmd to completion; wall seconds, peak RSS (largest process and whole tree), load; with
    `series`, the summed RSS and PSS of the tree over time (for the memory plot)."""
    load0 = os.getloadavg()[0]
    full_env = {k: v for k, v in (os.environ | (env or {})).items() if v is not None}
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    peak, peak_pss = [0], [0]
    points: list[tuple[float, int, int]] = []
    stop = threading.Event()

    def sample() -> None:
        n = 0
        while not stop.is_set():
            rss = _tree_rss_kb(proc.pid)
            peak[0] = max(peak[0], rss)
            if n % 4 == 0:  # PSS walks every mapping: sampled every 4th period
                pss = _tree_rss_kb(proc.pid, pss=True)
                peak_pss[0] = max(peak_pss[0], pss)
                if series:
                    points.append((round(time.monotonic() - t0, 2), rss, pss))
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
    if series:
        res["series"] = _thin(points)
    res["stdout"] = out_chunks.get("out", b"").decode(errors="replace")[-100_000:]
    res["stderr_tail"] = out_chunks.get("err", b"").decode(errors="replace")[-600:]
    print(f"  {label}: {res['seconds']:.1f} s, largest process {res['maxrss_mb']} MB, tree {res['tree_rss_mb']} MB, "
          f"load {res['load_before']}->{res['load_after']}", file=sys.stderr)
    return res


def _thin(points: list[tuple[float, int, int]], keep: int = 600) -> list[list]:
    """At most `keep` points [seconds, RSS MB, PSS MB]: the maximum of each slice, so peaks survive."""
    step = max(1, -(-len(points) // keep))
    out = []
    for i in range(0, len(points), step):
        part = points[i:i + step]
        out.append([part[-1][0], round(max(p[1] for p in part) / 1024, 1), round(max(p[2] for p in part) / 1024, 1)])
    return out


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _spawn(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    full = {k: v for k, v in (os.environ | env).items() if v is not None}
    with log.open("ab") as f:
        return subprocess.Popen(cmd, env=full, stdin=subprocess.DEVNULL, stdout=f, stderr=f, cwd=ROOT)


def _wait_http(url: str, timeout: float) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):
            return
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def _wait_file(path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path} did not appear within {timeout:.0f} s")
        time.sleep(0.2)


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

    with open(path, "rb") as f:  # the issue's floor: extraction with metadata (title, date, ...)
        out = trafilatura.extract(f.read(), with_metadata=True)
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
        self.heavy = sizes.get("heavy") or 0
        self.pages = work / (f"heavy-{self.heavy}" if self.heavy else f"pages-{sizes['pages']}")
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

    def heavy_pages(self, folder: Path, copies: int) -> int:
        """The shared benchmark's Chinese pages, ``copies`` near-duplicates of each (see --heavy)."""
        import extraction  # (bench/extraction.py knows the shared benchmark; imported only here)

        gold = (extraction.load_gold(lang="zh") if (extraction.BENCH_DIR / "gold.jsonl").is_file() else [])
        src = sorted(extraction.BENCH_DIR / g["file"] for g in gold)
        if not src:
            raise SystemExit("--heavy needs ../shared/benchmarks/extraction/html/zh-*/*.html beside the repository")
        stamp = folder / ".complete"
        if not stamp.exists():
            shutil.rmtree(folder, ignore_errors=True)
            for k in range(1, copies + 1):
                out = folder / f"c{k:03d}"
                out.mkdir(parents=True)
                line = f"<p>本文第{k}次转载，转载编号{k * 7919 % 100000}。</p>".encode()
                for f in src:
                    b = f.read_bytes()
                    i = b.find(b"</p>")
                    b = b[:i + 4] + line + b[i + 4:] if i >= 0 else b + line
                    (out / f"{f.parent.name}_{f.name}").write_bytes(b)
            stamp.write_text(json.dumps({"pages": copies * len(src), "copies": copies}))
        return copies * len(src)

    def record(self, name: str, value: dict) -> None:
        self.results["scenarios"][name] = value
        self.save()

    def save(self) -> None:
        (self.work / "results.json").write_text(json.dumps(self.results, ensure_ascii=False, indent=1))

    def want(self, name: str) -> bool:
        return not self.only or name in self.only

    def small_runs(self, n: int) -> dict:
        """A one-file `grassroots ingest` of a new page into an existing warehouse (what a manual run
        is; the warehouse is made by an untimed first run): with no server (a temporary API),
        against a running `prefect server start`, and handed to a running `grassroots serve`
        (flows/warm.py)."""
        files = sorted(self.pages.rglob("*.html"))
        out: dict = {}
        used = iter(range(len(files)))

        def cmds(tag: str):
            db = self.fresh_db(f"small-{tag}")
            return lambda k: self.gr("ingest", str(files[next(used)]), "--db", str(db))

        def timed(label: str, tag: str, env: dict) -> dict:
            make = cmds(tag)
            measure(make(-1), env=env, label=f"{label} (makes the warehouse, untimed)")
            return repeat(n, label, make, env=env)

        out["no_server"] = timed("one file, temporary API", "none", self.env)
        port = _free_port()
        api = f"http://127.0.0.1:{port}/api"
        home = self.work / "prefect-home-server"
        env = self.env | {"PREFECT_HOME": str(home), "PREFECT_API_URL": api, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                          "DO_NOT_TRACK": "1", "GRASSROOTS_STATE_DIR": str(self.work / "state")}
        procs = []
        try:
            procs.append(_spawn([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port),
                                 "--no-ui", "--analytics-off"], env, self.work / "server.log"))
            _wait_http(f"{api}/health", 300)
            out["prefect_server"] = timed("one file, running prefect server", "srv", env | {"GRASSROOTS_HANDOFF": "0"})
            cfg = self.work / "serve.toml"
            cfg.write_text(f'[[sources]]\nname = "inbox"\nkind = "files"\npaths = ["{self.empty}"]\n')
            procs.append(_spawn(self.gr("serve", "--config", str(cfg), "--db", str(self.fresh_db("served"))), env,
                                self.work / "serve.log"))
            _wait_file(self.work / "state" / "serve.json", 300)
            out["grassroots_serve"] = timed("one file, handed to grassroots serve", "warm", env)
            out["grassroots_serve"]["handed"] = all("running in grassroots serve" in r["stderr_tail"]
                                                    for r in out["grassroots_serve"]["runs"])
        finally:
            for p in reversed(procs):
                p.terminate()
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    p.kill()
        return out

    def run(self) -> dict:
        z = self.sizes
        t0 = time.monotonic()
        if self.heavy:
            z["pages"] = self.heavy_pages(self.pages, self.heavy)  # (the results' sizes are this dict)
        else:
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
            # with default settings (no --workers: one per usable core), and with one worker for the scaling
            # The two settings alternate (1, default, default, 1, ...): on a shared machine the load
            # drifts over minutes, and running all of one setting first measures the drift too.
            settings = ("1", "default") if self.want("cold") else ("default",)
            runs: dict[str, list[dict]] = {w: [] for w in settings}
            for k in range(z["cold_repeat"]):
                for w in (settings if k % 2 == 0 else settings[::-1]):
                    flag = ["--workers", w] if w != "default" else []
                    runs[w].append(measure(self.gr("ingest", str(self.pages), "--db", str(self.fresh_db(f"cold-{w}")),
                                                    *flag), env=self.env, label=f"cold {w} #{k + 1}"))
            cold = {w: median_of(r) | {"counts": counts(self.work / "db" / f"cold-{w}.duckdb")}
                    for w, r in runs.items()}
            if "1" in cold:  # each alternation's own ratio, beside the ratio of the medians
                cold["pairs"] = [round(a["seconds"] / b["seconds"], 3) for a, b in zip(runs["1"], runs["default"], strict=True)]
            cold["default"]["workers"] = _default_workers()
            self.record("cold", cold)
        if self.want("direct"):
            r = measure([PY, __file__, "_direct", str(self.pages), str(self.fresh_db("direct-w2")), "2"],
                        env=self.env, label="direct pipeline w2 (no Prefect)")
            r["inner"] = json.loads(r.pop("stdout").strip().splitlines()[-1]) if r["rc"] == 0 else None
            self.record("direct", r)
        if self.want("noop") and (self.work / "db" / "cold-default.duckdb").exists():
            db = self.work / "db" / "cold-default.duckdb"
            self.record("noop", repeat(z["repeat"], "no-op rerun",
                                       lambda k: self.gr("ingest", str(self.pages), "--db", str(db)),
                                       env=self.env))
            self.results["scenarios"]["noop"]["idle"] = all(
                "no flow run started" in r["stderr_tail"] for r in self.results["scenarios"]["noop"]["runs"])
        if self.want("noop_flow") and (self.work / "db" / "cold-default.duckdb").exists():
            db = self.work / "db" / "cold-default.duckdb"
            # the same rerun through the Prefect flow (what a served, scheduled run costs)
            self.record("noop_flow", repeat(z["repeat"], "no-op rerun through the flow",
                                            lambda k: self.gr("ingest", str(self.pages), "--db", str(db)),
                                            env=self.env | {"GRASSROOTS_ALWAYS_FLOW": "1"}))
        if self.want("cli"):
            out = self.work / "traf-out"

            def clean(_k: int) -> None:
                shutil.rmtree(out, ignore_errors=True)

            self.record("cli", repeat(1, "trafilatura CLI --parallel 2",
                                      lambda k: [str(BIN / "trafilatura"), "--input-dir", str(self.pages),
                                                 "--output-dir", str(out), "--parallel", "2"], before=clean))
            # trafilatura names each output after the input's file name only: pages with the same
            # name in different folders overwrite each other
            self.results["scenarios"]["cli"]["outputs"] = sum(1 for _ in out.rglob("*") if _.is_file())
            self.results["scenarios"]["cli"]["inputs"] = sum(1 for _ in self.pages.rglob("*.html"))
            self.results["scenarios"]["cli"]["distinct_names"] = len({p.name for p in self.pages.rglob("*.html")})
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
            # cold ingest with default settings at each size; summed RSS and PSS of the tree over time
            mem = {}
            for size in _sizes_list(z["mem_pages"]):
                big = self.work / f"pages-{size}"
                self.corpus(big, size)
                r = measure(self.gr("ingest", str(big), "--db", str(self.fresh_db(f"memory-{size}"))), env=self.env,
                            label=f"memory {size}", series=True)
                r["counts"] = counts(self.work / "db" / f"memory-{size}.duckdb")
                mem[str(size)] = r
                self.record("memory", mem)
        if self.want("small"):
            self.record("small", self.small_runs(z["repeat"]))
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


def _default_workers() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from grassroots.config import usable_cores

    return usable_cores()


def _sizes_list(v) -> list[int]:
    return [int(x) for x in str(v).split(",")] if not isinstance(v, list) else [int(x) for x in v]


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
    cd = cold.get("default")  # default settings: one worker per usable core
    wd = (cd or {}).get("workers", "?")
    traf1 = fl.get("trafilatura_1")
    for w in ("1", "default"):
        c = cold.get(w)
        if not c:
            continue
        nw = "1" if w == "1" else str(wd)
        o = fl.get(f"grassroots_{nw}")
        pps = _pps(n, c["seconds"])
        fpps = _pps(n, traf1["seconds"]) if traf1 else None
        opps = _pps(n, o["seconds"]) if o else None
        ratio = pps / fpps if (pps and fpps) else None
        label = "cold ingest, --workers 1" if w == "1" else f"cold ingest, default settings ({wd} workers)"
        row(label, c["cmd"], c["seconds"], f"{pps:.1f} pages/s",
            f"one-process trafilatura.extract(with_metadata=True) loop: {_f(fpps, '{:.1f}')} pages/s "
            f"({_f(traf1 and traf1['seconds'], '{:.1f}')} s); grassroots process_one loop x{nw}: {_f(opps, '{:.1f}')} pages/s",
            f"{_f(ratio)}x the loop; {_f(pps / opps if pps and opps else None)}x own extraction",
            ">= 1.6x the loop" if w == "default" else "(reference)",
            (None if ratio is None else ratio >= 1.6) if w == "default" else None, c["load"])
    d = sc.get("direct")
    if d and cd:
        r = d["seconds"] / cd["seconds"]
        row("pipeline without Prefect, 2 workers", d["cmd"], d["seconds"], f"{_pps(n, d['seconds']):.1f} pages/s",
            f"through the Prefect flow: {cd['seconds']:.1f} s", f"flow takes {1 / r:.2f}x as long", "(diagnostic)",
            None, [d["load_before"], d["load_after"]])
    if cold.get("1") and cd:
        s = cold["1"]["seconds"] / cd["seconds"]
        fs = (fl["trafilatura_1"]["seconds"] / fl["trafilatura_2"]["seconds"]) if fl.get("trafilatura_2") else None
        os_ = (fl["grassroots_1"]["seconds"] / fl["grassroots_2"]["seconds"]) if fl.get("grassroots_2") else None
        pairs = ", ".join(f"{x:.2f}x" for x in cold.get("pairs", []))
        row(f"scaling {wd} vs 1 worker", f"cold ingest (default: {wd} workers) vs --workers 1", None, f"{s:.2f}x",
            f"floor scaling: trafilatura {_f(fs)}x, grassroots process_one {_f(os_)}x"
            + (f"; alternating pairs {pairs}" if pairs else ""), f"{s:.2f}x",
            ">= 1.7x", s >= 1.7, cd["load"])
    st = sc.get("startup")
    if st:
        nb, lazy = res.get("startup_no_bytecode"), res.get("startup_lazy_api")
        ref = [f"without a bytecode cache: {nb['seconds']:.1f} s" if nb else "",
               f"Prefect starting its API lazily (GRASSROOTS_EARLY_API=0): {lazy['seconds']:.1f} s" if lazy else ""]
        row("fixed start-up (empty folder)", st["cmd"], st["seconds"], f"{st['seconds']:.1f} s",
            "; ".join(x for x in ref if x), "", "report, cut", None, st["load"])
    small = sc.get("small") or {}
    for key, what, target in (("no_server", "one file, no server (temporary API)", "(reference)"),
                              ("prefect_server", "one file, a running `prefect server` (GRASSROOTS_HANDOFF=0)", "(reference)"),
                              ("grassroots_serve", "one file, a running `grassroots serve` (handed over)", "<= 3 s")):
        r = small.get(key)
        if r:
            handed = "" if key != "grassroots_serve" else ("; ran in the serving process" if r.get("handed")
                                                            else "; NOT handed over")
            row(what, r["cmd"], r["seconds"], f"{r['seconds']:.1f} s median of {r['n']}{handed}", "", "", target,
                (r["seconds"] <= 3 and bool(r.get("handed"))) if key == "grassroots_serve" else None, r["load"])
    noop = sc.get("noop")
    if noop and cd:
        r = noop["seconds"] / cd["seconds"]
        how = "; recorded without a flow run" if noop.get("idle") else "; through the flow"
        row("no-op rerun", noop["cmd"], noop["seconds"], f"{noop['seconds']:.1f} s{how}",
            f"cold, default settings {cd['seconds']:.1f} s", f"{r:.1%} of cold", "<= 5%", r <= 0.05, noop["load"])
    nf = sc.get("noop_flow")
    if nf and cd:
        r = nf["seconds"] / cd["seconds"]
        extra = f"; minus start-up: {(nf['seconds'] - st['seconds']):.1f} s" if st else ""
        row("no-op rerun through the flow (GRASSROOTS_ALWAYS_FLOW=1)", nf["cmd"], nf["seconds"],
            f"{nf['seconds']:.1f} s{extra}", f"cold, default settings {cd['seconds']:.1f} s", f"{r:.1%} of cold",
            "(diagnostic)", None, nf["load"])
    inc = sc.get("incr")
    if inc:
        a, b = inc["into_base"], inc["into_empty"]
        r = a["seconds"] / b["seconds"]
        row(f"incremental {z['inc']} into {z['base']}", a["cmd"], a["seconds"], f"{a['seconds']:.1f} s",
            f"{z['inc']} into empty: {b['seconds']:.1f} s", f"{r:.2f}x", "<= 1.5x", r <= 1.5, a["load"])
    mem = sc.get("memory") or {}
    if mem and "run" not in mem:
        sizes = sorted(mem, key=int)
        small_pss = mem[sizes[0]]["tree_pss_mb"]
        for size in sizes:
            m = mem[size]
            r = m["tree_pss_mb"] / small_pss if small_pss else None
            at10k = int(size) <= 10_000
            ok = (r is not None and r <= 1.2) and (m["tree_pss_mb"] <= 1024 if at10k else True)
            row(f"peak memory at {int(size):,} pages (default settings, whole process tree)", m["cmd"], m["seconds"],
                f"{m['tree_pss_mb']:.0f} MB summed PSS; {m['tree_rss_mb']:.0f} MB summed RSS; largest process "
                f"{m['maxrss_mb']:.0f} MB", f"{int(sizes[0]):,} pages: {small_pss:.0f} MB PSS", f"PSS {_f(r)}x",
                "<= 1024 MB (10k) and <= 1.2x", ok if size != sizes[0] else None, [m["load_before"], m["load_after"]])
    cli = sc.get("cli")
    if cli and cd:
        r = cli["seconds"] / cd["seconds"]
        lost = ""
        if cli.get("inputs"):
            lost = (f"; trafilatura wrote {cli['outputs']} files for {cli['inputs']} pages "
                    f"({cli['inputs'] - cli.get('distinct_names', cli['inputs'])} share a file name with another page)")
        row("vs trafilatura CLI --parallel 2", cli["cmd"], cli["seconds"], f"{cli['seconds']:.1f} s (extraction only){lost}",
            f"grassroots end to end, default settings: {cd['seconds']:.1f} s", f"grassroots {r:.2f}x as fast",
            ">= 1.25x", r >= 1.25, cli["load"])
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
        ap.add_argument(f"--{k.replace('_', '-')}", type=str if k == "mem_pages" else int, default=None,
                        help=f"default {DEFAULT[k]} (quick {QUICK[k]}, issue {ISSUE[k]})")
    ap.add_argument("--heavy", type=int, default=0, metavar="N",
                    help="real-weight pages instead of the corpus: the shared benchmark's Chinese pages, N copies each")
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
    sizes["heavy"] = a.heavy
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
