"""The HTML report: rendered from the sample corpus, drawn in headless Chromium (issue 10 acceptance).

Chromium: Debian `chromium` (apt-get install -y chromium fonts-noto-cjk). The Chromium test
is skipped with a reason when the binary is absent, never silently passed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


# ---------------------------------------------------------------- the sample warehouse (shared by my test files)


def build_sample_warehouse(db: Path, *, extra_dir: Path | None = None) -> Path:
    """The sample corpus (seeds/sources.toml) loaded through grassroots.run.pipeline, without Prefect,
    with one run recorded; `extra_dir` adds a source `extra` (files) for rejects."""
    from grassroots import warehouse
    from grassroots.config import Settings, load_config, parse_source
    from grassroots.models import Batch
    from grassroots.run import pipeline

    cfg = load_config(REPO / "seeds" / "sources.toml")
    sources = list(cfg.enabled())
    if extra_dir is not None:
        sources.append(parse_source({"name": "extra", "kind": "files", "paths": [str(extra_dir)]}))
    settings = Settings(db=db)
    run_id = uuid.uuid4().hex
    with warehouse.open_writer(db, command="test") as con:
        warehouse.start_run(con, run_id, "ingest all", {"sources": [s.name for s in sources]})
    summary = {"run_id": run_id, "total": {}, "sources": {}}
    total = pipeline.Counts()
    for n, s in enumerate(sources):
        found = pipeline.discover(s)
        pipeline.load(Batch(source=s.name, batch_no=0, rejects=found.rejects), settings)
        batch = pipeline.read_batch(s, n + 1, found.refs, settings)
        known = pipeline.lookup_known(batch.raws, settings)
        done = pipeline.process_batch(batch, known=known)
        res = pipeline.load(done, settings)
        c = pipeline.batch_counts(done, res)
        c.discovered = len(found.refs)
        total.add(c)
        summary["sources"][s.name] = c.as_dict() | {"errors": []}
    summary["total"] = total.as_dict()
    with warehouse.open_writer(db, command="test") as con:
        warehouse.finish_run(con, run_id, "completed", summary)
    return db


def sample_db(tmp_path_factory) -> Path:
    """Built once per session (the first test file that asks builds it, ~5 s)."""
    base = tmp_path_factory.getbasetemp() / "sample-warehouse"
    db = base / "grassroots.duckdb"
    done = base / "done"
    if not done.exists():
        shutil.rmtree(base, ignore_errors=True)
        extra = base / "extra"
        extra.mkdir(parents=True)
        (extra / "blank.txt").write_text("\n\n", encoding="utf-8")  # nothing to extract: a reject
        (extra / "tiny.html").write_text("<html><body><p>短</p></body></html>", encoding="utf-8")
        build_sample_warehouse(db, extra_dir=extra)
        done.touch()
    return db


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Path:
    return sample_db(tmp_path_factory)


@pytest.fixture(scope="session")
def report_file(sample: Path, tmp_path_factory) -> Path:
    from grassroots.app.report import write_report

    out = tmp_path_factory.mktemp("report") / "report.html"
    res = write_report(sample, out)
    assert res.charts == ["heatmap", "timeline", "categories", "sources", "rejects", "runs"], res.notes
    return out


# ---------------------------------------------------------------- the page itself


def test_report_is_self_contained_and_has_the_data(report_file: Path) -> None:
    page = report_file.read_text(encoding="utf-8")
    # offline: no script, stylesheet or font is fetched from anywhere
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page
    assert "vegaEmbed" in page
    # the CJK subset is embedded whenever fontTools and a CJK font (Debian fonts-noto-cjk) are there
    assert ("@font-face" in page) == _can_embed_font()
    specs = json.loads(re.search(r"const specs = (\{.*?\});\n", page, re.S).group(1).replace("<\\/", "</"))
    assert set(specs) == {"heatmap", "timeline", "categories", "sources", "rejects", "runs"}
    cells = specs["heatmap"]["data"]["values"]
    # the 徐汇 elevator story of 2023-06 is one story in its cell; empty months are zero cells
    assert {"district": "徐汇区", "month": "2023-06", "articles": 1, "initiatives": 7} in cells
    assert sum(c["articles"] for c in cells) == 12  # 12 stories dated to the day or month
    assert {c["district"] for c in cells} >= {"徐汇区", "闵行区"} - {"闵行区"}  # 闵行 is undated: not in the heatmap
    assert "闵行区" not in {c["district"] for c in cells}
    # top initiatives link to their source articles (the canonical copy, as a file URI)
    assert "我为群众办实事" in page
    assert (REPO / "seeds" / "corpus" / "xuhui_elevator_portal.html").as_uri() in page
    # rejects by reason, from the extra source
    assert {r["source"] for r in specs["rejects"]["data"]["values"]} == {"extra"}


def test_report_filters_by_district_and_dates(sample: Path, tmp_path: Path) -> None:
    from grassroots.app.report import ReportError, write_report

    res = write_report(sample, tmp_path / "x.html", district="徐汇区", since=date(2023, 1, 1), until=date(2024, 1, 1),
                       embed_font=False)
    page = (tmp_path / "x.html").read_text(encoding="utf-8")
    specs = json.loads(re.search(r"const specs = (\{.*?\});\n", page, re.S).group(1).replace("<\\/", "</"))
    assert {c["district"] for c in specs["heatmap"]["data"]["values"]} == {"徐汇区"}
    assert {r["name"] for r in specs["timeline"]["data"]["values"]} == {"加梯议事厅", "加梯贷", "加梯一件事",
                                                                     "一网通办", "我为群众办实事", "加装电梯", "加梯管家"}
    assert not res.font_embedded and "@font-face" not in page
    # a window with no story: the story sections say so instead of drawing an empty chart
    res = write_report(sample, tmp_path / "y.html", since=date(2030, 1, 1), embed_font=False)
    assert res.charts == ["sources", "rejects", "runs"]
    assert res.notes["heatmap"] == "no dated story in this selection"
    with pytest.raises(ReportError, match="unknown district '无此区'"):
        write_report(sample, tmp_path / "z.html", district="无此区")
    # a district as users write it: short, former, traditional or pinyin names select the same stories
    for name in ("徐汇", "徐匯區", "xuhui", "Xuhui District"):
        res = write_report(sample, tmp_path / "n.html", district=name, since=date(2023, 1, 1),
                           until=date(2024, 1, 1), embed_font=False)
        assert res.notes["district"] == f"{name} is read as 徐汇区"
        page = (tmp_path / "n.html").read_text(encoding="utf-8")
        named = json.loads(re.search(r"const specs = (\{.*?\});\n", page, re.S).group(1).replace("<\\/", "</"))
        assert named["timeline"]["data"]["values"] == specs["timeline"]["data"]["values"]
    with pytest.raises(ReportError, match="empty window"):
        write_report(sample, tmp_path / "z.html", since=date(2023, 1, 1), until=date(2023, 1, 1))


def test_report_degrades_when_a_view_is_missing(sample: Path, tmp_path: Path) -> None:
    """A warehouse of another version (a view absent): that section is a note, the rest renders."""
    import duckdb

    from grassroots.app.report import write_report

    db = tmp_path / "old.duckdb"
    shutil.copy(sample, db)
    con = duckdb.connect(str(db))
    con.execute("drop view district_monthly")
    con.execute("drop view runs")
    con.close()
    res = write_report(db, tmp_path / "old.html", embed_font=False)
    assert "heatmap" not in res.charts and "runs" not in res.charts and "timeline" in res.charts
    assert "district_monthly" in res.notes["heatmap"] and "`runs`" in res.notes["runs"]
    assert "is not in this warehouse" in (tmp_path / "old.html").read_text(encoding="utf-8")


def _specs(page: str) -> dict:
    return json.loads(re.search(r"const specs = (\{.*?\});\n", page, re.S).group(1).replace("<\\/", "</"))


@pytest.mark.parametrize("quarter_type", ["date", "varchar"])
def test_report_uses_district_category_quarterly_when_present(sample: Path, tmp_path: Path, quarter_type: str) -> None:
    """Issue 6's view, when the warehouse has it with a date quarter; otherwise derived from initiative_mentions."""
    import duckdb

    from grassroots.app.report import write_report

    db = tmp_path / "dcq.duckdb"
    shutil.copy(sample, db)
    q = "date '2023-04-01'" if quarter_type == "date" else "'2023-Q2'"
    con = duckdb.connect(str(db))
    con.execute(f"create or replace view district_category_quarterly as select '徐汇区' as district, {q} as quarter, "
                "'elevator' as category, 7 as articles, 1 as initiatives")
    con.close()
    write_report(db, tmp_path / "q.html", embed_font=False)
    page = (tmp_path / "q.html").read_text(encoding="utf-8")
    rows = _specs(page)["categories"]["data"]["values"]
    assert "is not in this warehouse" not in page  # the sample warehouse has every view of issue 6
    if quarter_type == "date":  # and the quantities table, from its view when present
        con = duckdb.connect(str(db))
        con.execute("create or replace view initiative_facts_by_district as select '徐汇区' as district, '台' as unit, "
                    "126.0 as value, 1 as articles")
        con.close()
        res = write_report(db, tmp_path / "q.html", embed_font=False, district="徐汇区")
        page = (tmp_path / "q.html").read_text(encoding="utf-8")
        # the quantities come from the facts with their sentences (done apart from planned), not the sums
        assert "facts" not in res.notes and "<td>台</td><td>加装电梯</td><td class=num>126</td>" in page
        assert "From the view `district_category_quarterly`" in page
        assert rows == [{"district": "徐汇区", "q": "2023-04-01", "quarter": "2023-Q2",
                         "category": "加装电梯 (elevator)", "articles": 7}]
    else:
        assert "From the view `initiative_mentions`" in page
        assert {"district": "徐汇区", "q": "2023-04-01", "quarter": "2023-Q2", "category": "加装电梯 (elevator)",
                "articles": 1} in rows


