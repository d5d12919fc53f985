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
from companion import guide, helplines, words
from companion.screens.base import CompanionMixin
from companion.talk import Phase
from companion.words import ContentError

REQUIRED_SECTIONS = (
    "safety",
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
    "faq",
    "attachment-injuries",
    "after-betrayal",
    "inventory",
    "good-relationship",
    "intimacy",
    "perpetual-problems",
    "forgiving-yourself",
    "carers",
    "leaving",
)
TIP_SCREENS = (
    "home",
    "thoughts",
    "clarify",
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


# -- safety first -------------------------------------------------------------------
def test_safety_is_first_in_the_contents() -> None:
    assert SECTION_IDS[0] == "safety"


def test_the_welcome_texts_put_safety_first() -> None:
    """The guide's welcome and the first-run text both open with where to get help."""
    welcome = guide.get("welcome").text
    first_part = welcome.split("\n## ", 2)[1]
    assert first_part.startswith("If someone is not safe")
    assert "](safety.md)" in first_part and "F2" in first_part and "ctrl+q" in first_part
    setup = words.text("setup.md")
    first_paragraph = setup.split("\n\n")[1]
    assert "afraid or unsafe" in first_paragraph and "F2" in first_paragraph


# -- the ideas the guide must hold, each found by a key word ------------------------
IDEAS = {
    # corrections
    "Silent Solution": "safety",
    "press 55": "safety",
    "about half said they screened every couple": "therapists",
    "randomised trials": "therapists",
    "Trials of the therapy itself are few": "therapists",
    "descriptions of cases": "therapists",
    "Time-outs are older than Gottman": "timeouts",
    "Repair Checklist": "repair-phrases",
    "Imago dialogue": "listening",
    "mirroring, validation and empathy": "talk-rules",
    "avoidance (our addition)": "hard-conversations",
    "doesn't push you either way": "therapists",
    "If there are children at home": "timeouts",
    "What you do next is still your choice": "timeouts",
    "simply true": "i-statements",
    "demanding passwords": "repair",
    # safety
    "Right now": "safety",
    "stalkerware": "safety",
    "Private browsing does not defeat spyware": "safety",
    "Clearing all your history at once": "safety",
    "smart-home": "safety",
    "location sharing": "safety",
    "shared cloud": "safety",
    "backups": "safety",
    "paused talk": "safety",
    "companion talks delete": "safety",
    "every gender and every sexuality": "safety",
    "threats to out you": "safety",
    "immigration threats": "safety",
    "intimate images": "safety",
    "strangled": "safety",
    # the missing ideas
    "attachment injuries": "attachment-injuries",
    "Can I count on you?": "attachment-injuries",
    "Am I good enough for you?": "attachment-injuries",
    "ease your own guilt": "after-betrayal",
    "Naming each way it hurt": "after-betrayal",
    "Time alone rarely heals a betrayal": "after-betrayal",
    "Comfort from the one who caused it": "after-betrayal",
    "Meant, not performed": "after-betrayal",
    "honest inventory": "inventory",
    "Feel, want, need": "inventory",
    "Boundaries": "inventory",
    "What a good relationship looks like": "good-relationship",
    "contempt": "good-relationship",
    "distance and isolation cascade": "good-relationship",
    "Rituals of connection": "good-relationship",
    "quantity matters": "good-relationship",
    "small acts of kindness": "good-relationship",
    "Practical support": "good-relationship",
    "responsive desire": "intimacy",
    "sensate focus": "intimacy",
    "Forgiving yourself": "forgiving-yourself",
    "self-compassion": "forgiving-yourself",
    "resentment": "carers",
    "ambiguous loss": "carers",
    "Mentor couples": "self-care",
    "friends and family backed the relationship": "self-care",
    "perpetual problem": "perpetual-problems",
    "The dream inside the conflict": "perpetual-problems",
    "gridlock": "perpetual-problems",
    "When a break can help": "leaving",
    "When a break tends not to help": "leaving",
    "discernment counselling": "leaving",
}


@pytest.mark.parametrize(("words_", "section_id"), IDEAS.items(), ids=list(IDEAS))
def test_search_finds_each_idea_in_its_section(words_: str, section_id: str) -> None:
    hits = guide.search(words_)
    assert section_id in {hit.section.id for hit in hits}, (
        f"searching for {words_!r} does not find the {section_id} section"
    )


# -- every section names its sources ------------------------------------------------
YEAR = re.compile(r"\((?:1[89]|20)\d\d\)|\b(?:1[89]|20)\d\d\b")
ADDRESS = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|gov|net|uk|au|ie|ca)\b")


