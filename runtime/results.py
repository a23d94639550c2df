"""``ToolResult``: what a generated wrapper returns, typed by the tool's output model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from runtime.types import ToolExecutionResponse

T = TypeVar("T")


@dataclass(frozen=True)
class ToolResult(Generic[T]):
    """One tool call's outcome.

    ``data`` is the response's data validated as the tool's output type, or ``None`` when
    the call failed (``successful`` is false, ``error`` says why) or when the data did not
    fit the output type. In that last case nothing is lost: ``raw`` holds the response
    exactly as received and ``validation_error`` says what did not fit.
    """

    successful: bool
    error: str | None
    data: T | None
    raw: ToolExecutionResponse
    validation_error: ValidationError | None = None

    @property
    def raw_data(self) -> Any:
        """The response's ``data`` exactly as received."""
        return self.raw.get("data")
