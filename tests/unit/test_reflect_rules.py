"""The journal's rules, the guided reflections' words, and the share provider: no files, no screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion import areas, guide, words
from companion.reflect import prompts, share
from companion.reflect.journal import (
    FEELINGS_MAX,
    STEPS,
    BadDocument,
    Draft,
    Feeling,
    Journal,
    JournalError,
    JournalStep,
    clean_draft,
    decode,
    encode,
    lock_due,
    lock_minutes,
    to_markdown,
)
from companion.store import Schema

NOW = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)


def a_journal(*drafts: Draft) -> Journal:
    journal = Journal("Sam", NOW)
    for index, draft in enumerate(drafts):
        journal.take(JournalStep.WRITE, NOW + timedelta(minutes=index), draft=draft)
    return journal


# -- entries ------------------------------------------------------------------------------
def test_every_step_has_a_rule() -> None:
    assert set(STEPS) == set(JournalStep)
    assert a_journal().allowed(NOW) == set(JournalStep)


def test_writing_keeps_newlines_and_drops_control_characters() -> None:
    draft = clean_draft(Draft(title=" A\tday\n ", text="line one\r\nline\x1b[2J two\x07\n\n"))
    assert draft.title == "A day"
    assert draft.text == "line one\nline[2J two"


def test_markup_and_emoji_are_kept_as_written() -> None:
    draft = clean_draft(Draft(text="[bold]not bold[/] 🙂 שלום"))
    assert draft.text == "[bold]not bold[/] 🙂 שלום"


def test_an_empty_entry_and_an_unknown_reflection_are_refused() -> None:
    with pytest.raises(JournalError, match="nothing written"):
        clean_draft(Draft(text="  \n\t "))
    with pytest.raises(JournalError, match="nothing written"):
        clean_draft(Draft(kind="inventory", answers={"my-part": "   "}))
    with pytest.raises(JournalError, match="no guided reflection"):
        clean_draft(Draft(kind="horoscope", text="x"))


def test_too_long_is_said_plainly() -> None:
    with pytest.raises(JournalError, match="at most 120"):
        clean_draft(Draft(title="x" * 121, text="y"))


def test_answers_are_kept_only_for_the_reflections_own_prompts() -> None:
    draft = clean_draft(
        Draft(kind="cycle", answers={"feel": " ignored\n", "tend": "", "stray": "dropped"})
    )
    assert draft.answers == {"feel": "ignored"}  # a one-line prompt is one line
    assert draft.text == ""


def test_the_top_five_feelings() -> None:
    six = [Feeling(name) for name in ("sad", "hurt", "lonely", "tense", "torn", "numb")]
    with pytest.raises(JournalError, match="top 5"):
        clean_draft(Draft(kind="feel-want-need", feelings=six))
    kept = clean_draft(
        Draft(
            kind="feel-want-need",
            feelings=[Feeling("Sad", "a hug"), Feeling("sad", "again"), Feeling(" ")],
        )
    )
    assert kept.feelings == [Feeling("Sad", "a hug", "")]
    assert FEELINGS_MAX == 5


def test_revising_an_entry_deleted_elsewhere_keeps_the_writing() -> None:
    journal = a_journal()
    entry = journal.take(JournalStep.WRITE, NOW, draft=Draft(text="kept", entry_id=7))
    assert entry is not None and entry.id == 7 and journal.next_id == 8


def test_search_needs_every_word_anywhere_in_an_entry() -> None:
    journal = a_journal(
        Draft(title="Money", text="the bills again"),
        Draft(kind="feel-want-need", feelings=[Feeling("anxious", "a plan", "safety")]),
        Draft(kind="inventory", answers={"my-part": "I raised my voice about MONEY"}),
    )
    assert [e.id for e in journal.search("money")] == [3, 1]
    assert [e.id for e in journal.search("money voice")] == [3]
    assert [e.id for e in journal.search("ANXIOUS plan")] == [2]
    assert [e.id for e in journal.search("honest inventory")] == [3]  # by its kind too
    assert len(journal.search("   ")) == 3


def test_deleting_an_entry() -> None:
    journal = a_journal(Draft(text="one"), Draft(text="two"))
    gone = journal.take(JournalStep.DELETE, NOW, entry_id=1)
    assert gone is not None and gone.text == "one"
    assert [e.id for e in journal.entries] == [2]
    with pytest.raises(JournalError):
        journal.take(JournalStep.DELETE, NOW, entry_id=1)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(JournalError):
        a_journal().take(JournalStep.WRITE, datetime(2026, 1, 1), draft=Draft(text="x"))


# -- the document --------------------------------------------------------------------------
def test_the_document_round_trips() -> None:
    journal = a_journal(
        Draft(title="T", text="body\nmore"),
        Draft(kind="feel-want-need", feelings=[Feeling("sad", "w", "n")]),
    )
    again = decode(encode(journal))
    assert again == journal


@pytest.mark.parametrize(
    "damage",
    [
        {"format": 2},
        {"person": 3},
        {"entries": "no"},
        {"entries": [{"id": "one"}]},
        {"created": "yesterday"},
        {"entries": [{"id": 1, "created": "2026-01-01T00:00:00", "answers": {}}]},
    ],
)
def test_a_damaged_document_is_refused(damage: dict) -> None:
    document = encode(a_journal(Draft(text="x")))
    document.update(damage)
    with pytest.raises(BadDocument):
        decode(document)


def test_markdown_export_reads_as_a_journal() -> None:
    journal = a_journal(
        Draft(title="Sunday", text="It was hard."),
        Draft(kind="appreciations", answers={"value": "Your patience"}),
    )
    text = to_markdown(journal, "Europe/London", "Alex", solo=False)
    assert text.startswith("# Sam's journal\n")
    assert "## 1. Sunday" in text and "It was hard." in text
    assert "What I value in Alex\n  Your patience" in text
    assert "2026-03-14 18:31" in text  # a date with its year, in the couple's zone


# -- locking ----------------------------------------------------------------------------------
def test_the_idle_lock() -> None:
    assert not lock_due(1000.0, 1000.0 + 299.9, 5)
    assert lock_due(1000.0, 1000.0 + 300.0, 5)
    assert lock_due(0.0, 60.0, 0)  # never less than a minute, never never
    assert lock_minutes(10) == 10
    assert lock_minutes(True) == lock_minutes("5") == lock_minutes(0) == lock_minutes(9999) == 5


# -- the guided reflections' words ---------------------------------------------------------------
def test_every_reflection_is_complete_and_links_to_the_guide() -> None:
    help_entries = words.data("help.toml")
    section_ids = {s.id for s in guide.sections()}
    reflections = prompts.reflections()
    assert [r.id for r in reflections] == [
        "feel-want-need",
        "inventory",
        "inward",
        "cycle",
        "hard-moment",
        "appreciations",
        "ready-to-talk",
    ]
    for reflection in reflections:
        assert reflection.title and reflection.intro
        assert len(reflection.blurb) < 60 and len(reflection.blurb_solo) < 60
        assert reflection.section in section_ids
        entry = help_entries[reflection.help_key]
        assert entry["about"] and entry["section"] == reflection.section
        ids = [p.id for p in reflection.prompts]
        assert len(ids) == len(set(ids))
        assert reflection.prompts or reflection.feelings
        for template in (reflection.sentence, reflection.sentence_solo):
            for slot in prompts._SLOT.findall(template):
                assert slot in ids, f"{reflection.id}: {{{slot}}} is no prompt"


def test_the_feelings_are_words_for_inside_you() -> None:
    feelings = prompts.feelings()
    assert len(feelings) == len(set(feelings)) >= 30
    assert all(0 < len(f) < 16 and f == f.strip().lower() for f in feelings)
    assert not {"abandoned", "ignored", "manipulated", "disrespected"} & set(feelings)


def test_prompts_name_the_partner_or_speak_to_someone_alone() -> None:
    appreciations = prompts.get("appreciations")
    assert appreciations is not None
    value = appreciations.prompt("value")
    assert value is not None
    assert value.label_for("Alex") == "What I value in Alex"
    assert value.label_for(None) == "What I value in the people close to me"
    lately = appreciations.prompt("lately")
    assert lately is not None and lately.label_for(None) == lately.label_for("Alex")


def test_a_sentence_builds_from_the_answers() -> None:
    cycle = prompts.get("cycle")
    assert cycle is not None
    answers = {"feel": "ignored.", "tend": " push   harder ", "then": "go quiet"}
    assert cycle.sentence_for(answers, solo=False) == (
        "When I feel ignored, I tend to push harder, hoping …. "
        "Then you seem to go quiet, and I feel …."
    )
    assert "Then the other person seems to go quiet" in cycle.sentence_for(answers, solo=True)
    # Braces someone types are their words, not slots.
    assert "{feel}" in cycle.sentence_for({"feel": "{feel}"}, solo=False)


def test_the_words_fill_in_names_and_keep_paragraphs() -> None:
    setup = prompts.word("setup", "intro")
    assert "\n\n" in setup and "no way to recover" in setup
    assert prompts.word("unlock", "title", name="Sam") == "Sam's journal"
    assert "partner" not in prompts.word("setup", "solo_intro")


# -- the share provider ----------------------------------------------------------------------------
def without_agenda() -> tuple[areas.Area, ...]:
    """The registry as it would be on a Companion with no agenda area."""
    return tuple(area for area in areas.REGISTRY if area.name != "agenda")


def test_without_an_agenda_area_there_is_no_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(areas, "REGISTRY", without_agenda())
    assert share.agenda() is None


def test_the_real_agenda_is_the_provider() -> None:
    target = share.agenda()
    assert target is not None and target.area == "agenda"


def test_the_agenda_provider_is_found_in_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    added: list[tuple] = []

    def add_issue(store, title, raised_by, now, details=""):
        added.append((store, title, raised_by, now, details))
        return {"title": title}

    fake = areas.Area(
        name="agenda",
        title="agenda",
        schema=Schema(1),
        check=lambda store, archived=True: 0,
        records=SimpleNamespace(add_issue=add_issue),  # type: ignore[arg-type]
    )
    monkeypatch.setattr(areas, "REGISTRY", (*without_agenda(), fake))
    target = share.agenda()
    assert target is not None and target.area == "agenda"
    result = share.share("store", target, "Bedtimes", "Sam", "When …, I feel …", NOW)
    assert result == {"title": "Bedtimes"}
    assert added == [("store", "Bedtimes", "Sam", NOW, "When …, I feel …")]


def test_an_agenda_without_add_issue_is_no_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = areas.Area(
        name="agenda",
        title="agenda",
        schema=Schema(1),
        check=lambda store, archived=True: 0,
        records=SimpleNamespace(),  # type: ignore[arg-type]
    )
    monkeypatch.setattr(areas, "REGISTRY", (*without_agenda(), fake))
    assert share.agenda() is None


@given(st.text())
def test_the_quick_clean_on_load_is_exactly_printable(text: str) -> None:
    from companion.reflect.journal import _clean
    from companion.text import printable

    assert _clean(text) == printable(text, keep_newlines=True)


def test_the_quick_clean_sees_every_control_character() -> None:
    from companion.reflect.journal import _clean
    from companion.text import printable

    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xD800, 0xDFFF]:
        text = f"a{chr(code)}b"
        assert _clean(text) == printable(text, keep_newlines=True), hex(code)
