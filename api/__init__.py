"""The HTTP API (FastAPI) over the kg services."""
