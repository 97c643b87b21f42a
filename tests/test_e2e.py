"""End to end through the Prefect flow into a real DuckDB file (issue 2 acceptance).

The CLI runs in-process against one Prefect API for the whole session
(prefect_harness); test_cli_subprocess.py runs it once as a user would.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import shutil
import struct
import time
import zlib
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from grassroots import warehouse
from grassroots.app.cli import app

pytestmark = pytest.mark.slow

SEED_DISTRICTS = ["长宁区", "长宁区", "闵行区", "黄浦区", "黄浦区"]


def cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def rows(db: Path, sql: str, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def snapshot(db: Path) -> dict:
    """Every data table's rows (the run log aside), for 'changes nothing' checks."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('core', 'ref') and table_type = 'BASE TABLE' "
            "and table_name not in ('runs', 'fetch_log') order by 1").fetchall()]
        return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in tables}
    finally:
        con.close()


@pytest.fixture
def seeds_copy(tmp_path, shared_seeds) -> Path:
    d = tmp_path / "seeds"
    shutil.copytree(shared_seeds, d)
    return d


def test_ingest_reference_seeds(prefect_harness, db, seeds_copy):
    r = cli("ingest", str(seeds_copy), "--db", str(db))
    assert r.exit_code == 0, r.output
    docs = rows(db, "select locator, district, title, published_date, date_precision, text from documents order by locator")
    assert len(docs) == 5
    assert [d[1] for d in docs] == SEED_DISTRICTS
    by = {Path(d[0]).name[:3]: d for d in docs}
    src = {p.name[:3]: p.read_text(encoding="utf-8") for p in seeds_copy.iterdir()}
    # titles of 000-003 are their headlines (taken from the files themselves, not copied here)
    assert by["000"][2] == src["000"].split("title: '")[1].split("'")[0]
    assert by["001"][2] == src["001"].strip().splitlines()[0].strip()
    assert by["002"][2] == [ln for ln in src["002"].splitlines() if ln.strip()][1].strip()
    assert by["003"][2] == next(ln[2:].strip() for ln in src["003"].splitlines() if ln.startswith("# "))
    assert (str(by["000"][3]), by["000"][4]) == ("2021-12-15", "day")
    assert (str(by["001"][3]), by["001"][4]) == ("2021-03-25", "day")
    assert by["002"][3] is None or by["002"][3].year != 2026
    related = src["002"].split("热点推荐")[1]
    headlines = [ln.strip() for ln in related.splitlines() if len(ln.strip()) > 12 and not ln.strip()[:4].isdigit()][:10]
    assert headlines and not any(h in by["002"][5] for h in headlines)
    assert "Notice:" not in by["002"][5] and "特别声明" not in by["002"][5]
    for d in docs:
        assert "http" not in d[5] and "扫描二维码" not in d[5] and "扫描关注" not in d[5]
    # each seed is one article (one sighting) and places point at the primary district
    assert rows(db, "select count(*), sum(sightings) from articles") == [(5, 5)]
    prim = rows(db, "select count(*) from article_places where is_primary")
    assert prim == [(5,)]

    # running the same command again changes no row; over unchanged files it is recorded
    # without starting a flow (no Prefect start-up for a run with nothing to do)
    before = snapshot(db)
    r = cli("ingest", str(seeds_copy), "--db", str(db))
    assert r.exit_code == 0, r.output
    assert snapshot(db) == before
    assert "discovered 5, read 0, unchanged 5" in r.output and "no flow run started" in r.output
    last = rows(db, "select state, flow_run_id, counts->>'$.flow' from core.runs order by started_at desc limit 1")
    assert last == [("completed", None, "false")]
    # GRASSROOTS_ALWAYS_FLOW=1: the same rerun through the flow (every run visible in Prefect)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRASSROOTS_ALWAYS_FLOW", "1")
        r = cli("ingest", str(seeds_copy), "--db", str(db))
    assert r.exit_code == 0 and "unchanged 5" in r.output and "no flow run started" not in r.output, r.output
    assert snapshot(db) == before
    # a file touched but not changed is checked by the flow: read again, found known, nothing added
    # but its new modification time, so the run after it is idle again
    touched = next(seeds_copy.glob("000_*"))
    touched.touch()
    r = cli("ingest", str(seeds_copy), "--db", str(db))
    assert r.exit_code == 0, r.output
    assert "discovered 5, read 1, unchanged 5" in r.output and "no flow run started" not in r.output
    after = snapshot(db)
    assert {t: v for t, v in after.items() if t != "core.raw_captures"} == \
        {t: v for t, v in before.items() if t != "core.raw_captures"}
    assert len(set(after["core.raw_captures"]) - set(before["core.raw_captures"])) == 1
    assert rows(db, "select count(*) from core.raw_captures where locator = ?", [str(touched)]) == [(1,)]
    r = cli("ingest", str(seeds_copy), "--db", str(db))
    assert r.exit_code == 0 and "discovered 5, read 0, unchanged 5" in r.output and "no flow run started" in r.output

    # a second copy of a seed under another name is a sighting, not an article
    extra = seeds_copy.parent / "mirror"
    extra.mkdir()
    shutil.copy(next(seeds_copy.glob("001_*")), extra / "repost-of-001.txt")
    r = cli("ingest", str(extra), "--db", str(db))
    assert r.exit_code == 0, r.output
    assert rows(db, "select count(*) from documents") == [(6,)]
    assert rows(db, "select count(*) from articles") == [(5,)]
    assert rows(db, "select max(sightings) from articles") == [(2,)]


