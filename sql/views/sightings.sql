-- sightings: everywhere each story was seen.
-- grain: one row per document (sighting), keyed by the article's cluster_id.
-- columns:
--   cluster_id: the story
--   article_doc_id: the story's canonical document
--   doc_id: this sighting's document
--   locator: path or URL of this sighting
--   source: configured source of this sighting
--   publisher: the outlet this sighting names
--   published_date: this sighting's date (first day of the period for month or year precision)
--   date_precision: day | month | year | unknown
--   similarity: similarity to the canonical text (1.0 = same text)
--   match_kind: how it joined the story: first | exact | near | edit (a later version of the same page)
--   is_canonical: true on the copy that represents the story
--   ingested_at: when this sighting was stored
create or replace view sightings as
select d.cluster_id, d.article_doc_id, d.doc_id, d.locator, d.source,
       d.publisher, d.published_date, d.date_precision, d.similarity, d.match_kind,
       d.is_canonical, d.ingested_at
from core.documents d
where d.is_canonical is not null;  -- in a cluster (membership kept on the row)
