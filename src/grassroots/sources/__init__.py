"""Discover and read: files, web (urls, feeds, sitemaps, listings) and fetch, the only network I/O."""

from __future__ import annotations

from datetime import date


def in_window(d: date | None, since: date | None, until: date | None) -> bool:
    """Half-open [since, until); an undated input is kept (its page decides later)."""
    if d is None:
        return True
    return (since is None or d >= since) and (until is None or d < until)