def _png() -> bytes:
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_bad_inputs_become_rejects_and_keep_what_was_loaded(prefect_harness, db, tmp_path, shared_seeds):
    good = tmp_path / "in"
    good.mkdir()
    shutil.copy(next(shared_seeds.glob("000_*")), good / "good.md")
    assert cli("ingest", str(good), "--db", str(db)).exit_code == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.html").write_bytes(b"")
    (bad / "blank.md").write_text("   \n\n  \n")
    (bad / "image.html").write_bytes(_png())
    (bad / "garbage.txt").write_bytes(b"\x80\xff\xc3\x28" * 500)
    (bad / "broken-front-matter.md").write_text("---\ntitle: [unclosed\ndate: 2021-01-01\n---\n\n正文" + "社区" * 200)
    (bad / "huge.html").write_bytes(b"<html><body>" + b"<p>" + "加装电梯".encode() * 2_700_000 + b"</p></body></html>")
    links = "".join(f'<li><a href="/news/{i}.html">区内新闻第{i}条标题</a></li>' for i in range(60))
    (bad / "index.html").write_text(f"<html><head><title>新闻列表</title></head><body><ul>{links}</ul></body></html>")
    (bad / "404.html").write_text("<html><head><title>404</title></head><body><h1>页面不存在</h1><p>您访问的页面不存在或已被删除。</p><a href='/'>返回首页</a></body></html>")
    before_docs = rows(db, "select doc_id, text from documents")
    r = cli("ingest", str(bad), "--db", str(db))
    assert r.exit_code == 0, r.output
    assert "8 input(s) rejected (empty_input 2, no_content 2, bad_front_matter 1, binary_input 1, too_large 1, " \
           "undecodable 1)" in r.output
    got = dict(rows(db, "select regexp_extract(locator, '[^/]+$'), reason from rejects"))
    assert got == {
        "empty.html": "empty_input",
        "blank.md": "empty_input",
        "image.html": "binary_input",
        "garbage.txt": "undecodable",
        "broken-front-matter.md": "bad_front_matter",
        "huge.html": "too_large",
        "index.html": "no_content",
        "404.html": "no_content",
    }
    assert all(d for (d,) in rows(db, "select detail from rejects"))
    assert rows(db, "select doc_id, text from documents") == before_docs


