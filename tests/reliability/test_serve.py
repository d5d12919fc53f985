"""`companion serve`: a browser with the secret sees the couple's home screen; without it, 403.

The server runs as a real `companion serve` process on a free loopback port.
Headless Chromium is driven through its DevTools pipe: the terminal in the
page is drawn on a canvas, so its DOM never holds the text; the test reads
what the browser itself received over the app's websocket (DevTools'
Network.webSocketFrameReceived) and checks the page marked the first byte
drawn. A screenshot is kept for a person to look at
(COMPANION_SCREENSHOTS=DIR keeps it there).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from companion.clock import FakeClock
from companion.profile import create_profile
from companion.store import Store

NAMES = ("Ana", "Ben")
HOME_TEXT = "Ana & Ben"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing leaves the machine: every name but the loopback address fails to resolve
    # (the page links a web font, which the terminal does without).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_line(proc: subprocess.Popen[bytes], deadline: float) -> str:
    """One line of the process's output, or "" when it ends or the time is up."""
    assert proc.stdout is not None
    line = b""
    while time.monotonic() < deadline and not line.endswith(b"\n"):
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        byte = os.read(proc.stdout.fileno(), 1)
        if not byte:
            break
        line += byte
    return line.decode("utf-8", "replace")


def stop_group(proc: subprocess.Popen[bytes], interrupt: bool = True) -> None:
    """Stop the server as Ctrl+C would (once), then make sure nothing it started is left."""
    if proc.poll() is None:
        if interrupt:
            proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if not wait_for_group(proc.pid, 10):
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("companion serve left a process running after it stopped")


