"""Bytes -> text, title and dated metadata: decode, HTML pages, text captures, front matter, cleaning."""

from grassroots.extract.document import EXTRACTOR_VERSION, extract

__all__ = ["EXTRACTOR_VERSION", "extract"]
