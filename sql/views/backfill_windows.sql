-- backfill_windows: status of every (source, window) a backfill has touched.
-- grain: one row per (source, window_start, window_end); windows are half-open [start, end).
-- columns:
--   source: the configured source
--   window_start: first day of the window (inclusive)
--   window_end: end of the window (exclusive)
--   status: pending | running | completed | failed
--   run_id: the window's last run (see runs; also the flow run's parameters)
--   documents: new documents and sightings loaded by the window's last run
--   finished_at: when the window's last run ended
--   error: why the window failed, null otherwise
--   updated_at: when the status last changed
create or replace view backfill_windows as
select source, window_start, window_end, status, run_id, documents, finished_at, error, updated_at
from core.backfill_windows;
