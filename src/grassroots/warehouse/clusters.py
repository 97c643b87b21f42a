"""Cluster assignment inside a batch's transaction: exact and near duplicates (issue 5).

``assign_clusters`` runs after a batch's rows are in ``core.documents``. For the new
documents it stores MinHash signatures (``core.doc_signatures``, with ``doc_no`` in arrival
order), LSH band keys (``core.lsh_bands``) and fact keys (``core.fact_keys``), finds candidates
by an equi-join of their band keys against all stored band keys, of their fact keys against the
stored fact keys (a spun copy's facts, ``story.fact_keys``), plus equal ``content_hash``, and
then takes the new documents
one after the other: each is compared with the canonical document of its candidates' clusters
only (``grassroots.dedup.story.decide``), never with other members, so stories do not chain.

Cluster ids are stable: a new document that matches an existing cluster takes its id; a
document that matches the canonicals of several clusters merges them into the oldest (by
``clusters.created_at``, then id), re-points the others' members and records the merge in
``core.cluster_merges``; a brand-new cluster's id is its first document's doc_id. The
canonical document of each touched cluster is chosen deterministically (``_rank``: earliest
published, source priority, an original before a re-post, the longer text, then hashes); each
member's similarity to it is 1.0 for the same normalised text, else the MinHash estimate.

The data the views read (membership copies on the rows, the core.mv_* aggregates) is brought
up to date by ``warehouse.marts.refresh_views``, which the load calls after this module.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from grassroots.dedup import signatures as dedup
from grassroots.dedup import story
from grassroots.dedup.signatures import DEFAULT_CONFIG, DedupConfig
from grassroots.dedup.story import DEFAULT_RULE, StoryRule
from grassroots.models import utcnow
from grassroots.warehouse.lookups import rows_for_keys as _lookup

# Documents re-signed per chunk when the stored signatures were made with another
# configuration (or predate this module): bounds memory to a few MB of text per chunk.
RESIGN_CHUNK = 2000
class _LRU(OrderedDict):
    """Features of recently compared documents, kept across the loads of one process: the
    canonicals of popular clusters are compared in batch after batch. Keyed by doc_id,
    content_hash, length and rule (``_feature_key``), so a rewritten document is not served
    stale features."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get(self, key, default=None):  # noqa: ANN001, ANN201
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def __setitem__(self, key, value) -> None:  # noqa: ANN001
        super().__setitem__(key, value)
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)


# ~25 kB per 3,000-character document: ~50 MB at most.
_FEATURES = _LRU(2048)

# Candidates per new document (issue 16 "bounded cost"): the SQL_K documents sharing the most
# LSH bands, of which the TOP_K with the highest estimated containment are compared (their
# clusters' canonicals, plus equal content_hash). Measured on the stress sets (seed 3, 200
# stories, by shared bands alone): 2 loses 5 % of re-post recall (the other copies of a story fill
# the slots before they have a cluster), 6 and 12 find every copy. Set (a) at 10,000 stories gives
# a story ~60 documents sharing a band (a pool of 30 background paragraphs), so the cut is what
# bounds the work.
SQL_K = 24
TOP_K = 6


