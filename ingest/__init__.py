"""Ingest: read articles, normalise, chunk, embed and store them (dense + keyword indexes)."""
