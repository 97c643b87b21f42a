"""Cluster assignment inside a batch's transaction (exact stage).

A new document joins the cluster of an existing document with the same
content_hash; otherwise it starts a cluster whose id is its own doc_id, so
cluster ids never change once given. The canonical document of each touched
cluster is chosen deterministically: longest text, then earliest date, then
source priority (ref.sources.priority, lower wins), then doc_id.
"""

from __future__ import annotations

import duckdb

from grassroots.models import utcnow


def assign_clusters(con: duckdb.DuckDBPyConnection, new_doc_ids: list[str], cfg=None) -> dict:
    if not new_doc_ids:
        return {"clusters_new": 0, "clusters_joined": 0}
    now = utcnow()
    rows = con.execute(
        """
        select d.doc_id, d.content_hash
        from core.documents d
        where d.doc_id in (select unnest(?::varchar[]))
          and d.doc_id not in (select doc_id from core.doc_clusters)
        order by d.ingested_at, d.doc_id
        """,
        [new_doc_ids],
    ).fetchall()
    if not rows:
        return {"clusters_new": 0, "clusters_joined": 0}
    hashes = sorted({h for _, h in rows})
    existing = dict(con.execute(
        """
        select d.content_hash, min(c.cluster_id)
        from core.documents d join core.doc_clusters c using (doc_id)
        where d.content_hash in (select unnest(?::varchar[]))
        group by d.content_hash
        """,
        [hashes],
    ).fetchall())
    new_clusters, joined, touched = 0, 0, set()
    members = []
    for doc_id, h in rows:
        cid = existing.get(h)
        if cid is None:
            existing[h] = cid = doc_id
            members.append((doc_id, cid, 1.0, "first"))
            con.execute("insert into core.clusters values (?, ?, ?, ?)", [cid, doc_id, now, now])
            new_clusters += 1
        else:
            members.append((doc_id, cid, 1.0, "exact"))
            joined += 1
        touched.add(cid)
    con.executemany("insert into core.doc_clusters values (?, ?, ?, ?)", members)
    refresh_canonical(con, sorted(touched))
    return {"clusters_new": new_clusters, "clusters_joined": joined}


def refresh_canonical(con: duckdb.DuckDBPyConnection, cluster_ids: list[str]) -> None:
    if not cluster_ids:
        return
    con.execute(
        """
        update core.clusters as c set canonical_doc_id = pick.doc_id, updated_at = now()
        from (
            select m.cluster_id, d.doc_id
            from core.doc_clusters m
            join core.documents d using (doc_id)
            left join ref.sources s on s.name = d.source
            where m.cluster_id in (select unnest(?::varchar[]))
            qualify row_number() over (
                partition by m.cluster_id
                order by d.text_chars desc, d.published_date asc nulls last,
                         coalesce(s.priority, 100) asc, d.doc_id asc) = 1
        ) pick
        where c.cluster_id = pick.cluster_id and c.canonical_doc_id <> pick.doc_id
        """,
        [cluster_ids],
    )
