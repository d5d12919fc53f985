"""The command line: init, locate, doctor, export, talks; clear sentences, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion import __version__
from companion.cli import main, subcommands
from companion.clock import FakeClock
from companion.locations import ENV_VAR
from companion.profile import load_profile
from companion.store import META_KEY, Store
from companion.talk import PRESETS, Talk
from companion.talk import records as talks


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def init(capsys, data_dir: Path, *names: str, tz: str = "Europe/London", force: bool = False):
    argv = ["--data-dir", str(data_dir), "init", "--tz", tz]
    for name in names:
        argv += ["--partner", name]
    if force:
        argv.append("--force")
    return run(capsys, *argv)


def assert_one_clear_sentence(err: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("companion: ")
    assert lines[0].endswith(".")


def cli_subprocess(*argv: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, ENV_VAR: str(home)}
    return subprocess.run(
        [sys.executable, "-m", "companion", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# -- version and help -------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"companion {__version__}"


def test_the_subcommands_are_found_in_their_modules() -> None:
    assert {"init", "locate", "doctor", "export", "talks"} <= set(subcommands())


@pytest.mark.parametrize("command", [None, *sorted(subcommands())])
def test_every_help_exits_0(capsys: pytest.CaptureFixture[str], command: str | None) -> None:
    argv = ["--help"] if command is None else [command, "--help"]
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: companion")
    if command:
        assert command in out.splitlines()[0]


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# -- init ---------------------------------------------------------------------------


def test_init_with_one_name(capsys, data_dir: Path) -> None:
    code, out, err = init(capsys, data_dir, "Ana")
    assert (code, err) == (0, "")
    assert "Ana" in out and "Europe/London" in out and str(data_dir) in out
    profile = load_profile(Store(data_dir, FakeClock()))
    assert profile.partners == ("Ana",)
    assert profile.solo
    assert profile.tz == "Europe/London"


def test_init_with_two_names(capsys, data_dir: Path) -> None:
    code, out, _ = init(capsys, data_dir, "Ana", "Ben", tz="America/New_York")
    assert code == 0
    assert "Ana & Ben" in out
    profile = load_profile(Store(data_dir, FakeClock()))
    assert profile.partners == ("Ana", "Ben")
    assert profile.tz == "America/New_York"


def test_init_uses_the_machine_time_zone_by_default(
    capsys, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    code, _, _ = run(capsys, "--data-dir", str(data_dir), "init", "--partner", "Ana")
    assert code == 0
    assert load_profile(Store(data_dir, FakeClock())).tz == "Asia/Tokyo"


def test_a_second_init_is_refused_without_force(capsys, data_dir: Path) -> None:
    assert init(capsys, data_dir, "Ana", "Ben")[0] == 0
    before = (data_dir / "profile.json").read_bytes()
    code, out, err = init(capsys, data_dir, "Cleo")
    assert code == 1
    assert out == ""
    assert_one_clear_sentence(err)
    assert "Ana & Ben" in err and "--force" in err
    assert (data_dir / "profile.json").read_bytes() == before


def test_force_replaces_the_profile_and_keeps_talks(capsys, data_dir: Path) -> None:
    assert init(capsys, data_dir, "Ana", "Ben")[0] == 0
    store = Store(data_dir, FakeClock())
    with store.transaction("talks") as db:
        db.table("talks").insert({"id": "t1", "topic": "Money"})
    talks_before = store.path("talks").read_bytes()

    code, out, _ = init(capsys, data_dir, "Cleo", tz="UTC", force=True)
    assert code == 0
    assert "Cleo" in out
    profile = load_profile(store)
    assert (profile.partners, profile.tz) == (("Cleo",), "UTC")
    assert store.path("talks").read_bytes() == talks_before
    with store.read("talks") as db:
        assert db.table("talks").all() == [{"id": "t1", "topic": "Money"}]
    with store.read("profile") as db:
        assert len(db.table("profile").all()) == 1
        assert len(db.table("settings").all()) == 1


def test_a_bad_time_zone_is_one_clear_sentence(capsys, data_dir: Path) -> None:
    code, out, err = init(capsys, data_dir, "Ana", tz="Mars/Olympus_Mons")
    assert code == 1
    assert out == ""
    assert_one_clear_sentence(err)
    assert "Mars/Olympus_Mons" in err and "time zone" in err
    assert not (data_dir / "profile.json").exists()


@pytest.mark.parametrize(
    ("names", "says"),
    [
        (["Ana", "ana"], "same"),
        (["Ana", "Ben", "Cleo"], "one or two"),
        (["  "], "at least one"),
        (["A" * 41], "at most 40"),
    ],
)
def test_bad_names_are_one_clear_sentence(capsys, data_dir: Path, names, says) -> None:
    code, out, err = init(capsys, data_dir, *names)
    assert code == 1
    assert out == ""
    assert_one_clear_sentence(err)
    assert says in err
    assert not (data_dir / "profile.json").exists()


# -- locate ---------------------------------------------------------------------------


def test_locate_lists_each_file(capsys, data_dir: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "locate")
    assert code == 0
    store = Store(data_dir, FakeClock())
    assert f"data dir  {data_dir}" in out
    for area in store.areas:
        assert f"{store.path(area)}  (not created yet)" in out
    assert str(store.locations.backups) in out
    assert str(store.locations.journals) in out
    assert not data_dir.exists()  # looking does not create anything

    init(capsys, data_dir, "Ana")
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "locate")
    assert code == 0
    lines = out.splitlines()
    assert f"profile   {store.path('profile')}" in lines
    assert f"talks     {store.path('talks')}  (not created yet)" in lines


def test_data_dir_flag_beats_companion_home(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env"))
    _, out, _ = run(capsys, "locate")
    assert f"data dir  {tmp_path / 'from-env'}" in out
    _, out, _ = run(capsys, "--data-dir", str(tmp_path / "from-flag"), "locate")
    assert f"data dir  {tmp_path / 'from-flag'}" in out
    assert "from-env" not in out


# -- doctor ---------------------------------------------------------------------------


def test_doctor_on_a_good_dir(capsys, data_dir: Path) -> None:
    init(capsys, data_dir, "Ana", "Ben")
    store = Store(data_dir, FakeClock())
    talk = Talk.new("Sundays", ("Ana", "Ben"), 0, PRESETS["short"], "short", store.clock.now())
    talks.start_talk(store, talk)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "doctor")
    assert (code, err) == (0, "")
    assert "ok     profile.json: schema 1" in out
    assert "ok     talks.json: schema 2" in out
    assert out.strip().endswith("All is well.")


def test_doctor_on_a_dir_not_made_yet(capsys, data_dir: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "doctor")
    assert code == 0
    assert "does not exist yet" in out
    assert not data_dir.exists()


def test_doctor_names_a_corrupt_file_and_leaves_it_alone(capsys, data_dir: Path) -> None:
    init(capsys, data_dir, "Ana")
    talks = data_dir / "talks.json"
    broken = b'{"talks": {"1": {"topic": "half a wri'
    talks.write_bytes(broken)
    os.chmod(talks, 0o600)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "doctor")
    assert code == 1
    assert f"error  Companion could not read {talks}" in out
    assert "backups" in out
    assert "ok     profile.json" in out
    assert "1 problem(s) found." in out
    assert "Traceback" not in out + err
    assert talks.read_bytes() == broken


def test_doctor_refuses_a_newer_schema(capsys, data_dir: Path) -> None:
    init(capsys, data_dir, "Ana")
    profile = data_dir / "profile.json"
    doc = json.loads(profile.read_bytes())
    doc[META_KEY]["1"]["schema"] = 99
    newer = json.dumps(doc).encode()
    profile.write_bytes(newer)
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "doctor")
    assert code == 1
    assert f"error  {profile} has schema 99, newer than this Companion (1)." in out
    assert profile.read_bytes() == newer


def test_doctor_notes_an_older_schema_without_changing_it(capsys, data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    talks = data_dir / "talks.json"
    plain = b'{"_default": {"1": {"a": 1}}}'
    talks.write_bytes(plain)
    os.chmod(talks, 0o600)
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "doctor")
    assert code == 0
    assert "talks.json: schema 0, upgraded to 2 on next use" in out
    assert "no profile yet" in out
    assert talks.read_bytes() == plain


def test_doctor_finds_files_others_can_read(capsys, data_dir: Path) -> None:
    init(capsys, data_dir, "Ana")
    os.chmod(data_dir / "profile.json", 0o644)
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "doctor")
    assert code == 1
    assert "can be read by other users" in out
    assert "chmod go-rwx" in out


# -- export ----------------------------------------------------------------------------


def save_money_talk(data_dir: Path) -> None:
    """A real talk (export checks every record before it writes a byte)."""
    store = Store(data_dir, FakeClock())
    talk = Talk.new(
        "[bold]Money[/] 💸", ("Ana", "Ben"), 0, PRESETS["short"], "short", store.clock.now()
    )
    talk.id = "t1"
    talks.save_talk(store, talk)


def fill(capsys, data_dir: Path) -> None:
    init(capsys, data_dir, "Ana", "Ben")
    save_money_talk(data_dir)


def check_export(doc: dict) -> None:
    assert doc["companion"] == __version__
    assert {"profile": 1, "talks": 2}.items() <= doc["schemas"].items()  # later areas add theirs
    assert doc["profile"]["profile"][0]["partners"] == ["Ana", "Ben"]
    assert [(t["id"], t["topic"]) for t in doc["talks"]["talks"]] == [("t1", "[bold]Money[/] 💸")]
    assert META_KEY not in doc["talks"]


def test_export_to_a_file(capsys, data_dir: Path, tmp_path: Path) -> None:
    fill(capsys, data_dir)
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    code, out, err = run(capsys, "--data-dir", str(data_dir), "export", "--json", str(target))
    assert code == 0
    assert out == ""
    assert f"Exported to {target}." in err
    check_export(json.loads(target.read_bytes()))


def test_export_to_stdout(capsysbinary: pytest.CaptureFixture[bytes], data_dir: Path) -> None:
    main(["--data-dir", str(data_dir), "init", "--partner", "Ana", "--partner", "Ben"])
    save_money_talk(data_dir)
    capsysbinary.readouterr()
    code = main(["--data-dir", str(data_dir), "export", "--json", "-"])
    out, err = capsysbinary.readouterr()
    assert code == 0
    assert err == b""
    check_export(json.loads(out.decode("utf-8")))


def test_export_of_an_empty_dir(capsysbinary: pytest.CaptureFixture[bytes], data_dir) -> None:
    assert main(["--data-dir", str(data_dir), "export", "--json", "-"]) == 0
    doc = json.loads(capsysbinary.readouterr().out)
    assert (doc["profile"], doc["talks"]) == ({}, {})


def test_export_into_a_missing_folder(capsys, data_dir: Path, tmp_path: Path) -> None:
    fill(capsys, data_dir)
    code, out, err = run(
        capsys, "--data-dir", str(data_dir), "export", "--json", str(tmp_path / "no" / "x.json")
    )
    assert code == 1
    assert_one_clear_sentence(err)
    assert "does not exist" in err


def test_export_of_a_corrupt_file(capsys, data_dir: Path, tmp_path: Path) -> None:
    fill(capsys, data_dir)
    (data_dir / "talks.json").write_bytes(b"\x00\x00")
    target = tmp_path / "export.json"
    code, _, err = run(capsys, "--data-dir", str(data_dir), "export", "--json", str(target))
    assert code == 1
    assert_one_clear_sentence(err)
    assert str(data_dir / "talks.json") in err
    assert not target.exists()
    assert (data_dir / "talks.json").read_bytes() == b"\x00\x00"


# -- a real process never shows a traceback ---------------------------------------------


def test_errors_in_a_real_process_have_no_traceback(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    home = tmp_path / "home-not-used"

    done = cli_subprocess(
        "--data-dir",
        str(data_dir),
        "init",
        "--partner",
        "Ana",
        "--tz",
        "Nowhere/Here",
        cwd=tmp_path,
        home=home,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "companion: Nowhere/Here is not a time zone Companion knows; use a name like Europe/London."
    ]

    done = cli_subprocess(
        "--data-dir",
        str(data_dir),
        "init",
        "--partner",
        "Ana",
        "--tz",
        "UTC",
        cwd=tmp_path,
        home=home,
    )
    assert done.returncode == 0, done.stderr
    talks = data_dir / "talks.json"
    for content in (b"{not json", b'{"_meta": {"1": "x"}}', b'{"talks": {"1": [1, 2]}}'):
        talks.write_bytes(content)
        os.chmod(talks, 0o600)
        for argv in (["doctor"], ["export", "--json", "-"], ["init", "--partner", "B", "--force"]):
            done = cli_subprocess("--data-dir", str(data_dir), *argv, cwd=tmp_path, home=home)
            assert "Traceback" not in done.stdout + done.stderr, (argv, content)
            if argv[0] != "init":  # init only touches the profile, which is fine
                assert done.returncode == 1, (argv, content, done.stdout, done.stderr)
                assert str(talks) in done.stdout + done.stderr
            assert talks.read_bytes() == content
    assert not home.exists()


def test_companion_home_is_used_by_a_real_process(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = cli_subprocess("init", "--partner", "Ana", "--tz", "UTC", cwd=tmp_path, home=home)
    assert done.returncode == 0, done.stderr
    assert (home / "profile.json").exists()
    done = cli_subprocess("doctor", cwd=tmp_path, home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All is well." in done.stdout


def test_the_app_without_a_terminal_says_so_instead_of_spinning(tmp_path: Path) -> None:
    """With no terminal (cron, a pipe) the TUI cannot read keys: one sentence, exit 1."""
    done = cli_subprocess(cwd=tmp_path, home=tmp_path / "data")
    assert done.returncode == 1
    assert_one_clear_sentence(done.stderr)
    assert "needs a terminal" in done.stderr


def test_the_app_starts_with_garbage_collection_held(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    """Loading Textual and drawing home's first frame without a collection in the middle
    (companion/collecting.py); the app lets go after that frame (tests/ui/test_first_frame)."""
    import gc

    from companion import collecting
    from companion.app import CompanionApp

    monkeypatch.setattr(collecting, "_held", False)  # as they were, once this test is done
    monkeypatch.setattr(collecting, "_settle", False)
    seen: list[bool] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(CompanionApp, "run", lambda app: seen.append(gc.isenabled()))
    try:
        assert main(["--data-dir", str(data_dir), "--me", "both"]) == 0
    finally:
        gc.enable()
    assert seen == [False]


@pytest.mark.parametrize(
    ("area", "table", "row", "what"),
    [
        ("talks", "talks", {"id": "t1"}, "damaged talk"),
        ("talks", "timeouts", {"id": "x", "started": "soon"}, "damaged time-out"),
        (
            "profile",
            "profile",
            {"partners": ["A"], "tz": "UTC", "created": "yesterday"},
            "damaged profile",
        ),
        ("profile", "profile", {"tz": "UTC"}, "damaged profile"),
    ],
)
def test_doctor_names_a_damaged_record_and_changes_nothing(
    tmp_path: Path, area: str, table: str, row: dict, what: str
) -> None:
    """A file that parses but holds a record Companion cannot use: one error line, no traceback."""
    data = tmp_path / "data"
    with Store(data, FakeClock()).transaction(area) as db:
        db.table(table).insert(row)
    before = (data / f"{area}.json").read_bytes()
    done = cli_subprocess("doctor", cwd=tmp_path, home=data)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert what in done.stdout and str(data / f"{area}.json") in done.stdout
    assert (data / f"{area}.json").read_bytes() == before


# -- locate, with archives and journals ----------------------------------------------------


def finished_talk(store: Store, topic: str) -> Talk:
    """A talk that ran and finished: saving it moved it to its year's archive."""
    talk = Talk.new(topic, ("Ana", "Ben"), 0, PRESETS["short"], "short", store.clock.now())
    talk.agree(store.clock.now(), 0)
    talk.agree(store.clock.now(), 1)
    for step in ("begin", "end", "finish"):
        talk.take(step, store.clock.now())
    return talks.save_talk(store, talk)


