"""Reliability matrix, storage rows (docs/RELIABILITY.md, reliability.md section 7).

Real DuckDB files and real child processes: a child loads batches through
grassroots.run.pipeline and pauses at a chosen point (a hook writes a "ready" file and
sleeps), the parent then kills it, competes with it, or queries while it holds the
warehouse. Rows: 31 (local symlink), 32, 47, 48, 49, 50, 51, 53, 54, 55, 56.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from grassroots import warehouse
from grassroots.app.cli import app
from grassroots.config import Settings, Source
from grassroots.models import Batch
from grassroots.run import pipeline
from grassroots.warehouse import recovery

pytestmark = pytest.mark.reliability

REPO = Path(__file__).resolve().parents[1]

# Eight short community stories written for these tests (invented places and people).
STORIES = [
    ("浦东新区", "2025-03-02", "塘桥街道楼组议事会商定加装电梯分摊办法",
     "浦东新区塘桥街道蓝村小区的楼组议事会上周召开第三次会议，十二户居民就加装电梯的费用分摊达成一致，"
     "一楼住户不出资，六楼住户出资最多。街道自治办派人全程记录，会后把方案贴在楼道公告栏。"),
    ("徐汇区", "2025-03-05", "湖南路街道居民认领梧桐树下的花箱",
     "徐汇区湖南路街道在武康路沿线摆放了四十个花箱，由附近居民报名认领，每户负责浇水和换季补种。"
     "认领名单和养护日历挂在居委会门口，街道每季度评选一次养护最用心的家庭。"),
    ("静安区", "2025-03-08", "临汾路街道睦邻中心开设修补课堂",
     "静安区临汾路街道睦邻中心每周六上午开设修补课堂，退休的电工和裁缝轮流坐班，教居民修小家电、缝补衣服。"
     "中心负责人说，课堂开办两个月，登记修好的物件已有二百多件。"),
    ("杨浦区", "2025-03-11", "控江路街道社区食堂试行夜间助餐",
     "杨浦区控江路街道社区食堂本月试行夜间助餐，晚上五点到七点供应三荤三素，高龄老人凭卡享受补贴。"
     "食堂每周收集居民意见，调整菜单口味，并为行动不便的老人安排志愿者送餐。"),
    ("闵行区", "2025-03-14", "江川路街道设立家门口法律服务点",
     "闵行区江川路街道在社区活动中心设立法律服务点，每周三下午由律师志愿者接待居民咨询，"
     "内容涉及物业纠纷、遗产继承和劳动合同。服务点开放以来已接待咨询一百五十余人次。"),
    ("长宁区", "2025-03-17", "仙霞新村街道把闲置车棚改成共享书房",
     "长宁区仙霞新村街道将一处闲置多年的自行车棚改造为共享书房，书架上的两千多册图书由居民捐赠，"
     "书房由楼组长和学生志愿者轮值管理，晚上九点前都可以进来看书。"),
    ("普陀区", "2025-03-20", "曹杨新村街道为独居老人安装智能水表",
     "普陀区曹杨新村街道为辖区内一百二十户独居老人安装了智能水表，连续十二小时用水异常时，"
     "系统会提醒居委会干部上门查看。街道表示，这项服务由居民区书记逐户上门征求意见后才推开。"),
    ("虹口区", "2025-03-23", "欧阳路街道组织居民共治小区停车",
     "虹口区欧阳路街道针对老小区停车难，组织居民、物业和业委会三方协商，重新划定了六十个车位，"
     "并约定夜间错峰停车规则。协商过程中的每一版方案都在小区微信群公示，收集意见后再修改。"),
]


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (district, day, title, body) in enumerate(STORIES, start=1):
        text = (f"---\ntitle: {title}\ndate: {day}\n---\n\n{body}\n\n"
                f"记者在{district}采访时看到，这项做法得到了居民的普遍支持，下一步还将继续完善。\n")
        (folder / f"story{i:02d}.md").write_text(text, encoding="utf-8")
    return folder


# 3 stories per batch: 8 stories -> batches 1, 2, 3 (3 + 3 + 2)
BATCH = 3


def make_batches(corpus: Path, settings: Settings) -> list[Batch]:
    """The corpus read and extracted into batches, as the ingest flow does."""
    from grassroots.sources.files import discover_files

    refs, _ = discover_files("rel", [str(corpus)])
    refs = sorted(refs, key=lambda r: r.locator)
    src = Source(name="rel", kind="files")
    return [pipeline.process_batch(pipeline.read_batch(src, i, chunk, settings))
            for i, chunk in enumerate(pipeline.plan_batches(refs, BATCH), start=1)]


def snapshot(db: Path) -> dict:
    """Content of the warehouse (no timestamps): what 'equal to a serial run' compares."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = {
            "documents": "select doc_id, locator, title, published_date, district, text from core.documents order by 1",
            "raw_blobs": "select sha256, size_bytes from core.raw_blobs order by 1",
            "raw_captures": "select capture_id, locator, sha256 from core.raw_captures order by 1",
            "places": "select doc_id, district, subdistrict, mentions from core.document_places order by 1, 2, 3",
            "articles": "select count(*), sum(sightings) from articles",
        }
        return {k: con.execute(v).fetchall() for k, v in q.items()}
    finally:
        con.close()


