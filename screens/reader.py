"""Markdown as Companion shows it: headings that read as headings, and search matches marked."""

from __future__ import annotations

from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock

MATCH = "bold reverse"
"""How a search match is marked in the text: visible in every theme, and without colour."""


class Reader(Markdown):
    """A guide page (or the safety page, or the welcome text).

    Textual underlines second-level headings in the link colour, so they read
    as links; here headings are bold in the heading colour, and only links
    are underlined.
    """

    DEFAULT_CSS = """
    Reader MarkdownH1 { color: $text-primary; text-style: bold; background: transparent; }
    Reader MarkdownH2 { color: $text-primary; text-style: bold; background: transparent; }
    Reader MarkdownH3 { color: $text; text-style: bold; background: transparent; }
    Reader MarkdownH4, Reader MarkdownH5, Reader MarkdownH6 { color: $text; text-style: bold; }
    """

    def mark(self, words: tuple[str, ...]) -> MarkdownBlock | None:
        """Mark every place the words appear; return the first block holding them all."""
        first: MarkdownBlock | None = None
        wanted = [w.casefold() for w in words if w]
        if not wanted:
            return None
        for block in self.query(MarkdownBlock):
            content = block._content  # the text Textual built for the block
            plain = content.plain.casefold()
            if not plain:
                continue
            marked = content
            for word in wanted:
                start = plain.find(word)
                while start >= 0:
                    marked = marked.stylize(MATCH, start, start + len(word))
                    start = plain.find(word, start + len(word))
            if marked is not content:
                block.set_content(marked)
                if first is None and all(w in plain for w in wanted):
                    first = block
        return first
