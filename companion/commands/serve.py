"""`companion serve`: the app in a web browser, here or through an SSH tunnel, behind a secret."""

from __future__ import annotations

import argparse
import shlex
import socket
import sys
from typing import Any

from companion.commands import CliError, say, store_of

LOOPBACK = "127.0.0.1"


def register(sub: Any) -> None:
    serve = sub.add_parser(
        "serve",
        help="open the app in a web browser (this machine only, unless --host says otherwise)",
    )
    serve.add_argument("--port", type=int, default=8000, help="the port to listen on (8000)")
    serve.add_argument(
        "--host",
        default=LOOPBACK,
        help=f"the address to listen on ({LOOPBACK}: only this machine, or an SSH tunnel)",
    )
    # Each browser that connects runs the app in a process of its own, started so:
    serve.add_argument("--app", action="store_true", help=argparse.SUPPRESS)
    serve.set_defaults(handler=cmd_serve)


def app_command(args: argparse.Namespace) -> str:
    """The shell command that runs one browser's Companion, on this same data dir."""
    data_dir = store_of(args).data_dir
    me = ["--me", args.me] if getattr(args, "me", None) else []  # whose screen the browser is
    argv = [sys.executable, "-m", "companion", "--data-dir", str(data_dir), *me, "serve", "--app"]
    return shlex.join(argv)


def address(host: str, port: int, secret: str) -> str:
    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/{secret}/"


def cmd_serve(args: argparse.Namespace) -> int:
    if args.app:
        return run_app(args)
    if not 0 < args.port < 65536:
        raise CliError(f"--port must be between 1 and 65535, not {args.port}.")
    from companion.screens.web import GuardedServer, new_secret  # aiohttp loads only to serve

    secret = new_secret()
    url = address(args.host, args.port, secret)

    def announce() -> None:
        say(f"Companion is open in the browser at {url}")
        say(
            "That address holds a secret: anyone who has it can open your Companion, so keep it to yourself."
        )
        if args.host == LOOPBACK:
            say(
                f"From another computer: ssh -L {args.port}:{LOOPBACK}:{args.port} THIS-HOST, "
                "then open the address there."
            )
        else:
            say(
                f"It listens on {args.host} over plain HTTP: others on the network can see the secret go by."
            )
        say("Ctrl+C stops it.")
        sys.stdout.flush()

    server = GuardedServer(app_command(args), args.host, args.port, secret, announce)
    try:
        server.serve(debug=args.debug)
    except OSError as exc:
        raise CliError(
            f"Companion could not listen on {args.host} port {args.port} "
            f"({exc.strerror or exc}); choose another with --port."
        ) from None
    return 0


def run_app(args: argparse.Namespace) -> int:
    """One browser's Companion: driven by textual-serve through pipes, not a terminal."""
    from companion.app import CompanionApp

    app = CompanionApp(store=store_of(args), me=getattr(args, "me", None))
    app.read_ahead()
    app.run()
    return app.return_code or 0
