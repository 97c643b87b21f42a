-- 0003: discovery responses (feeds, sitemaps, list pages) are kept in the raw layer too;
-- `role` tells them apart from article captures, which are the only ones re-extracted.
alter table core.raw_captures add column role varchar default 'article';
