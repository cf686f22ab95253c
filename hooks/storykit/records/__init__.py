"""Reading and checking records: YAML, typed models, regions, privacy, the catalog."""
