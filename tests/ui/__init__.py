"""Pilot tests: keys in, domain state and disk state out."""
