-- initiatives: each named programme, per district, with when and how often it was reported.
-- grain: one row per (name, district); district is the primary district of the stories that
--   mention the programme (null when a story has no district), so a programme reported in
--   two districts has two rows.
-- Counts stories (canonical articles), never copies. first_seen / last_seen use only dates
--   known to the day or month (an article known only to the year, or undated, still counts
--   in articles but does not set a date).
-- columns:
--   name: normalised programme name
--   categories: sorted distinct categories over its mentions
--   district: primary district of the stories that mention it (null when none)
--   first_seen: earliest story date known to the day or month
--   last_seen: latest story date known to the day or month
--   articles: stories mentioning it
--   sources: distinct sources that carried those stories, copies included
--   kinds: how it was named: named | code | campaign
create or replace view initiatives as
select name, categories, district, first_seen, last_seen, articles, sources, kinds
from core.mv_initiatives;  -- the mart defined in sql/marts/, kept current by every load