def sources_of(text: str) -> list[str]:
    """The items of a section's closing "Sources" part ([] if it has none)."""
    head, sep, tail = text.rpartition("\n## Sources\n")
    if not sep or "\n## " in tail:
        return []  # missing, or not the last part of the section
    return [line[2:].strip() for line in tail.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_every_section_ends_with_its_sources(section_id: str) -> None:
    """Each page closes with a Sources list whose items name a work with a year, or an address."""
    items = sources_of(guide.get(section_id).text)
    assert items, f"{section_id} has no Sources list at its end"
    named = [item for item in items if YEAR.search(item) or ADDRESS.search(item)]
    assert named, f"{section_id}: no source names a year or an address"
    for item in items:
        assert YEAR.search(item) or ADDRESS.search(item) or "our own" in item, (
            f"{section_id}: {item!r} names no work (year), address, or says it is our own"
        )


def test_sources_parsing_refuses_a_section_without_sources() -> None:
    assert sources_of("# A page\n\nSome fact.\n") == []
    assert sources_of("# A\n\n## Sources\n\n- Gottman (1999)\n\n## Later\n\nx\n") == []
    assert sources_of("# A\n\n## Sources\n\n- Gottman (1999)\n") == ["Gottman (1999)"]


# -- the help lines -----------------------------------------------------------------
NAMED_LINES = [
    # (country, name, number, text)
    ("US", "National Domestic Violence Hotline", "1-800-799-7233", "START to 88788"),
    ("GB", "National Domestic Abuse Helpline", "0808 2000 247", ""),
    ("GB", "Men's Advice Line", "0808 801 0327", ""),
    ("GB", "Respect phone line", "0808 802 4040", ""),
    ("AU", "1800RESPECT", "1800 737 732", "0458 737 732"),
    ("US", "988 Suicide & Crisis Lifeline", "988", "988"),
    ("CA", "988 Suicide Crisis Helpline", "988", "988"),
    ("GB", "Samaritans", "116 123", ""),
    ("IE", "Samaritans", "116 123", ""),
    ("AU", "Lifeline", "13 11 14", "0477 13 11 14"),
]
EMERGENCY = {"GB": "999", "US": "911", "CA": "911", "IE": "112 or 999", "AU": "000"}


def test_helplines_toml_parses() -> None:
    data = helplines.load()
    assert [c.code for c in data.countries] == list(EMERGENCY)
    assert {c.code: c.emergency for c in data.countries} == EMERGENCY
    assert all(c.silent for c in data.countries)
    assert {f.address for f in data.finders} == {"findahelpline.com", "hotpages.org"}


@pytest.mark.parametrize(("country", "name", "number", "text"), NAMED_LINES)
def test_each_named_line_has_its_number_exactly(
    country: str, name: str, number: str, text: str
) -> None:
    found = [line for line in helplines.load().lines_for(country) if line.name == name]
    assert len(found) == 1, f"{name} is not listed once for {country}"
    [line] = found
    assert line.number == number
    assert line.text == text
    assert line.purpose
    assert re.fullmatch(r"[A-Z][a-z]+ 20\d\d", line.checked), line.checked


def test_every_line_is_dated_and_the_date_is_shown() -> None:
    data = helplines.load()
    assert data.checked() == "checked November 2026"
    for line in data.lines:
        assert line.checked == "November 2026"


def test_within_a_country_abuse_comes_first_then_crisis() -> None:
    data = helplines.load()
    assert [line.kind for line in data.lines_for("GB")] == [
        "abuse",
        "crisis",
        "abuse-men",
        "using-abuse",
    ]
    for country in data.countries:
        kinds = [line.kind for line in data.lines_for(country.code)]
        assert "crisis" in kinds, f"{country.name} has no crisis line"
        assert kinds == sorted(kinds, key=helplines.KINDS.index)


@pytest.mark.parametrize("chosen", ["AU", "IE", "GB", "other", "", "XX"])
def test_the_chosen_country_comes_first_and_none_is_lost(chosen: str) -> None:
    data = helplines.load()
    order = [c.code for c in data.ordered(chosen)]
    assert sorted(order) == sorted(EMERGENCY)
    if chosen in EMERGENCY:
        assert order[0] == chosen
        assert order[1:] == [code for code in EMERGENCY if code != chosen]
    else:
        assert order == list(EMERGENCY)


def test_the_country_choices_end_with_somewhere_else() -> None:
    choices = helplines.load().choices()
    assert [code for code, _ in choices] == [*EMERGENCY, helplines.OTHER]


def test_the_prose_never_repeats_a_help_line_number() -> None:
    """Numbers live in helplines.toml only, so a correction never has to touch prose."""
    numbers = {line.number for line in helplines.load().lines if len(line.number) > 3}
    numbers |= {line.text for line in helplines.load().lines if len(line.text) > 3}
    for path in content_files():
        if path.endswith(".md"):
            text = words.text(path)
            for number in numbers:
                assert number not in text, f"{path} repeats {number}; say it in helplines.toml"


def good_helplines() -> dict:
    return tomllib.loads(words.text("helplines.toml"))


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d["line"][0].update(checked="Nov 2026"), "month and year"),
        (lambda d: d["line"][0].update(checked=""), "checked"),
        (lambda d: d["line"][0].update(countries=["ZZ"]), "countries"),
        (lambda d: d["line"][0].update(kind="other"), "kind"),
        (lambda d: d["line"][0].pop("number"), "number"),
        (lambda d: d["country"].append(dict(d["country"][0])), "once"),
        (lambda d: d.pop("finder"), "finder"),
    ],
    ids=["month", "undated", "country", "kind", "number", "twice", "no-finder"],
)
def test_a_damaged_helplines_file_is_refused_with_a_reason(change, complaint: str) -> None:
    data = good_helplines()
    change(data)
    with pytest.raises(ContentError, match=complaint):
        helplines.parse(data)


