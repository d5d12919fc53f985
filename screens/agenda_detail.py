"""The agenda's detail pane: one issue in full, with its agreements, talks and history."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from companion.agenda import Issue
from companion.when import format_age, format_day


def describe(issue: Issue, tz: str, now: datetime, today: date) -> Text:
    """The issue as a person reads it; every piece of user text is data, never markup."""
    out = Text()
    out.append(issue.title, style="bold")
    out.append("\n")
    out.append(issue.status.label, style="bold")
    out.append(f" · raised by {issue.raised_by} · {issue.kind.value} · ")
    out.append(
        f"{format_day(issue.created, tz)} ({format_age(issue.created, now)}) · #{issue.id}\n"
    )
    if issue.tags:
        out.append("Tags: ", style="bold")
        out.append(", ".join(issue.tags) + "\n")
    if issue.cycle:
        out.append("Cycle: ", style="bold")
        out.append(issue.cycle + "\n")
    if issue.details:
        out.append("\n")
        out.append(issue.details + "\n")
    if issue.agreements:
        out.append("\nAgreements\n", style="bold")
        for agreement in issue.agreements:
            out.append(f" {agreement.id}. ")
            out.append(agreement.what)
            out.append(f" ({agreement.who}, {agreement.state.label}")
            if agreement.review is not None:
                out.append(f", review {agreement.review.strftime('%a %d %b')}")
                if agreement.due(today):
                    out.append(" - due", style="bold")
            out.append(")\n")
    if issue.talks:
        out.append("\nTalks\n", style="bold")
        for note in issue.talks:
            out.append(f" {format_day(note.at, tz)}  ")
            out.append(
                note.understood or "talked it through", style="" if note.understood else "italic"
            )
            out.append("\n")
    if issue.checkins:
        out.append("\nAt check-ins\n", style="bold")
        for said in issue.checkins:
            out.append(f" {format_day(said.at, tz)}  ")
            out.append(said.said)
            out.append("\n")
    out.append("\nHistory\n", style="bold")
    for change in issue.history:
        out.append(f" {format_day(change.at, tz)}  {change.status.label}\n")
    out.rstrip()
    return out


class IssueDetail(VerticalScroll):
    """The highlighted issue in full; tab to it to scroll long details with the keys."""

    DEFAULT_CSS = """
    IssueDetail {
        height: 1fr;
        border-top: solid $primary-muted;
        padding: 0 1;
    }
    IssueDetail:focus { border-top: solid $primary; background-tint: $primary 5%; }
    IssueDetail #detail-text { height: auto; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Text | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="detail-text")

    def show(self, text: Text | None) -> None:
        """Draw `text` (None: nothing selected); repaints only when it changed."""
        if text is not None and self._shown is not None and text == self._shown:
            return
        if text is None and self._shown is None:
            return
        if text is None or self._shown is None or text.plain != self._shown.plain:
            self.scroll_home(animate=False)
        self._shown = text
        self.query_one("#detail-text", Static).update(text if text is not None else "")
