"""SPARQL text handling: one lexer and one parser for every SPARQL text a client sends."""
