"""Atomic output files: the one writer behind every file marketimpact produces.

Every output (CLI tables, charts, the JSON result, the HTML report, ``prices --out``,
``batch --out``) goes through :class:`OutputSet`:

* each file is first written to a **unique** temporary file created exclusively
  (``O_CREAT | O_EXCL | O_NOFOLLOW``) in the target's own folder, so a link planted at a
  temporary name is never followed and two runs never share a temporary file;
* its data are ``fsync``\\ ed, then it is moved over the target with :func:`os.replace`
  (a reader sees the old file or the new one, never half of one);
* its permissions follow the user's umask (``0o666 & ~umask``, like any file the user
  creates; :func:`tempfile.mkstemp` would leave ``0600``);
* the temporary file is removed on every exit path (error, Ctrl-C, ``SystemExit``); temporary
  files left by a process that was killed (``kill -9``) are removed by the next run that writes
  into the same folder on the same host.

**One output set.** The files of one run (e.g. the chart PNG and SVG, the JSON result and the
HTML report of ``study --out DIR --html``) are all staged before any is moved into place. A
failure while staging (disk full, Ctrl-C) leaves the previous set untouched; a failure while
moving them (rare: the data are already on disk) puts the previous files back from hard links
taken just before. Moves into one folder are serialised with an advisory lock on the folder,
so two concurrent runs leave one run's complete set, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

#: suffix of every temporary file this module creates
TEMP_SUFFIX = ".mi-tmp"

Content = bytes | str | Callable[[BinaryIO], object]


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", socket.gethostname())[:32] or "host"


_RE_TEMP = re.compile(r"^\..*\.(?P<host>[A-Za-z0-9-]+)\.(?P<pid>\d+)\.[0-9a-f]{12}\.(?:tmp|bak)" + re.escape(TEMP_SUFFIX) + "$")


def _temp_path(target: Path, kind: str = "tmp") -> Path:
    """A fresh hidden name beside ``target``: ``.<name>.<host>.<pid>.<random>.tmp.mi-tmp``."""
    name = target.name[:120]
    return target.with_name(f".{name}.{_host()}.{os.getpid()}.{secrets.token_hex(6)}.{kind}{TEMP_SUFFIX}")


def _create_exclusive(path: Path) -> int:
    """Open a new file for writing; fails if anything (file or link) already has that name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o666)  # the umask decides the final permissions


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (another user's) or cannot tell: keep its files
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary files left in ``folder`` by killed marketimpact processes of this host.

    Only names this module creates are considered, and only when the process that created
    them no longer exists; returns what was removed.
    """
    removed = []
    host = _host()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            m = _RE_TEMP.match(entry.name)
            if not m or m["host"] != host or int(m["pid"]) == os.getpid() or _pid_alive(int(m["pid"])):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the file system supports it)."""
    with contextlib.suppress(OSError):  # not supported on every file system
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Advisory exclusive lock on ``folder`` (POSIX ``flock``; a no-op where unsupported)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class OutputSet:
    """Files written together: all replace their targets, or none does.

    Use as a context manager; :meth:`write` stages a file, leaving the block moves every
    staged file into place (an exception discards them all)::

        with OutputSet() as out:
            out.write(folder / "result.json", text)
            out.write(folder / "chart.png", lambda fh: fig.savefig(fh, format="png"))

    ``content`` is ``bytes``, ``str`` (written as UTF-8) or a callable given the open binary
    file. Targets may be in several folders (each temporary file lives beside its target).
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []  # (temporary, target)
        self._cleaned: set[Path] = set()
        self.written: list[Path] = []

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()

    def write(self, path: str | os.PathLike[str], content: Content) -> Path:
        """Stage ``content`` for ``path`` (created folders included); returns ``path``."""
        target = Path(path)
        if target.name in ("", ".", ".."):
            raise IsADirectoryError(21, "Is a directory", str(target))
        folder = target.parent
        folder.mkdir(parents=True, exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            raise IsADirectoryError(21, "Is a directory", str(target))
        if folder not in self._cleaned:
            remove_stale_temps(folder)
            self._cleaned.add(folder)
        tmp = _temp_path(target)
        fd = _create_exclusive(tmp)
        self._staged.append((tmp, target))  # registered first: removed on any exit from here on
        try:
            with os.fdopen(fd, "wb") as fh:
                if callable(content):
                    content(fh)
                else:
                    fh.write(content.encode("utf-8") if isinstance(content, str) else content)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            self.discard()
            raise
        return target

    def discard(self) -> None:
        """Remove every staged temporary file (targets untouched)."""
        for tmp, _ in self._staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._staged.clear()

    def commit(self) -> list[Path]:
        """Move every staged file over its target; on failure put the previous files back."""
        staged, self._staged = self._staged, []
        folders = sorted({t.parent.resolve() for _, t in staged}, key=str)
        replaced: list[tuple[Path, Path | None, bool]] = []  # (target, link to the previous file, existed)
        pending: Path | None = None
        try:
            with contextlib.ExitStack() as locks:
                for folder in folders:
                    locks.enter_context(_folder_lock(folder))
                for tmp, target in staged:
                    existed = os.path.lexists(target)
                    pending = _backup(target) if existed else None
                    os.replace(tmp, target)
                    replaced.append((target, pending, existed))
                    pending = None
        except BaseException:
            for target, backup, existed in reversed(replaced):  # put the previous set back
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    elif not existed:
                        os.unlink(target)
            for tmp, _ in staged:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise
        finally:
            for leftover in [b for _, b, _ in replaced] + [pending]:
                if leftover is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(leftover)
        for folder in folders:
            fsync_dir(folder)
        done = [t for _, t in staged]
        self.written.extend(done)
        return done


def _backup(target: Path) -> Path | None:
    """A hard link to the file now at ``target`` (``None`` where hard links are unsupported)."""
    backup = _temp_path(target, "bak")
    try:
        os.link(target, backup, follow_symlinks=False)
    except (OSError, NotImplementedError):
        return None
    return backup


def atomic_write(path: str | os.PathLike[str], content: Content) -> Path:
    """Write one file atomically (see the module docstring); returns its path."""
    with OutputSet() as out:
        out.write(path, content)
    return Path(path)
