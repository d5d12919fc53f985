"""A repair after a hurt: its rules (`rules`, `parts`), the apology check (`checks`), its
record on disk (`codec`) and the repair area (`records`)."""

from companion.repair.checks import Flag, Rule, check
from companion.repair.parts import (
    CADENCES,
    ApologyDraft,
    Cadence,
    Commitment,
    How,
    Hurt,
    Mark,
    RepairError,
    Report,
    next_cadence,
)
from companion.repair.rules import STEPS, Repair, RepairStep, Stage, confirmed_turn, step_of

__all__ = [
    "CADENCES",
    "STEPS",
    "ApologyDraft",
    "Cadence",
    "Commitment",
    "Flag",
    "How",
    "Hurt",
    "Mark",
    "Repair",
    "RepairError",
    "RepairStep",
    "Report",
    "Rule",
    "Stage",
    "check",
    "confirmed_turn",
    "next_cadence",
    "step_of",
]
