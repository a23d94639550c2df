"""Real tool schemas (../shared/corpus, via TOOLSTUBS_CORPUS): every tool generates, imports and type-checks.

The 2025 file has no toolkit and no version: the toolkit is the longest toolkit slug (from
toolkits.json) that prefixes the tool slug, and a synthetic version is given; the 2025-12
file has toolkits but no version.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from runtime.sandbox import validation
from tests.conftest import REPO

CORPUS = Path(os.environ.get("TOOLSTUBS_CORPUS", REPO.parent / "shared" / "corpus"))
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}: set TOOLSTUBS_CORPUS to ../shared/corpus"),
]


def _catalog() -> list[dict[str, Any]]:
    toolkits = sorted(
        (t["slug"].upper() for t in json.loads((CORPUS / "composio-2025" / "toolkits.json").read_text())),
        key=len,
        reverse=True,
    )
    tools: list[dict[str, Any]] = []
    for item in json.loads((CORPUS / "composio-2025" / "tools.json").read_text()):
        prefix = next((t for t in toolkits if item["slug"].startswith(t + "_")), item["slug"].split("_")[0])
        tools.append(
            {
                **item,
                "slug": "Y2025_" + item["slug"],
                "toolkit": {"slug": "y2025_" + prefix.lower()},
                "version": "20250101_00",
            }
        )
    for item in json.loads((CORPUS / "composio-2025-12" / "tools.json").read_text()):
        tools.append({**item, "version": "20251207_00"})
    for path in sorted((CORPUS / "composio-2026").glob("*.json")):
        item = json.loads(path.read_text())
        tools.append(
            {**item, "slug": "NOTION2026_" + item["slug"].removeprefix("NOTION_"), "toolkit": {"slug": "notion2026"}}
        )
    return tools


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    work = tmp_path_factory.mktemp("corpus")
    (work / "catalog.json").write_text(json.dumps(_catalog()))
    result = subprocess.run(
        [sys.executable, "-m", "codegen.cli", "generate", "--source", "catalog.json", "--out", "corpus_out"],
        cwd=work,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return work, result


def test_every_corpus_tool_generates(generated: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, result = generated
    assert result.returncode == 0, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == []
    assert f"{len(_catalog())} tools" in result.stderr and "0 tools left out" in result.stderr


def test_every_corpus_module_imports(generated: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    work, _ = generated
    sys.path.insert(0, str(work))
    try:
        modules = sorted(p for p in (work / "corpus_out").rglob("*.py") if p.name != "__init__.py")
        for path in modules:
            name = ".".join(path.relative_to(work).with_suffix("").parts)
            importlib.import_module(name)
    finally:
        sys.path.remove(str(work))
    assert len(modules) > 2000


def test_corpus_output_passes_mypy_strict(generated: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    work, _ = generated
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"), "--strict", "corpus_out"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def _field_adapter(model: type[BaseModel], key: str) -> TypeAdapter[Any] | None:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return TypeAdapter(Annotated[field.annotation, field])
    return None


def test_schema_examples_and_defaults_fit_the_generated_models(
    generated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """Every ``examples`` and ``default`` value of a top-level input property, through the
    generated field: values the schema itself rejects (e.g. string examples on integer fields)
    are counted apart; a value the schema accepts and the model refuses is our bug."""
    work, _ = generated
    raw = {tool["slug"]: tool for tool in _catalog()}
    checked, schema_mismatches, ours = 0, 0, []
    sys.path.insert(0, str(work))
    try:
        for path in sorted((work / "corpus_out").rglob("*.py")):
            if path.name.startswith("_"):
                continue
            spec = importlib.import_module(".".join(path.relative_to(work).with_suffix("").parts)).SPEC
            schema = raw[spec.slug]["input_parameters"]
            for key, prop in (schema.get("properties") or {}).items():
                values = [*prop.get("examples", []), *([prop["default"]] if "default" in prop else [])]
                adapter = _field_adapter(spec.input_model, key) if values else None
                for value in values if adapter is not None else []:
                    checked += 1
                    schema_ok = not validation.problems(
                        {**schema, "required": [], "properties": {key: prop}}, {key: value}
                    )
                    try:
                        adapter.validate_python(value)
                    except ValidationError:
                        if schema_ok:
                            ours.append(f"{spec.slug}.{key}: {value!r}")
                        else:
                            schema_mismatches += 1
    finally:
        sys.path.remove(str(work))
    print(f"examples/defaults: {checked} checked, {schema_mismatches} wrong in the schema itself, {len(ours)} ours")
    assert checked > 4000
    assert ours == []
