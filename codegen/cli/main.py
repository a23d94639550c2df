"""The ``toolstubs`` command line: its flags, help texts and exit codes are a public contract.

``toolstubs fetch    [--base-url URL] [--toolkit SLUG[@VERSION] ...] [--mcp NAME=COMMAND|URL ...] [--store DIR] [--lock FILE]``
``toolstubs generate [--store DIR | --source PATH] [--out DIR] [--lock FILE] [--toolkit SLUG@VERSION ...] [--typed-toolkit SLUG ...] [--strict]``
``toolstubs check    [same options as generate] [--remote [--base-url URL]] [--fail-on-deprecated] [--sunset-within DAYS]``
``toolstubs diff     SLUG@FROM SLUG@TO [--store DIR | --source PATH] [--base-url URL]``
``toolstubs upgrade  SLUG[@VERSION] [--base-url URL] [--store DIR] [--lock FILE] [--out DIR] [--fail-on-breaking] [--dry-run]``
``toolstubs sandbox  --catalog PATH [--host 127.0.0.1] [--port 8000] [--deprecate SLUG@VERSION[=YYYY-MM-DD] ...]``

This module parses, checks that the command's extra is installed (``toolstubs[codegen]``
for the generator's commands, ``toolstubs[sandbox]`` for the sandbox), and only then
imports :mod:`codegen.cli.commands`, so ``--help`` and ``--version`` work in a runtime-only
install. No traceback ever reaches the user: an internal error prints one line and the
file holding the trace. Exit codes: :mod:`codegen.shared.exits`.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import tempfile
import traceback
from collections.abc import Sequence

import codegen
from codegen.shared import secrets
from codegen.shared.exits import EXIT_BAD_INPUT
from codegen.shared.report import say
from runtime.errors import scrub

EXIT_CODES = """exit codes:
  0  done (check: the output folder is exactly what the pins give)
  1  check: a file is changed, missing or stale, or the lock differs; --strict and something was
     reported; no tool of a pinned toolkit could be generated; fetch/upgrade/diff: the server failed
  2  unusable inputs (catalog, pin, config, store not matching the lock), a path toolstubs refuses
     to write, a missing extra, or an internal error; nothing was changed
  3  check --remote: the server's schemas at the pinned versions differ from the store (an MCP
     server: a tool added, removed or changed, description included, or a new server version)
  4  upgrade --fail-on-breaking: the moved pin has breaking changes; upgrade --dry-run: moving it
     would bring breaking changes (nothing was changed)
  5  check --fail-on-deprecated: a pinned toolkit version, or a pinned tool, is deprecated;
     check --sunset-within DAYS: a pinned toolkit version stops working within DAYS days (from the
     lock's record of the fetch, or from the server with --remote)
check reports the first of 2, 3, 5, 1."""

#: The extra each command needs, and the modules that tell whether it is installed.
EXTRAS = {
    "fetch": "codegen",
    "generate": "codegen",
    "check": "codegen",
    "diff": "codegen",
    "upgrade": "codegen",
    "sandbox": "sandbox",
}
_EXTRA_MODULES = {
    "codegen": ("datamodel_code_generator", "jinja2", "ruff"),
    "sandbox": ("jsonschema", "uvicorn"),
}
_CONFIG = " (default: from [tool.toolstubs] in the nearest pyproject.toml)"


def _add_paths(command: argparse.ArgumentParser, *, source: bool = True, out: bool = True) -> None:
    command.add_argument(
        "--store", metavar="DIR", help="schema store folder (default: toolstubs-store beside pyproject.toml)"
    )
    if source:
        command.add_argument(
            "--source",
            metavar="PATH",
            help="generate from a catalog instead of the store: a JSON file (a list of tool objects or "
            "an {items: [...]} response) or a folder of them" + _CONFIG,
        )
    if out:
        command.add_argument("--out", metavar="DIR", help="output folder, replaced as a whole" + _CONFIG)
    command.add_argument("--lock", metavar="FILE", help="lock file (default: toolstubs.lock beside pyproject.toml)")


def _add_mcp_timeout(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--mcp-timeout",
        metavar="SECONDS",
        type=float,
        help="how long an MCP server may take to start and to answer each request "
        "(default: mcp_timeout in [tool.toolstubs], or 30)",
    )


def _days(text: str) -> float:
    """``--sunset-within DAYS``: a number of days from 0 to 36,500."""
    try:
        days = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if not 0 <= days <= 36_500:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of days from 0 to 36500")
    return days


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolstubs",
        description="Typed Pydantic stubs and wrappers for version-pinned agent tools.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"toolstubs {codegen.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    base_url_help = "API to read (default: base_url in [tool.toolstubs], COMPOSIO_BASE_URL, or Composio's)"

    def add(name: str, text: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, help=text, description=text, epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter
        )

    fetch = add(
        "fetch",
        "fetch the pinned toolkits' and MCP servers' schemas into the store and lock them "
        "(Composio toolkits need COMPOSIO_API_KEY)",
    )
    fetch.add_argument("--base-url", metavar="URL", help=base_url_help)
    fetch.add_argument(
        "--toolkit",
        metavar="SLUG[@VERSION]",
        action="append",
        dest="toolkits",
        help="a toolkit to pin, repeatable; without a version, the locked one or the server's latest"
        " (default: toolkits in [tool.toolstubs])",
    )
    fetch.add_argument(
        "--mcp",
        metavar="NAME=COMMAND|URL",
        action="append",
        help="an MCP server to pin as toolkit NAME, repeatable: NAME='COMMAND ARGS' (stdio, run without a shell) "
        "or NAME=https://... (streamable HTTP); needs no API key (default: [tool.toolstubs.mcp])",
    )
    _add_mcp_timeout(fetch)
    _add_paths(fetch, source=False, out=False)

    for name, text in (
        ("generate", "generate the pinned toolkits into the output folder (offline)"),
        ("check", "regenerate in memory and compare; exit 1 with a unified diff if the output folder differs"),
    ):
        command = add(name, text)
        _add_paths(command)
        command.add_argument(
            "--toolkit",
            metavar="SLUG@VERSION",
            action="append",
            dest="toolkits",
            help="with --source: a catalog toolkit to generate, repeatable (default: toolkits in "
            "[tool.toolstubs], or every toolkit of the catalog); its tools without a version take this one",
        )
        command.add_argument(
            "--typed-toolkit",
            metavar="SLUG",
            action="append",
            dest="typed_toolkits",
            help="a toolkit whose tools the output package's typed(client) has overloads for, repeatable; "
            "the others' are called there with AnySlug, and their own package's typed has them "
            "(default: typed_toolkits in [tool.toolstubs], or every toolkit)",
        )
        command.add_argument(
            "--strict", action="store_true", help="exit 1 on any reported problem, writing nothing (default: off)"
        )
        if name == "check":
            command.add_argument(
                "--remote",
                action="store_true",
                help="also compare the store with the servers at the pinned versions (MCP servers are started "
                "again); exit 3 on drift (default: off)",
            )
            command.add_argument("--base-url", metavar="URL", help=base_url_help)
            command.add_argument(
                "--fail-on-deprecated",
                action="store_true",
                help="exit 5 when a pinned toolkit version or a pinned tool is deprecated (default: off; "
                "deprecations are always listed)",
            )
            command.add_argument(
                "--sunset-within",
                metavar="DAYS",
                type=_days,
                help="exit 5 when a pinned toolkit version stops working within DAYS days (default: off)",
            )
            _add_mcp_timeout(command)

    diff = add("diff", "list what changes between two versions of a toolkit, breaking or compatible")
    diff.add_argument("old", metavar="SLUG@FROM", help="the version you have, e.g. github@20250906_01")
    diff.add_argument("new", metavar="SLUG@TO", help="the version to compare with")
    diff.add_argument("--base-url", metavar="URL", help=base_url_help)
    _add_paths(diff, out=False)

    upgrade = add("upgrade", "move a pin, refetch, regenerate and list what changed")
    upgrade.add_argument("pin", metavar="SLUG[@VERSION]", help="the toolkit to move (default version: the latest)")
    upgrade.add_argument("--base-url", metavar="URL", help=base_url_help)
    upgrade.add_argument(
        "--fail-on-breaking",
        action="store_true",
        help="exit 4 when the new version has breaking changes (default: off)",
    )
    upgrade.add_argument(
        "--dry-run",
        action="store_true",
        help="list the changes moving the pin would bring and write nothing (exit 4 if any is breaking)",
    )
    _add_mcp_timeout(upgrade)
    _add_paths(upgrade, source=False)

    sandbox = add("sandbox", "serve a catalog over the Composio tools API on loopback, for offline use and tests")
    sandbox.add_argument("--catalog", metavar="PATH", required=True, help="catalog: a JSON file or a folder of them")
    sandbox.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    sandbox.add_argument(
        "--deprecate",
        metavar="SLUG@VERSION[=YYYY-MM-DD]",
        action="append",
        default=[],
        help="announce a toolkit version as deprecated (header, is_deprecated, changelog), with its sunset "
        "date if given; repeatable, to rehearse a sunset (default: none)",
    )
    return parser


def missing_extra(command: str) -> str | None:
    """The one line saying which extra ``command`` needs, or ``None`` when it is installed."""
    extra = EXTRAS[command]
    absent = [name for name in _EXTRA_MODULES[extra] if importlib.util.find_spec(name) is None]
    if not absent:
        return None
    return (
        f"toolstubs {command} needs the {extra} extra ({', '.join(absent)} missing): pip install 'toolstubs[{extra}]'"
    )


def _trace_file() -> str:
    """Where the current exception's full trace was written, as a sentence for the user."""
    try:
        handle, path = tempfile.mkstemp(prefix="toolstubs-trace-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as trace:
            trace.write(scrub(traceback.format_exc(), secrets.known()))
    except OSError:
        return "please report it (the trace could not be saved)"
    return f"the full trace is in {path}; please report it"


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    missing = missing_extra(arguments.command)
    if missing is not None:
        say(missing)
        return EXIT_BAD_INPUT
    previous = signal.signal(signal.SIGTERM, _stop)  # unwind like Ctrl-C, so staged files are cleaned up
    try:
        if arguments.command == "sandbox":
            from codegen.cli import serve

            return serve.run(arguments)
        from codegen.cli import commands

        return commands.run(arguments)
    except KeyboardInterrupt:
        say("toolstubs: interrupted; nothing half-written was left")
        return 130
    except Exception as error:  # never a traceback: one line, and the trace in a file
        shown = scrub(str(error), secrets.known())[:200]  # secrets out first, then cut
        say(f"toolstubs: internal error ({type(error).__name__}: {shown}); {_trace_file()}")
        return EXIT_BAD_INPUT
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
