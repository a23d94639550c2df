"""``composio.files``: upload and download, and the file handling of every tool call.

Per uploadable value, in this order: ``before_file_upload`` hooks (a path substitutes,
``True`` keeps, ``False`` aborts) → URL or local path → the allowlist (``file_upload_dirs``,
only for paths a model or a dynamic caller chose) → the denylist (unless
``sensitive_file_upload_protection=False``) → the file is opened once and every rule is
held again on what was opened (:mod:`runtime.files.opening`). Then
``POST /api/v3/files/upload/request`` with ``{toolkit_slug, tool_slug, filename,
mimetype, md5}`` and a ``PUT`` of the bytes to the presigned URL; the value becomes
``{name, mimetype, s3key}``. ``None`` or ``""`` removes the key. An already uploaded file
(``UploadedFile`` or its dict) is sent as it is. The md5 and the bytes come from the
descriptor that was checked; a file that changes meanwhile fails the upload.

Downloads go to ``<file_download_dir or ~/.composio/files>/<toolkit>/<TOOL_SLUG>/<name>``,
``name`` reduced to a safe base name; the value keeps ``{name, mimetype, s3url}`` and gains
``path``. Every error is a :class:`~runtime.errors.FileTransferError` naming the tool,
the field and the path; storage traffic never carries the API key.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import httpx

import runtime.files.transfer as transfer
import runtime.modifiers as _modifiers
from runtime.errors import (
    ComposioError,
    FileDownloadError,
    FileSourceNotFoundError,
    FileTransferError,
    FileUploadAbortedError,
    FileUploadError,
    FileUploadPathNotAllowedError,
    InvalidModifierError,
    ResponseTooLargeError,
    SensitiveFilePathBlockedError,
)
from runtime.files.fields import Location
from runtime.files.guarded import async_guarded_transport, guarded_transport
from runtime.files.models import RemoteFile, UploadedFile
from runtime.files.opening import LocalFileRefused, Rules, checked_by_name, held, open_checked
from runtime.files.safety import blocked_reason, default_upload_dirs, is_local_host, redacted
from runtime.files.walk import DROP, Leaf, leaves, replace
from runtime.jsonvalues import is_object
from runtime.loops import PerLoop

UPLOAD_REQUEST_PATH = "/api/v3/files/upload/request"
Request = Callable[[dict[str, Any]], Any]
AsyncRequest = Callable[[dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class FileOptions:
    """The client's file settings (the ``Composio(...)`` keywords of the same names)."""

    download_dir: Path | None = None
    auto: bool = False  # dangerously_allow_auto_upload_download_files
    sensitive_protection: bool = True
    deny_segments: tuple[str, ...] = ()
    upload_dirs: tuple[Path, ...] = ()
    api_host: str = ""  # when the client's API is itself local (the sandbox), storage may be too

    @property
    def allow_local(self) -> bool:
        return bool(self.api_host) and is_local_host(self.api_host)

    @classmethod
    def of(
        cls,
        *,
        file_download_dir: str | os.PathLike[str] | None,
        dangerously_allow_auto_upload_download_files: bool,
        sensitive_file_upload_protection: bool,
        file_upload_path_deny_segments: Sequence[str] | None,
        file_upload_dirs: Sequence[str | os.PathLike[str]] | Literal[False] | None,
        api_host: str = "",
    ) -> FileOptions:
        """The options of the clients' keywords of the same names (``api_host``: set by the client)."""
        dirs = default_upload_dirs() if file_upload_dirs is None else [Path(d) for d in file_upload_dirs or ()]
        return cls(
            download_dir=Path(file_download_dir).expanduser() if file_download_dir else None,
            auto=dangerously_allow_auto_upload_download_files,
            sensitive_protection=sensitive_file_upload_protection,
            deny_segments=tuple(file_upload_path_deny_segments or ()),
            upload_dirs=tuple(dirs),
            api_host=api_host,
        )

    def downloads(self, toolkit: str, tool: str) -> Path:
        root = self.download_dir or Path(os.path.expanduser("~/.composio/files"))
        return root / transfer.safe_name(toolkit) / transfer.safe_name(tool)


