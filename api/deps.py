"""FastAPI dependencies: the store and the settings of the running app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kg.settings import Settings
from kg.store.base import Store


def get_store(request: Request) -> Store:
    """The current store (follows publications of new builds)."""
    return request.app.state.live_store.get()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
