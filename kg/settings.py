"""All settings in one place: defaults, then an optional TOML file, then ``KG_*`` environment variables.

The TOML file is ``$KG_CONFIG`` if set, else ``./kg.toml`` if it exists; its keys are the field
names below (``query_timeout = 10``). Environment variables are the upper-cased field names with
the ``KG_`` prefix (``KG_QUERY_TIMEOUT=10``). Later sources win.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kg.errors import KgError
from kg.rdf.vocab import DEFAULT_BASE

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def _default_project_dir() -> Path:
    """The source checkout when there is one (it holds ontology/), else the working directory."""
    if (_PACKAGE_ROOT / "ontology").is_dir() or (_PACKAGE_ROOT / "pyproject.toml").is_file():
        return _PACKAGE_ROOT
    return Path.cwd()


@dataclass(frozen=True)
class Settings:
    """Every knob of the application. Build one with :func:`load_settings`."""

    project_dir: Path = field(default_factory=_default_project_dir)
    store: str = "embedded"  # "embedded" (pyoxigraph) or "remote" (any SPARQL 1.1 engine)
    store_path: Path = Path("var/store")  # relative to project_dir; ":memory:" for an in-memory store
    # More data sources built with data/*.ttl: Turtle files or directories of them, separated by the OS path
    # separator (":"), relative to project_dir; each is a graph named after its file (other documents, test corpora).
    extra_data: str = ""
    # The journal of changes (kg.journal): a directory, relative to project_dir; "" (default): "journal" beside an
    # on-disk store (var/journal), in memory beside an in-memory one; ":memory:" only with an in-memory store.
    journal: str = ""
    base_iri: str = DEFAULT_BASE
    base_url: str | None = None  # how clients reach this server: http(s)://host[:port][/prefix]; default: the request's
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 30.0  # seconds
    update_timeout: float = 60.0  # seconds a write may take end to end: lock wait, delta, validation, commit
    max_rows: int = 100_000  # result-row cap for SELECT
    union_default_graph: bool = True  # /sparql's default graph: the union of the named graphs; false: the store's own
    max_body_bytes: int = 10 * 1024 * 1024
    query_workers: int = 0  # worker processes that run queries (killable at the timeout); 0: one per CPU
    query_workers_max: int = 0  # more are forked while all are busy, up to this many; 0: 4 × query_workers
    query_memory_mb: int = 2048  # memory one query may allocate in its worker (MiB); 0: no limit
    max_result_bytes: int = 256 * 1024 * 1024  # a result's size limit (bytes, as serialised); 0: no limit
    worker_sandbox: str = "seccomp"  # "seccomp": query workers cannot open network sockets; "off": not for public use
    # workers copy an on-disk store this small into memory (each worker's reads unshare its pages: about
    # 400 bytes a triple per worker, docs/benchmarks.md "Memory"); 0: never
    serve_memory_max_triples: int = 250_000
    access_log: bool = False  # `kg serve`: one log line per request (off by default: it costs time on every request)
    write_token: str | None = None  # no token: writes are off
    write_tokens: str | None = None  # named writers, "name:token,name:token" (the audit records the name)
    read_only: bool = False
    allow_service: bool = False  # SPARQL SERVICE (federation)
    allow_load: bool = False  # SPARQL Update LOAD <url>
    # Structural limits on SPARQL text, measured on the parse (kg.sparql.limits has the engine's crash points);
    # a text over one gets 400 naming the setting.
    max_query_depth: int = 40  # nesting of groups, brackets, calls, paths and nested terms (at most 80)
    max_union_branches: int = 256  # branches of one UNION
    max_operator_chain: int = 256  # operands of one chain of || && + - * / or of a path's / and |
    max_group_elements: int = 256  # elements of one group (OPTIONAL, MINUS, FILTER, BIND…) or one clause
    max_triple_patterns: int = 128  # triple patterns to match in one query or WHERE clause, all told
    max_query_nodes: int = 20_000  # patterns, expressions and template triples of one text (not VALUES, DATA)
    max_algebra_depth: int = 1024  # the longest chain of operations the engine nests into one another
    max_update_operations: int = 256  # operations of one SPARQL Update request
    validate: bool = True  # run SHACL on build and writes
    shacl_engine: str = "auto"  # "auto" (pyshacl-turbo when installed), "turbo" or "pyshacl" (the reference)
    reasoning: bool = True  # OWL 2 RL materialisation at build time
    reasoner: str = "compiled"  # "compiled" (SPARQL in the store, kg.materialise) or "reference" (reasonable/owlrl)
    remote_query_url: str | None = None
    remote_update_url: str | None = None
    remote_store_url: str | None = None  # Graph Store Protocol endpoint
    remote_user: str | None = None
    remote_password: str | None = None
    remote_token: str | None = None
    remote_timeout: float = 30.0
    remote_union: str = "auto"  # default graph = union: auto | parameter | native | list | <union graph IRI>
    remote_engine: str = "auto"  # auto (Server header) | oxigraph | virtuoso | generic: kg/store/remote_engines.py
    remote_chunk_triples: int = 50_000  # triples per request when `kg build` pushes to a remote engine
    log_level: str = "info"
    log_format: str = "text"  # "text", or "json": one JSON line per request and per log record (api.observability)
    metrics: bool = True  # GET /metrics (Prometheus text format)
    metrics_sample_interval: float = 60.0  # seconds between samplings of the store's quads per graph; 0: never
    trace_exporter: str = "none"  # OpenTelemetry traces: "none", "otlp" (OTEL_EXPORTER_OTLP_* settings) or "console"
    feed_page_changes: int = 100  # GET /changes: changes per page at most (kg.journal.feed)
    feed_page_bytes: int = 8 * 1024 * 1024  # GET /changes: a page's RDF Patch bytes at most (one larger change alone)
    version_snapshots: int = 2  # ?version=/?asOf=: old versions kept in memory, replayed from the journal (LRU)
    admin_token: str | None = None  # bearer token of operator actions over HTTP (POST /admin/backup); none: off

    @property
    def resolved_store_path(self) -> Path | None:
        """The on-disk store location, or None for an in-memory store."""
        if str(self.store_path) == ":memory:":
            return None
        path = Path(self.store_path)
        return path if path.is_absolute() else self.project_dir / path

    @property
    def resolved_journal_path(self) -> Path | None:
        """The journal's directory, or None for a journal kept in memory (beside an in-memory store)."""
        store = self.resolved_store_path
        if self.journal == ":memory:" or (not self.journal and store is None):
            return None
        if not self.journal:
            return store.parent / "journal"  # type: ignore[union-attr]
        path = Path(self.journal)
        return path if path.is_absolute() else self.project_dir / path

    @property
    def extra_data_paths(self) -> list[Path]:
        """The ``extra_data`` entries as paths (relative ones under ``project_dir``)."""
        paths = [Path(entry.strip()) for entry in self.extra_data.split(os.pathsep) if entry.strip()]
        return [path if path.is_absolute() else self.project_dir / path for path in paths]

    def writers(self) -> dict[str, str]:
        """Write tokens by client name: ``write_tokens`` entries, and ``write_token`` as the client "default"."""
        named: dict[str, str] = {"default": self.write_token} if self.write_token else {}
        for number, entry in enumerate((self.write_tokens or "").split(","), start=1):
            if not entry.strip():
                continue
            name, _, token = entry.strip().partition(":")
            if not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", name) or not token.strip() or name in named:
                # the entry itself is not echoed: it may hold a token
                raise KgError(f"setting write_tokens: entry {number} is malformed or repeats a name "
                              "(expected name:token, names of letters, digits, '.', '_' or '-')")
            named[name] = token.strip()
        return named

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (for tests and CLI options)."""
        return replace(self, **changes)


def _coerce(name: str, kind: Any, raw: Any) -> Any:
    kind_text = str(kind)
    if raw is None:
        return None
    if "bool" in kind_text:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off", ""}:
            return False
        raise KgError(f"setting {name}: expected a boolean, got {raw!r}")
    try:
        if "int" in kind_text and "float" not in kind_text:
            return int(raw)
        if "float" in kind_text:
            return float(raw)
    except ValueError as exc:
        raise KgError(f"setting {name}: expected a number, got {raw!r}") from exc
    if "Path" in kind_text:
        return Path(str(raw))
    return str(raw) if raw != "" or "None" not in kind_text else None


def load_settings(environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults ← TOML file ← ``KG_*`` environment ← keyword overrides."""
    env = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    known = {f.name: f.type for f in fields(Settings)}
    config = env.get("KG_CONFIG") or ("kg.toml" if Path("kg.toml").is_file() else None)
    if config:
        try:
            data = tomllib.loads(Path(config).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise KgError(f"cannot read settings file {config}: {exc}") from exc
        for key, raw in data.items():
            if key not in known:
                raise KgError(f"{config}: unknown setting {key!r}")
            values[key] = _coerce(key, known[key], raw)
    for name, kind in known.items():
        raw = env.get(f"KG_{name.upper()}")
        if raw is not None:
            values[name] = _coerce(name, kind, raw)
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = Settings(**values)
    settings.writers()  # a malformed write_tokens fails here, at startup, not on the first write
    _check_choices(settings)
    _check_sparql_limits(settings)
    _check_journal(settings)
    _check_base_url(settings)
    return settings


CHOICES: dict[str, tuple[str, ...]] = {  # the settings that name one of a few things, and those things
    "store": ("embedded", "remote"),
    "reasoner": ("compiled", "reference"),
    "shacl_engine": ("auto", "turbo", "pyshacl"),
    "remote_engine": ("auto", "oxigraph", "virtuoso", "generic"),
}
REMOTE_UNION_MODES = ("auto", "parameter", "native", "list")  # or the IRI of the engine's union graph


def _check_choices(settings: Settings) -> None:
    """Each setting that names one of a few things names one of them (checked here, once, not on first use)."""
    for name, allowed in CHOICES.items():
        if getattr(settings, name) not in allowed:
            raise KgError(f"setting {name}: expected one of {', '.join(allowed)}, got {getattr(settings, name)!r}")
    if settings.remote_union not in REMOTE_UNION_MODES and ":" not in settings.remote_union:
        raise KgError(f"setting remote_union: expected one of {', '.join(REMOTE_UNION_MODES)} or a graph IRI, "
                      f"got {settings.remote_union!r}")


def _check_base_url(settings: Settings) -> None:
    """``base_url`` is an absolute http(s) URL: served documents point their ``@context`` at it."""
    if settings.base_url is None:
        return
    parts = urlsplit(settings.base_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise KgError(f"setting base_url: expected an absolute http(s) URL without query or fragment, "
                      f"got {settings.base_url!r}")


def _check_journal(settings: Settings) -> None:
    """The journal must be durable beside a durable store, and apart from the store's own files."""
    journal, store = settings.resolved_journal_path, settings.resolved_store_path
    if journal is None:
        if store is not None and settings.store == "embedded":
            raise KgError("setting journal: an on-disk store needs an on-disk journal (the record of its writes), "
                          "not ':memory:'")
        return
    if journal.exists() and not journal.is_dir():
        raise KgError(f"setting journal: {journal} exists and is not a directory")
    if store is not None:
        for area in (store, store.with_name(store.name + ".generations")):
            if journal.resolve() == area.resolve() or area.resolve() in journal.resolve().parents:
                raise KgError(f"setting journal: {journal} is inside the store's own files ({area}); "
                              "give it a directory of its own (default: var/journal)")


_SPARQL_LIMITS = ("max_query_depth", "max_union_branches", "max_operator_chain", "max_group_elements",
                  "max_triple_patterns", "max_query_nodes", "max_algebra_depth", "max_update_operations")
MAX_QUERY_DEPTH_CEILING = 80  # the SPARQL parser recurses about 10 Python frames a level: 80 stays far from 1,000


def _check_sparql_limits(settings: Settings) -> None:
    for name in _SPARQL_LIMITS:
        if getattr(settings, name) < 1:
            raise KgError(f"setting {name}: expected a positive number, got {getattr(settings, name)}")
    if settings.version_snapshots < 1:
        raise KgError(f"setting version_snapshots: expected a positive number (old versions kept in memory), "
                      f"got {settings.version_snapshots}")
    if settings.max_query_depth > MAX_QUERY_DEPTH_CEILING:
        raise KgError(f"setting max_query_depth: at most {MAX_QUERY_DEPTH_CEILING} (the parser's own stack), "
                      f"got {settings.max_query_depth}")
