"""uvicorn's HTTP protocols, answering a request their parser cannot read in problem+json.

uvicorn answers bytes that are not HTTP (a malformed request line, a bad header, an oversized URL)
itself, before the application sees anything, with a plain-text 400. These subclasses answer the
same 400 in the one error format of the API (api/errors.py). ``kg serve`` runs uvicorn with
:data:`PROTOCOL`: httptools' parser when it is installed (what uvicorn's "auto" picks), else h11's.
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

PROBLEM = json.dumps({"title": "Bad Request", "status": 400,
                      "detail": "the server cannot read this HTTP request"}).encode("ascii")
HEADERS = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(PROBLEM)).encode()),
           (b"connection", b"close")]


class ProblemH11Protocol(H11Protocol):
    """h11's protocol with the problem+json 400."""

    def send_400_response(self, msg: str) -> None:
        for event in (h11.Response(status_code=400, headers=HEADERS, reason=b"Bad Request"), h11.Data(data=PROBLEM),
                      h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools is optional: uvicorn falls back to h11
    PROTOCOL: type = ProblemH11Protocol
else:

    class ProblemHttpToolsProtocol(HttpToolsProtocol):
        """httptools' protocol with the problem+json 400."""

        def send_400_response(self, msg: str) -> None:
            lines = [b"HTTP/1.1 400 Bad Request"]
            lines += [name + b": " + value for name, value in [*self.server_state.default_headers, *HEADERS]]
            self.transport.write(b"\r\n".join(lines) + b"\r\n\r\n" + PROBLEM)
            self.transport.close()

    PROTOCOL = ProblemHttpToolsProtocol
