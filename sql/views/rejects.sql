-- rejects: every input that was refused, with a human-readable reason.
-- grain: one row per (source, locator, raw content, stage, reason).
-- columns:
--   source: configured source of the input
--   locator: path or URL of the input
--   stage: where it was refused: discover | read | fetch | extract
--   reason: a short code (see README, Reject reasons)
--   detail: a sentence saying what was wrong
--   at: when it was refused
--   raw_sha256: SHA-256 of the bytes read, null when nothing was read
create or replace view rejects as
select source, locator, stage, reason, detail, "at", raw_sha256
from core.rejects;