def test_report_figures_read_as_reported(report_file: Path) -> None:
    """Issue 19.6: dates at their precision, one time axis for every facet, whole legend labels,
    targets apart from achievements, no phrase counted as a thing, integers as integers."""
    page = report_file.read_text(encoding="utf-8")
    specs = _specs(page)
    # the 2020 newsletter is dated to the year only: shown as 2020, never as 2020-01-01
    assert "<span class=dim> 2020," in page or "<span class=dim> 2020<" in page
    assert "2020-01-01" not in page
    # categories: a shared temporal axis (no per-district quarter axis), legend labels not cut
    cat = specs["categories"]
    assert "resolve" not in cat
    x = cat["spec"]["encoding"]["x"]
    assert x["type"] == "temporal" and x["timeUnit"] == "yearquarter" and len(x["scale"]["domain"]) == 2
    assert cat["spec"]["encoding"]["color"]["legend"]["labelLimit"] == 0
    # timeline: the first and last dots inside the plot, every tick with its year
    tl = specs["timeline"]["layer"][0]["encoding"]["x"]
    assert tl["scale"]["padding"] > 0 and "%Y" in tl["axis"]["format"]
    # quantities: 徐汇区's 126 elevators done and 300 planned are two figures, not 426
    facts = page[page.index('id="facts"'):page.index('id="sources"')]
    assert "<td>徐汇区</td><td>台</td><td>加装电梯</td><td class=num>126</td><td class=num>300</td>" in facts
    assert "<td>位置挪</td>" not in facts and "<td>实付不</td>" not in facts
    assert not re.search(r"class=num>\d+\.0<", page)


