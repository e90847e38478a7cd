"""Write output files so that a reader never sees half a file.

Every file newskg writes goes to a temporary file in the destination folder first (same
filesystem, so ``os.replace`` is an atomic rename), is flushed and fsynced, and only then
replaces the target. If anything fails -- including Ctrl-C -- the temporary file is removed
and the previous version of the target stays as it was.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from kg.errors import OutputError

log = logging.getLogger(__name__)


def _check_folder(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {folder} does not exist; create it first")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: folder {folder} is not writable; choose another output path")


def _write_temp(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temp file beside ``path``; return the temp file's path."""
    _check_folder(path)
    # an interrupt between creating the temp file and owning its name would leave it
    # behind: hold Ctrl-C/SIGTERM over that window (the write itself stays interruptible)
    blocked = _block_signals()
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        _unblock_signals(blocked)
        raise OutputError(
            f"{path}: cannot create a file there ({e.strerror}); choose another output path"
        ) from e
    tmp = Path(name)
    try:
        _unblock_signals(blocked)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp creates files 0600; give the result the usual permissions (umask applies).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    except BaseException as e:
        _remove(tmp)
        if isinstance(e, OSError):
            raise OutputError(
                f"{path}: cannot write ({e.strerror}); check free space and permissions"
            ) from e
        raise
    return tmp


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except BaseException as e:
        _remove(tmp)
        if isinstance(e, OSError):
            raise OutputError(
                f"{path}: cannot replace the file ({e.strerror}); check permissions"
            ) from e
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform (Windows), so best effort.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; return the path written."""
    path = Path(path)
    tmp = _write_temp(path, data)
    _replace(tmp, path)
    log.debug("wrote %s (%d bytes)", path, len(data))
    return path


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically (no newline translation)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def commit_files(files: Mapping[str | os.PathLike[str], bytes]) -> list[Path]:
    """Write several files so that a failure before the renames leaves all old files intact.

    Every file is first written to its temp file; only when all of them are on disk are they
    renamed into place, in the order given. A failure while writing removes every temp file.
    (The renames themselves cannot be made atomic as a group; each one is.)
    """
    pending: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target = Path(target)
            pending.append((_write_temp(target, data), target))
    except BaseException:
        for tmp, _ in pending:
            _remove(tmp)
        raise
    done: list[Path] = []
    # Ctrl-C or SIGTERM during the renames would leave some exports new and some old: the
    # renames take microseconds, so hold those signals until they are done
    blocked = _block_signals()
    try:
        while pending:
            tmp, target = pending[0]
            _replace(tmp, target)
            pending.pop(0)
            done.append(target)
    finally:
        for tmp, _ in pending:
            _remove(tmp)
        _unblock_signals(blocked)
    return done


def _block_signals():
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return None  # (signals only reach the main thread; Windows has no signal masks)
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})


def _unblock_signals(previous) -> None:
    import signal

    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
