"""Rendering page data with the core's own autoescaping Jinja environment."""
