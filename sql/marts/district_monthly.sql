-- mart core.mv_district_monthly: the rows the public view `district_monthly` reads.
-- grain: one row per (district, month) with at least one dated story.
-- keys: district, month
-- Each load keeps it current for what it touched (warehouse/marts.py): `keys` lists the keys
-- the scope's documents count in (temporary tables _mv_scope: their ids, _mv_scope_mentions:
-- their mentions), `rows` computes the mart's rows for the keys in _mv_keys. A full rebuild
-- is the same two statements with every document in scope.

-- name: keys
select distinct d.district, date_trunc('month', d.published_date)::date as month
from core.documents d
where d.doc_id in (select doc_id from _mv_scope) and d.is_canonical and d.district is not null and d.published_date is not null and d.date_precision in ('day', 'month');

-- name: rows
with a as (
    select d.doc_id, d.district, date_trunc('month', d.published_date)::date as month
    from core.documents d where d.is_canonical and d.district is not null and d.published_date is not null and d.date_precision in ('day', 'month')
), ak as (
    select a.* from a semi join _mv_keys k on k.district = a.district and k.month = a.month
), dm as (
    select i.doc_district as district, date_trunc('month', i.doc_published_date)::date as month, i.name
    from core.initiative_mentions i where i.is_canonical and i.doc_district is not null and i.doc_published_date is not null and i.doc_date_precision in ('day', 'month')
), m as (
    select distinct dm.district, dm.month, dm.name
    from dm semi join _mv_keys k on k.district = dm.district and k.month = dm.month
), first_seen as (
    select dm.district, dm.name, min(dm.month) as month
    from dm semi join (select distinct district, name from m) p on p.district = dm.district and p.name = dm.name
    group by dm.district, dm.name
), counts as (
    select district, month, count(*) as initiatives from m group by district, month
), fresh as (
    select district, month, count(*) as new_initiatives from first_seen group by district, month
)
select ak.district, ak.month, count(distinct ak.doc_id) as articles,
       coalesce(any_value(counts.initiatives), 0) as initiatives,
       coalesce(any_value(fresh.new_initiatives), 0) as new_initiatives
from ak
left join counts on counts.district = ak.district and counts.month = ak.month
left join fresh on fresh.district = ak.district and fresh.month = ak.month
group by ak.district, ak.month;

-- (district, name) pairs of dated mentions: a change in one month can move a programme's
-- first month in its district, so every month of these pairs is recomputed.
-- name: pairs
select distinct i.doc_district as district, i.name
from _mv_scope_mentions i
where i.is_canonical and i.doc_district is not null and i.doc_published_date is not null and i.doc_date_precision in ('day', 'month');

-- name: pair_months
select distinct i.doc_district as district, date_trunc('month', i.doc_published_date)::date as month
from core.initiative_mentions i semi join _mv_pairs p on p.district = i.doc_district and p.name = i.name
where i.is_canonical and i.doc_district is not null and i.doc_published_date is not null and i.doc_date_precision in ('day', 'month');
