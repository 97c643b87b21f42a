-- initiative_mentions: each named initiative a story reports, once per category.
-- grain: one row per (doc_id, name, category) of canonical documents (stories, never
--   copies); category is null when no category keyword matched the programme.
-- columns: doc_id, cluster_id, name (normalised programme name, e.g. 七个一百), category,
--   district (the story's primary district, null if unknown), published_date,
--   date_precision (day | month | year | unknown), evidence (the sentence it came from),
--   kind (named | code | campaign).
create or replace view initiative_mentions as
select i.doc_id, i.cluster_id, i.name,
       unnest(case when len(i.categories) = 0 then [null] else i.categories end)::varchar as category,
       i.doc_district as district, i.doc_published_date as published_date,
       i.doc_date_precision as date_precision, i.evidence, i.kind
from core.initiative_mentions i
where i.is_canonical;  -- the story's district and date are kept on the row
