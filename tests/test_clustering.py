"""Persistent, incremental clustering in a real DuckDB warehouse (grassroots.warehouse.clusters)."""

from __future__ import annotations

import dataclasses
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from grassroots import warehouse
from grassroots.dedup import signatures as dedup
from grassroots.dedup import story
from grassroots.dedup.signatures import DedupConfig
from grassroots.models import utcnow
from grassroots.warehouse import clusters as clustering
from grassroots.warehouse import marts
from grassroots.warehouse.recluster import recluster

LABELLED = Path(__file__).resolve().parents[1] / "bench" / "data" / "dedup_labelled" / "labelled.jsonl"
DOCS = {d["doc"]: d for d in map(json.loads, LABELLED.read_text(encoding="utf-8").splitlines())}


def text(doc: str) -> str:
    return DOCS[doc]["text"]


@pytest.fixture
def con(db):
    with warehouse.open_writer(db) as c:
        yield c


def insert(con, rows: dict[str, str], *, dates: dict[str, date] | None = None, source: str = "t",
           locators: dict[str, str] | None = None) -> list[str]:
    """Insert documents (doc_id -> text) into core.documents the way load_batch does."""
    now = utcnow()
    ids = list(rows)
    tbl = pa.table({
        "doc_id": ids, "source": [source] * len(ids), "locator": [(locators or {}).get(i, f"test://{i}") for i in ids],
        "raw_sha256": ["0" * 64] * len(ids), "content_hash": [dedup.content_hash(rows[i]) for i in ids],
        "text": [rows[i] for i in ids], "text_chars": [len(rows[i]) for i in ids],
        "published_date": [(dates or {}).get(i) for i in ids], "date_precision": ["day"] * len(ids),
        "ingested_at": [now] * len(ids),
    })
    con.register("_t", tbl)
    con.execute("insert into core.documents by name select * from _t")
    con.unregister("_t")
    return ids


def batch(con, rows: dict[str, str], cfg: DedupConfig | None = None, **kw) -> dict:
    con.execute("begin")
    ids = insert(con, rows, **kw)
    res = clustering.assign_clusters(con, ids, cfg)
    marts.refresh_views(con, ids)  # what the load does next, so the views can be read
    con.execute("commit")
    return res


def membership(con) -> dict[str, tuple[str, str]]:
    return {d: (c, k) for d, c, k in con.execute("select doc_id, cluster_id, match_kind from core.doc_clusters").fetchall()}


def snapshot(con) -> tuple:
    return tuple(con.execute(f"select * from {t} order by all").fetchall()
                 for t in ("core.clusters", "core.doc_clusters", "core.doc_signatures", "core.lsh_bands",
                           "core.cluster_merges"))


def test_reposts_and_spun_copies_join_clusters_from_an_earlier_run(con):
    first = batch(con, {"a": text("s05-original"), "b": text("s10-original")})
    assert first == {**first, "clusters_new": 2, "clusters_joined": 0}
    second = batch(con, {"a2": text("s05-repost_editor"), "a3": text("s05-spun30"), "b2": text("s10-repost_drop"),
                         "c": text("s12-original")})
    assert (second["clusters_new"], second["clusters_joined"], second["clusters_merged"]) == (1, 3, 0)
    m = membership(con)
    assert m["a"] == ("a", "first") and m["b"] == ("b", "first") and m["c"] == ("c", "first")
    assert m["a2"] == ("a", "exact")  # editor lines and punctuation width only: same content_hash
    assert m["a3"] == ("a", "near") and m["b2"] == ("b", "near")
    # stored state for every document: one signature, 42 band keys
    assert con.execute("select count(*) from core.doc_signatures").fetchone()[0] == 6
    assert con.execute("select count(*) from core.lsh_bands").fetchone()[0] == 6 * 42
    # public views agree: 3 articles, 6 sightings
    assert con.execute("select count(*) from articles").fetchone()[0] == 3
    assert con.execute("select sum(sightings) from articles").fetchone()[0] == 6


