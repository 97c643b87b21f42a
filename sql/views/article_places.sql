-- article_places: the districts and sub-districts each article mentions.
-- grain: one row per (doc_id, district, subdistrict) of canonical documents; subdistrict is
--   null on the district's own row; exactly one row per article has is_primary (when known).
-- columns:
--   doc_id: the article (canonical document) that mentions the place
--   cluster_id: the story the article represents
--   district: the district, full name (e.g. 徐汇区)
--   subdistrict: the sub-district (街道 or 镇) within the district; null on the district's own row
--   mentions: how many times the article names the place
--   is_primary: true on the district row chosen as the article's district
--   evidence: the words the place was recognised by, as kind:surface tags; title, text, org and
--     publisher (the 来源 / 转自 line naming a district's outlet) mentions count, visitor, address,
--     contact, name (organisation), border, list (a numbered roll across the city) and guest (where a
--     guest in a roll of guests works) mentions do not; stem (a 街镇 listed by its short name with
--     others of its district, 大场、顾村、罗店) makes a sub-district row that weighs nothing
create or replace view article_places as
select p.doc_id, p.cluster_id, p.district, nullif(p.subdistrict, '') as subdistrict,
       p.mentions, p.is_primary, p.evidence
from core.document_places p
where p.is_canonical;  -- kept on the row
