-- mart core.mv_district_category_quarterly: the rows the public view `district_category_quarterly` reads.
-- grain: one row per (district, quarter, category) with a dated story or initiative.
-- keys: district, quarter, category
-- Each load keeps it current for what it touched (warehouse/marts.py): `keys` lists the keys
-- the scope's documents count in (temporary tables _mv_scope: their ids, _mv_scope_mentions:
-- their mentions), `rows` computes the mart's rows for the keys in _mv_keys. A full rebuild
-- is the same two statements with every document in scope.

-- name: keys
select distinct c.doc_district as district, date_trunc('quarter', c.doc_published_date)::date as quarter,
       c.category
from core.document_categories c
where c.doc_id in (select doc_id from _mv_scope) and c.is_canonical and c.doc_district is not null and c.doc_published_date is not null and c.doc_date_precision in ('day', 'month')
union
select distinct district, quarter, category from (
    select i.doc_district as district, date_trunc('quarter', i.doc_published_date)::date as quarter,
           unnest(i.categories) as category
    from _mv_scope_mentions i
    where i.is_canonical and i.doc_district is not null and i.doc_published_date is not null and i.doc_date_precision in ('day', 'month'));

-- name: rows
with arts as (
    select c.district, c.quarter, c.category, count(distinct c.doc_id) as articles
    from (select dc.doc_id, dc.doc_district as district,
                 date_trunc('quarter', dc.doc_published_date)::date as quarter, dc.category
          from core.document_categories dc where dc.is_canonical and dc.doc_district is not null and dc.doc_published_date is not null and dc.doc_date_precision in ('day', 'month')) c
    semi join _mv_keys k on k.district = c.district and k.quarter = c.quarter and k.category = c.category
    group by c.district, c.quarter, c.category
), inits as (
    select c.district, c.quarter, c.category, count(distinct c.name) as initiatives
    from (select i.doc_district as district, date_trunc('quarter', i.doc_published_date)::date as quarter,
                 unnest(i.categories) as category, i.name
          from core.initiative_mentions i where i.is_canonical and i.doc_district is not null and i.doc_published_date is not null and i.doc_date_precision in ('day', 'month')) c
    semi join _mv_keys k on k.district = c.district and k.quarter = c.quarter and k.category = c.category
    group by c.district, c.quarter, c.category
)
select coalesce(arts.district, inits.district) as district,
       coalesce(arts.quarter, inits.quarter) as quarter,
       coalesce(arts.category, inits.category) as category,
       coalesce(arts.articles, 0) as articles,
       coalesce(inits.initiatives, 0) as initiatives
from arts
full outer join inits
  on inits.district = arts.district and inits.quarter = arts.quarter and inits.category = arts.category;
