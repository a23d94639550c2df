"""The bench table in docs/performance.md: a full ``./dev bench`` run writes what it printed
between the page's two markers, so the figures there are always one run's, pasted by the
program that measured them."""

from __future__ import annotations

from pathlib import Path

BEGIN = "<!-- bench:begin (written by ./dev bench; edits here are replaced) -->"
END = "<!-- bench:end -->"


def check(page: str) -> None:
    """Refuse a page without exactly one ``BEGIN`` followed by exactly one ``END`` (checked
    before a run of many minutes, and again before writing)."""
    counts = (page.count(BEGIN), page.count(END))
    if counts != (1, 1):
        raise ValueError(f"the page must hold '{BEGIN}' and '{END}' once each, not {counts[0]} and {counts[1]} times")
    if page.index(END) < page.index(BEGIN):
        raise ValueError(f"the page holds '{END}' before '{BEGIN}'")


def with_table(page: str, table: str) -> str:
    """``page`` with the text between its markers replaced by ``table``."""
    check(page)
    if BEGIN in table or END in table:
        raise ValueError("the table holds a marker of the page")
    start, end = page.index(BEGIN), page.index(END)
    return f"{page[: start + len(BEGIN)]}\n\n{table.strip()}\n\n{page[end:]}"


def write(page: Path, table: str) -> None:
    page.write_text(with_table(page.read_text(encoding="utf-8"), table), encoding="utf-8")
