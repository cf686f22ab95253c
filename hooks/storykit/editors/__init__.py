"""Tools for editors: JSON Schema, record scaffolds, the form editor's configuration, repairs."""
