"""Reflect's keys, in one place: the curtain shared by every Reflect screen and dialog, and the rest.

The screen shows or hides each key by the view it is in (`check_action`), so the
footer and F1 list only what works there.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

CURTAIN = Binding(
    "ctrl+l,f9",
    "curtain",
    "Hide",
    id="reflect_curtain",
    priority=True,  # even while typing
    tooltip="Cover the screen at once and lock your journal",
)

KEYS: list[BindingType] = [
    CURTAIN,
    Binding("n", "write", "Write", id="reflect_write", tooltip="Write freely, a new entry"),
    Binding(
        "p",
        "guided",
        "Guided",
        id="reflect_guided",
        tooltip="A guided reflection, with prompts",
    ),
    Binding(
        "slash",
        "search",
        "Search",
        id="reflect_search",
        show=False,
        tooltip="Search your entries",
    ),
    Binding(
        "d",
        "delete",
        "Delete",
        id="reflect_delete",
        show=False,
        tooltip="Delete this entry, after you confirm",
    ),
    Binding(
        "x",
        "export",
        "Export",
        id="reflect_export",
        show=False,
        tooltip="Save your journal as a Markdown file that is NOT encrypted",
    ),
    Binding(
        "k",
        "passphrase",
        "Passphrase",
        id="reflect_passphrase",
        show=False,
        tooltip="Change your passphrase",
    ),
    Binding(
        "a",
        "lock_after",
        "Auto-lock",
        id="reflect_lock_after",
        show=False,
        tooltip="Choose when your journal locks itself",
    ),
    Binding(
        "escape",
        "leave",
        "Lock",
        id="reflect_leave",
        show=False,  # the footer keeps room for F2; the journal's hint line says it
        tooltip="Lock your journal and leave Reflect",
    ),
    Binding(
        "escape",
        "close_entry",
        "Done",
        id="reflect_close",
        tooltip="Save this entry and go back to your journal",
    ),
    Binding(
        "escape",
        "choose_person",
        "Not you?",
        id="reflect_who",
        tooltip="Choose who is reflecting",
    ),
    Binding(
        "ctrl+s",
        "save_entry",
        "Save",
        id="reflect_save",
        priority=True,
        tooltip="Seal and save this entry now",
    ),
    Binding(
        "ctrl+o",
        "share",
        "To agenda",
        id="reflect_share",
        priority=True,
        tooltip="Put a title and this sentence on the shared agenda; the entry stays private",
    ),
]
