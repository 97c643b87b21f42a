-- sightings: everywhere each story was seen.
-- grain: one row per document (sighting), keyed by the article's cluster_id.
-- columns: cluster_id, article_doc_id (canonical), doc_id, locator, source, publisher,
--   published_date, date_precision, similarity (to the canonical text; 1.0 = same text),
--   match_kind (first|exact|near), is_canonical, ingested_at.
create or replace view sightings as
select d.cluster_id, d.article_doc_id, d.doc_id, d.locator, d.source,
       d.publisher, d.published_date, d.date_precision, d.similarity, d.match_kind,
       d.is_canonical, d.ingested_at
from core.documents d
where d.is_canonical is not null;  -- in a cluster (membership kept on the row)
