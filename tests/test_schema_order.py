"""Output is a function of the input: schema order survives every path, and the build cache never mixes orders."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from codegen.sources import store
from tests.conftest import tool

Run = Callable[..., tuple[int, str, str]]

ZYX = {
    "type": "object",
    "properties": {"zeta": {"type": "string"}, "alpha": {"type": "integer"}, "mu": {"type": "boolean"}},
    "required": ["zeta"],
}


def _tools(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [tool("ORDER_PICK", toolkit="order", version="20250101_00", input_parameters=schema)]


def _modules(out: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted((out / "order").glob("*.py"))}


def test_parameters_keep_the_schemas_order() -> None:
    text = store.text(_tools(ZYX))
    assert list(json.loads(text)[0]["input_parameters"]["properties"]) == ["zeta", "alpha", "mu"]


def test_the_same_tool_by_store_or_catalog_gives_the_same_code(tmp_path: Path, run: Run) -> None:
    catalog = tmp_path / "c.json"
    catalog.write_text(json.dumps(_tools(ZYX)))
    assert run("generate", "--source", str(catalog), "--out", "by_catalog", "--lock", "a.lock", cwd=tmp_path)[0] == 0
    stored = tmp_path / "store"
    stored.mkdir()
    (stored / store.file_name("order", "20250101_00")).write_text(store.text(_tools(ZYX)))
    lock = json.loads((tmp_path / "a.lock").read_text())
    del lock["out"], lock["source"]  # the pins, for another output folder
    (tmp_path / "b.lock").write_text(json.dumps(lock))
    assert run("generate", "--store", str(stored), "--out", "by_store", "--lock", "b.lock", cwd=tmp_path)[0] == 0
    assert _modules(tmp_path / "by_store") == _modules(tmp_path / "by_catalog")
    assert _modules(tmp_path / "by_catalog")["pick.py"].index("zeta") < _modules(tmp_path / "by_catalog")[
        "pick.py"
    ].index("alpha")


def test_a_cache_filled_in_one_order_never_hands_out_another(tmp_path: Path, run: Run, monkeypatch: Any) -> None:
    reordered = {**ZYX, "properties": dict(sorted(ZYX["properties"].items()))}
    (tmp_path / "zyx.json").write_text(json.dumps(_tools(ZYX)))
    (tmp_path / "abc.json").write_text(json.dumps(_tools(reordered)))

    def generate(source: str, out: str) -> int:  # a lock per output folder, all beside one cache
        return run("generate", "--source", source, "--out", out, "--lock", f"{out}.lock", cwd=tmp_path)[0]

    assert generate("zyx.json", "first") == 0  # fills the cache
    assert generate("abc.json", "second") == 0  # same cache folder
    monkeypatch.setenv("TOOLSTUBS_NO_CACHE", "1")
    assert generate("abc.json", "fresh") == 0
    assert _modules(tmp_path / "second") == _modules(tmp_path / "fresh")
    assert _modules(tmp_path / "second") != _modules(tmp_path / "first")
