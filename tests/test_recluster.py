"""`grassroots recluster`: chained clusters made by the released single-linkage rule are split
under the no-chaining rule (issue 16), the data the views read follows, a second run changes
nothing."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from grassroots import warehouse
from grassroots.app.cli import app
from grassroots.dedup import signatures as dedup
from grassroots.models import utcnow
from grassroots.warehouse import marts
from grassroots.warehouse.recluster import recluster

LABELLED = Path(__file__).resolve().parents[1] / "bench" / "data" / "dedup_labelled" / "labelled.jsonl"
DOCS = {d["doc"]: d for d in map(json.loads, LABELLED.read_text(encoding="utf-8").splitlines())}


def _texts() -> dict[str, str]:
    """Four different stories that carry the same two background paragraphs (as district
    portals do), and a re-post of the first one."""
    background = DOCS["s16-original"]["text"] + "\n" + DOCS["s15-original"]["text"]
    rows = {f"st{k}": DOCS[f"s0{k}-original"]["text"] + "\n" + background for k in (1, 2, 3, 4)}
    rows["st1-repost"] = "来源：东方网\n" + rows["st1"] + "\n（责任编辑：李华）"
    return rows


def _release_warehouse(con, rows: dict[str, str]) -> list[int]:
    """Documents clustered as the released code did: every verified candidate pair joined by
    union-find (``signatures.cluster_texts``, the release's rule, kept for this), cluster id =
    first document, canonical = longest text; then the maintained view data."""
    now = utcnow()
    ids = list(rows)
    labels = dedup.cluster_texts([rows[i] for i in ids])
    con.execute("begin")
    con.register("_t", pa.table({
        "doc_id": ids, "source": ["t"] * len(ids), "locator": [f"test://{i}" for i in ids],
        "raw_sha256": [f"{n:064d}" for n in range(len(ids))], "content_hash": [dedup.content_hash(rows[i]) for i in ids],
        "text": [rows[i] for i in ids], "text_chars": [len(rows[i]) for i in ids],
        "date_precision": ["unknown"] * len(ids), "ingested_at": [now] * len(ids)}))
    con.execute("insert into core.documents by name select * from _t")
    con.unregister("_t")
    for label in sorted(set(labels)):
        members = [ids[i] for i, lab in enumerate(labels) if lab == label]
        cid, canon = members[0], max(members, key=lambda d: len(rows[d]))
        con.execute("insert into core.clusters values (?, ?, ?, ?)", [cid, canon, now, now])
        for d in members:
            con.execute("insert into core.doc_clusters values (?, ?, ?, ?)",
                        [d, cid, 1.0, "first" if d == cid else "near"])
    marts.refresh_views(con, None)
    con.execute("commit")
    return labels


def _state(con) -> tuple:
    return tuple(con.execute(f"select * from {t} order by all").fetchall()
                 for t in ("core.clusters", "core.doc_clusters", "core.cluster_splits"))


@pytest.fixture
def chained(db):
    with warehouse.open_writer(db) as con:
        labels = _release_warehouse(con, _texts())
        assert len(set(labels)) == 1  # the released rule chains the four stories into one
        assert con.execute("select count(*) from articles").fetchone()[0] == 1
    return db


def test_recluster_splits_a_chained_cluster_and_a_second_run_changes_nothing(chained):
    with warehouse.open_writer(chained) as con:
        before = _state(con)
        dry = recluster(con, dry_run=True)
        assert (dry.clusters_examined, dry.clusters_split, len(dry.splits)) == (1, 1, 3)
        assert _state(con) == before  # a dry run writes nothing

        res = recluster(con)
        assert res.as_dict() == {"clusters_examined": 1, "clusters_split": 1, "parts_new": 3,
                                 "documents_moved": 3, "dry_run": False}
        got = dict(con.execute("select doc_id, cluster_id from core.doc_clusters").fetchall())
        # the cluster id stays with the part of the stored canonical document (the longest
        # text: the re-post with its added lines), which holds the original and its re-post
        assert got["st1"] == got["st1-repost"] == "st1"
        assert len({got["st1"], got["st2"], got["st3"], got["st4"]}) == 4
        splits = con.execute("select from_cluster_id, canonical_doc_id, documents from core.cluster_splits "
                             "order by canonical_doc_id").fetchall()
        assert splits == [("st1", "st2", 1), ("st1", "st3", 1), ("st1", "st4", 1)]
        # what the views read follows: four articles, five sightings, each story its own canonical
        assert con.execute("select count(*) from articles").fetchone()[0] == 4
        assert con.execute("select sum(sightings) from articles").fetchone()[0] == 5
        assert con.execute("select count(*) from documents where is_canonical").fetchone()[0] == 4

        after = _state(con)
        again = recluster(con)
        assert again.clusters_split == 0 and not again.splits
        assert _state(con) == after


def test_recluster_command(chained):
    runner = CliRunner()
    res = runner.invoke(app, ["recluster", "--db", str(chained), "--dry-run"])
    assert res.exit_code == 0, res.output
    assert "would split" in res.output
    res = runner.invoke(app, ["recluster", "--db", str(chained)])
    assert res.exit_code == 0, res.output
    with warehouse.open_reader(chained) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 4


def test_recluster_of_a_missing_warehouse_is_an_error_and_creates_nothing(tmp_path):
    missing = tmp_path / "typo.duckdb"
    r = CliRunner().invoke(app, ["recluster", "--db", str(missing), "--dry-run"])
    assert r.exit_code != 0 and f"no warehouse at {missing}" in r.output
    assert list(tmp_path.iterdir()) == []


def test_status_says_to_recluster_a_warehouse_clustered_before_the_rule(chained):
    """The migration cannot run Python: `status` says to run recluster once, until it has run."""
    from grassroots.app.status import read_status

    with warehouse.open_writer(chained) as con:  # as if 0040 arrived after these documents
        con.execute("update core.schema_migrations set applied_at = now() + interval 1 second "
                    "where version = '0040'")
    assert any("grassroots recluster" in n for n in read_status(chained).notices)
    runner = CliRunner()
    assert runner.invoke(app, ["recluster", "--db", str(chained), "--dry-run"]).exit_code == 0
    assert read_status(chained).notices  # a dry run changes nothing
    time.sleep(1.1)  # a run started after the migration's (future) timestamp
    assert runner.invoke(app, ["recluster", "--db", str(chained)]).exit_code == 0
    assert read_status(chained).notices == []
    out = runner.invoke(app, ["status", "--db", str(chained)])
    assert "grassroots recluster" not in out.output


def test_a_new_warehouse_needs_no_recluster(chained):
    from grassroots.app.status import read_status

    assert read_status(chained).notices == []  # its documents came after the migration


def test_status_says_to_recluster_after_the_story_rule_changes_again(chained):
    """0080 and 0110 mark changes of the rule: clusters stored before them are re-examined once."""
    from grassroots.app.status import read_status

    runner = CliRunner()
    assert runner.invoke(app, ["recluster", "--db", str(chained)]).exit_code == 0
    assert read_status(chained).notices == []
    with warehouse.open_writer(chained) as con:  # as if 0110 arrived after these documents
        con.execute("update core.schema_migrations set applied_at = now() + interval 1 second "
                    "where version = '0110'")
    notices = read_status(chained).notices
    assert any("grassroots recluster" in n and "day and figures" in n for n in notices), notices
    time.sleep(1.1)
    assert runner.invoke(app, ["recluster", "--db", str(chained)]).exit_code == 0
    assert read_status(chained).notices == []
