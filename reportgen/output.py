"""Write one period's output folder, `OUT/PERIOD`, all at once or not at all, surviving a crash.

Every name this module uses beside `OUT/PERIOD` is hidden and belongs to that period:

- `.PERIOD.new-XXXX`: staging, or an old copy on its way out. Never published except by the swap,
  never restored: whatever a crash leaves under this name is deleted by the next write.
- `.PERIOD.old-XXXX`: a complete previous output. It only comes into being by renaming a complete
  `OUT/PERIOD` aside, and is renamed to a `.new-` name before it is deleted, so any `.old-` folder
  is complete by construction and no marker file is needed.
- `.PERIOD.lock`: makes writes of this period into this `OUT` take turns, so a recovery never runs
  beside a swap. One lock per period because writes of other periods touch none of these names.
  It stays after the write: deleting a lock file lets a waiter holding the old file and a newcomer
  creating a new one both believe they hold the lock.

A write takes the lock, recovers (if `OUT/PERIOD` is missing, renames the newest `.old-` back; then
deletes every `.new-` and `.old-`), writes every file into a fresh `.new-` and fsyncs each file and
folder, then swaps: `renameat2(RENAME_EXCHANGE)` when `OUT/PERIOD` exists (one step, after which
the old copy sits in the staging name), a plain rename when it does not. It fsyncs `OUT` so the
swap survives a power cut, and deletes the staging name. So `OUT/PERIOD` is at every instant the
complete old output or the complete new one.

Where the exchange is unsupported (not Linux, old glibc, a filesystem without it) the swap is two
renames: `OUT/PERIOD` to `.PERIOD.old-XXXX`, staging to `OUT/PERIOD`. Between them `OUT/PERIOD`
is missing for an instant; a crash there leaves the old output complete in `.old-`, and the next
write puts it back before anything else.

On any failure the new copy is deleted and `OUT/PERIOD` is as it was; only if the fallback cannot
even rename the old output back does its `.old-` copy stay, for the next write to restore.

Legacy layout: versions before this module left crashes as `.PERIOD.old-XXXX/PERIOD/`; recovery
restores those too.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

from filelock import FileLock, Timeout

from reportgen.errors import EnvironmentProblem

LOCK_TIMEOUT = 600.0  # seconds a write waits for another write of the same period before giving up
AT_FDCWD = -100
RENAME_EXCHANGE = 2
# Errors that mean "this system cannot exchange", not "this exchange failed": use two renames.
NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}
NO_FOLDER_SYNC = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}  # filesystems that cannot fsync a folder


def _load_renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def check_writable(out_dir: Path) -> None:
    """Fail in a moment, not after the whole build, when `out_dir` cannot take the output."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir, prefix=".reportgen-probe-"):
            pass
    except OSError as exc:
        raise _problem(exc, out_dir, out_dir) from exc


def write_atomically(out_dir: Path, period: str, files: dict[str, bytes]) -> Path:
    """Replace `<out>/<period>` with exactly `files`; on any failure the previous output stays as it was."""
    final = out_dir / period
    lock_path = out_dir / f".{period}.lock"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(lock_path, timeout=LOCK_TIMEOUT):
            _write_locked(out_dir, period, files)
    except Timeout:
        raise EnvironmentProblem(
            f"another build has been writing {final} for over {LOCK_TIMEOUT / 60:g} minutes (lock {lock_path}); "
            "wait for it to finish or stop it, then run again") from None
    except OSError as exc:
        raise _problem(exc, out_dir, final) from exc
    return final


def _write_locked(out_dir: Path, period: str, files: dict[str, bytes]) -> None:
    final = out_dir / period
    if final.exists() and not final.is_dir():
        raise EnvironmentProblem(f"{final} is a file, not a folder; move it away or choose another --out")
    _recover(out_dir, period)
    staging = Path(tempfile.mkdtemp(prefix=f".{period}.new-", dir=out_dir))
    try:
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; the report folder should not be
        _write_tree(staging, files)
        _swap(staging, final)
    finally:
        _remove(staging)  # the unpublished new copy after a failure, the old copy after a swap


def _recover(out_dir: Path, period: str) -> None:
    """Put back an old output a crash left aside, then delete every stale folder of this period."""
    final = out_dir / period
    olds = sorted(out_dir.glob(f".{period}.old-*"), key=lambda p: p.lstat().st_mtime, reverse=True)
    if not os.path.lexists(final):
        for old in olds:
            if (report := _report_in(old, period)) is not None:
                os.rename(report, final)
                _fsync_dir(out_dir)
                break
    for stale in [*out_dir.glob(f".{period}.new-*"), *out_dir.glob(f".{period}.old-*")]:
        _discard(stale, period)