def running_in_group(pgid: int) -> list[int]:
    """The processes of a process group still running (zombies waiting to be reaped are done)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, _ppid, group = raw[raw.rindex(")") + 2 :].split()[:3]
        if int(group) == pgid and state not in ("Z", "X"):
            found.append(int(entry))
    return found


def wait_for_group(pgid: int, timeout: float) -> bool:
    """Whether every process of the group has ended within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while running_in_group(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    url: str
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_serving(data_dir: Path) -> Served:
    for _ in range(3):  # a free port can be taken between the probe and the bind
        port = free_port()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "companion",
                "--data-dir",
                str(data_dir),
                "serve",
                "--port",
                str(port),
            ],  # fmt: skip
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, so every app it starts can be checked
            env={**os.environ, "COMPANION_HOME": str(data_dir.parent / "unused")},
        )
        deadline = time.monotonic() + 30
        said = ""
        while time.monotonic() < deadline:
            line = read_line(proc, deadline)
            said += line
            if not line:
                break
            if "http://" in line:
                url = line[line.index("http://") :].split()[0]
                return Served(proc, url, port)
        stop_group(proc)
    raise AssertionError(f"companion serve did not start: {said}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("served") / "data"
    create_profile(Store(data_dir, FakeClock()), list(NAMES), "UTC")
    server = start_serving(data_dir)
    try:
        yield server
    finally:
        stop_group(server.proc)


# -- the secret ------------------------------------------------------------------------


def test_the_address_printed_holds_a_long_random_secret_and_stays_on_loopback(
    served: Served,
) -> None:
    prefix = f"{served.base}/"
    assert served.url.startswith(prefix)
    secret = served.url[len(prefix) :].rstrip("/")
    assert len(secret) >= 32 and "/" not in secret


async def status(session: aiohttp.ClientSession, url: str) -> int:
    async with session.get(url, allow_redirects=False) as response:
        return response.status


async def test_the_page_and_its_files_open_only_with_the_secret(served: Served) -> None:
    secret = served.url.rstrip("/").rsplit("/", 1)[1]
    async with aiohttp.ClientSession() as session:
        assert await status(session, served.url) == 200
        assert await status(session, f"{served.url}static/js/textual.js") == 200
        for refused in (
            f"{served.base}/",
            f"{served.base}/?token={secret}",
            f"{served.base}/static/js/textual.js",
            f"{served.base}/{secret[:-1]}/",
            f"{served.base}/{secret}x/",
            f"{served.base}/wrong/{secret}/",
        ):
            assert await status(session, refused) == 403, refused
        async with session.get(served.url) as response:
            page = await response.text()
            assert response.headers["Referrer-Policy"] == "no-referrer"
    assert f"ws://127.0.0.1:{served.port}/{secret}/ws" in page  # its websocket has the secret too


async def test_through_an_ssh_tunnel_the_page_points_at_the_browsers_own_port(
    served: Served,
) -> None:
    """`ssh -L 9999:127.0.0.1:8000`: the browser asks for 127.0.0.1:9999, and so must the page."""
    secret = served.url.rstrip("/").rsplit("/", 1)[1]
    tunnel = {"Host": "127.0.0.1:9999"}
    async with aiohttp.ClientSession() as session, session.get(served.url, headers=tunnel) as got:
        page = await got.text()
    assert f"ws://127.0.0.1:9999/{secret}/ws" in page
    assert f"http://127.0.0.1:9999/{secret}/static/js/textual.js" in page


async def first_frames(ws: aiohttp.ClientWebSocketResponse, wanted: str) -> str:
    """What the app draws until `wanted` shows (or 15 seconds pass)."""
    seen = b""
    deadline = time.monotonic() + 15
    while wanted.encode() not in seen and time.monotonic() < deadline:
        message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
        if message.type is aiohttp.WSMsgType.BINARY:
            seen += message.data
        elif message.type is not aiohttp.WSMsgType.TEXT:
            break
    return seen.decode("utf-8", "replace")


async def test_the_apps_websocket_opens_only_with_the_secret(served: Served) -> None:
    ws_base = served.base.replace("http://", "ws://")
    secret = served.url.rstrip("/").rsplit("/", 1)[1]
    async with aiohttp.ClientSession() as session:
        for refused in (f"{ws_base}/ws", f"{ws_base}/wrong/ws", f"{ws_base}/{secret[:-1]}/ws"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
                await session.ws_connect(f"{refused}?width=80&height=24")
            assert caught.value.status == 403, refused
        async with session.ws_connect(f"{ws_base}/{secret}/ws?width=80&height=24") as ws:
            drawn = await first_frames(ws, HOME_TEXT)
    assert HOME_TEXT in drawn  # the app on the same data dir: the couple's home screen


# -- a real browser ----------------------------------------------------------------------


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class DevTools:
    """Headless Chromium driven through its DevTools pipe (fds 3 and 4): no port opened."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire() -> None:
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.proc = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe"],
            preexec_fn=wire,
            pass_fds=(3, 4),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next = 0
        self._buffer = b""
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def send(self, method: str, timeout: float = 15, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if self.session is not None and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self.receive(deadline)
            if reply is None:
                raise AssertionError(f"Chromium did not answer {method}")
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def receive(self, deadline: float) -> dict[str, Any] | None:
        while b"\0" not in self._buffer:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([self._from_browser], [], [], wait)[0]:
                return None
            chunk = os.read(self._from_browser, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def websocket_text(self, wanted: str, timeout: float) -> str:
        """What the page received on its websockets, until `wanted` shows or time is up."""
        deadline = time.monotonic() + timeout
        seen = b""
        while True:
            for event in self.events:
                if event.get("method") == "Network.webSocketFrameReceived":
                    frame = event["params"]["response"]
                    data = frame["payloadData"]
                    seen += base64.b64decode(data) if frame["opcode"] == 2 else data.encode()
            self.events.clear()
            if wanted.encode() in seen:
                break
            event = self.receive(deadline)
            if event is None:
                break
            self.events.append(event)
        return seen.decode("utf-8", "replace")

    def close(self) -> None:
        """End this throwaway browser and its helpers (its own process group) at once."""
        with suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        with_children_gone(self.proc.pid)
        os.close(self._to_browser)
        os.close(self._from_browser)


def with_children_gone(pgid: int) -> None:
    """Chromium's helper processes (its group) end with it; any left are stopped."""
    if not wait_for_group(pgid, 5):
        os.killpg(pgid, signal.SIGKILL)


@pytest.fixture(scope="module")
def chromium_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    binary = chromium()
    if binary is None:
        pytest.skip(
            "Chromium is not installed, and could not be (.ci/run installs Debian's chromium "
            "when the package registry can be reached)"
        )
    tools = DevTools(binary, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield tools
    finally:
        tools.close()


@pytest.fixture
def browser(chromium_process: DevTools) -> Iterator[DevTools]:
    """A fresh tab of the one headless Chromium, its Network events on."""
    tools = chromium_process
    target = tools.send("Target.createTarget", url="about:blank")["targetId"]
    session = tools.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    tools.session = session
    tools.events.clear()
    tools.send("Network.enable")
    try:
        yield tools
    finally:
        tools.session = None
        tools.send("Target.closeTarget", targetId=target)
        tools.events.clear()


def test_headless_chromium_with_the_secret_sees_the_couples_home_screen(
    served: Served, browser: DevTools, tmp_path: Path
) -> None:
    browser.send("Emulation.setDeviceMetricsOverride", width=1000, height=620,
                 deviceScaleFactor=1, mobile=False)  # fmt: skip
    browser.send("Page.navigate", url=served.url)
    drawn = browser.websocket_text(HOME_TEXT, timeout=20)
    assert HOME_TEXT in drawn, drawn[-500:]
    assert "Looking after each other, together." in drawn
    # The page drew what came (textual.js marks the body when the first bytes arrive).
    classes = ""
    deadline = time.monotonic() + 5
    while "-first-byte" not in classes and time.monotonic() < deadline:
        classes = browser.send("Runtime.evaluate", expression="document.body.className")["result"][
            "value"
        ]
        time.sleep(0.1)
    assert "-first-byte" in classes
    time.sleep(0.3)  # the canvas paints on the next animation frame
    shot = base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"])
    keep = Path(os.environ.get("COMPANION_SCREENSHOTS", tmp_path))
    keep.mkdir(parents=True, exist_ok=True)
    (keep / "served-home.png").write_bytes(shot)
    assert shot.startswith(b"\x89PNG")


def test_headless_chromium_without_the_secret_is_refused(served: Served, browser: DevTools) -> None:
    browser.send("Page.navigate", url=f"{served.base}/")
    deadline = time.monotonic() + 10
    statuses: list[int] = []
    while not statuses and time.monotonic() < deadline:
        event = browser.receive(deadline)
        if event and event.get("method") == "Network.responseReceived":
            statuses.append(event["params"]["response"]["status"])
    assert statuses == [403]
    text = browser.send("Runtime.evaluate", expression="document.body.innerText")["result"]
    assert "not yours to open" in text["value"]
    assert "Ana" not in text["value"]


async def test_stopping_serve_ends_the_apps_it_started(served: Served) -> None:
    """Last in this module: it stops the module's server while a browser's app is running."""
    ws_url = served.url.replace("http://", "ws://") + "ws?width=80&height=24"
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(ws_url)
        assert HOME_TEXT in await first_frames(ws, HOME_TEXT)
        served.proc.send_signal(signal.SIGINT)  # Ctrl+C, with the app still connected
        async for _message in ws:  # as a browser does, until the server closes the socket
            pass
    await asyncio.to_thread(stop_group, served.proc, False)  # raises if the app outlived the server
