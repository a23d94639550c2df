"""What each ``toolstubs`` command does, once :mod:`codegen.cli.main` has parsed it and checked its extra.

Every function takes the parsed arguments and returns the exit code; :func:`run` maps the
errors every command may raise to their exit codes. This module imports the generator
(datamodel-code-generator, jinja2, ruff), so only a command that needs it imports it.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from codegen.build import naming
from codegen.build.cache import ToolCache
from codegen.build.formatting import FormatError
from codegen.pipeline import config as config_module
from codegen.pipeline import lifecycle, pinning, uptodate
from codegen.pipeline.check import compare, mcp_table
from codegen.pipeline.config import Config
from codegen.pipeline.generate import Generation, build, output_init, owned_folders, previous_packages
from codegen.shared.errors import ServerError, UsageError, UserError
from codegen.shared.exits import (
    EXIT_BAD_INPUT,
    EXIT_BREAKING,
    EXIT_DEPRECATED,
    EXIT_DIFFERENT,
    EXIT_OK,
    EXIT_REMOTE_DRIFT,
    EXIT_SERVER,
)
from codegen.shared.report import Level, say
from codegen.sources import changes as compat
from codegen.sources import lock as lock_module
from codegen.sources.catalog import Pin
from codegen.sources.lock import Lock
from codegen.write import ownership
from codegen.write.writer import session, write


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _counts(outcome: uptodate.Outcome) -> str:
    warnings = sum(r.level is Level.WARNING for r in outcome.reports)
    errors = sum(r.level is Level.ERROR for r in outcome.reports)
    return f"{_count(warnings, 'warning')}, {_count(errors, 'tool')} left out"


def _summary(outcome: uptodate.Outcome, written: int, unchanged: int, removed: int) -> str:
    return (
        f"toolstubs: {_count(len(outcome.packages), 'toolkit')}, {_count(outcome.tool_count, 'tool')}, "
        f"{_count(written, 'file')} written, {unchanged} unchanged, {removed} removed, {_counts(outcome)}"
    )


def _outcome(generation: Generation) -> uptodate.Outcome:
    files = len(ownership.with_manifests(generation.files, owned_folders(generation.packages)))
    return uptodate.Outcome(generation.packages, generation.tool_count, files, generation.empty, generation.reports)


def _finished(outcome: uptodate.Outcome) -> int:
    """The exit code of a ``generate`` that wrote (or did not need to write) ``outcome``."""
    if outcome.empty:
        say(f"toolstubs: no tool of {', '.join(outcome.empty)} could be generated (see the errors above)")
        return EXIT_DIFFERENT
    return EXIT_OK


def _config(arguments: argparse.Namespace) -> Config:
    return config_module.resolve(
        Path.cwd(),
        source=getattr(arguments, "source", None),
        out=getattr(arguments, "out", None),
        lock=arguments.lock,
        toolkits=getattr(arguments, "toolkits", None),
        strict=getattr(arguments, "strict", False),
        store=arguments.store,
        base_url=getattr(arguments, "base_url", None),
        mcp=getattr(arguments, "mcp", None),
        mcp_timeout=getattr(arguments, "mcp_timeout", None),
        typed_toolkits=getattr(arguments, "typed_toolkits", None),
    )


def _kept(result_kept: list[str]) -> str:
    shown = ", ".join(result_kept[:5]) + (", ..." if len(result_kept) > 5 else "")
    files = "file" if len(result_kept) == 1 else "files"
    return f"toolstubs: kept {len(result_kept)} {files} that toolstubs did not write: {shown}"


def _write(config: Config, generation: Generation, previous: lock_module.Lock | None) -> int:
    if config.strict and generation.reports:
        say(f"toolstubs: --strict: {len(generation.reports)} reports; nothing written")
        return EXIT_DIFFERENT
    result = write(
        config.output(),
        generation.files,
        owned_folders(generation.packages),
        extra={config.lock: generation.lock.text()},
        create_if_missing=output_init(generation.packages),
        legacy=previous_packages(previous),
    )
    if result.kept and (result.written or result.removed):
        say(_kept(result.kept))
    outcome = _outcome(generation)
    say(_summary(outcome, len(result.written), len(result.unchanged), len(result.removed)))
    code = _finished(outcome)
    if code == EXIT_OK:
        _remember(config, generation.lock, generation, outcome)
    return code


def _remember(config: Config, lock: lock_module.Lock, generation: Generation, outcome: uptodate.Outcome) -> None:
    owned = [*ownership.with_manifests(generation.files, owned_folders(generation.packages))]
    owned += output_init(generation.packages)
    uptodate.record(config, lock, owned, outcome)


def _unchanged(config: Config, outcome: uptodate.Outcome) -> int | None:
    """Nothing changed since the last successful run: say what it said (the output folder is
    still surveyed, so what a run would refuse, such as a new mount point, is refused); the
    exit code when ``--strict`` fails on it, else ``None``."""
    ownership.survey(config.output().resolve(), owned_folders(outcome.packages))
    for report in outcome.reports:
        say(str(report))
    if config.strict and outcome.reports:
        say(f"toolstubs: --strict: {len(outcome.reports)} reports; nothing written")
        return EXIT_DIFFERENT
    return None


def _clean(outcome: uptodate.Outcome) -> str:
    return (
        f"toolstubs check: clean: {_count(len(outcome.packages), 'toolkit')}, "
        f"{_count(outcome.tool_count, 'tool')}, every file as generated, {_counts(outcome)}"
    )


def _guard(config: Config) -> None:
    """Refuse dangerous output and lock paths before anything is read or written."""
    inputs = {"schema store": config.store, "catalog": config.source}
    project = config.pyproject.parent if config.pyproject is not None else None
    ownership.guard(config.output(), config.lock, cwd=Path.cwd(), project=project, inputs=inputs)


def _built(config: Config, previous: Lock | None) -> Generation:
    """The generation of ``config``, each report said."""
    generation = build(config, progress=say, lock=previous, cache=ToolCache.beside(config.lock))
    for report in generation.reports:
        say(str(report))
    return generation


def _belongs_here(config: Config, lock: Lock | None) -> Config:
    """``config``, once the lock is known to belong to its output folder (a lock records the one
    it was made for; one from before that record belongs to any), with the catalog the lock was
    made from as its source when nothing else names a source or an existing store."""
    if lock is None:
        return config
    if lock.out is not None and (config.lock.parent / lock.out).resolve() != config.output().resolve():
        raise UsageError(
            f"{config.lock} belongs to the output folder {lock.out} (relative to it), not {config.output()}: "
            "pass --lock FILE to keep a lock of its own for this output, so a one-off generation "
            "never rewrites a project's lock"
        )
    return _with_locked_catalog(config, lock)


def _with_locked_catalog(config: Config, lock: Lock) -> Config:
    """``config`` with the catalog ``lock`` was made from as its source, when nothing else names
    a source or an existing store."""
    if lock.source is None or config.source is not None or (config.store is not None and config.store.exists()):
        return config
    source = (config.lock.parent / lock.source).resolve()
    say(f"toolstubs: the catalog {source}, which {config.lock.name} was made from (no source or store is set)")
    return dataclasses.replace(config, source=source, store=None)


def _generate(arguments: argparse.Namespace, config: Config) -> int:
    _guard(config)
    with session(config.output(), config.lock):
        previous = lock_module.read(config.lock)
        config = _belongs_here(config, previous)
        recorded = uptodate.unchanged(config, previous)
        if recorded is None:
            return _write(config, _built(config, previous), previous)
        refused = _unchanged(config, recorded)
        if refused is not None:
            return refused
        say(_summary(recorded, 0, recorded.files, 0))
        return _finished(recorded)


def _check(arguments: argparse.Namespace, config: Config) -> int:
    _guard(config)
    with session(config.output(), config.lock):
        previous = lock_module.read(config.lock)
        config = _belongs_here(config, previous)
        table = mcp_table(config, previous)
        recorded = None if arguments.remote or table else uptodate.unchanged(config, previous)
        if recorded is not None:  # nothing to build: exit 5 comes before 1, as on a full run
            refused = _unchanged(config, recorded)
            gated = _lifecycle(arguments, lifecycle.of_lock(previous) if previous is not None else [])
            if refused is None:
                say(_clean(recorded))
            return gated if gated != EXIT_OK else (refused or EXIT_OK)
        generation = _built(config, previous)
        drifts, said = pinning.remote_drift(config, previous) if arguments.remote and previous is not None else ([], [])
        differences = compare(generation, config.output(), config.lock, list(previous_packages(previous)))
        differences += table
        if not differences and not drifts and previous is not None:
            _remember(config, previous, generation, _outcome(generation))
    for drift in drifts:
        say(f"toolstubs check --remote: {drift}")
    for difference in differences:
        sys.stdout.write(difference.diff or f"{difference.kind}: {difference.path}\n")
    gated = _lifecycle(arguments, said if arguments.remote else lifecycle.of_lock(generation.lock))
    if differences:
        listed = ", ".join(f"{d.kind} {d.path}" for d in differences[:5]) + (", ..." if len(differences) > 5 else "")
        say(f"toolstubs check: {_count(len(differences), 'difference')} ({listed})")
    if drifts:  # the last line says what the exit code says
        say(f"toolstubs check --remote: drift: {_count(len(drifts), 'pinned toolkit')} changed on the server (above)")
    elif not differences:
        say(_clean(_outcome(generation)))
    if drifts:
        return EXIT_REMOTE_DRIFT
    if gated != EXIT_OK:
        return gated
    return EXIT_DIFFERENT if differences or (config.strict and generation.reports) else EXIT_OK


def _lifecycle(arguments: argparse.Namespace, lifecycles: list[lifecycle.Lifecycle]) -> int:
    """Say what is deprecated among the pins (from the lock, or with ``--remote`` from the
    server); exit 5 when ``--fail-on-deprecated`` or ``--sunset-within DAYS`` says so."""
    now = datetime.now(timezone.utc)
    where = "toolstubs check --remote" if arguments.remote else "toolstubs check"
    for one in lifecycles:
        for line in one.lines(now):
            say(f"{where}: {line}")
    failing = [one for one in lifecycles if one.fails(arguments.fail_on_deprecated, arguments.sunset_within, now)]
    if not failing:
        return EXIT_OK
    pinned = ", ".join(f"{one.toolkit}@{one.version}" for one in failing)
    gate = "--fail-on-deprecated" if arguments.fail_on_deprecated else f"--sunset-within {arguments.sunset_within:g}"
    say(f"{where}: {gate}: {pinned} (above)")
    return EXIT_DEPRECATED


def _fetch(arguments: argparse.Namespace, config: Config) -> int:
    previous = lock_module.read(config.lock)
    # A flag narrows: --mcp alone fetches only those servers, --toolkit alone only those toolkits.
    pins = list(config.pins) if arguments.toolkits or not arguments.mcp else []
    servers = list(config.mcp) if arguments.mcp or not arguments.toolkits else []
    fetched, _ = pinning.fetch_into_store(config, pins, previous, say, servers)
    say(
        f"toolstubs fetch: {_count(len(fetched), 'toolkit')}, {_count(sum(len(f.tools) for f in fetched), 'tool')} locked"
    )
    return EXIT_OK


def _diff(arguments: argparse.Namespace, config: Config) -> int:
    old, new = Pin.parse(arguments.old), Pin.parse(arguments.new)
    if old.version is None or new.version is None or old.toolkit != new.toolkit:
        raise UsageError("diff takes two versions of one toolkit: toolstubs diff SLUG@FROM SLUG@TO")
    changes = compat.diff(
        pinning.tools_at(config, old.toolkit, old.version), pinning.tools_at(config, new.toolkit, new.version)
    )
    for change in changes:
        print(change)
    _call_sites(old.toolkit, changes)
    say(f"toolstubs diff {old} -> {new.version}: {compat.summary(changes)}")
    return EXIT_OK


def _call_sites(toolkit: str, changes: list[compat.Change]) -> None:
    """For each renamed tool, what code names it by, old and new, one line a tool, to grep for:
    the slug, the ``Slug`` constant and the wrapper method."""
    renamed = [(change.tool, change.renamed_to) for change in changes if change.renamed_to is not None]
    if not renamed:
        return
    print(f"call sites to change ({len(renamed)} renamed; grep for the left-hand names):")
    for before, after in renamed:
        names = [(before, after)]
        methods = (_method(before, toolkit), _method(after, toolkit))
        names.append((f"Slug.{naming.constant(methods[0])}", f"Slug.{naming.constant(methods[1])}"))
        names.append((f".{methods[0]}(", f".{methods[1]}("))
        print("  " + "   ".join(f"{old} -> {new}" for old, new in names))


def _method(slug: str, toolkit: str) -> str:
    """The wrapper method of ``slug`` as generated (a reserved name gets its ``_``; a name two
    tools of the toolkit share is not foreseen here)."""
    methods, _ = naming.tool_methods([slug], toolkit)
    return methods[slug]


def _upgrade(arguments: argparse.Namespace, config: Config) -> int:
    if arguments.dry_run:
        return _upgrade_preview(Pin.parse(arguments.pin), config)
    _guard(config)
    with session(config.output(), config.lock):
        pin = Pin.parse(arguments.pin)
        previous = lock_module.read(config.lock)
        config = _belongs_here(config, previous)
        old, new, changes, lock = pinning.upgrade(config, pin, previous, say)
        for change in changes:
            print(change)
        _call_sites(pin.toolkit, changes)
        say(f"toolstubs upgrade {pin.toolkit}: {old} -> {new}, {compat.summary(changes)}")
        generation = build(config, progress=say, lock=lock, cache=ToolCache.beside(config.lock))
        for report in generation.reports:
            say(str(report))
        written = _write(config, generation, lock)
    breaking = sum(change.severity == "breaking" for change in changes)
    if written == EXIT_OK and arguments.fail_on_breaking and breaking:
        say(f"toolstubs upgrade: --fail-on-breaking: {_count(breaking, 'breaking change')} (listed above)")
        return EXIT_BREAKING
    return written


def _upgrade_preview(pin: Pin, config: Config) -> int:
    """``upgrade --dry-run``: the changes moving the pin would bring, and nothing written."""
    lock = lock_module.read(config.lock)
    if lock is not None:
        config = _with_locked_catalog(config, lock)
    old, new, changes = pinning.upgrade_preview(config, pin, lock, say)
    for change in changes:
        print(change)
    _call_sites(pin.toolkit, changes)
    say(f"toolstubs upgrade {pin.toolkit}: {old} -> {new}, {compat.summary(changes)} (dry run: nothing changed)")
    breaking = sum(change.severity == "breaking" for change in changes)
    return EXIT_BREAKING if breaking else EXIT_OK


_COMMANDS = {
    "fetch": _fetch,
    "generate": _generate,
    "check": _check,
    "diff": _diff,
    "upgrade": _upgrade,
}


@contextlib.contextmanager
def _full_collections_rarely() -> Iterator[None]:
    """For the length of a command, a full garbage collection (one that walks the catalog and
    the build cache, which live until the end) comes a hundredth as often; young objects are
    collected as before (the measurements are in the CHANGELOG, round 12). The caller's
    thresholds come back afterwards."""
    previous = gc.get_threshold()
    gc.set_threshold(previous[0], previous[1], previous[2] * 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def run(arguments: argparse.Namespace) -> int:
    """Run the parsed command; its known failures become their exit codes and one line."""
    try:
        with _full_collections_rarely():
            return _COMMANDS[arguments.command](arguments, _config(arguments))
    except (UserError, FormatError) as error:
        say(f"toolstubs: error: {error}")
        return EXIT_BAD_INPUT
    except ServerError as error:
        say(f"toolstubs: server error: {error}")
        return EXIT_SERVER
