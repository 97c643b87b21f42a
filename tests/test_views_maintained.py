"""The views read marts maintained at load time; each load's incremental upkeep must leave them
equal, row for row, to a full rebuild from their one definition in sql/marts, whatever the loads
did: several batches, exact and near copies from other sources, a canonical change, a merge of
two clusters, a from-raw reprocess that rewrites dates, districts and programmes; on the DuckDB
file, on DuckLake, and on a warehouse made by a release before the marts and then migrated."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from grassroots import warehouse
from grassroots.dedup import signatures as dedup
from grassroots.models import (
    Attribution,
    Batch,
    CategoryMatch,
    Document,
    Extracted,
    InitiativeFact,
    InitiativeMention,
    InitiativeResult,
    PlaceMention,
    RawInput,
    utcnow,
)
from grassroots.warehouse import lake as lakehouse
from grassroots.warehouse import marts
from grassroots.warehouse.raw import capture_id

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO / "bench" / "data" / "dedup_labelled" / "labelled.jsonl"
TEXTS = {d["doc"]: d["text"] for d in map(json.loads, LABELLED.read_text(encoding="utf-8").splitlines())}

PUBLIC_VIEWS = ["documents", "articles", "sightings", "article_places", "initiative_mentions", "initiatives",
                "district_monthly", "district_category_quarterly", "initiative_facts_by_district"]


def doc(source: str, locator: str, text: str, *, district: str | None = "黄浦区", day: date | None = date(2025, 3, 5),
        precision: str = "day", programmes: tuple = (), categories: tuple = (), facts: tuple = (),
        places: tuple = ()) -> tuple[RawInput, Document]:
    """One accepted document the way the pipeline hands it to load_batch."""
    raw = RawInput(source=source, locator=locator, data=text.encode(), fetched_at=utcnow())
    ex = Extracted(text=text, title=text[:12], published_date=day, date_precision=precision if day else "unknown",
                   date_source="text" if day else None, publisher="测试报")
    if not places and district:
        places = (PlaceMention(district, None, 2, True, "test"), PlaceMention(district, "外滩街道", 1, False, "test"))
    init = InitiativeResult(
        mentions=tuple(InitiativeMention(n, tuple(c), f"{n}。", k) for n, c, k in programmes),
        categories=tuple(CategoryMatch(c, (c,)) for c in categories),
        facts=tuple(InitiativeFact(v, u, o, f"{v}{u}{o}", i) for v, u, o, i in facts))
    return raw, Document(doc_id=capture_id(locator, raw.sha256), source=source, locator=locator,
                         raw_sha256=raw.sha256, content_hash=dedup.content_hash(text), extracted=ex,
                         attribution=Attribution(district, places), initiatives=init)


def batch(source: str, no: int, items: list[tuple[RawInput, Document]]) -> Batch:
    return Batch(source, no, raws=[r for r, _ in items], documents=[d for _, d in items])


STORY = TEXTS["s08-original"].split("\n")
HEAD, TAIL = "\n".join(STORY[:3]) + "\n" + TEXTS["s06-original"], "\n".join(STORY[3:]) + "\n" + TEXTS["s11-original"]
ELDERLY = ("七个一百", ("养老",), "named")
GREEN = ("美丽家园", ("环境", "治理"), "campaign")
PLAIN = ("睦邻点", (), "named")
RENEW = ("旧区改造", ("住房",), "named")
D0 = date(2025, 3, 5)


def first_batches() -> list[Batch]:
    a = [
        doc("a", "/a/s05.html", TEXTS["s05-original"], programmes=(ELDERLY, GREEN), categories=("养老",),
            facts=((20, "座", "公厕", "美丽家园"), (20, "座", "公厕", None), (3, "台", "电梯", None))),
        doc("a", "/a/s10.html", TEXTS["s10-original"], district="静安区", day=date(2025, 1, 1), precision="month",
            programmes=(ELDERLY, PLAIN), categories=("养老", "环境"), facts=((12, "座", "公厕", None),)),
        doc("a", "/a/s12.html", TEXTS["s12-original"], district=None, day=date(2025, 1, 1), precision="year",
            programmes=(ELDERLY,)),
        doc("a", "/a/head.html", HEAD, programmes=(GREEN,), day=D0 + timedelta(days=40)),
        doc("a", "/a/s01.html", TEXTS["s01-original"], district="徐汇区", day=None, programmes=(PLAIN,)),
        doc("a", "/a/s03.html", TEXTS["s03-original"], district="徐汇区", day=date(2025, 5, 10), programmes=(RENEW,)),
    ]
    b = [  # copies from another source, a later story in another month, a cluster to be merged
        doc("b", "/b/s05-editor.html", TEXTS["s05-repost_editor"], programmes=(ELDERLY, GREEN)),
        doc("b", "/b/s05-spun.html", TEXTS["s05-spun30"], day=D0 + timedelta(days=1), programmes=(ELDERLY,)),
        doc("b", "/b/s10-drop.html", TEXTS["s10-repost_drop"], district="静安区", programmes=(PLAIN,)),
        doc("b", "/b/tail.html", TAIL, day=D0 + timedelta(days=70), programmes=(ELDERLY,),
            facts=((5, "个", "睦邻点", "七个一百"),)),
        doc("b", "/b/s02.html", TEXTS["s02-original"], day=D0 - timedelta(days=60), programmes=(ELDERLY, PLAIN),
            categories=("养老",)),
        # an earlier story of a programme makes it new in another month than before (s03's story
        # is not touched by this load)
        doc("b", "/b/s04.html", TEXTS["s04-original"], district="徐汇区", day=date(2025, 2, 1), programmes=(RENEW,)),
    ]
    c = [  # an earlier-published s05 takes over as canonical (issue 19: earliest first); a
        # document carrying both texts merges head and tail
        doc("c", "/c/s05-long.html", TEXTS["s05-original"] + "\n居民说，这样的好事希望多一些，社区也表示会继续跟进，下个月还将召开居民议事会听取意见。",
            day=D0 - timedelta(days=35), programmes=(GREEN, PLAIN), categories=("环境",)),
        doc("c", "/c/both.html", HEAD + "\n" + TAIL, day=D0 + timedelta(days=100), district="静安区",
            programmes=(GREEN, ELDERLY), facts=((7, "台", "电梯", None),)),
        doc("c", "/c/s05-mirror.html", TEXTS["s05-repost_mirror"], programmes=(ELDERLY,)),
    ]
    return [batch("a", 1, a), batch("b", 1, b), batch("c", 1, c)]


def reprocessed() -> Batch:
    """Source a read again from the raw layer by a newer extractor: same doc_ids, other dates,
    districts, programmes and figures (one document becomes much longer)."""
    out = []
    first = first_batches()[0]
    for raw, d in zip(first.raws, first.documents, strict=True):
        ex = d.extracted
        if d.locator == "/a/s10.html":
            ex = replace(ex, published_date=date(2024, 11, 20), date_precision="day")
            d = replace(d, extracted=ex, attribution=Attribution("长宁区", (PlaceMention("长宁区", None, 1, True, "t"),)),
                        initiatives=InitiativeResult(mentions=(InitiativeMention("美丽家园", ("环境",), "x", "campaign"),),
                                                     facts=(InitiativeFact(12, "座", "公厕", "x", "美丽家园"),)))
        elif d.locator == "/a/s05.html":
            ex = replace(ex, text=ex.text + "\n" + TEXTS["s05-hand_repost"][:400], published_date=D0 - timedelta(days=400))
            d = replace(d, extracted=ex)
        elif d.locator == "/a/s12.html":
            d = replace(d, extracted=replace(ex, published_date=date(2025, 6, 1), date_precision="month"),
                        attribution=Attribution("黄浦区", (PlaceMention("黄浦区", None, 1, True, "t"),)))
        out.append((raw, d))
    return batch("a", 1, out)


def load_all(con: duckdb.DuckDBPyConnection) -> None:
    for b in first_batches():
        warehouse.load_batch(con, b)
    warehouse.load_batch(con, first_batches()[1])  # loading again changes nothing
    warehouse.load_batch(con, reprocessed(), replace_documents=True)


def assert_marts_equal_a_full_rebuild(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """What the loads maintained incrementally equals what every mart's one definition
    (sql/marts) computes from scratch over the same documents."""
    kept = maintained(con)
    views = {v: sorted(map(repr, con.execute(f"select * from {v}").fetchall())) for v in PUBLIC_VIEWS}
    con.execute("begin")
    for t in MART_TABLES:
        con.execute(f"delete from {t}")
    marts.refresh_views(con, None)
    rebuilt = maintained(con)
    con.execute("rollback")
    for t in kept:
        assert kept[t] == rebuilt[t], t
    return {v: len(rows) for v, rows in views.items()}


# ---------------------------------------------------------------- tests


def test_marts_equal_a_full_rebuild_after_every_load(db):
    with warehouse.open_writer(db) as con:
        for b in first_batches():
            warehouse.load_batch(con, b)
            assert_marts_equal_a_full_rebuild(con)
        # the loads did what the test is about
        kinds = dict(con.execute("select match_kind, count(*) from core.doc_clusters group by 1").fetchall())
        assert kinds.get("exact", 0) >= 1 and kinds.get("near", 0) >= 2
        assert con.execute("select count(*) from core.cluster_merges").fetchone()[0] == 1
        long_id = con.execute("select doc_id from core.documents where locator = '/c/s05-long.html'").fetchone()[0]
        assert con.execute("select count(*) from articles where doc_id = ?", [long_id]).fetchone()[0] == 1
        assert con.execute("select sightings, sources from articles where doc_id = ?", [long_id]).fetchone() == (5, 3)
        before = con.execute("select * from district_monthly order by all").fetchall()
        warehouse.load_batch(con, reprocessed(), replace_documents=True)
        rows = assert_marts_equal_a_full_rebuild(con)
        assert con.execute("select * from district_monthly order by all").fetchall() != before
        assert con.execute("select count(*) from initiative_mentions where district = '长宁区'").fetchone()[0] == 1
    assert all(rows[v] > 0 for v in PUBLIC_VIEWS), rows


def test_marts_maintained_a_few_keys_per_statement_equal_one_statement_over_all(db, monkeypatch):
    """Loads compute each mart's rows a bounded number of keys at a time (memory, issue 20):
    with two keys per statement, every part lands and none twice."""
    monkeypatch.setattr(marts, "KEYS_PER_STATEMENT", 2)
    with warehouse.open_writer(db) as con:
        load_all(con)
        assert con.execute("select count(*) from core.mv_initiatives").fetchone()[0] > 4  # several parts
        monkeypatch.setattr(marts, "KEYS_PER_STATEMENT", 10**9)
        assert_marts_equal_a_full_rebuild(con)


MART_TABLES = ["core.mv_district_monthly", "core.mv_district_category_quarterly", "core.mv_initiatives",
               "core.mv_initiative_facts_by_district"]


def maintained(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    tables = ["core.documents", "core.document_places", "core.initiative_mentions", "core.document_categories",
              "core.initiative_facts", *MART_TABLES]
    return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in tables}


def test_a_warehouse_of_the_previous_version_is_backfilled_by_the_migration(db):
    with warehouse.open_writer(db) as con:
        load_all(con)
        expected = {v: sorted(map(repr, con.execute(f"select * from {v}").fetchall())) for v in PUBLIC_VIEWS}
        # back to the previous version: no 0030 columns, tables or row; the old views
        for t in ("mv_district_monthly", "mv_district_category_quarterly", "mv_initiatives",
                  "mv_initiative_facts_by_district"):
            con.execute(f"drop table core.{t}")
        added = {
            "documents": ["cluster_id", "similarity", "match_kind", "article_doc_id", "is_canonical", "sightings",
                          "sources", "first_seen_at", "last_seen_at"],
            "document_places": ["cluster_id", "is_canonical"],
            "initiative_mentions": ["cluster_id", "is_canonical", "doc_district", "doc_published_date",
                                    "doc_date_precision"],
            "document_categories": ["is_canonical", "doc_district", "doc_published_date", "doc_date_precision"],
            "initiative_facts": ["is_canonical", "doc_district", "doc_published_date", "doc_date_precision"],
        }
        for table, columns in added.items():
            for column in columns:
                con.execute(f"alter table core.{table} drop column {column}")
        con.execute("delete from core.schema_migrations where version = '0030'")
        con.execute("delete from ref.seed_versions where name = '__views__'")
        for name in PUBLIC_VIEWS:  # the views of that version read columns and tables dropped above
            con.execute(f"drop view {name}")
    with warehouse.open_writer(db) as con:
        assert con.execute("select count(*) from core.schema_migrations where version = '0030'").fetchone()[0] == 1
        assert {v: sorted(map(repr, con.execute(f"select * from {v}").fetchall())) for v in PUBLIC_VIEWS} == expected
        assert_marts_equal_a_full_rebuild(con)
        # and loads go on from there
        warehouse.load_batch(con, batch("d", 1, [doc("d", "/d/s05.html", TEXTS["s05-repost_lead"],
                                                     programmes=(GREEN,))]))
        assert_marts_equal_a_full_rebuild(con)


def _has_ducklake() -> bool:
    try:
        lakehouse.extension_directory()
        return True
    except lakehouse.LakehouseError:
        return False


@pytest.mark.skipif(not _has_ducklake(), reason="duckdb-ext-ducklake is not installed")
def test_marts_equal_a_full_rebuild_on_ducklake(tmp_path):
    lake = lakehouse.LakeTarget(str(tmp_path / "lake.ducklake"), str(tmp_path / "lake-data"))
    with warehouse.open_writer(Path("unused"), lake=lake) as con:
        load_all(con)
        rows = assert_marts_equal_a_full_rebuild(con)
    assert all(rows[v] > 0 for v in PUBLIC_VIEWS), rows
