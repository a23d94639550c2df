"""toolstubs generator: pinned tool schemas in, typed Pydantic v2 toolkit packages out."""

__version__ = "0.1.0"