@dataclass(frozen=True)
class _Source:
    """Where the bytes of one upload come from, once every rule has passed by name."""

    kind: Literal["url", "path"]
    text: str
    chosen: bool = False  # a model or a dynamic caller chose the path (the allowlist applies)


def _refusal(refused: LocalFileRefused, text: str, tool: str, field: str) -> FileUploadError:
    """A refused local file as the error of its rule, naming the tool, the field and the path."""
    shown = text.replace("\0", "\\0")
    if refused.kind == "outside":
        return FileUploadPathNotAllowedError(f"{shown}: {refused}", tool=tool, field=field, path=shown)
    if refused.kind == "sensitive":
        return SensitiveFilePathBlockedError(f"{shown}: {refused}", tool=tool, field=field, path=shown)
    return FileSourceNotFoundError(f"{shown} {refused}", tool=tool, field=field, path=shown)


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _uploaded(value: Any) -> bool:
    return isinstance(value, UploadedFile) or (
        is_object(value) and isinstance(value.get("s3key"), str) and "name" in value
    )


def _path_text(value: Any) -> str | None:
    """``value`` as path text when it is a ``str`` or an ``os.PathLike`` (a bytes path decoded
    as the file system does); ``None`` for anything else, bytes included."""
    if isinstance(value, (bytes, bytearray)):
        return None
    try:
        return os.fsdecode(value)
    except Exception:  # not path-like, or its __fspath__ failed: not a path
        return None


