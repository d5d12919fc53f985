"""The app in a web browser: textual-serve, answering only those who know a secret.

On a shared machine every account can reach 127.0.0.1, so the address
printed at start holds a random secret as the first part of its path
(`http://127.0.0.1:8000/SECRET/`). The page, its scripts and the websocket
that runs the app all live under that path; any other request is refused
with 403 before it reaches textual-serve. Imported only by `companion serve`.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from textual_serve.server import Server

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

REFUSED = "This Companion is not yours to open: ask for the address its owner was given."
STOP_SECONDS = 5.0
"""How long stopping the server waits for each browser's app to quit."""


def new_secret() -> str:
    """A fresh secret for one `companion serve` (192 random bits, safe in a URL)."""
    return secrets.token_urlsafe(24)


class GuardedServer(Server):
    """textual-serve's Server, mounted under `/<secret>/` behind a check of the secret."""

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        secret: str,
        announce: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(command, host=host, port=port, title="Companion")
        self.secret = secret
        self._announce = announce
        self._sockets: set[asyncio.Task[Any]] = set()
        """The running websocket handlers, one per browser (each runs an app)."""

    def initialize_logging(self) -> None:
        """Warnings only: the access log would print the secret with every request."""
        logging.basicConfig(level=logging.DEBUG if self.debug else logging.WARNING)

    async def _make_app(self) -> web.Application:
        """textual-serve's application, mounted under the secret in a guarded outer one."""
        inner = await super()._make_app()
        outer = web.Application(middlewares=[self.guard])
        outer.add_subapp(f"/{self.secret}", inner)
        return outer

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse (403) any request whose path does not start with the secret."""
        first = request.path.split("/", 2)[1] if request.path.count("/") >= 1 else ""
        if not hmac.compare_digest(first.encode(), self.secret.encode()):
            raise web.HTTPForbidden(text=REFUSED)
        if request.headers.get("Upgrade", "").lower() == "websocket":
            task = asyncio.current_task()
            assert task is not None
            self._sockets.add(task)
            try:
                return await handler(request)
            finally:
                self._sockets.discard(task)
        response = await handler(request)
        if not response.prepared:  # a websocket has already sent its headers
            response.headers["Referrer-Policy"] = "no-referrer"  # the path holds the secret
            response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_index(self, request: web.Request) -> Any:
        """The page, its links built from the address the browser used.

        Through `ssh -L 9000:127.0.0.1:8000` the browser's port is not the
        server's; textual-serve would write the server's into the page.
        """
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    def serve(self, debug: bool = False) -> None:
        """Listen until Ctrl+C; the address is announced once the port is open, not before."""
        self.debug = debug
        self.initialize_logging()
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=True,  # Ctrl+C and SIGTERM stop it gracefully
            access_log=None,  # every path holds the secret
            print=lambda *_: self._announce(),  # called once every socket listens
            loop=asyncio.new_event_loop(),
        )

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: textual-serve prints its banner here, before the port is open."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: each browser's app quits now, rather than when its browser goes.

        aiohttp would wait up to a minute for open websockets; ending their
        handlers makes textual-serve tell each app to quit and wait for it.
        """
        running = list(self._sockets)
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running, timeout=STOP_SECONDS)
