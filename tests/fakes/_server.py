"""What every local fake shares: a threaded HTTP server on 127.0.0.1, run as a context manager.

Handlers (`FakeHandler`s) reach their fake as `self.fake`. Shutdown sets `_closing` (so delayed handlers wake up),
stops the server, joins the handler threads (`daemon_threads = False`) and the serving thread: no ResourceWarnings.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Self


class FakeHTTPServer(ThreadingHTTPServer):
    daemon_threads = False  # so server_close() joins the handler threads
    # A vendor's server takes a burst of connections at once. socketserver's default backlog of 5 made the kernel drop
    # SYNs when 32 clients connected together, and each dropped one waited a second for its retry.
    request_queue_size = 256
    fake: Any

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up is not an error
            super().handle_error(request, client_address)


class FakeHandler(BaseHTTPRequestHandler):
    """Base class of the fakes' request handlers."""

    @property
    def fake(self) -> Any:
        """The fake serving this request (its `LocalServer` subclass)."""
        assert isinstance(self.server, FakeHTTPServer)
        return self.server.fake


class LocalServer:
    """Base class of the fakes: serves `handler` while used as a context manager."""

    handler: ClassVar[type[FakeHandler]]
    thread_name: ClassVar[str] = 'fake-server'

    def __init__(self) -> None:
        self._closing = threading.Event()
        self._http: FakeHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        self._http = FakeHTTPServer(('127.0.0.1', 0), self.handler)
        self._http.fake = self
        self._thread = threading.Thread(target=self._http.serve_forever, args=(0.05,), name=self.thread_name,
                                        daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._http is not None and self._thread is not None, f'{type(self).__name__} was not started'
        self._closing.set()  # wakes delayed handlers
        self._http.shutdown()
        self._http.server_close()
        self._thread.join()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        assert self._http is not None, f'{type(self).__name__} was not started'
        return self._http.server_address[1]


def send(handler: BaseHTTPRequestHandler, status: int, data: bytes, content_type: str,
         headers: dict[str, str] | None = None) -> None:
    """Write one whole response; a client that already gave up (say, on a timeout) is no error."""
    try:
        handler.send_response(status)
        handler.send_header('Content-Type', content_type)
        handler.send_header('Content-Length', str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
    except ConnectionError:
        pass
