"""Where tool schemas come from, and how they are pinned: the first stage of the data flow.

A catalog file (:mod:`~codegen.sources.catalog`), the Composio API
(:mod:`~codegen.sources.composio`) or an MCP server (:mod:`~codegen.sources.mcp`) give tool
objects; :mod:`~codegen.sources.store` keeps them as fetched and :mod:`~codegen.sources.lock`
records their hashes; :mod:`~codegen.sources.changes` classifies what changed between two
versions. Nothing here builds or writes generated code.
"""
