-- mart core.mv_initiative_facts_by_district: the rows the public view `initiative_facts_by_district` reads.
-- grain: one row per (district, unit, object).
-- keys: district, unit, object
-- Each load keeps it current for what it touched (warehouse/marts.py): `keys` lists the keys
-- the scope's documents count in (temporary tables _mv_scope: their ids, _mv_scope_mentions:
-- their mentions), `rows` computes the mart's rows for the keys in _mv_keys. A full rebuild
-- is the same two statements with every document in scope.

-- name: keys
select distinct f.doc_district as district, f.unit, f.object
from core.initiative_facts f
where f.doc_id in (select doc_id from _mv_scope) and f.is_canonical and f.doc_district is not null;

-- name: rows
with f as (
    select f.doc_id, f.value, f.unit, f.object, any_value(f.initiative) as initiative,
           any_value(f.doc_district) as district, any_value(f.doc_published_date) as published_date,
           any_value(f.doc_date_precision) as date_precision
    from core.initiative_facts f
    semi join _mv_keys k on k.district = f.doc_district and k.unit = f.unit and k.object = f.object
    where f.is_canonical
    group by f.doc_id, f.value, f.unit, f.object
)
select f.district, f.unit, f.object,
       round(sum(f.value), 6) as total, count(*) as facts, count(distinct f.doc_id) as articles,
       count(distinct f.initiative) as initiatives,
       min(case when f.date_precision in ('day', 'month') then f.published_date end) as first_date,
       max(case when f.date_precision in ('day', 'month') then f.published_date end) as last_date
from f
where f.district is not null
group by f.district, f.unit, f.object;
