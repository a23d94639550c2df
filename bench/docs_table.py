"""The bench table in docs/performance.md: a full ``./dev bench`` run writes what it printed
between the page's two markers, so the figures there are always one run's, pasted by the
program that measured them."""

from __future__ import annotations

from pathlib import Path

BEGIN = "<!-- bench:begin (written by ./dev bench; edits here are replaced) -->"
END = "<!-- bench:end -->"


def with_table(page: str, table: str) -> str:
    """``page`` with the text between its markers replaced by ``table``."""
    start, end = page.find(BEGIN), page.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the page has no '{BEGIN}' ... '{END}' block to write the table into")
    return f"{page[: start + len(BEGIN)]}\n\n{table.strip()}\n\n{page[end:]}"


def write(page: Path, table: str) -> None:
    page.write_text(with_table(page.read_text(encoding="utf-8"), table), encoding="utf-8")
