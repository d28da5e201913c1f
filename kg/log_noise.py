"""Log records that say nothing an operator can act on, kept out of the log (review M4).

rdflib logs a warning with a full traceback each time it meets a literal whose text is not of its
datatype (``"x"^^xsd:integer``). Such a literal in a write is the writer's mistake and the SHACL
report says so to the writer; in the server's log it was one traceback per literal, so anyone with
a write token could flood the log. :func:`quiet_literal_warnings` drops those records (once per
process; importing :mod:`kg.validation.shacl` calls it).
"""

from __future__ import annotations

import logging

_RDFLIB_TERM = "rdflib.term"
_ILL_TYPED = "Failed to convert Literal lexical form to value"


class IllTypedLiteralFilter(logging.Filter):
    """Drops rdflib's warning (and traceback) for a literal that is not of its datatype."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        return not message.startswith(_ILL_TYPED)


def quiet_literal_warnings() -> None:
    """Install the filter on rdflib's term logger (idempotent)."""
    logger = logging.getLogger(_RDFLIB_TERM)
    if not any(isinstance(f, IllTypedLiteralFilter) for f in logger.filters):
        logger.addFilter(IllTypedLiteralFilter())


__all__ = ["IllTypedLiteralFilter", "quiet_literal_warnings"]
