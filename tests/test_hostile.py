"""Hostile catalogs: names, texts, defaults and enum values built to break out of the code.

Each hypothesis example is a catalog of several tools in several toolkits whose strings mix
quotes, triple quotes, backslashes, newlines, NUL, U+2028/U+2029, jinja syntax, Python code
that would create a canary file, ``../`` and absolute paths. Generation must either produce
code that imports without running anything (no canary) or fail with a per-tool error naming
the tool, and must never write outside the output folder. The generated trees are then
type-checked together with ``mypy --strict``. ``TOOLSTUBS_HOSTILE_EXAMPLES`` sets the batch
size (default 300 examples, about 1,000 tools; under CI too, freshly drawn per commit).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.pipeline.config import Config
from codegen.pipeline.generate import build, output_init, owned_folders
from codegen.shared.report import Level
from codegen.sources.catalog import CatalogError
from codegen.write.writer import write
from tests.checkers import mypy_settings, runtime_only_python
from tests.conftest import REPO, write_catalog

EXAMPLES = int(os.environ.get("TOOLSTUBS_HOSTILE_EXAMPLES", "300"))
WORKDIR = Path(tempfile.gettempdir()) / f"toolstubs-hostile-{os.getpid()}"
CANARY = WORKDIR / "CANARY"
INJECTIONS = [
    f"__import__('pathlib').Path({str(CANARY)!r}).write_text('x')",
    f'"""\n__import__("pathlib").Path({str(CANARY)!r}).write_text("x")\n"""',
    f"')\n__import__('pathlib').Path({str(CANARY)!r}).write_text('x')\n#",
    f'{{{{ __import__("pathlib").Path({str(CANARY)!r}).write_text("x") }}}}',
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "../../escape",
    "/etc/passwd",
    "..\\..\\windows",
]
PIECES = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\n",
    "\r",
    "\x00",
    "\u2028",
    "\u2029",
    "\ud83d",  # a lone surrogate: half of a UTF-16 pair, which UTF-8 cannot carry
    "\udc00",
    "{{",
    "}}",
    "{%",
    "#",
    "\t",
    "__init__",
    "self",
]
HOSTILE = st.one_of(
    st.sampled_from(INJECTIONS),
    st.lists(st.one_of(st.text(max_size=4), st.sampled_from(PIECES), st.sampled_from(INJECTIONS)), max_size=5).map(
        "".join
    ),
)
NAME = st.one_of(HOSTILE, st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True))
VALUE = st.one_of(HOSTILE, st.integers(), st.booleans(), st.none())


@st.composite
def schemas(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(NAME, min_size=0, max_size=4, unique=True))
    properties: dict[str, Any] = {}
    for key in keys:
        kind = draw(st.sampled_from(["string", "enum", "object", "integer"]))
        node: dict[str, Any] = {"title": draw(HOSTILE), "description": draw(HOSTILE)}
        if kind == "enum":
            node |= {"type": "string", "enum": draw(st.lists(HOSTILE, min_size=1, max_size=4, unique=True))}
        elif kind == "object":
            node |= {
                "type": "object",
                "title": draw(HOSTILE),
                "properties": {draw(NAME): {"type": "string", "default": draw(HOSTILE)}},
            }
        else:
            node |= {"type": kind, "default": draw(VALUE), "examples": [draw(VALUE)]}
        properties[key] = node
    return {
        "type": "object",
        "title": draw(HOSTILE),
        "description": draw(HOSTILE),
        "properties": properties,
        "required": keys[:1],
    }


@st.composite
def catalogs(draw: st.DrawFn) -> list[dict[str, Any]]:
    toolkits = draw(st.lists(NAME, min_size=1, max_size=2, unique=True))
    tools = []
    for number in range(draw(st.integers(1, 6))):
        toolkit = draw(st.sampled_from(toolkits))
        tools.append(
            {
                "slug": draw(NAME) + f"_{number}",
                "name": draw(HOSTILE),
                "description": draw(HOSTILE),
                "toolkit": {"slug": toolkit, "name": draw(HOSTILE)},
                "version": "20250101_00",
                "input_parameters": draw(schemas()),
                "output_parameters": {
                    "type": "object",
                    "properties": {"data": draw(schemas()), "successful": {"type": "boolean"}},
                },
            }
        )
    return tools


GENERATED: list[Path] = []
EXAMPLE_NUMBERS = itertools.count()


IMPORT_ALL = """
import importlib, pathlib, sys
for out in sys.argv[1:]:
    for package in sorted(p.name for p in pathlib.Path(out).iterdir() if (p / "__init__.py").is_file()):
        module = importlib.import_module(f"{out}.{package}")
        for name in sorted(module.__all__):
            getattr(module, name)