def test_locate_lists_archives_and_says_when_journals_are_not_made_yet(
    capsys, data_dir: Path
) -> None:
    init(capsys, data_dir, "Ana", "Ben")
    store = Store(data_dir, FakeClock())
    finished_talk(store, "Sundays")

    code, out, _ = run(capsys, "--data-dir", str(data_dir), "locate")

    assert code == 0
    lines = out.splitlines()
    assert f"talks     {store.path('talks')}" in lines
    assert f"{'':<9} {store.archive_path('talks', 2026)}" in lines
    assert f"journals  {store.locations.journals}  (not created yet)" in lines
    assert f"backups   {store.locations.backups}" in lines

    store.locations.journals.mkdir(mode=0o700)
    _, out, _ = run(capsys, "--data-dir", str(data_dir), "locate")
    assert f"journals  {store.locations.journals}" in out.splitlines()


# -- talks list and talks delete -------------------------------------------------------------


def test_talks_list_json_prints_every_talk_newest_first(capsys, data_dir: Path) -> None:
    clock = FakeClock()
    store = Store(data_dir, clock)
    older = finished_talk(store, "Sundays")
    clock.advance(3600)
    newer = talks.start_talk(
        store,
        Talk.new("[b]Holidays[/b] 💸", ("Ana", "Ben"), 1, PRESETS["deep"], "deep", clock.now()),
    )

    code, out, err = run(capsys, "--data-dir", str(data_dir), "talks", "list", "--json")

    assert (code, err) == (0, "")
    listed = json.loads(out)
    assert [row["id"] for row in listed] == [newer.id, older.id]
    assert [row["topic"] for row in listed] == ["[b]Holidays[/b] 💸", "Sundays"]
    assert [row["phase"] for row in listed] == ["ground_rules", "ended"]


