-- 0002: ref.sources always exists (filled from the sources config on each write run),
-- so views and canonical-document choice can join it even before any config was loaded.
create table if not exists ref.sources (
    name      varchar,
    kind      varchar,
    enabled   boolean,
    schedule  varchar,
    priority  integer,
    config    varchar
);
