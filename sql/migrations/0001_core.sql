-- 0001: the core tables. Public interface is the views in sql/views (schema main);
-- these tables live in schema `core` and reference data in schema `ref`.
-- Keys are content-derived so every load is idempotent (rows whose key is stored are skipped).

create schema if not exists core;
create schema if not exists ref;

-- Raw layer: every byte read or fetched, compressed, stored once per sha256.
create table core.raw_blobs (
    sha256        varchar primary key,
    size_bytes    bigint not null,
    codec         varchar not null,          -- zlib
    body          blob not null,             -- compressed bytes
    first_seen_at timestamptz not null
);

-- One row per (locator, content) captured: where and when the bytes came from.
create table core.raw_captures (
    capture_id    varchar primary key,       -- sha256(locator \n sha256)[:32]
    source        varchar not null,
    locator       varchar not null,          -- absolute path or canonical URL
    kind          varchar not null,          -- file | url
    sha256        varchar not null,          -- -> raw_blobs
    fetched_at    timestamptz not null,
    status        integer,
    final_url     varchar,
    content_type  varchar,
    headers       json,
    file_mtime    timestamptz
);

-- Accepted documents (sightings). Cluster membership lives in core.doc_clusters.
create table core.documents (
    doc_id           varchar primary key,    -- sha256(locator \n raw bytes' sha256)[:32], = capture_id
    source           varchar not null,
    locator          varchar not null,
    raw_sha256       varchar not null,
    content_hash     varchar not null,       -- exact-dedup key of the normalised body
    title            varchar,
    title_source     varchar,
    published_date   date,
    date_precision   varchar not null,       -- day | month | year | unknown
    date_source      varchar,
    date_text        varchar,
    publisher        varchar,
    author           varchar,
    text             varchar not null,
    text_chars       integer not null,
    input_format     varchar,
    encoding         varchar,
    encoding_source  varchar,
    encoding_flags   varchar[],
    extractor        varchar,
    district         varchar,                -- primary district (full name) or null
    ingested_at      timestamptz not null
);

-- Cluster membership: one row per document; cluster_id is the doc_id of the
-- cluster's first document and never changes once assigned (merges keep the older id).
create table core.doc_clusters (
    doc_id       varchar primary key,
    cluster_id   varchar not null,
    similarity   double not null,            -- to the canonical document (1.0 = exact)
    match_kind   varchar not null            -- first | exact | near
);

create table core.clusters (
    cluster_id        varchar primary key,
    canonical_doc_id  varchar not null,
    created_at        timestamptz not null,
    updated_at        timestamptz not null
);

create table core.document_places (
    doc_id       varchar not null,
    district     varchar not null,
    subdistrict  varchar not null,           -- '' for the district itself
    mentions     integer not null,
    is_primary   boolean not null,
    evidence     varchar,
    primary key (doc_id, district, subdistrict)
);

create table core.initiative_mentions (
    doc_id      varchar not null,
    name        varchar not null,            -- normalised programme name
    kind        varchar not null,            -- named | code | campaign
    categories  varchar[] not null,
    evidence    varchar,
    primary key (doc_id, name)
);

create table core.document_categories (
    doc_id    varchar not null,
    category  varchar not null,
    keywords  varchar[] not null,
    primary key (doc_id, category)
);

create table core.initiative_facts (
    doc_id      varchar not null,
    seq         integer not null,            -- position in the document
    value       double not null,
    unit        varchar not null,
    object      varchar not null,
    initiative  varchar,
    evidence    varchar,
    primary key (doc_id, seq)
);

-- Every refused input, with a human-readable reason.
create table core.rejects (
    reject_id   varchar primary key,         -- sha256(source, locator, raw sha256, stage, reason)[:32]
    source      varchar not null,
    locator     varchar not null,
    stage       varchar not null,
    reason      varchar not null,
    detail      varchar not null,
    raw_sha256  varchar,
    "at"        timestamptz not null
);

-- Web fetching state (issue 4): validators for conditional GET, and every attempt.
create table core.http_cache (
    url            varchar primary key,      -- canonical URL
    etag           varchar,
    last_modified  varchar,
    sha256         varchar,
    status         integer,
    checked_at     timestamptz not null
);

create table core.fetch_log (
    attempt_id   varchar primary key,
    run_id       varchar,
    source       varchar not null,
    url          varchar not null,
    status       integer,
    bytes        bigint,
    duration_ms  double,
    outcome      varchar not null,           -- ok | not_modified | error reason
    error        varchar,
    "at"         timestamptz not null
);

-- Run records (issue 7) and per-window status for backfills.
create table core.runs (
    run_id        varchar primary key,
    flow_run_id   varchar,
    command       varchar not null,
    parameters    json,
    window_start  timestamptz,
    window_end    timestamptz,
    counts        json,
    state         varchar not null,          -- running | completed | failed
    started_at    timestamptz not null,
    finished_at   timestamptz,
    pid           integer,
    host          varchar
);

create table core.backfill_windows (
    source        varchar not null,
    window_start  date not null,
    window_end    date not null,
    status        varchar not null,          -- pending | running | completed | failed
    run_id        varchar,
    documents     integer,
    error         varchar,
    updated_at    timestamptz not null,
    finished_at   timestamptz,
    primary key (source, window_start, window_end)
);

-- Reference data loaded from seeds/ (replaced when the seed files change).
create table ref.seed_versions (
    name      varchar primary key,
    checksum  varchar not null,
    loaded_at timestamptz not null
);
