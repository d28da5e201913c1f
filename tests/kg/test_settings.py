"""Settings checked once, at load: here, the server URL that served JSON-LD documents name."""

from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.settings import load_settings


def test_base_url_is_read_from_the_environment() -> None:
    settings = load_settings(environ={"KG_BASE_URL": "https://kg.example.gov.cn/fikg"})
    assert settings.base_url == "https://kg.example.gov.cn/fikg"
    assert load_settings(environ={}).base_url is None  # each request's own URL


@pytest.mark.parametrize("url", ["kg.example.gov.cn", "ftp://kg.example.gov.cn/", "https:///path",
                                 "https://kg.example.gov.cn/?x=1", "https://kg.example.gov.cn/#top"])
def test_a_base_url_that_is_not_an_absolute_http_url_is_refused_at_load(url: str) -> None:
    with pytest.raises(KgError, match="setting base_url"):
        load_settings(environ={"KG_BASE_URL": url})


def test_at_least_one_old_version_is_kept_in_memory() -> None:
    assert load_settings(environ={"KG_VERSION_SNAPSHOTS": "3"}).version_snapshots == 3
    with pytest.raises(KgError, match="setting version_snapshots"):
        load_settings(environ={"KG_VERSION_SNAPSHOTS": "0"})


@pytest.mark.parametrize(("name", "value"), [("store", "sqlite"), ("reasoner", "hermit"), ("shacl_engine", "fast"),
                                             ("remote_engine", "fuseki"), ("remote_union", "everything")])
def test_a_setting_that_names_none_of_its_choices_is_refused_at_load(name: str, value: str) -> None:
    with pytest.raises(KgError, match=f"setting {name}: expected one of"):
        load_settings({f"KG_{name.upper()}": value})


def test_the_choices_are_taken_as_given() -> None:
    settings = load_settings({"KG_SHACL_ENGINE": "pyshacl", "KG_REMOTE_UNION": "urn:x-arq:UnionGraph",
                              "KG_REASONER": "reference"})
    assert (settings.shacl_engine, settings.remote_union, settings.reasoner) == ("pyshacl", "urn:x-arq:UnionGraph",
                                                                                 "reference")
