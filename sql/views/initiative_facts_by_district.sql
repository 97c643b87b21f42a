-- initiative_facts_by_district: reported quantities summed where they are comparable.
-- grain: one row per (district, unit, object): values are summed only for the same unit
--   and the same counted object (20座公厕 + 12座公厕; 10万平方米 of 片区主阵地), so every
--   total is a sum of like with like; sum across objects yourself for units that allow it
--   (平方米, 元).
-- Counts stories (canonical articles), never copies; the same figure repeated within one
--   story (headline and body: 加装电梯126台 twice) counts once; stories without a primary
--   district are left out.
-- columns:
--   district: the stories' primary district (full name)
--   unit: measure word or unit (money in 元, area in 平方米)
--   object: what was counted ('' when the story did not say)
--   total: sum of the values, to 6 decimals (a sum of decimal figures in binary floating
--     point otherwise varies in its last digits with the order DuckDB adds them in)
--   facts: distinct figures summed
--   articles: stories reporting them
--   initiatives: distinct programmes the figures were reported with
--   first_date: earliest story date (known to the day or month)
--   last_date: latest story date (known to the day or month)
create or replace view initiative_facts_by_district as
select district, unit, object, total, facts, articles, initiatives, first_date, last_date
from core.mv_initiative_facts_by_district;  -- the mart defined in sql/marts/, kept current by every load
