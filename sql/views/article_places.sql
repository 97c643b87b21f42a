-- article_places: the districts and sub-districts each article mentions.
-- grain: one row per (doc_id, district, subdistrict) of canonical documents; subdistrict is
--   null on the district's own row; exactly one row per article has is_primary (when known).
-- columns: doc_id, cluster_id, district, subdistrict, mentions, is_primary, evidence.
create or replace view article_places as
select p.doc_id, p.cluster_id, p.district, nullif(p.subdistrict, '') as subdistrict,
       p.mentions, p.is_primary, p.evidence
from core.document_places p
where p.is_canonical;  -- kept on the row