def test_a_scheduled_run_over_a_missing_folder_fails_and_status_says_so(prefect_harness, tmp_path, shared_seeds,
                                                                       monkeypatch, capfd):
    from flows.scheduled import scheduled_ingest
    from grassroots.app.status import read_status

    here = tmp_path / "here"
    here.mkdir()
    shutil.copy(next(shared_seeds.glob("000_*")), here / "a.md")
    cfg = tmp_path / "sources.toml"
    cfg.write_text('[[sources]]\nname = "local"\nkind = "files"\nschedule = "0 6 * * *"\n'
                   'paths = ["here", "gone"]\n', encoding="utf-8")
    db = tmp_path / "wh" / "g.duckdb"
    monkeypatch.setenv("GRASSROOTS_ANNOUNCE", "1")  # as under `grassroots serve`: a line at start and end
    capfd.readouterr()
    # a terminal of our own beside Prefect's (whose stream pytest may have swapped)
    terminal = io.StringIO()
    console = logging.StreamHandler(terminal)
    console.setLevel(logging.WARNING)
    logging.getLogger("prefect").addHandler(console)
    try:
        state = scheduled_ingest(source="local", db=str(db), config=str(cfg), return_state=True)
    finally:
        logging.getLogger("prefect").removeHandler(console)
    assert state.is_failed()
    err = capfd.readouterr().err
    lines = [ln for ln in err.splitlines() if re.match(r"\d\d:\d\d:\d\d run ", ln)]
    assert len(lines) == 2 and "started: scheduled local" in lines[0], lines
    # the failure is the run's own lines; Prefect's report of it, with two tracebacks, goes to the API only
    shown = terminal.getvalue()
    assert "configured path does not exist" in shown and "Traceback" not in shown, shown
    assert "failed in" in lines[1] and "new 1, duplicate 0, rejected 1, failed batches 1" in lines[1], lines
    (st, counts), = rows(db, "select state, counts from runs")
    assert st == "failed"
    assert f"configured path does not exist: {tmp_path / 'gone'}" in counts
    assert rows(db, "select count(*) from documents") == [(1,)]  # the folder that exists is still read
    status = read_status(db)
    assert not status.healthy
    assert any("configured path does not exist" in f["error"] for f in status.failures)


def test_missing_path_and_unwritable_db_are_one_line_errors(tmp_path):
    r = CliRunner().invoke(app, ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code == 2
    assert "no such file or folder" in r.output and "Traceback" not in r.output
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(blocker / "x.duckdb")])
    assert r.exit_code == 2
    assert "cannot create the warehouse folder" in r.output and "Traceback" not in r.output


def test_run_sample_corpus_and_sql_formats(prefect_harness, db):

    from grassroots.app.status import read_status

    t0 = time.monotonic()
    r = cli("run", "--db", str(db))
    wall = time.monotonic() - t0
    assert r.exit_code == 0, r.output
    # the seconds the CLI reported are the run's recorded wall time (what status shows), and
    # cover the whole command, Prefect's start included
    said = float(re.search(r"finished in ([0-9.]+) s", r.output).group(1))
    recorded = read_status(db).runs[0]["seconds"]
    assert f"{recorded:.1f}" == f"{said:.1f}" and wall - 3.0 <= recorded <= wall
    n_files = len([p for p in (Path(__file__).resolve().parents[1] / "seeds" / "corpus").rglob("*") if p.is_file()])
    (total_docs,) = rows(db, "select count(*) from documents")[0]
    (rejected,) = rows(db, "select count(*) from rejects")[0]
    assert total_docs + rejected == n_files and total_docs >= 12
    assert rows(db, "select (select count(*) from articles) < (select count(*) from documents)") == [(True,)]
    res = CliRunner().invoke(app, ["sql", "select district, count(*) as n from articles group by 1 order by 1",
                                   "--db", str(db), "--format", "csv"])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0] == "district,n"
    parsed = list(csv.reader(io.StringIO(res.stdout)))
    assert len({r[0] for r in parsed[1:]}) >= 5
    res = CliRunner().invoke(app, ["sql", "drop table core.documents", "--db", str(db)])
    assert res.exit_code == 2 and "refused" in res.output
    with warehouse.open_writer(db) as con:
        assert con.execute("select count(*) from core.documents").fetchone()[0] == total_docs


