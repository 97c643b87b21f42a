-- The four per-document detail tables lose their PRIMARY KEY (issue 20: memory flat).
--
-- DuckDB keeps a table's key index (ART) in memory once a write touches the table, and these
-- tables hold 6-13 rows per document: at 4,000 pages the indexes were 14 MB of the loading
-- process, growing linearly (about 3.5 KB per document, ~350 MB at 100,000). Their keys were
-- never what kept them right: a load deletes a document's rows before writing them again and
-- inserts with anti-joins, which is also how the same tables work on DuckLake, where keys
-- do not exist (warehouse/lake.py). The one-row-per-document tables keep their keys.
-- DuckDB cannot drop a constraint in place, so each table is rebuilt with the same columns,
-- types and NOT NULLs, in the same order.
-- ducklake: nothing to do

create table core.document_places_0070 (
    doc_id        varchar not null,
    district      varchar not null,
    subdistrict   varchar not null,
    mentions      integer not null,
    is_primary    boolean not null,
    evidence      varchar,
    cluster_id    varchar,
    is_canonical  boolean
);
insert into core.document_places_0070 select * from core.document_places;
drop table core.document_places;
alter table core.document_places_0070 rename to document_places;

create table core.initiative_mentions_0070 (
    doc_id              varchar not null,
    name                varchar not null,
    kind                varchar not null,
    categories          varchar[] not null,
    evidence            varchar,
    cluster_id          varchar,
    is_canonical        boolean,
    doc_district        varchar,
    doc_published_date  date,
    doc_date_precision  varchar,
    full_name           varchar
);
insert into core.initiative_mentions_0070 select * from core.initiative_mentions;
drop table core.initiative_mentions;
alter table core.initiative_mentions_0070 rename to initiative_mentions;

create table core.document_categories_0070 (
    doc_id              varchar not null,
    category            varchar not null,
    keywords            varchar[] not null,
    is_canonical        boolean,
    doc_district        varchar,
    doc_published_date  date,
    doc_date_precision  varchar
);
insert into core.document_categories_0070 select * from core.document_categories;
drop table core.document_categories;
alter table core.document_categories_0070 rename to document_categories;

create table core.initiative_facts_0070 (
    doc_id              varchar not null,
    seq                 integer not null,
    value               double not null,
    unit                varchar not null,
    object              varchar not null,
    initiative          varchar,
    evidence            varchar,
    is_canonical        boolean,
    doc_district        varchar,
    doc_published_date  date,
    doc_date_precision  varchar
);
insert into core.initiative_facts_0070 select * from core.initiative_facts;
drop table core.initiative_facts;
alter table core.initiative_facts_0070 rename to initiative_facts;
