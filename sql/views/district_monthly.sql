-- district_monthly: stories and initiatives per district and month.
-- grain: one row per (district, month) with at least one dated story.
-- Counts stories (canonical articles), never copies; an article whose date is unknown or
-- only known to the year is not counted in any month.
-- columns: district, month (first day), articles, initiatives (distinct names mentioned),
--   new_initiatives (names first seen in this district in this month).
create or replace view district_monthly as
with a as (
    select c.canonical_doc_id as doc_id, d.district, date_trunc('month', d.published_date)::date as month
    from core.clusters c join core.documents d on d.doc_id = c.canonical_doc_id
    where d.district is not null and d.published_date is not null and d.date_precision in ('day', 'month')
), m as (
    select a.district, a.month, i.name from a join core.initiative_mentions i using (doc_id)
), first_seen as (
    select district, name, min(month) as month from m group by district, name
)
select a.district, a.month, count(distinct a.doc_id) as articles,
       (select count(distinct name) from m where m.district = a.district and m.month = a.month) as initiatives,
       (select count(*) from first_seen f where f.district = a.district and f.month = a.month) as new_initiatives
from a
group by a.district, a.month;
