"""Derived graphs maintained on every write: the derived graph's exact change for a write, before it commits.

:func:`derived_change` takes the store before a write and the write's quads (outside the derived graph)
and gives the quads the derived graph gains and loses, so that after both commit together the derived
graph is exactly what a full :func:`kg.derivation.whole.derive` of the same data gives — incrementally where the
rules allow (:mod:`kg.derivation.maintenance`), by deriving a copy anew where they do not
(:mod:`kg.derivation.full`). It works through the :class:`~kg.store.Store` interface (embedded and
remote); scratch stores are in memory.
"""

from kg.derivation.maintenance import DerivedChange, derived_change

__all__ = ["DerivedChange", "derived_change"]
