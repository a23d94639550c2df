"""The generation baseline: stock datamodel-code-generator, in-process, over every core.

``python bench/stock_dcg.py CATALOG`` builds the input and the output models of each tool
of the catalog with DCG's own defaults (its builtin formatters included), one
``generate`` call per schema, in a process pool, and writes nothing but the count.
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def _models(schemas: list[str]) -> int:
    from datamodel_code_generator import InputFileType, generate
    from datamodel_code_generator.enums import DataModelType

    built = 0
    for text in schemas:
        try:
            generate(
                text, input_file_type=InputFileType.JsonSchema, output_model_type=DataModelType.PydanticV2BaseModel
            )
            built += 1
        except Exception:  # the baseline may fail where our schema fixes would not; it is still timed
            pass
    return built


def main(path: str) -> None:
    tools: list[dict[str, Any]] = json.loads(open(path, encoding="utf-8").read())
    schemas = [json.dumps(tool.get(side) or {}) for tool in tools for side in ("input_parameters", "output_parameters")]
    workers = os.cpu_count() or 1
    chunks = [schemas[i :: workers * 4] for i in range(workers * 4)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        built = sum(pool.map(_models, chunks))
    print(f"{built} models of {len(schemas)} schemas")


if __name__ == "__main__":
    main(sys.argv[1])
