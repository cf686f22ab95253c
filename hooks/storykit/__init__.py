"""storykit core: typed story records, validation and the catalog. Never imports mkdocs."""
