"""codegen/build/models.py: what a tool module's models import and define, one behaviour per test."""

from __future__ import annotations

from codegen.build.models import generate_models
from codegen.build.normalize import normalize


def test_a_module_imports_only_what_its_code_names() -> None:
    """Found by pyright over the corpus: a tool without input properties and with an untyped
    output imported ``Annotated`` and ``Field``, which only DCG's removed root class used."""
    tool = {"slug": "T", "input_parameters": {"type": "object", "properties": {}}, "output_parameters": {}}
    code = generate_models(normalize(tool, "T"))
    assert code.imports == {
        "runtime": frozenset({"OpenModel"}),
        "typing": frozenset({"Any"}),
        "typing_extensions": frozenset({"TypedDict"}),  # the input's dict twin
    }
    assert code.body.startswith("class TInput(OpenModel):\n    pass")
