"""`storykit import`: turn articles (text, Markdown, saved web pages, WeChat articles, Word
files) into draft records. Plain Python; each stage has its own module:

read (formats) → clean (furniture, glosses, t2s) → structure (title, byline, sections) →
figures → link (regions, catalog records, themes) → kind → write (YAML with comments);
articles takes the files one after another through these stages and builds each kind's record.
"""

from __future__ import annotations

from .articles import ImportResult, import_file, import_paths

__all__ = ["ImportResult", "import_file", "import_paths"]
