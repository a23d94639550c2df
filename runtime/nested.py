"""``ModelOrDict[Model, ModelDict]``: a nested input field that takes the model or its plain-dict
twin (a ``TypedDict`` keyed by the wire keys).

Type checkers read it as ``Model | ModelDict``. Pydantic validates the field as ``Model``
alone, so a dict becomes the model (the wire payload is the same whichever form is
passed) and the ``TypedDict`` is never compiled into a validator, which keeps importing a
tool module as cheap as before.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeAlias, TypeVar, get_args

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema

M = TypeVar("M")
D = TypeVar("D")


class _AsModel:
    """Pydantic metadata: validate ``Model | ModelDict`` as ``Model``."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return handler(get_args(source)[0])


ModelOrDict: TypeAlias = Annotated[M | D, _AsModel()]
