"""Bytes -> text, title and dated metadata: decode, HTML pages, text captures, front matter, cleaning.

`extract` and `EXTRACTOR_VERSION` load the extraction stack (trafilatura, lxml, readability) on
first use: the warehouse imports this package's small `script` module for near-duplicate
shingles, and commands that extract nothing (`sql`, `status`, a run handed to `grassroots
serve`) should not pay for the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grassroots.extract.document import EXTRACTOR_VERSION, extract

__all__ = ["EXTRACTOR_VERSION", "extract"]


def __getattr__(name: str):
    if name in __all__:
        from grassroots.extract import document

        return getattr(document, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
