-- district_category_quarterly: stories and initiatives per district, quarter and category.
-- grain: one row per (district, quarter, category) with at least one dated story or
--   initiative of that category.
-- Counts stories (canonical articles), never copies; only dates known to the day or month
--   place an article in a quarter (undated and year-only articles are not counted).
-- columns:
--   district: the stories' primary district (full name)
--   quarter: first day of the quarter (a date)
--   category: initiative category (seeds/initiative_categories.csv)
--   articles: stories with that article category
--   initiatives: distinct programme names of that category mentioned by the district's
--     stories in the quarter
create or replace view district_category_quarterly as
select district, quarter, category, articles, initiatives
from core.mv_district_category_quarterly;  -- the mart defined in sql/marts/, kept current by every load
