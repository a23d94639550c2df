"""The sandbox's file storage: the upload request, presigned PUTs, downloads, as Composio's storage behaves.

``POST /api/v3/files/upload/request`` with ``{toolkit_slug, tool_slug, filename, mimetype,
md5}`` answers ``{id, key, type: "new", new_presigned_url}``; the URL points at the sandbox
itself (``/_storage/<token>``) and expires after ``ttl`` seconds. The ``PUT`` there must
carry the requested ``Content-Type`` (else 403 ``SignatureDoesNotMatch``) and bytes whose
md5 is the requested one (else 400 ``BadDigest``). ``GET /_storage/<token>`` serves a stored
file, which is how handlers and synthesized outputs hand files back
(:meth:`Storage.serve`). Every file's bytes stay in :attr:`Storage.files` for tests.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

from runtime.jsonvalues import is_object

PREFIX = "/_storage/"
UPLOAD_REQUEST = ("files", "upload", "request")


@dataclass
class StoredFile:
    """One file: what the upload request announced, and its bytes once they arrived."""

    key: str
    name: str
    mimetype: str
    md5: str
    expires: float
    data: bytes | None = None


class Storage:
    """Files by storage key, and the tokens that name them in URLs."""

    def __init__(self, ttl: float = 600.0) -> None:
        self.ttl = ttl
        self.files: dict[str, StoredFile] = {}
        self._tokens: dict[str, str] = {}  # URL token -> key

    def _token_for(self, key: str) -> str:
        token = secrets.token_hex(16)
        self._tokens[token] = key
        return token

    def request(self, body: Any, base_url: str) -> tuple[int, Any]:
        """Answer an upload request: a storage key and a presigned URL for its bytes."""
        wanted = ("toolkit_slug", "tool_slug", "filename", "mimetype", "md5")
        if not is_object(body) or not all(isinstance(body.get(k), str) and body.get(k) for k in wanted):
            return 400, f"The upload request needs {', '.join(wanted)} as strings"
        key = f"{body['toolkit_slug']}/{body['tool_slug']}/{uuid.uuid4().hex}/{body['filename']}"
        self.files[key] = StoredFile(key, body["filename"], body["mimetype"], body["md5"], time.time() + self.ttl)
        token = self._token_for(key)
        answer = {
            "id": uuid.uuid4().hex,
            "key": key,
            "type": "new",
            "new_presigned_url": f"{base_url}{PREFIX}{token}?X-Expires={int(self.ttl)}&X-Signature={token[:8]}",
            "metadata": {"storage_backend": "s3"},
        }
        return 200, answer

    def put(self, token: str, content_type: str | None, data: bytes) -> tuple[int, str]:
        """Receive the bytes of a presigned upload."""
        stored = self.files.get(self._tokens.get(token, ""))
        if stored is None:
            return 403, "AccessDenied: no such presigned URL"
        if time.time() > stored.expires:
            return 403, "AccessDenied: Request has expired"
        if content_type != stored.mimetype:
            return 403, f"SignatureDoesNotMatch: Content-Type {content_type!r} is not {stored.mimetype!r}"
        if hashlib.md5(data, usedforsecurity=False).hexdigest() != stored.md5:
            return 400, "BadDigest: the bytes do not match the md5 of the upload request"
        stored.data = data
        return 200, ""

    def get(self, token: str) -> StoredFile | None:
        stored = self.files.get(self._tokens.get(token, ""))
        return stored if stored is not None and stored.data is not None else None

    def received(self, key: str) -> bool:
        stored = self.files.get(key)
        return stored is not None and stored.data is not None

    def serve(self, name: str, data: bytes, mimetype: str, base_url: str) -> dict[str, str]:
        """Store ``data`` as a tool's output file; the ``{name, mimetype, s3url}`` to return."""
        key = f"outputs/{uuid.uuid4().hex}/{name}"
        md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
        self.files[key] = StoredFile(key, name, mimetype, md5, float("inf"), data)
        return {"name": name, "mimetype": mimetype, "s3url": f"{base_url}{PREFIX}{self._token_for(key)}"}
