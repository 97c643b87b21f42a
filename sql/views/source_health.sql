-- source_health: is each source still feeding the warehouse?
-- grain: one row per source (configured in ref.sources or seen in a run or a document).
-- columns:
--   source: the source's name
--   kind: files | urls | feed | sitemap | listing (null for a source no longer configured)
--   enabled: whether the config enables it
--   last_run_at: start of the latest run that read it
--   last_success_at: end of the latest run in which it had no failure
--   last_new_story_at: when it last brought a story seen nowhere before
--   consecutive_failures: failed runs of the source since its last success
--   documents: documents stored from it
--   articles_first_seen: stories this source brought first
--   duplicate_share: share of its documents that are copies of a story seen elsewhere or earlier
--   rejects: inputs of it refused
create or replace view source_health as
with per_run as (
    select r.run_id, r.started_at, r.finished_at, k.source,
           -- an interrupted run (Ctrl-C, SIGTERM) is neither a success nor a failure of its sources
           case when r.state = 'interrupted' then null
                else (r.state = 'completed'
                      or (r.state = 'failed'
                          and coalesce(cast(r.counts->'sources'->k.source->>'failed_batches' as integer), 0) = 0))
           end as ok
    from core.runs r, unnest(json_keys(r.counts->'sources')) as k(source)
    where r.counts is not null
), last_ok as (
    select source, max(finished_at) as last_success_at from per_run where ok group by source
), fails as (
    select p.source, count(*) as consecutive_failures
    from per_run p left join last_ok l using (source)
    where not p.ok and (l.last_success_at is null or p.started_at > l.last_success_at)
    group by p.source
), docs as (
    select d.source, count(*) as documents,
           count(*) filter (where d.match_kind = 'first') as articles_first_seen,
           max(d.ingested_at) filter (where d.match_kind = 'first') as last_new_story_at
    from core.documents d
    where d.match_kind is not null  -- in a cluster (membership kept on the row)
    group by d.source
), rej as (
    select source, count(*) as rejects from core.rejects group by source
), names as (
    select name as source from ref.sources
    union select source from per_run
    union select source from docs
)
select n.source, s.kind, s.enabled, (select max(started_at) from per_run p where p.source = n.source) as last_run_at,
       l.last_success_at, d.last_new_story_at, coalesce(f.consecutive_failures, 0) as consecutive_failures,
       coalesce(d.documents, 0) as documents, coalesce(d.articles_first_seen, 0) as articles_first_seen,
       case when coalesce(d.documents, 0) = 0 then null
            else round(1 - d.articles_first_seen / d.documents, 3) end as duplicate_share,
       coalesce(r.rejects, 0) as rejects
from names n
left join ref.sources s on s.name = n.source
left join last_ok l on l.source = n.source
left join fails f on f.source = n.source
left join docs d on d.source = n.source
left join rej r on r.source = n.source;
