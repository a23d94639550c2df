"""What changes when a pin moves: tools and fields added, removed or changed, each
classified breaking or compatible for code written against the old version.

Inputs (what your code sends): a removed tool or parameter, a new required parameter, a
parameter made required, a changed type, a removed enum value or a dropped ``null`` break
calls; new optional parameters, new enum values and widened types do not. Outputs (what
your code reads): a removed or retyped field, or one that may now be ``null``, breaks
readers; new fields do not. An object closed to other keys (``additionalProperties: false``)
that opens is compatible; an input object that closes breaks calls that sent other keys. An
output schema that appears or goes (an MCP tool's ``data`` turns from content blocks into
structured content, or back) or whose type changes breaks readers, and so does an MCP tool
that comes to require task augmentation. Nested object properties are compared the same way, by dotted
path. A tool that disappeared while one with the same input schema appeared was renamed
(:func:`renames`): breaking for code that names it, and its other changes are listed under
the new name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

Severity = Literal["breaking", "compatible"]


@dataclass(frozen=True, order=True)
class Change:
    """One difference between two versions of a toolkit."""

    tool: str
    where: str
    what: str
    severity: Severity
    renamed_to: str | None = None  # for a renamed tool: its new slug

    def __str__(self) -> str:
        place = f"{self.tool}.{self.where}" if self.where else self.tool
        return f"{self.severity:<10} {place}: {self.what}"


def _types(schema: Mapping[str, Any]) -> set[str]:
    """The JSON types a schema admits (``$ref`` as ``ref:<name>``; unknown: ``any``)."""
    found: set[str] = set()
    kind = schema.get("type")
    if isinstance(kind, str):
        found.add(kind)
    elif isinstance(kind, list):
        found |= {str(k) for k in kind}
    if isinstance(schema.get("$ref"), str):
        found.add("ref:" + schema["$ref"].rsplit("/", 1)[-1])
    for union in ("anyOf", "oneOf"):
        for member in schema.get(union) or []:
            if isinstance(member, Mapping):
                found |= _types(member)
    if schema.get("nullable") is True:
        found.add("null")
    return found or {"any"}


def _properties(schema: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    properties = schema.get("properties")
    return (
        {str(k): v for k, v in properties.items() if isinstance(v, Mapping)} if isinstance(properties, Mapping) else {}
    )


def _required(schema: Mapping[str, Any]) -> set[str]:
    required = schema.get("required")
    return {str(r) for r in required} if isinstance(required, list) else set()


def _compare(tool: str, path: str, old: Mapping[str, Any], new: Mapping[str, Any], reading: bool) -> list[Change]:
    changes: list[Change] = []
    old_props, new_props = _properties(old), _properties(new)
    old_required, new_required = _required(old), _required(new)
    noun = "field" if reading else "parameter"
    for name in sorted(set(old_props) | set(new_props)):
        where = f"{path}.{name}" if path else name
        if name not in new_props:
            changes.append(Change(tool, where, f"{noun} removed", "breaking"))
        elif name not in old_props:
            required = name in new_required
            breaking = required and not reading
            what = f"required {noun} added" if required else f"optional {noun} added"
            changes.append(Change(tool, where, what, "breaking" if breaking else "compatible"))
        else:
            changes += _compare_one(tool, where, old_props[name], new_props[name], reading)
            if not reading and name in new_required and name not in old_required:
                changes.append(Change(tool, where, "parameter made required", "breaking"))
            if not reading and name in old_required and name not in new_required:
                changes.append(Change(tool, where, "parameter made optional", "compatible"))
    return changes


def _compare_one(tool: str, where: str, old: Mapping[str, Any], new: Mapping[str, Any], reading: bool) -> list[Change]:
    changes: list[Change] = []
    old_types, new_types = _types(old), _types(new)
    if old_types - {"null"} != new_types - {"null"}:
        widened = not reading and old_types - {"null"} <= new_types - {"null"}
        what = f"type {'/'.join(sorted(old_types))} -> {'/'.join(sorted(new_types))}"
        changes.append(Change(tool, where, what, "compatible" if widened else "breaking"))
    elif ("null" in old_types) != ("null" in new_types):
        allows = "null" in new_types
        breaking = allows if reading else not allows
        changes.append(
            Change(
                tool,
                where,
                "may now be null" if allows else "no longer accepts null",
                "breaking" if breaking else "compatible",
            )
        )
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if isinstance(old_enum, list) and isinstance(new_enum, list):
        removed = [v for v in old_enum if v not in new_enum]
        added = [v for v in new_enum if v not in old_enum]
        if removed:
            changes.append(
                Change(tool, where, f"enum values removed: {removed!r}", "compatible" if reading else "breaking")
            )
        if added:
            changes.append(
                Change(tool, where, f"enum values added: {added!r}", "breaking" if reading else "compatible")
            )
    return changes + _openness(tool, where, old, new, reading) + _compare(tool, where, old, new, reading)


def _openness(tool: str, where: str, old: Mapping[str, Any], new: Mapping[str, Any], reading: bool) -> list[Change]:
    """A change of what an object says of keys it does not name (``additionalProperties``)."""
    before, after = (json.dumps(schema.get("additionalProperties", True), sort_keys=True) for schema in (old, new))
    if before == after:
        return []
    closes = after == "false"
    what = (
        "closed to other keys"
        if closes
        else "open to other keys"
        if before == "false"
        else "other keys' schema changed"
    )
    what += f" (additionalProperties {before} -> {after})"
    return [Change(tool, where, what, "breaking" if closes and not reading else "compatible")]


def _output_data(tool: Mapping[str, Any]) -> Mapping[str, Any]:
    output = tool.get("output_parameters")
    if not isinstance(output, Mapping):
        return {}
    data = _properties(output).get("data")
    return data if data is not None and "successful" in _properties(output) else output


def diff(old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]) -> list[Change]:
    """Every change from the ``old`` tools to the ``new`` tools (both: slug -> tool object)."""
    moved = renames(old, new)
    arrived = set(moved.values())
    changes: list[Change] = []
    for slug in sorted(set(old) | set(new)):
        if slug in moved:
            target = moved[slug]
            changes.append(Change(slug, "", f"renamed to {target}", "breaking", renamed_to=target))
            changes += _between(target, old[slug], new[target])
        elif slug in arrived:
            continue
        elif slug not in new:
            changes.append(Change(slug, "", "tool removed", "breaking"))
        elif slug not in old:
            changes.append(Change(slug, "", "tool added", "compatible"))
        else:
            changes += _between(slug, old[slug], new[slug])
    return changes


def renames(old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Tools that disappeared while a tool with the same input schema appeared, and whose slugs
    name the same thing: old slug -> new slug. The same thing: one slug's words hold the
    other's, articles and prepositions left out and a plural as its singular
    (``GITHUB_GITHUB_API_ROOT`` -> ``GITHUB_API_ROOT``, ``X_CREATE_AN_ISSUE`` -> ``X_ISSUES_CREATE``;
    not ``X_DELETE_ITEM`` -> ``X_GET_ITEM``). Pairs are taken most alike first, each slug once."""
    appeared: dict[str, list[str]] = {}
    for slug in sorted(set(new) - set(old)):
        appeared.setdefault(_canonical(new[slug].get("input_parameters")), []).append(slug)
    pairs = sorted(
        (-SequenceMatcher(None, slug, other).ratio(), slug, other)
        for slug in sorted(set(old) - set(new))
        for other in appeared.get(_canonical(old[slug].get("input_parameters")), [])
        if _same_thing(slug, other)
    )
    found: dict[str, str] = {}
    for _, slug, other in pairs:
        if slug not in found and other not in found.values():
            found[slug] = other
    return found