def _run_hooks(hooks: _modifiers.Modifiers | None, path: str, tool: str, toolkit: str, field: str) -> str:
    """``before_file_upload`` hooks in list order: a path (``str`` or ``os.PathLike``)
    substitutes, ``True`` keeps, ``False`` aborts; anything else is an :class:`InvalidModifierError`."""
    for modifier in cast("Sequence[object]", hooks or ()):
        if not isinstance(modifier, _modifiers.Modifier):
            continue
        if modifier.kind != "before_file_upload" or not modifier.applies(tool, toolkit):
            continue
        source = "url" if _is_url(path) else "path"
        function = modifier.function
        positional = [
            p
            for p in inspect.signature(function).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if len(positional) == 3:  # the legacy form: fn(path, tool, toolkit)
            result = function(path, tool, toolkit)
        else:
            result = function({"path": path, "source": source, "tool": tool, "toolkit": toolkit})
        if result is False:
            raise FileUploadAbortedError(
                f"upload aborted by before_file_upload hook {modifier.name}", tool=tool, field=field, path=path
            )
        if result is True:
            continue
        substitute = _path_text(result)
        if substitute is None or isinstance(result, bool):
            raise InvalidModifierError(
                f"before_file_upload hook {modifier.name} returned {type(result).__name__}: return a path "
                "(str or os.PathLike) to upload instead, True to keep the file, or False to abort"
            )
        path = substitute
    return path


class _Rules:
    """What the sync and async services share: every check, the request body, names and folders."""

    def __init__(self, options: FileOptions) -> None:
        self.options = options

    def source(
        self, value: Any, tool: str, toolkit: str, field: str, hooks: _modifiers.Modifiers | None, chosen: bool
    ) -> _Source | UploadedFile | object:
        """What to upload for ``value``: a checked source, the file already uploaded, or :data:`DROP`."""
        if value is None or value == "":
            return DROP
        if _uploaded(value):
            return value if isinstance(value, UploadedFile) else UploadedFile.model_validate(dict(value))
        given = _path_text(value)
        if given is None:
            raise FileUploadError(f"expected a local path or URL, got {type(value).__name__}", tool=tool, field=field)
        text = _run_hooks(hooks, given, tool, toolkit, field)
        if _is_url(text):
            return _Source("url", text)
        try:
            path = Path(text).expanduser()
        except RuntimeError:  # ~user of no such user
            raise FileSourceNotFoundError(
                f"{text} names a home folder that does not exist", tool=tool, field=field, path=text
            ) from None
        try:
            checked_by_name(path, self.rules(chosen))
        except LocalFileRefused as refused:
            raise _refusal(refused, text, tool, field) from None
        return _Source("path", str(path), chosen)

    def rules(self, chosen: bool) -> Rules:
        """The rules for a local file: the allowlist only for paths a model or dynamic caller chose."""
        deny = self.options.deny_segments if self.options.sensitive_protection else None
        return Rules(deny=deny, folders=self.options.upload_dirs if chosen else None)

    def opened(self, source: _Source, tool: str, field: str) -> transfer.Staged:
        """The local file of ``source``, opened once and checked as opened (:mod:`runtime.files.opening`)."""
        rules = self.rules(source.chosen)
        try:
            descriptor, status = open_checked(Path(source.text), rules)
        except LocalFileRefused as refused:
            raise _refusal(refused, source.text, tool, field) from None
        staged = transfer.local(descriptor, status.st_size, Path(source.text))
        try:
            held(descriptor, rules, os.path.realpath(source.text), status)  # again, with the bytes read
        except LocalFileRefused as refused:
            staged.discard()
            raise _refusal(refused, source.text, tool, field) from None
        return staged

    def guard(self, url: str, tool: str, field: str, error: type[FileTransferError]) -> None:
        """Refuse a transfer to a host that is not public (unless the client's API is local)."""
        reason = blocked_reason(url, allow_local=self.options.allow_local)
        if reason is not None:
            raise error(f"{redacted(url)} is refused: {reason}", tool=tool, field=field, path=redacted(url))

    @staticmethod
    def request_body(staged: transfer.Staged, tool: str, toolkit: str) -> dict[str, Any]:
        return {
            "toolkit_slug": toolkit,
            "tool_slug": tool,
            "filename": staged.name,
            "mimetype": staged.mimetype,
            "md5": staged.md5,
        }

    @staticmethod
    def presigned(answer: Any, tool: str, field: str) -> tuple[str, str]:
        """(presigned URL, storage key) from the upload request's answer."""
        if is_object(answer):
            url = answer.get("new_presigned_url") or answer.get("newPresignedUrl")
            key = answer.get("key")
            if isinstance(url, str) and isinstance(key, str):
                return url, key
        raise FileUploadError("the upload request's answer has no new_presigned_url and key", tool=tool, field=field)

    def target(self, remote: RemoteFile, toolkit: str, tool: str, to: Path | None) -> Path:
        folder = to if to is not None else self.options.downloads(toolkit, tool)
        return folder / transfer.safe_name(remote.name)

    @staticmethod
    def remote(value: Any, tool: str, field: str) -> RemoteFile | None:
        if isinstance(value, RemoteFile):
            return value
        if is_object(value) and isinstance(value.get("s3url"), str):
            return RemoteFile.model_validate({"name": "file", "mimetype": "application/octet-stream", **value})
        return None


def _failure(error: Exception, kind: type[FileTransferError], tool: str, field: str, path: str) -> ComposioError:
    """``error`` as a :class:`FileTransferError` (or a too-large error) naming tool, field and path."""
    where = ", ".join(part for part in (f"tool {tool}" if tool else "", f"field {field}") if part)
    if isinstance(error, FileTransferError):
        return error
    if isinstance(error, ResponseTooLargeError):
        return ResponseTooLargeError(f"{where}: {error}")
    if isinstance(error, ComposioError):
        return kind(f"the upload request failed: {error}", tool=tool, field=field, path=path)
    reason = str(error) if isinstance(error, transfer.TransferError) else f"{type(error).__name__}: {error}"
    return kind(reason, tool=tool, field=field, path=path)


class Files(_Rules):
    """``composio.files`` (sync): upload, download, and the file handling of tool calls."""

    def __init__(self, options: FileOptions, request: Request) -> None:
        super().__init__(options)
        self._request = request
        self._client: httpx.Client | None = None

    def _storage(self) -> httpx.Client:
        if self._client is None:
            transport = guarded_transport(allow_local=self.options.allow_local)
            self._client = httpx.Client(timeout=transfer.TIMEOUT, follow_redirects=False, transport=transport)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def upload(self, source: str | os.PathLike[str], *, tool: str, toolkit: str) -> UploadedFile:
        """Upload a local file or an ``http(s)`` URL for ``tool`` of ``toolkit``; what to pass as the field."""
        uploaded = self._upload(source, tool, toolkit, "file", None, chosen=False)
        if not isinstance(uploaded, UploadedFile):
            raise FileUploadError("nothing to upload (an empty path)", tool=tool, field="file")
        return uploaded

    def download(self, remote: RemoteFile | Mapping[str, Any], *, to: str | os.PathLike[str] | None = None) -> Path:
        """Download a tool's output file into ``to`` (default: the download folder); sets ``remote.path``."""
        found = self.remote(remote, "", "file")
        if found is None:
            raise FileDownloadError("expected a RemoteFile or a {name, mimetype, s3url} dict", field="file")
        path = self._download(found, "", "", "file", Path(to) if to is not None else None)
        if isinstance(remote, RemoteFile):
            remote.path = path
        return path

    def _upload(
        self, value: Any, tool: str, toolkit: str, field: str, hooks: _modifiers.Modifiers | None, chosen: bool
    ) -> Any:
        source = self.source(value, tool, toolkit, field, hooks, chosen)
        if not isinstance(source, _Source):
            return source
        staged: transfer.Staged | None = None
        try:
            if source.kind == "url":
                self.guard(source.text, tool, field, FileUploadError)
                staged = transfer.fetch_url(self._storage(), source.text)
            else:
                staged = self.opened(source, tool, field)
            url, key = self.presigned(self._request(self.request_body(staged, tool, toolkit)), tool, field)
            self.guard(url, tool, field, FileUploadError)
            transfer.put(self._storage(), url, staged)
            return UploadedFile(name=staged.name, mimetype=staged.mimetype, s3key=key)
        except (transfer.TransferError, httpx.HTTPError, OSError, ComposioError) as error:
            raise _failure(error, FileUploadError, tool, field, source.text) from error
        finally:
            if staged is not None:
                staged.discard()

    def _download(self, remote: RemoteFile, toolkit: str, tool: str, field: str, to: Path | None) -> Path:
        self.guard(remote.s3url, tool, field, FileDownloadError)
        try:
            return transfer.download(self._storage(), remote.s3url, self.target(remote, toolkit, tool, to))
        except (transfer.TransferError, httpx.HTTPError, OSError) as error:
            raise _failure(error, FileDownloadError, tool, field, remote.s3url) from error

    def substitute(
        self,
        arguments: dict[str, Any],
        locations: Sequence[Location],
        tool: str,
        toolkit: str,
        hooks: _modifiers.Modifiers | None,
        chosen: bool,
    ) -> dict[str, Any]:
        """``arguments`` with every uploadable value uploaded (all of them, or none is sent)."""
        found = leaves(arguments, locations)
        replace([(leaf, _wire(self._upload(leaf.value, tool, toolkit, leaf.field, hooks, chosen))) for leaf in found])
        return arguments

    def fetch(self, data: Any, locations: Sequence[Location], tool: str, toolkit: str) -> Any:
        """``data`` with every downloadable file downloaded and its ``path`` added."""
        results: list[tuple[Leaf, Any]] = []
        for leaf in leaves(data, locations):
            remote = self.remote(leaf.value, tool, leaf.field)
            if remote is not None:
                path = self._download(remote, toolkit, tool, leaf.field, None)
                results.append((leaf, {**dict(leaf.value), "path": str(path)}))
        replace(results)
        return data


def _wire(value: Any) -> Any:
    """An uploaded file as the request sends it; any other value as it is."""
    return value.model_dump() if isinstance(value, UploadedFile) else value


class AsyncFiles(_Rules):
    """``async_composio.files``: the awaitable twin of :class:`Files`."""

    def __init__(self, options: FileOptions, request: AsyncRequest) -> None:
        super().__init__(options)
        self._request = request
        self._clients: PerLoop[httpx.AsyncClient] = PerLoop(self._storage_client)  # see runtime.loops

    def _storage_client(self) -> httpx.AsyncClient:
        transport = async_guarded_transport(allow_local=self.options.allow_local)
        return httpx.AsyncClient(timeout=transfer.TIMEOUT, follow_redirects=False, transport=transport)

    def _storage(self) -> httpx.AsyncClient:
        return self._clients.get()

    async def aclose(self) -> None:
        self._clients.close()
        client = self._clients.running()
        if client is not None:
            await client.aclose()

    async def upload(self, source: str | os.PathLike[str], *, tool: str, toolkit: str) -> UploadedFile:
        """Upload a local file or an ``http(s)`` URL; see :meth:`Files.upload`."""
        uploaded = await self._upload(source, tool, toolkit, "file", None, chosen=False)
        if not isinstance(uploaded, UploadedFile):
            raise FileUploadError("nothing to upload (an empty path)", tool=tool, field="file")
        return uploaded

    async def download(
        self, remote: RemoteFile | Mapping[str, Any], *, to: str | os.PathLike[str] | None = None
    ) -> Path:
        """Download a tool's output file; see :meth:`Files.download`."""
        found = self.remote(remote, "", "file")
        if found is None:
            raise FileDownloadError("expected a RemoteFile or a {name, mimetype, s3url} dict", field="file")
        path = await self._download(found, "", "", "file", Path(to) if to is not None else None)
        if isinstance(remote, RemoteFile):
            remote.path = path
        return path

    async def _upload(
        self, value: Any, tool: str, toolkit: str, field: str, hooks: _modifiers.Modifiers | None, chosen: bool
    ) -> Any:
        import asyncio  # here, not at the top: a sync application never pays for importing it

        source = await asyncio.to_thread(self.source, value, tool, toolkit, field, hooks, chosen)
        if not isinstance(source, _Source):
            return source
        staged: transfer.Staged | None = None
        try:
            if source.kind == "url":
                await asyncio.to_thread(self.guard, source.text, tool, field, FileUploadError)
                staged = await transfer.afetch_url(self._storage(), source.text)
            else:
                staged = await asyncio.to_thread(self.opened, source, tool, field)
            answer = await self._request(self.request_body(staged, tool, toolkit))
            url, key = self.presigned(answer, tool, field)
            await asyncio.to_thread(self.guard, url, tool, field, FileUploadError)
            await transfer.aput(self._storage(), url, staged)
            return UploadedFile(name=staged.name, mimetype=staged.mimetype, s3key=key)
        except (transfer.TransferError, httpx.HTTPError, OSError, ComposioError) as error:
            raise _failure(error, FileUploadError, tool, field, source.text) from error
        finally:
            if staged is not None:
                staged.discard()

    async def _download(self, remote: RemoteFile, toolkit: str, tool: str, field: str, to: Path | None) -> Path:
        import asyncio  # here, not at the top: a sync application never pays for importing it

        await asyncio.to_thread(self.guard, remote.s3url, tool, field, FileDownloadError)
        try:
            return await transfer.adownload(self._storage(), remote.s3url, self.target(remote, toolkit, tool, to))
        except (transfer.TransferError, httpx.HTTPError, OSError) as error:
            raise _failure(error, FileDownloadError, tool, field, remote.s3url) from error

    async def substitute(
        self,
        arguments: dict[str, Any],
        locations: Sequence[Location],
        tool: str,
        toolkit: str,
        hooks: _modifiers.Modifiers | None,
        chosen: bool,
    ) -> dict[str, Any]:
        """``arguments`` with every uploadable value uploaded; see :meth:`Files.substitute`."""
        results: list[tuple[Leaf, Any]] = []
        for leaf in leaves(arguments, locations):
            results.append((leaf, _wire(await self._upload(leaf.value, tool, toolkit, leaf.field, hooks, chosen))))
        replace(results)
        return arguments

    async def fetch(self, data: Any, locations: Sequence[Location], tool: str, toolkit: str) -> Any:
        """``data`` with every downloadable file downloaded; see :meth:`Files.fetch`."""
        results: list[tuple[Leaf, Any]] = []
        for leaf in leaves(data, locations):
            remote = self.remote(leaf.value, tool, leaf.field)
            if remote is not None:
                path = await self._download(remote, toolkit, tool, leaf.field, None)
                results.append((leaf, {**dict(leaf.value), "path": str(path)}))
        replace(results)
        return data
