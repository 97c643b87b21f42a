"""A web source at scale, with the faults a real portal has: `grassroots run` against a loopback site.

    uv run python bench/web_faults.py --n 2000 --work /tmp/webfaults
    uv run python bench/web_faults.py --n 60 --work DIR --only clean,revisit --corrected 20   # as CI runs it

Serves N pages of `bench/corpus.py` (seed 1) from a site on 127.0.0.1 with a sitemap (lastmod
spread over 2024) and a robots.txt, then runs the CLI (`grassroots run --config …`, its own
process, politeness delay 0 and 4 lanes) once per scenario, each into a fresh warehouse:

- clean: nothing goes wrong (the yardstick);
- busy: 3 % of pages answer 503 with Retry-After 1 s the first time they are asked for;
- down: the server stops answering after a quarter of the pages; the run's time from that moment
  to its end is reported, then the server comes back and the next run, for a later window only,
  says how many earlier pages it fetched again;
- interrupt: SIGTERM 15 s into a busy run; the time to the run's exit is reported;
- revisit: the clean warehouse read again while every page carries a token of the request in its
  markup (no validators) and 2 % of pages have a figure corrected and a correction note: the
  documents and stories it adds are reported (a page read again is one story, its correction an
  edit of it).

Prints one Markdown table row per scenario. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402

SCENARIOS = ("clean", "busy", "revisit", "down", "interrupt")
BUSY_SHARE = 3  # percent of pages that answer 503 once
CORRECTED_SHARE = 2  # percent of pages corrected between two reads (revisit; --corrected)
# a count before 名, 个 or 户, in UTF-8 or GBK bytes
_FIGURE = re.compile(b"(\\d+)(?=" + b"|".join(re.escape(c.encode(e)) for c in "名个户" for e in ("utf-8", "gb18030")) + b")")
ENV = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")


class Site:
    """The site, its faults and a switch that makes it stop answering (connections refused)."""

    def __init__(self, root: Path) -> None:
        self.root, self.busy, self.stop_after, self.revisit = root, False, None, False
        self.corrected = CORRECTED_SHARE
        self.served, self.asked, self.stopped_at = 0, set(), 0.0
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    def start(self, port: int = 0) -> int:
        site = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *a, **k) -> None:
                super().__init__(*a, directory=str(site.root), **k)

            def log_message(self, *a) -> None:
                pass

            def do_GET(self) -> None:
                if self.path.startswith("/news/"):
                    with site.lock:
                        first = self.path not in site.asked
                        site.asked.add(self.path)
                        site.served += 1
                        if site.stop_after is not None and site.served == site.stop_after:
                            site.stopped_at = time.monotonic()
                            threading.Thread(target=site.stop, daemon=True).start()
                    h = int(hashlib.md5(self.path.encode()).hexdigest(), 16) % 100
                    if site.busy and first and h < BUSY_SHARE:
                        self.send_response(503)
                        self.send_header("Retry-After", "1")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    if site.revisit:
                        body = (site.root / self.path.lstrip("/")).read_bytes()
                        if h < site.corrected:  # (in the page's own encoding: a tenth are GBK)
                            enc = "utf-8" if _is_utf8(body) else "gb18030"
                            body = _FIGURE.sub(lambda m: str(int(m.group(1)) + 1).encode(), body, count=1).replace(
                                b"</body>", "<p>（更正：本文首发时一处数字有误，现已更正。）</p></body>".encode(enc))
                        body = body.replace(b"</body>", f"<!-- rendered {time.time_ns()} --></body>".encode())
                        self.send_response(200)
                        self.send_header("Content-Type", "text/html")
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                        return
                super().do_GET()

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.server.server_address[1]

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def build_site(n: int, root: Path) -> list[tuple[str, date]]:
    pages = root / "pages"
    if not (pages / "complete").exists():
        corpus.write_corpus(n, 1, pages)
    files = sorted(p for p in pages.rglob("*.html"))[:n]
    site = root / "site"
    out = []
    for k, f in enumerate(files):
        day = date(2024, 1, 1) + timedelta(days=k * 366 // len(files))
        rel = f"news/{day:%Y%m}/{k:05d}.html"
        dest = site / rel
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.link(f, dest)
        out.append((rel, day))
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return out


def write_sitemap(site: Path, pages: list[tuple[str, date]], port: int) -> None:
    rows = "".join(f"<url><loc>http://127.0.0.1:{port}/{rel}</loc><lastmod>{d.isoformat()}</lastmod></url>\n"
                   for rel, d in pages)
    (site / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
                                      f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n')


def _is_utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _stories(db: Path) -> tuple[int, int, int]:
    """Documents, stories and documents that joined as a page's later version, in a warehouse."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*), count(*) filter (where is_canonical), "
                           "count(*) filter (where match_kind = 'edit') from sightings").fetchone()
    finally:
        con.close()


