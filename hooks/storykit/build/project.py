"""What every command starts from: the site settings in mkdocs.yml and the records, checked.
The build, `storykit check` and `storykit wechat` set a project up the same way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storykit.media.variants import Gallery
from storykit.pages.queries import Queries
from storykit.records import catalog
from storykit.records.catalog import Catalog
from storykit.records.load import Loader
from storykit.records.problems import Problem
from storykit.records.settings import IMAGE_CACHE, Settings, read_settings
from storykit.render.templates import Templates

CONFIG = "mkdocs.yml"


def project_settings(config: Path) -> tuple[Settings, list[Problem]]:
    """The settings in mkdocs.yml and every problem found in them; the defaults, and no
    problem, for a folder of records without one."""
    if not config.is_file():
        return Settings(), []
    return read_settings(config, config.name)


@dataclass
class Project:
    root: Path
    settings: Settings
    catalog: Catalog  # its problems include the settings' (the preview shows them all)

    @classmethod
    def load(
        cls,
        root: Path,
        drafts: bool = False,
        loader: Loader | None = None,
        settings: tuple[Settings, list[Problem]] | None = None,
    ) -> Project:
        """The project in `root`: its settings (read from mkdocs.yml unless given, with their
        problems) and its records (drafts shown or left out), through `loader` when one is
        kept between builds."""
        settings = settings or project_settings(root / CONFIG)
        cat = catalog.build(root, drafts=drafts, loader=loader, levels=settings[0].review.levels)
        cat.problems.extend(settings[1])
        return cls(Path(root), settings[0], cat)

    @property
    def problems(self) -> list[Problem]:
        return self.catalog.problems

    def queries(self) -> Queries:
        """The pages' questions about this project, with its pictures processed on demand into
        a cache outside the site (kept between builds)."""
        return Queries(self.catalog, self.settings, Gallery(self.root / IMAGE_CACHE))

    def templates(self, reload: bool = False) -> Templates:
        """The core's templates, the site's overrides first; `reload` re-reads a changed one."""
        return Templates(self.root, reload=reload)
