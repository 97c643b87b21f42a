-- initiative_facts_by_district: reported quantities summed where they are comparable.
-- grain: one row per (district, unit, object): values are summed only for the same unit
--   and the same counted object (20座公厕 + 12座公厕; 10万平方米 of 片区主阵地), so every
--   total is a sum of like with like; sum across objects yourself for units that allow it
--   (平方米, 元).
-- Counts stories (canonical articles), never copies; the same figure repeated within one
--   story (headline and body: 加装电梯126台 twice) counts once; stories without a primary
--   district are left out.
-- columns: district, unit (measure word or unit; money in 元, area in 平方米), object
--   ('' when the story did not say what was counted), total (sum of values), facts (distinct
--   figures summed), articles (stories reporting them), initiatives (distinct programmes the
--   figures were reported with), first_date, last_date (story dates known to the day or month).
create or replace view initiative_facts_by_district as
with f as (
    select f.doc_id, f.value, f.unit, f.object, any_value(f.initiative) as initiative
    from core.initiative_facts f
    join core.clusters c on c.canonical_doc_id = f.doc_id
    group by f.doc_id, f.value, f.unit, f.object
)
select d.district, f.unit, f.object,
       sum(f.value) as total, count(*) as facts, count(distinct f.doc_id) as articles,
       count(distinct f.initiative) as initiatives,
       min(case when d.date_precision in ('day', 'month') then d.published_date end) as first_date,
       max(case when d.date_precision in ('day', 'month') then d.published_date end) as last_date
from f
join core.documents d on d.doc_id = f.doc_id
where d.district is not null
group by d.district, f.unit, f.object;