def test_calling_again_changes_nothing(con):
    batch(con, {"a": text("s01-original"), "a2": text("s01-spun20"), "b": text("s02-original")})
    before = snapshot(con)
    con.execute("begin")
    res = clustering.assign_clusters(con, ["a", "a2", "b"])
    con.execute("commit")
    assert res["clusters_new"] == res["clusters_joined"] == res["clusters_merged"] == 0
    assert snapshot(con) == before


def test_same_theme_stories_and_shared_footer_notices_stay_apart(con):
    rows = {k: text(k) for k in ("s01-original", "s02-original", "s16-original", "s03-original", "s04-original",
                                 "n01-notice", "n02-notice", "n03-notice", "n04-notice")}
    res = batch(con, rows)
    assert res["clusters_new"] == len(rows)
    # a later re-post of one notice joins only that notice
    batch(con, {"n01-again": text("n01-notice_repost")})
    assert membership(con)["n01-again"] == ("n01-notice", "exact")


def test_bridge_document_merges_into_the_older_cluster(con):
    story = DOCS["s08-original"]["text"].split("\n")
    head, tail = "\n".join(story[:3]), "\n".join(story[3:])
    other = text("s11-original")
    batch(con, {"head": head + "\n" + text("s06-original")})  # cluster "head" (oldest)
    batch(con, {"tail": tail + "\n" + other})                  # cluster "tail", unrelated to "head"
    assert membership(con)["tail"][0] == "tail"
    con.execute("update core.clusters set created_at = created_at + interval 1 hour where cluster_id = 'tail'")
    # a document carrying both texts in full bridges the two clusters
    res = batch(con, {"both": head + "\n" + text("s06-original") + "\n" + tail + "\n" + other})
    assert res["clusters_merged"] == 1 and res["clusters_new"] == 0
    m = membership(con)
    assert m["head"][0] == m["tail"][0] == m["both"][0] == "head"
    assert con.execute("select * exclude (merged_at) from core.cluster_merges").fetchall() == [("tail", "head")]
    assert con.execute("select count(*) from core.clusters").fetchone()[0] == 1
    # the canonical document is the most complete text
    assert con.execute("select canonical_doc_id from core.clusters").fetchone()[0] == "both"


def test_canonical_is_earliest_then_original_then_longest_and_similarity_is_to_it(con):
    """Issue 19 point 5: earliest published, then source priority, then the original over a
    re-post (a 来源/转自 line), then the longer text and content_hash; never the file's path."""
    d0 = date(2026, 3, 1)
    batch(con, {"late": text("s07-original"), "short": text("s07-truncated")},
          dates={"late": d0 + timedelta(days=3), "short": d0})
    assert con.execute("select canonical_doc_id from core.clusters").fetchone()[0] == "short"
    # same date as the truncated copy: the longer text wins
    batch(con, {"early": text("s07-original").replace("黄浦区", "黄埔区", 1)}, dates={"early": d0})
    assert con.execute("select canonical_doc_id from core.clusters").fetchone()[0] == "early"
    # same date, longer still, but it says where it was copied from: the original stays
    batch(con, {"copied": "转自：新民晚报\n" + text("s07-original") + "\n记者手记：完"}, dates={"copied": d0})
    assert con.execute("select canonical_doc_id from core.clusters").fetchone()[0] == "early"
    sims = dict(con.execute("select doc_id, similarity from core.doc_clusters").fetchall())
    assert sims["early"] == 1.0 and 0.8 < sims["late"] < 1.0 and 0.3 < sims["short"] < 0.8


def test_short_texts_match_only_exactly(con):
    batch(con, {"x": "静安区新开一处党群服务站。", "y": "静安区新开一处党群服务站！",
                "z": "静安区新开两处党群服务站。"})
    m = membership(con)
    assert m["y"] == ("x", "exact") and m["z"] == ("z", "first")
    assert con.execute("select count(*) from core.doc_signatures where signature is null").fetchone()[0] == 3
    assert con.execute("select count(*) from core.lsh_bands").fetchone()[0] == 0


