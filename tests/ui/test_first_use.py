"""What a couple meets the first time: focus they can see, words that fit, nothing cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    OptionList,
    RadioSet,
    Static,
)

from companion import guide, words
from companion.clock import FakeClock
from companion.profile import create_profile, load_profile
from companion.screens.confirm import ConfirmScreen
from companion.screens.guide import GuideScreen
from companion.screens.hanging import HangingList
from companion.screens.history import HistoryScreen, TalkDetailScreen
from companion.screens.home import HomeScreen
from companion.screens.home_card import HomeCard
from companion.screens.links import LinksScreen
from companion.screens.partners import PartnersScreen
from companion.screens.prompt_card import PromptCard
from companion.screens.reader import MATCH, Reader
from companion.screens.scroll_area import ScrollArea
from companion.screens.talk import TalkScreen
from companion.screens.talk_card import TalkCard
from companion.screens.timeout import TimeoutScreen
from companion.store import Store
from companion.talk import Phase, TalkStep
from companion.talk import records as talks
from companion.timeout import TimeOutStep

from .helpers import (
    SIZE,
    accept_resume_offer,
    open_setup,
    paste,
    seed_talk,
    shown,
    stored_talks,
)

SEEN_WHEN_FOCUSED = (Input, RadioSet, Button, Checkbox, OptionList, DataTable)
"""Widgets that show focus by themselves (a border, a cursor or a highlight)."""


def invisible_stops(widgets: list[Widget]) -> list[Widget]:
    """Focus stops where nothing would look focused."""
    return [
        w
        for w in widgets
        if not isinstance(w, SEEN_WHEN_FOCUSED)
        and not (isinstance(w, ScrollArea) and w.max_scroll_y > 0)
    ]


# -- 3. focus you can see, and Enter that does the obvious thing -------------------------
async def test_talk_setup_and_ground_rules_have_no_invisible_focus_stop(
    couple: Store, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(pilot)
        chain = screen.focus_chain
        assert not invisible_stops(chain), chain
        assert [w.id for w in chain] == ["topic", "first", "preset", "begin"]

        await paste(pilot, "Sundays")
        await pilot.press("enter")  # enter in a filled topic starts the talk
        assert screen.talk is not None and screen.talk.phase is Phase.GROUND_RULES
        chain = screen.focus_chain
        assert not invisible_stops(chain), chain
        assert [w.id for w in chain][:2] == ["agree0", "agree1"]
        await pilot.press("space", "tab", "space")
        assert app.focused is screen.query_one("#rules-begin", Button)
        await pilot.press("enter")
        assert screen.talk.phase is Phase.SPEAKING


async def test_enter_in_an_empty_topic_says_what_is_missing(
    couple: Store, data_dir: Path, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(pilot)
        await pilot.press("enter")
        assert "Give the talk a topic" in shown(screen.query_one("#setup-problem", Static))
        assert app.focused is screen.query_one("#topic", Input)
    assert stored_talks(data_dir) == []


# -- 4. an unticked box looks empty ----------------------------------------------------------
async def test_an_unticked_box_is_empty_and_a_ticked_one_is_marked(
    couple: Store, clock: FakeClock, make_app
) -> None:
    seed_talk(couple, clock, "Money")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        box = screen.query_one("#agree0", Checkbox)
        assert box.render().plain.startswith("▐ ▌")
        await pilot.click(box)
        assert box.value
        assert box.render().plain.startswith("▐✓▌")
        choice = screen.query_one("#agree1", Checkbox)
        assert "X" not in choice.render().plain


# -- 5. the same words in the footer and on screen; cards say what each one does now --------
async def test_the_answers_read_the_same_in_the_footer_and_on_screen(
    couple: Store, clock: FakeClock, make_app
) -> None:
    seed_talk(couple, clock, "Money", "agreed", "begin", "speaker_done")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        cards = {i: screen.query_one(f"#card{i}", PromptCard) for i in (0, 1)}
        # Alex says it back: Sam is listening now, not speaking
        assert str(cards[0].border_title) == "Sam: listening"
        assert str(cards[1].border_title) == "Alex: saying it back"

        await pilot.press("space")
        assert screen.talk.phase is Phase.CONFIRM
        said = words.data("talk/prompts.toml")["confirm"]
        footer = {key: b.binding.description for key, b in screen.active_bindings.items()}
        assert (footer["y"], footer["n"]) == (said["yes"], said["no"])
        on_screen = shown(screen.query_one("#live-confirm", HangingList))
        assert f"y {said['yes']}" in on_screen and f"n {said['no']}" in on_screen
        assert str(cards[0].border_title) == "Sam: checking"


# -- 7. one count of time-outs, in the summary and the details ------------------------------
async def test_an_undone_time_out_is_neither_counted_nor_listed(
    couple: Store, clock: FakeClock, make_app
) -> None:
    talk = seed_talk(couple, clock, "Money", "agreed", "begin")
    mistake = talks.start_timeout(couple, "Europe/London", clock.now())
    clock.advance(10)
    talks.apply_timeout(couple, mistake.id, TimeOutStep.UNDO, clock.now())
    real = talks.start_timeout(couple, "Europe/London", clock.now())
    clock.advance(20 * 60)
    talks.apply_timeout(couple, real.id, TimeOutStep.COME_BACK, clock.now())
    talks.apply(couple, talk.id, TalkStep.END, clock.now())
    talks.apply(couple, talk.id, TalkStep.FINISH, clock.now())

    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "enter")
        detail = app.screen
        assert isinstance(detail, TalkDetailScreen)
        body = shown(detail.query_one("#detail-body", Static))
        assert "Time-outs taken: 1" in body
        listed = body.split("\nTime-outs\n", 1)[1].strip().splitlines()
        assert len(listed) == 1
        assert "came back to the talk" in listed[0]


# -- 9. words for one person, or two -------------------------------------------------------------
@pytest.mark.parametrize("names", [["Sam"], ["Sam", "Alex"]], ids=["alone", "couple"])
async def test_the_time_out_speaks_to_who_is_there(
    store: Store, make_app, names: list[str]
) -> None:
    create_profile(store, names, "Europe/London")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")
        screen = app.screen
        assert isinstance(screen, TimeoutScreen)
        text = " ".join(shown(w) for w in screen.query(Static))
        if len(names) == 1:
            assert "together" not in text
            assert "you both" not in text
            assert "Don't leave without saying" not in text
            assert "just for you" in text
        else:
            assert "Choose a time together" in text
            assert "for you both" in text


# -- 10. a partner is added (and goes) inside the app ------------------------------------------
async def test_someone_alone_adds_their_partner_from_the_talk_screen(
    store: Store, data_dir: Path, make_app
) -> None:
    create_profile(store, ["Sam"], "Europe/London")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        talk_screen = app.screen
        assert isinstance(talk_screen, TalkScreen)
        assert "command line" not in shown(talk_screen.query_one("#talk-solo-text", Static))
        await pilot.click("#talk-add-partner")
        dialog = app.screen
        assert isinstance(dialog, PartnersScreen)
        await paste(pilot, "sam")  # the same checks as setup: two different names
        await pilot.press("enter")
        assert app.screen is dialog
        assert "same" in shown(dialog.query_one("#partners-problem", Static))
        assert load_profile(Store(data_dir)).partners == ("Sam",)

        dialog.query_one("#partner-name", Input).value = ""
        await paste(pilot, "Alex")
        await pilot.press("enter")
        assert app.screen is talk_screen
        assert load_profile(Store(data_dir)).partners == ("Sam", "Alex")
        assert talk_screen.query_one("#topic", Input)  # the talk can start now


async def test_a_couple_goes_on_alone_after_saying_yes(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, PartnersScreen)
        await pilot.click("#partners-keep1")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        assert isinstance(app.screen, HomeScreen)
        assert load_profile(Store(data_dir)).partners == ("Alex",)
        assert shown(app.screen.query_one("#names", Static)) == "Alex"


async def test_going_on_alone_waits_while_a_talk_is_open(
    couple: Store, data_dir: Path, clock: FakeClock, make_app
) -> None:
    seed_talk(couple, clock, "Money")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#confirm-no")  # not back to the talk just now
        await pilot.press("p")
        await pilot.click("#partners-keep0")
        await pilot.click("#confirm-yes")
        dialog = app.screen
        assert isinstance(dialog, PartnersScreen)
        assert "talk is still open" in shown(dialog.query_one("#partners-problem", Static))
    assert load_profile(Store(data_dir)).partners == ("Sam", "Alex")


# -- 11. the guide: at the match, marked, whole sentences, links by keyboard ------------------
async def test_a_search_result_opens_its_section_at_the_match_with_the_words_marked(
    couple: Store, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "slash")
        await paste(pilot, "coaster")  # only far down "The rules for a turn-taking talk"
        screen = app.screen
        assert isinstance(screen, GuideScreen)
        [hit] = guide.search("coaster")
        listing = screen.query_one("#guide-list", OptionList)
        row = listing.get_option_at_index(0).prompt
        assert hit.snippet in row.plain
        assert hit.snippet.endswith(".")  # a whole sentence, not cut
        await pilot.press("enter", "enter")
        await pilot.pause(0.2)
        reader = screen.query_one("#guide-reader")
        assert screen.section_id == "talk-rules"
        assert reader.scroll_y > 0, "the section opened at the top, not at the match"
        page = screen.query_one(Reader)
        marked = [
            block
            for block in page.query("MarkdownBlock")
            if any(span.style == MATCH for span in block._content.spans)  # type: ignore[attr-defined]
        ]
        assert marked, "the match is not marked"
        assert "coaster" in marked[0]._content.plain  # type: ignore[attr-defined]
        top = marked[0].region.y - reader.region.y
        assert 0 <= top < reader.region.height, "the match is not on screen"


async def test_links_can_be_followed_from_the_keyboard(couple: Store, make_app) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        screen = app.screen
        assert isinstance(screen, GuideScreen) and screen.section_id == "welcome"
        await pilot.press("l")
        links = app.screen
        assert isinstance(links, LinksScreen)
        expected = guide.links_of(guide.get("welcome"))
        assert [link.text for link in links.links] == [link.text for link in expected]
        target = next(i for i, link in enumerate(expected) if link.section == "timeouts")
        await pilot.press(*["down"] * target, "enter")
        await pilot.pause(0.2)
        assert app.screen is screen
        assert screen.section_id == "timeouts"


def test_the_talk_and_the_guide_show_one_list_of_ground_rules() -> None:
    rules = guide.ground_rules()
    text = guide.get("talk-rules").text
    for number, rule in enumerate(rules, start=1):
        assert f"## Rule {number}: {rule['title']}\n" in text
    assert f"## Rule {len(rules) + 1}:" not in text
    assert "ground_rules" not in words.data("talk/prompts.toml")


async def test_the_ground_rules_screen_lists_the_same_rules(
    couple: Store, clock: FakeClock, make_app
) -> None:
    seed_talk(couple, clock, "Money")
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        screen = await accept_resume_offer(pilot)
        listed = shown(screen.query_one("#rules-list", HangingList))
        titles = [rule["title"] for rule in guide.ground_rules()]
        for number, title in enumerate(titles, start=1):
            assert f"{number}. {title}." in listed
        begin = screen.query_one("#rules-begin", Button)
        assert begin.region.bottom <= SIZE[1] - 1, "Begin is under the bottom edge"


# -- 12. the command palette, in a couple's words ------------------------------------------------
async def test_the_palette_has_no_developer_tools_and_names_colours_plainly(
    couple: Store, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for tool in ("Keys", "Maximize", "Screenshot", "Theme", "Minimize"):
            assert tool not in titles
        assert len(titles) == len(set(titles)), "a command is listed twice"
        assert {"Talk", "Guide", "Safety", "Time-out", "Colours", "Quit"} <= set(titles)
        colours = next(c for c in app.get_system_commands(app.screen) if c.title == "Colours")
        colours.callback()
        await pilot.pause(0.3)
        shown_names = [
            str(option.prompt)
            for option in app.screen.query_one("CommandList", OptionList)._options
        ]
        assert any("Light" in name for name in shown_names)
        assert not any("textual-" in name for name in shown_names)


# -- 15. the history table fits its window, nothing cut ----------------------------------------
@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_the_history_shows_whole_topics_and_whole_headers(
    couple: Store, clock: FakeClock, make_app, size: tuple[int, int]
) -> None:
    topic = "Money, and who decides what we spend on the holidays 🙂"
    talk = seed_talk(couple, clock, topic, "agreed", "begin")
    clock.advance(60)
    talks.apply(couple, talk.id, TalkStep.END, clock.now())
    talks.apply(couple, talk.id, TalkStep.FINISH, clock.now())
    app = make_app(couple)
    async with app.run_test(size=size) as pilot:
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one(DataTable)
        for column in table.columns.values():
            assert column.width >= column.label.cell_len, f"{column.label} is cut"
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= size[0]
        lines = [
            "".join(segment.text for segment in line)
            for line in table.render_lines(table.region.reset_offset)
        ]
        flat = " ".join(" ".join(line.split()) for line in lines)
        for word in topic.split():
            assert word in flat, f"{word!r} of the topic is not shown"


# -- 18. home: the couple's front page, built from cards ---------------------------------------
async def test_home_shows_welcome_words_until_a_card_has_something_to_say(
    couple: Store, clock: FakeClock, make_app
) -> None:
    app = make_app(couple)
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        cards = list(home.query_one("#cards").query(HomeCard))
        assert cards and all(card.border_title for card in cards)
        empty = home.query_one("#home-empty", Static)
        assert "press t to start a talk" in shown(empty)
        # every card that has something to say hides the welcome; it shows when none has
        for card in cards:
            card.add_class("-empty")
        home.post_message(HomeCard.Drawn())
        await pilot.pause()
        assert not empty.has_class("-hidden")

        seed_talk(couple, clock, "Money")
        app.poll_store(force=("talks",))
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert empty.has_class("-hidden")
        talk_card = home.query_one(TalkCard)
        assert talk_card.display and str(talk_card.border_title) == "Talk"
        assert "A talk is waiting: Money" in shown(talk_card)
