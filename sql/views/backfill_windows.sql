-- backfill_windows: status of every (source, window) a backfill has touched.
-- grain: one row per (source, window_start, window_end); windows are half-open [start, end).
-- columns: source, window_start, window_end, status (pending|running|completed|failed),
--   run_id (core.runs / the flow run's parameters), documents (new documents + sightings
--   loaded by the window's last run), finished_at, error, updated_at.
create or replace view backfill_windows as
select source, window_start, window_end, status, run_id, documents, finished_at, error, updated_at
from core.backfill_windows;