def assign_clusters(con: duckdb.DuckDBPyConnection, new_doc_ids: list[str], cfg: DedupConfig | None = None, *,
                    presigned: dict[str, tuple] | None = None, rule: StoryRule = DEFAULT_RULE,
                    top_k: int = TOP_K) -> dict:
    """Assign the given documents (already in core.documents) to clusters, in load order and then
    in the given order; returns counts.

    Call inside the batch's open transaction. Documents that already have a cluster are left
    alone, so calling again changes nothing. `presigned` maps doc_id to (signature, shingle
    count) made with this `cfg` beside the extraction (pipeline.process_batch); the others are
    signed here from their stored text.

    No chaining (issue 16): a document joins a cluster only when it is one story with the
    cluster's canonical document (``story.decide``), never through another member; it merges
    clusters only when it is one story with each of their canonicals. Candidates per document
    are the `top_k` (by estimated containment) of the stored or earlier documents sharing the
    most LSH bands with it, the `top_k` sharing the most fact keys (compared whatever their
    estimate; ``pairs_facts``), plus equal content_hash; the counts report how many shared a band
    before that cut (p50/p99/max).
    """
    cfg = cfg or DEFAULT_CONFIG
    counts = {"clusters_new": 0, "clusters_joined": 0, "clusters_merged": 0,
              "pairs_candidate": 0, "pairs_exact": 0, "pairs_near": 0, "pairs_compared": 0, "pairs_facts": 0,
              "candidates_p50": 0, "candidates_p99": 0, "candidates_max": 0, "candidates_hist": {}}
    if not new_doc_ids:
        return counts
    now = utcnow()
    _prepare_index(con, cfg, now)
    wanted = sorted(set(new_doc_ids))
    done = _lookup(con, "select doc_id from core.doc_clusters where doc_id in ({})", wanted)
    wanted = sorted(set(wanted) - {r[0] for r in done})
    # in load order, then in the caller's order (a batch's input order): which of a batch's
    # exact copies names the story follows the inputs, not where they sit (doc ids hash paths)
    pos = {d: i for i, d in reversed(list(enumerate(new_doc_ids)))}
    new = sorted(_lookup(con, "select doc_id, text, ingested_at from core.documents where doc_id in ({})", wanted),
                 key=lambda r: (r[2], pos[r[0]]))
    if not new:
        return counts
    ids = [r[0] for r in new]
    order = {d: i for i, d in enumerate(ids)}
    texts = {r[0]: r[1] for r in new}
    info = _doc_info(con, ids)
    made, made_sizes, made_facts = _store_signatures(con, ids, [texts[d] for d in ids], cfg, now, presigned=presigned)
    sigs = dict(zip(ids, made, strict=True))
    sizes = dict(zip(ids, made_sizes, strict=True))

    # ---- candidates: the SQL_K documents sharing the most band keys (with their signature,
    # cluster and that cluster's canonical, in the same query), and equal content_hash
    cand: dict[str, list[str]] = {d: [] for d in ids}
    raw_counts = dict.fromkeys(ids, 0)
    cluster_of: dict[str, str] = {}
    canon: dict[str, str] = {}
    created: dict[str, object] = {}  # filled only for clusters that merge
    feats: dict[str, story.Features] = {}
    signed = [d for d in ids if sigs[d] is not None]
    if signed:
        keys = dedup.band_key_matrix(np.stack([sigs[d] for d in signed]), cfg)
        probe = pa.table({"key": keys.reshape(-1), "doc_id": np.repeat(np.array(signed, dtype=object), cfg.bands)})
        rows = _run(con, """
            with hits as materialized (  -- join on keys first: the Arrow probe has no
                select p.doc_id, b.doc_no, count(*) as shared  -- statistics, and the planner
                from _nd_probe p                                -- once crossed it with
                join core.lsh_bands b on b.key = p.key          -- doc_signatures
                group by all
            ), top as (  -- ranked without the signatures: sorting every hit with its blob
                select h.doc_id as new_id, s.doc_id as cand_id, s.doc_no,  -- took +131 MB of
                       count(*) over (partition by h.doc_id) as n         -- a 200-page load at
                from hits h                                               -- 100k documents
                join core.doc_signatures s on s.doc_no = h.doc_no
                where s.doc_id <> h.doc_id
                qualify row_number() over (partition by h.doc_id order by h.shared desc, s.doc_id) <= ?
            )
            select t.new_id, t.cand_id, t.n, g.signature, g.shingles, m.cluster_id, c.canonical_doc_id
            from top t
            join core.doc_signatures g on g.doc_no = t.doc_no
            left join core.doc_clusters m on m.doc_id = t.cand_id
            left join core.clusters c on c.cluster_id = m.cluster_id
            """, [SQL_K], _nd_probe=probe)
        ranked: dict[str, list[tuple]] = {}
        for a, b, n, blob, nsh, cid, can in rows:
            raw_counts[a] = int(n)
            if b not in order:
                if cid is None:  # a stored document without a cluster (not ours to judge)
                    continue
                sigs.setdefault(b, _unblob(blob))
                sizes.setdefault(b, nsh)
            # a candidate that cannot be one story with the document leads to no cluster worth
            # comparing (cost guard: a copy of the canonical is plausible, so is the canonical);
            # the others by estimated containment, the best top_k kept
            c = _containment(a, b, sigs, sizes)
            if c >= rule.plausible:
                ranked.setdefault(a, []).append((-c, b, cid, can))
        for a, lst in ranked.items():
            for _, b, cid, can in sorted(lst)[:top_k]:
                cand[a].append(b)
                if b not in order:
                    cluster_of[b], canon[cid] = cid, can
    # ---- candidates by facts (story.fact_keys): a spun copy shares its facts' order, not its
    # shingles; compared whatever the MinHash estimate says, the top_k sharing the most keys
    # (the probe holds the keys this load stored: a document stored before has its cluster)
    linked: dict[str, set[str]] = {}
    fdocs = [d for d in ids if len(made_facts.get(d, ()))]
    fprobe = pa.table({"key": pa.array(np.concatenate([made_facts[d] for d in fdocs]) if fdocs else [], pa.int64()),
                       "doc_id": pa.array([d for d in fdocs for _ in range(len(made_facts[d]))], pa.string())})
    for a, b, blob, nsh, cid, can in _run(con, """
            with common as materialized (  -- keys of standard paragraphs: in many documents
                select f.key from core.fact_keys f
                where f.key in (select key from _nd_fprobe)
                group by f.key having count(*) > ?
            ), hits as materialized (
                select p.doc_id, f.doc_no, count(*) as shared
                from _nd_fprobe p join core.fact_keys f on f.key = p.key
                where p.key not in (select key from common)
                group by all having count(*) >= ?
            ), top as (
                select h.doc_id as new_id, s.doc_id as cand_id, s.doc_no
                from hits h join core.doc_signatures s on s.doc_no = h.doc_no
                where s.doc_id <> h.doc_id
                qualify row_number() over (partition by h.doc_id order by h.shared desc, s.doc_id) <= ?
            )
            select t.new_id, t.cand_id, g.signature, g.shingles, m.cluster_id, c.canonical_doc_id
            from top t
            join core.doc_signatures g on g.doc_no = t.doc_no
            left join core.doc_clusters m on m.doc_id = t.cand_id
            left join core.clusters c on c.cluster_id = m.cluster_id
            """, [story.FACT_KEY_DOCS_MAX, story.FACT_KEY_MIN, top_k], _nd_fprobe=fprobe) if fprobe.num_rows else ():
        if b not in order:
            if cid is None:
                continue
            sigs.setdefault(b, _unblob(blob))
            sizes.setdefault(b, nsh)
            cluster_of[b], canon[cid] = cid, can
        linked.setdefault(a, set()).add(b)
        if b not in cand[a]:
            cand[a].append(b)
    counts["pairs_facts"] = sum(map(len, linked.values()))
    by_hash: dict[str, list[str]] = {}
    for h, d in _lookup(con, "select content_hash, doc_id from core.documents where content_hash in ({})",
                        sorted({info[d].content_hash for d in ids})):
        by_hash.setdefault(h, []).append(d)
    for d in ids:
        for other in by_hash.get(info[d].content_hash, ()):
            if other != d and other not in cand[d]:
                cand[d].insert(0, other)
    dist = np.array([raw_counts[d] for d in ids])
    counts.update(pairs_candidate=int(dist.sum()), candidates_p50=int(np.percentile(dist, 50)),
                  candidates_p99=int(np.percentile(dist, 99)), candidates_max=int(dist.max()),
                  # exact and mergeable across loads: candidate count -> documents
                  candidates_hist={str(k): int(v) for k, v in zip(*np.unique(dist, return_counts=True), strict=True)})

    # ---- stored candidates found by hash only: their clusters; the canonicals' signatures
    extra = sorted({c for d in ids for c in cand[d] if c not in order and c not in cluster_of})
    if extra:
        for d, cid, can in _lookup(con, "select m.doc_id, m.cluster_id, c.canonical_doc_id "
                                        "from core.doc_clusters m join core.clusters c using (cluster_id) "
                                        "where m.doc_id in ({})", extra):
            cluster_of[d], canon[cid] = cid, can
    # ---- the pages read before: the latest stored version of each new document's locator, its
    # story and that story's canonical (a new version is judged against its own page first)
    page_last: dict[str, str] = {}
    for loc, d, _, cid, can in sorted(_lookup(
            con, "select d.locator, d.doc_id, d.ingested_at, m.cluster_id, c.canonical_doc_id from core.documents d "
                 "join core.doc_clusters m on m.doc_id = d.doc_id join core.clusters c on c.cluster_id = m.cluster_id "
                 "where d.locator in ({})", sorted({info[d].locator for d in ids})), key=lambda r: (r[2], r[1])):
        page_last[loc] = d
        cluster_of[d] = cid
        canon.setdefault(cid, can)
    info.update(_doc_info(con, sorted(set(page_last.values()) - set(info))))
    if canon:
        for d, blob, n in _lookup(con, "select doc_id, signature, shingles from core.doc_signatures "
                                       "where doc_id in ({})", sorted(set(canon.values()) - set(sigs))):
            sigs[d], sizes[d] = _unblob(blob), n
        # texts only of the canonicals some new document could be one story with
        need = {canon[cluster_of[x]] for d in ids for x in cand[d]
                if x in cluster_of and (x in linked.get(d, ()) or _plausible(d, canon[cluster_of[x]], sigs, sizes, rule))}
        info.update(_doc_info(con, sorted(set(canon.values()) - set(info))))
        for c in need:  # features kept from earlier loads: pinned for this load
            f = _FEATURES.get(_feature_key(c, info[c], rule))
            if f is not None:
                feats[c] = f
        # ... and of the pages' earlier versions, in the same lookup
        need |= {page_last[info[d].locator] for d in ids if info[d].locator in page_last}
        texts.update(_lookup(con, "select doc_id, text from core.documents where doc_id in ({})",
                             sorted(need - set(texts) - set(feats))))
    priority = _priorities(con)

    def feat(doc_id: str) -> story.Features:
        key = _feature_key(doc_id, info[doc_id], rule)
        f = feats.get(doc_id) or _FEATURES.get(key)
        if f is None:  # once per document per load at most
            if doc_id not in texts:  # a canonical taken over in a merge
                texts.update(_lookup(con, "select doc_id, text from core.documents where doc_id in ({})", [doc_id]))
            f = story.features(texts[doc_id], rule)
        feats[doc_id] = _FEATURES[key] = f
        return f

    # ---- one new document after the other, against canonicals only
    members: dict[str, list[str]] = {}  # cluster -> this batch's documents in it
    kind_of: dict[str, str] = {}
    merges: list[tuple[str, str]] = []
    new_clusters: list[str] = []
    for d in ids:
        # an edit of the page read before (a correction, a live page that grew) is its story
        prev, page = page_last.get(info[d].locator), None
        if prev is not None:
            counts["pairs_compared"] += 1
            if story.decide(feat(d), feat(prev), rule, same_page=True).same:
                page = _resolve(cluster_of[prev], merges)
        # clusters of the candidates that are stored or earlier in this batch
        cids = []
        for c in cand[d]:
            cid = cluster_of.get(c)
            if cid is not None:
                cid = _resolve(cid, merges)
                if cid not in cids:
                    cids.append(cid)
        exact = [cid for cid in cids if info[canon[cid]].content_hash == info[d].content_hash]
        by_facts = {_resolve(cluster_of[c], merges) for c in linked.get(d, ()) if c in cluster_of}
        if exact:
            matched, kind = exact[:1], "exact"
            counts["pairs_exact"] += 1
        else:
            matched, kind = [], "near"
            for cid in cids:
                if cid not in by_facts and not _plausible(d, canon[cid], sigs, sizes, rule):
                    continue
                counts["pairs_compared"] += 1
                if story.decide(feat(d), feat(canon[cid]), rule).same:
                    matched.append(cid)
            counts["pairs_near"] += len(matched)
        if page is not None and page not in matched:
            kind = kind if matched else "edit"
            matched.append(page)
        if not matched:
            cid = d
            canon[cid], created[cid] = d, now
            new_clusters.append(cid)
            kind_of[d] = "first"
            counts["clusters_new"] += 1
        else:
            if len(matched) > 1:  # the oldest cluster keeps its id
                created.update(_lookup(con, "select cluster_id, created_at from core.clusters where cluster_id in ({})",
                                       [c for c in matched if c not in created]))
                matched.sort(key=lambda c: (created[c], c))
            cid = matched[0]
            for other in matched[1:]:
                merges.append((other, cid))
                members.setdefault(cid, []).extend(members.pop(other, []))
                if _rank(info[canon[other]], priority) < _rank(info[canon[cid]], priority):
                    canon[cid] = canon[other]
                counts["clusters_merged"] += 1
            kind_of[d] = kind
            if _takes_over(d, canon[cid], prev if page is not None else None, info, priority):
                canon[cid] = d  # the document that refresh_canonical will choose
        cluster_of[d] = cid
        page_last[info[d].locator] = d
        members.setdefault(cid, []).append(d)
    counts["clusters_joined"] = len(ids) - counts["clusters_new"]

    merged = {a for a, _ in merges}
    fresh = [c for c in new_clusters if c not in merged]
    merges = [(a, _resolve(k, merges)) for a, k in merges if a not in new_clusters]
    if fresh:
        ts = pa.timestamp("us", tz="UTC")
        _run(con, "insert into core.clusters by name select * from _nd_clusters", _nd_clusters=pa.table({
            "cluster_id": fresh, "canonical_doc_id": fresh,
            "created_at": pa.array([now] * len(fresh), ts), "updated_at": pa.array([now] * len(fresh), ts)}))
    if merges:
        _merge_clusters(con, merges, now)
    rows = []
    for cid, docs in members.items():
        for d in docs:
            rows.append({"doc_id": d, "cluster_id": cid, "similarity": 1.0,
                         "match_kind": "first" if d == cid else ("near" if kind_of[d] == "first" else kind_of[d])})
    _run(con, "insert into core.doc_clusters by name select * from _nd_members", _nd_members=pa.Table.from_pylist(
        rows, schema=pa.schema([("doc_id", pa.string()), ("cluster_id", pa.string()), ("similarity", pa.float64()),
                                ("match_kind", pa.string())])))
    # (members of this batch, and of clusters merged into another, have no similarity yet)
    refresh_canonical(con, sorted(members), fresh={d for docs in members.values() for d in docs},
                      whole={k for _, k in merges})
    return counts


