"""Generated SPARQL and RDF for fuzzing the server: grammar-based texts, deliberately deep or wide ones,
SERVICE and LOAD hidden in every spelling we know, and character-level mutations of all of them.

Everything is drawn from a seeded :class:`random.Random`, so a failing case is reproduced by its seed
and index. The generators aim at the places a server can break: the parse (nesting, long chains,
escapes, comments, strings that look like syntax), the engine (algebra depth, runaway joins), the
network walls (SERVICE and LOAD at a listener) and the payload parsers (RDF/XML, JSON-LD, Turtle).
"""

from __future__ import annotations

import json
import random

VARIABLES = ["?s", "?p", "?o", "?x", "?y", "$z", "?service", "?load"]
IRIS = ["<http://ex/a>", "<urn:b>", "<http://x/\\u0041#>", "<http://ex/%41>", "ex:c", ":d", "<>", "<rel>"]
LITERALS = ['"a"', "'b'@en", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', "42", "4.2", "true",
            '"""x\n#y"""', "'''SERVICE'''", '"\\u0022"', '"\\"#"']
FUNCTIONS = ["STR", "LCASE", "STRLEN", "ISIRI", "BOUND", "ABS", "CONCAT", "REGEX", "COALESCE", "IF", "SHA1"]
PUNCTUATION = ["{", "}", "(", ")", "[", "]", "#", "<", ">", "\\u", "\\U0001F600", '"', "'", "'''", ";", ".",
               ",", "<<", ">>", "SERVICE", "LOAD", "SILENT", "\n", "\t", "^^", "@", "?", "$", "_:b", "*", "+"]
PROLOGUE = "PREFIX ex: <http://ex/>\nPREFIX : <http://ex/default/>\n"


