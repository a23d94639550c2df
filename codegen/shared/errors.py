"""The errors a user of the CLI meets: one hierarchy, each kind with its exit code.

* :class:`UserError` (exit 2): something the user can fix, and the message says how. Its
  kinds: :class:`UsageError` (a flag, ``[tool.toolstubs]``, the environment: a missing
  ``--out``, a port in use), and, where they are raised, the catalog or pins
  (``sources.catalog.CatalogError``, with ``FetchError`` and ``StoreError``), the lock
  (``sources.lock.LockError``) and the output folder (``write.writer.WriteError``,
  ``write.ownership.RefusedError``).
* :class:`ServerError` (exit 1): a server (the Composio API, an MCP server) failed or
  answered what cannot be used; trying again later may help.

Anything else is a bug: the CLI says so in one line and keeps the trace in a file.
"""


class UserError(Exception):
    """Something the user can fix; the message says what to do."""


class UsageError(UserError):
    """A flag, the configuration or the environment is not usable as given."""


class ServerError(Exception):
    """A server failed or answered what cannot be used."""
