"""What a generated wrapper returns: ``ToolOutcome[T]``, one of three result types typed by the
tool's output model, all of them a ``ToolResult[T]``.

* :class:`ToolSuccess`: the call succeeded and ``data`` is the typed ``T``;
* :class:`ToolMisfit`: the call succeeded but the data did not fit ``T``: ``data`` is ``None``,
  ``raw`` keeps the response and ``validation_error`` says what did not fit;
* :class:`ToolFailure`: the call failed: ``error`` says why, ``data`` is ``None``.

``ok`` is ``Literal[True]`` on a success only, so type checkers narrow on it (mypy on
``if result.ok:``, pyright on ``if result.ok is True:``), as they do on
``match result: case ToolSuccess(data=data):`` and on ``isinstance``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeAlias, TypeVar, cast

from pydantic import ValidationError
from typing_extensions import override

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
    def ok(self) -> bool:
        """The call succeeded and its data fits the output type (``data`` is typed)."""
        return self.successful and self.validation_error is None

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


@dataclass(frozen=True)
class ToolSuccess(ToolResult[T]):
    """The call succeeded and ``data`` is the typed output."""

    successful: Literal[True]
    data: T
    validation_error: None = None

    @property
    @override
    def ok(self) -> Literal[True]:
        """Always ``True``: ``data`` is typed."""
        return True


@dataclass(frozen=True)
class ToolMisfit(ToolResult[T]):
    """The call succeeded but its data did not fit the output type: ``raw`` keeps it."""

    successful: Literal[True]
    data: None
    # Last field, so it needs no default: a misfit always carries what did not fit.
    validation_error: ValidationError  # pyright: ignore[reportGeneralTypeIssues]

    @property
    @override
    def ok(self) -> Literal[False]:
        """Always ``False``: the data is only in ``raw``."""
        return False


@dataclass(frozen=True)
class ToolFailure(ToolResult[T]):
    """The call failed: ``error`` says why."""

    successful: Literal[False]
    data: None
    validation_error: None = None

    @property
    @override
    def ok(self) -> Literal[False]:
        """Always ``False``: the call failed."""
        return False


#: What a generated wrapper returns; every member is a ``ToolResult[T]``.
ToolOutcome: TypeAlias = ToolSuccess[T] | ToolMisfit[T] | ToolFailure[T]
