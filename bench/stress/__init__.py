"""Stress-set generators for grassroots near-duplicate detection (standard library only)."""
