"""Schema text becomes Python only through codegen.shared.escaping: fuzzed so nothing ever executes."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.shared import escaping

PIECES = ['"', "'", '"""', "\\", "\n", "\r", "\r\n", "\x00", "\u2028", "\u2029", "{{", "}}", "{%", "#", "\t"]
HOSTILE = st.lists(st.one_of(st.text(max_size=5), st.sampled_from(PIECES)), max_size=12).map("".join)


def _non_space(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=400)
@given(HOSTILE)
def test_string_literal_round_trips(text: str) -> None:
    literal = escaping.string(text)
    tree = ast.parse(literal, mode="eval")
    assert isinstance(tree.body, ast.Constant)
    assert tree.body.value == text


@settings(max_examples=400)
@given(HOSTILE, st.sampled_from(["", "    ", "        "]))
def test_docstring_is_one_string_keeping_every_character(text: str, indent: str) -> None:
    source = f"def f():\n{indent or '    '}{escaping.docstring(text, indent or '    ')}\n{indent or '    '}return 1\n"
    module = ast.parse(source)
    function = module.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 2  # the docstring and the return: nothing was injected
    docstring = ast.get_docstring(function, clean=False)
    assert docstring is not None
    assert _non_space(docstring) == _non_space(text.replace("\r", ""))


@settings(max_examples=200)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | HOSTILE,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE, inner, max_size=3),
    )
)
def test_value_literal_round_trips(data: object) -> None:
    assert ast.literal_eval(escaping.value(data)) == data


def test_docstring_wraps_and_escapes() -> None:
    text = 'Ends with a quote "\n\nand has """ and \\ inside'
    assert escaping.docstring(text) == '"""Ends with a quote "\n\nand has \\"\\"\\" and \\\\ inside\n"""'
    assert escaping.docstring("x" * 10 + " y" * 60, width=40).count("\n") > 2


def _escaped_char_by_char(text: str, quote: str) -> str:
    """The rule, one character at a time (what :func:`escaping.escape` computes faster)."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == quote:
            out.append("\\" + char)
        elif not char.isprintable() or char.isspace() and char != " ":
            out.append(escaping._escape_char(char))
        else:
            out.append(char)
    return "".join(out)


@settings(max_examples=400)
@given(
    st.one_of(HOSTILE, st.text(alphabet=st.characters(blacklist_categories=()))),
    st.sampled_from(["", '"', "'"]),
)
def test_escape_is_the_character_rule(text: str, quote: str) -> None:
    """Every character, surrogates and all Unicode categories included, is escaped exactly as
    the one-character-at-a-time rule says."""
    assert escaping.escape(text, quote) == _escaped_char_by_char(text, quote)
