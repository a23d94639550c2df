"""runtime/lazy.py: a generated package loads a class's module when the class is first read."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

PROBE = """
import sys
from generated import docstore
loaded = lambda: sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("generated.docstore."))
print(loaded())
docstore.AppendBlocksInput
print(loaded())
print(docstore.AppendBlocksInput is sys.modules["generated.docstore.append_blocks"].AppendBlocksInput)
try:
    docstore.AppendBlocksInputs
except AttributeError as error:
    print(error)
print(dir(docstore) == sorted({*docstore.__all__, *(n for n in vars(docstore) if n.startswith("__"))}))
"""


def test_a_package_imports_a_tool_module_only_when_one_of_its_names_is_read() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [
        "[]",
        "['append_blocks']",
        "True",
        "module 'generated.docstore' has no attribute 'AppendBlocksInputs'",
        "True",
    ]