def test_configuration_change_resigns_stored_documents_once(con):
    batch(con, {"a": text("s13-original"), "b": text("s14-original")})
    cfg = dataclasses.replace(DedupConfig(), seed=7, bands=32, rows=4)
    res = batch(con, {"a2": text("s13-spun10")}, cfg)
    assert res["clusters_joined"] == 1 and membership(con)["a2"][0] == "a"
    algos = {r[0] for r in con.execute("select distinct algo from core.doc_signatures").fetchall()}
    assert algos == {cfg.algo}
    assert con.execute("select count(*) from core.lsh_bands").fetchone()[0] == 3 * 32
    assert con.execute("select layout from core.near_dup_state").fetchone()[0] == cfg.layout


def test_labelled_set_through_the_warehouse_in_shuffled_batches(con):
    docs = list(DOCS.values())
    order = list(range(len(docs)))
    random.Random(1).shuffle(order)
    ids = [f"d{i:03d}" for i in range(len(docs))]
    for part in (order[:50], order[50:110], order[110:]):
        batch(con, {ids[i]: docs[i]["text"] for i in part})
    got = {d: c for d, (c, _) in membership(con).items()}
    clusters_of_story: dict[str, set[str]] = {}
    for i, d in enumerate(docs):
        clusters_of_story.setdefault(d["story"], set()).add(got[ids[i]])
    # every story is exactly one cluster and no cluster holds two stories
    assert all(len(c) == 1 for c in clusters_of_story.values())
    assert len({next(iter(c)) for c in clusters_of_story.values()}) == len(clusters_of_story)


def test_seeds_then_an_edited_repost_in_a_later_run(db, tmp_path, shared_seeds):
    """Issue 5 acceptance: the five seeds, then a re-post of one seed with an added editor
    line, a dropped paragraph and width-changed punctuation: 5 articles and 6 documents, the
    re-post attached to the seed's cluster."""
    from grassroots.models import Batch
    from grassroots.run.pipeline import process_one
    from grassroots.sources.files import discover_files, read_file

    def run(paths: list[str], batch_no: int) -> list:
        refs, rejects = discover_files("t", paths)
        assert not rejects
        raws = [read_file(r, max_bytes=10_000_000) for r in refs]
        docs = [process_one(r) for r in raws]
        with warehouse.open_writer(db) as con:
            warehouse.load_batch(con, Batch("t", batch_no, raws=raws, documents=docs))
        return docs

    seeds = run([str(shared_seeds)], 1)
    assert len(seeds) == 5
    src = next(shared_seeds.glob("001_*"))
    lines = src.read_text(encoding="utf-8").split("\n")
    longest = max(range(6, len(lines)), key=lambda i: len(lines[i]))
    body = [ln.replace(",", "，").replace(":", "：") for i, ln in enumerate(lines) if i != longest]
    repost = tmp_path / "repost_001.txt"
    repost.write_text("\n".join(body) + "\n（责任编辑：王小明）\n", encoding="utf-8")
    (doc,) = run([str(repost)], 2)
    original = next(d for d in seeds if d.locator.endswith(src.name))
    assert doc.content_hash != original.content_hash  # a near duplicate, not an exact one
    with warehouse.open_writer(db) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 5
        assert con.execute("select count(*) from documents").fetchone()[0] == 6
        got = dict(con.execute("select doc_id, cluster_id from documents").fetchall())
        assert got[doc.doc_id] == got[original.doc_id] == original.doc_id
        kind, sim = con.execute("select match_kind, similarity from sightings where doc_id = ?",
                                [doc.doc_id]).fetchone()
        assert kind == "near" and 0.5 < sim < 1.0


def _corrected(doc: str) -> tuple[str, str]:
    """A page as first published (figures in digits) and as its publisher corrected it: other
    figures and a correction note."""
    first = text(doc).replace("十个老旧小区", "10个老旧小区").replace("六百余个", "600余个").replace("约五角", "约5角")
    fixed = first.replace("10个老旧小区", "12个老旧小区").replace("600余个", "800余个").replace("约5角", "约4角")
    assert fixed.count("12个") and fixed.count("800余个")
    return first, fixed + "\n（更正：本文首发时小区和充电端口的数量有误，现已更正。）"


