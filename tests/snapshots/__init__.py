"""Snapshot tests: the pictures a person sees, compared with tests/__snapshots__/."""
