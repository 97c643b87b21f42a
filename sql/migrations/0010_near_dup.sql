-- 0010: near-duplicate detection (issue 5). MinHash signatures and LSH band keys of every
-- document live here, so each batch is compared with everything stored before through a SQL
-- join on band keys (grassroots.dedup.clusters), without rebuilding an index from history.

-- unused (the load numbers documents itself); dropped by 0031
create sequence if not exists core.doc_no_seq start 1;

-- One row per document that went through clustering.
create table core.doc_signatures (
    doc_id      varchar primary key,
    doc_no      integer not null unique,   -- compact surrogate carried by core.lsh_bands
    algo        varchar not null,          -- DedupConfig.algo: library, hashing, n, permutations, seed
    shingles    integer not null,          -- distinct character n-grams of the normalised text
    signature   blob,                      -- num_perm little-endian uint32; null = too short (exact hash only)
    created_at  timestamptz not null
);

-- LSH band keys; two documents sharing a key are a candidate pair. The key folds in the
-- layout (algo, bands x rows) and the band number, so it is the only join column. No ART
-- index: DuckDB answers the batch's equi-join with a hash join, which would not use it.
create table core.lsh_bands (
    key     bigint not null,
    band    utinyint not null,
    doc_no  integer not null
);

-- The layout the stored signatures and band keys were made with (one row). When the
-- configuration changes, clustering re-signs the stored documents once.
create table core.near_dup_state (
    id          integer primary key,       -- always 1
    layout      varchar not null,
    updated_at  timestamptz not null
);

-- A merge of two clusters keeps the older id; each absorbed id is recorded here so an id
-- seen earlier can still be resolved.
create table core.cluster_merges (
    merged_cluster_id  varchar primary key,
    into_cluster_id    varchar not null,
    merged_at          timestamptz not null
);
