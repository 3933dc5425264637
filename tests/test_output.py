"""Writing a period folder: replaced whole or not at all, across crashes, concurrent builds and bad disks."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

import pytest
from filelock import FileLock

from reportgen import output
from reportgen.errors import EnvironmentProblem
from reportgen.output import write_atomically

PERIOD = "2026Q3"
LOCK = f".{PERIOD}.lock"


def _files(tag: str, size: int = 100_000) -> dict[str, bytes]:
    """30 files, about 3 MB, a third in a subfolder; every byte says which set it belongs to."""
    files = {(f"tables/t{i:02d}.csv" if i % 3 == 0 else f"f{i:02d}.bin"): (tag * size).encode() + bytes([i])
             for i in range(29)}
    files[f"only_{tag}.txt"] = tag.encode()  # the two sets also differ in their names
    return files


OLD, NEW = _files("o"), _files("n")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _extras(out: Path) -> list[str]:
    """Anything in `out` besides the period folder and its lock file: staging left behind."""
    return sorted(p.name for p in out.iterdir() if p.name not in (PERIOD, LOCK))


def _fork(target) -> int:
    """Run `target()` in a forked child; it exits 0 if `target` returned, 1 if it raised."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            target()
            code = 0
        except BaseException:  # noqa: BLE001 - reported on stderr, seen as exit code 1
            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


def _exit_code(pid: int) -> int:
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


REAL_FSYNC = os.fsync


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch):
    """Skip fsync, which only makes these tests slow; test_durable_before_and_after_the_swap checks the calls."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder that already holds a complete old period."""
    folder = tmp_path / "out"
    write_atomically(folder, PERIOD, OLD)
    return folder


# Normal writes ---------------------------------------------------------------------------------

def test_new_output_replaces_old_with_nested_files(out):
    assert write_atomically(out, PERIOD, NEW) == out / PERIOD
    assert _tree(out / PERIOD) == NEW
    assert _extras(out) == []


def test_folders_get_the_umask_permissions_not_private_ones(tmp_path):
    previous = os.umask(0o022)
    try:
        final = write_atomically(tmp_path / "a" / "b", PERIOD, {"report.html": b"x", "tables/a.csv": b"y"})
    finally:
        os.umask(previous)
    assert final.stat().st_mode & 0o777 == 0o755
    assert (final / "tables").stat().st_mode & 0o777 == 0o755
    assert (final / "report.html").stat().st_mode & 0o777 == 0o644


def test_the_swap_is_one_exchange_on_this_system(out, monkeypatch):
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux only")
    assert output._renameat2 is not None

    def no_fallback(*args):
        raise AssertionError("the two-rename fallback ran although the exchange is available")

    monkeypatch.setattr(output, "_two_renames", no_fallback)
    write_atomically(out, PERIOD, NEW)
    assert _tree(out / PERIOD) == NEW and _extras(out) == []


def test_durable_before_and_after_the_swap(out, monkeypatch):
    events = []
    monkeypatch.setattr(os, "fsync", lambda fd: events.append(os.readlink(f"/proc/self/fd/{fd}")))
    real = output._exchange
    monkeypatch.setattr(output, "_exchange", lambda a, b: (events.append("swap"), real(a, b)))
    write_atomically(out, PERIOD, NEW)
    before, after = events[:events.index("swap")], events[events.index("swap") + 1:]
    [staging] = {Path(p).parent for p in before if p.endswith("/f01.bin")}
    assert sorted(before) == sorted([*(str(staging / name) for name in NEW), str(staging), str(staging / "tables")])
    assert after == [str(out)]


def test_other_periods_are_left_alone(out):
    (out / ".2026Q2.new-abc").mkdir()
    (out / "2026Q2").mkdir()
    write_atomically(out, PERIOD, NEW)
    assert sorted(p.name for p in out.iterdir()) == [".2026Q2.new-abc", LOCK, "2026Q2", PERIOD]


# Recovery from crash states, built by hand -----------------------------------------------------