def _edited_repost(text: str) -> str:
    """A re-post as mirrors make them: new lead line, a dropped paragraph, an editor line,
    full-width punctuation turned half-width (and back), different chrome."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    title, body = lines[0], lines[2:]
    paras = [p for p in body if len(p) > 40]
    kept = paras[:3] + paras[4:]  # one paragraph dropped
    swapped = [p.replace(",", "，").replace(":", "：") for p in kept]
    return "\n\n".join(["首页 > 本地新闻 > 正文", title, "来源：某某客户端 2021-03-25", "（本网讯）" + swapped[0],
                        *swapped[1:], "（编辑：某某）", "相关阅读", "另一条无关的新闻标题在这里出现"]) + "\n"


def test_edited_repost_joins_its_story(prefect_harness, db, seeds_copy, tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    src = next(seeds_copy.glob("001_*")).read_text(encoding="utf-8")
    (mirror / "mirror-001.txt").write_text(_edited_repost(src), encoding="utf-8")
    assert cli("ingest", str(seeds_copy), "--db", str(db)).exit_code == 0
    # a later run: the edited copy attaches to the story loaded earlier
    r = cli("ingest", str(mirror), "--db", str(db))
    assert r.exit_code == 0, r.output
    assert rows(db, "select count(*) from documents") == [(6,)]
    assert rows(db, "select count(*) from articles") == [(5,)]
    (cid, n) = rows(db, "select cluster_id, sightings from articles where sightings > 1")[0]
    kinds = rows(db, "select match_kind, similarity from sightings where cluster_id = ? order by match_kind", [cid])
    assert n == 2 and kinds[0][0] == "first" and kinds[1][0] == "near" and 0 < kinds[1][1] < 1
    # the run's counts say how many stored documents the new one was checked against
    counts = json.loads(rows(db, "select counts from runs order by started_at desc limit 1")[0][0])
    assert counts["total"]["candidates"] == {"p50": 1, "p99": 1, "max": 1}


def test_a_failed_batch_fails_the_run_but_not_the_other_batches(prefect_harness, db, seeds_copy, monkeypatch):
    from flows import ingest as ingest_mod
    from flows import tasks
    from grassroots.run import pipeline

    real = pipeline.process_one

    def poisoned(raw):
        if Path(raw.locator).name.startswith("002_"):
            raise RuntimeError("extractor exploded on 002")
        return real(raw)

    monkeypatch.setattr(pipeline, "process_one", poisoned)
    monkeypatch.setattr(ingest_mod.tasks, "extract_batch", tasks.extract_batch.with_options(retries=0))
    r = CliRunner().invoke(app, ["ingest", str(seeds_copy), "--db", str(db), "--batch-size", "1"])
    assert r.exit_code == 1
    # the run's own report (summary lines and the error line) names the real cause, never "PENDING";
    # Prefect's log lines are left out: its console handler may still point at an earlier
    # CliRunner's closed stream in this process and then dumps whole records ("Logging error")
    ours = [ln for ln in r.output.splitlines() if ln.startswith(("cli:", "error:"))]
    assert any("extractor exploded on 002" in ln for ln in ours) and not any("PENDING" in ln for ln in ours), ours
    assert rows(db, "select count(*) from documents") == [(4,)]  # the batches after the failed one loaded
    assert rows(db, "select state from runs") == [("failed",)]


def test_a_run_that_fragments_the_file_compacts_it_and_counts_it(prefect_harness, db, seeds_copy, monkeypatch):
    # one load per input; from the third on, each leaves two small row groups and is followed by
    # a compaction (compact_after = 2); the run's counts keep how many
    monkeypatch.setenv("GRASSROOTS_COMPACT_AFTER", "2")
    r = CliRunner().invoke(app, ["ingest", str(seeds_copy), "--db", str(db), "--batch-size", "1"])
    assert r.exit_code == 0, r.output
    counts = json.loads(rows(db, "select counts from runs")[0][0])
    assert counts["total"]["compactions"] >= 1
    assert rows(db, "select count(*) from documents") == [(5,)]
    con = duckdb.connect(str(db), read_only=True)
    try:
        groups = con.execute("select count(distinct row_group_id) from pragma_storage_info('core.raw_captures')").fetchone()[0]
    finally:
        con.close()
    assert groups <= 2
