"""Target monitoring (统计监测): observations of the indicators of quantitative targets, loaded as W3C RDF
Data Cube through the write gate (:mod:`~kg.monitoring.observations`), the progress status of each target by
the project's rule (:mod:`~kg.monitoring.status`: a pure function) and what the API and pages show of it
(:mod:`~kg.monitoring.progress`, :mod:`~kg.monitoring.chart`). The model is in ontology/README.md (Target
monitoring); docs/target-monitoring.md shows it at work.
"""
