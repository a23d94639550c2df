"""The type checkers' baseline: a generated toolkit rewritten as one module of models.

Every tool module's statements (models, aliases, its ``SPEC`` renamed per tool) go into one
``_models.py``; a nested model whose name an earlier tool module already defines gets the tool's
name in front (``CommentsItem`` → ``IssuesListCommentsCommentsItem``) in that module's statements. The
package, its toolkit classes and its typed facade import from it instead of from the tool
modules. The package is named ``corpus_mono`` so that it sits beside ``corpus_out``.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

PACKAGE = "corpus_mono"
_OWN_MODULES = ("__init__.py", "_toolkit.py", "_async_toolkit.py", "_typed.py")  # what imports the tool modules
_TOOL_IMPORT = re.compile(r"from \.(?!_toolkit\b|_async_toolkit\b|_typed\b)[a-z0-9_]+ import")


def rewrite(toolkit: Path, root: Path) -> Path:
    """``toolkit`` (a generated toolkit folder) as ``root/corpus_mono/<name>``; that folder."""
    target = root / PACKAGE / toolkit.name
    target.mkdir(parents=True)
    (target.parent / "__init__.py").write_text("", encoding="utf-8")
    imports: set[str] = set()
    statements: list[str] = []
    defined: set[str] = set()
    for module in sorted(path for path in toolkit.glob("*.py") if not path.name.startswith("_")):
        source = module.read_text(encoding="utf-8")
        texts: list[str] = []
        names: set[str] = set()
        for node in ast.parse(source).body[1:]:
            text = ast.get_source_segment(source, node) or ""
            if isinstance(node, ast.ImportFrom | ast.Import):
                if not (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
                    imports.add(text)
                continue
            if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "SPEC":
                text = text.replace("SPEC", f"{module.stem.upper()}_SPEC", 1)
            names |= _defined(node)
            texts.append(text)
        prefix = "".join(part.title() for part in module.stem.split("_"))
        for name in sorted(names & defined):
            texts = [re.sub(rf"\b{name}\b", prefix + name, text) for text in texts]
        defined |= names
        statements += texts
    header = ["from __future__ import annotations", *sorted(imports)]
    (target / "_models.py").write_text("\n".join(header) + "\n\n\n" + "\n\n\n".join(statements) + "\n", "utf-8")
    for name in _OWN_MODULES:
        text = (toolkit / name).read_text(encoding="utf-8")
        (target / name).write_text(_TOOL_IMPORT.sub("from ._models import", text), encoding="utf-8")
    for name in ("_schemas.py", "py.typed"):
        shutil.copy(toolkit / name, target / name)
    return target


def _defined(node: ast.stmt) -> set[str]:
    """The names a top-level class or assignment defines."""
    if isinstance(node, ast.ClassDef):
        return {node.name}
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
    return {target.id for target in targets if isinstance(target, ast.Name)}
