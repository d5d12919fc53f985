"""The gentle check on an apology: a table of phrasings, flagged and clean."""

from __future__ import annotations

import pytest

from companion.repair import check
from companion.repair.checks import Rule, rules

FLAGGED = [
    ("I'm sorry, but you had been so distant.", "but", "but"),
    ("I am sorry. However, it was late.", "but", "However"),
    ("I'm sorry if you were hurt by it.", "if", "if you were hurt"),
    ("I apologise if I upset you.", "if", "if I upset you"),
    ("I'm sorry you feel that way.", "your-feelings", "sorry you feel"),
    ("I’m sorry you’re upset.", "your-feelings", "sorry you’re upset"),
    ("SORRY YOU FELT LEFT OUT", "your-feelings", "SORRY YOU FELT"),
    ("You made me feel unwanted, so I did it.", "blame", "You made me"),
    ("you  drove\nme to it", "blame", "you  drove\nme"),
    ("I just wanted some attention.", "smaller", "just"),
    ("It was only once.", "smaller", "only"),
    ("Honestly it was nothing.", "smaller", "it was nothing"),
    ("It's not a big deal, really.", "smaller", "not a big deal"),
    ("Can we move on now?", "move-on", "move on"),
    ("I want to put this behind us.", "move-on", "put this behind us"),
    ("How long are you going to hold on to this?", "move-on", "How long are you going to"),
    ("Please forgive me.", "forgive-me", "forgive me"),
    ("Mistakes were made.", "nobody-did-it", "Mistakes were made"),
    ("I was drunk that night.", "excuse", "I was drunk"),
]

CLEAN = [
    "I lied to you about where I was on Friday nights.",
    "It was my choice, and my responsibility.",
    "You trusted me and I broke that trust.",
    "Justice matters to you, and I was unfair.",  # "just" inside "justice"
    "I will press the button to call you at lunch.",  # "but" inside "button"
    "I am sorry for what I did to you.",
    "Tell me what you need from me now.",
    "I will put my phone on the table, face up, every evening.",
    "The only thing I want is to understand what I did.".replace("only ", "one "),
    "I moved our savings without asking you.",  # "move" is not "move on"
    "I was rebutting everything you said.",  # "but" inside a word
    "Ifs and excuses would be wrong here.",
]


@pytest.mark.parametrize(("text", "rule", "phrase"), FLAGGED)
def test_flagged(text: str, rule: str, phrase: str) -> None:
    flags = check(text)
    assert [(f.rule, f.phrase) for f in flags] == [(rule, phrase)]
    assert flags[0].why and "\n" not in flags[0].why
    assert text[flags[0].start : flags[0].end] == phrase


@pytest.mark.parametrize("text", CLEAN)
def test_clean(text: str) -> None:
    assert check(text) == []


def test_several_flags_in_order_and_the_longer_phrase_wins() -> None:
    flags = check("It was nothing, just a chat, but can we move on?")
    assert [f.phrase for f in flags] == ["It was nothing", "just", "but", "move on"]


def test_every_rule_in_content_has_phrases_and_a_one_line_why() -> None:
    found = rules()
    assert len(found) >= 6
    for rule in found:
        assert rule.phrases and rule.why and "\n" not in rule.why
        assert all(p == p.lower() for p in rule.phrases), rule.id


def test_rules_can_be_given_instead_of_read() -> None:
    mine = (Rule("x", ("look here",), "Why."),)
    assert [f.phrase for f in check("Look  here, please", mine)] == ["Look  here"]
    assert check("looking here", mine) == []
