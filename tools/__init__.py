"""Project tooling run from the project root (`python -m tools.…`); never part of the site."""
