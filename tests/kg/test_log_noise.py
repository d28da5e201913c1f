"""Review M4: an ill-typed literal no longer puts rdflib's warning and traceback in the log."""

from __future__ import annotations

import logging

import pytest
import rdflib

import kg.validation.shacl  # noqa: F401  (importing the validation installs the filter, as the server does)
from kg.log_noise import IllTypedLiteralFilter

XSD_INTEGER = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#integer")


def test_an_ill_typed_literal_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        for text in ("x", "1.5", "ten"):
            assert rdflib.Literal(text, datatype=XSD_INTEGER).value is None  # ill-typed: no value
    assert [r for r in caplog.records if r.name == "rdflib.term"] == []


def test_other_rdflib_records_pass() -> None:
    keep = logging.LogRecord("rdflib.term", logging.WARNING, __file__, 1, "something else", None, None)
    drop = logging.LogRecord("rdflib.term", logging.WARNING, __file__, 1,
                             "Failed to convert Literal lexical form to value. Datatype=x", None, None)
    assert IllTypedLiteralFilter().filter(keep) and not IllTypedLiteralFilter().filter(drop)
