"""``ToolResult``: what a generated wrapper returns, typed by the tool's output model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from pydantic import ValidationError

from runtime.errors import OutputValidationError, ToolExecutionError
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

    def unwrap(self) -> T:
        """The typed data; :class:`ToolExecutionError` when the call failed,
        :class:`OutputValidationError` when the data did not fit the output model."""
        if not self.successful:
            raise ToolExecutionError(self.error or "the tool failed without an error message", raw=self.raw)
        if self.validation_error is not None:
            raise OutputValidationError(
                f"the tool's data does not fit its output model: {self.validation_error}",
                raw=self.raw_data,
                validation_error=self.validation_error,
            )
        return cast(T, self.data)
