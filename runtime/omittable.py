"""``Omittable``: the mark on optional fields whose schema does not admit null.

In Python such a field is ``T | None = None``, ``None`` standing for "not given" (wrappers
leave it out of the request). An explicit ``None`` in data is refused, as the schema
refuses null; the default is not validated, so leaving the field out stays valid.
"""

from __future__ import annotations

from typing import Any, Final

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError(
            "null_not_allowed", "null is not allowed here: the schema does not make this field nullable; leave it out"
        )
    return value


Omittable: Final = AfterValidator(_refuse_null)
