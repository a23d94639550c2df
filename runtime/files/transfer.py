"""Moving bytes: the presigned PUT, URL sources and downloads, streamed, capped, without the API key.

Storage and URL traffic goes through an httpx client of its own, which carries no API key
and follows no redirect (a redirected URL source or storage URL is an error naming where
it pointed). Nothing holds more than one chunk in memory: a URL source is streamed into a
temporary file (at most :data:`URL_MAX_BYTES`), an upload is streamed from disk with its
``Content-Length``, a download is streamed into a temporary file beside its target and
linked into place only when complete, never over a different file of the same name.
"""

from __future__ import annotations

import datetime
import hashlib
import mimetypes
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import unquote, urlsplit

import httpx

from runtime.errors import ResponseTooLargeError
from runtime.files.safety import redacted
from runtime.surrogates import lone_surrogate

CHUNK = 1024 * 1024
URL_MAX_BYTES = 100 * 1024 * 1024
DOWNLOAD_MAX_BYTES = 100 * 1024 * 1024
TIMEOUT = httpx.Timeout(60.0, connect=5.0)
MAX_NAME = 100
_REDIRECTS = (301, 302, 303, 307, 308)


class TransferError(Exception):
    """A transfer failed; the message names the (redacted) URL and why."""


@dataclass(frozen=True)
class Staged:
    """A file ready to upload: the open descriptor its bytes are read from, and what the
    upload request says of them. ``path`` names it in messages; ``temporary``: a URL
    source's download, removed when discarded."""

    descriptor: int
    path: Path
    name: str
    mimetype: str
    md5: str
    size: int
    temporary: bool = False

    def discard(self) -> None:
        os.close(self.descriptor)
        if self.temporary:
            self.path.unlink(missing_ok=True)

    def chunks(self) -> Iterator[bytes]:
        """The bytes, read from the descriptor; a :class:`TransferError` before the last chunk
        when the file no longer holds exactly the ``size`` bytes whose md5 was sent."""
        digest = hashlib.md5(usedforsecurity=False)
        offset = 0
        while offset < self.size:
            chunk = os.pread(self.descriptor, min(CHUNK, self.size - offset), offset)
            if not chunk:
                raise TransferError(f"{self.path} shrank while it was uploaded; nothing was sent to the tool")
            digest.update(chunk)
            offset += len(chunk)
            if offset == self.size and (os.pread(self.descriptor, 1, offset) or digest.hexdigest() != self.md5):
                raise TransferError(f"{self.path} changed while it was uploaded; nothing was sent to the tool")
            yield chunk


