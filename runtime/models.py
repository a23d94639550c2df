"""The bases of generated models: the configuration every generated class shares, said once.

A generated model derives from :class:`OpenModel` when its schema allows keys it does not
name (they are kept, as on the wire) and from :class:`ClosedModel` when it says
``additionalProperties: false`` (they are refused). Both accept a field by its Python name as
well as by its wire key.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class OpenModel(BaseModel):
    """A model that keeps the keys its schema does not name."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class ClosedModel(BaseModel):
    """A model that refuses the keys its schema does not name."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
