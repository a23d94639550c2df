"""runtime/lazy.py: a generated package loads a class's module when the class is first read, and
the runtime's own packages load each name on first use."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PROBE = """
import sys
from generated import docstore
loaded = lambda: sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("generated.docstore."))
print(loaded())
docstore.AppendBlocksInput
print(loaded())
print(docstore.AppendBlocksInput is sys.modules["generated.docstore.append_blocks"].AppendBlocksInput)
try:
    docstore.AppendBlocksInputs
except AttributeError as error:
    print(error)
print(dir(docstore) == sorted({*docstore.__all__, *(n for n in vars(docstore) if n.startswith("__"))}))
"""


def test_a_package_imports_a_tool_module_only_when_one_of_its_names_is_read() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [
        "[]",
        "['append_blocks']",
        "True",
        "module 'generated.docstore' has no attribute 'AppendBlocksInputs'",
        "True",
    ]


LAZY_PACKAGES = ("runtime", "runtime.files", "runtime.mcp")


def _type_checking_imports(package: str) -> dict[str, tuple[str, ...]]:
    """The ``if TYPE_CHECKING:`` imports of ``package``'s ``__init__.py``: module -> names."""
    source = Path(str(importlib.import_module(package).__file__)).read_text(encoding="utf-8")
    block = next(n for n in ast.parse(source).body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    return {
        str(node.module): tuple(alias.name for alias in node.names)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
    }


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_the_runtime_packages_export_at_run_time_what_checkers_read(package: str) -> None:
    """What checkers and editors see (the TYPE_CHECKING imports), what ``__all__`` lists and what
    the package loads on first use are the same names, and each resolves to its module's object."""
    module = importlib.import_module(package)
    seen = _type_checking_imports(package)
    assert seen == {name: tuple(names) for name, names in module._EXPORTS.items()}
    assert sorted(name for names in seen.values() for name in names) == sorted(module.__all__)
    for source, names in seen.items():
        for name in names:
            assert getattr(module, name) is getattr(importlib.import_module(source), name), f"{package}.{name}"


LEAN = """
import sys
import runtime
print(sorted(m for m in sys.modules if m.startswith("runtime")))
import codegen.cli.commands
print(sorted(m for m in ("httpx", "runtime.client", "runtime.tool", "pydantic.main") if m in sys.modules))
from runtime import Composio
print(Composio.__module__, "runtime.client" in sys.modules)
"""


def test_import_runtime_and_the_generator_load_no_client_until_one_is_used() -> None:
    """``import runtime`` loads only the package; the generator's commands read file fields and
    MCP tool facts without importing the client, httpx or a pydantic model."""
    result = subprocess.run([sys.executable, "-c", LEAN], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["['runtime', 'runtime.lazy']", "[]", "runtime.client True"]


SYNC_APP = """
import sys
from runtime import Composio
from generated import weather
with Composio(api_key="k", base_url=sys.argv[1]) as composio:
    outcome = weather.Weather(composio, user_id="user_1").get_forecast(latitude=52.5, longitude=13.4)
print(outcome.successful, "asyncio" in sys.modules)
"""


def test_a_sync_application_never_imports_asyncio(served: str) -> None:
    """asyncio (about 20 ms) loads on an async client's first await, not with the runtime: a
    sync application's typed call, from import to result, runs without it."""
    result = subprocess.run(
        [sys.executable, "-c", SYNC_APP, served], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]


def test_the_sandbox_without_its_extra_says_which_extra_in_one_line(tmp_path: Path) -> None:
    """Issue 30: ``import runtime.sandbox`` without the extra raised a bare ``ModuleNotFoundError: jsonschema``."""
    from tests.checkers import environment_without

    python = environment_without({"jsonschema"}, tmp_path / "venv")
    result = subprocess.run(
        [str(python), "-c", "import runtime.sandbox"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "ModuleNotFoundError: runtime.sandbox needs the sandbox extra (jsonschema, uvicorn): "
        "pip install 'toolstubs[sandbox]'"
    )
