-- runs: one row per ingest run (manual, scheduled or one backfill window).
-- grain: one row per run_id.
-- columns: run_id, flow_run_id (Prefect), command, state (running|completed|failed|crashed:
--   a run whose process died, found by the next run on the same host),
--   started_at, finished_at, seconds, window_start, window_end, discovered, read, unchanged,
--   not_modified, new, duplicate, rejected, failed_batches, pid, host, parameters, counts (json per source).
create or replace view runs as
select run_id, flow_run_id, command, state, started_at, finished_at,
       round(epoch(finished_at) - epoch(started_at), 3) as seconds, window_start, window_end,
       cast(counts->'total'->>'discovered' as integer) as discovered,
       cast(counts->'total'->>'read' as integer) as "read",
       cast(counts->'total'->>'unchanged' as integer) as unchanged,
       cast(counts->'total'->>'not_modified' as integer) as not_modified,
       cast(counts->'total'->>'new' as integer) as new,
       cast(counts->'total'->>'duplicate' as integer) as duplicate,
       cast(counts->'total'->>'rejected' as integer) as rejected,
       cast(counts->'total'->>'failed_batches' as integer) as failed_batches,
       pid, host, parameters, counts
from core.runs;