def test_story_links_prefer_a_web_address(sample: Path, tmp_path: Path) -> None:
    """A story whose canonical copy is a local file links to a copy's web address when one was seen."""
    import duckdb

    from grassroots.app.report import write_report

    db = tmp_path / "web.duckdb"
    shutil.copy(sample, db)
    con = duckdb.connect(str(db))
    (cluster,) = con.execute("select cluster_id from core.documents where is_canonical and locator like "
                             "'%xuhui_elevator%'").fetchone()
    n = con.execute("update core.documents set locator = 'https://news.example.org/xuhui/elevator.html' "
                    "where cluster_id = ? and not is_canonical", [cluster]).fetchone()[0]
    con.close()
    assert n >= 1
    write_report(db, tmp_path / "r.html", embed_font=False)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'href="https://news.example.org/xuhui/elevator.html"' in page
    assert "xuhui_elevator" not in page.split('id="top"')[1].split("</section>")[0]


def test_fact_kinds_and_things() -> None:
    from grassroots.app.report import fact_kind, is_thing

    assert fact_kind("今年已完成加装电梯126台", "加装电梯", "台") == "achieved"
    assert fact_kind("力争全年完成加装电梯300台以上", "加装电梯", "台") == "target"
    assert fact_kind("区里将老年助餐纳入实事项目，新建12家食堂", "食堂", "家") == "achieved"  # 将 + noun: not future
    assert fact_kind("街道将服务站建设作为抓手，今年将再建成2个服务站", "服务站", "个") == "target"
    assert fact_kind("计划开展培训，目前已培训300人次", "", "人次") == "achieved"
    assert [is_thing(o) for o in ("位置挪", "实付不", "加装电梯", "")] == [False, False, True, True]


