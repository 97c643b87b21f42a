-- district_monthly: stories and initiatives per district and month.
-- grain: one row per (district, month) with at least one dated story.
-- Counts stories (canonical articles), never copies; an article whose date is unknown or
-- only known to the year is not counted in any month (nor used for new_initiatives).
-- columns: district, month (first day), articles (stories), initiatives (distinct names
--   mentioned by those stories), new_initiatives (names whose first dated story in this
--   district falls in this month).
create or replace view district_monthly as
with a as (
    select c.canonical_doc_id as doc_id, d.district, date_trunc('month', d.published_date)::date as month
    from core.clusters c join core.documents d on d.doc_id = c.canonical_doc_id
    where d.district is not null and d.published_date is not null and d.date_precision in ('day', 'month')
), m as (
    select distinct a.district, a.month, i.name from a join core.initiative_mentions i using (doc_id)
), first_seen as (
    select district, name, min(month) as month from m group by district, name
), counts as (
    select district, month, count(*) as initiatives from m group by district, month
), fresh as (
    select district, month, count(*) as new_initiatives from first_seen group by district, month
)
select a.district, a.month, count(distinct a.doc_id) as articles,
       coalesce(any_value(counts.initiatives), 0) as initiatives,
       coalesce(any_value(fresh.new_initiatives), 0) as new_initiatives
from a
left join counts on counts.district = a.district and counts.month = a.month
left join fresh on fresh.district = a.district and fresh.month = a.month
group by a.district, a.month;
