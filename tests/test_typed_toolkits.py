"""``typed_toolkits``: the output package's ``typed`` with overloads for the named toolkits only
(mypy-boto3's "lite" trade-off), while every toolkit's tools keep their pinned version through
``AnySlug``; a name that is not generated is refused before anything is written."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from runtime import AnySlug, Composio
from runtime.sandbox import Sandbox, serving
from tests.conftest import catalog_tools

Run = Callable[..., tuple[int, str, str]]


def _overloaded_slugs(facade: Path) -> list[str]:
    """The slugs of ``Tools.execute``'s overloads, as written (none without a ``Tools``)."""
    tree = ast.parse(facade.read_text(encoding="utf-8"))
    tools = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Tools"]
    slugs = []
    for node in ast.walk(tools[0]) if tools else ():
        if isinstance(node, ast.FunctionDef) and node.name == "execute":
            annotation = node.args.args[1].annotation
            if isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Constant):
                slugs.append(annotation.slice.value)
    return slugs


def _pins(facade: Path) -> dict[str, str]:
    tree = ast.parse(facade.read_text(encoding="utf-8"))
    pins = next(
        node for node in tree.body if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "PINS"
    )
    value = ast.literal_eval(pins.value)
    assert isinstance(value, dict)
    return value


def test_the_folder_facade_overloads_only_the_named_toolkits_and_pins_them_all(
    project: Path, run: Run, imported: Callable[[str], Any]
) -> None:
    with (project / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write('typed_toolkits = ["acme_tracker"]\n')
    code, _, err = run("generate", cwd=project)
    assert code == 0, err
    facade = project / "out" / "_typed" / "__init__.py"
    slugs = _overloaded_slugs(facade)
    assert slugs and all(slug.startswith("ACME_TRACKER_") for slug in slugs), slugs
    assert "DOCSTORE_EXPORT_PAGE" in _pins(facade)
    assert "docstore" in facade.read_text(encoding="utf-8").split('"""')[1]  # the docstring says who was left out
    # each toolkit's own facade keeps every one of its tools
    assert _overloaded_slugs(project / "out" / "docstore" / "_typed.py")
    code, out, err = run("check", cwd=project)
    assert code == 0, out + err

    sandbox = Sandbox(catalog_tools())
    with serving(sandbox) as url, Composio(api_key="k", base_url=url) as client:
        typed = imported("out").typed
        typed(client).tools.execute(AnySlug("DOCSTORE_EXPORT_PAGE"), {"page_id": "p1"}, user_id="u1")
    (execution,) = sandbox.executions()
    assert execution.body["version"] == _pins(facade)["DOCSTORE_EXPORT_PAGE"]


def test_the_flag_overrides_the_config_and_an_empty_list_leaves_any_slug_calls_pinned(project: Path, run: Run) -> None:
    with (project / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write("typed_toolkits = []\n")
    code, _, err = run("generate", cwd=project)
    assert code == 0, err
    facade = project / "out" / "_typed" / "__init__.py"
    assert _overloaded_slugs(facade) == [] and "DOCSTORE_EXPORT_PAGE" in _pins(facade)
    assert "slug: AnySlug," in facade.read_text(encoding="utf-8")  # typed: only AnySlug calls
    code, _, err = run("generate", "--typed-toolkit", "docstore", cwd=project)
    assert code == 0, err
    assert {slug.split("_")[0] for slug in _overloaded_slugs(facade)} == {"DOCSTORE"}


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ('typed_toolkits = ["acme_tracker", "nope"]', "typed_toolkits names nope, which this run does not generate"),
        ('typed_toolkits = "acme_tracker"', "typed_toolkits must be a list of toolkit slugs"),
    ],
)
def test_a_typed_toolkit_that_is_not_generated_is_refused_and_nothing_is_written(
    project: Path, run: Run, setting: str, said: str
) -> None:
    with (project / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(setting + "\n")
    code, _, err = run("generate", cwd=project)
    assert code == 2 and said in err, err
    assert not (project / "out").exists()
