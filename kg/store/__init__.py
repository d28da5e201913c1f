"""The store: the :class:`~kg.store.base.Store` interface (``base``) and its two backends, pyoxigraph in
this process (``embedded``) and any SPARQL 1.1 engine over HTTP (``remote``, with one profile per engine in
``remote_engines`` and ``remote_virtuoso``, and its health in ``remote_health``); opening the configured
store and following new publications (``live``), atomic on-disk publication (``publication``) and
backups (``backup``). Everything above this package talks to the interface, never to a backend."""
