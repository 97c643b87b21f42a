-- initiative_mentions: each named initiative a story reports, once per category.
-- grain: one row per (doc_id, name, category) of canonical documents (stories, never
--   copies); category is null when no category keyword matched the programme.
-- columns:
--   doc_id: the article (canonical document)
--   cluster_id: the story
--   name: normalised programme name (e.g. 七个一百)
--   category: initiative category, null when no category keyword matched
--   district: the story's primary district, null if unknown
--   published_date: the story's date (first day of the period for month or year precision)
--   date_precision: day | month | year | unknown
--   evidence: the sentence the name came from
--   kind: named (a quoted brand) | code (2+14+68+610) | campaign (我为群众办实事)
--   full_name: the name as printed, quotes and attached noun kept (“七个一百”实践行动); null for
--     rows loaded before it was recorded
create or replace view initiative_mentions as
select i.doc_id, i.cluster_id, i.name,
       unnest(case when len(i.categories) = 0 then [null] else i.categories end)::varchar as category,
       i.doc_district as district, i.doc_published_date as published_date,
       i.doc_date_precision as date_precision, i.evidence, i.kind, i.full_name
from core.initiative_mentions i
where i.is_canonical;  -- the story's district and date are kept on the row
