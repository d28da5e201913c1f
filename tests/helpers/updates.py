"""SPARQL Updates that exercise every operation, over one base dataset, and a canonical form to compare results."""

from __future__ import annotations

import pyoxigraph as ox

from kg.rdf.model import Quad

P = "PREFIX e: <http://e/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"


BASE = P + """INSERT DATA {
  e:a e:p 1 , 2 , "01"^^xsd:integer ; e:name "A"@en , "甲"@zh ; e:knows e:b .
  e:b e:p 3 ; e:name "B" ; e:knows e:c .
  e:c e:knows _:x .
  _:x e:p 4 ; e:name "X" .
  GRAPH e:g1 { e:a e:p 1 ; e:q "one" . e:d e:p 5 ; e:knows e:a . _:y e:p 6 }
  GRAPH e:g2 { e:a e:p 1 . e:b e:q "two" ; e:broader e:c . e:c e:broader e:d }
  GRAPH e:g3 { e:z e:p 9 }
} ; CREATE GRAPH e:empty"""


UPDATES = [
    # INSERT DATA / DELETE DATA
    P + "INSERT DATA { e:n e:p 1 }",
    P + "INSERT DATA { e:a e:p 1 }",  # already there: no change
    P + "INSERT DATA { GRAPH e:g1 { e:a e:p 1 , 7 } GRAPH e:new { e:n e:q 'new' } e:m e:p e:n }",
    P + "INSERT DATA { _:b e:p 1 ; e:knows [ e:p 2 ] . GRAPH e:g1 { _:b e:q 3 } }",
    P + "insert data { e:n e:p 1 . e:n e:p 1 }",
    P + "DELETE DATA { e:a e:p 1 }",
    P + "DELETE DATA { e:a e:p 42 }",  # absent: no change
    P + "DELETE DATA { GRAPH e:g1 { e:a e:p 1 } GRAPH e:g2 { e:a e:p 1 } e:b e:name 'B' }",
    P + "DELETE DATA { e:a e:p '1'^^xsd:integer } ; INSERT DATA { e:a e:p '1'^^xsd:integer }",
    P + "INSERT DATA { e:n e:p 1 } ; DELETE DATA { e:n e:p 1 }",
    P + "DELETE DATA { e:a e:p 2 } ; INSERT DATA { e:a e:p 2 } ; DELETE DATA { e:a e:p 2 } ;",
    # DELETE WHERE
    P + "DELETE WHERE { ?s e:p ?o }",
    P + "DELETE WHERE { GRAPH ?g { ?s e:p ?o } }",
    P + "DELETE WHERE { GRAPH e:g2 { ?s ?p ?o } }",
    P + "DELETE WHERE { e:a e:knows ?x . ?x e:p ?o }",
    P + "DELETE WHERE { ?s e:nothing ?o }",
    # DELETE/INSERT … WHERE
    P + "DELETE { ?s e:p ?o } INSERT { ?s e:p2 ?o } WHERE { ?s e:p ?o FILTER(?o > 1) }",
    P + "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    P + "INSERT { ?s e:count ?n } WHERE { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s }",
    P + "INSERT { ?s e:copy ?o } WHERE { GRAPH ?g { ?s e:p ?o } }",
    P + "INSERT { GRAPH ?g { ?s e:seen true } } WHERE { GRAPH ?g { ?s e:p ?o } }",
    P + "DELETE { GRAPH e:g1 { ?s ?p ?o } } INSERT { GRAPH e:g3 { ?s ?p ?o } } WHERE { GRAPH e:g1 { ?s ?p ?o } }",
    P + "WITH e:g1 DELETE { ?s e:p ?o } INSERT { ?s e:p3 ?o } WHERE { ?s e:p ?o }",
    P + "WITH e:g1 INSERT { ?s e:q 'from g2' } USING e:g2 WHERE { ?s e:q ?o }",
    P + "WITH e:g1 DELETE { ?s ?p ?o } USING e:g2 USING e:g3 WHERE { ?s ?p ?o }",
    P + "DELETE { GRAPH ?g { ?s ?p ?o } } USING NAMED e:g2 WHERE { GRAPH ?g { ?s ?p ?o } }",
    P + "INSERT { ?s e:any ?o } USING NAMED e:g2 WHERE { ?s ?p ?o }",  # no default graph: nothing
    P + "INSERT { ?s e:name ?n } WHERE { ?s e:p ?o OPTIONAL { ?s e:q ?n } }",  # unbound ?n: left out
    P + "INSERT { ?o e:p ?s } WHERE { ?s e:p ?o }",  # literal subjects: left out
    P + "INSERT { ?s e:node [ e:value ?o ] } WHERE { ?s e:p ?o }",  # fresh blank node per solution
    P + "INSERT { _:n e:of ?s . GRAPH e:g1 { _:n e:also ?s } } WHERE { ?s e:knows ?o }",
    P + "DELETE { ?s e:p ?o } WHERE { ?s e:knows ?x . ?x e:p ?o }",  # ?s bound to a blank node
    P + "DELETE { ?x ?p ?o } WHERE { e:c e:knows ?x . ?x ?p ?o }",
    P + "DELETE { ?s e:p ?o } INSERT { ?s e:p ?o } WHERE { ?s e:p ?o }",  # deleted and inserted: stays
    P + "INSERT { ?s e:ancestor ?a } WHERE { GRAPH e:g2 { ?s e:broader+ ?a } }",
    P + "DELETE { ?s e:name ?n } INSERT { ?s e:name ?u } WHERE { ?s e:name ?n BIND(UCASE(?n) AS ?u) }",
    P + "INSERT { ?s e:tag ?t } WHERE { VALUES ?s { e:a e:b e:zz } BIND(STRLEN(STR(?s)) AS ?t) }",
    P + "DELETE { ?s e:p ?o } WHERE { ?s e:p ?o FILTER NOT EXISTS { ?s e:name ?n } }",
    P + "INSERT { ?s e:lonely true } WHERE { ?s ?p ?o MINUS { ?s e:knows ?x } }",
    P + "INSERT { ?s e:p ?o } WHERE { ?s e:p ?o }",  # everything already there
    P + "DELETE { $s e:p $o } WHERE { $s e:p $o FILTER(isBlank($s)) }",
    P + "INSERT { ?s e:label 'a { brace ; and a # hash' } WHERE { ?s e:p 1 } # a comment { ;",
    P + "INSERT { ?s e:p ?new } WHERE { ?s e:p ?o BIND(?o + 1 AS ?new) FILTER(?o < 3) }",
    "BASE <http://e/> INSERT DATA { <rel> <p> <other> }",
    "INSERT { <rel> <p> ?o } WHERE { <http://e/a> <http://e/p> ?o }",  # relative IRIs: the caller's base
    P + "INSERT { GRAPH ?g { e:s e:p 1 } } WHERE { BIND(BNODE() AS ?g) }",  # a blank graph name
    P + "INSERT { ?s e:p 1 } WHERE { BIND(STRDT('x', xsd:integer) AS ?s) }",  # a literal subject: left out
    # literals as the engine stores them: "01"^^xsd:integer is 1
    P + "INSERT DATA { e:n e:p '01'^^xsd:integer , '1.50'^^xsd:decimal , 'PT60S'^^xsd:duration , 'x'^^xsd:integer }"
        " ; DELETE DATA { e:a e:p '+2'^^xsd:integer }",
    P + "INSERT { ?s e:p ?v } WHERE { ?s e:p 3 BIND(STRDT('03', xsd:integer) AS ?v) }",
]