def _containment(a: str, b: str, sigs: dict, sizes: dict) -> float:
    """The shorter side's share of shared shingles, estimated from the MinHash Jaccard and the
    shingle counts (|A n B| = J (|A| + |B|) / (1 + J)); 1.0 without a signature (short texts
    go to the full decision)."""
    sa, sb = sigs.get(a), sigs.get(b)
    na, nb = sizes.get(a) or 0, sizes.get(b) or 0
    if sa is None or sb is None or not na or not nb:
        return 1.0
    j = dedup.estimate_jaccard(sa, sb)
    return j * (na + nb) / (1 + j) / min(na, nb)


def _plausible(a: str, b: str, sigs: dict, sizes: dict, rule: StoryRule) -> bool:
    """Could a and b be one story, by their signatures? Their estimated containment must reach
    `rule.plausible`: one story shares at least ~0.45 of the shorter side (30 %-spun copies),
    stories that share one background paragraph ~0.1-0.3."""
    return _containment(a, b, sigs, sizes) >= rule.plausible


def _feature_key(doc_id: str, i: DocInfo, rule: StoryRule) -> tuple:
    return (doc_id, i.content_hash, i.chars, rule)


def _resolve(cid: str, merges: list[tuple[str, str]]) -> str:
    """The cluster an id was merged into in this batch (follows chains of merges)."""
    into = dict(merges)
    while cid in into:
        cid = into[cid]
    return cid


