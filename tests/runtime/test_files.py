"""Files end to end: detection, typed upload and download over loopback, and every safety rule, sync and async."""

from __future__ import annotations

import asyncio
import hashlib
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generated import docstore
from runtime import (
    AsyncComposio,
    Composio,
    FileDownloadError,
    FileSourceNotFoundError,
    FileUploadAbortedError,
    FileUploadError,
    FileUploadPathNotAllowedError,
    RemoteFile,
    ResponseTooLargeError,
    SensitiveFilePathBlockedError,
    UploadedFile,
    before_file_upload,
)
from runtime.files import fields_of
from runtime.files.service import _path_text
from runtime.files.transfer import local, safe_name, url_name
from runtime.sandbox import Fault, Sandbox, serving
from tests.conftest import REPO, catalog_tools
from tests.timing import seconds

KEY = "sk-file-test-key"
ATTACH = docstore.Slug.ATTACH_FILES
PINNED = {"docstore": "20251101_00"}


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(catalog_tools())


@pytest.fixture
def url(sandbox: Sandbox) -> Iterator[str]:
    with serving(sandbox) as base:
        yield base


@pytest.fixture
def client(url: str, tmp_path: Path) -> Iterator[Composio]:
    with Composio(api_key=KEY, base_url=url, file_download_dir=tmp_path / "downloads") as composio:
        yield composio


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photos" / "cover.png"
    path.parent.mkdir()
    path.write_bytes(b"\x89PNG\r\n" + os.urandom(3000))
    return path


def _executed(sandbox: Sandbox) -> dict[str, Any]:
    return sandbox.executions()[-1].body["arguments"]  # type: ignore[no-any-return]


