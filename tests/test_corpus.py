"""Real tool schemas (../shared/corpus, via TOOLSTUBS_CORPUS): every tool generates, imports,
type-checks (mypy, pyright, basedpyright and ty), accepts its schema's examples, and its input model agrees with ``jsonschema``.

The stages are those of ``./dev conformance`` (``tests/conformance``), which prints the full
report; ``TOOLSTUBS_FIDELITY_EXAMPLES`` sets the instances drawn per tool (default 3).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from tests import checkers, twin_copies
from tests.conformance import corpus, examples, fidelity
from tests.conformance.features import tool_features
from tests.conformance.report import Conformance
from tests.conformance.run import default_jobs

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not corpus.CORPUS.is_dir(), reason=f"no corpus at {corpus.CORPUS}: set TOOLSTUBS_CORPUS to ../shared/corpus"
    ),
]
EXAMPLES = int(os.environ.get("TOOLSTUBS_FIDELITY_EXAMPLES", "3"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The corpus generated once per test run: the first test worker to need it generates it
    (the others wait on a lock), so the groups below can run on different workers."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    work, outcome = shared / "corpus", shared / "corpus-generated.json"
    with open(shared / "corpus.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            work.mkdir(exist_ok=True)
            done = corpus.generate(work, corpus.catalog())
            outcome.write_text(json.dumps([done.args, done.returncode, done.stdout, done.stderr]))
    args, returncode, stdout, stderr = json.loads(outcome.read_text())
    return work, subprocess.CompletedProcess(args, returncode, stdout, stderr)


@pytest.fixture(scope="module")
def modules(generated: tuple[Path, subprocess.CompletedProcess[str]]) -> dict[str, ModuleType | BaseException]:
    work, _ = generated
    return dict(corpus.tool_modules(work))


@pytest.mark.xdist_group("corpus-models")
def test_every_corpus_tool_generates(generated: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, result = generated
    assert result.returncode == 0, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == []
    assert f"{len(corpus.catalog())} tools" in result.stderr and "0 tools left out" in result.stderr


@pytest.mark.xdist_group("corpus-models")
def test_every_corpus_module_imports(modules: dict[str, ModuleType | BaseException]) -> None:
    failed = {name: repr(module) for name, module in modules.items() if isinstance(module, BaseException)}
    assert failed == {}
    assert len(modules) == len(corpus.catalog())


@pytest.mark.xdist_group("corpus-models")
def test_every_corpus_file_tool_is_typed_and_records_its_files(
    modules: dict[str, ModuleType | BaseException],
) -> None:
    """The corpus tools with file_uploadable / file_downloadable fields (24 in composio-2025-12)."""
    by_slug = {m.SPEC.slug: m for m in modules.values() if not isinstance(m, BaseException)}
    file_tools = [
        t for t in corpus.catalog() if {"file_uploadable field", "file_downloadable field"} & tool_features(t)
    ]
    assert len(file_tools) >= 24
    for tool in file_tools:
        module = by_slug[tool["slug"]]
        spec, source = module.SPEC, Path(str(module.__file__)).read_text()
        assert spec.files, f"{tool['slug']}: no file fields in SPEC"
        assert not spec.files.uploads or "FileSource" in source, f"{tool['slug']}: uploads not typed FileSource"
        assert not spec.files.downloads or "RemoteFile" in source, f"{tool['slug']}: downloads not typed RemoteFile"


@pytest.mark.xdist_group("corpus-mypy")
def test_corpus_output_passes_mypy_strict(generated: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    work, _ = generated
    result = corpus.mypy(work)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(
    "based",
    [
        pytest.param(False, id="pyright-strict", marks=pytest.mark.xdist_group("corpus-pyright")),
        pytest.param(True, id="basedpyright", marks=pytest.mark.xdist_group("corpus-basedpyright")),
    ],
)
def test_corpus_output_has_no_pyright_diagnostics(
    generated: tuple[Path, subprocess.CompletedProcess[str]], based: bool
) -> None:
    work, _ = generated
    diagnostics = checkers.pyright([str(work / corpus.OUT)], cwd=work, based=based)
    assert [str(d) for d in diagnostics] == []


@pytest.mark.xdist_group("corpus-mypy")
def test_corpus_output_passes_ty(generated: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """The output folder, and each tool module's twins held against their copies in
    ``_dicts.pyi`` (:mod:`tests.twin_copies`; ty reads the 2,305 tools' pair in seconds, where
    pyright takes minutes)."""
    work, _ = generated
    agreement = work / "twins_agree.py"
    agreement.write_text(twin_copies.agreement(work / corpus.OUT), encoding="utf-8")
    assert agreement.read_text(encoding="utf-8").count("def ") == 2 * len(corpus.catalog())
    assert checkers.ty([str(work / corpus.OUT), str(agreement)], cwd=work) == ""


@pytest.mark.xdist_group("corpus-models")
def test_schema_examples_and_defaults_fit_the_generated_models(
    generated: tuple[Path, subprocess.CompletedProcess[str]], modules: dict[str, ModuleType | BaseException]
) -> None:
    raw = {tool["slug"]: tool for tool in corpus.catalog()}
    result = examples.ExamplesResult()
    for module in modules.values():
        assert isinstance(module, ModuleType)
        spec = module.SPEC
        examples.check_tool(spec.slug, raw[spec.slug]["input_parameters"], spec.input_model, result)
    report = Conformance([], 0)
    report.examples = result
    print(report.examples_line())
    assert result.checked > 4000
    assert result.ours == []


@pytest.mark.xdist_group("corpus-models")
def test_input_models_agree_with_jsonschema(
    generated: tuple[Path, subprocess.CompletedProcess[str]],
    modules: dict[str, ModuleType | BaseException],
    pytestconfig: pytest.Config,
) -> None:
    """Drawn instances and their mutations: accepted by the model exactly when jsonschema accepts
    them, outside the documented list (tests/conformance/fidelity.py, docs/schema-rules.md).
    The drawn instances are kept in pytest's cache folder for the next run (drawing is
    derandomized: the same schema gives the same instances)."""
    work, _ = generated
    tools = corpus.catalog()
    schemas = {tool["slug"]: tool["input_parameters"] for tool in tools}
    report = Conformance(tools, EXAMPLES)
    report.module_slugs = {name: m.SPEC.slug for name, m in modules.items() if isinstance(m, ModuleType)}
    assert pytestconfig.cache is not None
    draws = pytestconfig.cache.mkdir("toolstubs-fidelity") / f"draws-{EXAMPLES}.json"
    report.fidelity = fidelity.check_corpus(
        str(work), sorted(report.module_slugs), schemas, EXAMPLES, default_jobs(), draws
    )
    print("\n".join(report.per_corpus({}) + report.fidelity_lines()))
    assert len(report.fidelity) == len(tools)
    assert sum(t.checked for t in report.fidelity) > 30 * len(tools)
    bugs = [f"{t.slug}: {bug}" for t in report.fidelity for bug in t.bugs]
    assert bugs == []
