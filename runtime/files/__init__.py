"""Files: detecting file fields, uploading and downloading them safely, typed as ``UploadedFile`` and ``RemoteFile``.

One room, imported downwards only: :mod:`~runtime.files.fields` (where a tool's files are),
:mod:`~runtime.files.safety` (which paths and hosts are allowed), :mod:`~runtime.files.transfer`
(moving bytes), :mod:`~runtime.files.walk` (finding values in payloads) and
:mod:`~runtime.files.service` (``composio.files`` and the per-call flow). Each name loads on
first use, so the generator, which reads only :mod:`~runtime.files.fields`, imports no
pydantic model and no HTTP client.
"""

from typing import TYPE_CHECKING

from runtime.lazy import load_grouped_on_first_use

if TYPE_CHECKING:
    from runtime.files.fields import FileFields, fields_of
    from runtime.files.models import FileSource, RemoteFile, UploadedFile
    from runtime.files.service import AsyncFiles, FileOptions, Files

#: Where each exported name lives.
_EXPORTS = {
    "runtime.files.fields": ("FileFields", "fields_of"),
    "runtime.files.models": ("FileSource", "RemoteFile", "UploadedFile"),
    "runtime.files.service": ("AsyncFiles", "FileOptions", "Files"),
}

__all__ = [
    "AsyncFiles",
    "FileFields",
    "FileOptions",
    "FileSource",
    "Files",
    "RemoteFile",
    "UploadedFile",
    "fields_of",
]

load_grouped_on_first_use(__name__, _EXPORTS)
