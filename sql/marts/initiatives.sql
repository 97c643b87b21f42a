-- mart core.mv_initiatives: the rows the public view `initiatives` reads.
-- grain: one row per (name, district).
-- keys: name, district
-- Each load keeps it current for what it touched (warehouse/marts.py): `keys` lists the keys
-- the scope's documents count in (temporary tables _mv_scope: their ids, _mv_scope_mentions:
-- their mentions), `rows` computes the mart's rows for the keys in _mv_keys. A full rebuild
-- is the same two statements with every document in scope.

-- name: keys
select distinct i.name, i.doc_district as district
from _mv_scope_mentions i
where i.is_canonical;

-- name: rows
with m as (
    select i.doc_id, i.cluster_id, i.name, i.kind, i.categories, i.doc_district as district,
           case when i.doc_date_precision in ('day', 'month') then i.doc_published_date end as dated
    from core.initiative_mentions i
    semi join _mv_keys k on k.name = i.name and k.district is not distinct from i.doc_district
    where i.is_canonical
), carried as (
    select m.name, m.district, count(distinct x.source) as sources
    from m join core.documents x on x.cluster_id = m.cluster_id
    group by m.name, m.district
), cats as (
    select name, district, list_sort(list_distinct(flatten(list(categories)))) as categories
    from m group by name, district
)
select m.name, any_value(cats.categories) as categories, m.district,
       min(m.dated) as first_seen, max(m.dated) as last_seen,
       count(distinct m.doc_id) as articles, any_value(carried.sources) as sources,
       list_sort(list_distinct(list(m.kind))) as kinds
from m
join cats on cats.name = m.name and cats.district is not distinct from m.district
join carried on carried.name = m.name and carried.district is not distinct from m.district
group by m.name, m.district;
