"""`companion`: the TUI with no subcommand, and a scriptable face for the same data.

Subcommands live in `companion.commands`, one module each, and register
themselves; this module only finds them, parses, and turns errors into one
sentence on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence

import companion.commands as commands_pkg
from companion import __version__, collecting
from companion.commands import CliError, store_of
from companion.locations import ENV_VAR
from companion.profile import ProfileError
from companion.store import StoreError
from companion.text import TextError, printable

Handler = Callable[[argparse.Namespace], int]


def command_modules() -> list[str]:
    """Every module in companion.commands, in name order (core first)."""
    names = [info.name for info in pkgutil.iter_modules(commands_pkg.__path__)]
    return sorted(names, key=lambda name: (name != "core", name))


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with commands=False only the options the full-screen app
    reads, so opening the app does not import every command module (bench/NOTES.md)."""
    parser = argparse.ArgumentParser(
        prog="companion",
        description="Companion helps a couple take turns to talk, cool down and look after "
        "their relationship. With no command it opens the full-screen app.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where Companion keeps its files (default: ${ENV_VAR}, else the platform's data dir)",
    )
    parser.add_argument(
        "--me",
        metavar="NAME",
        help="whose screen this is: a partner's name, or 'both' at one keyboard "
        "(default: $COMPANION_ME, else the login the couple mapped, else Companion asks)",
    )
    parser.add_argument("--debug", action="store_true", help="show a full traceback on errors")
    if not commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        module = importlib.import_module(f"{commands_pkg.__name__}.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def subcommands(parser: argparse.ArgumentParser | None = None) -> list[str]:
    """The names of every top-level subcommand."""
    parser = parser or build_parser()
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def cmd_tui(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        # Without a terminal the full-screen app cannot read keys and would only spin.
        raise CliError(
            "The full-screen app needs a terminal; run it in one, or use a command "
            "such as 'companion doctor' (see companion --help)."
        )
    collecting.hold()  # until home's first frame is out (companion/collecting.py)
    from companion.app import CompanionApp  # Textual loads only when the TUI is wanted

    app = CompanionApp(store=store_of(args), me=args.me)
    app.read_ahead()
    app.run()
    return app.return_code or 0


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The arguments, reading the command modules only when a command (or help) is asked for."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not {"-h", "--help"} & set(words):
        args, rest = build_parser(commands=False).parse_known_args(words)
        if not rest:  # no command: the full-screen app
            args.command = None
            return args
    return build_parser().parse_args(words)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    handler: Handler = getattr(args, "handler", cmd_tui)
    try:
        return handler(args)
    except (StoreError, ProfileError, TextError, CliError) as exc:
        if args.debug:
            raise
        message = exc.message if isinstance(exc, StoreError) else str(exc)
        print(f"companion: {printable(message)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if args.debug:
            raise
        print(
            f"companion: {printable(exc.strerror or exc)} ({printable(exc.filename or 'no file')}).",
            file=sys.stderr,
        )
        return 1
