"""Every name a module lists in ``__all__`` exists in it (as STYLE asks, the way httpx keeps its own honest).

Checks every module of kg, api and cli whose source assigns ``__all__``. ``kg`` itself
re-exports lazily (PEP 562): its names are looked up through the same ``getattr`` a caller uses.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def modules_with_all() -> list[str]:
    names = []
    for package in ("kg", "api", "cli"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__main__" or "__all__ =" not in path.read_text(encoding="utf-8"):
                continue
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = modules_with_all()


def test_the_walk_finds_the_packages() -> None:
    assert {"kg", "kg.store.base", "kg.writes.gate"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_every_name_in_all_exists(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    missing = [item for item in exported if not hasattr(module, item)]
    assert not missing, f"{name}.__all__ names what it does not define: {missing}"
