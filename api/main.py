"""The application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors
from api.routers import sparql
from kg.connection import LiveStore
from kg.settings import Settings, load_settings
from kg.store import Store


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The API over the configured store (or over ``store``, e.g. an in-memory one in tests)."""
    config = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.live_store = LiveStore(config, store)
        try:
            yield
        finally:
            if store is None:
                app.state.live_store.close()

    app = FastAPI(title="Future Industries Knowledge Graph", version="0.1.0", lifespan=lifespan,
                  description="SPARQL 1.1 endpoint and APIs over the graph of 苏政发〔2023〕104号.")
    app.state.settings = config
    errors.install(app)
    app.include_router(sparql.router)
    return app