class Kit:
    """The corpus, its batches (extracted once, pickled for the children) and the
    warehouse content of one clean serial load: shared by every test of this module."""

    def __init__(self, root: Path) -> None:
        self.corpus = write_corpus(root / "corpus")
        settings = Settings(db=root / "serial" / "g.duckdb")
        self.batches = make_batches(self.corpus, settings)
        assert [len(b.documents) for b in self.batches] == [3, 3, 2]
        self.pickle = root / "batches.pickle"
        self.pickle.write_bytes(pickle.dumps(self.batches))
        for b in self.batches:
            pipeline.load(b, settings)
        self.serial = snapshot(settings.db)

    def load(self, db: Path, numbers=(1, 2, 3), **kw) -> list[int]:
        settings = Settings(db=db, **kw)
        return [pipeline.load(self.batches[n - 1], settings).documents_new for n in numbers]


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Kit:
    return Kit(tmp_path_factory.mktemp("kit"))


# ---------------------------------------------------------------- child processes

CHILD = r'''
import json, os, pickle, resource, signal, sys, time
from pathlib import Path
from grassroots import warehouse
from grassroots.warehouse import clusters as clustering
from grassroots.models import Batch, RawInput, utcnow

mode, db, batches_file, ready = sys.argv[1:5]
extra = sys.argv[5:]
db = Path(db)

def pause(tag, seconds=300):
    Path(ready).write_text(tag)
    time.sleep(seconds)

def load(b):  # what pipeline.load does (the child skips importing the extractors)
    with warehouse.open_writer(db, timeout=60, command=f"load {b.source}#{b.batch_no}") as con:
        return warehouse.load_batch(con, b)

batches = pickle.loads(Path(batches_file).read_bytes()) if batches_file != "-" else []

if mode == "kill-mid-load":  # batch 1 commits; batch 2 pauses inside its transaction, rows inserted
    real = clustering.assign_clusters
    def hook(con, ids, *a, **kw):
        out = real(con, ids, *a, **kw)
        n = con.execute("select count(*) from core.documents").fetchone()[0]
        pause(f"inside transaction, {n} documents visible to it")
        return out
    for b in batches:
        if b.batch_no == 2:
            clustering.assign_clusters = hook
        load(b)
elif mode == "kill-after-commit":  # batch 2 committed, the process dies before CHECKPOINT
    real = warehouse.load_batch
    def hook(con, batch, **kw):
        out = real(con, batch, **kw)
        if batch.batch_no == 2:
            pause("committed, not checkpointed")
        return out
    warehouse.load_batch = hook
    for b in batches:
        load(b)
elif mode == "writer":  # load everything; log each load's interval (CLOCK_MONOTONIC is system-wide)
    log = Path(extra[0])
    for b in batches:
        with warehouse.open_writer(db, timeout=60, command=f"load #{b.batch_no}") as con:
            t0 = time.monotonic()
            time.sleep(0.05)  # widen the window in which an overlap would show
            warehouse.load_batch(con, b)
            t1 = time.monotonic()
        with open(log, "a") as f:
            f.write(json.dumps({"pid": os.getpid(), "batch": b.batch_no, "t0": t0, "t1": t1}) + "\n")
elif mode == "hold":  # hold the warehouse open for writing for N seconds, then finish normally
    with warehouse.open_writer(db, command="hold for test"):
        pause("holding", float(extra[0]))
elif mode == "fsize":  # a file-size limit stands in for a full disk
    limit = int(extra[0])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    rnd = [RawInput(source="big", locator=f"/big/{i}.html", data=os.urandom(256 * 1024), fetched_at=utcnow())
           for i in range(32)]
    try:
        load(Batch(source="big", batch_no=1, raws=rnd))
    except Exception as e:
        print(f"{type(e).__name__}: {str(e).splitlines()[0]}", file=sys.stderr)
        sys.exit(1)
elif mode == "migrate-kill":  # a migration pauses midway, inside the migration transaction
    import duckdb
    class Pausing:
        def __init__(self, con): self.con = con
        def execute(self, q, *a):
            out = self.con.execute(q, *a)
            if "pause-here" in q:
                pause("migrating")
            return out
        def __getattr__(self, name): return getattr(self.con, name)
    con = duckdb.connect(str(db))
    warehouse.migrate(Pausing(con), Path(extra[0]))
else:
    sys.exit(f"unknown mode {mode}")
'''


