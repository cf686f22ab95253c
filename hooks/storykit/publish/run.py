"""One publish from start to end: the checks, the plan, the uploads in order, the summary.

What it says goes through `say` (a line) and `progress` (files done of files planned), so the
command line decides how it looks in a terminal and in a CI log."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storykit.build.project import CONFIG
from storykit.publish import archive, preflight
from storykit.publish.destination import Destination, DestinationError, parse
from storykit.publish.plan import Plan, foreign, inventory, make_plan
from storykit.publish.preflight import NotPublishable
from storykit.publish.transfer import Rclone, TransferError
from storykit.records.problems import errors
from storykit.records.settings import read_settings, site_url

Say = Callable[[str], None]
Progress = Callable[[int, int, int], None]  # files done, files planned, bytes done


class PublishError(Exception):
    """Why nothing (or not everything) was published, in Chinese."""


@dataclass
class Outcome:
    uploaded: int = 0
    unchanged: int = 0
    deleted: int = 0
    bytes: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Request:
    root: Path
    to: str = ""  # DEST, or "" with `zip`
    zip: str | None = None
    dry_run: bool = False
    strict: bool = False
    environ: dict[str, str] = field(default_factory=dict)


def publish(req: Request, say: Say, progress: Progress) -> Outcome:
    start = time.perf_counter()
    site = req.root / "site"
    try:
        preflight.check_fresh(req.root, site)
    except NotPublishable as err:
        raise PublishError(str(err)) from err
    settings, problems = read_settings(req.root / CONFIG)
    if errors(problems):
        raise PublishError(f"mkdocs.yml 有问题，先改正再发布：{errors(problems)[0]}")
    files = inventory(site)
    private = preflight.private_files(list(files))
    if private:
        raise PublishError(
            f"{site.name}/ 里有不能公开的文件（{'、'.join(private[:5])}"
            f"{' 等' if len(private) > 5 else ''}）；请运行 make clean 后再运行 make build"
        )
    try:
        dest = None if req.zip is not None else parse(req.to, settings.publish, req.environ)
    except DestinationError as err:
        raise PublishError(str(err)) from err
    if dest and dest.kind == "folder":
        _refuse_overlap(Path(dest.target), req.root, site)
    outcome = Outcome(dry_run=req.dry_run)
    outcome.warnings = preflight.go_live_warnings(
        site_url(req.root / CONFIG), settings, dest.bucket if dest else ""
    )
    if dest:
        outcome.warnings += list(dest.notes)
    if outcome.warnings and req.strict:
        raise PublishError("按 --strict 的要求停止发布：\n" + "\n".join(outcome.warnings))
    for warning in outcome.warnings:
        say(f"提醒：{warning}")
    if dest is None:
        _zip(req, site, files, outcome, say)
    else:
        _upload(req, site, files, dest, outcome, say, progress)
    outcome.seconds = time.perf_counter() - start
    return outcome


def _refuse_overlap(folder: Path, root: Path, site: Path) -> None:
    """A folder destination is made to match the site, deletions included: never the
    project, a folder holding it, or a folder inside the site."""
    root, site = root.resolve(), site.resolve()
    if folder == root or root.is_relative_to(folder) or folder.is_relative_to(site):
        raise PublishError(
            f"不能发布到 {folder}：它是项目文件夹、包含项目文件夹或在 site/ 里面；"
            "发布会删除目标里网站没有的文件，请另选一个专门放网站的文件夹"
        )


def _zip(req: Request, site: Path, files: dict, outcome: Outcome, say: Say) -> None:
    target = archive.archive_path(req.zip or "", "site")
    outcome.uploaded = len(files)
    outcome.bytes = sum(f.size for f in files.values())
    if req.dry_run:
        say(f"将把 {len(files)} 个文件打包为 {target}")
        return
    size = archive.write_zip(site, files, target)
    say(f"已打包为 {target}（{human(size)}）")


def _upload(
    req: Request,
    site: Path,
    files: dict,
    dest: Destination,
    outcome: Outcome,
    say: Say,
    progress: Progress,
) -> None:
    say(f"发布到 {dest.shown}")
    try:
        rclone = Rclone(dest)
        remote = rclone.listing()
    except TransferError as err:
        raise PublishError(str(err)) from err
    if foreign(files, remote):
        raise PublishError(
            f"发布目标里已有 {len(remote)} 个文件，但没有一个是本网站的文件；为免误删别人的文件，"
            "不发布到这里。请换一个空的存储桶、路径或文件夹，或先确认后手工清空它"
        )
    plan = make_plan(files, remote)
    outcome.unchanged = plan.unchanged
    if plan.unhashed:
        say(f"提醒：发布目标没有给出 {plan.unhashed} 个文件的校验值，这些文件会重新上传")
    if req.dry_run:
        _describe(plan, say)
        outcome.uploaded, outcome.bytes = len(plan.uploads), plan.upload_bytes
        outcome.deleted = len(plan.deletions)
        return
    _carry_out(rclone, site, plan, outcome, say, progress)


def _describe(plan: Plan, say: Say) -> None:
    for batch in plan.batches:
        for u in batch.uploads:
            what = "新增" if u.new else "有改动"
            say(
                f"将上传（{what}）：{u.file.path}  [{batch.phase.label}；{u.headers.cache_control}]"
            )
    for path in plan.deletions:
        say(f"将删除：{path}")


def _carry_out(
    rclone: Rclone, site: Path, plan: Plan, outcome: Outcome, say: Say, progress: Progress
) -> None:
    total = len(plan.uploads)

    def landed(path: str, size: int) -> None:
        outcome.uploaded += 1
        outcome.bytes += size
        progress(outcome.uploaded, total, outcome.bytes)

    try:
        phase = None
        for batch in plan.batches:
            if batch.phase != phase:
                phase = batch.phase
                count = sum(len(b.uploads) for b in plan.batches if b.phase == phase)
                say(f"上传{phase.label}：{count} 个")
            rclone.upload(site, batch, landed)
        if plan.deletions:
            say(f"删除网站里已经没有的文件：{len(plan.deletions)} 个")
            rclone.delete(plan.deletions)
            outcome.deleted = len(plan.deletions)
    except TransferError as err:
        raise PublishError(
            f"{err}\n已上传 {outcome.uploaded} 个文件；已发布的页面仍然完整，改正后再运行一次即可继续"
        ) from err


def human(size: float) -> str:
    for unit in ("字节", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "字节" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
