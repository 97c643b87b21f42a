-- 0031: the sequence 0010 made is not used: doc_signatures.doc_no is max + 1 at load time.
drop sequence if exists core.doc_no_seq;