def child(mode: str, db: Path, batches_file: Path | str, ready: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, mode, str(db), str(batches_file), str(ready), *extra],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_ready(p: subprocess.Popen, ready: Path, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready.exists() and ready.read_text():
            return ready.read_text()
        if p.poll() is not None:
            raise AssertionError(f"child exited {p.returncode} before it was ready:\n{p.stderr.read()}")
        time.sleep(0.05)
    p.kill()
    raise AssertionError("child never got ready")


def kill9(p: subprocess.Popen) -> None:
    os.kill(p.pid, signal.SIGKILL)
    p.wait(30)
    assert p.returncode == -signal.SIGKILL
    p.stdout.close()
    p.stderr.close()


def doc_locators(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [Path(r[0]).name for r in con.execute("select locator from core.documents order by 1").fetchall()]
    finally:
        con.close()


# ---------------------------------------------------------------- row 47: kill -9 mid-load


def test_kill9_mid_load_loses_only_that_batch_and_rerun_loads_it_once(tmp_path, kit):  # row 47
    db = tmp_path / "wh" / "g.duckdb"
    ready = tmp_path / "ready"
    p = child("kill-mid-load", db, kit.pickle, ready)
    note = wait_ready(p, ready)
    assert note == "inside transaction, 6 documents visible to it"  # batch 2 was written, not committed
    kill9(p)
    # the OS released the file lock with the process: a writer gets in at once
    with warehouse.writer_lock(db, timeout=1):
        pass
    assert doc_locators(db) == ["story01.md", "story02.md", "story03.md"]  # batch 1 intact, batch 2 absent
    assert kit.load(db) == [0, 3, 2]  # the rerun: batch 2 loaded once
    assert kit.load(db) == [0, 0, 0]
    assert snapshot(db) == kit.serial


# ---------------------------------------------------------------- row 48: kill -9 after COMMIT, before CHECKPOINT


def test_kill9_after_commit_before_checkpoint_replays_the_wal(tmp_path, kit):  # row 48
    db = tmp_path / "wh" / "g.duckdb"
    ready = tmp_path / "ready"
    p = child("kill-after-commit", db, kit.pickle, ready)
    wait_ready(p, ready)
    kill9(p)
    wal = recovery.wal_path(db)
    assert wal.exists() and wal.stat().st_size > 0  # batch 2 lives only in the WAL
    assert recovery.inspect_wal(db).status == "complete"
    assert len(doc_locators(db)) == 6  # replayed on open: batch 2 present
    assert kit.load(db) == [0, 0, 2]  # no duplicates of batches 1 and 2
    assert snapshot(db) == kit.serial


# ---------------------------------------------------------------- row 49: two concurrent writers


def test_two_writer_processes_are_serialised_and_equal_a_serial_run(tmp_path, kit):  # row 49
    db = tmp_path / "wh" / "g.duckdb"
    log = tmp_path / "loads.jsonl"
    procs = [child("writer", db, kit.pickle, tmp_path / f"ready{i}", str(log)) for i in (1, 2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert "Traceback" not in err
    loads = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(loads) == 6 and len({x["pid"] for x in loads}) == 2
    spans = sorted((x["t0"], x["t1"]) for x in loads)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start >= end, "two loads overlapped in time"
    assert snapshot(db) == kit.serial


# ---------------------------------------------------------------- row 50: query during a load


def test_sql_during_a_write_waits_or_says_busy(tmp_path, kit):  # row 50
    db = tmp_path / "wh" / "g.duckdb"
    kit.load(db, [1])
    ready = tmp_path / "ready"
    p = child("hold", db, "-", ready, "2")
    wait_ready(p, ready)
    t0 = time.monotonic()
    r = CliRunner().invoke(app, ["sql", "select count(*) as n from documents", "--db", str(db), "--wait", "0.3"])
    assert r.exit_code == 3, r.output
    assert "a write is in progress" in r.output and f"PID {p.pid}" in r.output and "hold for test" in r.output
    assert "Traceback" not in r.output and isinstance(r.exception, SystemExit)
    # waiting longer than the write lasts: the answer comes once the writer is done
    r = CliRunner().invoke(app, ["sql", "select count(*) as n from documents", "--db", str(db), "--wait", "30",
                                 "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == ["n", "3"] and time.monotonic() - t0 >= 1.5
    p.communicate(timeout=30)
    assert p.returncode == 0


# ---------------------------------------------------------------- row 51: disk full


@pytest.mark.parametrize("room", ["wal", "checkpoint"])
def test_disk_full_is_surfaced_and_loses_nothing_committed(tmp_path, kit, room):  # row 51
    """The batch is 8 MiB of random bytes. 'wal': every file may grow to 4 MiB only, so the
    commit's WAL write fails; 'checkpoint': the WAL fits but the data file may grow by
    2 MiB only, so the commit succeeds and the CHECKPOINT after it fails."""
    db = tmp_path / "wh" / "g.duckdb"
    kit.load(db, [1])
    before = snapshot(db)
    limit = 4 * 1024 * 1024 if room == "wal" else db.stat().st_size + 2 * 1024 * 1024
    p = child("fsize", db, "-", tmp_path / "ready", str(limit))
    _, err = p.communicate(timeout=120)
    assert p.returncode == 1, err
    assert "File too large" in err and "Traceback" not in err
    con = duckdb.connect(str(db), read_only=True)
    big = con.execute("select count(*) from core.raw_blobs where size_bytes = 262144").fetchone()[0]
    con.close()
    if room == "wal":
        assert "Failed to commit" in err
        assert big == 0 and snapshot(db) == before  # rolled back; what was committed is readable
        assert recovery.inspect_wal(db).status in ("absent", "complete")
    else:
        assert "Failed to create checkpoint" in err
        # committed before the disk filled: durable (replayed from the WAL), all of it
        assert big == 32 and snapshot(db)["documents"] == before["documents"]
    assert kit.load(db, [2]) == [3]  # with room again the same warehouse takes the next batch


# ---------------------------------------------------------------- row 53: duplicate keys inside one batch


def test_duplicate_keys_inside_one_batch_load_once(tmp_path, kit):  # row 53
    db = tmp_path / "wh" / "g.duckdb"
    b = kit.batches[0]
    doubled = Batch(source=b.source, batch_no=1, raws=b.raws + b.raws, documents=b.documents + b.documents,
                    rejects=b.rejects + b.rejects)
    r = pipeline.load(doubled, Settings(db=db))
    assert r.documents_new == 3 and r.raw_new == 3
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*), count(distinct locator) from core.raw_captures").fetchone() == (3, 3)
    assert con.execute("select max(sightings) from articles").fetchone() == (1,)
    con.close()


# ---------------------------------------------------------------- rows 54, 55: migrations


def _added_columns(last: str) -> list[str]:
    """Columns that migrations after `last` add to existing tables."""
    return [c for p in sorted((REPO / "sql" / "migrations").glob("*.sql")) if p.name[:4] > last
            for c in re.findall(r"alter\s+table\s+\S+\s+add\s+column\s+(\w+)", p.read_text(), re.IGNORECASE)]


def _sql_upto(tmp_path: Path, last: str) -> Path:
    """A copy of sql/ holding only the migrations up to `last` (an older release)."""
    sql = tmp_path / f"sql-upto-{last}"
    shutil.copytree(REPO / "sql", sql)
    added = _added_columns(last)
    for p in (sql / "migrations").glob("*.sql"):
        if p.name[:4] > last:
            p.unlink()
    # that release's views did not select the columns the later migrations add (`, d.script`)
    for v in (sql / "views").glob("*.sql"):
        text = v.read_text(encoding="utf-8")
        for col in added:
            text = re.sub(rf",\s*\w+\.{col}\b(?!\s*(?:=|<|>|is\b))", "", text)
            text = re.sub(rf"(?m)^--\s+{col}:.*\n(?:--\s{{5,}}.*\n)*", "", text)  # its header description
        v.write_text(text, encoding="utf-8")
    return sql


def test_existing_warehouse_migrates_forward_with_data_kept(tmp_path, kit, monkeypatch):  # row 54
    from grassroots.warehouse import clusters as clustering

    db = tmp_path / "wh" / "g.duckdb"
    files = sorted(p.name for p in (REPO / "sql" / "migrations").glob("*.sql"))
    assert len(files) >= 2
    old = _sql_upto(tmp_path, files[-2][:4])  # the release before the newest migration
    if files[-2][:4] < "0030":  # a release before 0030: its views read no maintained column
        from test_views_maintained import ORACLE

        for name, body in ORACLE.items():
            (old / "views" / f"{name}.sql").write_text(f"create or replace view {name} as {body};\n")
    if files[-2][:4] < "0050":  # a release before 0050: mentions had no full_name
        from grassroots.warehouse import load as loader

        v = old / "views" / "initiative_mentions.sql"
        v.write_text(v.read_text(encoding="utf-8").replace(", i.full_name", ""), encoding="utf-8")
        monkeypatch.setattr(loader, "_MENTION_SCHEMA",
                            pa.schema([f for f in loader._MENTION_SCHEMA if f.name != "full_name"]))
    if files[-2][:4] < "0090":  # a release before 0090: a refusal kept its first time only
        from grassroots.warehouse import load as loader

        (old / "views" / "rejects.sql").write_text(
            'create or replace view rejects as select source, locator, stage, reason, detail, "at", raw_sha256 '
            "from core.rejects;\n", encoding="utf-8")
        monkeypatch.setattr(loader, "_REJECT_SCHEMA",
                            pa.schema([f for f in loader._REJECT_SCHEMA if f.name != "last_at"]))
    # the older release had no near-duplicate clustering (its tables come with the newest migration)
    monkeypatch.setattr(clustering, "assign_clusters", lambda *a, **kw: {})
    # ... and did not write the columns the newest migration adds
    from grassroots.warehouse import load as loading

    added = set(_added_columns(files[-2][:4]))
    monkeypatch.setattr(loading, "_DOC_SCHEMA", pa.schema([f for f in loading._DOC_SCHEMA if f.name not in added]))
    assert kit.load(db, [1, 2], sql_dir=old) == [3, 3]
    monkeypatch.undo()
    con = duckdb.connect(str(db), read_only=True)
    assert [r[0] for r in con.execute("select version from core.schema_migrations order by 1").fetchall()] == \
        [f[:4] for f in files[:-1]]
    con.close()
    before = snapshot(db)["documents"]
    with warehouse.open_writer(db) as con:  # the current code
        versions = [r[0] for r in con.execute("select version from core.schema_migrations order by 1").fetchall()]
        assert versions == [f[:4] for f in files]
        assert warehouse.migrate(con, REPO / "sql" / "migrations") == []  # re-run: nothing to do
    assert snapshot(db)["documents"] == before
    assert kit.load(db, [3]) == [2]


def test_migration_killed_midway_leaves_the_old_schema_and_retries(tmp_path, kit):  # row 55 (kill)
    db = tmp_path / "wh" / "g.duckdb"
    sql = tmp_path / "sql"
    shutil.copytree(REPO / "sql", sql)
    kit.load(db, [1], sql_dir=sql)
    mig = sql / "migrations"
    (mig / "0900_first.sql").write_text("create table core.extra_a (x int);\ninsert into core.extra_a values (1);\n")
    (mig / "0901_second.sql").write_text("-- pause-here\ncreate table core.extra_b (x int);\n")
    ready = tmp_path / "ready"
    p = child("migrate-kill", db, "-", ready, str(mig))
    wait_ready(p, ready)
    kill9(p)
    con = duckdb.connect(str(db), read_only=True)
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert "extra_a" not in tables and "extra_b" not in tables
    assert con.execute("select max(version) from core.schema_migrations").fetchone()[0] < "0900"
    con.close()
    assert len(doc_locators(db)) == 3
    # the next run applies both, once
    with warehouse.open_writer(db, sql_dir=sql) as con:
        assert con.execute("select count(*) from core.schema_migrations where version >= '0900'").fetchone() == (2,)
        assert con.execute("select count(*) from core.extra_a").fetchone() == (1,)
    with warehouse.open_writer(db, sql_dir=sql) as con:
        assert warehouse.migrate(con, mig) == []


def test_failed_migration_error_is_one_line_and_next_run_retries(tmp_path):  # row 55 (raise)
    db = tmp_path / "wh" / "g.duckdb"
    sql = tmp_path / "sql"
    shutil.copytree(REPO / "sql", sql)
    with warehouse.open_writer(db, sql_dir=sql):
        pass
    bad = sql / "migrations" / "0900_add.sql"
    bad.write_text("create table core.extra (x int); alter table core.nope add column y int;")
    with pytest.raises(warehouse.MigrationError) as e, warehouse.open_writer(db, sql_dir=sql):
        pass
    assert "0900_add.sql failed" in str(e.value) and "\n" not in str(e.value)
    bad.write_text("create table core.extra (x int);")  # fixed before it was ever applied
    with warehouse.open_writer(db, sql_dir=sql) as con:
        assert con.execute("select count(*) from core.extra").fetchone() == (0,)


# ---------------------------------------------------------------- row 56: damaged WAL


@pytest.fixture
def crashed(tmp_path, kit) -> Path:
    """A warehouse whose writer was killed after committing batch 2, before CHECKPOINT."""
    db = tmp_path / "wh" / "g.duckdb"
    ready = tmp_path / "ready"
    p = child("kill-after-commit", db, kit.pickle, ready)
    wait_ready(p, ready)
    kill9(p)
    assert recovery.inspect_wal(db).status == "complete"
    return db


def _tear(wal: Path) -> bytes:
    """Cut the log about halfway, inside an entry. The entries' sizes vary from run to run, and a
    cut that lands on a boundary (about 1 run in 100) leaves a shorter complete log, not a torn
    one: then the cut is one byte earlier."""
    data = wal.read_bytes()
    cut = len(data) // 2
    wal.write_bytes(data[:cut])
    if recovery.inspect_wal(wal.with_suffix("")).status == "complete":
        cut -= 1
        wal.write_bytes(data[:cut])
    return data[:cut]


def test_torn_wal_is_detected_and_kept(crashed):  # row 56 (library part)
    db = crashed
    wal = recovery.wal_path(db)
    half = _tear(wal)
    info = recovery.inspect_wal(db)
    assert info.status == "torn" and info.complete_bytes < info.size
    with pytest.raises(recovery.WalDamaged) as e:
        recovery.connect_writer(db)
    msg = str(e.value)
    assert "\n" not in msg and "cut short" in msg and "To recover" in msg and "accept-wal" in msg
    assert wal.read_bytes() == half  # never deleted, never touched
    kept = list(wal.parent.glob(wal.name + ".kept-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == half
    with pytest.raises(recovery.WalDamaged):  # asking again keeps no second copy
        recovery.connect_writer(db)
    assert len(list(wal.parent.glob(wal.name + ".kept-*"))) == 1
    # the human decision: replay what is intact; the damaged original stays kept
    assert recovery.main(["accept-wal", str(db)]) == 0
    con = recovery.connect_writer(db)
    n = con.execute("select count(*) from core.documents").fetchone()[0]
    con.close()
    assert 3 <= n <= 6  # batch 1 (checkpointed) always; batch 2 only if its commit was before the cut
    assert kept[0].read_bytes() == half


def _corrupt(wal: Path) -> bytes:
    """Flip 8 bytes about two thirds in, inside an entry's payload. Where they land varies from
    run to run, and about 2 % of places are an entry's size field: the log then walks as torn or
    implausible, not as a log whose entry fails its checksum; then the flip moves 16 bytes on."""
    clean = wal.read_bytes()
    i = len(clean) * 2 // 3
    while True:
        data = bytearray(clean)
        data[i:i + 8] = bytes(b ^ 0xFF for b in data[i:i + 8])
        wal.write_bytes(bytes(data))
        if recovery.inspect_wal(wal.with_suffix("")).status == "complete":
            return bytes(data)
        i += 16


def test_corrupt_wal_open_fails_with_recovery_steps_and_keeps_the_log(crashed):  # row 56
    wal = recovery.wal_path(crashed)
    data = _corrupt(wal)
    with pytest.raises(recovery.WalDamaged) as e:
        recovery.connect_writer(crashed)
    assert "could not be replayed" in str(e.value) and "Corrupt WAL file" in str(e.value)
    assert wal.read_bytes() == bytes(data)


def test_open_writer_refuses_a_torn_wal_and_never_deletes_it(crashed):  # row 56 (grassroots path)
    wal = recovery.wal_path(crashed)
    _tear(wal)
    # duckdb 1.4.4 alone opens this silently, drops the tail and deletes the log
    with pytest.raises(warehouse.WarehouseError, match="To recover"), warehouse.open_writer(crashed):
        pass
    assert wal.exists()


# ---------------------------------------------------------------- row 31 (local part), row 32


def test_symlink_out_of_the_source_folder_is_refused(tmp_path):  # row 31
    corpus = write_corpus(tmp_path / "corpus")
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("---\ntitle: 不该读到\n---\n\n" + "机密内容" * 50, encoding="utf-8")
    (corpus / "link.md").symlink_to(secret)
    (corpus / "etc").symlink_to("/etc")
    from grassroots.sources.files import discover_files

    refs, rejects = discover_files("rel", [str(corpus)])
    assert len(refs) == len(STORIES)
    assert all(Path(r.locator).is_relative_to(corpus.resolve()) for r in refs)
    assert [(Path(r.locator).name, r.reason) for r in rejects] == [("link.md", "unreadable")]
    assert "outside the source folder" in rejects[0].detail


@pytest.mark.parametrize("args", [
    ["--since", "x'); DROP TABLE core.documents;--"],
    ["--until", "2024-01-01' OR 1=1 --"],
    ["--source", "x'); DROP TABLE core.documents;--"],
])
def test_hostile_flag_values_never_reach_sql(tmp_path, args):  # row 32
    db = tmp_path / "wh" / "g.duckdb"
    with warehouse.open_writer(db):
        pass
    before = db.stat().st_mtime_ns
    r = CliRunner().invoke(app, ["run", "--db", str(db), *args])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "not a date" in r.output or "unknown source" in r.output
    assert db.stat().st_mtime_ns == before
