"""The MCP test servers and the helpers that start them."""
