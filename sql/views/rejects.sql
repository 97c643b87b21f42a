-- rejects: every input that was refused, with a human-readable reason.
-- grain: one row per (source, locator, raw content, stage, reason): an input refused again for the same reason stays one row.
-- columns:
--   source: configured source of the input
--   locator: path or URL of the input
--   stage: where it was refused: discover | read | fetch | extract
--   reason: a short code (see README, Reject reasons)
--   detail: a sentence saying what was wrong (the latest refusal's)
--   at: when it was first refused
--   last_at: when it was last refused
--   raw_sha256: SHA-256 of the bytes read, null when nothing was read
--   resolved_at: when the input was first read fine after its last refusal (a later fetch of it answered, for a refusal at fetch or discovery; a document stored from it, for any); null while the refusal stands
create or replace view rejects as
select r.source, r.locator, r.stage, r.reason, r.detail, r."at", coalesce(r.last_at, r."at") as last_at, r.raw_sha256,
       least(
           (select min(f."at") from core.fetch_log f
            where r.stage in ('discover', 'fetch') and f.url = r.locator and f."at" > coalesce(r.last_at, r."at")
              and f.outcome in ('ok', 'not_modified')),
           (select min(d.ingested_at) from core.documents d
            where d.locator = r.locator and d.ingested_at > coalesce(r.last_at, r."at"))
       ) as resolved_at
from core.rejects r;
