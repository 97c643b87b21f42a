-- 0060: the Han script a document is published in (simplified | traditional | mixed), read from
-- its title and text. Text and title are stored as published; places, initiatives, dates and
-- near-duplicate shingles are read from a simplified view (issue 18). Rows loaded before this
-- migration have no script (null).
alter table core.documents add column script varchar;
