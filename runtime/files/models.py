"""The typed faces of files: what an uploadable field takes, and what a downloadable one gives."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict


class UploadedFile(BaseModel):
    """A file already in Composio's storage, as an uploadable field sends it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    mimetype: str
    s3key: str


class RemoteFile(BaseModel):
    """A file a tool returned: where it is stored, and ``path`` once it has been downloaded."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    name: str
    mimetype: str
    s3url: str
    path: Path | None = None


#: What an uploadable parameter takes: a local path or an ``http(s)`` URL (uploaded before
#: the call), or a file uploaded already.
FileSource = str | os.PathLike[str] | UploadedFile
