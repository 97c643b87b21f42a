"""Extracted text -> places (district, 街道/镇) and initiatives, categories and quantities."""
