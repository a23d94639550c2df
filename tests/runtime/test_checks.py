"""runtime.checks on untrusted values: JSON equality and uniqueness as ``jsonschema`` judges them,
any value refused as a validation error (never a traceback), and nothing changed."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from runtime import checks
from runtime.checks import Holds

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from([0.0, 1.0, 2.5, -1.0]) | st.text(max_size=2),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=2), children, max_size=3),
    max_leaves=8,
)


@given(JSON, JSON)
def test_json_equality_is_what_jsonschema_const_says(left: Any, right: Any) -> None:
    expected = jsonschema.Draft202012Validator({"const": left}).is_valid(right)
    assert checks.json_equal(left, right) == expected
    assert (checks.equals(left)(right) is None) == expected


@given(st.lists(JSON, max_size=6))
def test_unique_items_is_what_jsonschema_says(items: list[Any]) -> None:
    expected = jsonschema.Draft202012Validator({"uniqueItems": True}).is_valid(items)
    assert (checks.unique_items(items) is None) == expected


@given(st.lists(JSON, min_size=1, max_size=4), JSON)
def test_enum_membership_is_what_jsonschema_says(allowed: list[Any], value: Any) -> None:
    expected = jsonschema.Draft202012Validator({"enum": allowed}).is_valid(value)
    assert (checks.one_of_values(*allowed)(value) is None) == expected


class _Tags(BaseModel):
    tags: Annotated[list[Any], Holds(checks.items(checks.unique_items))]


def test_a_value_nested_too_deeply_is_refused_as_a_validation_error() -> None:
    deep: Any = [[]]
    for _ in range(sys.getrecursionlimit() + 100):
        deep = [deep]
    with pytest.raises(ValidationError, match="nested too deeply to check|recursion"):
        _Tags.model_validate({"tags": [deep]})


def test_a_check_refuses_without_changing_the_value() -> None:
    given_tags = [["b"], ["a"]]
    model = _Tags.model_validate({"tags": given_tags})
    assert model.tags == [["b"], ["a"]] and given_tags == [["b"], ["a"]]
    with pytest.raises(ValidationError, match="items 0 and 1 are equal"):
        _Tags.model_validate({"tags": [[1, 1.0]]})


def test_models_and_tuples_are_seen_as_the_json_they_send() -> None:
    class Inner(BaseModel):
        a: int = 0
        b: int = 1

    assert checks.as_json(Inner(a=2)) == {"a": 2}
    assert checks.as_json((1, (2, "x"))) == [1, [2, "x"]]
    assert checks.unique_items([Inner(a=1), {"a": 1}]) is None  # a model is only seen through as_json
    assert checks.unique_items(checks.as_json([Inner(a=1), {"a": 1}])) is not None
