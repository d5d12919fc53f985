"""Two screens of one's own at 80x24: whose screen it is, and each partner's part of a talk.

Every snapshot here was looked at by a person before it was accepted.
"""

from __future__ import annotations

import pytest

from companion.app import CompanionApp
from companion.together import ENV_ME
from tests.snapshots.test_screens import SIZE, a_talk, go_back_to_talk, steady


def test_who_is_at_this_screen(snap_compare, couple, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_ME)
    monkeypatch.setattr("getpass.getuser", lambda: "sam")
    assert snap_compare(CompanionApp(couple, poll=False), terminal_size=SIZE, run_before=steady)


def test_speaking_on_the_listeners_screen(snap_compare, couple, clock) -> None:
    a_talk(couple, clock, ["agreed", "begin"])
    clock.advance(35)
    app = CompanionApp(couple, poll=False, me="Alex")
    assert snap_compare(app, terminal_size=SIZE, run_before=go_back_to_talk)


def test_confirm_on_the_listeners_screen(snap_compare, couple, clock) -> None:
    a_talk(couple, clock, ["agreed", "begin", "speaker_done", "paraphrase_done"])
    app = CompanionApp(couple, poll=False, me="Alex")
    assert snap_compare(app, terminal_size=SIZE, run_before=go_back_to_talk)


def test_confirm_on_the_speakers_screen(snap_compare, couple, clock) -> None:
    a_talk(couple, clock, ["agreed", "begin", "speaker_done", "paraphrase_done"])
    app = CompanionApp(couple, poll=False, me="Sam")
    assert snap_compare(app, terminal_size=SIZE, run_before=go_back_to_talk)
