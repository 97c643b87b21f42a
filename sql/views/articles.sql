-- articles: one row per story (the canonical document of each cluster).
-- grain: one row per cluster_id.
-- columns:
--   cluster_id: the story's id (one cluster of copies of the same text)
--   doc_id: the canonical document, the copy that represents the story
--   source: configured source the canonical copy came from
--   locator: absolute path (files) or canonical URL (web) of the canonical copy
--   title: the headline
--   published_date: publication date; the first day of the period when date_precision is month
--     or year; null when unknown
--   date_precision: day | month | year | unknown
--   date_source: where the date was found: front_matter | metadata | text | dateline | url
--   publisher: the outlet, when the page names it
--   district: the story's primary district (full name), null when none is named
--   text: the article's body text
--   sightings: documents (copies) in the story's cluster
--   sources: distinct sources that carried the story
--   first_seen_at: when the first copy was ingested
--   last_seen_at: when the latest copy was ingested
create or replace view articles as
select
    d.cluster_id, d.doc_id, d.source, d.locator, d.title, d.published_date, d.date_precision,
    d.date_source, d.publisher, d.district, d.text,
    d.sightings, d.sources, d.first_seen_at, d.last_seen_at
from core.documents d
where d.is_canonical;  -- the story's figures are kept on its canonical row
