"""The spool between extract and load (grassroots.run.spool), and the flow's use of it."""

from __future__ import annotations

import stat
from pathlib import Path

import duckdb
import pytest

from grassroots.models import Batch, RawInput, Reject, utcnow
from grassroots.run import spool


def _batch(n: int = 3) -> Batch:
    raws = [RawInput(source="s/1", locator=f"/in/{i}.html", data=f"<p>第{i}篇</p>".encode() * 500,
                     fetched_at=utcnow()) for i in range(n)]
    return Batch(source="s/1", batch_no=7, raws=raws, rejects=[Reject("s/1", "/in/x", "read", "empty", "0 bytes")])


def test_a_spooled_batch_comes_back_equal_and_the_handle_is_small(tmp_path):
    b = _batch()
    h = spool.save(tmp_path / "run", b)
    back = spool.load(h)
    assert back == b
    assert (h.source, h.batch_no, h.raws, h.documents, h.rejects) == ("s/1", 7, 3, 0, 1)
    assert Path(h.path).parent == tmp_path / "run" and "/" not in Path(h.path).name.removesuffix(".batch")
    assert stat.S_IMODE((tmp_path / "run").stat().st_mode) == 0o700  # nobody else can plant a file there
    assert not [p for p in (tmp_path / "run").iterdir() if p.name.startswith(".tmp-")]
    spool.discard(h)
    assert not Path(h.path).exists()
    assert spool.load(b) is b  # a batch passes through (discovery's batch 0, remote runners)


def test_the_spool_drops_the_bytes_whose_compressed_body_the_batch_holds(tmp_path):
    from grassroots.warehouse import raw as rawlayer

    b = _batch()
    b.bodies[b.raws[0].sha256] = rawlayer.compress(b.raws[0].data)  # extracted: its body is made
    for in_process in (False, True):
        back = spool.load(spool.save(tmp_path / "run", b, in_process=in_process))
        assert back.raws[0].data == b"" and back.raws[1:] == b.raws[1:]  # the others keep theirs
        assert [(r.sha256, r.size, r.locator) for r in back.raws] == [(r.sha256, r.size, r.locator) for r in b.raws]
        assert back.bodies == b.bodies and b.raws[0].data  # the batch handed in is not changed


def test_a_batch_held_in_process_writes_no_file_and_is_dropped_with_its_run(tmp_path):
    db = tmp_path / "wh" / "g.duckdb"
    b = _batch()
    h = spool.save(spool.run_dir(db, "r1"), b, in_process=True)
    assert not spool.root(db).exists() and spool.load(h) == b and not spool._HELD  # taken once
    h = spool.save(spool.run_dir(db, "r1"), _batch(), in_process=True)
    other = spool.save(spool.run_dir(db, "r2"), _batch(), in_process=True)
    spool.remove_run(db, "r1")  # an interrupted run: its batches go
    assert list(spool._HELD) == [other.path]
    spool.discard(other)
    assert not spool._HELD


def test_a_file_that_is_not_a_batch_is_refused(tmp_path):
    import pickle

    h = spool.save(tmp_path, _batch(1))
    Path(h.path).write_bytes(pickle.dumps({"not": "a batch"}))
    with pytest.raises(TypeError):
        spool.load(h)


def test_run_folders_are_removed(tmp_path):
    db = tmp_path / "wh" / "g.duckdb"
    for r in ("live", "dead"):
        spool.save(spool.run_dir(db, r), _batch(1))
    spool.remove_stale(db, ["dead"])
    assert not spool.run_dir(db, "dead").exists() and spool.run_dir(db, "live").exists()
    spool.remove_run(db, "live")
    assert not spool.root(db).exists()


def test_the_flow_hands_handles_to_its_loads_and_leaves_no_spool(prefect_harness, tmp_path, monkeypatch):
    """Every load receives a SpooledBatch (the orchestrator never holds a batch's pages), the
    run's documents all land, and the spool folder is gone when the run ends, failed or not."""
    from flows import ingest as ingest_mod
    from flows import tasks
    from grassroots.config import Settings, Source
    from grassroots.run import pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.md").write_text(f"---\ntitle: 标题{i}\n---\n\n" + f"徐汇区第{i}条消息，社区食堂开张了。" * 30 + "\n",
                                         encoding="utf-8")
    db = tmp_path / "wh" / "g.duckdb"
    seen: list = []
    real_load = pipeline.load

    def spy(batch, settings, **kw):
        seen.append(type(batch).__name__)
        return real_load(batch, settings, **kw)

    handles: list = []
    real_save = tasks.spool.save

    def save(folder_, batch, **kw):
        h = real_save(folder_, batch, **kw)
        handles.append(h)
        return h

    monkeypatch.setattr(pipeline, "load", spy)
    monkeypatch.setattr(tasks.spool, "save", save)
    settings = Settings(db=db, batch_size=2)
    from prefect import flow

    @flow(persist_result=False)
    def run_once():
        return ingest_mod.run_ingest(settings, [Source(name="t", kind="files", options={"paths": [str(folder)]})])

    summary = run_once()
    assert summary["total"]["read"] == 5 and len(handles) == 3
    assert all(isinstance(h, spool.SpooledBatch) for h in handles) and seen == ["Batch"] * 3
    assert not spool.root(db).exists() and not spool._HELD  # the local runner held them in memory
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from core.documents").fetchone() == (5,)
    con.close()

    # a failing load: the run fails, and still leaves no spool behind
    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "load", boom)
    (folder / "9.md").write_text("---\ntitle: 新的\n---\n\n" + "长宁区加装电梯的新进展。" * 40 + "\n", encoding="utf-8")
    with pytest.raises(ingest_mod.IngestFailed, match="disk full"):
        run_once()
    assert not spool.root(db).exists() and not spool._HELD
