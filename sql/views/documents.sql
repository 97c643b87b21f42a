-- documents: every accepted document (sighting).
-- grain: one row per document (doc_id), i.e. one place a story was seen with one content.
-- columns:
--   doc_id: the document's id (one locator with one content)
--   source: configured source it came from
--   locator: absolute path (files) or canonical URL (web)
--   title: the headline
--   published_date: publication date; the first day of the period when date_precision is month
--     or year; null when unknown
--   date_precision: day | month | year | unknown
--   date_source: where the date was found: front_matter | metadata | text | dateline | url
--   publisher: the outlet, when the page names it
--   text: the body text
--   district: primary district (full name), null when none is named
--   cluster_id: the story this document is a copy of
--   is_canonical: true on the copy that represents the story
--   ingested_at: when it was stored
--   author: the byline, when given
--   date_text: the date evidence as written (e.g. 2月24日电)
--   title_source: where the title came from: front_matter | metadata | h1 | text
--   input_format: html | markdown | text | front_matter+html | front_matter+markdown
--   encoding: the character encoding the bytes were decoded with
--   encoding_source: how the encoding was chosen: bom | http | meta | detected | default
--   encoding_flags: notes on the decoding (e.g. header_meta_conflict)
--   extractor: name and version of the extractor that produced the text
--   content_hash: hash of the normalised text (equal texts, equal hash)
--   raw_sha256: SHA-256 of the raw bytes (the raw layer's key)
--   similarity: similarity to the story's canonical text (1.0 = same text)
--   script: the Han script of title and text as published: simplified | traditional | mixed
create or replace view documents as
select
    d.doc_id, d.source, d.locator, d.title, d.published_date, d.date_precision, d.date_source,
    d.publisher, d.text, d.district, d.cluster_id, d.is_canonical, d.ingested_at,
    d.author, d.date_text, d.title_source, d.input_format, d.encoding, d.encoding_source,
    d.encoding_flags, d.extractor, d.content_hash, d.raw_sha256, d.similarity, d.script
from core.documents d
where d.is_canonical is not null;  -- in a cluster (membership kept on the row)
