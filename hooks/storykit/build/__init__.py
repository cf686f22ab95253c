"""A build: what to reuse, rendering pages, feeds, search, and the memory for the next build."""
