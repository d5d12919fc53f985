"""Reconnect: our picture, daily rituals, the deck, and comfort when the hurt comes back.

Rules in `rules` (limits and content in `parts`), the record on disk in
`codec`, and the reconnect area's steps in `records`.
"""
