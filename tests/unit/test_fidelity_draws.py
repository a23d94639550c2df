"""The fidelity check's kept draws (tests/conformance/fidelity.py): a kept draw is the very
draw a new run would make, so keeping them changes no verdict, only the time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from tests.conformance import fidelity

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "count": {"type": "integer", "minimum": 0, "maximum": 9},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["name"],
}


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    count: int | None = None
    tags: list[str] | None = None


def test_drawing_is_derandomized_so_a_kept_draw_equals_a_new_one() -> None:
    assert fidelity._draw(SCHEMA, 5) == fidelity._draw(SCHEMA, 5)


def test_a_check_from_kept_draws_gives_the_same_verdicts_as_a_fresh_one() -> None:
    kept: dict[str, fidelity.Drawn] = {}
    fresh = fidelity.check_tool("X", SCHEMA, Model, 5, keep=kept)
    assert len(kept) == 1
    again = fidelity.check_tool("X", SCHEMA, Model, 5, draws=kept)
    assert (again.checked, again.agreed, again.bugs, again.documented) == (
        fresh.checked,
        fresh.agreed,
        fresh.bugs,
        fresh.documented,
    )
    assert fresh.checked > 5


def test_a_kept_draw_is_not_used_for_another_schema_or_count() -> None:
    kept: dict[str, fidelity.Drawn] = {}
    fidelity.check_tool("X", SCHEMA, Model, 5, keep=kept)
    other = {**SCHEMA, "required": ["name", "count"]}
    assert fidelity._draw_key(fidelity.standard(other, uploads=fidelity.TYPED_UPLOAD), 5) not in kept
    assert fidelity._draw_key(fidelity.standard(SCHEMA, uploads=fidelity.TYPED_UPLOAD), 4) not in kept


def test_an_unreadable_draws_file_counts_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "draws.json"
    path.write_text("{not json", encoding="utf-8")
    assert fidelity._read_draws(path) == {}
    assert fidelity._read_draws(tmp_path / "missing.json") == {}
