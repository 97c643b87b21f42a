"""Copies folded into stories: signatures (normalised text, MinHash, LSH keys) and clusters."""
