-- documents: every accepted document (sighting).
-- grain: one row per document (doc_id), i.e. one place a story was seen with one content.
-- columns: doc_id, source, locator (path or URL), title, published_date (first day of the
--   period when precision is month/year), date_precision (day|month|year|unknown),
--   date_source (front_matter|metadata|text|dateline|url), publisher, text, district
--   (primary district, full name), cluster_id (the story), is_canonical (the copy that
--   represents the story), ingested_at, then author, date_text, title_source, input_format,
--   encoding, encoding_source, encoding_flags, extractor, content_hash, raw_sha256, similarity.
create or replace view documents as
select
    d.doc_id, d.source, d.locator, d.title, d.published_date, d.date_precision, d.date_source,
    d.publisher, d.text, d.district, d.cluster_id, d.is_canonical, d.ingested_at,
    d.author, d.date_text, d.title_source, d.input_format, d.encoding, d.encoding_source,
    d.encoding_flags, d.extractor, d.content_hash, d.raw_sha256, d.similarity
from core.documents d
where d.is_canonical is not null;  -- in a cluster (membership kept on the row)