def _put(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _failing_write(monkeypatch):
    """Make the next write fail while writing its files, after recovery has run."""
    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(output, "_write_file", full)


@pytest.mark.parametrize("layout", ["current", "legacy"])
def test_crash_between_the_two_renames_is_undone(tmp_path, monkeypatch, layout):
    out = tmp_path / "out"
    old = out / ".2026Q3.old-x" / (PERIOD if layout == "legacy" else "")
    _put(old, OLD)
    _put(out / ".2026Q3.new-x", NEW)  # complete, but nothing says so: it is never restored
    _failing_write(monkeypatch)
    with pytest.raises(EnvironmentProblem):
        write_atomically(out, PERIOD, NEW)
    assert _tree(out / PERIOD) == OLD and _extras(out) == []


def test_crash_state_then_a_successful_write(tmp_path):
    out = tmp_path / "out"
    _put(out / ".2026Q3.old-x", OLD)
    _put(out / ".2026Q3.new-y", {"half.bin": b"partial"})
    write_atomically(out, PERIOD, NEW)
    assert _tree(out / PERIOD) == NEW and _extras(out) == []


@pytest.mark.parametrize("stale", [".2026Q3.new-x", ".2026Q3.old-x"])
def test_stale_folders_beside_a_complete_output_are_removed_not_restored(out, monkeypatch, stale):
    _put(out / stale, {"report.html": b"stale"})
    _failing_write(monkeypatch)
    with pytest.raises(EnvironmentProblem):
        write_atomically(out, PERIOD, NEW)
    assert _tree(out / PERIOD) == OLD and _extras(out) == []


def test_the_newest_old_copy_is_restored(tmp_path):
    out = tmp_path / "out"
    _put(out / ".2026Q3.old-a", {"report.html": b"older"})
    _put(out / ".2026Q3.old-b", OLD)
    os.utime(out / ".2026Q3.old-a", (1, 1))
    output._recover(out, PERIOD)
    assert _tree(out / PERIOD) == OLD and _extras(out) == []


# The two-rename fallback ----------------------------------------------------------------------

def _no_exchange(a, b):
    raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), str(a))


def test_fallback_replaces_old(out, monkeypatch):
    monkeypatch.setattr(output, "_exchange", _no_exchange)
    write_atomically(out, PERIOD, NEW)
    assert _tree(out / PERIOD) == NEW and _extras(out) == []


def _rename_failing(fails, error):
    """os.rename, but raising `error(dst)` for the renames `fails(src, dst)` selects."""
    real = os.rename

    def rename(src, dst):
        if fails(str(src), Path(dst)):
            raise error(dst)
        real(src, dst)

    return rename


def test_fallback_failing_second_rename_puts_the_old_output_back(out, monkeypatch):
    monkeypatch.setattr(output, "_exchange", _no_exchange)
    monkeypatch.setattr(os, "rename", _rename_failing(lambda src, dst: ".new-" in src and dst.name == PERIOD,
                                                      lambda dst: OSError(errno.EIO, os.strerror(errno.EIO), str(dst))))
    with pytest.raises(EnvironmentProblem, match="Input/output error"):
        write_atomically(out, PERIOD, NEW)
    assert _tree(out / PERIOD) == OLD and _extras(out) == []


def test_fallback_interrupted_without_rollback_is_recovered_next_time(out, monkeypatch):
    monkeypatch.setattr(output, "_exchange", _no_exchange)
    # the second rename, and the rollback, fail as if the power went
    with monkeypatch.context() as m:
        m.setattr(os, "rename", _rename_failing(lambda src, dst: dst.name == PERIOD, lambda dst: KeyboardInterrupt()))
        with pytest.raises(KeyboardInterrupt):
            write_atomically(out, PERIOD, NEW)
    assert not (out / PERIOD).exists()
    [aside] = _extras(out)
    assert aside.startswith(".2026Q3.old-") and _tree(out / aside) == OLD
    write_atomically(out, PERIOD, NEW)
    assert _tree(out / PERIOD) == NEW and _extras(out) == []


# Kill test: SIGKILL at spread-out moments of a real write -------------------------------------

VARIANTS = {
    # name: (kill points, fsync in the child, slow the swap, use the two-rename fallback)
    "exchange": (40, True, False, False),
    "exchange, slowed": (20, False, True, False),
    "two renames, slowed": (20, False, True, True),
}
PAUSE = 0.025  # seconds added around each step of a slowed swap, so kills certainly land inside it


def _writer(out: Path, report: int, fsync: bool, slow: bool, fallback: bool):
    """The child's work: write NEW over OLD, telling the parent through a pipe when the swap starts and ends."""
    def run():
        if fsync:  # SIGKILL keeps the page cache, so fsync only changes how long the write takes
            os.fsync = REAL_FSYNC
        real_exchange, real_rename, real_swap = output._exchange, os.rename, output._swap
        if fallback:
            output._exchange = _no_exchange
        elif slow:
            def exchange(a, b):
                time.sleep(PAUSE)
                real_exchange(a, b)
                time.sleep(PAUSE)
            output._exchange = exchange
        if fallback and slow:
            def rename(src, dst):
                real_rename(src, dst)
                time.sleep(PAUSE)
            os.rename = rename

        def swap(staging, final):
            os.write(report, b"s")
            real_swap(staging, final)
            os.write(report, b"S")

        output._swap = swap
        write_atomically(out, PERIOD, NEW)
        os.write(report, b"D")
    return run


