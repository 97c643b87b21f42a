-- 0040: clusters split by `grassroots recluster` (issue 16). Clusters made before the
-- no-chaining rule may hold several stories joined through a chain of members; recluster
-- re-examines every cluster against its canonical document and splits it. A warehouse made
-- before this migration should run `grassroots recluster` once (`--dry-run` lists the splits).
-- Each row is one part moved out of a cluster; the cluster keeps its id for the part that
-- holds its canonical document.
create table core.cluster_splits (
    new_cluster_id     varchar primary key,   -- the part's new cluster id
    from_cluster_id    varchar not null,      -- the cluster it was split from (keeps its id)
    canonical_doc_id   varchar not null,      -- the part's canonical document
    documents          integer not null,      -- members moved
    rule               varchar not null,      -- StoryRule the split was decided with
    split_at           timestamptz not null
);
