"""The generator's layout: each stage of the data flow is a folder of ``codegen/``, and imports
run one way, cli → pipeline → sources / build / write → shared (docs/architecture.md).

Read from the source with ``ast``, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from codegen.build import cache
from tests.conftest import REPO

PACKAGE = REPO / "codegen"
STAGES = ("cli", "pipeline", "sources", "build", "write", "shared")
#: What each stage may import from the generator besides itself.
ALLOWED = {
    "cli": {"pipeline", "sources", "build", "write", "shared"},
    "pipeline": {"sources", "build", "write", "shared"},
    "sources": {"shared"},
    "build": {"shared"},
    "write": {"shared"},
    "shared": set[str](),
}


def _stage(module: Path) -> str:
    return module.relative_to(PACKAGE).parts[0]


def _imported_stages(module: Path) -> set[tuple[str, int]]:
    """The generator stages ``module`` imports, with the line of each import."""
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] if node.module != "codegen" else [f"codegen.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "codegen" and len(parts) > 1 and parts[1] in STAGES:
                found.add((parts[1], node.lineno))
    return found


def test_every_module_lives_in_a_stage_folder() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert loose == [], f"modules outside a stage folder: {loose}"
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()) == sorted(STAGES)


def test_imports_run_one_way() -> None:
    wrong = [
        f"{module.relative_to(REPO)}:{line} imports codegen.{stage}"
        for module in sorted(PACKAGE.rglob("*.py"))
        for stage, line in sorted(_imported_stages(module))
        if stage != _stage(module) and stage not in ALLOWED[_stage(module)]
    ]
    assert wrong == []


def test_editing_any_generator_module_makes_the_build_cache_stale(tmp_path: Path) -> None:
    """The cache fingerprints the generator's own code; after the move into stage folders it
    must still cover every module, or edited code would be served stale output."""
    copy = tmp_path / "codegen"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "default_catalog"))
    modules = sorted(copy.rglob("*.py"))
    assert len(modules) > 30 and any(len(m.relative_to(copy).parts) > 1 for m in modules)
    before = cache.sources_digest(copy)
    for module in modules:
        original = module.read_bytes()
        module.write_bytes(original + b"\n# edited\n")
        assert cache.sources_digest(copy) != before, module.relative_to(copy)
        module.write_bytes(original)
    assert cache.sources_digest(copy) == before


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_says_what_it_owns(stage: str) -> None:
    init = PACKAGE / stage / "__init__.py"
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert docstring and len(docstring) > 40


def test_one_error_hierarchy_for_users(tmp_path: Path) -> None:
    """Every refusal a user can fix is a UserError (exit 2), usage problems are UsageErrors, not
    catalog errors (a missing --out was a CatalogError before), and server failures are apart."""
    from codegen.pipeline import config
    from codegen.shared.errors import ServerError, UsageError, UserError
    from codegen.sources.catalog import CatalogError
    from codegen.sources.composio import FetchError
    from codegen.sources.lock import LockError
    from codegen.sources.store import StoreError
    from codegen.write.ownership import RefusedError
    from codegen.write.writer import WriteError

    for kind in (UsageError, CatalogError, FetchError, StoreError, LockError, WriteError, RefusedError):
        assert issubclass(kind, UserError), kind
    assert not issubclass(UsageError, CatalogError) and not issubclass(ServerError, UserError)
    with pytest.raises(UsageError, match="no output folder"):
        config.resolve(tmp_path).output()
    (tmp_path / "pyproject.toml").write_text("[tool.toolstubs]\nmcp_timeout = -1\n", encoding="utf-8")
    with pytest.raises(UsageError, match="mcp_timeout must be a positive number"):
        config.resolve(tmp_path)


#: A comment a type checker or linter reads as a rule for the whole file.
FILE_WIDE_DIRECTIVE = re.compile(r"^#\s*(pyright:|mypy:|type:\s*ignore\b|ruff:\s*noqa|pyre-|flake8:\s*noqa)")


@pytest.mark.parametrize("package", ["runtime", "codegen"])
def test_no_checker_rule_is_turned_off_file_wide(package: str) -> None:
    """A file-wide switch hides every later instance of what it switches off; a line may carry
    a narrow ``# type: ignore[code]`` with its reason, a file may not carry a blanket one."""
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted((REPO / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FILE_WIDE_DIRECTIVE.match(line.strip()) and line.startswith("#")
    ]
    assert not found, "\n".join(found)