def _run_writer(out: Path, variant: str, delay: float | None) -> tuple[str, float]:
    """Start a writer, SIGKILL it after `delay` seconds (None: let it finish); return its phase and run time."""
    _, fsync, slow, fallback = VARIANTS[variant]
    read, write = os.pipe()
    started = time.perf_counter()
    pid = _fork(_writer(out, write, fsync, slow, fallback))
    os.close(write)
    if delay is not None:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    code = _exit_code(pid)
    elapsed = time.perf_counter() - started
    with os.fdopen(read, "rb") as pipe:
        seen = pipe.read()
    if delay is None:
        assert code == 0 and seen == b"sSD"
    phase = {b"": "before", b"s": "during", b"sS": "after"}.get(seen, "finished")
    return phase, elapsed


def _restore(out: Path) -> None:
    """One more normal write (of OLD, ready for the next kill): it must leave nothing stale."""
    write_atomically(out, PERIOD, OLD)
    assert _tree(out / PERIOD) == OLD and _extras(out) == []


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_sigkill_at_any_moment_leaves_old_or_new_complete(out, variant):
    points = VARIANTS[variant][0]
    batches = points // 10  # the disk is shared, so its speed drifts: measure again before each batch
    counts = dict.fromkeys(["before", "during", "after", "finished"], 0)
    landed = {"old": 0, "new": 0}
    gaps = 0
    durations = []
    for batch in range(batches):
        measured = []
        for _ in range(2):
            measured.append(_run_writer(out, variant, None)[1])
            assert _tree(out / PERIOD) == NEW
            _restore(out)
        duration = statistics.median(measured)
        durations.append(duration)
        for i in range(batch, points, batches):  # each batch spans the whole write
            phase, _ = _run_writer(out, variant, 1.2 * duration * i / (points - 1))
            counts[phase] += 1
            final = out / PERIOD
            if not final.exists():  # only between the fallback's two renames
                assert variant.startswith("two renames"), f"{final} missing after a kill during {phase}"
                gaps += 1
                [aside] = out.glob(".2026Q3.old-*")
                assert _tree(aside) == OLD  # nothing lost: the old output waits complete for recovery
                output._recover(out, PERIOD)
            tree = _tree(final)
            assert tree in (OLD, NEW), f"a kill during {phase} left a mixture in {final}"
            landed["old" if tree == OLD else "new"] += 1
            _restore(out)
    print(f"\n{variant}: {points} kills spread over 0-1.2x an unkilled write "
          f"({', '.join(f'{d * 1000:.0f}' for d in durations)} ms): {counts['before']} before the swap, "
          f"{counts['during']} during it, {counts['after']} after it (removing the old copy), "
          f"{counts['finished']} after the write ended; left old {landed['old']}, new {landed['new']}; "
          f"{PERIOD} missing after {gaps}, each restored")
    if VARIANTS[variant][2]:
        assert counts["during"] > 0, "no kill landed inside the slowed swap"


# Concurrent writes ----------------------------------------------------------------------------

def test_concurrent_writes_take_turns_and_leave_one_complete_set(out):
    log = out.parent / "log"
    go_read, go_write = os.pipe()

    def writer(tag: str, files: dict[str, bytes]):
        def run():
            os.read(go_read, 1)
            real_locked, real_write = output._write_locked, output._write_file

            def locked(*args):
                _log(f"{tag} in")
                real_locked(*args)
                _log(f"{tag} out")

            def slow_write(path, data):
                time.sleep(0.002)  # long enough that the other writer certainly arrives meanwhile
                real_write(path, data)

            output._write_locked, output._write_file = locked, slow_write
            write_atomically(out, PERIOD, files)
        return run

    def _log(line: str) -> None:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.write(fd, (line + "\n").encode())
        os.close(fd)

    sets = {"a": _files("a"), "b": _files("b")}
    pids = [_fork(writer(tag, files)) for tag, files in sets.items()]
    os.write(go_write, b"go")
    assert [_exit_code(pid) for pid in pids] == [0, 0]
    first, last = log.read_text().split()[0::4]
    assert log.read_text().splitlines() == [f"{first} in", f"{first} out", f"{last} in", f"{last} out"]
    assert _tree(out / PERIOD) == sets[last] and _extras(out) == []


