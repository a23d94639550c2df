"""The ``toolstubs`` command line (a public contract: flags and exit codes are stable).

``toolstubs fetch    [--base-url URL] [--toolkit SLUG[@VERSION] ...] [--store DIR] [--lock FILE]``
``toolstubs generate [--store DIR | --source PATH] [--out DIR] [--lock FILE] [--toolkit SLUG@VERSION ...] [--strict]``
``toolstubs check    [same options as generate] [--remote [--base-url URL]]``
``toolstubs diff     SLUG@FROM SLUG@TO [--store DIR | --source PATH] [--base-url URL]``
``toolstubs upgrade  SLUG[@VERSION] [--base-url URL] [--store DIR] [--lock FILE] [--out DIR]``
``toolstubs sandbox  --catalog PATH [--host 127.0.0.1] [--port 8000]``

Exit codes: 0 success (``check``: clean); 1 ``check`` found generated code that differs
(or ``--strict`` and something was reported), or the server failed (``fetch``,
``upgrade``, ``diff``); 2 the inputs cannot be used (bad catalog, pin, config, unknown
toolkit or version) or the lock and the store disagree; 3 ``check --remote``: the server's
schemas at the pinned versions differ from the store. ``check`` reports the first of 2, 3, 1.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from codegen import compat, ownership, pinning
from codegen import config as config_module
from codegen import lock as lock_module
from codegen.cache import ToolCache
from codegen.catalog import CatalogError, Pin
from codegen.catalog import load as load_catalog
from codegen.check import compare
from codegen.config import Config
from codegen.fetch import ServerError
from codegen.formatting import FormatError
from codegen.pipeline import Generation, build, output_init, previous_packages
from codegen.report import Level
from codegen.writer import WriteError, session, write

EXIT_OK = 0
EXIT_DIFFERENT = 1
EXIT_BAD_INPUT = 2
EXIT_REMOTE_DRIFT = 3
EXIT_SERVER = 1


def _add_paths(command: argparse.ArgumentParser, *, source: bool = True, out: bool = True) -> None:
    command.add_argument("--store", metavar="DIR", help="schema store (default: toolstubs-store beside pyproject.toml)")
    if source:
        command.add_argument("--source", metavar="PATH", help="generate from a catalog (JSON file or folder) instead")
    if out:
        command.add_argument("--out", metavar="DIR", help="output folder")
    command.add_argument("--lock", metavar="FILE", help="lock file (default: toolstubs.lock beside pyproject.toml)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toolstubs", description="Typed stubs for version-pinned agent tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    base_url_help = "API to read (default: base_url in [tool.toolstubs], COMPOSIO_BASE_URL, or Composio's)"

    fetch = commands.add_parser("fetch", help="fetch the pinned toolkits' schemas into the store and lock them")
    fetch.add_argument("--base-url", metavar="URL", help=base_url_help)
    fetch.add_argument("--toolkit", metavar="SLUG[@VERSION]", action="append", dest="toolkits", help="repeatable")
    _add_paths(fetch, source=False, out=False)

    for name, text in (
        ("generate", "generate the pinned toolkits into the output folder (offline)"),
        ("check", "regenerate in memory; exit 1 with a diff if the output folder differs"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        _add_paths(command)
        command.add_argument(
            "--toolkit", metavar="SLUG@VERSION", action="append", dest="toolkits", help="pin a catalog toolkit"
        )
        command.add_argument("--strict", action="store_true", help="fail on any reported problem")
        if name == "check":
            command.add_argument(
                "--remote", action="store_true", help="also compare the store with the server (exit 3)"
            )
            command.add_argument("--base-url", metavar="URL", help=base_url_help)

    diff = commands.add_parser("diff", help="what changes between two versions of a toolkit")
    diff.add_argument("old", metavar="SLUG@FROM")
    diff.add_argument("new", metavar="SLUG@TO")
    diff.add_argument("--base-url", metavar="URL", help=base_url_help)
    _add_paths(diff, out=False)

    upgrade = commands.add_parser("upgrade", help="move a pin, refetch, regenerate and show what changed")
    upgrade.add_argument("pin", metavar="SLUG[@VERSION]")
    upgrade.add_argument("--base-url", metavar="URL", help=base_url_help)
    _add_paths(upgrade, source=False)

    sandbox = commands.add_parser("sandbox", help="serve a catalog over the Composio tools API")
    sandbox.add_argument("--catalog", metavar="PATH", required=True, help="catalog: a JSON file or a folder of them")
    sandbox.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    return parser


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _summary(generation: Generation, written: int, unchanged: int, removed: int) -> str:
    warnings = sum(r.level is Level.WARNING for r in generation.reports)
    errors = sum(r.level is Level.ERROR for r in generation.reports)
    return (
        f"toolstubs: {_count(len(generation.packages), 'toolkit')}, {_count(generation.tool_count, 'tool')}, "
        f"{_count(written, 'file')} written, {unchanged} unchanged, {removed} removed, "
        f"{_count(warnings, 'warning')}, {_count(errors, 'tool')} left out"
    )


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
    )


def _kept(result_kept: list[str]) -> str:
    shown = ", ".join(result_kept[:5]) + (", ..." if len(result_kept) > 5 else "")
    files = "file" if len(result_kept) == 1 else "files"
    return f"toolstubs: kept {len(result_kept)} {files} that toolstubs did not write: {shown}"


def _write(config: Config, generation: Generation, previous: lock_module.Lock | None) -> int:
    if config.strict and generation.reports:
        _say(f"toolstubs: --strict: {len(generation.reports)} reports; nothing written")
        return EXIT_DIFFERENT
    result = write(
        config.output(),
        generation.files,
        generation.packages,
        extra={config.lock: generation.lock.text()},
        create_if_missing=output_init(),
        legacy=previous_packages(previous),
    )
    if result.kept and (result.written or result.removed):
        _say(_kept(result.kept))
    _say(_summary(generation, len(result.written), len(result.unchanged), len(result.removed)))
    if generation.empty:
        _say(f"toolstubs: no tool of {', '.join(generation.empty)} could be generated (see the errors above)")
        return EXIT_DIFFERENT
    return EXIT_OK


def _guard(config: Config) -> None:
    """Refuse dangerous output and lock paths before anything is read or written."""
    inputs = {"schema store": config.store, "catalog": config.source}
    project = config.pyproject.parent if config.pyproject is not None else None
    ownership.guard(config.output(), config.lock, cwd=Path.cwd(), project=project, inputs=inputs)


def _generate_or_check(arguments: argparse.Namespace, config: Config) -> int:
    _guard(config)
    with session(config.output(), config.lock):
        previous = lock_module.read(config.lock)
        generation = build(config, progress=_say, lock=previous, cache=ToolCache.beside(config.lock))
        for report in generation.reports:
            _say(str(report))
        if arguments.command == "generate":
            return _write(config, generation, previous)
        drifts = pinning.remote_drift(config, previous) if arguments.remote and previous is not None else []
        differences = compare(generation, config.output(), config.lock, list(previous_packages(previous)))
    for drift in drifts:
        _say(f"toolstubs check --remote: {drift}")
    for difference in differences:
        sys.stdout.write(difference.diff or f"{difference.kind}: {difference.path}\n")
    if differences:
        listed = ", ".join(f"{d.kind} {d.path}" for d in differences[:5]) + (", ..." if len(differences) > 5 else "")
        _say(f"toolstubs check: {_count(len(differences), 'difference')} ({listed})")
    else:
        clean = len(generation.files)
        _say(_summary(generation, 0, clean, 0).replace("toolstubs:", "toolstubs check: clean,"))
    if drifts:
        return EXIT_REMOTE_DRIFT
    return EXIT_DIFFERENT if differences or (config.strict and generation.reports) else EXIT_OK


def _fetch(arguments: argparse.Namespace, config: Config) -> int:
    previous = lock_module.read(config.lock)
    fetched, _ = pinning.fetch_into_store(config, list(config.pins), previous, _say)
    _say(f"toolstubs fetch: {len(fetched)} toolkits, {sum(len(f.tools) for f in fetched)} tools locked")
    return EXIT_OK


def _diff(arguments: argparse.Namespace, config: Config) -> int:
    old, new = Pin.parse(arguments.old), Pin.parse(arguments.new)
    if old.version is None or new.version is None or old.toolkit != new.toolkit:
        raise CatalogError("diff takes two versions of one toolkit: toolstubs diff SLUG@FROM SLUG@TO")
    changes = compat.diff(
        pinning.tools_at(config, old.toolkit, old.version), pinning.tools_at(config, new.toolkit, new.version)
    )
    for change in changes:
        print(change)
    _say(f"toolstubs diff {old} -> {new.version}: {compat.summary(changes)}")
    return EXIT_OK


def _upgrade(arguments: argparse.Namespace, config: Config) -> int:
    _guard(config)
    with session(config.output(), config.lock):
        pin = Pin.parse(arguments.pin)
        old, new, changes, lock = pinning.upgrade(config, pin, lock_module.read(config.lock), _say)
        for change in changes:
            print(change)
        _say(f"toolstubs upgrade {pin.toolkit}: {old} -> {new}, {compat.summary(changes)}")
        generation = build(config, progress=_say, lock=lock, cache=ToolCache.beside(config.lock))
        for report in generation.reports:
            _say(str(report))
        return _write(config, generation, lock)


def _sandbox(catalog: str, host: str, port: int) -> int:
    from runtime.sandbox import Sandbox, serve_forever

    tools, problems = load_catalog(Path(catalog))
    for problem in problems:
        _say(str(problem))
    _check_port(host, port)
    _say(f"toolstubs sandbox: {len(tools)} tools on http://{host}:{port} (any x-api-key; Ctrl-C stops)")
    serve_forever(Sandbox([tool.raw for tool in tools]), host, port)
    return EXIT_OK


def _check_port(host: str, port: int) -> None:
    """Refuse, before starting, an address the sandbox cannot listen on (e.g. a port in use)."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        raise CatalogError(
            f"cannot listen on {host}:{port} ({error.strerror or error}); pass another --port (or stop what uses it)"
        ) from error


