"""The sandbox backend: the Composio tools API over a catalog, for tests and offline demos.

``Sandbox(tools)`` is an ASGI app; use it in-process with ``httpx.ASGITransport(app=...)``
or over loopback HTTP with ``serving(sandbox)`` (uvicorn; ``pip install 'toolstubs[sandbox]'``).
``toolstubs sandbox --catalog PATH`` serves a catalog from the command line.
"""

import importlib.util

if importlib.util.find_spec("jsonschema") is None:  # the extra's marker: validation needs it
    raise ModuleNotFoundError(
        "runtime.sandbox needs the sandbox extra (jsonschema, uvicorn): pip install 'toolstubs[sandbox]'",
        name="jsonschema",
    )

from runtime.sandbox.app import ExecuteContext, RecordedRequest, Sandbox
from runtime.sandbox.catalog import CatalogError
from runtime.sandbox.faults import Fault
from runtime.sandbox.server import serve_forever, serving

__all__ = ["CatalogError", "ExecuteContext", "Fault", "RecordedRequest", "Sandbox", "serve_forever", "serving"]
