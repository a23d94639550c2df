"""Toolkit version resolution, as the official SDK does it.

Precedence for one execution: explicit ``version`` > the client's per-toolkit
``toolkit_versions`` > ``COMPOSIO_TOOLKIT_VERSION_<TOOLKIT>`` > ``"latest"``. A global
string in ``toolkit_versions`` applies to every toolkit and ignores the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from runtime.errors import ToolVersionRequiredError

LATEST = "latest"
_ENV_PREFIX = "COMPOSIO_TOOLKIT_VERSION_"

ToolkitVersions = Mapping[str, str] | str | None


def configured_versions(
    toolkit_versions: ToolkitVersions, environ: Mapping[str, str] | None = None
) -> dict[str, str] | str:
    """The client's version setting: a global string, or env merged under explicit per-toolkit pins."""
    if isinstance(toolkit_versions, str):
        return toolkit_versions
    env = os.environ if environ is None else environ
    merged = {
        key[len(_ENV_PREFIX) :].lower(): value
        for key, value in env.items()
        if key.startswith(_ENV_PREFIX) and len(key) > len(_ENV_PREFIX) and value
    }
    merged.update({k.lower(): v for k, v in (toolkit_versions or {}).items()})
    return merged or LATEST


def resolve(explicit: str | None, toolkit: str, configured: dict[str, str] | str) -> str:
    """The version one execution uses."""
    if explicit:
        return explicit
    if isinstance(configured, str):
        return configured
    return configured.get(toolkit.lower(), LATEST)


def guard(version: str, slug: str, toolkit: str, skip: bool | None) -> None:
    """Refuse ``"latest"`` unless ``dangerously_skip_version_check`` is true."""
    if version == LATEST and not skip:
        raise ToolVersionRequiredError(slug, toolkit)
