r"""Expected-misuse typing snapshots: the stubs must reject wrong calls, not only accept right ones.

``tests/typing/usage_bad.py`` marks every deliberate mistake with ``# E``; mypy must report
an error on exactly those lines, and its error lines must equal the committed
``usage_bad.mypy.out`` (notes are left out: mypy prints some only when it is not reading
its cache, and a deprecated overload is named without the signature mypy quotes for it,
whose ``TypedDict`` keys it prints in declaration order cold and sorted from its cache).
Regenerate with ``python -m mypy --strict tests/typing/usage_bad.py | grep ': error:' | sed -E
's/overload def .* of function /overload ... of function /' > tests/typing/usage_bad.mypy.out``.
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.checkers import mypy_settings
from tests.conftest import REPO

BAD = REPO / "tests" / "typing" / "usage_bad.py"
SNAPSHOT = REPO / "tests" / "typing" / "usage_bad.mypy.out"


def _mypy_bad() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", *mypy_settings(), "tests/typing/usage_bad.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    errors = "".join(line for line in result.stdout.splitlines(keepends=True) if ": error:" in line)
    return _OVERLOAD.sub("overload ... of function ", errors)


_OVERLOAD = re.compile(r"overload def .* of function ")


def test_misuse_is_rejected_exactly_where_marked_and_as_snapshotted() -> None:
    output = _mypy_bad()
    marked = {n for n, line in enumerate(BAD.read_text().splitlines(), 1) if "  # E:" in line}
    reported = {int(m) for m in re.findall(r"usage_bad\.py:(\d+): error:", output)}
    assert reported == marked
    assert len(marked) >= 12
    assert output == SNAPSHOT.read_text(encoding="utf-8")