# -- detection ------------------------------------------------------------------------------
def test_file_fields_are_found_at_any_depth() -> None:
    uploadable = {"type": "string", "format": "path", "file_uploadable": True}
    schema = {
        "type": "object",
        "properties": {
            "a": {"title": "FileUploadable", "type": "object", "file_uploadable": True, "properties": {}},
            "list": {"type": "array", "items": {"$ref": "#/$defs/F"}},
            "nested": {"type": "object", "properties": {"deep": {"anyOf": [uploadable, {"type": "null"}]}}},
            "one": {"oneOf": [{"type": "integer"}, {"allOf": [uploadable]}]},
            "map": {"type": "object", "additionalProperties": uploadable},
            "loop": {"$ref": "#/$defs/Loop"},
            "dangling": {"$ref": "#/$defs/Nowhere"},
        },
        "$defs": {"F": uploadable, "Loop": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Loop"}}}},
    }
    output = {"type": "object", "properties": {"data": {"type": "object", "properties": {"f": {"$ref": "#/$defs/D"}}}}}
    output["$defs"] = {"D": {"type": "object", "file_downloadable": True}}
    fields = fields_of(schema, output)
    assert fields.uploads == (("a",), ("list", None), ("nested", "deep"), ("one",), ("map", None))
    assert fields.downloads == (("f",),)


def test_generated_specs_record_their_file_fields() -> None:
    from generated.docstore import attach_files, export_page

    assert attach_files.SPEC.files.uploads == (("cover",), ("attachments", None), ("note", "file"))
    assert export_page.SPEC.files.downloads == (("file",), ("images", None))


# -- typed calls over loopback ------------------------------------------------------------------
def test_a_typed_call_uploads_then_executes_and_the_sandbox_holds_the_bytes(
    client: Composio, sandbox: Sandbox, photo: Path
) -> None:
    kit = docstore.Docstore(client, user_id="u")
    result = kit.attach_files(page_id="p", cover=photo, attachments=[str(photo)], note={"file": None})  # type: ignore[arg-type]
    assert result.successful, result.error
    sent = _executed(sandbox)
    assert sent["cover"]["name"] == "cover.png" and sent["cover"]["mimetype"] == "image/png"
    assert sandbox.storage.files[sent["cover"]["s3key"]].data == photo.read_bytes()
    assert len(sent["attachments"]) == 1 and sent["note"] == {}  # None leaves the key out
    request = next(r for r in sandbox.requests if r.path == "/api/v3/files/upload/request")
    assert request.body == {
        "toolkit_slug": "docstore",
        "tool_slug": "DOCSTORE_ATTACH_FILES",
        "filename": "cover.png",
        "mimetype": "image/png",
        "md5": hashlib.md5(photo.read_bytes()).hexdigest(),
    }
    put = next(r for r in sandbox.requests if r.method == "PUT")
    assert put.headers["content-type"] == "image/png" and put.raw == photo.read_bytes()
    assert not put.authenticated  # the storage never receives the API key


def test_an_uploaded_file_is_sent_as_it_is(client: Composio, sandbox: Sandbox, photo: Path) -> None:
    uploaded = client.files.upload(photo, tool=ATTACH, toolkit="docstore")
    assert isinstance(uploaded, UploadedFile) and sandbox.storage.received(uploaded.s3key)
    puts = sum(r.method == "PUT" for r in sandbox.requests)
    assert docstore.Docstore(client).attach_files(page_id="p", cover=uploaded).successful
    assert _executed(sandbox)["cover"] == uploaded.model_dump()
    assert sum(r.method == "PUT" for r in sandbox.requests) == puts


def test_a_file_whose_name_is_not_utf8_uploads_under_a_name_utf8_can_carry(
    client: Composio, sandbox: Sandbox, photo: Path
) -> None:
    # A Linux file name may hold any bytes; Python spells the undecodable ones as lone
    # surrogates, which no JSON body can carry: the upload raised UnicodeEncodeError.
    odd = photo.with_name(os.fsdecode(b"\xffcover.png"))
    photo.rename(odd)
    uploaded = client.files.upload(odd, tool=ATTACH, toolkit="docstore")
    assert uploaded.name == "\ufffdcover.png" and sandbox.storage.received(uploaded.s3key)
    request = next(r for r in sandbox.requests if r.path == "/api/v3/files/upload/request")
    assert request.body["filename"] == "\ufffdcover.png" and request.body["mimetype"] == "image/png"


def test_execute_refuses_an_s3key_the_storage_never_received(client: Composio) -> None:
    fake = UploadedFile(name="x.png", mimetype="image/png", s3key="never/uploaded")
    result = docstore.Docstore(client).attach_files(page_id="p", cover=fake)
    assert not result.successful and "s3key 'never/uploaded' was never uploaded" in str(result.error)


def test_a_typed_call_downloads_its_output_files(client: Composio, sandbox: Sandbox, tmp_path: Path) -> None:
    @sandbox.handler("DOCSTORE_EXPORT_PAGE")
    def export(arguments: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"file": context.file("page.pdf", b"%PDF-1.7 page", "application/pdf"), "images": []}

    result = docstore.Docstore(client).export_page(page_id="p")
    assert result.successful and result.data is not None, result.error or result.validation_error
    file = result.data.file
    assert (
        isinstance(file, RemoteFile)
        and file.path == tmp_path / "downloads" / "docstore" / "DOCSTORE_EXPORT_PAGE" / "page.pdf"
    )
    assert file.path.read_bytes() == b"%PDF-1.7 page" and file.mimetype == "application/pdf"
    again = docstore.Docstore(client).export_page(page_id="p")  # the same file again: the same path
    assert again.data is not None and again.data.file.path == file.path


def test_a_different_file_of_the_same_name_is_not_clobbered(client: Composio, sandbox: Sandbox) -> None:
    versions = iter([b"first", b"second"])

    @sandbox.handler("DOCSTORE_EXPORT_PAGE")
    def export(arguments: dict[str, Any], context: Any) -> dict[str, Any]:
        return {"file": context.file("page.pdf", next(versions), "application/pdf")}

    first = docstore.Docstore(client).export_page(page_id="p").data
    second = docstore.Docstore(client).export_page(page_id="p").data
    assert first is not None and second is not None and first.file.path and second.file.path
    assert first.file.path.read_bytes() == b"first" and second.file.path.read_bytes() == b"second"
    assert second.file.path.name == "page (1).pdf"


def test_async_typed_calls_upload_and_download(sandbox: Sandbox, photo: Path, tmp_path: Path) -> None:
    async def scenario() -> tuple[Any, Any]:
        with serving(sandbox) as base:
            async with AsyncComposio(api_key=KEY, base_url=base, file_download_dir=tmp_path / "d") as composio:
                kit = docstore.AsyncDocstore(composio)
                attached = await kit.attach_files(page_id="p", cover=photo, attachments=[photo, photo])
                exported = await kit.export_page(page_id="p")
                return attached, exported

    attached, exported = asyncio.run(scenario())
    assert attached.successful and len(sandbox.executions(ATTACH)[-1].body["arguments"]["attachments"]) == 2
    assert exported.data.file.path.read_bytes() == b"sandbox file of DOCSTORE_EXPORT_PAGE\n"


# -- tools.execute and the auto flag ------------------------------------------------------------
def test_with_the_auto_flag_off_tools_execute_sends_the_path_untouched(client: Composio, sandbox: Sandbox) -> None:
    client.tools.execute(ATTACH, {"page_id": "p", "cover": "/home/me/cover.png"}, version="20251101_00")
    assert _executed(sandbox)["cover"] == "/home/me/cover.png"
    assert not any(r.method == "PUT" for r in sandbox.requests)


def test_with_the_auto_flag_on_only_paths_inside_the_upload_dirs_are_uploaded(
    url: str, sandbox: Sandbox, photo: Path, tmp_path: Path
) -> None:
    options = {"api_key": KEY, "base_url": url, "dangerously_allow_auto_upload_download_files": True}
    with Composio(**options, file_upload_dirs=[photo.parent]) as composio:  # type: ignore[arg-type]
        result = composio.tools.execute(ATTACH, {"page_id": "p", "cover": str(photo)}, version="20251101_00")
        assert result["successful"] and _executed(sandbox)["cover"]["s3key"]
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(b"x")
    for dirs in ([photo.parent], [], False):
        with Composio(**options, file_upload_dirs=dirs) as composio:  # type: ignore[arg-type]
            with pytest.raises(FileUploadPathNotAllowedError) as refused:
                composio.tools.execute(ATTACH, {"page_id": "p", "cover": str(outside)}, version="20251101_00")
            assert (
                refused.value.tool == ATTACH and refused.value.field == "cover" and str(outside) in str(refused.value)
            )


def test_a_symlink_escaping_the_upload_dirs_is_refused(url: str, photo: Path, tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "sneaky.png").symlink_to(photo)
    options = {"api_key": KEY, "base_url": url, "dangerously_allow_auto_upload_download_files": True}
    with Composio(**options, file_upload_dirs=[allowed]) as composio:  # type: ignore[arg-type]
        with pytest.raises(FileUploadPathNotAllowedError):
            composio.tools.execute(
                ATTACH, {"page_id": "p", "cover": str(allowed / "sneaky.png")}, version="20251101_00"
            )


def test_model_chosen_paths_through_handle_tool_calls_follow_the_same_rules(
    url: str, sandbox: Sandbox, photo: Path
) -> None:
    call = {
        "id": "c",
        "type": "function",
        "function": {"name": ATTACH, "arguments": f'{{"page_id": "p", "cover": "{photo}"}}'},
    }
    response = {"choices": [{"message": {"role": "assistant", "tool_calls": [call]}}]}
    with Composio(api_key=KEY, base_url=url, toolkit_versions=PINNED) as off:
        off.tools.get("u", tools=[ATTACH])
        (untouched,) = off.provider.handle_tool_calls(response)
        assert _executed(sandbox)["cover"] == str(photo)  # sent as the model wrote it; the API refuses it
        assert not untouched["successful"] and "cover" in str(untouched["error"])
    options = {"dangerously_allow_auto_upload_download_files": True, "toolkit_versions": PINNED}
    with Composio(api_key=KEY, base_url=url, **options) as on:  # type: ignore[arg-type]
        on.tools.get("u", tools=[ATTACH])
        (refused,) = on.provider.handle_tool_calls(response)
        assert not refused["successful"] and "file_upload_dirs" in str(refused["error"])
    with Composio(api_key=KEY, base_url=url, file_upload_dirs=[photo.parent], **options) as on:  # type: ignore[arg-type]
        on.tools.get("u", tools=[ATTACH])
        assert on.provider.handle_tool_calls(response)[0]["successful"]
        assert isinstance(_executed(sandbox)["cover"], dict)


# -- the denylist -----------------------------------------------------------------------------
DENIED = [
    ".ssh/config", ".aws/x", ".azure/x", ".gnupg/x", ".kube/config", ".docker/config.json", ".claude/x",
    ".password-store/x", "Library/Keychains/login.keychain", ".env", ".env.production", ".netrc", ".pgpass",
    "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", "id_rsa.old", "credentials", "custom-secret/x",
]  # fmt: skip


@pytest.mark.parametrize("relative", DENIED)
def test_every_denylisted_path_is_refused_everywhere(client: Composio, tmp_path: Path, relative: str) -> None:
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("TOP-SECRET-CONTENT")
    with Composio(
        api_key=KEY, base_url=str(client._settings.base_url), file_upload_path_deny_segments=["custom-secret"]
    ) as c:
        with pytest.raises(SensitiveFilePathBlockedError) as refused:
            docstore.Docstore(c).attach_files(page_id="p", cover=path)
        with pytest.raises(SensitiveFilePathBlockedError):
            c.files.upload(path, tool=ATTACH, toolkit="docstore")
    assert refused.value.field == "cover" and refused.value.path == str(path)
    assert "TOP-SECRET-CONTENT" not in str(refused.value)


def test_a_symlink_into_a_secrets_folder_is_refused_and_protection_can_be_turned_off(
    url: str, sandbox: Sandbox, tmp_path: Path
) -> None:
    secret = tmp_path / ".ssh" / "key"
    secret.parent.mkdir()
    secret.write_text("k")
    link = tmp_path / "innocent.txt"
    link.symlink_to(secret)
    with Composio(api_key=KEY, base_url=url) as composio:
        with pytest.raises(SensitiveFilePathBlockedError):
            composio.files.upload(link, tool=ATTACH, toolkit="docstore")
    with Composio(api_key=KEY, base_url=url, sensitive_file_upload_protection=False) as composio:
        assert composio.files.upload(link, tool=ATTACH, toolkit="docstore").name == "innocent.txt"


class _BytesPath:
    """An ``os.PathLike`` whose path is bytes, as ``os.fsencode`` gives."""

    def __init__(self, path: Path | bytes) -> None:
        self.path = os.fsencode(path)

    def __fspath__(self) -> bytes:
        return self.path


def test_a_bytes_path_like_uploads_and_raw_bytes_are_refused_by_name(
    client: Composio, sandbox: Sandbox, photo: Path
) -> None:
    uploaded = client.files.upload(_BytesPath(photo), tool=ATTACH, toolkit="docstore")  # type: ignore[arg-type]
    assert uploaded.name == "cover.png" and sandbox.storage.files[uploaded.s3key].data == photo.read_bytes()
    with pytest.raises(FileUploadError, match="expected a local path or URL, got bytes"):
        client.files.upload(os.fsencode(photo), tool=ATTACH, toolkit="docstore")  # type: ignore[arg-type]


_ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@given(value=_ANY_VALUE | st.text().map(Path) | st.binary(min_size=1).filter(lambda b: b"\0" not in b).map(_BytesPath))
def test_any_value_given_for_a_file_is_path_text_or_refused(value: object) -> None:
    text = _path_text(value)
    if isinstance(value, (str, Path, _BytesPath)):
        assert text == os.fsdecode(value)
    else:
        assert text is None


def test_a_missing_file_is_named(client: Composio, tmp_path: Path) -> None:
    with pytest.raises(FileSourceNotFoundError, match="does not exist"):
        docstore.Docstore(client).attach_files(page_id="p", cover=tmp_path / "nope.png")


# -- hooks ------------------------------------------------------------------------------------
def test_hooks_substitute_abort_chain_in_order_and_respect_scope(
    client: Composio, sandbox: Sandbox, photo: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.png"
    other.write_bytes(b"other")
    seen: list[str] = []

    @before_file_upload
    def first(context: dict[str, Any]) -> str:
        seen.append(f"first:{context['source']}:{Path(context['path']).name}")
        return str(other)

    @before_file_upload(toolkits=["docstore"])
    def second(path: str, tool: str, toolkit: str) -> bool:  # the legacy three-argument form
        seen.append(f"second:{Path(path).name}:{tool}")
        return True

    @before_file_upload(tools=["SOME_OTHER_TOOL"])
    def never(context: dict[str, Any]) -> bool:
        seen.append("never")
        return False

    kit = docstore.Docstore(client, modifiers=[first, second, never])
    assert kit.attach_files(page_id="p", cover=photo).successful
    assert seen == ["first:path:cover.png", f"second:other.png:{ATTACH}"]
    assert sandbox.storage.files[_executed(sandbox)["cover"]["s3key"]].data == b"other"

    @before_file_upload
    def abort(context: dict[str, Any]) -> bool:
        return False

    executions = len(sandbox.executions())
    with pytest.raises(FileUploadAbortedError, match="abort"):
        docstore.Docstore(client, modifiers=[abort]).attach_files(page_id="p", cover=photo)
    assert len(sandbox.executions()) == executions  # nothing was executed


def test_no_execute_is_sent_after_a_failed_upload(client: Composio, sandbox: Sandbox, photo: Path) -> None:
    sandbox.faults.append(Fault("status", status=500, path="/files/upload/request"))
    with pytest.raises(FileUploadError, match="the upload request failed") as failed:
        docstore.Docstore(client).attach_files(page_id="p", cover=photo)
    assert failed.value.tool == ATTACH and KEY not in str(failed.value)
    assert sandbox.executions() == []


# -- URL sources, sizes, hostile names, partial downloads ----------------------------------------
class _Origin:
    """A loopback HTTP server with scripted answers: redirects, huge bodies, cut-off bodies. It
    serves one request per connection and says so (``connection: close``), so no client reuses
    a connection it is closing."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.slow_started = threading.Event()  # set once /slow has sent its first bytes
        self.heads: list[str] = []  # every request head received, in order
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            request = self._head(connection)
            self.heads.append(request)
            path = request.split(" ")[1] if " " in request else "/"
            try:
                if path.startswith("/redirect"):
                    connection.sendall(
                        b"HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:1/x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    )
                elif path.startswith("/huge"):
                    size = 100 * 1024 * 1024 + 1
                    connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n")
                    connection.sendall(b"transfer-encoding: chunked\r\n\r\n")
                    chunk = b"\0" * (1 << 20)
                    sent = 0
                    while sent < size:
                        part = chunk[: min(len(chunk), size - sent)]
                        connection.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                        sent += len(part)
                    connection.sendall(b"0\r\n\r\n")
                elif path.startswith("/slow"):
                    connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 100000\r\n\r\n")
                    connection.sendall(b"x" * 1000)
                    self.slow_started.set()
                    time.sleep(30)
                elif path.startswith("/cut"):
                    connection.sendall(
                        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 1000\r\n\r\npartial"
                    )
                else:
                    body = b"hello from a URL"
                    head = f"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {len(body)}\r\nconnection: close\r\n\r\n"
                    connection.sendall(head.encode() + body)
            except OSError:
                return

    @staticmethod
    def _head(connection: socket.socket) -> str:
        """The whole request head: answering and closing before all of it is read would make
        the kernel reset the connection (a flaky "Connection reset by peer" on a busy machine)."""
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            part = connection.recv(65536)
            if not part:
                break
            data += part
        return data.decode("latin-1")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture(scope="module")
def origin() -> _Origin:
    return _Origin()


def test_a_url_source_is_fetched_and_uploaded(client: Composio, sandbox: Sandbox, origin: _Origin) -> None:
    uploaded = client.files.upload(origin.url("/docs/readme.txt"), tool=ATTACH, toolkit="docstore")
    assert uploaded.name == "readme.txt" and uploaded.mimetype == "text/plain"
    assert sandbox.storage.files[uploaded.s3key].data == b"hello from a URL"
    unnamed = client.files.upload(origin.url("/"), tool=ATTACH, toolkit="docstore")
    assert unnamed.name.startswith("file_") and unnamed.name.endswith(".txt")


def test_a_redirected_url_source_is_refused(client: Composio, origin: _Origin) -> None:
    with pytest.raises(FileUploadError, match="redirected to http://127.0.0.1:1/x"):
        client.files.upload(origin.url("/redirect/a.png"), tool=ATTACH, toolkit="docstore")


def _proxied_by_a_dead_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every proxy variable names a proxy that refuses connections, and none exempts loopback."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:1")


def _keyless(origin: _Origin, *paths: str) -> bool:
    heads = [head for head in origin.heads if any(path in head for path in paths)]
    return bool(heads) and not any("sk-transfers-secret" in h or "authorization" in h.lower() for h in heads)


def test_transfers_carry_no_key_follow_no_redirect_and_skip_a_proxy_of_the_environment(
    url: str, origin: _Origin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """URL sources and downloads connect straight to the address they checked: a proxy named
    in the environment (here a dead one, which would fail them) is not used, no request holds
    the API key, and a download answered with a redirect is refused."""
    _proxied_by_a_dead_proxy(monkeypatch)
    with Composio(api_key="sk-transfers-secret", base_url=url, file_download_dir=tmp_path) as client:
        remote = {"name": "readme.txt", "mimetype": "text/plain", "s3url": origin.url("/docs/sync.txt")}
        assert client.files.download(remote, to=tmp_path / "inbox").read_bytes() == b"hello from a URL"
        with pytest.raises(FileDownloadError, match="redirected to http://127.0.0.1:1/x"):
            client.files.download({**remote, "s3url": origin.url("/redirect/sync.png")}, to=tmp_path / "inbox")
    assert _keyless(origin, "/docs/sync.txt", "/redirect/sync.png")


def test_async_transfers_carry_no_key_follow_no_redirect_and_skip_a_proxy_of_the_environment(
    url: str, origin: _Origin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _proxied_by_a_dead_proxy(monkeypatch)

    async def transfers() -> None:
        async with AsyncComposio(api_key="sk-transfers-secret", base_url=url, file_download_dir=tmp_path) as client:
            remote = {"name": "readme.txt", "mimetype": "text/plain", "s3url": origin.url("/docs/async.txt")}
            assert (await client.files.download(remote, to=tmp_path / "inbox")).read_bytes() == b"hello from a URL"
            with pytest.raises(FileDownloadError, match="redirected to http://127.0.0.1:1/x"):
                await client.files.download({**remote, "s3url": origin.url("/redirect/async.png")}, to=tmp_path / "x")

    asyncio.run(transfers())
    assert _keyless(origin, "/docs/async.txt", "/redirect/async.png")


def test_a_url_source_never_receives_the_api_key(client: Composio, origin: _Origin) -> None:
    client.files.upload(origin.url("/docs/keyless.txt"), tool=ATTACH, toolkit="docstore")
    (head,) = [head for head in origin.heads if "/docs/keyless.txt" in head]
    assert "x-api-key" not in head.lower() and "authorization" not in head.lower()


def test_a_url_source_over_100_mb_is_refused_without_holding_it(client: Composio, origin: _Origin) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ResponseTooLargeError, match="over the limit of 104,857,600 bytes"):
        client.files.upload(origin.url("/huge.bin"), tool=ATTACH, toolkit="docstore")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 50, f"peak memory grew by {grown_mb:.0f} MB"


def test_a_cut_off_download_leaves_no_partial_file(client: Composio, origin: _Origin, tmp_path: Path) -> None:
    target = tmp_path / "cut"
    with pytest.raises(FileDownloadError):
        client.files.download({"name": "a.txt", "mimetype": "text/plain", "s3url": origin.url("/cut")}, to=target)
    assert not target.exists() or list(target.iterdir()) == []


def test_a_killed_download_leaves_no_partial_file(origin: _Origin, tmp_path: Path) -> None:
    target = tmp_path / "inbox"
    remote = {"name": "a.txt", "mimetype": "text/plain", "s3url": origin.url("/slow")}
    script = (
        "from runtime import Composio\n"
        "with Composio(api_key='k', base_url='http://127.0.0.1:1') as c:\n"
        f"    c.files.download({remote!r}, to={str(target)!r})\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    assert origin.slow_started.wait(seconds(20)), "the download never started"
    deadline = time.monotonic() + seconds(20)
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(seconds(0.2))  # the bytes sent reach the client's file
    process.kill()
    process.wait()
    assert target.exists() and list(target.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    ["../../x", "/etc/passwd", "a\0b.txt", "n" * 300 + ".txt", "ünïcødé ☃.txt", "..", "", "a/../../b", "C:\\x\\y.txt"],
)
def test_hostile_download_names_never_escape_the_folder(
    client: Composio, sandbox: Sandbox, tmp_path: Path, name: str
) -> None:
    stored = sandbox.storage.serve(name, b"payload", "text/plain", str(client._settings.base_url))
    target = tmp_path / "inbox"
    path = client.files.download(stored, to=target)
    assert path.parent == target and path.read_bytes() == b"payload"
    assert safe_name(name) == path.name and "\0" not in path.name and len(path.name.encode()) <= 200


def test_storage_on_a_private_address_is_refused_unless_the_api_is_local(photo: Path) -> None:
    def api(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"key": "k", "new_presigned_url": "http://127.0.0.1:9/put", "type": "new"})

    transport = httpx.MockTransport(api)
    with Composio(api_key=KEY, base_url="https://api.example.com", transport=transport) as composio:
        with pytest.raises(FileUploadError, match="non-public address"):
            composio.files.upload(photo, tool=ATTACH, toolkit="docstore")
        with pytest.raises(FileDownloadError, match="non-public address"):
            composio.files.download({"name": "a", "mimetype": "text/plain", "s3url": "http://10.0.0.1/a"})


def test_no_folder_is_created_before_a_download(tmp_path: Path, url: str) -> None:
    folder = tmp_path / "never"
    with Composio(api_key=KEY, base_url=url, file_download_dir=folder):
        pass
    assert not folder.exists()


@given(name=st.text(max_size=400))
def test_any_server_name_becomes_one_harmless_file_name(name: str) -> None:
    safe = safe_name(name)
    assert safe and safe not in (".", "..") and not safe.startswith(".")
    assert "/" not in safe and "\\0" not in safe and all(ch.isprintable() for ch in safe)
    assert len(safe.encode("utf-8")) <= 200
    assert Path("/downloads", safe).parent == Path("/downloads")


@given(url=st.text(max_size=200), mimetype=st.sampled_from(["text/plain", "image/png", "application/x-unknown"]))
def test_any_url_gives_a_file_name_within_limits(url: str, mimetype: str) -> None:
    name = url_name("https://host.example/" + url, mimetype)
    assert name and len(name) <= 100 + 20


@settings(max_examples=60)
@given(
    st.binary(min_size=1, max_size=24).filter(
        lambda raw: b"/" not in raw and b"\0" not in raw and raw not in (b".", b"..")
    )
)
def test_any_local_file_name_becomes_a_name_utf8_can_carry(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / os.fsdecode(raw)
        path.write_bytes(b"x")
        staged = local(os.open(path, os.O_RDONLY), 1, path)
        staged.discard()
        name = staged.name
    name.encode("utf-8")  # what the upload request sends
    assert name == raw.decode("utf-8", "replace")