@dataclass(frozen=True)
class DocInfo:
    content_hash: str
    published: object
    source: str
    raw_sha256: str
    reposted: bool
    chars: int
    capture: bool  # a text capture or markdown copy rather than the page itself
    locator: str
    ingested_at: object
    text: str | None = None


# A line that says the text comes from elsewhere: the document is a re-post of another one.
_REPOST_SQL = r"regexp_matches(text, '(^|\n)\s*[(\[【（]?\s*(来源|转自|本文转自|转载自|稿件来源|文章来源|本文来源)\s*[:：丨|]')"


def _doc_info(con: duckdb.DuckDBPyConnection, doc_ids: list[str], *, with_text: bool = False) -> dict[str, DocInfo]:
    """What the canonical choice needs of each document (and its text when asked)."""
    if not doc_ids:
        return {}
    rows = _lookup(con, f"select doc_id, content_hash, published_date, source, raw_sha256, {_REPOST_SQL}, text_chars, "
                        f"input_format not like '%html', locator, ingested_at{', text' if with_text else ''} "
                        f"from core.documents where doc_id in ({{}})", doc_ids)
    return {r[0]: DocInfo(*r[1:]) for r in rows}


def _priorities(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {n: p for n, p in con.execute("select name, priority from ref.sources").fetchall() if p is not None}


def _rank(i: DocInfo, priority: dict[str, int], superseded: bool = False) -> tuple:
    """Canonical order (issue 19 point 5): earliest published, then source priority (lower wins),
    then an original before a re-post (a 来源/转自 line), then keys that do not depend on where
    the file sits (the longer text, the most complete copy; a page before a text or markdown
    capture of it; content_hash; the raw bytes' hash): the same corpus in two folders picks the
    same canonical document. A page's earlier version, once its page was read again in another
    version of the same story (``superseded``), comes after all of them: a correction replaces
    what it corrects."""
    return (superseded, i.published is None, i.published or 0, priority.get(i.source, 100), i.reposted,
            -(i.chars or 0), i.capture, i.content_hash, i.raw_sha256 or "")


def _superseded(docs: list[str], info: dict[str, DocInfo]) -> set[str]:
    """Of one story's documents, those read from a locator that a later one was read from too."""
    latest: dict[str, str] = {}
    for d in docs:
        cur = latest.get(info[d].locator)
        if cur is None or (info[d].ingested_at, d) > (info[cur].ingested_at, cur):
            latest[info[d].locator] = d
    return {d for d in docs if latest[info[d].locator] != d}


def _takes_over(d: str, cur: str, previous: str | None, info: dict[str, DocInfo], priority: dict[str, int]) -> bool:
    """Does a story's new member `d` become its canonical over `cur` (as ``refresh_canonical``
    will choose)? It does when it is a later version of that very page, else by rank."""
    return cur == previous or _rank(info[d], priority) < _rank(info[cur], priority)


def refresh_canonical(con: duckdb.DuckDBPyConnection, cluster_ids: list[str], *, fresh: set[str] | None = None,
                      whole: set[str] = frozenset()) -> None:
    """Pick each cluster's canonical document (``_rank``) and set every member's similarity to
    it. Reads only the touched clusters' rows (by key lists, so wide columns are not scanned).
    With ``fresh`` (the members just added), a cluster whose canonical stays keeps its other
    members' similarities: only the fresh ones, and every member of a cluster whose canonical
    moved or that is in ``whole`` (another cluster merged into it), are measured."""
    if not cluster_ids:
        return
    members = _lookup(con, "select doc_id, cluster_id, similarity from core.doc_clusters where cluster_id in ({})",
                      cluster_ids)
    doc_ids = [m[0] for m in members]
    info = _doc_info(con, doc_ids)
    priority = _priorities(con)
    current = dict(_lookup(con, "select cluster_id, canonical_doc_id from core.clusters where cluster_id in ({})",
                           cluster_ids))
    by_cluster: dict[str, list[str]] = {}
    for doc_id, cid, _ in members:
        by_cluster.setdefault(cid, []).append(doc_id)
    canonical = {}
    for cid, docs in by_cluster.items():
        old = _superseded(docs, info)
        canonical[cid] = min(docs, key=lambda d: (_rank(info[d], priority, d in old), d))
    moved = [{"cluster_id": c, "canonical_doc_id": d} for c, d in sorted(canonical.items()) if current.get(c) != d]
    if moved:
        _run(con, "update core.clusters as c set canonical_doc_id = x.canonical_doc_id, updated_at = now() "
                  "from _nd_canon x where c.cluster_id = x.cluster_id", _nd_canon=pa.Table.from_pylist(moved))
    if fresh is not None:
        members = [m for m in members
                   if m[0] in fresh or m[1] in whole or current.get(m[1]) != canonical[m[1]]]
    measured = {d for d, _, _ in members} | {canonical[cid] for _, cid, _ in members}
    sig_of = {d: b for d, b in _lookup(con, "select doc_id, signature from core.doc_signatures where doc_id in ({})",
                                       sorted(measured))}
    changed = []
    for doc_id, cid, old_sim in members:
        can = canonical[cid]
        if info[doc_id].content_hash == info[can].content_hash:
            sim = 1.0
        elif sig_of.get(doc_id) is not None and sig_of.get(can) is not None:
            sim = dedup.estimate_jaccard(_unblob(sig_of[doc_id]), _unblob(sig_of[can]))
        else:
            sim = 0.0
        if sim != old_sim:
            changed.append({"doc_id": doc_id, "similarity": sim})
    if changed:
        _run(con, "update core.doc_clusters as m set similarity = x.similarity from _nd_sim x "
                  "where m.doc_id = x.doc_id", _nd_sim=pa.Table.from_pylist(changed))


# ---------------------------------------------------------------- helpers


def _ruled_out(sig_a: np.ndarray | None, sig_b: np.ndarray | None, cfg: DedupConfig) -> bool:
    """True when verify would refuse the pair from the signatures alone (below grey_low)."""
    return sig_a is not None and sig_b is not None and dedup.estimate_jaccard(sig_a, sig_b) < cfg.grey_low


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None, **tables: pa.Table) -> list[tuple]:
    """Execute with Arrow tables registered under the given names."""
    for name, tbl in tables.items():
        con.register(name, tbl)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        for name in tables:
            con.unregister(name)


