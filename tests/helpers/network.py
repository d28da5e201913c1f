"""Test helpers for outbound connections: a listener on 127.0.0.1 that records every connection made to it.

Used to prove that nothing a client sends (SERVICE, LOAD, remote JSON-LD contexts, XML entities) makes
the server connect anywhere: a test points the request at the listener and asserts it recorded nothing.
It answers each connection with a SPARQL JSON result, so a connection that did happen would also show
up as a "successful" answer rather than an error.
"""

from __future__ import annotations

import socket
import threading

_BODY = b'{"head":{"vars":["leak"]},"results":{"bindings":[{"leak":{"type":"literal","value":"!"}}]}}'
_ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nConnection: close\r\n"
           b"Content-Length: %d\r\n\r\n%s" % (len(_BODY), _BODY))


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection (nothing should ever connect)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections: list[tuple] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, address = self.socket.accept()
            except TimeoutError:
                continue
            self.connections.append(address)
            try:
                connection.settimeout(1)
                connection.recv(65536)
                connection.sendall(_ANSWER)
            except OSError:
                pass
            finally:
                connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


class CountingListener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts (and closes them)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()
