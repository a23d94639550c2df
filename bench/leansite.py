"""A Python environment holding only what ``pip install toolstubs`` installs: the runtime and its
required distributions (pydantic, httpx and what they need), linked from this venv into a fresh
``venv --without-pip``. Type-checker benchmarks run in it so that the framework SDKs the test venv
also holds (anthropic, openai, langchain, ...) do not enter an application's figures."""

from __future__ import annotations

import importlib.metadata as metadata
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bench.measure import REPO

DISTRIBUTION = "toolstubs"


def create(folder: Path) -> Path:
    """A venv in ``folder`` with the runtime and its required distributions; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "runtime").symlink_to(REPO / "runtime", target_is_directory=True)
    for name in sorted(required(DISTRIBUTION) - {canonicalize_name(DISTRIBUTION)}):
        distribution = metadata.distribution(name)
        root = Path(str(distribution.locate_file("")))
        for top in sorted({file.parts[0] for file in distribution.files or []} - {"..", "__pycache__"}):
            (site / top).symlink_to(root / top)
    return python


def required(name: str, seen: set[str] | None = None) -> set[str]:
    """``name`` and every distribution it requires without extras, transitively, as installed here."""
    seen = set() if seen is None else seen
    key = canonicalize_name(name)
    if key not in seen:
        seen.add(key)
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                required(requirement.name, seen)
    return seen
