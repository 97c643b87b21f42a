"""The views read data maintained at load time (migration 0030); they must equal the join-based
definitions they replaced, row for row, whatever the loads did: several batches, exact and near
copies from other sources, a canonical change, a merge of two clusters, a from-raw reprocess
that rewrites dates, districts and programmes; on the DuckDB file, on DuckLake, and on a
warehouse made by the previous version and then migrated."""

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

# The views as they were before migration 0030: joins of core.documents, core.doc_clusters and
# core.clusters. They stay here as the oracle.
ORACLE = {
    "documents": """
select
    d.doc_id, d.source, d.locator, d.title, d.published_date, d.date_precision, d.date_source,
    d.publisher, d.text, d.district, m.cluster_id, (c.canonical_doc_id = d.doc_id) as is_canonical,
    d.ingested_at,
    d.author, d.date_text, d.title_source, d.input_format, d.encoding, d.encoding_source,
    d.encoding_flags, d.extractor, d.content_hash, d.raw_sha256, m.similarity
from core.documents d
join core.doc_clusters m using (doc_id)
join core.clusters c on c.cluster_id = m.cluster_id""",
    "sightings": """
select m.cluster_id, c.canonical_doc_id as article_doc_id, d.doc_id, d.locator, d.source,
       d.publisher, d.published_date, d.date_precision, m.similarity, m.match_kind,
       (c.canonical_doc_id = d.doc_id) as is_canonical, d.ingested_at
from core.doc_clusters m
join core.documents d using (doc_id)
join core.clusters c on c.cluster_id = m.cluster_id""",
    "articles": """
select
    c.cluster_id, d.doc_id, d.source, d.locator, d.title, d.published_date, d.date_precision,
    d.date_source, d.publisher, d.district, d.text,
    s.sightings, s.sources, s.first_seen_at, s.last_seen_at
from core.clusters c
join core.documents d on d.doc_id = c.canonical_doc_id
join (
    select m.cluster_id, count(*) as sightings, count(distinct x.source) as sources,
           min(x.ingested_at) as first_seen_at, max(x.ingested_at) as last_seen_at
    from core.doc_clusters m join core.documents x using (doc_id)
    group by m.cluster_id
) s on s.cluster_id = c.cluster_id""",
    "article_places": """
select p.doc_id, c.cluster_id, p.district, nullif(p.subdistrict, '') as subdistrict,
       p.mentions, p.is_primary, p.evidence
from core.document_places p
join core.clusters c on c.canonical_doc_id = p.doc_id""",
    "initiative_mentions": """
select i.doc_id, c.cluster_id, i.name, cat.category, d.district, d.published_date,
       d.date_precision, i.evidence, i.kind
from core.initiative_mentions i
join core.clusters c on c.canonical_doc_id = i.doc_id
join core.documents d on d.doc_id = i.doc_id
left join lateral (select unnest(case when len(i.categories) = 0 then [null] else i.categories end) as category) cat on true""",
    "district_monthly": """
with a as (
    select c.canonical_doc_id as doc_id, d.district, date_trunc('month', d.published_date)::date as month
    from core.clusters c join core.documents d on d.doc_id = c.canonical_doc_id
    where d.district is not null and d.published_date is not null and d.date_precision in ('day', 'month')
), m as (
    select distinct a.district, a.month, i.name from a join core.initiative_mentions i using (doc_id)
), first_seen as (
    select district, name, min(month) as month from m group by district, name
), counts as (
    select district, month, count(*) as initiatives from m group by district, month
), fresh as (
    select district, month, count(*) as new_initiatives from first_seen group by district, month
)
select a.district, a.month, count(distinct a.doc_id) as articles,
       coalesce(any_value(counts.initiatives), 0) as initiatives,
       coalesce(any_value(fresh.new_initiatives), 0) as new_initiatives
from a
left join counts on counts.district = a.district and counts.month = a.month
left join fresh on fresh.district = a.district and fresh.month = a.month
group by a.district, a.month""",
    "district_category_quarterly": """
with a as (
    select c.canonical_doc_id as doc_id, d.district, date_trunc('quarter', d.published_date)::date as quarter
    from core.clusters c join core.documents d on d.doc_id = c.canonical_doc_id
    where d.district is not null and d.published_date is not null and d.date_precision in ('day', 'month')
), arts as (
    select a.district, a.quarter, dc.category, count(distinct a.doc_id) as articles
    from a join core.document_categories dc using (doc_id)
    group by a.district, a.quarter, dc.category
), inits as (
    select a.district, a.quarter, cat.category, count(distinct i.name) as initiatives
    from a
    join core.initiative_mentions i using (doc_id)
    cross join lateral (select unnest(i.categories) as category) cat
    group by a.district, a.quarter, cat.category
)
select coalesce(arts.district, inits.district) as district,
       coalesce(arts.quarter, inits.quarter) as quarter,
       coalesce(arts.category, inits.category) as category,
       coalesce(arts.articles, 0) as articles,
       coalesce(inits.initiatives, 0) as initiatives
from arts
full outer join inits
  on inits.district = arts.district and inits.quarter = arts.quarter and inits.category = arts.category""",
    "initiatives": """
with m as (
    select i.doc_id, c.cluster_id, i.name, i.kind, i.categories, d.district,
           case when d.date_precision in ('day', 'month') then d.published_date end as dated
    from core.initiative_mentions i
    join core.clusters c on c.canonical_doc_id = i.doc_id
    join core.documents d on d.doc_id = i.doc_id
), carried as (
    select m.name, m.district, count(distinct x.source) as sources
    from m
    join core.doc_clusters dc on dc.cluster_id = m.cluster_id
    join core.documents x on x.doc_id = dc.doc_id
    group by m.name, m.district
), cats as (
    select name, district, list_sort(list_distinct(flatten(list(categories)))) as categories
    from m group by name, district
)
select m.name, any_value(cats.categories) as categories, m.district,
       min(m.dated) as first_seen, max(m.dated) as last_seen,
       count(distinct m.doc_id) as articles, any_value(carried.sources) as sources,
       list_sort(list_distinct(list(m.kind))) as kinds
from m
join cats on cats.name = m.name and cats.district is not distinct from m.district
join carried on carried.name = m.name and carried.district is not distinct from m.district
group by m.name, m.district""",
    "initiative_facts_by_district": """
with f as (
    select f.doc_id, f.value, f.unit, f.object, any_value(f.initiative) as initiative
    from core.initiative_facts f
    join core.clusters c on c.canonical_doc_id = f.doc_id
    group by f.doc_id, f.value, f.unit, f.object
)
select d.district, f.unit, f.object,
       sum(f.value) as total, count(*) as facts, count(distinct f.doc_id) as articles,
       count(distinct f.initiative) as initiatives,
       min(case when d.date_precision in ('day', 'month') then d.published_date end) as first_date,
       max(case when d.date_precision in ('day', 'month') then d.published_date end) as last_date
from f
join core.documents d on d.doc_id = f.doc_id
where d.district is not null
group by d.district, f.unit, f.object""",
    "source_health": """
with per_run as (
    select r.run_id, r.started_at, r.finished_at, k.source,
           (r.state = 'completed'
            or (r.state = 'failed'
                and coalesce(cast(r.counts->'sources'->k.source->>'failed_batches' as integer), 0) = 0)) as ok
    from core.runs r, unnest(json_keys(r.counts->'sources')) as k(source)
    where r.counts is not null
), last_ok as (
    select source, max(finished_at) as last_success_at from per_run where ok group by source
), fails as (
    select p.source, count(*) as consecutive_failures
    from per_run p left join last_ok l using (source)
    where not p.ok and (l.last_success_at is null or p.started_at > l.last_success_at)
    group by p.source
), docs as (
    select d.source, count(*) as documents,
           count(*) filter (where m.match_kind = 'first') as articles_first_seen,
           max(d.ingested_at) filter (where m.match_kind = 'first') as last_new_story_at
    from core.documents d join core.doc_clusters m using (doc_id)
    group by d.source
), rej as (
    select source, count(*) as rejects from core.rejects group by source
), names as (
    select name as source from ref.sources
    union select source from per_run
    union select source from docs
)
select n.source, s.kind, s.enabled, (select max(started_at) from per_run p where p.source = n.source) as last_run_at,
       l.last_success_at, d.last_new_story_at, coalesce(f.consecutive_failures, 0) as consecutive_failures,
       coalesce(d.documents, 0) as documents, coalesce(d.articles_first_seen, 0) as articles_first_seen,
       case when coalesce(d.documents, 0) = 0 then null
            else round(1 - d.articles_first_seen / d.documents, 3) end as duplicate_share,
       coalesce(r.rejects, 0) as rejects
from names n
left join ref.sources s on s.name = n.source
left join last_ok l on l.source = n.source
left join fails f on f.source = n.source
left join docs d on d.source = n.source
left join rej r on r.source = n.source""",}