def test_a_page_read_again_after_a_correction_is_one_story_told_by_its_new_version(con):
    first, fixed = _corrected("s10-original")
    # as two pages, the changed figures make them two stories (two reports of one template)
    assert not story.same_story(first, fixed)
    page = "https://portal.example/news/1.html"
    batch(con, {"v1": first, "other": text("s05-original")}, locators={"v1": page})
    res = batch(con, {"v2": fixed}, locators={"v2": page})
    assert (res["clusters_new"], res["clusters_joined"]) == (0, 1)
    m = membership(con)
    assert m["v1"] == ("v1", "first") and m["v2"] == ("v1", "edit") and m["other"] == ("other", "first")
    # one article, told by the corrected version; its figures are the ones the views count
    assert con.execute("select count(*) from articles").fetchone()[0] == 2
    assert con.execute("select doc_id, text, sightings from articles where cluster_id = 'v1'").fetchone() == ("v2", fixed, 2)
    # a page that now holds another text is another story; recluster keeps what the loads made
    batch(con, {"v3": text("s12-original")}, locators={"v3": page})
    assert membership(con)["v3"] == ("v3", "first")
    assert con.execute("select count(*) from articles").fetchone()[0] == 3
    assert recluster(con, dry_run=True).clusters_split == 0


def test_a_file_corrected_in_place_and_ingested_again_stays_one_article(db, tmp_path):
    """The same through extraction and the load: a text file edited in place and read again."""
    from grassroots.models import Batch
    from grassroots.run.pipeline import process_one
    from grassroots.sources.files import discover_files, read_file

    first, fixed = _corrected("s10-original")
    page = tmp_path / "charging.txt"
    for n, body in enumerate((first, fixed), 1):
        page.write_text("宝山区淞南镇建成一批非机动车充电棚\n\n" + body, encoding="utf-8")
        refs, _ = discover_files("t", [str(page)])
        raws = [read_file(r, max_bytes=1_000_000) for r in refs]
        with warehouse.open_writer(db) as c:
            warehouse.load_batch(c, Batch("t", n, raws=raws, documents=[process_one(r) for r in raws]))
    with warehouse.open_writer(db) as c:
        assert c.execute("select count(*) from documents").fetchone()[0] == 2
        ((told,),) = c.execute("select text from articles").fetchall()  # one article
        assert "800余个" in told and "600余个" not in told


def test_documents_clustered_before_signatures_existed_are_signed_and_matched(con):
    batch(con, {"a": text("s15-original"), "b": text("s16-original")})
    # a warehouse from the exact-only version: clusters but no signatures or band keys
    con.execute("delete from core.lsh_bands")
    con.execute("delete from core.doc_signatures")
    res = batch(con, {"a2": text("s15-spun20")})
    assert res["clusters_joined"] == 1 and membership(con)["a2"] == ("a", "near")
    assert con.execute("select count(*) from core.doc_signatures").fetchone()[0] == 3


def test_signatures_made_beside_extraction_equal_those_made_at_load(tmp_path, shared_seeds):
    """pipeline.process_batch(dedup=...) signs each text in the extraction worker; the load then
    only stores it. Same stored signatures and clusters as signing at load; a signature made
    with another configuration is not trusted (signed again)."""
    from grassroots.models import Batch
    from grassroots.run.pipeline import process_batch
    from grassroots.sources.files import discover_files, read_file

    refs, _ = discover_files("t", [str(shared_seeds)])
    raws = [read_file(r, max_bytes=10_000_000) for r in refs]
    other = DedupConfig(seed=dedup.DEFAULT_CONFIG.seed + 1)

    def load(db: Path, cfg: DedupConfig | None) -> tuple[list, list]:
        batch = process_batch(Batch("t", 1, raws=list(raws)), dedup=cfg)
        assert all((d.sig_algo == cfg.algo) if cfg else (d.signature is None and not d.sig_algo)
                   for d in batch.documents)
        with warehouse.open_writer(db) as con:
            warehouse.load_batch(con, batch)
            sigs = con.execute("select doc_id, shingles, signature from core.doc_signatures order by doc_id").fetchall()
            clusters = con.execute("select doc_id, cluster_id, match_kind from sightings order by doc_id").fetchall()
        return sigs, clusters

    at_load = load(tmp_path / "a.duckdb", None)
    beside = load(tmp_path / "b.duckdb", dedup.DEFAULT_CONFIG)
    foreign = load(tmp_path / "c.duckdb", other)
    assert len(at_load[0]) == 5 and at_load == beside == foreign


