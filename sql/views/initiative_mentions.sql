-- initiative_mentions: each named initiative a story reports, once per category.
-- grain: one row per (doc_id, name, category) of canonical documents (stories, never
--   copies); category is null when no category keyword matched the programme.
-- columns: doc_id, cluster_id, name (normalised programme name, e.g. 七个一百), category,
--   district (the story's primary district, null if unknown), published_date,
--   date_precision (day | month | year | unknown), evidence (the sentence it came from),
--   kind (named | code | campaign).
create or replace view initiative_mentions as
select i.doc_id, c.cluster_id, i.name, cat.category, d.district, d.published_date,
       d.date_precision, i.evidence, i.kind
from core.initiative_mentions i
join core.clusters c on c.canonical_doc_id = i.doc_id
join core.documents d on d.doc_id = i.doc_id
left join lateral (select unnest(case when len(i.categories) = 0 then [null] else i.categories end) as category) cat on true;
