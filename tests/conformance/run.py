"""One conformance run, stage by stage, into a :class:`~tests.conformance.report.Conformance`."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from pathlib import Path

from tests.conformance import corpus, examples, fidelity, keywords
from tests.conformance.report import Conformance


def run(work: Path, examples_per_tool: int, jobs: int, say: Callable[[str], None]) -> Conformance:
    """Generate the corpus into ``work`` and check it at every stage."""
    tools = corpus.catalog()
    result = Conformance(tools, examples_per_tool)
    say(f"generate: {len(tools)} tools")
    result.generate_stderr = corpus.generate(work, tools).stderr
    say("import")
    raw = {str(tool["slug"]): tool for tool in tools}
    for name, module in corpus.tool_modules(work):
        if isinstance(module, BaseException):
            result.import_errors[name] = "".join(traceback.format_exception_only(module)).strip()
            continue
        spec = module.SPEC
        result.module_slugs[name] = spec.slug
        examples.check_tool(spec.slug, raw[spec.slug]["input_parameters"], spec.input_model, result.examples)
    say("mypy --strict")
    result.mypy_output = corpus.mypy(work).stdout
    say(f"fidelity: {examples_per_tool} drawn instances per tool and their mutations, {jobs} processes")
    schemas = {slug: tool["input_parameters"] for slug, tool in raw.items()}
    result.fidelity = fidelity.check_corpus(str(work), list(result.module_slugs), schemas, examples_per_tool, jobs)
    say("keywords: every JSON Schema keyword, toolstubs and stock datamodel-code-generator")
    result.keywords = keywords.measure()
    return result


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
