-- articles: one row per story (the canonical document of each cluster).
-- grain: one row per cluster_id.
-- columns: cluster_id, doc_id (canonical), source, locator, title, published_date,
--   date_precision, date_source, publisher, district, text, sightings (documents in the
--   cluster), sources (distinct sources that carried it), first_seen_at, last_seen_at.
create or replace view articles as
select
    d.cluster_id, d.doc_id, d.source, d.locator, d.title, d.published_date, d.date_precision,
    d.date_source, d.publisher, d.district, d.text,
    d.sightings, d.sources, d.first_seen_at, d.last_seen_at
from core.documents d
where d.is_canonical;  -- the story's figures are kept on its canonical row
