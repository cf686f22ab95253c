"""`make bench` (`python -m tools.bench`): a synthetic corpus (corpus.py), timed checks,
builds, preview, search and image work (run.py), and `mkdocs serve` in a child process
(serve.py, also used by the browser tests)."""