def grassroots(*args: str) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).parent / "grassroots"), *args], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def summary(out: str) -> str:
    return next((line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("web: discovered")), "?")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--timeout", type=float, default=900.0,
                    help="seconds a run may take before it is stopped (SIGTERM) and reported as over")
    ap.add_argument("--only", default=",".join(SCENARIOS), help=f"scenarios to run, of {','.join(SCENARIOS)}")
    ap.add_argument("--corrected", type=int, default=CORRECTED_SHARE, help="percent of pages corrected (revisit)")
    a = ap.parse_args(argv)
    only = set(a.only.split(","))
    if only - set(SCENARIOS) or ("revisit" in only and "clean" not in only):
        ap.error(f"--only takes scenarios of {','.join(SCENARIOS)} (revisit reads the clean warehouse again)")
    a.work.mkdir(parents=True, exist_ok=True)
    pages = build_site(a.n, a.work)
    site = Site(a.work / "site")
    port = site.start()
    write_sitemap(a.work / "site", pages, port)
    cfg = a.work / "sources.toml"
    cfg.write_text(f'[[sources]]\nname = "web"\nkind = "sitemap"\nurl = "http://127.0.0.1:{port}/sitemap.xml"\n'
                   f'allow_hosts = ["127.0.0.1"]\npoliteness = {{ delay_seconds = 0, concurrency = 4 }}\n')
    print(f"| scenario ({a.n} pages) | seconds | measured | run summary |\n|---|---|---|---|")

    def fresh(name: str) -> Path:
        for f in a.work.glob(f"{name}.duckdb*"):
            f.unlink()
        return a.work / f"{name}.duckdb"

    def run(name: str, *window: str) -> tuple[float, str, int]:
        db = fresh(name)
        t0 = time.monotonic()
        p = grassroots("run", "--config", str(cfg), "--db", str(db), *window)
        try:
            out, _ = p.communicate(timeout=a.timeout)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGTERM)
            out, _ = p.communicate()
            return float("inf"), f"web: discovered ? (stopped after {a.timeout:.0f} s)", p.returncode
        return time.monotonic() - t0, out, p.returncode

    for name in ("clean", "busy"):
        if name not in only:
            continue
        site.busy, site.asked = name == "busy", set()
        secs, out, rc = run(name)
        print(f"| {name} | {secs:.1f} | whole run (exit {rc}) | {summary(out)} |")

    if "revisit" in only:
        _revisit(a, site, cfg, pages)
    if "down" in only:
        _down(a, site, cfg, pages, run, port)
    if "interrupt" in only:
        _interrupt(site, cfg, fresh)
    site.stop()
    return 0


def _revisit(a, site: Site, cfg: Path, pages: list[tuple[str, date]]) -> None:  # noqa: ANN001
    # the clean warehouse read again, every page re-rendered, a few corrected
    site.revisit, site.corrected = True, a.corrected
    before = _stories(a.work / "clean.duckdb")
    t0 = time.monotonic()
    p = grassroots("run", "--config", str(cfg), "--db", str(a.work / "clean.duckdb"))
    out, _ = p.communicate(timeout=a.timeout)
    after = _stories(a.work / "clean.duckdb")
    corrected = sum(int(hashlib.md5(f"/{rel}".encode()).hexdigest(), 16) % 100 < a.corrected for rel, _ in pages)
    print(f"| revisit: every page re-rendered, {corrected} corrected | {time.monotonic() - t0:.1f} | documents "
          f"{before[0]} -> {after[0]} ({after[2] - before[2]} edits), stories {before[1]} -> {after[1]} (exit "
          f"{p.returncode}) | {summary(out)} |")
    site.revisit = False


def _down(a, site: Site, cfg: Path, pages: list[tuple[str, date]], run, port: int) -> None:  # noqa: ANN001
    # a quarter of the pages, then connections refused
    site.busy, site.served, site.stop_after = False, 0, a.n // 4
    t_run = time.monotonic()
    secs, out, rc = run("down")
    end = t_run + secs if secs != float("inf") else t_run + a.timeout
    after = end - site.stopped_at if site.server is None else float("nan")
    print(f"| down after {a.n // 4} pages | {secs:.1f} | {after:.1f} s from the stop to the run's end (exit {rc}) "
          f"| {summary(out)} |")
    site.stop_after = None
    site.start(port)
    db = a.work / "down.duckdb"
    t0 = time.monotonic()
    p = grassroots("run", "--config", str(cfg), "--db", str(db), "--since", "2024-12-01", "--until", "2025-01-01")
    out, _ = p.communicate()
    dec = sum(d.month == 12 for _, d in pages)
    found = summary(out).removeprefix("discovered ").split(",")[0]
    again = int(found) - dec if found.isdigit() else "?"
    print(f"| down, then the next run for December only | {time.monotonic() - t0:.1f} | {dec} December pages "
          f"and {again} earlier pages fetched again (exit {p.returncode}) | {summary(out)} |")


def _interrupt(site: Site, cfg: Path, fresh) -> None:  # noqa: ANN001
    # SIGTERM 15 s into a busy run (past the start-up, into the fetching)
    site.busy, site.asked = True, set()
    p = grassroots("run", "--config", str(cfg), "--db", str(fresh("interrupt")))
    time.sleep(15)
    t0 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    out, _ = p.communicate()
    print(f"| SIGTERM 15 s into a busy run | {time.monotonic() - t0:.1f} | from the signal to the exit "
          f"(exit {p.returncode}) | {out.strip().splitlines()[-1] if out.strip() else '?'} |")


if __name__ == "__main__":
    sys.exit(main())
