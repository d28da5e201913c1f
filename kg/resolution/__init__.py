"""Entity resolution: what a person typed for an entity parameter, resolved to the concept(s) it names.

:mod:`~kg.resolution.normalise` holds the text forms, :mod:`~kg.resolution.index` the label index (one
per store and data version, read in SPARQL through the store interface), :mod:`~kg.resolution.resolver`
the match order and the answer (:class:`Resolution`, or UnknownEntityError with suggestions),
:mod:`~kg.resolution.search` full-text search and autocomplete over the names and every sentence.
"""

from kg.resolution.index import LabelIndex, build_index, label_index, label_index_async, warm_label_index
from kg.resolution.resolver import (
    PARAMETER_KINDS,
    TIERS,
    Match,
    Resolution,
    accepted_kinds,
    document_entities,
    expand_iri,
    resolve,
    resolve_in,
    suggest,
)

__all__ = ["PARAMETER_KINDS", "TIERS", "LabelIndex", "Match", "Resolution", "accepted_kinds", "build_index",
           "document_entities",
           "expand_iri", "label_index", "label_index_async", "resolve", "resolve_in", "suggest", "warm_label_index"]
