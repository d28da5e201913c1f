"""Expressions: operators, built-in calls, aggregates and EXISTS, as the engine reads them.

Operator chains (``||``, ``&&``, ``+ -``, ``* /``) are read in loops, not by recursion, so their
length costs no stack; the engine itself recurses on them, which is why kg.sparql.limits bounds it.
Built-in names are matched as the engine does (case-insensitive, with its spacing rules: ``CONCAT``,
``COALESCE`` and ``BNODE()`` take their parenthesis right after the name).
"""

from __future__ import annotations

from typing import Any

from kg.sparql import chars, lexer
from kg.sparql.terms import FAILED, Reader
from kg.sparql.tree import Aggregate, Chain, Exists, FunctionCall, Group, Iri, Literal, Operation, Variable

# Built-ins taking a fixed number of arguments (or a range), read as NAME _ "(" args ")"
_CALLS: dict[str, tuple[int, int]] = {
    **dict.fromkeys(["STR", "LANG", "DATATYPE", "IRI", "URI", "ABS", "CEIL", "FLOOR", "ROUND", "STRLEN", "UCASE",
                     "LCASE", "ENCODE_FOR_URI", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS", "TIMEZONE",
                     "TZ", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL",
                     "ISNUMERIC"], (1, 1)),
    **dict.fromkeys(["LANGMATCHES", "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "STRLANG", "STRDT",
                     "SAMETERM"], (2, 2)),
    "IF": (3, 3), "SUBSTR": (2, 3), "REPLACE": (3, 4), "REGEX": (2, 3),
}
_NO_ARGUMENTS = {"RAND", "NOW", "UUID", "STRUUID"}  # NAME _ NIL
_LISTS = {"CONCAT", "COALESCE"}  # NAME ExpressionList, no space before the parenthesis
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
_EXTENSIONS = {"LANGDIR", "STRLANGDIR", "HASLANG", "HASLANGDIR", "TRIPLE", "SUBJECT", "PREDICATE", "OBJECT",
               "ISTRIPLE", "ADJUST"}  # SPARQL 1.2 and SEP-0002 functions the engine knows
_RELATIONS = ("=", "!=", ">=", ">", "<=", "<")
_OPERATOR_STARTS = tuple("|&=!<>+-*/")  # one-character strings only ("" is in every str)
_IN_OR_NOT = tuple("iInN")


