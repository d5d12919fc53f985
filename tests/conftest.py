"""Shared fixtures. No test may ever touch the real user's data dir."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _no_real_data_dir(tmp_path_factory):
    """Point COMPANION_HOME (and the platform default) at a throwaway folder for the whole run.

    Session-scoped so that Hypothesis tests do not see a function-scoped fixture.
    """
    home = tmp_path_factory.mktemp("companion-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COMPANION_HOME", str(home / "data"))
        mp.setenv("XDG_DATA_HOME", str(home / "xdg"))
        yield home
