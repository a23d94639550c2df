"""Each toolkit's ``_dicts.pyi``: copies of its tools' twins in one stub, which the typed facade
and the package's exports name for type checkers (:mod:`codegen.build.dicts`). Nested twins
take their tool's prefix, or ``<module>_<name>`` where that is taken; the copies are the same
types as the tool modules' twins; at run time the twins are the tool modules'."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests import checkers, twin_copies
from tests.conftest import tool, write_catalog

Run = Callable[..., tuple[int, str, str]]


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": sorted(properties)}


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


def _defined_twice(stub: str) -> list[str]:
    names = [
        statement.name if isinstance(statement, ast.ClassDef) else ast.unparse(statement).split(":")[0].split("=")[0]
        for statement in ast.parse(stub).body
        if isinstance(statement, (ast.ClassDef, ast.Assign, ast.AnnAssign))
    ]
    return sorted({name.strip() for name in names if names.count(name) > 1})


def test_names_the_stub_once_mistook_are_each_defined_once_and_check_clean(tmp_path: Path, run: Run) -> None:
    """Regressions, one toolkit (one generation, one run of each checker):

    * ``DEMO_OUT``: the alias ``OutOutputDict`` (an array output) was not reserved, and the
      twin of the input's nested ``output`` object was renamed onto it;
    * ``DEMO_GET_2FA`` and ``DEMO_GET2FA`` share the prefix ``Get2fa``: their top-level twins
      were written twice; the second in slug order is now named by its module, and the facade
      names each right;
    * ``DEMO_KEYS``: a key ``Field`` made the stub import pydantic's ``Field``, unused; a key
      ``Literal`` before an enum field read as the type to ty (the twin is functional now); a
      model named ``Sequence`` hid ``collections.abc.Sequence`` (the name is reserved now).
    """
    data = {"type": "array", "items": {"type": "string"}}
    array = {"type": "object", "properties": {"data": data, "successful": {"type": "boolean"}}}
    keys = {
        "Field": {"type": "string"},
        "Literal": {"type": "string"},
        "mode": {"type": "string", "enum": ["a", "b"]},
        "sequence": _object(n={"type": "integer"}),
        "numbers": {"type": "array", "items": {"type": "integer"}},
    }
    tools = [
        tool("DEMO_OUT", input_parameters=_object(output=_object(q={"type": "integer"})), output_parameters=array),
        tool("DEMO_GET_2FA", input_parameters=_object(code={"type": "string"})),
        tool("DEMO_GET2FA", input_parameters=_object(user={"type": "integer"})),
        tool("DEMO_KEYS", input_parameters=_object(**keys)),
    ]
    write_catalog(tmp_path / "catalog.json", tools)
    code, _, err = run("generate", "--source", "catalog.json", "--out", "out", cwd=tmp_path)
    assert code == 0, err
    stub = (tmp_path / "out" / "demo" / "_dicts.pyi").read_text(encoding="utf-8")
    assert _defined_twice(stub) == []
    assert "OutOutputDict: TypeAlias = list[str]" in stub
    assert "class get_2fa_Get2faInputDict(TypedDict):" in stub
    assert "from pydantic" not in stub and '"numbers": Sequence[int]' in stub  # functional: the key Literal
    (tmp_path / "app.py").write_text(
        "from out.demo import typed\nfrom runtime import Composio\n\n\n"
        "def f(client: Composio) -> None:\n"
        '    typed(client).tools.execute("DEMO_GET_2FA", {"code": "1"}, user_id="u")\n'
        '    typed(client).tools.execute("DEMO_GET2FA", {"user": 1}, user_id="u")\n',
        encoding="utf-8",
    )
    checked = [str(tmp_path / "out"), str(tmp_path / "app.py")]
    assert [str(d) for d in checkers.pyright(checked, cwd=tmp_path, importable=tmp_path)] == []
    assert checkers.ty(checked, cwd=tmp_path) == ""
