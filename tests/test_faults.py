"""Faults while writing: SIGKILL at every kind of point, SIGTERM/SIGINT, a full disk, a read-only target.

The run under test moves a project from the *old* pins to the *new* ones (a toolkit
changed, one added, one removed). After any fault the output folder must be exactly the
old tree or exactly the new one, files we do not own must survive, ``toolstubs check``
must pass against one of the two, and once the next command has run nothing temporary
may be left anywhere.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codegen.build import cache
from codegen.build.cache import ToolCache
from tests.conftest import CATALOG, REPO, commit_seed

OLD = ["acme_tracker@20250101_00", "weather@20250301_00"]
NEW = ["acme_tracker@20250601_00", "docstore@20251101_00"]
TEMPORARY = ("toolstubs-new", "toolstubs-old", "toolstubs-journal", "toolstubs-tmp")
# SIGKILL points (of the run's about 100 file-system operations): the commit's last dozen
# always, and others drawn from the commit's seed, so each commit kills at points of its own:
# 40 under CI, else 30; TOOLSTUBS_KILL_TRIALS=1000 kills at every one.
KILL_TRIALS = int(os.environ.get("TOOLSTUBS_KILL_TRIALS", "40" if os.environ.get("CI") else "30"))
KILL_SEED = commit_seed() or 5
KILL_SHARES = 4
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(REPO)}
Tree = dict[str, bytes]


def _pins(pins: list[str]) -> list[str]:
    return [argument for pin in pins for argument in ("--toolkit", pin)]


def _toolstubs(cwd: Path, *args: str, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "codegen.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        **{"env": ENV, **options},
    )


def _snapshot(project: Path) -> tuple[Tree, bytes | None]:
    out = project / "out"
    tree = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
    lock = project / "toolstubs.lock"
    return tree, lock.read_bytes() if lock.exists() else None


def _temporary(project: Path) -> list[str]:
    return [p.relative_to(project).as_posix() for p in project.rglob("*") if any(t in p.name for t in TEMPORARY)]


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[Tree, bytes | None], tuple[Tree, bytes]]:
    """A project generated at the old pins (with files of the user's in ``out``), and the new tree."""
    seed = tmp_path_factory.mktemp("seed")
    shutil.copytree(CATALOG, seed / "catalog")
    (seed / "pyproject.toml").write_text('[tool.toolstubs]\nsource = "catalog"\nout = "out"\n', encoding="utf-8")
    assert _toolstubs(seed, "generate", *_pins(OLD)).returncode == 0
    (seed / "out" / "NOTES.md").write_text("mine\n", encoding="utf-8")
    (seed / "out" / "extras").mkdir()
    (seed / "out" / "extras" / "helpers.py").write_text("VALUE = 1\n", encoding="utf-8")
    old = _snapshot(seed)
    target = tmp_path_factory.mktemp("target")
    shutil.copytree(seed, target, dirs_exist_ok=True)
    assert _toolstubs(target, "generate", *_pins(NEW)).returncode == 0
    new_tree, new_lock = _snapshot(target)
    assert new_lock is not None and new_tree != old[0]
    _cache_both_builds(seed, target)
    assert (
        new_tree["NOTES.md"] == b"mine\n" and "weather/__init__.py" in old[0] and "weather/__init__.py" not in new_tree
    )
    return seed, old, (new_tree, new_lock)


def _cache_both_builds(seed: Path, target: Path) -> None:
    """Give the seed's build cache the new pins' tools too, so a trial's run spends its time
    writing rather than in datamodel-code-generator. Every trial still saves the cache (a run
    keeps only the entries it used), so its file-system operations are among the kill points."""
    ours, theirs = ToolCache(seed / cache.FOLDER), ToolCache(target / cache.FOLDER)
    ours.load()
    theirs.load()
    assert ours.entries and theirs.entries
    ours.used = {**ours.entries, **theirs.entries}
    ours.save()


def _trial(seed: Path, where: Path) -> Path:
    project = where / "project"
    shutil.copytree(seed, project)
    return project


def _assert_old_or_new(project: Path, states: tuple[Path, tuple[Tree, bytes | None], tuple[Tree, bytes]]) -> None:
    _, old, new = states
    tree, lock = _snapshot(project)
    assert tree in (old[0], new[0]), "the output folder is a mix of old and new"
    assert not [p for p in (project / "out").rglob("*") if any(t in p.name for t in TEMPORARY)]
    committed = (project / ".out.toolstubs-journal").exists()
    assert (tree, lock) in (old, new) or (committed and tree == new[0] and lock == old[1])

    expected = old if (tree, lock) == old and not committed else new
    checked = _toolstubs(project, "check", *_pins(OLD if expected == old else NEW))
    assert checked.returncode == 0, checked.stderr
    assert _snapshot(project) == expected
    assert _temporary(project) == [], "the next command left temporary files"


def _scratch_beside(project: Path) -> dict[str, str]:
    """The environment for a run that may be killed: its scratch folders (the formatter's) go
    beside the project, inside the test's own folder, not into the machine's /tmp."""
    return {**ENV, "TMPDIR": str(project.parent)}


def _signalled_at(project: Path, point: int, signal_name: str) -> subprocess.CompletedProcess[str]:
    driver = REPO / "tests" / "kill_after.py"
    return subprocess.run(
        [sys.executable, str(driver), str(point), signal_name, "generate", *_pins(NEW)],
        cwd=project,
        env=_scratch_beside(project),
        capture_output=True,
        text=True,
    )


def _operations(seed: Path, where: Path) -> int:
    done = _signalled_at(_trial(seed, where), 0, "KILL")
    assert done.returncode == 0, done.stderr
    return int(done.stderr.rsplit("operations: ", 1)[1])


@pytest.mark.parametrize("share", range(KILL_SHARES))
def test_sigkill_at_file_system_operations_leaves_old_or_new(states, tmp_path: Path, share: int) -> None:  # type: ignore[no-untyped-def]
    seed = states[0]
    total = _operations(seed, tmp_path / "count")
    assert total > 10
    commit = set(range(max(1, total - 11), total + 1))  # journal, exchange, lock, clean-up
    earlier = range(1, min(commit))
    drawn = random.Random(KILL_SEED).sample(earlier, max(0, min(len(earlier), KILL_TRIALS - len(commit))))
    chosen = commit | set(drawn)
    points = sorted(chosen)[share::KILL_SHARES]  # the points split over shares, so test workers share them
    killed = 0
    for point in points:
        project = _trial(seed, tmp_path / f"op{point}")
        done = _signalled_at(project, point, "KILL")
        killed += done.returncode == -signal.SIGKILL
        _assert_old_or_new(project, states)
    assert killed == len(points), f"points {points} (seed {KILL_SEED}: TOOLSTUBS_KILL_TRIALS=1000 tries them all)"


def test_sigkill_at_random_times_leaves_old_or_new(states, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed = states[0]
    started = time.perf_counter()
    assert _toolstubs(_trial(seed, tmp_path / "timing"), "generate", *_pins(NEW)).returncode == 0
    duration = time.perf_counter() - started
    chance = random.Random(11)
    for trial in range(20):
        project = _trial(seed, tmp_path / f"t{trial}")
        process = subprocess.Popen(
            [sys.executable, "-m", "codegen.cli.main", "generate", *_pins(NEW)],
            cwd=project,
            env=_scratch_beside(project),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.3, 1.1) * duration)
        process.kill()
        process.wait()
        _assert_old_or_new(project, states)


def test_a_run_killed_while_it_builds_leaves_no_process_behind(tmp_path: Path) -> None:
    """The build worker started beside a run (codegen/build/warm.py) ends with it: nothing keeps the
    run's output pipes open once the run is killed (an orphaned worker did, and a caller
    waiting for the output hung)."""
    killed = 0
    for trial, delay in enumerate((0.2, 0.3, 0.4, 0.5, 0.6)):
        project = tmp_path / f"k{trial}"
        project.mkdir()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "codegen.cli.main",
                "generate",
                "--source",
                str(CATALOG),
                "--out",
                "out",
                *_pins(NEW),
            ],
            cwd=project,
            env={**ENV, "TOOLSTUBS_NO_CACHE": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        process.kill()
        try:
            process.communicate(timeout=15)  # reads both pipes to their end
        except subprocess.TimeoutExpired:
            process.stdout.close()  # type: ignore[union-attr]
            process.stderr.close()  # type: ignore[union-attr]
            pytest.fail(f"killed after {delay} s, something still holds the run's output pipes")
        killed += process.returncode == -signal.SIGKILL
    assert killed >= 3, "the runs ended before they could be killed: kill them sooner"


@pytest.mark.parametrize("signal_name", ["TERM", "INT"])
def test_interrupted_run_cleans_up_at_once(states, tmp_path: Path, signal_name: str) -> None:  # type: ignore[no-untyped-def]
    seed, old, new = states
    total = _operations(seed, tmp_path / "count")
    for point in range(1, total + 1, max(1, total // 8)):
        project = _trial(seed, tmp_path / f"p{point}")
        done = _signalled_at(project, point, signal_name)
        assert done.returncode != 0, f"the run went on after SIG{signal_name} at operation {point}:\n{done.stderr}"
        assert _temporary(project) == [], "an interrupted run left temporary files"
        assert _snapshot(project) in (old, new)


def test_the_signalled_run_sees_ctrl_c_even_from_a_parent_that_ignores_it(states, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A process started with SIGINT ignored inherits that, and Python then installs no Ctrl-C
    handler: the INT test above failed twice that way (the run went on to exit 0). The driver
    starts from a terminal's signal state whatever its parent hands down."""
    project = _trial(states[0], tmp_path)
    driver = [sys.executable, str(REPO / "tests" / "kill_after.py"), "1", "INT", "generate", *_pins(NEW)]
    done = subprocess.run(
        ["sh", "-c", 'trap "" INT; exec "$@"', "sh", *driver],
        cwd=project,
        env=_scratch_beside(project),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 130, done.stderr
    assert _snapshot(project) == states[1]


def test_ctrl_c_still_interrupts_once_the_generator_has_built_in_the_run(tmp_path: Path) -> None:
    """datamodel-code-generator's ``__main__`` replaces the SIGINT handler, on import, with one
    that exits 0: Ctrl-C would end a run as a success. The tools are built here in the run's
    own process (the generator imported first, so no build worker is started) with no cache,
    and Ctrl-C must still raise KeyboardInterrupt there afterwards."""
    script = (
        "import signal, sys; import datamodel_code_generator.config; from codegen.cli.main import main; "
        f"code = main(['generate', '--source', {str(CATALOG)!r}, '--out', 'out', *{_pins(NEW)!r}]); "
        "print(code, signal.getsignal(signal.SIGINT) is signal.default_int_handler, "
        "'datamodel_code_generator.__main__' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={**ENV, "TOOLSTUBS_NO_CACHE": "1"},
        capture_output=True,
        text=True,
    )
    assert done.stdout.split() == ["0", "True", "False"], done.stderr


def _limited_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


def _assert_refused(
    project: Path,
    done: subprocess.CompletedProcess[str],
    old: tuple[Tree, bytes | None],
    why: str,
    what: str = "cannot write the generated code to",
) -> None:
    assert done.returncode == 2, done.stderr
    message = done.stderr.strip().splitlines()[-1]
    assert message.startswith(f"toolstubs: error: {what}") and why in message, message
    assert _snapshot(project) == old
    assert _temporary(project) == []


@pytest.mark.parametrize(
    ("cached", "refusal"),
    [
        (True, "cannot write the generated code to"),  # formatted files from the cache: the target fills up
        (False, "cannot format the generated code in a scratch folder"),  # the formatter's scratch folder fills up
    ],
    ids=["target", "scratch"],
)
def test_full_target_changes_nothing(states, tmp_path: Path, cached: bool, refusal: str) -> None:  # type: ignore[no-untyped-def]
    seed, old, _ = states
    project = _trial(seed, tmp_path)
    env = ENV if cached else {**ENV, "TOOLSTUBS_NO_CACHE": "1"}
    done = _toolstubs(project, "generate", *_pins(NEW), env=env, preexec_fn=_limited_file_size)
    _assert_refused(project, done, old, "File too large", refusal)


def _in_private_mounts(script: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) to mount a read-only or full file system without privileges")
    done = subprocess.run(["unshare", "-Urm", "sh", "-ec", script], env=ENV, capture_output=True, text=True)
    if "mount" in done.stderr and ("denied" in done.stderr or "not permitted" in done.stderr):
        pytest.skip(f"this machine does not allow private mounts: {done.stderr.strip()}")
    return done


def _command(*args: str) -> str:
    return " ".join([sys.executable, "-m", "codegen.cli.main", *args])


def test_read_only_target_changes_nothing(states, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed, old, _ = states
    project = _trial(seed, tmp_path)
    if os.geteuid() != 0:
        (project / "out").chmod(0o555)
        project.chmod(0o555)
        try:
            done = _toolstubs(project, "generate", *_pins(NEW))
        finally:
            project.chmod(0o755)
            (project / "out").chmod(0o755)
        _assert_refused(project, done, old, "Permission denied); nothing was changed")
        return
    log = tmp_path / "log"
    done = _in_private_mounts(
        f"mount --bind {project} {project}; mount -o remount,ro,bind {project}; cd {project}; "
        f"{_command('generate', *_pins(NEW))} 2>{log} || echo $? >{log}.code"
    )
    assert done.returncode == 0, done.stderr
    failed = subprocess.CompletedProcess([], int((tmp_path / "log.code").read_text()), "", log.read_text())
    _assert_refused(project, failed, old, "Read-only file system); nothing was changed")


def test_disk_full_target_changes_nothing(states, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed, old, _ = states
    disk, log, saved = tmp_path / "disk", tmp_path / "log", tmp_path / "saved"
    disk.mkdir()
    done = _in_private_mounts(
        f"mount -t tmpfs -o size=4m tmpfs {disk}; cp -a {seed} {disk}/project; "
        f"cat /dev/zero > {disk}/ballast 2>/dev/null || true; truncate -s -16K {disk}/ballast; "
        f"cd {disk}/project; {_command('generate', *_pins(NEW))} 2>{log} || echo $? >{log}.code; "
        f"cp -a {disk}/project {saved}"
    )
    assert done.returncode == 0, done.stderr
    failed = subprocess.CompletedProcess([], int((tmp_path / "log.code").read_text()), "", log.read_text())
    _assert_refused(saved, failed, old, "No space left on device); nothing was changed")
