"""Each toolkit's ``_dicts.pyi``: copies of its tools' twins in one stub, which the typed facade
and the package's exports name for type checkers (:mod:`codegen.build.dicts`). Nested twins
take their tool's prefix, or ``<module>_<name>`` where that is taken; the copies are the same
types as the tool modules' twins; at run time the twins are the tool modules'."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from runtime import baked
from tests import checkers, twin_copies
from tests.conftest import tool, write_catalog

Run = Callable[..., tuple[int, str, str]]


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": sorted(properties)}


@pytest.fixture
def imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Any]]:
    """Import a generated output package from ``tmp_path``, forgetting it afterwards (the
    schemas its toolkits register on import too)."""
    monkeypatch.setattr(baked, "_REGISTRY", dict(vars(baked)["_REGISTRY"]))
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == "out" or n.startswith("out.")]:
            del sys.modules[name]


def test_a_nested_twin_whose_prefixed_name_is_taken_is_named_by_its_module(
    tmp_path: Path, run: Run, imported: Callable[[str], Any]
) -> None:
    days = _object(high={"type": "number"})
    tools = [
        tool("TWINS_GET", "twins", input_parameters=_object(forecast_days_item=days)),
        tool("TWINS_GET_FORECAST", "twins", input_parameters=_object(days_item=_object(low={"type": "integer"}))),
    ]
    write_catalog(tmp_path / "catalog.json", tools)
    code, _, err = run("generate", "--source", "catalog.json", "--out", "out", cwd=tmp_path)
    assert code == 0, err
    stub = (tmp_path / "out" / "twins" / "_dicts.pyi").read_text(encoding="utf-8")
    assert "class GetForecastDaysItemDict(TypedDict):" in stub  # TWINS_GET's ForecastDaysItem, first in order
    assert "class get_forecast_DaysItemDict(TypedDict):" in stub  # TWINS_GET_FORECAST's DaysItem
    assert "    days_item: get_forecast_DaysItem | get_forecast_DaysItemDict\n" in stub
    assert "from .get_forecast import DaysItem as get_forecast_DaysItem\n" in stub
    check = tmp_path / "twins_agree.py"
    check.write_text(twin_copies.agreement(tmp_path / "out"), encoding="utf-8")
    found = checkers.pyright([str(check), str(tmp_path / "out")], cwd=tmp_path, importable=tmp_path)
    assert [str(d) for d in found] == []
    # At run time the stub's module holds nothing, and the package's twins are the tool modules'.
    assert [name for name in vars(imported("out.twins._dicts")) if not name.startswith("__")] == []
    package, module = imported("out.twins"), imported("out.twins.get_forecast")
    assert package.GetForecastInputDict is module.GetForecastInputDict