# ---------------------------------------------------------------- building warehouses


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
    c = [  # a longer s05 takes over as canonical; a document carrying both texts merges head and tail
        doc("c", "/c/s05-long.html", TEXTS["s05-original"] + "\n居民说，这样的好事希望多一些，社区也表示会继续跟进，下个月还将召开居民议事会听取意见。",
            day=D0 + timedelta(days=35), programmes=(GREEN, PLAIN), categories=("环境",)),
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
        out.append((raw, replace(d, ingested_at=utcnow())))
    return batch("a", 1, out)


def load_all(con: duckdb.DuckDBPyConnection) -> None:
    for b in first_batches():
        warehouse.load_batch(con, b)
    warehouse.load_batch(con, first_batches()[1])  # loading again changes nothing
    warehouse.load_batch(con, reprocessed(), replace_documents=True)


def assert_views_equal_oracle(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = {}
    for name, sql in ORACLE.items():
        new = con.execute(f"select * from {name}")
        new_cols = [(d[0], str(d[1])) for d in new.description]
        new_rows = new.fetchall()
        old = con.execute(sql)
        assert new_cols == [(d[0], str(d[1])) for d in old.description], name
        assert sorted(map(repr, new_rows)) == sorted(map(repr, old.fetchall())), name
        rows[name] = len(new_rows)
    return rows


# ---------------------------------------------------------------- tests


def test_views_equal_the_join_based_definitions_after_every_load(db):
    with warehouse.open_writer(db) as con:
        for b in first_batches():
            warehouse.load_batch(con, b)
            assert_views_equal_oracle(con)
        # the loads did what the test is about
        kinds = dict(con.execute("select match_kind, count(*) from core.doc_clusters group by 1").fetchall())
        assert kinds.get("exact", 0) >= 1 and kinds.get("near", 0) >= 2
        assert con.execute("select count(*) from core.cluster_merges").fetchone()[0] == 1
        long_id = con.execute("select doc_id from core.documents where locator = '/c/s05-long.html'").fetchone()[0]
        assert con.execute("select count(*) from articles where doc_id = ?", [long_id]).fetchone()[0] == 1
        assert con.execute("select sightings, sources from articles where doc_id = ?", [long_id]).fetchone() == (5, 3)
        before = con.execute("select * from district_monthly order by all").fetchall()
        warehouse.load_batch(con, reprocessed(), replace_documents=True)
        rows = assert_views_equal_oracle(con)
        assert con.execute("select * from district_monthly order by all").fetchall() != before
        assert con.execute("select count(*) from initiative_mentions where district = '长宁区'").fetchone()[0] == 1
        # a full refresh (what bench/queries.py build runs) finds everything already right
        before = maintained(con)
        con.execute("begin")
        marts.refresh_views(con, None)
        con.execute("commit")
        assert maintained(con) == before
    assert all(rows[v] > 0 for v in ORACLE), rows


def maintained(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    tables = ["core.documents", "core.document_places", "core.initiative_mentions", "core.document_categories",
              "core.initiative_facts", "core.mv_district_monthly", "core.mv_district_category_quarterly",
              "core.mv_initiatives", "core.mv_initiative_facts_by_district"]
    return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in tables}


def test_a_warehouse_of_the_previous_version_is_backfilled_by_the_migration(db):
    with warehouse.open_writer(db) as con:
        load_all(con)
        expected = {v: sorted(map(repr, con.execute(f"select * from {v}").fetchall())) for v in ORACLE}
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
        for name, sql in ORACLE.items():
            con.execute(f"create or replace view {name} as {sql}")
    with warehouse.open_writer(db) as con:
        assert con.execute("select count(*) from core.schema_migrations where version = '0030'").fetchone()[0] == 1
        assert {v: sorted(map(repr, con.execute(f"select * from {v}").fetchall())) for v in ORACLE} == expected
        assert_views_equal_oracle(con)
        # and loads go on from there
        warehouse.load_batch(con, batch("d", 1, [doc("d", "/d/s05.html", TEXTS["s05-repost_lead"],
                                                     programmes=(GREEN,))]))
        assert_views_equal_oracle(con)


def _has_ducklake() -> bool:
    try:
        lakehouse.extension_directory()
        return True
    except lakehouse.LakehouseError:
        return False


@pytest.mark.skipif(not _has_ducklake(), reason="duckdb-ext-ducklake is not installed")
def test_views_equal_the_join_based_definitions_on_ducklake(tmp_path):
    lake = lakehouse.LakeTarget(str(tmp_path / "lake.ducklake"), str(tmp_path / "lake-data"))
    with warehouse.open_writer(Path("unused"), lake=lake) as con:
        load_all(con)
        rows = assert_views_equal_oracle(con)
    assert all(rows[v] > 0 for v in ORACLE), rows
