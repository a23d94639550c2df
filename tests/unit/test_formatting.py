"""The formatter's gate: CPython's parser refuses a generated file that does not parse, naming
it, before anything is formatted; a file left to ruff's parser alone (the output folder's
facade, too large to parse twice in bounded memory) is refused by ruff, naming it too."""

from __future__ import annotations

import pytest

from codegen.build.formatting import FormatError, format_files

BROKEN = "class Tools:\n    def execute(self,\n        pass\n"


def test_a_file_that_does_not_parse_is_refused_by_name_and_line() -> None:
    with pytest.raises(FormatError) as refused:
        format_files({"demo/create_issue.py": BROKEN, "demo/ok.py": "x=1\n"})
    assert str(refused.value).startswith("demo/create_issue.py: generated code does not parse (")
    assert "line 2" in str(refused.value)


def test_a_file_only_ruff_parses_is_refused_by_ruff_naming_it_not_the_scratch_folder() -> None:
    with pytest.raises(FormatError) as refused:
        format_files({"_typed/__init__.py": BROKEN, "demo/ok.py": "x=1\n"}, parsed_by_ruff={"_typed/__init__.py"})
    said = str(refused.value)
    assert said.startswith("ruff format failed: ") and "Failed to parse _typed/__init__.py:" in said
    assert "toolstubs-format-" not in said


def test_a_file_only_ruff_parses_is_formatted_like_the_rest() -> None:
    files = {"_typed/__init__.py": "x=( 1, )\n", "demo/ok.py": "x=( 1, )\n"}
    formatted = format_files(files, parsed_by_ruff={"_typed/__init__.py"})
    assert formatted == {"_typed/__init__.py": "x = (1,)\n", "demo/ok.py": "x = (1,)\n"}
