"""The conformance report: per corpus, per feature, and every failure by slug and reason."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tests.conformance.examples import ExamplesResult
from tests.conformance.features import ALL_FEATURES, tool_features
from tests.conformance.fidelity import NOT_ENFORCED, ToolFidelity
from tests.conformance.keywords import Row, render

_GENERATE_ERROR = re.compile(r"^error: (?P<slug>[^:]+): (?P<reason>.*)$")
_MYPY_ERROR = re.compile(r"^(?P<file>[^:]+\.py):\d+: error: (?P<message>.*)$")


@dataclass
class Conformance:
    """Everything one conformance run found."""

    tools: list[dict[str, Any]]
    examples_per_tool: int
    generate_stderr: str = ""
    module_slugs: dict[str, str] = field(default_factory=dict)  # module name -> slug
    import_errors: dict[str, str] = field(default_factory=dict)  # module name -> reason
    mypy_output: str = ""
    examples: ExamplesResult = field(default_factory=ExamplesResult)
    fidelity: list[ToolFidelity] = field(default_factory=list)
    keywords: list[Row] = field(default_factory=list)  # the keyword table (tests.conformance.keywords)

    def failures(self) -> dict[str, list[str]]:
        """Slug (or file) -> what went wrong with it, in stage order."""
        found: defaultdict[str, list[str]] = defaultdict(list)
        for line in self.generate_stderr.splitlines():
            match = _GENERATE_ERROR.match(line)
            if match:
                found[match["slug"]].append(f"generate: {match['reason']}")
        for module, reason in self.import_errors.items():
            found[module].append(f"import: {reason}")
        for line in self.mypy_output.splitlines():
            match = _MYPY_ERROR.match(line)
            if match:
                module = match["file"].removesuffix(".py").replace("/", ".")
                found[self.module_slugs.get(module, match["file"])].append(f"mypy: {match['message']}")
        for slug, value in self.examples.ours:
            found[slug].append(f"example/default refused: {value}")
        for tool in self.fidelity:
            found[tool.slug] += [f"fidelity: {bug}" for bug in tool.bugs]
        for row in self.keywords:
            found[f"keyword {row.keyword}"] += row.disagreements
        return {slug: reasons for slug, reasons in found.items() if reasons}

    def render(self) -> str:
        failures = self.failures()
        lines = [
            f"toolstubs conformance: {len(self.tools)} tools, {self.examples_per_tool} drawn instances per tool",
            "",
        ]
        lines += self.per_corpus(failures)
        lines += ["", *self.totals(), "", *self.per_feature(failures), ""]
        if self.keywords:
            lines += [
                "Per keyword (schemas of tests/conformance/keyword_cases.py as one input property; agreement with",
                "jsonschema; stock = datamodel-code-generator's defaults, measured in this run):",
                *("  " + line for line in render(self.keywords)),
                "",
            ]
        if failures:
            lines.append(f"Failures ({len(failures)} tools):")
            lines += [f"  {slug}: {reason}" for slug, reasons in sorted(failures.items()) for reason in reasons[:5]]
        else:
            lines.append("Failures: none")
        return "\n".join(lines)

    def per_corpus(self, failures: dict[str, list[str]]) -> list[str]:
        generated = set(self.module_slugs.values())
        imported = {slug for module, slug in self.module_slugs.items() if module not in self.import_errors}
        mypy_failed = {slug for slug, reasons in failures.items() if any(r.startswith("mypy") for r in reasons)}
        fidelity = {tool.slug: tool for tool in self.fidelity}
        rows = [("corpus", "tools", "generated", "imported", "mypy-clean", "instances", "agree", "undocumented")]
        by_corpus: defaultdict[str, list[str]] = defaultdict(list)
        for tool in self.tools:
            by_corpus[str(tool.get("x-corpus", "?"))].append(str(tool["slug"]))
        for corpus, slugs in [*sorted(by_corpus.items()), ("all", [str(t["slug"]) for t in self.tools])]:
            checks = [fidelity[s] for s in slugs if s in fidelity]
            checked = sum(t.checked for t in checks)
            agreed = sum(t.agreed for t in checks)
            rows.append(
                (
                    corpus,
                    str(len(slugs)),
                    _share(sum(s in generated for s in slugs), len(slugs)),
                    _share(sum(s in imported for s in slugs), len(slugs)),
                    _share(sum(s in imported and s not in mypy_failed for s in slugs), len(slugs)),
                    f"{checked:,}",
                    _share(agreed, checked, 2),
                    str(sum(len(t.bugs) for t in checks)),
                )
            )
        return _table(rows)

    def totals(self) -> list[str]:
        return [self.examples_line(), *self.fidelity_lines()]

    def examples_line(self) -> str:
        return (
            f"Examples and defaults: {self.examples.checked:,} checked, {self.examples.wrong_in_schema:,} wrong in "
            f"the schema itself ({sum(self.examples.documented.values())} of them accepted for a documented reason), "
            f"{len(self.examples.ours)} judged otherwise by our models."
        )

    def fidelity_lines(self) -> list[str]:
        documented: Counter[str] = Counter()
        for tool in self.fidelity:
            documented.update(tool.documented)
        checked = sum(t.checked for t in self.fidelity)
        bugs = sum(len(t.bugs) for t in self.fidelity)
        outside = checked - sum(documented.values())
        skipped = [t.slug for t in self.fidelity if t.skipped]
        lines = [
            f"Type fidelity: {checked:,} instances; {sum(documented.values()):,} documented disagreements; "
            f"{bugs} undocumented; agreement outside the documented list {_share(outside - bugs, outside, 3)}.",
        ]
        lines += [
            f"  documented: {reason}: {count:,} ({NOT_ENFORCED[reason]})" for reason, count in documented.most_common()
        ]
        if skipped:
            lines.append(f"  hypothesis-jsonschema could not draw for {len(skipped)} tools (synthesized instance only)")
        return lines

    def per_feature(self, failures: dict[str, list[str]]) -> list[str]:
        using: defaultdict[str, list[str]] = defaultdict(list)
        for tool in self.tools:
            for feature in tool_features(tool):
                using[feature].append(str(tool["slug"]))
        rows = [("feature", "tools", "all checks pass")]
        rows += [
            (feature, str(len(slugs)), _share(sum(s not in failures for s in slugs), len(slugs)))
            for feature, slugs in sorted(using.items(), key=lambda item: -len(item[1]))
        ]
        absent = [feature for feature in ALL_FEATURES if feature not in using]
        lines = ["Per feature (corpus tools using it):", *_table(rows)]
        if absent:
            lines.append(f"Not in the corpus (covered by tests/unit/test_schema_features.py): {', '.join(absent)}")
        return lines


def _share(part: int, whole: int, decimals: int = 1) -> str:
    return f"{part:,} ({100 * part / whole:.{decimals}f}%)" if whole else "-"


def _table(rows: Iterable[tuple[str, ...]]) -> list[str]:
    rows = list(rows)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in rows
    ]
