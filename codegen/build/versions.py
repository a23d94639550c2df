"""What besides the schemas decides the output: the versions of the generator's parts.

The lock records them (:class:`codegen.sources.lock.Lock`), so that ``check`` can tell a
changed generator from changed schemas.
"""

from __future__ import annotations

from importlib import metadata

import codegen
from codegen.build import models
from codegen.build.formatting import ruff_version
from codegen.build.render import templates_hash


def generator_versions() -> dict[str, str]:
    """toolstubs, datamodel-code-generator, ruff, the DCG options and the templates, by name."""
    return {
        "toolstubs": codegen.__version__,
        "datamodel-code-generator": metadata.version("datamodel-code-generator"),
        "ruff": ruff_version(),
        "dcg-options": models.OPTIONS_ID,
        "templates": templates_hash()[:16],
    }
