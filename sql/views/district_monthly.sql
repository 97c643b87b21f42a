-- district_monthly: stories and initiatives per district and month.
-- grain: one row per (district, month) with at least one dated story.
-- Counts stories (canonical articles), never copies; an article whose date is unknown or
-- only known to the year is not counted in any month (nor used for new_initiatives).
-- columns:
--   district: the stories' primary district (full name)
--   month: first day of the month (a date)
--   articles: stories dated in the month
--   initiatives: distinct programme names mentioned by those stories
--   new_initiatives: names whose first dated story in this district falls in this month
create or replace view district_monthly as
select district, month, articles, initiatives, new_initiatives
from core.mv_district_monthly;  -- the mart defined in sql/marts/, kept current by every load