GRAPH_MANAGEMENT = [
    P + "CLEAR GRAPH e:g1", P + "CLEAR SILENT GRAPH e:nope", P + "CLEAR GRAPH e:nope", P + "CLEAR GRAPH e:empty",
    P + "CLEAR DEFAULT", P + "CLEAR NAMED", P + "CLEAR ALL", P + "CLEAR SILENT ALL",
    P + "DROP GRAPH e:g1", P + "DROP SILENT GRAPH e:nope", P + "DROP GRAPH e:nope", P + "DROP GRAPH e:empty",
    P + "DROP DEFAULT", P + "DROP NAMED", P + "DROP ALL", P + "DROP SILENT NAMED",
    P + "CREATE GRAPH e:g9", P + "CREATE GRAPH e:g1", P + "CREATE SILENT GRAPH e:g1", P + "CREATE GRAPH e:empty",
    P + "CREATE SILENT GRAPH e:empty",
    P + "ADD e:g1 TO e:g2", P + "ADD e:g1 TO e:g1", P + "ADD DEFAULT TO e:g3", P + "ADD e:g1 TO DEFAULT",
    P + "ADD e:nope TO e:g2", P + "ADD SILENT GRAPH e:nope TO GRAPH e:g9", P + "ADD e:g2 TO e:new",
    P + "MOVE e:g1 TO e:g2", P + "MOVE e:g1 TO e:g1", P + "MOVE e:nope TO e:g2", P + "MOVE SILENT e:nope TO e:g2",
    P + "MOVE DEFAULT TO e:g9", P + "MOVE e:g1 TO DEFAULT", P + "MOVE e:empty TO e:g2", P + "MOVE DEFAULT TO DEFAULT",
    P + "MOVE e:nope TO e:nope",
    P + "COPY e:g1 TO e:g2", P + "COPY e:g1 TO DEFAULT", P + "COPY DEFAULT TO e:g3", P + "COPY e:nope TO e:g2",
    P + "COPY e:empty TO e:g2", P + "COPY e:g1 TO e:g1", P + "COPY SILENT e:nope TO DEFAULT",
]