"""


@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck))
@given(catalogs())
def generate_safely_or_fail_per_tool(tools: list[dict[str, Any]]) -> None:
    number = next(EXAMPLE_NUMBERS)
    root, out = WORKDIR / f"example{number}", WORKDIR / f"out{number}"
    root.mkdir(parents=True)
    catalog = write_catalog(root / "catalog.json", tools)
    config = Config(source=catalog, store=None, out=out, lock=root / "toolstubs.lock", pins=(), strict=False)
    try:
        generation = build(config)
    except CatalogError as error:  # a whole-catalog problem, e.g. two toolkits that map to one package
        assert "share the package name" in str(error)
        assert not out.exists()
        return
    slugs = {json.loads(json.dumps(tool["slug"])) for tool in tools}  # as read back: escaped halves pair up
    for report in generation.reports:
        if report.level is Level.ERROR:
            # a slug JSON-escaped with a lone surrogate is no usable slug: named by its place instead
            assert (report.slug in slugs or report.message == "has no slug; left out") and report.message, report
    write(
        config.output(),
        generation.files,
        owned_folders(generation.packages),
        extra={config.lock: generation.lock.text()},
        create_if_missing=output_init(generation.packages),
    )
    assert sorted(p.name for p in root.iterdir()) == ["catalog.json", "toolstubs.lock"]
    written = {p.name for p in WORKDIR.iterdir()} - {f"example{n}" for n in range(number + 1)}
    made = {out.name} if generation.packages else set()  # a run that generates no toolkit makes no folder
    assert written == {out.name for out in GENERATED} | made  # nothing beside the output folders
    if made:
        GENERATED.append(out)


def test_hostile_catalogs_generate_safely_or_fail_per_tool_and_their_output_is_inert_and_typed() -> None:
    """Every drawn catalog generates or fails per tool, writing nowhere else; then every tree
    generated imports without running an injected statement and passes ``mypy --strict``
    (one test, so that the check never runs before the trees exist, whatever the test order)."""
    generate_safely_or_fail_per_tool()
    assert GENERATED, "no drawn catalog generated anything: the strategy draws no usable catalog"
    trees = [out.name for out in GENERATED]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(WORKDIR), str(REPO)])}
    imported = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, *trees], capture_output=True, text=True, cwd=WORKDIR, env=env
    )
    assert imported.returncode == 0, imported.stderr[-3000:]
    assert not CANARY.exists(), "an injected statement ran"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", *mypy_settings(runtime_only_python()), *trees],
        capture_output=True,
        text=True,
        cwd=WORKDIR,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert not CANARY.exists()
    shutil.rmtree(WORKDIR)


def test_the_canary_would_catch_an_injected_statement(tmp_path: Path) -> None:
    """The control: code that does run an injection is caught by the same check."""
    package = tmp_path / "control" / "evil"
    package.mkdir(parents=True)
    (tmp_path / "control" / "__init__.py").write_text("")
    (package / "__init__.py").write_text(
        INJECTIONS[0].replace(str(CANARY), str(tmp_path / "CANARY")) + "\n__all__ = []\n"
    )
    subprocess.run([sys.executable, "-c", IMPORT_ALL, "control"], cwd=tmp_path, check=True)
    assert (tmp_path / "CANARY").exists()
