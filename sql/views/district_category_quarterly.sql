-- district_category_quarterly: stories and initiatives per district, quarter and category.
-- grain: one row per (district, quarter, category) with at least one dated story or
--   initiative of that category.
-- Counts stories (canonical articles), never copies; only dates known to the day or month
--   place an article in a quarter (undated and year-only articles are not counted).
-- columns: district, quarter (first day of the quarter, a date), category, articles
--   (stories with that article category), initiatives (distinct programme names of that
--   category mentioned by the district's stories in the quarter).
create or replace view district_category_quarterly as
with a as (
    select c.canonical_doc_id as doc_id, d.district, date_trunc('quarter', d.published_date)::date as quarter
    from core.clusters c join core.documents d on d.doc_id = c.canonical_doc_id
    where d.district is not null and d.published_date is not null and d.date_precision in ('day', 'month')
), arts as (
    select a.district, a.quarter, dc.category, count(distinct a.doc_id) as articles
    from a join core.document_categories dc using (doc_id)
    group by a.district, a.quarter, dc.category
), inits as (
    select a.district, a.quarter, cat.category, count(distinct i.name) as initiatives
    from a
    join core.initiative_mentions i using (doc_id)
    cross join lateral (select unnest(i.categories) as category) cat
    group by a.district, a.quarter, cat.category
)
select coalesce(arts.district, inits.district) as district,
       coalesce(arts.quarter, inits.quarter) as quarter,
       coalesce(arts.category, inits.category) as category,
       coalesce(arts.articles, 0) as articles,
       coalesce(inits.initiatives, 0) as initiatives
from arts
full outer join inits
  on inits.district = arts.district and inits.quarter = arts.quarter and inits.category = arts.category;
