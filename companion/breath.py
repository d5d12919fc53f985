"""The rhythm of the breathing pacer: a slow breath in, a longer breath out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BreathPattern:
    """Seconds to breathe in and out; a longer out-breath helps the body settle."""

    inhale: float = 4.0
    exhale: float = 6.0

    def at(self, seconds: float, width: int) -> tuple[int, bool]:
        """How much of a bar of `width` is filled at `seconds`, and whether it is the in-breath."""
        cycle = self.inhale + self.exhale
        t = seconds % cycle
        if t < self.inhale:
            return round(width * t / self.inhale), True
        return round(width * (1 - (t - self.inhale) / self.exhale)), False