class ExpressionReader(Reader):
    def group_graph_pattern(self) -> Group:  # defined by kg.sparql.patterns
        raise NotImplementedError

    def expression(self) -> Any:
        """ConditionalOrExpression: ``||`` over ``&&`` over relational expressions.

        The first operand is read first; when no operator follows it (most arguments and list items),
        that is the expression, without going down the precedence levels.
        """
        first = self._unary()
        start = self.space()
        char = self.text[start:start + 1]
        if char not in _OPERATOR_STARTS and (char not in _IN_OR_NOT or not (
                self.at_keyword("IN") or self.at_keyword("NOT"))):
            return first
        return self._disjunction(first)

    def _disjunction(self, first: Any) -> Any:
        disjuncts = [self._conjunction(first)]
        while True:
            saved = self.pos
            if not self.eat("||"):
                break
            operand = self.attempt(self._conjunction)
            if operand is FAILED:
                self.pos = saved
                break
            disjuncts.append(operand)
            self.check("max_operator_chain", len(disjuncts))
        if len(disjuncts) == 1:
            return disjuncts[0]
        self.node()
        return Operation("||", tuple(disjuncts))

    def _conjunction(self, first: Any = None) -> Any:
        conjuncts = [self._relational(first)]
        while True:
            saved = self.pos
            if not self.eat("&&"):
                break
            operand = self.attempt(self._relational)
            if operand is FAILED:
                self.pos = saved
                break
            conjuncts.append(operand)
            self.check("max_operator_chain", len(conjuncts))
        if len(conjuncts) == 1:
            return conjuncts[0]
        self.node()
        return Operation("&&", tuple(conjuncts))

    def _relational(self, first: Any = None) -> Any:
        left = self._chain("+-", self._multiplicative, first)
        saved = self.pos
        self.space()
        for operator in _RELATIONS:
            if self.text.startswith(operator, self.pos):
                self.pos += len(operator)
                right = self.attempt(self._chain, "+-", self._multiplicative)
                if right is not FAILED:
                    self.node()
                    return Operation(operator, (left, right))
                self.pos = saved
                return left
        self.fail("operator")
        negated = self.eat_keyword("NOT")
        if self.eat_keyword("IN"):
            items = self.attempt(self._expression_list)
            if items is not FAILED:
                self.node()
                return Operation("NOT IN" if negated else "IN", (left, *items))
        self.pos = saved
        return left

    def _multiplicative(self, first: Any = None) -> Any:
        return self._chain("*/", self._unary, first)

    def _chain(self, operators: str, operand: Any, first: Any = None) -> Any:
        """Operands joined by one precedence level's operators (the engine nests them to the right);
        ``first``, when given, is the first operand's first unary expression, already read."""
        operands, between = [operand(first)], []
        while True:
            saved = self.pos
            start = self.space()
            if start >= self.end or self.text[start] not in operators:
                self.fail(operators)
                break
            self.pos = start + 1
            right = self.attempt(operand)
            if right is FAILED:
                self.pos = saved
                break
            operands.append(right)
            between.append(self.text[start])
            self.check("max_operator_chain", len(operands))
        if len(operands) == 1:
            return operands[0]
        self.node()
        return Chain(tuple(operands), tuple(between))

    def _unary(self, first: Any = None) -> Any:
        if first is not None:
            return first
        start = self.space()
        sign = self.text[start:start + 1]
        if sign == "!":
            self.pos = start + 1
            if self.at("!"):
                raise self.refuse("double negation (!!) is SPARQL 1.2, not supported")
            self.node()
            return Operation("!", (self._unary(),))
        if sign in ("+", "-"):
            self.pos = start + 1
            self.node()
            return Operation("u" + sign, (self.primary(),))
        return self.primary()

    def primary(self) -> Any:
        """PrimaryExpression, in the engine's order (the first character rules out most alternatives)."""
        self.node()
        start = self.space()
        char = self.text[start:start + 1]
        if char == "(":
            return self.bracketted()
        self.refuse_triple_term()
        if char in ("?", "$"):
            return self.variable()
        if char in ("'", '"'):
            return self.rdf_literal()
        if char and char in "0123456789.+-":
            return self.numeric_literal()
        for rule in (self._iri_or_function, self.boolean_literal):
            value = self.attempt(rule)
            if value is not FAILED:
                return value
        return self.builtin_call()

    def bracketted(self) -> Any:
        self.expect("(")
        self.enter()
        value = self.expression()
        self.expect(")")
        self.leave()
        return value

    def _iri_or_function(self) -> Any:
        name = self.iri()
        arguments = self.attempt(self.argument_list)
        return name if arguments is FAILED else FunctionCall(name, arguments)

    def function_call(self) -> FunctionCall:
        """An extension function: IRI and arguments (FILTER and ORDER BY take it without brackets)."""
        self.node()
        name = self.iri()
        return FunctionCall(name, self.argument_list())

    def argument_list(self) -> tuple[Any, ...]:
        """``( e, … )`` or ``()`` (the engine takes no DISTINCT here: no custom aggregates are defined)."""
        if self.attempt(self.nil) is not FAILED:
            return ()
        self.expect("(")
        self.enter()
        arguments = self._comma_separated()
        self.expect(")")
        self.leave()
        return arguments

    def _expression_list(self) -> tuple[Any, ...]:
        """ExpressionList: ``()`` or ``( e, … )``."""
        if self.attempt(self.nil) is not FAILED:
            return ()
        self.expect("(")
        self.enter()
        items = self._comma_separated()
        self.expect(")")
        self.leave()
        return items

    def _comma_separated(self) -> tuple[Any, ...]:
        items = [self.expression()]
        while True:
            saved = self.pos
            if not self.eat(","):
                break
            item = self.attempt(self.expression)
            if item is FAILED:
                self.pos = saved
                break
            items.append(item)
        return tuple(items)

    def constraint(self) -> Any:
        """FILTER's and HAVING's condition: bracketted, a built-in or an extension function call."""
        if self.at("("):
            return self.bracketted()
        call = self.attempt(self.function_call)
        return call if call is not FAILED else self.builtin_call()

    def builtin_call(self) -> Any:
        self.node()
        start = self.space()
        end = chars.word_end(self.text, start)
        name = self.text[start:end].upper()
        if name in _AGGREGATES:
            return self._aggregate(name, end)
        if name == "EXISTS" or self.at_keyword("NOT"):
            return self._exists()
        if name == "BOUND":
            self.pos = end
            self.expect("(")
            variable = self.variable()
            self.expect(")")
            return FunctionCall("BOUND", (variable,))
        if name in _EXTENSIONS and self.text.startswith("(", lexer.skip_space(self.text, end)):
            raise self.refuse(f"the function {name} (SPARQL 1.2 or SEP-0002) is not supported")
        self.pos = end
        if name in _LISTS and self.text.startswith("(", end):
            return FunctionCall(name, self._expression_list())
        if name in _NO_ARGUMENTS:
            self.nil()
            return FunctionCall(name, ())
        if name == "BNODE":  # BNODE(e), or BNODE() with the parenthesis right after the name
            argument = self.attempt(self._arguments, 1, 1)
            if argument is not FAILED:
                return FunctionCall(name, argument)
            if self.text.startswith("(", end):
                self.nil()
                return FunctionCall(name, ())
        elif name in _CALLS:
            low, high = _CALLS[name]
            return FunctionCall(name, self._arguments(low, high))
        self.pos = start
        raise self.fail("function name")

    def _arguments(self, low: int, high: int) -> tuple[Any, ...]:
        self.expect("(")
        self.enter()
        arguments = [self.expression()]
        while len(arguments) < high and self.eat(","):
            arguments.append(self.expression())
        if len(arguments) < low:
            raise self.fail(",")
        self.expect(")")
        self.leave()
        return tuple(arguments)

    def _aggregate(self, name: str, end: int) -> Aggregate:
        if not self.aggregates:
            raise self.fail("Unexpected aggregate")
        self.pos = end
        self.expect("(")
        self.enter()
        distinct = self.keyword_before_name("DISTINCT")
        argument, separator = None, None
        if name == "COUNT" and self.eat("*"):
            pass
        else:
            argument = self.expression()
            if name == "GROUP_CONCAT" and self.eat(";"):
                self.expect_keyword("SEPARATOR")
                self.expect("=")
                separator = self.string()
        self.expect(")")
        self.leave()
        aggregate = Aggregate(name, argument, distinct, separator)
        self.aggregates[-1].append(aggregate)
        return aggregate

    def _exists(self) -> Exists:
        negated = self.eat_keyword("NOT")
        self.expect_keyword("EXISTS")
        self.enter()
        pattern = self.group_graph_pattern()
        self.leave()
        return Exists(pattern, negated)


def is_bound_in(expression: Any, variables: frozenset[str] | set[str]) -> bool:
    """Whether every variable ``expression`` reads is in ``variables`` (the engine's check on SELECT
    expressions of a grouped query; BOUND, COALESCE, EXISTS and aggregates always pass)."""
    if isinstance(expression, Variable):
        return expression.name in variables
    if isinstance(expression, Iri | Literal | Aggregate | Exists):
        return True
    if isinstance(expression, FunctionCall):
        return expression.function in ("BOUND", "COALESCE") or all(
            is_bound_in(a, variables) for a in expression.arguments)
    if isinstance(expression, Operation | Chain):
        return all(is_bound_in(o, variables) for o in expression.operands)
    return True
