-- 0100: candidate keys from facts (issue 16; dedup.story.fact_keys). A synonym-spun copy shares
-- too few character shingles with its original for an LSH band; it keeps its facts (numbers with
-- units, quoted names, places) in order. Each run of three consecutive facts is a key; documents
-- sharing two keys are compared. Filled for every document when clustering re-signs a warehouse
-- whose layout predates the keys (near_dup_state.layout), as after any layout change.
create table core.fact_keys (
    key     bigint not null,
    doc_no  integer not null   -- core.doc_signatures.doc_no
);