# -- search results and links, as a person reads them -------------------------------
@pytest.mark.parametrize("query", ["flooded", "that", "partner", "coaster"])
def test_a_snippet_is_the_whole_sentence_that_holds_the_match(query: str) -> None:
    hits = guide.search(query)
    assert hits
    for hit in hits:
        snippet = hit.snippet
        if snippet not in hit.line:  # shortened, with an ellipsis: only a very long sentence
            assert snippet.strip("…") in hit.line
            assert len(snippet) > guide.SNIPPET_MAX * 0.9
            continue
        assert snippet in hit.line
        assert query in snippet.casefold()
        end = hit.line.find(snippet) + len(snippet)
        assert end == len(hit.line) or hit.line[end] in ' "”’)', (hit.line, snippet)


def test_links_of_a_section_name_where_they_go() -> None:
    links = guide.links_of(guide.get("welcome"))
    assert links
    assert all(link.text and "](" not in link.text for link in links)
    assert len(links) == len(set(links))
    assert any(link.section == "timeouts" for link in links)


def test_words_fit_who_is_there() -> None:
    table = {"a": 1, "b": 2, "solo": {"b": 3}, "couple": {"c": 4}}
    assert words.for_people(table, solo=True) == {"a": 1, "b": 3}
    assert words.for_people(table, solo=False) == {"a": 1, "b": 2, "c": 4}
    timeout = words.for_people(words.data("timeout.toml"), solo=True)
    assert "together" not in timeout["choose"]
    assert not any("together" in line for line in timeout["avoid"])
    assert words.tips("home", solo=True) != words.tips("home")
