-- 0090: a refusal seen again keeps the time of the latest one (`last_at`) beside its first
-- (`at`), and its latest detail. One row stands for every refusal of an input for one reason;
-- whether a later read resolved it (rejects.resolved_at, warehouse.pages_to_retry) is judged
-- against the latest refusal: a page read fine once and refused again is refused again.
alter table core.rejects add column last_at timestamptz;
update core.rejects set last_at = "at";
