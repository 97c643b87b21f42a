"""Re-examine stored clusters under the no-chaining rule and split chained ones (issue 16).

Clusters made by single-linkage (before the rule of ``grassroots.dedup.story``) can hold
several stories joined through a chain of members. ``recluster`` takes every cluster with more
than one member and replays the load's rule (``clusters.assign_clusters``) over its members in
the order they arrived (``doc_signatures.doc_no``): a member joins the part whose canonical (its
best member so far by ``clusters._rank``) it is one story with, parts it matches both are one
part from then on (two clusters merge only when a document matches both canonicals), and a member
that matches none starts a part. A warehouse made by the current rule therefore comes out as it
is. The part holding the stored canonical document keeps the cluster id; every other part becomes
a new cluster, recorded in ``core.cluster_splits``. The data the views read is refreshed in the
same transaction (``marts.refresh_views``).

Idempotent: a part's members meet, in the same order, only the canonicals of the part's own
earlier members, so replaying a part alone rebuilds it whole.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from grassroots.dedup import story
from grassroots.dedup.story import DEFAULT_RULE, StoryRule
from grassroots.models import utcnow
from grassroots.warehouse import clusters as clustering
from grassroots.warehouse import lake as lakehouse
from grassroots.warehouse import marts
from grassroots.warehouse.clusters import (
    _doc_info,
    _plausible,
    _priorities,
    _rank,
    _run,
    _takes_over,
    _unblob,
)
from grassroots.warehouse.lookups import rows_for_keys

# Clusters examined per round: bounds the texts held in memory.
CHUNK = 2000


@dataclass
class Split:
    from_cluster_id: str
    new_cluster_id: str
    canonical_doc_id: str
    doc_ids: list[str]


@dataclass
class ReclusterResult:
    clusters_examined: int = 0
    clusters_split: int = 0
    documents_moved: int = 0
    splits: list[Split] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        return {"clusters_examined": self.clusters_examined, "clusters_split": self.clusters_split,
                "parts_new": len(self.splits), "documents_moved": self.documents_moved, "dry_run": self.dry_run}


def parts_of(members: list[str], arrival: dict, info: dict, feats: dict, sigs: dict, sizes: dict,
             priority: dict, rule: StoryRule) -> list[list[str]]:
    """Replay the load's rule over a cluster's members in arrival order; the parts it makes."""
    parts: list[list[str]] = []
    canon: list[str] = []  # each part's best member so far
    page_last: dict[str, str] = {}  # locator -> its latest member so far
    for d in sorted(members, key=lambda m: (arrival.get(m, 1 << 62), m)):
        exact = [k for k, c in enumerate(canon) if info[c].content_hash == info[d].content_hash]
        hit = exact[:1] or [k for k, c in enumerate(canon) if _plausible(d, c, sigs, sizes, rule)
                            and story.decide(feats[d], feats[c], rule).same]
        prev = page_last.get(info[d].locator)  # an edit of that page is its story (as the load has it)
        if prev is not None and story.decide(feats[d], feats[prev], rule, same_page=True).same:
            hit = sorted({*hit, next(k for k, p in enumerate(parts) if prev in p)})
        else:
            prev = None
        page_last[info[d].locator] = d
        if not hit:
            parts.append([d])
            canon.append(d)
            continue
        keep = hit[0]  # the oldest part: the load keeps the oldest cluster's id
        for k in reversed(hit[1:]):
            parts[keep].extend(parts.pop(k))
            other = canon.pop(k)
            if _rank(info[other], priority) < _rank(info[canon[keep]], priority):
                canon[keep] = other
        parts[keep].append(d)
        if _takes_over(d, canon[keep], prev, info, priority):
            canon[keep] = d
    return parts


def recluster(con: duckdb.DuckDBPyConnection, *, dry_run: bool = False, rule: StoryRule = DEFAULT_RULE) -> ReclusterResult:
    """Split every chained cluster, in one transaction (rolled back with dry_run)."""
    res = ReclusterResult(dry_run=dry_run)
    now = utcnow()
    con.execute("begin transaction")
    try:
        multi = [r[0] for r in con.execute("select cluster_id from core.doc_clusters group by cluster_id "
                                           "having count(*) > 1 order by cluster_id").fetchall()]
        res.clusters_examined = len(multi)
        priority = _priorities(con)
        taken = {r[0] for r in con.execute("select cluster_id from core.clusters union all "
                                           "select merged_cluster_id from core.cluster_merges union all "
                                           "select new_cluster_id from core.cluster_splits").fetchall()}
        for i in range(0, len(multi), CHUNK):
            part_ids = multi[i:i + CHUNK]
            rows = rows_for_keys(con, "select doc_id, cluster_id from core.doc_clusters where cluster_id in ({})", part_ids)
            info = _doc_info(con, [r[0] for r in rows], with_text=True)
            canon = dict(rows_for_keys(con, "select cluster_id, canonical_doc_id from core.clusters "
                                      "where cluster_id in ({})", part_ids))
            by_cluster: dict[str, list[str]] = {}
            for d, cid in rows:
                by_cluster.setdefault(cid, []).append(d)
            feats = {d: story.features(i.text or "", rule) for d, i in info.items()}
            sigs, sizes, arrival = {}, {}, {}
            for d, no, blob, n in rows_for_keys(con, "select doc_id, doc_no, signature, shingles "
                                                     "from core.doc_signatures where doc_id in ({})", list(info)):
                arrival[d], sigs[d], sizes[d] = no, _unblob(blob), n
            for cid in part_ids:
                parts = parts_of(by_cluster[cid], arrival, info, feats, sigs, sizes, priority, rule)
                if len(parts) == 1:
                    continue
                res.clusters_split += 1
                keep = next((p for p in parts if canon.get(cid) in p), parts[0])
                for p in parts:
                    if p is keep:
                        continue
                    new_id = p[0] if p[0] not in taken else \
                        hashlib.sha256(f"split\n{cid}\n{p[0]}".encode()).hexdigest()[:32]
                    taken.add(new_id)
                    res.splits.append(Split(cid, new_id, p[0], p))
                    res.documents_moved += len(p)
        if res.splits and not dry_run:
            _apply(con, res.splits, rule, now)
        if dry_run:
            con.execute("rollback")
        else:
            lakehouse.claim_write(con)
            con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
    return res


def _apply(con: duckdb.DuckDBPyConnection, splits: list[Split], rule: StoryRule, now) -> None:  # noqa: ANN001
    docs = [r[0] for r in rows_for_keys(con, "select doc_id from core.doc_clusters where cluster_id in ({})",
                                  sorted({s.from_cluster_id for s in splits}))]
    stale = marts.view_keys(con, docs)  # the aggregate rows the documents count in now
    moves = pa.table({
        "doc_id": [d for s in splits for d in s.doc_ids],
        "cluster_id": [s.new_cluster_id for s in splits for _ in s.doc_ids],
        "first": [d == s.canonical_doc_id for s in splits for d in s.doc_ids],
    })
    _run(con, "update core.doc_clusters as m set cluster_id = x.cluster_id, "
              "match_kind = case when x.first then 'first' else m.match_kind end "
              "from _rc_moves x where m.doc_id = x.doc_id", _rc_moves=moves)
    ts = pa.timestamp("us", tz="UTC")
    n = len(splits)
    _run(con, "insert into core.clusters by name select * from _rc_clusters", _rc_clusters=pa.table({
        "cluster_id": [s.new_cluster_id for s in splits], "canonical_doc_id": [s.canonical_doc_id for s in splits],
        "created_at": pa.array([now] * n, ts), "updated_at": pa.array([now] * n, ts)}))
    _run(con, "insert into core.cluster_splits by name select * from _rc_splits", _rc_splits=pa.table({
        "new_cluster_id": [s.new_cluster_id for s in splits], "from_cluster_id": [s.from_cluster_id for s in splits],
        "canonical_doc_id": [s.canonical_doc_id for s in splits],
        "documents": pa.array([len(s.doc_ids) for s in splits], pa.int32()),
        "rule": [repr(rule)] * n, "split_at": pa.array([now] * n, ts)}))
    clustering.refresh_canonical(con, sorted({s.from_cluster_id for s in splits} | {s.new_cluster_id for s in splits}))
    marts.refresh_views(con, docs, stale=stale)


# Migrations that mark a change of the story rule (0040: no chaining; 0080: a story keeps its day
# and figures; 0110: a spun excerpt keeps its facts): clusters stored before the newest of them
# were made under an older rule.
RULE_MIGRATIONS = ("0040", "0080", "0110")


def pending(con: duckdb.DuckDBPyConnection) -> bool:
    """Does this warehouse hold clusters made under an older story rule that no recluster has
    re-examined? (Documents stored before the newest rule migration was applied, and no
    completed `recluster` run since: a migration cannot run Python, so `status` says to.)"""
    versions = ", ".join(f"'{v}'" for v in RULE_MIGRATIONS)
    return bool(con.execute(f"""
        with m as (select max(applied_at) as applied_at from core.schema_migrations where version in ({versions}))
        select exists (select 1 from core.documents d, m where d.ingested_at < m.applied_at)
           and not exists (select 1 from core.runs r, m
                           where r.command = 'recluster' and r.state = 'completed' and r.started_at >= m.applied_at)
    """).fetchone()[0])
