"""Companion: a terminal app that helps a couple repair and look after their relationship."""

__version__ = "0.1.0"
