"""The adoption kit: the pre-commit hook and the README's walkthrough use commands that exist."""

from __future__ import annotations

import re
import shlex

import yaml

from codegen.cli.main import _parser
from tests.conftest import REPO


def test_pre_commit_hook_runs_check() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == ("toolstubs-check", "toolstubs check", False)
    assert re.search(hook["files"], "toolstubs.lock") and re.search(hook["files"], "toolstubs-store/github@1.json")


def test_every_command_the_readme_shows_parses() -> None:
    readme = (REPO / "README.md").read_text()
    walkthrough = readme[readme.index("## Pinned builds") :]
    commands = [
        shlex.split(line.split("#", 1)[0])
        for line in walkthrough.splitlines()
        if re.match(r"\s*(- run: )?toolstubs ", line)
    ]
    commands = [c[2:] if c[:2] == ["-", "run:"] else c for c in commands]
    names = [c[1] for c in commands]
    assert names[:6] == ["fetch", "generate", "check", "check", "check", "diff"] and "upgrade" in names
    for command in commands:
        _parser().parse_args(command[1:])
