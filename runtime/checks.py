"""The schema rules a Python type cannot say, as small checks the generated models name.

A generated field that carries such a rule (``uniqueItems``, ``pattern``, ``not``, a const
compared as JSON compares, ...) is annotated ``Holds(<check>)``: once pydantic has validated
the value, the check sees it as the JSON it is sent as (models as the objects they send) and refuses it with a
message saying which rule failed. A check is a function of one JSON value that returns the
problem, or ``None``; each factory below builds one from a keyword's value, and every check
applies only to the JSON types its keyword is about, as JSON Schema says (``minLength``
ignores numbers). :mod:`codegen.build.checks` writes the expressions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Final, TypeVar, get_args

from pydantic import BaseModel, GetCoreSchemaHandler, ValidationError, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from runtime.jsonvalues import is_array, is_object, is_sequence

Check = Callable[[Any], "str | None"]
Model = TypeVar("Model", bound=BaseModel)


def Holds(check: Check) -> WrapValidator:  # noqa: N802 - read as a type annotation: Annotated[T, Holds(...)]
    """Field metadata: once pydantic has validated the value, the JSON it is sent as (nested
    models by wire key, whichever names the caller used) must pass ``check``."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        result = handler(value)
        _hold(check, result)
        return result

    return WrapValidator(validate)