#: Words a slug may gain or lose without naming another thing.
_FILLER = frozenset({"A", "AN", "THE", "OF", "FOR", "TO", "BY", "IN", "ON", "FROM", "WITH"})


def _words(slug: str) -> set[str]:
    return {word[:-1] if len(word) > 3 and word.endswith("S") else word for word in slug.upper().split("_")} - _FILLER


def _same_thing(one: str, other: str) -> bool:
    """One slug's words hold the other's (see :func:`renames`)."""
    first, second = _words(one), _words(other)
    return bool(first and second) and (first <= second or second <= first)


def _canonical(schema: Any) -> str:
    return json.dumps(schema or {}, sort_keys=True, ensure_ascii=False)


def _between(slug: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """What changed in one tool (named ``slug`` in the new version): what the model is told,
    its input, and the output data it gives."""
    changes = _told(slug, before, after) + _tasks(slug, before, after)
    old_input, new_input = before.get("input_parameters") or {}, after.get("input_parameters") or {}
    changes += _openness(slug, "input", old_input, new_input, False) + _compare(slug, "", old_input, new_input, False)
    old_output, new_output = _output_data(before), _output_data(after)
    if bool(old_output) != bool(new_output):
        what = "output schema added" if new_output else "output schema removed"
        if "mcp" in after:
            what += ": data is now " + ("the structured content" if new_output else "the content blocks")
        return [*changes, Change(slug, "output", what, "breaking")]
    if old_output and _types(old_output) != _types(new_output):
        what = f"type {'/'.join(sorted(_types(old_output)))} -> {'/'.join(sorted(_types(new_output)))}"
        return [*changes, Change(slug, "output", what, "breaking")]
    nested = _openness(slug, "", old_output, new_output, True) + _compare(slug, "", old_output, new_output, True)
    return changes + [Change(c.tool, f"output.{c.where}".rstrip("."), c.what, c.severity) for c in nested]


def _tasks(slug: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """An MCP tool's task support (``execution.taskSupport``; absent is ``forbidden``)."""
    old, new = (str((tool.get("mcp") or {}).get("taskSupport") or "forbidden") for tool in (before, after))
    if old == new:
        return []
    return [Change(slug, "", f"task support {old} -> {new}", "breaking" if new == "required" else "compatible")]


def _told(slug: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """What changed in what the model reads and what an MCP tool asks of its client: the
    description, hints, title and icons (none breaks code, but each changes what an agent or
    a user is told: review it), and the capabilities it needs (a new one breaks a client
    without its handler)."""
    changes = []
    if (before.get("description") or "") != (after.get("description") or ""):
        changes.append(Change(slug, "", "description changed", "compatible"))
    hints = [(b.get("mcp") or {}).get("annotations") or {} for b in (before, after)]
    if hints[0] != hints[1]:
        changes.append(Change(slug, "", f"MCP hints changed: {hints[0]} -> {hints[1]}", "compatible"))
    for key, what in (("title", "title"), ("icons", "icons")):
        was, now = ((b.get("mcp") or {}).get(key) for b in (before, after))
        if was != now:
            changes.append(Change(slug, "", f"{what} changed", "compatible"))
    needs = [set((b.get("mcp") or {}).get("needs") or ()) for b in (before, after)]
    if needs[1] - needs[0]:
        what = f"now needs the client to serve {', '.join(sorted(needs[1] - needs[0]))}"
        changes.append(Change(slug, "", what, "breaking"))  # a client without the handler is refused
    if needs[0] - needs[1]:
        changes.append(Change(slug, "", f"no longer needs {', '.join(sorted(needs[0] - needs[1]))}", "compatible"))
    return changes


def summary(changes: list[Change]) -> str:
    """One line: how many changes of each kind."""
    breaking = sum(c.severity == "breaking" for c in changes)
    return f"{len(changes)} changes: {breaking} breaking, {len(changes) - breaking} compatible"
