"""The ``toolstubs`` command line (a public contract: flags and exit codes are stable).

``toolstubs generate [--source PATH] [--out DIR] [--lock FILE] [--toolkit SLUG@VERSION ...] [--strict]``
``toolstubs check    [same options]``
``toolstubs sandbox  --catalog PATH [--host 127.0.0.1] [--port 8000]``

Exit codes: 0 success (``check``: clean); 1 ``check`` found differences, or ``--strict`` and
something was reported; 2 the inputs cannot be used (bad catalog, pin or config).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from codegen import config as config_module
from codegen import lock as lock_module
from codegen.catalog import CatalogError
from codegen.catalog import load as load_catalog
from codegen.check import compare
from codegen.formatting import FormatError
from codegen.pipeline import Generation, build, output_init, previous_packages
from codegen.report import Level
from codegen.writer import WriteError, write

EXIT_OK = 0
EXIT_DIFFERENT = 1
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toolstubs", description="Typed stubs for version-pinned agent tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("generate", "generate the pinned toolkits into the output folder"),
        ("check", "regenerate in memory; exit 1 with a diff if the output folder differs"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--source", metavar="PATH", help="catalog: a JSON file or a folder of them")
        command.add_argument("--out", metavar="DIR", help="output folder")
        command.add_argument("--lock", metavar="FILE", help="lock file (default: toolstubs.lock beside pyproject.toml)")
        command.add_argument(
            "--toolkit", metavar="SLUG@VERSION", action="append", dest="toolkits", help="pin a toolkit (repeatable)"
        )
        command.add_argument("--strict", action="store_true", help="fail on any reported problem")
    sandbox = commands.add_parser(
        "sandbox", help="serve a catalog over the Composio tools API", description="serve a catalog over HTTP"
    )
    sandbox.add_argument("--catalog", metavar="PATH", required=True, help="catalog: a JSON file or a folder of them")
    sandbox.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    return parser


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _summary(generation: Generation, written: int, unchanged: int, removed: int) -> str:
    warnings = sum(r.level is Level.WARNING for r in generation.reports)
    errors = sum(r.level is Level.ERROR for r in generation.reports)
    return (
        f"toolstubs: {len(generation.packages)} toolkits, {generation.tool_count} tools, "
        f"{written} files written, {unchanged} unchanged, {removed} removed, "
        f"{warnings} warnings, {errors} tools left out"
    )


def _sandbox(catalog: str, host: str, port: int) -> int:
    from runtime.sandbox import Sandbox, serve_forever

    try:
        tools, problems = load_catalog(Path(catalog))
    except CatalogError as error:
        _say(f"toolstubs: error: {error}")
        return EXIT_BAD_INPUT
    for problem in problems:
        _say(f"warning: {problem}")
    _say(f"toolstubs sandbox: {len(tools)} tools on http://{host}:{port} (any x-api-key; Ctrl-C stops)")
    serve_forever(Sandbox([tool.raw for tool in tools]), host, port)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.command == "sandbox":
        return _sandbox(arguments.catalog, arguments.host, arguments.port)
    try:
        config = config_module.resolve(
            Path.cwd(), arguments.source, arguments.out, arguments.lock, arguments.toolkits, arguments.strict
        )
        previous = lock_module.read(config.lock)
        generation = build(config, progress=_say)
    except (CatalogError, lock_module.LockError, FormatError) as error:
        _say(f"toolstubs: error: {error}")
        return EXIT_BAD_INPUT
    for report in generation.reports:
        _say(str(report))
    owned = sorted(set(generation.packages) | set(previous_packages(previous)))
    if arguments.command == "check":
        differences = compare(generation, config.out, config.lock, owned)
        for difference in differences:
            sys.stdout.write(difference.diff or f"{difference.kind}: {difference.path}\n")
        status = EXIT_DIFFERENT if differences or (config.strict and generation.reports) else EXIT_OK
        clean = len(generation.files) - sum(d.kind != "stale" and d.path in generation.files for d in differences)
        print(
            f"toolstubs check: {len(differences)} differences "
            f"({', '.join(f'{d.kind} {d.path}' for d in differences[:5])}{', ...' if len(differences) > 5 else ''})"
            if differences
            else _summary(generation, 0, clean, 0).replace("toolstubs:", "toolstubs check: clean,"),
            file=sys.stderr,
        )
        return status
    if config.strict and generation.reports:
        _say(f"toolstubs: --strict: {len(generation.reports)} reports; nothing written")
        return EXIT_DIFFERENT
    try:
        result = write(
            config.out,
            generation.files,
            owned,
            extra={config.lock: generation.lock.text()},
            create_if_missing=output_init(),
        )
    except WriteError as error:
        _say(f"toolstubs: error: {error}")
        return EXIT_BAD_INPUT
    _say(_summary(generation, len(result.written), len(result.unchanged), len(result.removed)))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
