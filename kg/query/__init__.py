"""Running SPARQL with limits, and named queries. ``executor`` answers a query in a pool of killable,
network-less worker processes (``worker``, run by path and importing nothing of ``kg``; ``worker_channel``,
``worker_sources``, ``worker_limits``, ``result_spool``, ``sandbox``), handing over an ``answer``; ``named``
reads ``queries/*.rq`` and binds their typed parameters."""
