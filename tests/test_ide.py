"""IDE proof: jedi (the completion engine of many editors) over a usage file of the golden tree.

Completion lists, signatures and docstrings are what a user meets first. Names that start
with ``_`` are private by convention (editors list them last, or only after ``_``); the
public names offered must be exactly the toolkit's own. Timings are in ``./dev bench``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jedi
import pytest

from generated import docstore
from tests.conftest import REPO

pytestmark = pytest.mark.xdist_group("ide")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """jedi's (and parso's) on-disk cache for this test alone: one shared with another process
    that writes it can be read half-written (EOFError from pickle, seen once in CI)."""
    monkeypatch.setattr(jedi.settings, "cache_directory", str(tmp_path / "jedi"))


USAGE = """from generated import docstore
from runtime import Composio
kit = docstore.Docstore(Composio(api_key="k"))
"""


def _complete(source: str) -> list[str]:
    lines = source.split("\n")
    script = jedi.Script(source, path=REPO / "usage.py", project=jedi.Project(REPO), environment=_environment())
    return sorted(c.name for c in script.complete(len(lines), len(lines[-1])))


def _environment() -> jedi.api.environment.Environment:
    return jedi.create_environment(str(Path(sys.executable).parent.parent), safe=False)


def _public(names: list[str]) -> list[str]:
    return [name for name in names if not name.startswith("_")]


def test_a_toolkit_completes_exactly_its_tools_and_public_names() -> None:
    methods = sorted(name for name in vars(docstore.Docstore) if not name.startswith("_"))
    assert _public(_complete(USAGE + "kit.")) == sorted({*methods, "SLUG", "VERSION", "tools"})
    assert "append_blocks" in methods and "tools" not in methods


def test_a_toolkit_package_completes_its_exports_and_tool_modules_only() -> None:
    modules = sorted(p.stem for p in (REPO / "generated" / "docstore").glob("*.py") if not p.stem.startswith("_"))
    assert _public(_complete("from generated import docstore\ndocstore.")) == sorted({*docstore.__all__, *modules})


def test_a_method_offers_its_signature_and_a_docstring_naming_every_parameter() -> None:
    source = USAGE + "kit.update_page("
    lines = source.split("\n")
    script = jedi.Script(source, path=REPO / "usage.py", project=jedi.Project(REPO), environment=_environment())
    (signature,) = script.get_signatures(len(lines), len(lines[-1]))
    names = [param.name for param in signature.params]
    assert names[:2] == ["page_id", "icon"]  # required first, in schema order
    docstring = signature.docstring()
    assert "Update page." in docstring and all(f"    {name}: " in docstring for name in names)


def test_typed_dict_keys_complete_where_jedi_reads_a_typed_dict() -> None:
    source = "from generated.docstore.append_blocks import RichTextDict\ndef f(text: RichTextDict):\n    text['"
    assert _complete(source) == ["'bold'", "'content'", "'link'"]