def test_talks_list_for_people(capsys, data_dir: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "talks", "list")
    assert (code, out) == (0, "No talks yet.\n")

    init(capsys, data_dir, "Ana", "Ben", tz="UTC")
    talk = finished_talk(Store(data_dir, FakeClock()), "Sundays\x1b[2J")
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "talks", "list")
    assert code == 0
    (line,) = out.splitlines()
    assert line.startswith(f"{talk.id}  14 Mar 18:30")
    assert line.endswith("Sundays[2J"), "control characters from the data are not printed"


def test_talks_delete_removes_a_finished_talk(capsys, data_dir: Path) -> None:
    store = Store(data_dir, FakeClock())
    gone = finished_talk(store, "Sundays")
    kept = finished_talk(store, "Holidays")

    code, out, err = run(capsys, "--data-dir", str(data_dir), "talks", "delete", gone.id)

    assert (code, err) == (0, "")
    assert "Sundays" in out
    assert talks.get_talk(store, gone.id) is None
    assert [t.id for t in talks.all_talks(store)] == [kept.id]
    _, out, _ = run(capsys, "--data-dir", str(data_dir), "talks", "list", "--json")
    assert [row["id"] for row in json.loads(out)] == [kept.id]


@pytest.mark.parametrize("which", ["unknown", "open"])
def test_talks_delete_refuses_with_one_sentence(capsys, data_dir: Path, which: str) -> None:
    store = Store(data_dir, FakeClock())
    finished_talk(store, "Sundays")
    talk_id = "nope"
    if which == "open":
        talk = Talk.new("Money", ("Ana", "Ben"), 0, PRESETS["short"], "short", store.clock.now())
        talk_id = talks.start_talk(store, talk).id
    files = {p: p.read_bytes() for p in data_dir.glob("talks*.json")}

    code, out, err = run(capsys, "--data-dir", str(data_dir), "talks", "delete", talk_id)

    assert code == 1
    assert out == ""
    assert_one_clear_sentence(err)
    assert ("no talk with the id nope" if which == "unknown" else "still open") in err
    assert {p: p.read_bytes() for p in data_dir.glob("talks*.json")} == files


def test_talks_needs_an_action(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["talks"])
    assert caught.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_opening_the_app_reads_no_command_module() -> None:
    """No command on the line: only the app's options are parsed, so opening the
    full-screen app does not import every command module first (bench/NOTES.md)."""
    import subprocess
    import sys

    check = (
        "import sys, companion.cli as cli\n"
        "args = cli.parse(['--data-dir', '/nowhere', '--me', 'Sam'])\n"
        "print(args.command, args.me, args.data_dir)\n"
        "print(sorted(m for m in sys.modules if m.startswith('companion.commands.')))\n"
        "print(cli.parse(['--me', 'Sam', 'doctor']).command)\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    first, modules, command = done.stdout.splitlines()
    assert first == "None Sam /nowhere"
    assert modules == "[]"
    assert command == "doctor"