def _report_in(old: Path, period: str) -> Path | None:
    """The complete report folder an `.old-` folder holds, if any."""
    if not old.is_dir() or old.is_symlink():
        return None
    names = [p.name for p in old.iterdir()]
    if names == [period] and (old / period).is_dir():
        return old / period  # legacy layout
    return old if names else None


def _discard(stale: Path, period: str) -> None:
    """Delete a stale folder; an old copy first leaves the restorable `.old-` names, so none is half-deleted."""
    if stale.name.startswith(f".{period}.old-"):
        trash = stale.with_name(f".{period}.new-{os.urandom(4).hex()}")
        try:
            os.rename(stale, trash)
        except OSError:
            return  # a complete copy left in place beats a half-deleted one
        stale = trash
    _remove(stale)


def _write_tree(staging: Path, files: dict[str, bytes]) -> None:
    """Write every file under `staging`, then flush files and folders to disk before anyone can see them."""
    folders = {staging}
    for name, data in files.items():
        path = staging / name
        if path.parent != staging:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.update(staging / parent for parent in Path(name).parents)
        _write_file(path, data)
    for folder in folders:
        _fsync_dir(folder)


def _write_file(path: Path, data: bytes) -> None:
    """Write one new file and fsync it, so the swap never publishes data that is only in memory."""
    with open(path, "xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _swap(staging: Path, final: Path) -> None:
    """Publish `staging` as `final` and make it durable; the previous output, if any, ends at `staging`."""
    if not final.exists():
        os.rename(staging, final)  # atomic onto a name that does not exist
    else:
        try:
            _exchange(staging, final)
        except OSError as exc:
            if exc.errno not in NO_EXCHANGE:
                raise
            _two_renames(staging, final)
    _fsync_dir(final.parent)


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths in one step with renameat2(RENAME_EXCHANGE)."""
    if _renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(a))
    if _renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def _two_renames(staging: Path, final: Path) -> None:
    """The swap where the exchange is unsupported; a crash between the renames is undone by `_recover`."""
    old = staging.with_name(staging.name.replace(".new-", ".old-", 1))
    os.rename(final, old)
    try:
        os.rename(staging, final)
    except BaseException:
        with suppress(OSError):
            os.rename(old, final)  # if even this fails, the next write's recovery restores `old`
        raise
    _fsync_dir(final.parent)  # the new output is on disk before the old one stops being restorable
    with suppress(OSError):
        os.rename(old, staging)


def _fsync_dir(path: Path) -> None:
    """Flush a folder's entries to disk, where the filesystem can."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in NO_FOLDER_SYNC:
            raise
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    """Delete a file or folder if it is there; never raise, since this only tidies up."""
    try:
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            path.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass


def _problem(exc: OSError, out_dir: Path, final: Path) -> EnvironmentProblem:
    """The user's view of an OSError: which path, what went wrong, what to do."""
    path = _shown(exc.filename, out_dir, final)
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return EnvironmentProblem(f"no space left on device writing {path}; free space or choose another --out")
    if code == errno.EROFS:
        return EnvironmentProblem(f"read-only file system: cannot write {path}; choose another --out")
    if code in (errno.EACCES, errno.EPERM):
        return EnvironmentProblem(f"permission denied: {path}; choose a writable --out")
    if code in (errno.ENOTDIR, errno.EEXIST):
        for part in (*reversed(final.parents), final):
            if part.exists() and not part.is_dir():
                return EnvironmentProblem(f"{part} is a file, not a folder; move it away or choose another --out")
    return EnvironmentProblem(f"cannot write {path}: {exc.strerror or exc}; check the folder or choose another --out")


def _shown(filename: str | None, out_dir: Path, final: Path) -> Path:
    """A path as the user knows it: files in staging under `final`, the lock file as `out_dir`."""
    if not filename:
        return final
    path = Path(os.fsdecode(filename))
    try:
        parts = path.relative_to(out_dir).parts
    except ValueError:
        return path
    if parts and parts[0].startswith((f".{final.name}.new-", f".{final.name}.old-")):
        return final.joinpath(*parts[1:])
    if parts == (f".{final.name}.lock",):
        return out_dir
    return path