def test_waiting_too_long_for_the_lock_is_an_environment_problem(out, monkeypatch):
    ready_read, ready_write = os.pipe()

    def hold():
        with FileLock(out / LOCK):
            os.write(ready_write, b"1")
            time.sleep(60)

    pid = _fork(hold)
    try:
        os.read(ready_read, 1)
        monkeypatch.setattr(output, "LOCK_TIMEOUT", 0.3)
        with pytest.raises(EnvironmentProblem) as caught:
            write_atomically(out, PERIOD, NEW)
    finally:
        os.kill(pid, signal.SIGKILL)
        _exit_code(pid)
    assert caught.value.exit_code == 2
    assert str(out / LOCK) in caught.value.message and "wait for it to finish" in caught.value.message
    assert _tree(out / PERIOD) == OLD and _extras(out) == []


# Environment errors ---------------------------------------------------------------------------

def test_out_is_a_regular_file(tmp_path):
    file = tmp_path / "out.txt"
    file.write_text("mine")
    for out in (file, file / "sub"):
        with pytest.raises(EnvironmentProblem) as caught:
            write_atomically(out, PERIOD, NEW)
        assert caught.value.exit_code == 2
        assert caught.value.message.startswith(f"{file} is a file, not a folder")
    assert file.read_text() == "mine"


def test_period_is_a_regular_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / PERIOD).write_text("mine")
    with pytest.raises(EnvironmentProblem, match=f"{out / PERIOD} is a file, not a folder"):
        write_atomically(out, PERIOD, NEW)
    assert (out / PERIOD).read_text() == "mine" and _extras(out) == []


@pytest.mark.parametrize("code, expected", [
    (errno.ENOSPC, "no space left on device writing {out}/2026Q3/f01.bin; free space or choose another --out"),
    (errno.EDQUOT, "no space left on device writing {out}/2026Q3/f01.bin"),
    (errno.EROFS, "read-only file system: cannot write {out}/2026Q3/f01.bin; choose another --out"),
    (errno.EACCES, "permission denied: {out}/2026Q3/f01.bin; choose a writable --out"),
    (errno.EIO, "cannot write {out}/2026Q3/f01.bin: Input/output error"),
])
def test_write_errors_are_environment_problems_and_leave_the_old_output(out, monkeypatch, code, expected):
    real = output._write_file

    def write_file(path, data):
        if path.name == "f01.bin":  # a few files in: staging is half full
            raise OSError(code, os.strerror(code), str(path))
        real(path, data)

    monkeypatch.setattr(output, "_write_file", write_file)
    with pytest.raises(EnvironmentProblem) as caught:
        write_atomically(out, PERIOD, NEW)
    assert caught.value.exit_code == 2 and caught.value.message.startswith(expected.format(out=out))
    assert "bug" not in caught.value.message
    assert _tree(out / PERIOD) == OLD and _extras(out) == []


def test_unwritable_folder():
    base = Path(tempfile.mkdtemp())  # not under pytest's private tmp folder, which only root may enter
    try:
        folder = base / "out"
        write_atomically(folder, PERIOD, OLD)
        base.chmod(0o755)
        for path in (folder, folder / PERIOD, folder / PERIOD / "tables"):
            path.chmod(0o555)
        result_read, result_write = os.pipe()

        def attempt():
            if os.geteuid() == 0:  # root ignores permission bits: try as nobody
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            try:
                write_atomically(folder, PERIOD, NEW)
                os.write(result_write, b"written")
            except EnvironmentProblem as exc:
                os.write(result_write, f"{exc.exit_code} {exc.message}".encode())

        assert _exit_code(_fork(attempt)) == 0
        os.close(result_write)
        with os.fdopen(result_read, "rb") as pipe:
            result = pipe.read().decode()
        assert result == f"2 permission denied: {folder}; choose a writable --out"
        assert _tree(folder / PERIOD) == OLD and _extras(folder) == []
    finally:
        for path in base.rglob("*"):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(base)


def test_cli_build_into_a_file_exits_2_naming_it(data_dir, tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    file = tmp_path / "out.txt"
    file.write_text("mine")
    code, _, err = run_cli("build", "--data", data_dir, "--out", file, "--period", "2025Q3")
    assert code == 2, err
    assert str(file) in err and "is a file, not a folder" in err
    assert "bug" not in err and "Traceback" not in err
    assert file.read_text() == "mine"
