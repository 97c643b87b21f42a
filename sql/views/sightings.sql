-- sightings: everywhere each story was seen.
-- grain: one row per document (sighting), keyed by the article's cluster_id.
-- columns: cluster_id, article_doc_id (canonical), doc_id, locator, source, publisher,
--   published_date, date_precision, similarity (to the canonical text; 1.0 = same text),
--   match_kind (first|exact|near), is_canonical, ingested_at.
create or replace view sightings as
select m.cluster_id, c.canonical_doc_id as article_doc_id, d.doc_id, d.locator, d.source,
       d.publisher, d.published_date, d.date_precision, m.similarity, m.match_kind,
       (c.canonical_doc_id = d.doc_id) as is_canonical, d.ingested_at
from core.doc_clusters m
join core.documents d using (doc_id)
join core.clusters c on c.cluster_id = m.cluster_id;
