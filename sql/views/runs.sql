-- runs: one row per ingest run (manual, scheduled or one backfill window).
-- grain: one row per run_id.
-- columns:
--   run_id: the run's id
--   flow_run_id: the Prefect flow run, null for runs that needed no flow
--   command: what started it (ingest all, ingest <source>, ingest cli, scheduled <source>, ...)
--   state: running | completed | failed | interrupted (Ctrl-C or SIGTERM; counts of the batches
--     it committed) | crashed (a run whose process died, found by the next run on the same host)
--   started_at: when the run started
--   finished_at: when it ended
--   seconds: wall time from start to end (a CLI run counts from the command's start)
--   window_start: the run's date window start (inclusive), null when none
--   window_end: the run's date window end (exclusive), null when none
--   discovered: inputs found
--   read: inputs read
--   unchanged: inputs skipped as unchanged since stored (the same bytes, or the same text, title and date as the page's latest stored version)
--   not_modified: web pages the server reported unchanged (HTTP 304)
--   new: new stories
--   duplicate: copies of stories already stored
--   rejected: inputs refused (see rejects)
--   failed_batches: batches that failed
--   pid: process id of the run
--   host: machine it ran on
--   parameters: the run's parameters (json)
--   counts: the counts per source (json; `memory_retries` when a batch was loaded again with more
--     DuckDB memory)
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
