-- 0020: one row that every load updates just before it commits. On DuckLake (issue 11) two
-- loads that overlap in time then conflict and the later one is retried, so concurrent
-- writers cannot both insert the same key; on the DuckDB file the lock already does this.
create table core.write_token (
    id  integer primary key,  -- always 1
    n   bigint not null       -- loads committed
);
insert into core.write_token values (1, 0);
