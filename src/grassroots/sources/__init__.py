"""Source kinds: one module per kind (files, web: urls/feed/sitemap/listing)."""
