"""What the person told us about themselves, kept in their session: situation and municipality.

The funding check and the orientation intake store it; the course page and the funding
check read it, so the person answers these questions once. One session key, "profile":
{"situation": "employed", "municipality": "GM0014"}. Part of the base layer of `poort`:
it imports no app, so every app may use it.
"""

import re
from dataclasses import dataclass

from django.contrib.sessions.backends.base import SessionBase

from poort.vocabulary import Situation

SESSION_KEY = "profile"


@dataclass(frozen=True)
class PersonProfile:
    """A Situation value and a CBS municipality code; empty when the person did not say."""

    situation: str = ""
    municipality: str = ""

    @property
    def is_complete(self) -> bool:
        return bool(self.situation and self.municipality)


def clean_situation(value: object) -> str:
    return value if isinstance(value, str) and value in Situation.values else ""


def clean_municipality_code(value: object) -> str:
    if not isinstance(value, str):
        return ""
    code = value.strip().upper()
    return code if re.fullmatch(r"GM[0-9]{4}", code) else ""


def get(session: SessionBase) -> PersonProfile:
    """The stored profile; a value that is missing or not valid reads as empty."""
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return PersonProfile()
    return PersonProfile(
        situation=clean_situation(stored.get("situation")),
        municipality=clean_municipality_code(stored.get("municipality")),
    )


def store(session: SessionBase, *, situation: str, municipality: str) -> None:
    """Keep the person's situation and municipality code (e.g. "GM0014") for later pages."""
    session[SESSION_KEY] = {
        "situation": clean_situation(str(situation)),
        "municipality": clean_municipality_code(municipality),
    }
