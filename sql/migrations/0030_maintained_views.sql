-- 0030: data the public views read, maintained at load time (issue 8, "Queries": each view
-- <= 100 ms on 1M documents). The views used to join 1M-row tables on 32-character ids
-- (~400 ms per join there) and to aggregate every sighting per query. Now:
--   * core.documents carries its cluster membership (cluster_id, similarity, match_kind, copied
--     from core.doc_clusters), its story's canonical document (article_doc_id, from
--     core.clusters) and is_canonical; the canonical row also carries the story's figures
--     (sightings, sources, first_seen_at, last_seen_at; null on the other rows);
--   * the per-document tables carry is_canonical (and cluster_id, or the document's district
--     and date where a view needs them), so the story views are single-table scans;
--   * core.mv_* hold the aggregate views' rows, recomputed inside each load for the keys it
--     touched (grassroots.clustering.refresh_views).
-- core.doc_clusters and core.clusters stay the source of truth; every column here is a copy
-- that grassroots.clustering.refresh_views keeps equal to it. This file backfills existing
-- warehouses with the join-based definitions the views had before.

alter table core.documents add column cluster_id varchar;
alter table core.documents add column similarity double;
alter table core.documents add column match_kind varchar;
alter table core.documents add column article_doc_id varchar;
alter table core.documents add column is_canonical boolean;   -- null: not in a cluster
alter table core.documents add column sightings bigint;       -- these four on the canonical row only
alter table core.documents add column sources bigint;
alter table core.documents add column first_seen_at timestamptz;
alter table core.documents add column last_seen_at timestamptz;

alter table core.document_places add column cluster_id varchar;
alter table core.document_places add column is_canonical boolean;

alter table core.initiative_mentions add column cluster_id varchar;
alter table core.initiative_mentions add column is_canonical boolean;
alter table core.initiative_mentions add column doc_district varchar;
alter table core.initiative_mentions add column doc_published_date date;
alter table core.initiative_mentions add column doc_date_precision varchar;

alter table core.document_categories add column is_canonical boolean;
alter table core.document_categories add column doc_district varchar;
alter table core.document_categories add column doc_published_date date;
alter table core.document_categories add column doc_date_precision varchar;

alter table core.initiative_facts add column is_canonical boolean;
alter table core.initiative_facts add column doc_district varchar;
alter table core.initiative_facts add column doc_published_date date;
alter table core.initiative_facts add column doc_date_precision varchar;

create table core.mv_district_monthly (
    district         varchar,
    month            date,
    articles         bigint,
    initiatives      bigint,
    new_initiatives  bigint
);

create table core.mv_district_category_quarterly (
    district     varchar,
    quarter      date,
    category     varchar,
    articles     bigint,
    initiatives  bigint
);

create table core.mv_initiatives (
    name        varchar,
    categories  varchar[],
    district    varchar,
    first_seen  date,
    last_seen   date,
    articles    bigint,
    sources     bigint,
    kinds       varchar[]
);

create table core.mv_initiative_facts_by_district (
    district     varchar,
    unit         varchar,
    object       varchar,
    total        double,
    facts        bigint,
    articles     bigint,
    initiatives  bigint,
    first_date   date,
    last_date    date
);

-- ---------------------------------------------------------------- backfill

update core.documents as d
set cluster_id = x.cluster_id, similarity = x.similarity, match_kind = x.match_kind,
    article_doc_id = x.canonical_doc_id, is_canonical = (x.canonical_doc_id = d.doc_id)
from (
    select m.doc_id, m.cluster_id, m.similarity, m.match_kind, c.canonical_doc_id
    from core.doc_clusters m left join core.clusters c on c.cluster_id = m.cluster_id
) x
where x.doc_id = d.doc_id;

update core.documents as d
set sightings = s.sightings, sources = s.sources, first_seen_at = s.first_seen_at, last_seen_at = s.last_seen_at
from (
    select m.cluster_id, count(*) as sightings, count(distinct x.source) as sources,
           min(x.ingested_at) as first_seen_at, max(x.ingested_at) as last_seen_at
    from core.doc_clusters m join core.documents x using (doc_id)
    group by m.cluster_id
) s
where d.is_canonical and s.cluster_id = d.cluster_id;

update core.document_places as t
set cluster_id = d.cluster_id, is_canonical = d.is_canonical
from core.documents d where d.doc_id = t.doc_id and d.cluster_id is not null;

update core.initiative_mentions as t
set cluster_id = d.cluster_id, is_canonical = d.is_canonical, doc_district = d.district,
    doc_published_date = d.published_date, doc_date_precision = d.date_precision
from core.documents d where d.doc_id = t.doc_id and d.cluster_id is not null;