# half-width <-> full-width commas, colons, brackets (NFKC folds them: same content_hash, length)
_WIDTH = str.maketrans({",": "，", "，": ",", ":": "：", "：": ":", "(": "（", "（": "(", ")": "）", "）": ")"})


def test_same_corpus_in_two_folders_picks_the_same_canonicals(tmp_path, shared_seeds):
    """Issue 19 point 5: doc_id hashes the path, so the canonical choice must not depend on it.
    The seeds, an edited re-post of one and a width-changed copy of each, loaded from two
    differently named folders, give the same stories with the same canonical texts."""
    import shutil

    from grassroots.models import Batch
    from grassroots.run.pipeline import process_one
    from grassroots.sources.files import discover_files, read_file

    src = next(shared_seeds.glob("001_*"))
    lines = src.read_text(encoding="utf-8").split("\n")
    longest = max(range(6, len(lines)), key=lambda i: len(lines[i]))
    repost = "\n".join(ln for i, ln in enumerate(lines) if i != longest) + "\n（责任编辑：王小明）\n"

    def load(folder: Path) -> set[tuple]:
        shutil.copytree(shared_seeds, folder / "seeds")
        (folder / "seeds" / "zz_repost.txt").write_text(repost, encoding="utf-8")
        # each seed again with half-width commas: same content_hash and length, other bytes (a
        # tie only a path-independent key breaks the same way in both folders)
        for seed in sorted((folder / "seeds").glob("00*.txt")):
            text = seed.read_text(encoding="utf-8")
            m = re.match(r"\s*---.*?\n---", text, re.S)  # front matter stays as it is
            head = m.end() if m else 0
            (folder / "seeds" / f"copy_{seed.name}").write_text(text[:head] + text[head:].translate(_WIDTH),
                                                                 encoding="utf-8")
        refs, _ = discover_files("t", [str(folder / "seeds")])
        raws = [read_file(r, max_bytes=10_000_000) for r in refs]
        with warehouse.open_writer(folder / "w.duckdb") as con:
            warehouse.load_batch(con, Batch("t", 1, raws=raws, documents=[process_one(r) for r in raws]))
            return set(con.execute(
                "select a.content_hash, a.raw_sha256, count(*) from sightings s "
                "join documents a on a.doc_id = s.article_doc_id group by all").fetchall())

    one, two = load(tmp_path / "a"), load(tmp_path / "b" / "other name")
    assert one == two
    assert len(one) == 5 and sum(n for *_, n in one) == 11


def test_a_copy_of_two_stories_merges_them_and_recluster_keeps_what_the_load_made(con):
    """Two clusters merge when a document is one story with both canonicals (issue 16): here a
    short copy of the lead two stories print alike, arriving after both. Recluster replays the
    load's rule in arrival order, so it leaves a cluster the load made as it is."""
    from grassroots.warehouse.recluster import recluster

    lead = text("s01-original")
    batch(con, {"a": lead + "\n" + text("s02-original") + "\n" + text("s03-original")})
    batch(con, {"b": lead + "\n" + text("s04-original")})
    assert membership(con)["b"][0] == "b"  # not one story with a
    res = batch(con, {"c": lead + "\n（责任编辑：王某）"})
    assert res["clusters_merged"] == 1
    assert {c for c, _ in membership(con).values()} == {"a"}
    before = snapshot(con)
    # every member's similarity is to the kept canonical, the absorbed cluster's too: measuring
    # them all again changes nothing
    clustering.refresh_canonical(con, ["a"])
    assert snapshot(con) == before
    dry = recluster(con, dry_run=True)
    assert (dry.clusters_examined, dry.clusters_split) == (1, 0)
    assert recluster(con).clusters_split == 0 and snapshot(con) == before


