"""The words in content/: every file parses, the guide holds together, and search finds it."""

from __future__ import annotations

import importlib
import pkgutil
import re
import tomllib
from importlib.resources import files
from importlib.resources.abc import Traversable

import pytest

import companion.screens as screens_pkg
from companion import guide, words
from companion.screens.base import CompanionMixin
from companion.talk import Phase

REQUIRED_SECTIONS = (
    "welcome",
    "talk-rules",
    "i-statements",
    "listening",
    "repair-phrases",
    "timeouts",
    "hard-conversations",
    "repair",
    "check-ins",
    "cycles",
    "self-care",
    "therapists",
    "safety",
    "faq",
)
TIP_SCREENS = (
    "home",
    "talk_setup",
    "ground_rules",
    "speaking",
    "paraphrase",
    "confirm",
    "closing",
    "timeout",
    "history",
)
SECTION_IDS = [s.id for s in guide.sections()]
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def content_files(node: Traversable | None = None, prefix: str = "") -> list[str]:
    """Every file in the content package, as paths like "guide/welcome.md"."""
    node = node or files(words.PACKAGE)
    found: list[str] = []
    for child in node.iterdir():
        if child.is_dir():
            if child.name != "__pycache__":
                found += content_files(child, f"{prefix}{child.name}/")
        elif child.is_file():
            found.append(prefix + child.name)
    return sorted(found)


def prose_lines(text: str) -> list[str]:
    """Lines of plain prose: no heading, list, quote, table or inline markup."""
    keep = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in "#-*>|" or re.match(r"\d+\.", stripped):
            continue
        if any(mark in stripped for mark in "[]*_`"):
            continue
        keep.append(stripped)
    return keep


def distinctive_phrase(section: guide.Section) -> str:
    """The first sentence of the section's second paragraph of prose (or its first)."""
    lines = prose_lines(section.text)
    assert lines, f"{section.id} has no plain paragraph to search for"
    paragraph = lines[1] if len(lines) > 1 else lines[0]
    return SENTENCE_END.split(paragraph)[0]


# -- the files ---------------------------------------------------------------------
TOML_FILES = [path for path in content_files() if path.endswith(".toml")]


def test_the_content_package_has_toml_and_markdown() -> None:
    listed = content_files()
    assert "guide/sections.toml" in TOML_FILES
    assert "help.toml" in TOML_FILES and "tips.toml" in TOML_FILES
    assert sum(path.endswith(".md") for path in listed) >= len(REQUIRED_SECTIONS)


@pytest.mark.parametrize("path", TOML_FILES)
def test_every_toml_file_parses(path: str) -> None:
    raw = words.text(path)
    parsed = tomllib.loads(raw)
    assert parsed, f"{path} is empty"
    assert words.data(path) == parsed


# -- the guide -------------------------------------------------------------------
def test_the_required_sections_exist() -> None:
    missing = set(REQUIRED_SECTIONS) - set(SECTION_IDS)
    assert not missing, f"guide sections missing: {sorted(missing)}"
    assert len(SECTION_IDS) == len(set(SECTION_IDS)), "a section id is listed twice"


def test_every_markdown_file_in_the_guide_is_listed() -> None:
    pages = [path for path in content_files() if path.startswith("guide/") and path.endswith(".md")]
    assert {path.removeprefix("guide/").removesuffix(".md") for path in pages} == set(SECTION_IDS)


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_each_section_has_a_file_titled_as_listed(section_id: str) -> None:
    section = guide.get(section_id)
    assert section is not None
    text = section.text
    assert text.splitlines()[0] == f"# {section.title}"
    assert section.summary, f"{section_id} needs a summary for the contents"
    assert len(text.strip().splitlines()) > 3


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_every_link_in_a_section_resolves(section_id: str) -> None:
    section = guide.get(section_id)
    for href in guide.links(section):
        if href.startswith(("https://", "http://", "mailto:", "tel:")):
            continue  # leaves Companion on purpose
        assert href.split("#", 1)[0].endswith(".md"), f"{section_id}: odd link {href!r}"
        target = guide.resolve_link(href)
        assert target is not None, f"{section_id}: {href!r} leads nowhere"
        assert guide.get(target) is not None


def test_resolve_link_refuses_what_is_not_a_section() -> None:
    assert guide.resolve_link("timeouts.md") == "timeouts"
    assert guide.resolve_link("./timeouts.md#flooding") == "timeouts"
    assert guide.resolve_link("nowhere.md") is None
    assert guide.resolve_link("../timeouts.md") is None
    assert guide.resolve_link("https://example.org/timeouts.md") is None


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_search_finds_a_distinctive_sentence_in_its_section(section_id: str) -> None:
    section = guide.get(section_id)
    phrase = distinctive_phrase(section)
    assert len(phrase.split()) >= 4, f"{section_id}: {phrase!r} is too short to be distinctive"
    hits = guide.search(phrase)
    assert hits, f"searching for {phrase!r} found nothing"
    assert {hit.section.id for hit in hits} == {section_id}
    assert phrase in hits[0].line


def test_search_matches_titles_and_ignores_case() -> None:
    title = guide.get("timeouts").title
    hits = guide.search(title.upper())
    assert any(hit.section.id == "timeouts" and hit.line == title for hit in hits)
    assert guide.search("   ") == []
    assert guide.search("zzqx-not-in-the-guide") == []


# -- help and tips ---------------------------------------------------------------
def screen_classes() -> list[type]:
    """Every Companion screen and dialog class defined in the screens package."""
    for module in pkgutil.iter_modules(screens_pkg.__path__):
        importlib.import_module(f"{screens_pkg.__name__}.{module.name}")
    found: list[type] = []
    pending = list(CompanionMixin.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return [cls for cls in found if cls.__module__.startswith(screens_pkg.__name__)]


def test_every_screen_has_help_with_a_guide_section() -> None:
    help_entries = words.data("help.toml")
    classes = screen_classes()
    names = {cls.__name__ for cls in classes}
    assert {"HomeScreen", "TalkScreen", "TimeoutScreen", "GuideScreen", "SafetyScreen"} <= names
    for cls in classes:
        entry = help_entries.get(cls.HELP_KEY)
        assert entry is not None, f"{cls.__name__}.HELP_KEY {cls.HELP_KEY!r} is not in help.toml"
        assert entry.get("about"), f"help.toml [{cls.HELP_KEY}] needs an about line"
        assert entry.get("section") in SECTION_IDS, (
            f"help.toml [{cls.HELP_KEY}] points to {entry.get('section')!r}, not a guide section"
        )


@pytest.mark.parametrize("screen", TIP_SCREENS)
def test_tips_exist_for_each_screen(screen: str) -> None:
    tips = words.tips(screen)
    assert tips, f"tips.toml has no tips for {screen}"
    for tip in tips:
        assert isinstance(tip, str) and tip.strip()
        assert len(tip) < 100, f"tip for {screen} is {len(tip)} characters: {tip!r}"


def test_every_open_talk_phase_has_tips() -> None:
    """The talk screen shows a tip for whichever phase it is in."""
    for phase in Phase:
        if phase is not Phase.ENDED:
            assert words.tips(phase.value), f"no tips for the {phase.value} phase"
