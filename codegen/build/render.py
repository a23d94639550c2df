"""The jinja2 environment: where templates are found and how they are rendered.

Templates hold layout only. Everything they print arrives as finished Python source
(literals from :mod:`codegen.shared.escaping`, names from :mod:`codegen.build.naming`), so no template
ever escapes, names or decides anything.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

_PACKAGE = Path(__file__).resolve().parents[1]  # codegen/, where an installed wheel keeps templates/


def templates_dir() -> Path:
    """The templates folder: inside the installed package, or at the top of a checkout."""
    installed = _PACKAGE / "templates"
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # output is Python; values arrive already escaped
    )


def render(template: str, **context: Any) -> str:
    """Render ``template`` (a file name in the templates folder) with ``context``."""
    return _environment().get_template(template).render(**context)


@lru_cache(maxsize=1)
def templates_hash() -> str:
    """sha256 over every template's name and bytes: part of the lock and the cache key."""
    digest = hashlib.sha256()
    for path in sorted(templates_dir().glob("*.jinja")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
