"""Reflect: one private journal per person, sealed with that person's passphrase.

`vault` is the file format (scrypt and AES-256-GCM), `journal` the entries and
their rules, `prompts` the guided reflections from content/reflect/,
`records` the files on disk, and `share` the way a sentence reaches the agenda.
"""
