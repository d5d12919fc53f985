"""What each stage of the guided check-in shows: its fields, filled from the record on disk."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from companion import words
from companion.checkins.rules import (
    CONCERN_MAX,
    NOTE_MAX,
    TEXT_MAX,
    CheckIn,
    Stage,
    Verdict,
)

VERDICTS = (Verdict.BETTER, Verdict.SAME, Verdict.WORSE)
VERDICT_WORDS = {Verdict.BETTER: "Better", Verdict.SAME: "The same", Verdict.WORSE: "Worse"}


def said(stage: Stage | str) -> dict[str, Any]:
    """The words of one stage, from content/checkins/checkin.toml."""
    return dict(words.data("checkins/checkin.toml")["stage"][str(stage)])


def ask(text: str, checkin: CheckIn, index: int) -> Text:
    """A question to one partner, their names filled in as data (never as markup)."""
    name = checkin.partners[index]
    partner = checkin.partners[1 - index] if len(checkin.partners) == 2 else ""
    return Text(text.replace("{name}", name).replace("{partner}", partner))


def _question(stage: dict[str, Any], checkin: CheckIn, index: int) -> Text:
    key = "ask_solo" if checkin.solo and "ask_solo" in stage else "ask"
    return ask(stage[key], checkin, index)


class VerdictSet(RadioSet):
    """Better / the same / worse, side by side."""

    DEFAULT_CSS = """
    VerdictSet { layout: horizontal; width: auto; height: auto; }
    VerdictSet RadioButton { width: auto; }
    """


def stage_widgets(checkin: CheckIn, next_words: str) -> list[Widget]:
    """The fields of the check-in's stage, each holding what the disk holds."""
    stage = checkin.stage
    if stage is Stage.APPRECIATE:
        words_ = said(stage)
        found: list[Widget] = []
        for index, text in enumerate(checkin.appreciations):
            found.append(Label(_question(words_, checkin, index)))
            found.append(
                Input(
                    text,
                    placeholder=words_["placeholder"],
                    id=f"appreciate-{index}",
                    max_length=TEXT_MAX,
                )
            )
        return found
    if stage is Stage.CONNECT:
        words_ = said(stage)
        found = []
        for index, rating in enumerate(checkin.ratings):
            found.append(Label(_question(words_, checkin, index)))
            found.append(
                Input(
                    "" if rating is None else str(rating),
                    placeholder="1 to 10",
                    id=f"rate-{index}",
                    max_length=2,
                    type="integer",
                    classes="rating",
                )
            )
        return found
    if stage is Stage.REVIEW:
        words_ = said(stage)
        if not checkin.reviews:
            return [Static(Text(words_["empty"]), classes="tip")]
        found = []
        for index, review in enumerate(checkin.reviews):
            found.append(Label(Text.assemble((f"{review.shown_label}: ", "bold"), review.title)))
            with_verdicts = VerdictSet(
                *(
                    RadioButton(VERDICT_WORDS[v], value=review.verdict is v, name=v.value)
                    for v in VERDICTS
                ),
                id=f"verdict-{index}",
            )
            found.append(
                Horizontal(
                    with_verdicts,
                    Input(
                        review.note,
                        placeholder=words_["note"],
                        id=f"note-{index}",
                        max_length=NOTE_MAX,
                    ),
                    classes="review-row",
                )
            )
        return found
    if stage is Stage.CONCERNS:
        words_ = said(stage)
        found = [Static(concern_list(checkin), id="concern-list")]
        for index in range(len(checkin.partners)):
            found.append(Label(_question(words_, checkin, index)))
            found.append(Input(id=f"concern-{index}", max_length=CONCERN_MAX))
        return found
    if stage is Stage.PLAN:
        words_ = said(stage)
        return [
            Label(Text(words_["ask"].replace("{next}", next_words))),
            Input(checkin.plan, placeholder=words_["placeholder"], id="plan", max_length=NOTE_MAX),
        ]
    return []


def concern_list(checkin: CheckIn) -> Text:
    """What has been raised so far, with who raised it and whether it is on the agenda."""
    words_ = said(Stage.CONCERNS)
    if not checkin.concerns:
        return Text(words_["none"], style="italic")
    out = Text()
    for concern in checkin.concerns:
        out.append("• ")
        if not checkin.solo:
            out.append(f"{checkin.partners[concern.by]}: ", style="bold")
        out.append(concern.text)
        if concern.agenda_id is not None:
            out.append(f"  ({words_['added']})", style="italic")
        out.append("\n")
    out.rstrip()
    return out


def intro_widgets(text: str, resume: bool) -> list[Widget]:
    """Before a check-in begins: when it is for, and the button to begin."""
    start = words.data("checkins/checkin.toml")["start"]
    return [
        Static(Text(text), id="ci-intro"),
        Button(
            "Carry on" if resume else start["begin"],
            id="ci-begin",
            variant="primary",
        ),
    ]


def done_widgets(checkin: CheckIn, next_words: str | None) -> list[Widget]:
    """After the finish: thanks, what was planned, and when the next one is."""
    done = said(Stage.DONE)
    body = Text(done["thanks_solo" if checkin.solo else "thanks"] + "\n\n")
    if checkin.plan:
        body.append("Your plan: ", style="bold")
        body.append(checkin.plan + "\n")
    for name, rating in zip(checkin.partners, checkin.ratings, strict=True):
        if rating is not None:
            body.append(
                f"{name}: {rating} out of 10\n"
                if not checkin.solo
                else f"Connection: {rating} out of 10\n"
            )
    body.append("\n")
    if next_words:
        body.append(done["next"].replace("{next}", next_words), style="bold")
    else:
        body.append(done["none"])
    return [Vertical(Static(body, id="ci-done"), Button("Close", id="ci-close", variant="primary"))]
