"""Which local paths may be uploaded, and which hosts file transfers may reach.

* **Denylist** (``sensitive_file_upload_protection``, on by default): a path with a segment
  naming a secrets folder (``.ssh .aws .azure .gnupg .kube .docker .claude .password-store
  keychains``), or a file named ``.env*``, ``.netrc``, ``.pgpass``, ``id_rsa`` /
  ``id_ed25519`` / ``id_ecdsa`` / ``id_dsa`` (and their ``.old``) or ``credentials``, plus the
  caller's ``file_upload_path_deny_segments``, is refused. Both the path as written and the
  path with symbolic links resolved are checked, so a link into ``~/.ssh`` is refused too.
* **Allowlist** (``file_upload_dirs``, for paths a model chose): the resolved path must lie
  inside one of the resolved folders, so a link escaping them is refused; an empty list
  refuses every local path.
* **Public hosts only**: storage URLs, URL sources and downloads must resolve to public
  addresses (no loopback, private, link-local, reserved or multicast ones), unless the
  client's own API is local itself (the sandbox).
"""

from __future__ import annotations

import functools
import ipaddress
import os
import socket
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

DENIED_SEGMENTS = frozenset(
    {".ssh", ".aws", ".azure", ".gnupg", ".kube", ".docker", ".claude", ".password-store", "keychains"}
)
DENIED_NAMES = frozenset(
    {
        ".netrc",
        ".pgpass",
        "credentials",
        *(f"{key}{old}" for key in ("id_rsa", "id_ed25519", "id_ecdsa", "id_dsa") for old in ("", ".old")),
    }
)


def sensitive_reason(path: Path, extra_segments: Sequence[str] = ()) -> str | None:
    """Why ``path`` (as written, then resolved) looks like a secret, or ``None``."""
    denied = DENIED_SEGMENTS | {segment.lower() for segment in extra_segments}
    for candidate in (path, Path(os.path.realpath(path))):
        parts = [part.lower() for part in candidate.parts]
        for part in parts[:-1] if parts else []:
            if part in denied:
                return f"it is inside a {part} folder"
        name = parts[-1] if parts else ""
        if name in denied:
            return f"{name} is on the denylist"
        if name in DENIED_NAMES or name.startswith(".env"):
            return f"a file named {name} holds secrets"
    return None


def outside_reason(path: Path, folders: Sequence[Path]) -> str | None:
    """Why ``path`` (resolved) is not inside one of ``folders`` (resolved), or ``None``."""
    if not folders:
        return "no upload folder is allowed (file_upload_dirs is empty)"
    resolved = Path(os.path.realpath(path))
    for folder in folders:
        if resolved.is_relative_to(os.path.realpath(folder.expanduser())):
            return None
    listed = ", ".join(str(folder) for folder in folders)
    return f"it is not inside the upload folders ({listed}); add its folder to file_upload_dirs"


def addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """What ``host`` names: itself when it is an address, else what it resolves to now (``[]``: nothing)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SITE_LOCAL = ipaddress.IPv6Network("fec0::/10")


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``address`` reaches the public internet: global, not multicast, and an IPv6
    address that carries an IPv4 one (mapped, 6to4, Teredo, NAT64) only when that one is public;
    IPv6 site-local addresses are not (older Pythons call some of these global)."""
    if isinstance(address, ipaddress.IPv6Address):
        teredo = address.teredo
        embedded = address.ipv4_mapped or address.sixtofour or (teredo[1] if teredo else None)
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
        if address in _SITE_LOCAL:
            return False
    return address.is_global and not address.is_multicast


@functools.lru_cache(maxsize=64)
def is_local_host(host: str) -> bool:
    """``host`` resolves to a non-public address (loopback, private, link-local, ...)."""
    return any(not is_public(address) for address in addresses(host))


def blocked_reason(url: str, *, allow_local: bool) -> str | None:
    """Why a file transfer may not reach ``url``, or ``None``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "only http(s) URLs are fetched"
    if allow_local:
        return None
    found = addresses(parts.hostname)
    if not found:
        return f"{parts.hostname} does not resolve"
    if any(not is_public(address) for address in found):
        return f"{parts.hostname} resolves to a non-public address"
    return None


def redacted(url: str) -> str:
    """``url`` without its query (presigned URLs carry credentials there)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" + ("?[redacted]" if parts.query else "")


def default_upload_dirs() -> list[Path]:
    return [Path(os.path.expanduser("~/.composio/temp"))]