class _JsonLiteral:
    """Field metadata for a ``Literal`` of numbers or booleans: the value given must be of a JSON
    type one of the literal's values has. Pydantic compares literals with ``==`` and hands back
    the literal's own value (``Literal[1]`` takes ``True`` as ``1``), where JSON Schema's
    ``enum`` and ``const`` hold ``1`` and ``true`` apart (and ``1.0`` equal to ``1``)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        kinds = frozenset(json_type(value) for value in get_args(source))

        def refuse_other_types(value: Any) -> Any:
            if json_type(value) not in kinds:
                wanted = " or ".join(sorted(kinds))
                raise PydanticCustomError(
                    "schema_rule", "{problem}", {"problem": f"{_shown(value)} is not of type {wanted}"}
                )
            return value

        return core_schema.no_info_before_validator_function(refuse_other_types, handler(source))


#: ``Annotated[Literal[1, 2, 3], JsonLiteral]``: the literal compares as JSON does.
JsonLiteral: Final = _JsonLiteral()


def Rules(check: Check) -> Callable[[Model], Model]:  # noqa: N802 - read as a declaration: Rules(...)
    """A model validator (``model_validator(mode="after")``): the model, as the JSON object its
    arguments are sent as, must pass ``check``."""

    def holds_schema_rules(self: Model) -> Model:
        _hold(check, self)
        return self

    return holds_schema_rules


def _hold(check: Check, value: Any) -> None:
    """Refuse ``value`` with the problem ``check`` finds (a validation error, never a traceback:
    a value nested too deeply to check is refused as such)."""
    try:
        problem = check(as_json(value))
    except RecursionError:
        problem = "nested too deeply to check"
    if problem is not None:
        raise PydanticCustomError("schema_rule", "{problem}", {"problem": problem})


_PLAIN = frozenset({str, int, float, bool, type(None)})


def as_json(value: Any) -> Any:
    """``value`` as the JSON it is sent as: models as their objects (by wire key, fields left
    unset left out), any other sequence than text as an array."""
    kind = value.__class__
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple:
        return [as_json(item) for item in value]
    if kind is dict:
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if is_object(value):
        return {key: as_json(item) for key, item in value.items()}
    if is_sequence(value):
        return [as_json(item) for item in value]
    return value


def _identity(value: Any) -> Any:
    """A hashable key equal for values JSON holds equal (``1`` and ``1.0``; never ``1`` and
    ``True``): text, numbers and null stand for themselves, ``True`` is not ``1`` as a tuple."""
    kind = value.__class__
    if kind is str or kind is int or kind is float or value is None:
        return value
    if kind is bool:
        return ("boolean", value)
    if is_array(value) or kind is tuple:
        return ("array", tuple(_identity(item) for item in value))
    if is_object(value):
        return ("object", frozenset((key, _identity(item)) for key, item in value.items()))
    return (kind.__name__, repr(value))


def json_type(value: Any) -> str:
    """The JSON type of a decoded value (``"integer"`` for a whole float such as ``2.0``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if is_array(value):
        return "array"
    return "object" if is_object(value) else type(value).__name__


def json_equal(left: Any, right: Any) -> bool:
    """Equality as JSON Schema's ``enum`` and ``const`` compare: ``1 == 1.0``, ``1 != True``,
    objects by keys and values, arrays item by item."""
    return bool(_identity(left) == _identity(right))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _shown(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- one keyword each -------------------------------------------------------------------------


def nothing(value: Any) -> str | None:
    """The ``false`` schema: no value is valid."""
    return "no value is allowed here (the schema is false)"


def is_type(*names: str) -> Check:
    """``type``: the value is one of ``names`` (an ``integer`` is a ``number`` too)."""

    def check(value: Any) -> str | None:
        kind = json_type(value)
        if kind in names or (kind == "integer" and "number" in names):
            return None
        return f"{_shown(value)} is not of type {' or '.join(names)}"

    return check


def equals(expected: Any) -> Check:
    """``const``: the value equals ``expected`` as JSON compares."""
    key = _identity(expected)

    def check(value: Any) -> str | None:
        return None if _identity(value) == key else f"{_shown(value)} is not {_shown(expected)}"

    return check


def one_of_values(*allowed: Any) -> Check:
    """``enum``: the value equals one of ``allowed`` as JSON compares."""
    keys = frozenset(_identity(option) for option in allowed)

    def check(value: Any) -> str | None:
        return None if _identity(value) in keys else f"{_shown(value)} is not one of {_shown(list(allowed), 80)}"

    return check


def minimum(bound: float, exclusive: bool = False) -> Check:
    """``minimum`` / ``exclusiveMinimum`` of a number."""

    def check(value: Any) -> str | None:
        if not _is_number(value) or value > bound or (value == bound and not exclusive):
            return None
        return f"{_shown(value)} is {'not more than' if exclusive else 'less than'} {bound}"

    return check


def maximum(bound: float, exclusive: bool = False) -> Check:
    """``maximum`` / ``exclusiveMaximum`` of a number."""

    def check(value: Any) -> str | None:
        if not _is_number(value) or value < bound or (value == bound and not exclusive):
            return None
        return f"{_shown(value)} is {'not less than' if exclusive else 'more than'} {bound}"

    return check


def multiple_of(factor: float) -> Check:
    """``multipleOf`` of a number: exact for integers and for floats as large as they come."""

    def check(value: Any) -> str | None:
        if not _is_number(value) or _divides(factor, value):
            return None
        return f"{_shown(value)} is not a multiple of {factor}"

    return check


def _divides(factor: float, value: float) -> bool:
    if isinstance(factor, int) and isinstance(value, int):
        return value % factor == 0
    try:
        quotient = value / factor
        return math.isfinite(quotient) and quotient == int(quotient)
    except OverflowError:  # too large for a float: exact arithmetic
        return Fraction(value) % Fraction(factor) == 0


def length(low: int = 0, high: int | None = None) -> Check:
    """``minLength`` / ``maxLength`` of a string, in code points."""

    def check(value: Any) -> str | None:
        if not isinstance(value, str) or (low <= len(value) and (high is None or len(value) <= high)):
            return None
        return f"{_shown(value)} is {'shorter' if len(value) < low else 'longer'} than allowed"

    return check


def pattern(regex: str) -> Check:
    """``pattern``: a string in which ``regex`` (ECMA-262, translated to Python's ``re``) finds a match."""
    compiled = re.compile(regex)

    def check(value: Any) -> str | None:
        if not isinstance(value, str) or compiled.search(value):
            return None
        return f"{_shown(value)} does not match the pattern {_shown(regex, 60)}"

    return check


def count(low: int = 0, high: int | None = None) -> Check:
    """``minItems`` / ``maxItems`` of an array."""

    def check(value: Any) -> str | None:
        if not is_array(value) or (low <= len(value) and (high is None or len(value) <= high)):
            return None
        return f"the array has {len(value)} items; {low} to {'any number' if high is None else high} are allowed"

    return check


def unique_items(value: Any) -> str | None:
    """``uniqueItems``: no two items of an array are equal as JSON."""
    if not is_array(value):
        return None
    first: dict[Any, int] = {}
    for later, item in enumerate(value):
        earlier = first.setdefault(_identity(item), later)
        if earlier != later:
            return f"items {earlier} and {later} are equal; the items must be unique"
    return None


def items(each: Check, start: int = 0) -> Check:
    """``items`` (from ``start``, after prefix items): every item passes ``each``."""

    def check(value: Any) -> str | None:
        if not is_array(value):
            return None
        for index in range(start, len(value)):
            problem = each(value[index])
            if problem is not None:
                return f"item {index}: {problem}"
        return None

    return check


def prefix_items(*checks: Check | None) -> Check:
    """``prefixItems`` (draft 7: ``items`` as a list): item ``i``, when present, passes ``checks[i]``."""

    def check(value: Any) -> str | None:
        if not is_array(value):
            return None
        for index, (item, each) in enumerate(zip(value, checks, strict=False)):
            problem = each(item) if each is not None else None
            if problem is not None:
                return f"item {index}: {problem}"
        return None

    return check


def contains(each: Check | None, low: int = 1, high: int | None = None) -> Check:
    """``contains`` with ``minContains`` / ``maxContains``: how many items pass ``each``."""

    def check(value: Any) -> str | None:
        if not is_array(value):
            return None
        found = sum(1 for item in value if each is None or each(item) is None)
        if low <= found and (high is None or found <= high):
            return None
        return f"{found} items match what the array must contain; {low} to {'any' if high is None else high} must"

    return check


def required(*names: str) -> Check:
    """``required``: an object has every key of ``names``."""

    def check(value: Any) -> str | None:
        if not is_object(value):
            return None
        missing = [name for name in names if name not in value]
        return f"{_shown(missing[0])} is required" if missing else None

    return check


def properties(checks: Mapping[str, Check]) -> Check:
    """``properties``: each key of ``checks`` that the object has passes its check."""

    def check(value: Any) -> str | None:
        if not is_object(value):
            return None
        for key, each in checks.items():
            if key in value:
                problem = each(value[key])
                if problem is not None:
                    return f"{key}: {problem}"
        return None

    return check


def pattern_properties(checks: Mapping[str, Check]) -> Check:
    """``patternProperties``: each key a pattern (``re`` syntax) finds a match in passes that pattern's check."""
    compiled = [(re.compile(regex), each) for regex, each in checks.items()]

    def check(value: Any) -> str | None:
        if not is_object(value):
            return None
        for key, item in value.items():
            for regex, each in compiled:
                problem = each(item) if regex.search(key) else None
                if problem is not None:
                    return f"{key}: {problem}"
        return None

    return check


def additional_properties(each: Check, known: Sequence[str] = (), patterns: Sequence[str] = ()) -> Check:
    """``additionalProperties``: every key neither in ``known`` nor matched by ``patterns`` passes ``each``."""
    compiled = [re.compile(regex) for regex in patterns]
    named = frozenset(known)

    def check(value: Any) -> str | None:
        if not is_object(value):
            return None
        for key, item in value.items():
            if key in named or any(regex.search(key) for regex in compiled):
                continue
            problem = each(item)
            if problem is not None:
                return f"{key}: {problem}"
        return None

    return check


def size(low: int = 0, high: int | None = None) -> Check:
    """``minProperties`` / ``maxProperties`` of an object."""

    def check(value: Any) -> str | None:
        if not is_object(value) or (low <= len(value) and (high is None or len(value) <= high)):
            return None
        return f"the object has {len(value)} keys; {low} to {'any number' if high is None else high} are allowed"

    return check


def property_names(each: Check) -> Check:
    """``propertyNames``: every key of an object passes ``each``."""

    def check(value: Any) -> str | None:
        if not is_object(value):
            return None
        for key in value:
            problem = each(key)
            if problem is not None:
                return f"key {_shown(key)}: {problem}"
        return None

    return check


def dependent_required(names: Mapping[str, Sequence[str]]) -> Check:
    """``dependentRequired`` (draft 7: ``dependencies`` with name lists): a key brings the keys it names."""

    def check(value: Any) -> str | None:
        if not is_object(value):
            return None
        for key, needed in names.items():
            missing = [name for name in needed if key in value and name not in value]
            if missing:
                return f"{_shown(missing[0])} is required when {_shown(key)} is given"
        return None

    return check


def dependent_schemas(checks: Mapping[str, Check]) -> Check:
    """``dependentSchemas`` (draft 7: ``dependencies`` with schemas): with a key present, the object passes its check."""

    def check(value: Any) -> str | None:
        if not is_object(value):
            return None
        for key, each in checks.items():
            problem = each(value) if key in value else None
            if problem is not None:
                return f"with {_shown(key)} given: {problem}"
        return None

    return check


# -- combining checks -------------------------------------------------------------------------


def fits(model: type[BaseModel]) -> Check:
    """The value validates as ``model`` (a generated class, with its own checks), as the
    runtime validates arguments: strict, by wire key."""

    def check(value: Any) -> str | None:
        try:
            model.model_validate(value, strict=True)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            return f"not a {model.__name__}" + (f" ({where}: {first['msg']})" if where else f" ({first['msg']})")
        return None

    return check


def all_of(*checks: Check) -> Check:
    """Every check passes (``allOf``, and the keywords of one schema together)."""

    def check(value: Any) -> str | None:
        for each in checks:
            problem = each(value)
            if problem is not None:
                return problem
        return None

    return check


def any_of(*checks: Check) -> Check:
    """``anyOf``: at least one check passes."""

    def check(value: Any) -> str | None:
        problems = [each(value) for each in checks]
        if any(problem is None for problem in problems):
            return None
        return "matches none of the allowed shapes (" + "; ".join(str(p) for p in problems) + ")"

    return check


def one_of(*checks: Check) -> Check:
    """``oneOf``: exactly one check passes."""

    def check(value: Any) -> str | None:
        passing = [index for index, each in enumerate(checks) if each(value) is None]
        if len(passing) == 1:
            return None
        if not passing:
            return "matches none of the oneOf shapes"
        return f"matches shapes {passing[0]} and {passing[1]} of a oneOf, which allows exactly one"

    return check


def not_(check_: Check) -> Check:
    """``not``: the check fails."""

    def check(value: Any) -> str | None:
        return f"{_shown(value)} matches a shape the schema rules out" if check_(value) is None else None

    return check


def if_then_else(condition: Check, then: Check | None = None, otherwise: Check | None = None) -> Check:
    """``if`` / ``then`` / ``else``: ``then`` applies when ``condition`` passes, ``otherwise`` when it fails."""

    def check(value: Any) -> str | None:
        chosen = then if condition(value) is None else otherwise
        return chosen(value) if chosen is not None else None

    return check


def anything(value: Any) -> str | None:
    """The ``true`` schema: every value is valid (a member of ``oneOf`` or ``anyOf`` that says nothing)."""
    return None


__all__ = [
    "Check", "Holds", "JsonLiteral", "Rules", "additional_properties", "all_of", "any_of", "anything", "as_json", "contains", "count",
    "dependent_required", "dependent_schemas", "equals", "fits", "if_then_else", "is_type", "items", "json_equal",
    "json_type", "length", "maximum", "minimum", "multiple_of", "not_", "nothing", "one_of", "one_of_values",
    "pattern", "pattern_properties", "prefix_items", "properties", "property_names", "required", "size",
    "unique_items",
]  # fmt: skip
