"""What is served about the data, above the store: the linked-data view of a resource and the VoID
description (``describe``), framed JSON-LD documents (``jsonld``), what the pages for people show
(``views``, ``entity_view``, ``neighbourhood``), the SPARQL service description (``service_description``)
and Graph Store reads (``graph_store``)."""
