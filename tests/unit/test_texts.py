"""A run's generated texts (:mod:`codegen.shared.texts`): what is read is what was set, in the
order first set, whether held as it is or compressed past the plain limit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen.shared import texts
from codegen.shared.texts import Texts


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.text()), max_size=30), st.integers(0, 40))
def test_texts_read_back_as_set_in_first_set_order_at_any_plain_limit(
    writes: list[tuple[str, str]], plain: int
) -> None:
    expected: dict[str, str] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(texts, "PLAIN", plain)
        held = Texts()
        for path, text in writes:
            held[path] = text
            expected[path] = text
        assert dict(held) == expected and list(held) == list(expected) and len(held) == len(expected)
        for path in list(expected)[::2]:
            del held[path], expected[path]
        held.update({"z": "new"})
        expected["z"] = "new"
        assert dict(held) == expected and list(held) == list(expected)


def test_texts_past_the_plain_limit_are_held_compressed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(texts, "PLAIN", 10)
    held = Texts()
    held["small"] = "x" * 10
    held["large"] = "y" * 10_000
    stored = vars(held)["_held"]
    assert stored["small"] == "x" * 10 and isinstance(stored["large"], bytes) and len(stored["large"]) < 100
    held["small"] = "z"  # replacing a plain text frees its share of the limit
    held["next"] = "w" * 9
    assert isinstance(vars(held)["_held"]["next"], str) and held["large"] == "y" * 10_000