class SparqlFuzzer:
    """Texts for /sparql, /update and /store, from one seed."""

    def __init__(self, seed: int, listener_url: str) -> None:
        self.random = random.Random(seed)
        self.target = listener_url

    # Terms and expressions
    def term(self) -> str:
        pool = self.random.choice([VARIABLES, IRIS, LITERALS])
        return self.random.choice(pool)

    def expression(self, depth: int) -> str:
        if depth <= 0 or self.random.random() < 0.3:
            return self.term()
        kind = self.random.randrange(5)
        if kind == 0:
            op = self.random.choice(["+", "-", "*", "/", "&&", "||", "=", "!=", "<", ">="])
            return f"({self.expression(depth - 1)} {op} {self.expression(depth - 1)})"
        if kind == 1:
            name = self.random.choice(FUNCTIONS)
            args = ", ".join(self.expression(depth - 1) for _ in range(self.random.randint(1, 3)))
            return f"{name}({args})"
        if kind == 2:
            return f"EXISTS {{ {self.group(depth - 1)} }}"
        if kind == 3:
            return f"!{self.expression(depth - 1)}"
        return f"{self.term()} IN ({', '.join(self.term() for _ in range(self.random.randint(0, 4)))})"

    # Patterns
    def triple(self) -> str:
        path = self.random.choice(["?p", "ex:p", "<http://ex/q>", "ex:p/ex:q", "ex:p*", "^ex:p", "(ex:p|ex:q)+",
                                   "!(ex:p|^ex:q)", "a"])
        return f"{self.random.choice(VARIABLES)} {path} {self.term()}"

    def group(self, depth: int) -> str:
        parts = []
        for _ in range(self.random.randint(1, 4)):
            kind = self.random.randrange(10) if depth > 0 else 0
            if kind <= 2:
                parts.append(self.triple() + " .")
            elif kind == 3:
                parts.append(f"OPTIONAL {{ {self.group(depth - 1)} }}")
            elif kind == 4:
                parts.append(" UNION ".join(f"{{ {self.group(depth - 1)} }}" for _ in range(self.random.randint(2, 3))))
            elif kind == 5:
                parts.append(f"FILTER({self.expression(depth - 1)})")
            elif kind == 6:
                parts.append(f"BIND({self.expression(depth - 1)} AS ?b{self.random.randrange(9)})")
            elif kind == 7:
                parts.append(f"MINUS {{ {self.group(depth - 1)} }}")
            elif kind == 8:
                parts.append(f"GRAPH {self.random.choice(['?g', '<http://ex/g>'])} {{ {self.group(depth - 1)} }}")
            else:
                parts.append(f"{{ SELECT * WHERE {{ {self.group(depth - 1)} }} LIMIT 3 }}")
        if self.random.random() < 0.3:
            parts.insert(self.random.randrange(len(parts) + 1), self.service())
        return " ".join(parts)

    def service(self) -> str:
        """SERVICE at the listener, in one of the spellings that have fooled screens before."""
        url = self.target + f"s{self.random.randrange(1000)}"
        spelling = self.random.choice([
            f"SERVICE <{url}> {{ ?s ?p ?o }}", f"service silent <{url}> {{ ?s ?p ?o }}",
            "SERVICE:probe { ?s ?p ?o }", f"SERVICE#x\n<{url}> {{ }}", "SERVICE ?endpoint { ?s ?p ?o }",
            f"SeRvIcE\t<{url}>{{}}", f"BIND(<http://x/\\u0041#> AS ?h) SERVICE <{url}> {{ }}",
        ])
        return spelling

    # Whole texts
    def query(self) -> str:
        depth = self.random.choice([1, 2, 3, 4, 6])
        prologue = PROLOGUE.replace("http://ex/default/", self.target) if self.random.random() < 0.2 else PROLOGUE
        form = self.random.randrange(4)
        where = self.group(depth)
        if form == 0:
            text = f"SELECT * WHERE {{ {where} }} LIMIT {self.random.randint(0, 50)}"
        elif form == 1:
            text = f"ASK {{ {where} }}"
        elif form == 2:
            text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }} LIMIT 20"
        else:
            text = f"DESCRIBE ?s WHERE {{ {where} }} LIMIT 5"
        return prologue + self.maybe_huge(text)

    def update(self, graph: str) -> str:
        kind = self.random.randrange(8)
        data = " ".join(f"<http://ex/s{i}> <http://ex/p> {self.random.choice(LITERALS)} ." for i in range(3))
        if kind == 0:
            text = f"INSERT DATA {{ GRAPH <{graph}> {{ {data} }} }}"
        elif kind == 1:
            text = f"DELETE DATA {{ GRAPH <{graph}> {{ {data} }} }}"
        elif kind == 2:
            text = f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s <http://ex/p> ?o }} }}"
        elif kind == 3:
            text = (f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} INSERT {{ GRAPH <{graph}> {{ ?s ?p ?x }} }} "
                    f"WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} {self.group(2)} BIND(RAND() AS ?x) }}")
        elif kind == 4:
            text = self.random.choice([f"CLEAR SILENT GRAPH <{graph}>", f"DROP SILENT GRAPH <{graph}>",
                                       f"COPY <{graph}> TO <{graph}-copy>", f"ADD <{graph}> TO <{graph}-add>",
                                       f"CREATE SILENT GRAPH <{graph}-new>"])
        elif kind == 5:
            text = self.random.choice([f"LOAD <{self.target}x> INTO GRAPH <{graph}>",
                                       f"PREFIX : <{self.target}> LOAD:x INTO GRAPH <{graph}>",
                                       f"load silent <{self.target}> into graph <{graph}>"])
        elif kind == 6:
            text = f"INSERT {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ {self.group(3)} }}"
        else:
            text = (f"INSERT DATA {{ GRAPH <{graph}> {{ {data} }} }} ; "
                    f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return PROLOGUE + self.maybe_huge(text)

    def maybe_huge(self, text: str) -> str:
        """Now and then a text made deep or wide past every limit, in the places the engine recurses."""
        roll = self.random.random()
        if roll > 0.12:
            return text
        n = self.random.choice([300, 3000, 12000])
        shape = self.random.randrange(5)
        if shape == 0:
            block = " UNION ".join(["{ BIND(1 AS ?u) }"] * n)
        elif shape == 1:
            block = "{" * n + "}" * n
        elif shape == 2:
            block = "FILTER(" + "+".join(["1"] * n) + " > 0)"
        elif shape == 3:
            block = " ".join(["OPTIONAL { ?a ?b ?c }"] * n)
        else:
            block = "BIND(<http://x/\\u0041#> AS ?h) " + "{" * n + "}" * n
        position = text.rfind("}")
        return text[:position] + " " + block + " " + text[position:] if position > 0 else text + block

    def mutate(self, text: str) -> str:
        """A few character-level edits: deletions, duplications, insertions of syntax fragments, case flips."""
        chars = list(text)
        for _ in range(self.random.randint(1, 4)):
            if not chars:
                break
            at = self.random.randrange(len(chars))
            edit = self.random.randrange(4)
            if edit == 0:
                del chars[at:at + self.random.randint(1, 8)]
            elif edit == 1:
                piece = chars[at:at + self.random.randint(1, 20)]
                chars[at:at] = piece * self.random.randint(1, 3)
            elif edit == 2:
                chars[at:at] = list(self.random.choice(PUNCTUATION))
            else:
                chars[at] = chars[at].swapcase()
        return "".join(chars)

    # Payloads
    def payload(self) -> tuple[str, bytes]:
        kind = self.random.randrange(4)
        triples = [(f"http://ex/s{i}", "http://ex/p", f"v{i}") for i in range(self.random.randint(1, 5))]
        if kind == 0:
            body = "".join(f'<{s}> <{p}> "{o}" .\n' for s, p, o in triples)
            media = "text/turtle"
        elif kind == 1:
            body = "".join(f'<{s}> <{p}> "{o}" .\n' for s, p, o in triples)
            media = "application/n-triples"
        elif kind == 2:
            items = "".join(f'<rdf:Description rdf:about="{s}"><ex:p>{o}</ex:p></rdf:Description>'
                            for s, _, o in triples)
            body = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                    f'xmlns:ex="http://ex/">{items}</rdf:RDF>')
            if self.random.random() < 0.3:
                body = self.random.choice([
                    "<!DOCTYPE x " + "[a]" * self.random.randint(10, 40) + body,
                    f'<!DOCTYPE r [<!ENTITY e SYSTEM "{self.target}e">]>' + body.replace("v0", "&e;"),
                    body.replace("<ex:p>", '<ex:p rdf:parseType="Resource" ex:t="/>">' * 300, 1),
                ])
            media = "application/rdf+xml"
        else:
            document: object = [{"@id": s, p: o} for s, p, o in triples]
            if self.random.random() < 0.3:
                document = {"@context": self.target + "context.jsonld", "@graph": document}
            body = json.dumps(document)
            media = "application/ld+json"
        text = self.mutate(body) if self.random.random() < 0.5 else body
        return media, text.encode("utf-8", "surrogatepass")