update core.document_categories as t
set is_canonical = d.is_canonical, doc_district = d.district, doc_published_date = d.published_date,
    doc_date_precision = d.date_precision
from core.documents d where d.doc_id = t.doc_id and d.cluster_id is not null;

update core.initiative_facts as t
set is_canonical = d.is_canonical, doc_district = d.district, doc_published_date = d.published_date,
    doc_date_precision = d.date_precision
from core.documents d where d.doc_id = t.doc_id and d.cluster_id is not null;

-- the aggregate views' rows, by the definitions they had before this migration
insert into core.mv_district_monthly
with a as (
    select c.canonical_doc_id as doc_id, d.district, date_trunc('month', d.published_date)::date as month
    from core.clusters c join core.documents d on d.doc_id = c.canonical_doc_id
    where d.district is not null and d.published_date is not null and d.date_precision in ('day', 'month')
), m as (
    select distinct a.district, a.month, i.name from a join core.initiative_mentions i using (doc_id)
), first_seen as (
    select district, name, min(month) as month from m group by district, name
), counts as (
    select district, month, count(*) as initiatives from m group by district, month
), fresh as (
    select district, month, count(*) as new_initiatives from first_seen group by district, month
)
select a.district, a.month, count(distinct a.doc_id) as articles,
       coalesce(any_value(counts.initiatives), 0) as initiatives,
       coalesce(any_value(fresh.new_initiatives), 0) as new_initiatives
from a
left join counts on counts.district = a.district and counts.month = a.month
left join fresh on fresh.district = a.district and fresh.month = a.month
group by a.district, a.month;

insert into core.mv_district_category_quarterly
with a as (
    select c.canonical_doc_id as doc_id, d.district, date_trunc('quarter', d.published_date)::date as quarter
    from core.clusters c join core.documents d on d.doc_id = c.canonical_doc_id
    where d.district is not null and d.published_date is not null and d.date_precision in ('day', 'month')
), arts as (
    select a.district, a.quarter, dc.category, count(distinct a.doc_id) as articles
    from a join core.document_categories dc using (doc_id)
    group by a.district, a.quarter, dc.category
), inits as (
    select a.district, a.quarter, cat.category, count(distinct i.name) as initiatives
    from a
    join core.initiative_mentions i using (doc_id)
    cross join lateral (select unnest(i.categories) as category) cat
    group by a.district, a.quarter, cat.category
)
select coalesce(arts.district, inits.district) as district,
       coalesce(arts.quarter, inits.quarter) as quarter,
       coalesce(arts.category, inits.category) as category,
       coalesce(arts.articles, 0) as articles,
       coalesce(inits.initiatives, 0) as initiatives
from arts
full outer join inits
  on inits.district = arts.district and inits.quarter = arts.quarter and inits.category = arts.category;

insert into core.mv_initiatives
with m as (
    select i.doc_id, c.cluster_id, i.name, i.kind, i.categories, d.district,
           case when d.date_precision in ('day', 'month') then d.published_date end as dated
    from core.initiative_mentions i
    join core.clusters c on c.canonical_doc_id = i.doc_id
    join core.documents d on d.doc_id = i.doc_id
), carried as (
    select m.name, m.district, count(distinct x.source) as sources
    from m
    join core.doc_clusters dc on dc.cluster_id = m.cluster_id
    join core.documents x on x.doc_id = dc.doc_id
    group by m.name, m.district
), cats as (
    select name, district, list_sort(list_distinct(flatten(list(categories)))) as categories
    from m group by name, district
)
select m.name, any_value(cats.categories) as categories, m.district,
       min(m.dated) as first_seen, max(m.dated) as last_seen,
       count(distinct m.doc_id) as articles, any_value(carried.sources) as sources,
       list_sort(list_distinct(list(m.kind))) as kinds
from m
join cats on cats.name = m.name and cats.district is not distinct from m.district
join carried on carried.name = m.name and carried.district is not distinct from m.district
group by m.name, m.district;

insert into core.mv_initiative_facts_by_district
with f as (
    select f.doc_id, f.value, f.unit, f.object, any_value(f.initiative) as initiative
    from core.initiative_facts f
    join core.clusters c on c.canonical_doc_id = f.doc_id
    group by f.doc_id, f.value, f.unit, f.object
)
select d.district, f.unit, f.object,
       sum(f.value) as total, count(*) as facts, count(distinct f.doc_id) as articles,
       count(distinct f.initiative) as initiatives,
       min(case when d.date_precision in ('day', 'month') then d.published_date end) as first_date,
       max(case when d.date_precision in ('day', 'month') then d.published_date end) as last_date
from f
join core.documents d on d.doc_id = f.doc_id
where d.district is not null
group by d.district, f.unit, f.object;
