"""``UNSET``: the default of nullable wrapper parameters, telling "not given" from ``None``."""

from __future__ import annotations

import enum
from typing import Final, Literal

from typing_extensions import override


class Unset(enum.Enum):
    """The type of :data:`UNSET` (an enum, so that ``Literal`` narrowing works in mypy)."""

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    @override
    def __repr__(self) -> str:
        return "UNSET"


#: A parameter left at ``UNSET`` is not sent at all; ``None`` sends an explicit null.
UNSET: Final = Unset.UNSET