def test_a_page_read_again_with_new_bytes_and_the_same_text_adds_nothing(db, tmp_path):
    """A page whose bytes change between reads (a token, a counter outside the article) while
    its text does not: no new document, no new capture, counted unchanged; then a real change is
    a new version."""
    from grassroots.models import Batch
    from grassroots.run.pipeline import batch_counts, process_one
    from grassroots.sources.files import discover_files, read_file

    first, fixed = _corrected("s10-original")
    page = tmp_path / "charging.html"

    def read(body: str, token: int, n: int):
        page.write_text(f"<html><head><meta charset='utf-8'><title>淞南镇建成一批充电棚</title></head><body>"
                        f"<article><h1>淞南镇建成一批充电棚</h1>{''.join(f'<p>{p}</p>' for p in body.split(chr(10)))}"
                        f"</article><!-- token {token} --></body></html>", encoding="utf-8")
        refs, _ = discover_files("t", [str(page)])
        raws = [read_file(r, max_bytes=1_000_000) for r in refs]
        b = Batch("t", n, raws=raws, documents=[process_one(r) for r in raws])
        with warehouse.open_writer(db) as c:
            return batch_counts(b, warehouse.load_batch(c, b))

    assert (read(first, 1, 1).new, read(first, 2, 2).unchanged, read(first, 3, 3).new) == (1, 1, 0)
    with warehouse.open_writer(db) as c:
        assert c.execute("select count(*) from documents").fetchone()[0] == 1
        assert c.execute("select count(*) from core.raw_captures").fetchone()[0] == 1
    got = read(fixed, 4, 4)
    assert (got.new, got.duplicate, got.unchanged) == (0, 1, 0)
    with warehouse.open_writer(db) as c:
        assert c.execute("select count(*) from documents").fetchone()[0] == 2
        assert c.execute("select sightings from articles").fetchall() == [(2,)]


# a copy spun far enough that no LSH band is shared (3-gram Jaccard 0.11), facts and order kept
FACTS_ORIG = ("街道今年新建3个“邻里汇”，服务居民1200人次。项目投入资金50万元，覆盖8个居民区。每个“邻里汇”配备2名社工，"
              "开放时间为每天9小时。街道还组建了15支志愿服务队，招募志愿者320名。居民可通过“社区通”预约，首批已有600户家庭登记。"
              "下一步，街道计划再建设4个站点，力争年底前实现全覆盖。")
FACTS_SPUN = ("该街今岁新设3个“邻里汇”，惠及住户1200人次。工程拨付款项50万元，遍及8个居住区。每处“邻里汇”配置2名社会工作者，"
              "启用时长为逐日9小时。该街另外组成了15支义工服务团队，召集义工320名。住户能借助“社区通”约定，头一批已有600户家园注册。"
              "接下来，该街打算再兴建4个站点，争取岁末之前做到全笼罩。")
# the same template in another street: other figures throughout
FACTS_OTHER = re.sub(r"\d+", lambda m: str(int(m.group(0)) + 7), FACTS_ORIG)


def test_a_spun_copy_that_shares_no_band_joins_its_story_by_its_facts(con):
    assert not set(dedup.band_keys(dedup.signature(FACTS_ORIG))) & set(dedup.band_keys(dedup.signature(FACTS_SPUN)))
    batch(con, {"a": FACTS_ORIG, "o": FACTS_OTHER})
    res = batch(con, {"s": FACTS_SPUN})
    m = membership(con)
    assert m["s"] == ("a", "near") and m["o"] == ("o", "first")
    assert res["pairs_facts"] == 1  # the original only: the other street's figures differ
    assert con.execute("select count(distinct doc_no) from core.fact_keys").fetchone()[0] == 3
