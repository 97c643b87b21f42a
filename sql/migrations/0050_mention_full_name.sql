-- 0050: an initiative mention keeps the name as printed beside its core (issue 17): `name`
-- is the core the views group by (七个一百), `full_name` the surface form with its quotes and
-- attached noun (“七个一百”实践行动). Rows loaded before this migration have no surface: null.
alter table core.initiative_mentions add column full_name varchar;
