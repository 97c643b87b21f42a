-- initiative_facts_by_district: reported quantities summed where they are comparable.
-- grain: one row per (district, unit, object): values are summed only for the same unit
--   and the same counted object (20座公厕 + 12座公厕; 10万平方米 of 片区主阵地), so every
--   total is a sum of like with like; sum across objects yourself for units that allow it
--   (平方米, 元).
-- Counts stories (canonical articles), never copies; articles without a primary district
--   are left out.
-- columns: district, unit (measure word or unit, 元 for money, 平方米 for area), object
--   ('' when the article did not say), total (sum of values), facts (number of figures),
--   articles (stories reporting them), initiatives (distinct programmes the figures were
--   reported with), first_date, last_date (dates known to the day or month).
create or replace view initiative_facts_by_district as
select d.district, f.unit, f.object,
       sum(f.value) as total, count(*) as facts, count(distinct f.doc_id) as articles,
       count(distinct f.initiative) as initiatives,
       min(case when d.date_precision in ('day', 'month') then d.published_date end) as first_date,
       max(case when d.date_precision in ('day', 'month') then d.published_date end) as last_date
from core.initiative_facts f
join core.clusters c on c.canonical_doc_id = f.doc_id
join core.documents d on d.doc_id = f.doc_id
where d.district is not null
group by d.district, f.unit, f.object;
