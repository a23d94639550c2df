"""Files: detecting file fields, uploading and downloading them safely, typed as ``UploadedFile`` and ``RemoteFile``.

One room, imported downwards only: :mod:`~runtime.files.fields` (where a tool's files are),
:mod:`~runtime.files.safety` (which paths and hosts are allowed), :mod:`~runtime.files.transfer`
(moving bytes), :mod:`~runtime.files.walk` (finding values in payloads) and
:mod:`~runtime.files.service` (``composio.files`` and the per-call flow).
"""

from runtime.files.fields import FileFields, fields_of
from runtime.files.models import FileSource, RemoteFile, UploadedFile
from runtime.files.service import AsyncFiles, FileOptions, Files

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
