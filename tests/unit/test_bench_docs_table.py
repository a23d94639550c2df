"""bench/docs_table.py: a full bench run replaces exactly the marked table of docs/performance.md."""

from __future__ import annotations

import pytest

from bench import docs_table
from tests.conftest import REPO


def test_the_table_between_the_markers_is_replaced_and_the_rest_kept() -> None:
    page = f"# Performance\n\nprose before\n\n{docs_table.BEGIN}\n\nold | table\n\n{docs_table.END}\n\nprose after\n"
    written = docs_table.with_table(page, "`./dev bench` on abc\n\n| new | table |\n")
    assert written == (
        f"# Performance\n\nprose before\n\n{docs_table.BEGIN}\n\n`./dev bench` on abc\n\n| new | table |\n\n"
        f"{docs_table.END}\n\nprose after\n"
    )
    assert docs_table.with_table(written, "| new | table |") == docs_table.with_table(page, "| new | table |")


@pytest.mark.parametrize(
    ("page", "said"),
    [
        ("# Performance\n", "once each, not 0 and 0"),
        (f"{docs_table.END}\n{docs_table.BEGIN}\n", "before"),
        (f"{docs_table.BEGIN}\n{docs_table.END}\n{docs_table.BEGIN}\n{docs_table.END}\n", "not 2 and 2"),
    ],
    ids=["no-markers", "wrong-order", "twice"],
)
def test_a_page_whose_markers_are_not_one_pair_in_order_is_refused(page: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        docs_table.check(page)
    with pytest.raises(ValueError, match=said):
        docs_table.with_table(page, "| t |")


def test_the_performance_page_has_the_block_a_run_writes() -> None:
    page = (REPO / "docs" / "performance.md").read_text(encoding="utf-8")
    assert page.count(docs_table.BEGIN) == 1 and page.count(docs_table.END) == 1
    assert docs_table.with_table(page, "| t |").count("| t |") == 1
