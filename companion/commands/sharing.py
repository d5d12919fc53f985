"""`companion init --shared DIR --group GROUP`: a data dir two accounts on one machine share."""

from __future__ import annotations

import argparse

from companion import sharing
from companion.commands import CliError, say
from companion.locations import resolve_data_dir


def init_shared(args: argparse.Namespace) -> bool:
    """Make the folder `--shared` names the group's, and point this command at it."""
    if not (args.shared and args.group):
        raise CliError(
            "A shared data dir needs both --shared DIR and --group GROUP, the group both "
            "accounts are in."
        )
    folder = resolve_data_dir(args.shared)
    if args.data_dir and resolve_data_dir(args.data_dir) != folder:
        raise CliError("--data-dir and --shared name different folders; give just --shared DIR.")
    args.data_dir = str(folder)
    try:
        for sentence in sharing.prepare(folder, args.group):
            say(sentence)
    except sharing.SharingError as exc:
        raise CliError(str(exc)) from None
    say(
        f"Each of you opens it with: companion --data-dir {folder} "
        f"(or set COMPANION_HOME={folder}). Journals stay in each account's own home."
    )
    return True
