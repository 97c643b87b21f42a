-- initiatives: each named programme, per district, with when and how often it was reported.
-- grain: one row per (name, district); district is the primary district of the stories that
--   mention the programme (null when a story has no district), so a programme reported in
--   two districts has two rows.
-- Counts stories (canonical articles), never copies. first_seen / last_seen use only dates
--   known to the day or month (an article known only to the year, or undated, still counts
--   in articles but does not set a date).
-- columns: name, categories (sorted distinct list over its mentions), district,
--   first_seen, last_seen (dates), articles (stories mentioning it), sources (distinct
--   sources that carried those stories, copies included), kinds (named | code | campaign).
create or replace view initiatives as
with m as (
    select i.doc_id, c.cluster_id, i.name, i.kind, i.categories, d.district,
           case when d.date_precision in ('day', 'month') then d.published_date end as dated
    from core.initiative_mentions i
    join core.clusters c on c.canonical_doc_id = i.doc_id
    join core.documents d on d.doc_id = i.doc_id
), carried as (
    select m.name, m.district, count(distinct x.source) as sources
    from m
    join core.doc_clusters dc on dc.cluster_id = m.cluster_id
    join core.documents x on x.doc_id = dc.doc_id
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
