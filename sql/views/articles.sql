-- articles: one row per story (the canonical document of each cluster).
-- grain: one row per cluster_id.
-- columns: cluster_id, doc_id (canonical), source, locator, title, published_date,
--   date_precision, date_source, publisher, district, text, sightings (documents in the
--   cluster), sources (distinct sources that carried it), first_seen_at, last_seen_at.
create or replace view articles as
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
) s on s.cluster_id = c.cluster_id;