def mimetype_of(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _md5_of(descriptor: int, size: int, path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    offset = 0
    while offset < size:
        chunk = os.pread(descriptor, min(CHUNK, size - offset), offset)
        if not chunk:
            raise TransferError(f"{path} shrank while it was read")
        digest.update(chunk)
        offset += len(chunk)
    if os.pread(descriptor, 1, offset):
        raise TransferError(f"{path} grew while it was read")
    return digest.hexdigest()


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def local(descriptor: int, size: int, path: Path) -> Staged:
    """An opened local file as it will be uploaded (name, guessed mimetype, md5 of its bytes),
    owning ``descriptor`` from here on. A name holding bytes that are not UTF-8 is sent with
    U+FFFD in their place (JSON cannot carry them)."""
    try:
        name = path.name
        if lone_surrogate(name) is not None:
            name = os.fsencode(name).decode("utf-8", "replace")
        return Staged(descriptor, path, name, mimetype_of(name), _md5_of(descriptor, size, path), size)
    except BaseException:
        os.close(descriptor)
        raise


def _generated_name(extension: str) -> str:
    stamp = datetime.datetime.now().strftime("%Y%m%d_%H%M%S")
    return f"file_{stamp}_{uuid.uuid4().hex[:8]}{extension}"


def url_name(url: str, mimetype: str) -> str:
    """The file name for a URL source: its path's last part, else a generated one."""
    name = os.path.basename(unquote(urlsplit(url).path))
    extension = mimetypes.guess_extension(mimetype) or ""
    if not name or "." not in name:
        return _generated_name(extension)
    if len(name) > MAX_NAME:
        return _generated_name("." + name.rsplit(".", 1)[1][:16])
    return name


def safe_name(name: str) -> str:
    """``name`` reduced to a harmless file name: no folders, no ``..``, no NUL or control characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable() and ch not in "\0/")
    base = base.strip().lstrip(".") or "file"
    if len(base.encode("utf-8")) > 200:
        stem, dot, extension = base.rpartition(".")
        extension = extension[:16] if dot else ""
        base = (stem or base).encode("utf-8")[:180].decode("utf-8", "ignore") + (f".{extension}" if dot else "")
    return base


def _check_answer(response: httpx.Response, url: str, what: str) -> None:
    if response.status_code in _REDIRECTS:
        where = redacted(response.headers.get("location", "an unnamed location"))
        raise TransferError(f"{what} {redacted(url)} redirected to {where}; pass a direct URL")
    if response.status_code != 200:
        raise TransferError(f"{what} {redacted(url)} answered HTTP {response.status_code}")


def _announced_too_large(response: httpx.Response, limit: int, url: str) -> None:
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise ResponseTooLargeError(f"{redacted(url)} is {int(length):,} bytes, over the limit of {limit:,}")


class _Sink:
    """A file being filled, counting bytes against a limit; gone unless placed or kept.

    Where the system allows (Linux ``O_TMPFILE``) it has no name until it is linked into
    place, so even a killed process leaves no partial file behind; elsewhere it is a hidden
    ``.toolstubs-*.part`` file removed on every error.
    """

    def __init__(self, folder: Path, limit: int, url: str, *, named: bool = False) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.size, self.limit, self.url = 0, limit, url
        self.digest = hashlib.md5(usedforsecurity=False)
        self.path: Path | None = None
        descriptor = None if named else _anonymous(folder)
        if descriptor is None:
            descriptor, name = tempfile.mkstemp(prefix=".toolstubs-", suffix=".part", dir=folder)
            self.path = Path(name)
        self.descriptor = descriptor
        self.handle: IO[bytes] = os.fdopen(descriptor, "wb")

    @property
    def source(self) -> str:
        """A name the finished file can be linked from."""
        return str(self.path) if self.path is not None else f"/proc/self/fd/{self.descriptor}"

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise ResponseTooLargeError(f"{redacted(self.url)} is over the limit of {self.limit:,} bytes")
        self.digest.update(chunk)
        self.handle.write(chunk)

    def link(self, target: Path) -> None:
        """Give the finished file the name ``target`` (``FileExistsError`` when it is taken)."""
        self.handle.flush()
        if self.path is not None:
            os.link(self.path, target)
            return
        folder = os.open(target.parent, os.O_RDONLY)
        try:  # linkat(..., AT_SYMLINK_FOLLOW): a dir_fd makes Python use linkat rather than link
            os.link(self.source, target.name, dst_dir_fd=folder, follow_symlinks=True)
        finally:
            os.close(folder)

    def close(self, keep: bool) -> None:
        self.handle.close()
        if not keep and self.path is not None:
            self.path.unlink(missing_ok=True)


def _anonymous(folder: Path) -> int | None:
    """An unnamed file in ``folder`` (Linux ``O_TMPFILE``), or ``None`` where there is none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o644)
    except OSError:
        return None


def _staged_from(sink: _Sink, url: str, response: httpx.Response) -> Staged:
    mimetype = response.headers.get("content-type", "application/octet-stream").split(";")[0].strip()
    assert sink.path is not None  # URL sources are staged in named files
    descriptor = os.open(sink.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    name = url_name(url, mimetype)
    return Staged(descriptor, sink.path, name, mimetype, sink.digest.hexdigest(), sink.size, temporary=True)


def fetch_url(client: httpx.Client, url: str, limit: int = URL_MAX_BYTES) -> Staged:
    """Stream a URL source into a temporary file, refusing redirects and anything over ``limit``."""
    sink: _Sink | None = None
    try:
        with client.stream("GET", url) as response:
            _check_answer(response, url, "the URL")
            _announced_too_large(response, limit, url)
            sink = _Sink(Path(tempfile.gettempdir()), limit, url, named=True)
            for chunk in response.iter_bytes(CHUNK):
                sink.write(chunk)
            sink.close(keep=True)
            return _staged_from(sink, url, response)
    except BaseException:
        if sink is not None:
            sink.close(keep=False)
        raise


async def afetch_url(client: httpx.AsyncClient, url: str, limit: int = URL_MAX_BYTES) -> Staged:
    """The async twin of :func:`fetch_url`."""
    sink: _Sink | None = None
    try:
        async with client.stream("GET", url) as response:
            _check_answer(response, url, "the URL")
            _announced_too_large(response, limit, url)
            sink = _Sink(Path(tempfile.gettempdir()), limit, url, named=True)
            async for chunk in response.aiter_bytes(CHUNK):
                sink.write(chunk)
            sink.close(keep=True)
            return _staged_from(sink, url, response)
    except BaseException:
        if sink is not None:
            sink.close(keep=False)
        raise


def _headers(staged: Staged) -> dict[str, str]:
    return {"content-type": staged.mimetype, "content-length": str(staged.size)}


async def _achunks(staged: Staged) -> AsyncIterator[bytes]:
    for chunk in staged.chunks():
        yield chunk


def put(client: httpx.Client, url: str, staged: Staged) -> None:
    """PUT the staged bytes to a presigned URL with the mimetype it was requested for; only 200 counts."""
    response = client.put(url, content=staged.chunks(), headers=_headers(staged))
    _check_answer(response, url, "the storage PUT to")


async def aput(client: httpx.AsyncClient, url: str, staged: Staged) -> None:
    """The async twin of :func:`put`."""
    response = await client.put(url, content=_achunks(staged), headers=_headers(staged))
    _check_answer(response, url, "the storage PUT to")


def _place(sink: _Sink, target: Path) -> Path:
    """Link the finished download at ``target``, or beside it when a different file has that name."""
    stem, suffix = target.stem, target.suffix
    candidate, number = target, 1
    while True:
        try:
            sink.link(candidate)
            return candidate
        except FileExistsError:
            if candidate.is_file() and _md5(candidate) == sink.digest.hexdigest():
                return candidate  # the same file again
            candidate = target.with_name(f"{stem} ({number}){suffix}")
            number += 1


def download(client: httpx.Client, url: str, target: Path, limit: int = DOWNLOAD_MAX_BYTES) -> Path:
    """Stream ``url`` to ``target`` (or a unique name beside it); a failed download leaves no file."""
    sink: _Sink | None = None
    try:
        with client.stream("GET", url) as response:
            _check_answer(response, url, "the download of")
            _announced_too_large(response, limit, url)
            sink = _Sink(target.parent, limit, url)
            for chunk in response.iter_bytes(CHUNK):
                sink.write(chunk)
            return _place(sink, target)
    finally:
        if sink is not None:
            sink.close(keep=False)


async def adownload(client: httpx.AsyncClient, url: str, target: Path, limit: int = DOWNLOAD_MAX_BYTES) -> Path:
    """The async twin of :func:`download`."""
    sink: _Sink | None = None
    try:
        async with client.stream("GET", url) as response:
            _check_answer(response, url, "the download of")
            _announced_too_large(response, limit, url)
            sink = _Sink(target.parent, limit, url)
            async for chunk in response.aiter_bytes(CHUNK):
                sink.write(chunk)
            return _place(sink, target)
    finally:
        if sink is not None:
            sink.close(keep=False)