AFTER_CHANGES = [  # several operations, WHERE clauses reading what the earlier ones changed
    P + "INSERT DATA { e:n e:p 1 } ; INSERT { ?s e:q ?o } WHERE { ?s e:p ?o }",
    P + "INSERT DATA { e:n e:p 1 } ; WITH e:g3 DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    P + "DELETE DATA { e:a e:p 1 } ; INSERT { ?s e:had ?o } WHERE { ?s e:p ?o }",
    P + "DROP ALL ; INSERT DATA { GRAPH e:d1 { e:d1 a e:Doc } GRAPH e:d2 { e:d2 a e:Doc } } ;"
        " INSERT { GRAPH e:out { ?s a e:Bib } } USING e:d1 WHERE { ?s a e:Doc }",
    P + "DROP ALL ; INSERT DATA { GRAPH e:d1 { e:d1 a e:Doc } GRAPH e:d2 { e:d2 a e:Doc } } ;"
        " INSERT { GRAPH e:out { ?s e:in ?g } } USING NAMED e:d2 WHERE { GRAPH ?g { ?s a e:Doc } }",
    P + "CLEAR GRAPH e:g1 ; INSERT { GRAPH e:g1 { ?s e:back ?o } } WHERE { GRAPH e:g2 { ?s ?p ?o } }",
    P + "INSERT DATA { _:b e:p 10 } ; INSERT { ?s e:big true } WHERE { ?s e:p ?o FILTER(?o >= 10) }",
    P + "INSERT { ?s e:node [ e:v ?o ] } WHERE { ?s e:p 1 } ; DELETE { ?n e:v ?o } INSERT { ?n e:w ?o } "
        "WHERE { ?s e:node ?n . ?n e:v ?o }",
    P + "WITH e:g1 INSERT { ?s e:w 1 } WHERE { ?s e:p ?o } ; WITH e:g1 DELETE { ?s e:w ?o } USING e:g2 "
        "WHERE { ?s e:p ?o }",
    P + "WITH e:g1 INSERT { ?s e:w 1 } WHERE { ?s e:p ?o } ; WITH e:g1 DELETE { ?s e:w ?o } WHERE { ?s e:w ?o }",
    P + "DELETE WHERE { ?s e:name ?n } ; INSERT { ?s e:nameless true } "
        "WHERE { ?s e:p ?o FILTER NOT EXISTS { ?s e:name ?x } }",
    P + "MOVE e:g1 TO e:g9 ; DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s e:q ?x . ?s ?p ?o } }",
    P + "COPY DEFAULT TO e:g3 ; INSERT { ?s e:inG3 true } WHERE { GRAPH e:g3 { ?s e:knows ?o } }",
    P + "CREATE GRAPH e:g9 ; CREATE GRAPH e:g9",
    P + "DROP GRAPH e:g1 ; DROP GRAPH e:g1", P + "DROP GRAPH e:g1 ; DROP SILENT GRAPH e:g1",
    P + "DROP GRAPH e:empty ; CREATE GRAPH e:empty", P + "CREATE GRAPH e:g9 ; DROP GRAPH e:g9",
    P + "INSERT DATA { GRAPH e:g9 { e:x e:p 1 } } ; DELETE DATA { GRAPH e:g9 { e:x e:p 1 } }",  # g9 stays, empty
    P + "INSERT { ?s e:p2 ?o } WHERE { ?s e:p ?o } ; DELETE WHERE { ?s e:p2 1 } ; DELETE DATA { e:b e:p2 3 }",
    P + "CLEAR DEFAULT ; INSERT { ?s e:again ?o } WHERE { ?s e:p ?o }",
    P + "INSERT DATA { e:n e:p 1 } ; INSERT { <rel> e:q ?o } WHERE { ?s e:p ?o FILTER(?s = e:n) }",
    P + "INSERT DATA { e:n e:p 1 } ; CREATE GRAPH e:g1",  # the second fails: nothing of the first either
]


def dataset(quads: set[Quad]) -> ox.Dataset:
    found = ox.Dataset(quads)
    found.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return found
