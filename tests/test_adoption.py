"""The adoption kit: the pre-commit hook installs what ``check`` needs and runs, with the real
pre-commit, from this checkout; the README's walkthrough uses commands that exist."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from codegen.cli.main import _parser
from tests.conftest import CATALOG, REPO
from tests.docs_blocks import blocks
from tests.timing import seconds

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


def test_pre_commit_hook_runs_check() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == ("toolstubs-check", "toolstubs check", False)
    assert re.search(hook["files"], "toolstubs.lock") and re.search(hook["files"], "toolstubs-store/github@1.json")


def test_the_hook_installs_the_codegen_extra() -> None:
    """pre-commit installs the hook's repository without extras, so the hook names the
    packages of the ``codegen`` extra itself (without them ``check`` exits 2)."""
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    extra = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["codegen"]
    assert hook["additional_dependencies"] == extra


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=folder, check=True)


def _readme_pre_commit_config() -> str:
    """The README's ``.pre-commit-config.yaml`` block, as a user copies it."""
    (config,) = [b.code for b in blocks("yaml", pages=[REPO / "README.md"]) if b.code.startswith("repos:")]
    return config


def test_pre_commit_runs_the_readmes_configuration_from_this_checkout(tmp_path: Path) -> None:
    """The README's pre-commit configuration, with its ``repo`` pointed at this checkout (at
    its committed ``HEAD``; the registry URL needs the network): a generated project passes,
    an edited generated file fails the hook. pip installs the hook's environment from the
    checkout and the registry, as pre-commit does for a user."""
    project = tmp_path / "project"
    shutil.copytree(CATALOG, project / "catalog")
    pins = '["acme_tracker@20250601_00", "docstore@20251101_00", "weather@20250301_00"]'
    (project / "pyproject.toml").write_text(
        f'[tool.toolstubs]\nsource = "catalog"\nout = "out"\ntoolkits = {pins}\n', encoding="utf-8"
    )
    toolstubs = Path(sys.executable).parent / "toolstubs"
    subprocess.run([str(toolstubs), "generate"], cwd=project, check=True, capture_output=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, check=True, capture_output=True, text=True).stdout
    config = _readme_pre_commit_config()
    assert "repo: https://github.com/toolstubs/toolstubs" in config and "id: toolstubs-check" in config
    config = re.sub(r"repo: \S+", f"repo: {REPO}", config)
    config = re.sub(r"rev: \S+", f"rev: {head.strip()}", config)
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "generated")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files"]

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=seconds(600))

    passed = hook()
    assert passed.returncode == 0 and "toolstubs check" in passed.stdout, passed.stdout + passed.stderr
    module = project / "out" / "weather" / "get_forecast.py"
    module.write_text(module.read_text() + "# edited\n", encoding="utf-8")
    failed = hook()
    assert failed.returncode == 1 and "Failed" in failed.stdout, failed.stdout + failed.stderr


def test_every_command_the_readme_and_docs_show_parses() -> None:
    """Every ``toolstubs`` line of a shell block or a CI step parses with the real parser
    (up to a comment, a command substitution, a redirection, ``&&``, ``|`` or ``&``)."""
    commands = [
        shlex.split(re.split(r"#| \$\(| \d?>| &&| \|| &", line)[0].strip().removeprefix("- run: "))
        for block in blocks("sh", "yaml")
        for line in block.code.splitlines()
        if re.match(r"\s*(- run: )?toolstubs ", line)
    ]
    names = [c[1] for c in commands]
    assert {"fetch", "generate", "check", "diff", "upgrade", "sandbox"} <= set(names), names
    for command in commands:
        _parser().parse_args(command[1:])


def test_the_readmes_synopsis_names_only_flags_there_are() -> None:
    """Each flag the README's command reference shows is one its command takes, and each
    command's flags are all shown (``check`` shows generate's as "the options of generate")."""
    (synopsis,) = [b.code for b in blocks("text", pages=[REPO / "README.md"]) if b.code.startswith("toolstubs fetch")]
    shown: dict[str, set[str]] = {}
    command = ""
    for line in synopsis.splitlines():
        if line.startswith("toolstubs "):
            command = line.split()[1]
        shown.setdefault(command, set()).update(re.findall(r"--[a-z-]+", line))
    (subcommands,) = [a.choices for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    for command, flags in shown.items():
        taken = {o for a in subcommands[command]._actions for o in a.option_strings if o.startswith("--")}
        taken.discard("--help")
        assert flags <= taken, (command, flags - taken)
        expected = taken - (shown["generate"] if command == "check" else set())
        assert expected <= flags, (command, expected - flags)
