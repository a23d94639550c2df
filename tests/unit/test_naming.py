"""Naming rules as tables: every emitted name comes from codegen/build/naming.py, deterministically."""

from __future__ import annotations

import pytest

from codegen.build import naming


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("github", "Github"),
        ("google_sheets", "GoogleSheets"),
        ("acme_tracker", "AcmeTracker"),
        ("1password", "Toolkit1password"),
        ("", "Tools"),
        ("toolkit", "ToolkitTools"),  # would shadow runtime.Toolkit (found by the hostile-input test)
        ("literal", "LiteralTools"),
        ("tool_result", "ToolResultTools"),
    ],
)
def test_toolkit_class(slug: str, expected: str) -> None:
    assert naming.toolkit_class(slug) == expected


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("github", "github"),
        ("google_sheets", "google_sheets"),
        ("Google-Sheets", "google_sheets"),
        ("../etc", "etc"),
        ("1password", "toolkit_1password"),
        ("import", "import_"),
        ("", "toolkit"),
    ],
)
def test_toolkit_package_is_a_safe_identifier(slug: str, expected: str) -> None:
    assert naming.toolkit_package(slug) == expected


@pytest.mark.parametrize(
    ("slug", "toolkit", "method", "prefix"),
    [
        ("GITHUB_CREATE_AN_ISSUE", "github", "create_an_issue", "CreateAnIssue"),
        ("GOOGLE_SHEETS_BATCH_UPDATE", "google_sheets", "batch_update", "BatchUpdate"),
        ("OTHER_THING", "github", "other_thing", "OtherThing"),  # no prefix: the whole slug
        ("GITHUB_IMPORT", "github", "import_", "Import"),
        ("GITHUB_2FA_STATUS", "github", "tool_2fa_status", "Tool2faStatus"),
        ("GITHUB", "github", "github", "Github"),  # the prefix alone is not stripped to nothing
    ],
)
def test_tool_method_and_model_prefix(slug: str, toolkit: str, method: str, prefix: str) -> None:
    assert naming.tool_method(slug, toolkit) == method
    assert naming.model_prefix(method) == prefix
    assert naming.constant(method) == method.upper()


def test_tool_method_clashes_resolve_in_slug_order() -> None:
    names, renames = naming.tool_methods(["ACME_A-B", "ACME_A_B"], "acme")
    assert names == {"ACME_A-B": "a_b", "ACME_A_B": "a_b_"}
    assert [(r.key, r.collision) for r in renames] == [("ACME_A_B", True)]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("owner", "owner"),
        ("id", "id"),
        ("type", "type"),
        ("camelCase", "camelCase"),
        ("a__b", "a__b"),
        ("user_id", "user_id"),
        ("version", "version"),
        ("from", "from_"),
        ("async", "async_"),
        ("class", "class_"),
        ("self", "self_"),
        ("schema", "schema_"),
        ("json", "json_"),
        ("validate", "validate_"),
        ("model_config", "model_config_"),
        ("copy", "copy_"),
        ("model_dump_extra", "model_dump_extra_"),
        ("my-key", "my_key"),
        ("$top", "top"),
        ("1st", "field_1st"),
        ("a.b", "a_b"),
        ("+1", "plus_1"),
        ("-1", "minus_1"),
        ("", "field"),
        ("_private", "private"),
        ("héllo", "h_llo"),
        ("Content-Type", "Content_Type"),
    ],
)
def test_field_name(key: str, expected: str) -> None:
    names, _ = naming.field_names([key])
    assert names[key] == expected


def test_kept_keys_win_collisions_and_collisions_are_reported() -> None:
    names, renames = naming.field_names(["a-b", "a_b", "a.b", "Name", "name"])
    assert names == {"a-b": "a_b_", "a_b": "a_b", "a.b": "a_b__", "Name": "Name", "name": "name"}
    collisions = {(r.key, r.name) for r in renames if r.collision}
    assert collisions == {("a-b", "a_b_"), ("a.b", "a_b__")}


def test_field_names_do_not_depend_on_key_order() -> None:
    keys = ["a-b", "a_b", "a.b", "from", "from_"]
    forward, _ = naming.field_names(keys)
    backward, _ = naming.field_names(list(reversed(keys)))
    assert forward == backward


def test_class_names_extend_with_parents_only_where_they_clash() -> None:
    paths = [("input", "user"), ("output", "user"), ("output", "repo", "owner"), ("input", "milestone")]
    names = naming.class_names(paths, reserved={"Milestone"})
    assert names == {
        ("input", "user"): "InputUser",
        ("output", "user"): "OutputUser",
        ("output", "repo", "owner"): "Owner",
        ("input", "milestone"): "InputMilestone",
    }


def test_class_names_never_number_unless_paths_differ_only_by_punctuation() -> None:
    names = naming.class_names([("input", "a-b"), ("input", "a_b")], reserved=())
    assert sorted(names.values()) == ["InputAB", "InputAB2"]


def test_class_names_avoid_reserved_module_names() -> None:
    names = naming.class_names([("input", "field"), ("input", "literal")], reserved=naming.RESERVED_CLASS_NAMES)
    assert names == {("input", "field"): "InputField", ("input", "literal"): "InputLiteral"}


def test_class_names_never_stutter() -> None:
    """Found by the issue's Notion probe: a block's ``paragraph`` property was ``ParagraphParagraph``."""
    member = ("input", "children", "childrenItem", "paragraph")
    prop = ("input", "children", "childrenItem", "paragraph", "paragraph")
    names = naming.class_names([member, prop], reserved=())
    assert names == {member: "ChildrenItemParagraph", prop: "Paragraph"}


def test_reserved_method_names_are_every_public_member_of_the_toolkit_classes() -> None:
    from runtime import AsyncToolkit, Toolkit
    from runtime.mcp import AsyncMcpToolkit, McpToolkit

    public = {
        name
        for cls in (Toolkit, AsyncToolkit, McpToolkit, AsyncMcpToolkit)
        for name in dir(cls)
        if not name.startswith("_") and not name.isupper()
    }
    assert public | {"mro"} <= naming.RESERVED_METHOD_NAMES
    assert {"str", "int", "float", "bool", "list", "dict"} <= naming.RESERVED_METHOD_NAMES  # annotation builtins
    names, renames = naming.tool_methods(["ACME_TOOLS", "ACME_LIST"], "acme")
    assert names == {"ACME_LIST": "list_", "ACME_TOOLS": "tools_"} and all(r.collision for r in renames)


def test_the_typed_facade_keeps_its_name_in_a_toolkit_and_in_the_output_package() -> None:
    """Found by review: a tool module ``typed.py`` replaced the toolkit's ``typed`` facade once
    imported, and a toolkit package ``typed`` replaced the output package's."""
    names, renames = naming.tool_methods(["ACME_TYPED"], "acme")
    assert names == {"ACME_TYPED": "typed_"} and renames[0].collision
    assert naming.toolkit_package("typed") == "typed_"
    assert naming.toolkit_package("typed_tools") == "typed_tools"