def _trace_file() -> str:
    """Where the current exception's full trace was written, as a sentence for the user."""
    try:
        handle, path = tempfile.mkstemp(prefix="toolstubs-trace-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as trace:
            traceback.print_exc(file=trace)
    except OSError:
        return "please report it (the trace could not be saved)"
    return f"the full trace is in {path}; please report it"


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    commands = {
        "fetch": _fetch,
        "generate": _generate_or_check,
        "check": _generate_or_check,
        "diff": _diff,
        "upgrade": _upgrade,
    }
    previous = signal.signal(signal.SIGTERM, _stop)  # unwind like Ctrl-C, so staged files are cleaned up
    try:
        if arguments.command == "sandbox":
            return _sandbox(arguments.catalog, arguments.host, arguments.port)
        return commands[arguments.command](arguments, _config(arguments))
    except (CatalogError, lock_module.LockError, FormatError, WriteError, ownership.RefusedError) as error:
        _say(f"toolstubs: error: {error}")
        return EXIT_BAD_INPUT
    except ServerError as error:
        _say(f"toolstubs: server error: {error}")
        return EXIT_SERVER
    except KeyboardInterrupt:
        _say("toolstubs: interrupted; nothing half-written was left")
        return 130
    except Exception as error:  # never a traceback: one line, and the trace in a file
        _say(f"toolstubs: internal error ({type(error).__name__}: {str(error)[:200]}); {_trace_file()}")
        return EXIT_BAD_INPUT
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
