"""A build writes into a staging folder beside the site and swaps it in only when everything
succeeded, so a failed build never leaves a half-written site."""

from __future__ import annotations

import os
import shutil
import subprocess


class Staging:
    def __init__(self, site_dir: str) -> None:
        self.site_dir = site_dir  # the published site, as the engine names it
        self.folder = site_dir.rstrip("/\\") + ".building"

    def start(self) -> str:
        """An empty staging folder's path: the build writes there (what an earlier failed
        build left is removed first)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        return self.folder

    def swap_in(self) -> str:
        """The built site in the site's place; returns where the replaced site went for now
        (remove_later removes it)."""
        old = self.site_dir + ".old"
        shutil.rmtree(old, ignore_errors=True)
        if os.path.exists(self.site_dir):
            os.replace(self.site_dir, old)
        os.replace(self.folder, self.site_dir)
        return old

    def abandon(self) -> None:
        """A failed build: what it wrote goes, the site stays as it was."""
        shutil.rmtree(self.folder, ignore_errors=True)


def remove_later(path: str) -> None:
    """The replaced site, removed after the build has returned (thousands of folders take a
    while); the next build removes any of it still there before it starts."""
    if os.name == "posix" and os.path.exists(path):
        gone = path + f".{os.getpid()}"
        os.replace(path, gone)
        subprocess.Popen(["rm", "-rf", gone], start_new_session=True)
    else:
        shutil.rmtree(path, ignore_errors=True)
