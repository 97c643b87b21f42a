-- initiative_mentions: each named initiative an article reports.
-- grain: one row per (doc_id, name, category) of canonical documents; category is null
--   when no category keyword matched.
-- columns: doc_id, cluster_id, name, category, district, published_date, date_precision, evidence.
create or replace view initiative_mentions as
select i.doc_id, c.cluster_id, i.name, cat.category, d.district, d.published_date,
       d.date_precision, i.evidence
from core.initiative_mentions i
join core.clusters c on c.canonical_doc_id = i.doc_id
join core.documents d on d.doc_id = i.doc_id
left join lateral (select unnest(case when len(i.categories) = 0 then [null] else i.categories end) as category) cat on true;