def test_report_of_an_empty_warehouse(tmp_path: Path) -> None:
    from grassroots import warehouse
    from grassroots.app.report import write_report

    db = tmp_path / "empty.duckdb"
    with warehouse.open_writer(db, command="test"):
        pass
    res = write_report(db, tmp_path / "e.html", embed_font=False)
    assert res.charts == []
    assert res.notes.pop("facts")  # absent view (before issue 6) or no quantity
    assert res.notes == {"heatmap": "no dated story in this selection",
                         "timeline": "no dated initiative in this selection",
                         "categories": "no categorised, dated initiative in this selection",
                         "top": "no initiative in this selection", "sources": "no source has run yet",
                         "runs": "no run recorded"}
    assert "No input was rejected." in (tmp_path / "e.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- drawn in a real browser


def _can_embed_font() -> bool:
    from grassroots.app.report import FONT_CANDIDATES

    try:
        import fontTools  # noqa: F401
    except ImportError:
        return False
    return any(os.path.exists(p) for p, _ in FONT_CANDIDATES)


class _Proxy:
    """A loopback 'proxy' that records every request Chromium sends through it and answers none."""

    # Chromium's own background calls (update, time, accounts) that its flags do not silence
    BROWSER_HOSTS = ("google.com", "googleapis.com", "gstatic.com", "gvt1.com")

    def __init__(self) -> None:
        import socketserver
        import threading

        self.requests: list[str] = []
        seen = self.requests

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                seen.append(self.request.recv(300).split(b"\r\n")[0].decode("latin-1"))

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.port = self.server.server_address[1]

    def page_requests(self) -> list[str]:
        def host(line: str) -> str:
            target = line.split(" ")[1] if " " in line else line
            return re.sub(r"^\w+://", "", target).split("/")[0].split(":")[0]

        return [r for r in self.requests if not host(r).endswith(self.BROWSER_HOSTS)]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _chromium(args: list[str], profile: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
           # virtual time: the page's timers and promises run to completion before the dump
           "--virtual-time-budget=20000", "--hide-scrollbars", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def test_report_draws_every_chart_in_headless_chromium(report_file: Path, tmp_path: Path) -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):  # CI must run it: a missing install step should not pass silently
            pytest.fail("chromium not installed (apt-get install -y chromium fonts-noto-cjk)")
        pytest.skip("chromium not installed (apt-get install -y chromium fonts-noto-cjk)")
    url = report_file.as_uri()
    proxy = _Proxy()  # every request would go through it: the page must make none
    try:
        res = _chromium([f"--proxy-server=127.0.0.1:{proxy.port}", "--proxy-bypass-list=<-loopback>", "--dump-dom", url],
                        tmp_path / "profile")
    finally:
        proxy.close()
    assert proxy.page_requests() == []
    assert res.returncode == 0, res.stderr[-2000:]
    dom = res.stdout
    body = re.search(r'<body id="grassroots-report"([^>]*)>', dom).group(1)
    assert 'data-done="yes"' in body, "the page did not finish drawing"
    charts = re.findall(r'<div class="chart[^"]*" id="chart-(\w+)"([^>]*)>', dom)
    assert [c for c, _ in charts] == ["heatmap", "timeline", "categories", "sources", "rejects", "runs"]
    assert all('data-rendered="yes"' in attrs for _, attrs in charts), charts
    log = json.loads(re.search(r'<pre id="render-log"[^>]*>(.*?)</pre>', dom, re.S).group(1))
    assert log == {"errors": [], "warnings": []}
    # console errors as Chromium itself saw them (not only what the page caught)
    console = [ln for ln in res.stderr.splitlines() if ":CONSOLE" in ln]
    assert not [ln for ln in console if "ERROR:CONSOLE" in ln or "WARNING:CONSOLE" in ln], console
    # every chart is an SVG with marks; the heatmap has one rect per district x month cell
    assert dom.count('class="marks"') >= 6
    heat = dom[dom.index('id="chart-heatmap"'):dom.index('id="chart-timeline"')]
    cells = re.findall(r'<path aria-label="month: ([\d-]+); district: (\S+); stories: (\d+);[^"]*" role="graphics-symbol" '
                       r'aria-roledescription="rect mark"', heat)
    months = {m for m, _, _ in cells}
    assert len(cells) == len(months) * 12 and len(months) == 31  # 2021-07 .. 2024-01, 12 districts
    assert ("2023-06", "徐汇区", "1") in cells and sum(int(n) for _, _, n in cells) == 12
    assert "徐汇区" in heat  # the Chinese axis labels are text in the SVG

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    res = _chromium(["--window-size=1280,3000", f"--screenshot={shot}", url], tmp_path / "profile2")
    assert res.returncode == 0 and shot.stat().st_size > 50_000, res.stderr[-2000:]
    if os.environ.get("GRASSROOTS_UPDATE_DOCS_IMG"):  # refresh the README image: heatmap at the top
        img = REPO / "docs" / "img" / "heatmap.png"
        img.parent.mkdir(parents=True, exist_ok=True)
        _chromium(["--window-size=1000,640", f"--screenshot={img}", url], tmp_path / "profile3")


# ---------------------------------------------------------------- the command


def test_report_command(sample: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from grassroots.app.cli import app

    r = CliRunner().invoke(app, ["report", "--db", str(sample), "--out", str(tmp_path / "r.html"),
                                 "--district", "徐汇区"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "r.html").stat().st_size > 500_000  # the inlined Vega bundle alone is ~900 kB
    r = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "n.html")])
    assert r.exit_code == 2 and "no warehouse" in r.output
    r = CliRunner().invoke(app, ["report", "--db", str(sample), "--since", "2023-13-01"])
    assert r.exit_code == 2 and "not a date" in r.output


def test_top_initiatives_link_their_latest_stories_and_count_the_rest(sample: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The page does not grow with the warehouse: each initiative links a bounded number of stories."""
    import duckdb

    from grassroots.app import report

    con = duckdb.connect(str(sample), read_only=True)
    name, n, latest = con.execute(
        "select m.name, count(distinct m.doc_id), max(a.published_date) from initiative_mentions m "
        "join articles a using (doc_id) group by m.name having count(distinct m.doc_id) > 1 "
        "order by 2 desc, 1 limit 1").fetchone()
    con.close()
    monkeypatch.setattr(report, "LINKS_PER_INITIATIVE", 1)
    report.write_report(sample, tmp_path / "r.html", embed_font=False)
    top = (tmp_path / "r.html").read_text(encoding="utf-8").split('id="top"')[1].split("</section>")[0]
    row = next(r for r in top.split("<tr>") if r.startswith(f"<td>{name}</td>"))
    assert row.count("<a href=") == 1 and latest.isoformat() in row
    assert f"{n - 1} more in the view <code>initiative_mentions</code>" in row