def _unblob(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def _store_signatures(con: duckdb.DuckDBPyConnection, ids: list[str], texts: list[str], cfg: DedupConfig,
                      now, *, presigned: dict[str, tuple] | None = None) -> tuple[list, list, dict]:  # noqa: ANN001
    """Compute signatures (unless presigned); store them, their band keys and their fact keys for
    documents not stored yet. Returns the signatures, shingle counts and the fact keys stored."""
    presigned = presigned or {}
    need = [i for i, d in enumerate(ids) if d not in presigned]
    facts = {d: p[2] for d, p in presigned.items() if p[2] is not None}
    made, made_sizes = dedup.sign_texts([texts[i] for i in need], cfg) if need else ([], [])
    sigs: list[np.ndarray | None] = [presigned[d][0] if d in presigned else None for d in ids]
    sizes: list[int] = [presigned[d][1] if d in presigned else 0 for d in ids]
    for i, sg, sz in zip(need, made, made_sizes, strict=True):
        sigs[i], sizes[i] = sg, sz
    have = {r[0] for r in _lookup(con, "select doc_id from core.doc_signatures where doc_id in ({})", ids)}
    todo = [i for i, d in enumerate(ids) if d not in have]
    if not todo:
        return sigs, sizes, {}
    # numbers after the largest stored one, inside the load's transaction (loads are serialised:
    # file lock, or DuckLake's commit conflict); DuckLake has no sequences. The numbers are
    # distinct and positive, so the largest is at least their count (answered from metadata):
    # filtered on it, the scan skips every row group that ends below, where max() alone read a
    # block per row group (126 MB of a 100,000-document warehouse's cache per load)
    stored = con.execute("select count(*) from core.doc_signatures").fetchone()[0]
    first = con.execute("select coalesce(max(doc_no), 0) + 1 from core.doc_signatures where doc_no >= ?",
                        [stored]).fetchone()[0]
    nos = list(range(first, first + len(todo)))
    sig_rows = pa.table({
        "doc_id": [ids[i] for i in todo],
        "doc_no": pa.array(nos, pa.int32()),
        "algo": [cfg.algo] * len(todo),
        "shingles": pa.array([sizes[i] for i in todo], pa.int32()),
        "signature": pa.array([None if sigs[i] is None else sigs[i].astype("<u4").tobytes() for i in todo],
                              pa.binary()),
        "created_at": pa.array([now] * len(todo), pa.timestamp("us", tz="UTC")),
    })
    con.register("_nd_sigs", sig_rows)
    try:
        con.execute("insert into core.doc_signatures by name select * from _nd_sigs")
    finally:
        con.unregister("_nd_sigs")
    stored_facts = {ids[i]: facts[ids[i]] if ids[i] in facts else story.fact_keys(texts[i]) for i in todo}
    keyed = [(no, stored_facts[ids[i]]) for no, i in zip(nos, todo, strict=True) if len(stored_facts[ids[i]])]
    if keyed:
        _run(con, "insert into core.fact_keys by name select * from _nd_facts", _nd_facts=pa.table({
            "key": pa.array(np.concatenate([k for _, k in keyed]), pa.int64()),
            "doc_no": pa.array(np.repeat(np.array([no for no, _ in keyed], dtype=np.int32), [len(k) for _, k in keyed]))}))
    signed = [(no, sigs[i]) for no, i in zip(nos, todo, strict=True) if sigs[i] is not None]
    if signed:
        keys = dedup.band_key_matrix(np.stack([s for _, s in signed]), cfg)
        bands = pa.table({
            "key": keys.reshape(-1),
            "band": pa.array(np.tile(np.arange(cfg.bands, dtype=np.uint8), len(signed)), pa.uint8()),
            "doc_no": pa.array(np.repeat(np.array([no for no, _ in signed], dtype=np.int32), cfg.bands)),
        })
        con.register("_nd_bands", bands)
        try:
            con.execute("insert into core.lsh_bands by name select * from _nd_bands")
        finally:
            con.unregister("_nd_bands")
    return sigs, sizes, stored_facts


def _merge_clusters(con: duckdb.DuckDBPyConnection, merges: list[tuple[str, str]], now) -> None:  # noqa: ANN001
    """Fold each (absorbed, kept) cluster pair: re-point members, record, drop the absorbed row."""
    absorbed = [a for a, _ in merges]
    con.register("_nd_merge", pa.table({"merged_cluster_id": absorbed, "into_cluster_id": [k for _, k in merges]}))
    try:
        con.execute("update core.doc_clusters as m set cluster_id = x.into_cluster_id from _nd_merge x "
                    "where m.cluster_id = x.merged_cluster_id")
        # earlier merges into an absorbed cluster now point at the kept one
        con.execute("update core.cluster_merges as r set into_cluster_id = x.into_cluster_id from _nd_merge x "
                    "where r.into_cluster_id = x.merged_cluster_id")
        con.execute("insert into core.cluster_merges select merged_cluster_id, into_cluster_id, ? from _nd_merge",
                    [now])
        con.execute("delete from core.clusters where cluster_id in (select merged_cluster_id from _nd_merge)")
    finally:
        con.unregister("_nd_merge")


def _prepare_index(con: duckdb.DuckDBPyConnection, cfg: DedupConfig, now) -> None:  # noqa: ANN001
    """Make the stored signatures match ``cfg``: re-sign everything once after a configuration
    change, and sign clustered documents that predate signatures (bounded chunks)."""
    row = con.execute("select layout from core.near_dup_state where id = 1").fetchone()
    if row is None or row[0] != cfg.layout:
        if row is not None:
            con.execute("delete from core.lsh_bands")
            con.execute("delete from core.fact_keys")
            con.execute("delete from core.doc_signatures")
        con.execute("delete from core.near_dup_state where id = 1")  # no INSERT OR REPLACE on DuckLake
        con.execute("insert into core.near_dup_state values (1, ?, ?)", [cfg.layout, now])
    clustered, signed = con.execute(
        "select (select count(*) from core.doc_clusters), (select count(*) from core.doc_signatures)").fetchone()
    if clustered <= signed:
        return
    while True:
        chunk = con.execute(
            """
            select d.doc_id, d.text from core.documents d
            join core.doc_clusters c using (doc_id)
            where not exists (select 1 from core.doc_signatures s where s.doc_id = d.doc_id)
            order by d.doc_id limit ?
            """,
            [RESIGN_CHUNK],
        ).fetchall()
        if not chunk:
            return
        _store_signatures(con, [r[0] for r in chunk], [r[1] for r in chunk], cfg, now)
