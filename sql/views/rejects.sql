-- rejects: every input that was refused, with a human-readable reason.
-- grain: one row per (source, locator, raw content, stage, reason).
-- columns: source, locator, stage (discover|read|fetch|extract), reason (a short code,
--   see README), detail (a sentence), at, raw_sha256 (null when nothing was read).
create or replace view rejects as
select source, locator, stage, reason, detail, "at", raw_sha256
from core.rejects;
