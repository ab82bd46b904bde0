"""The text-search helpers of the catalogue: how a search is split into words, and the
PostgreSQL full-text query, prefixes and accent-blind patterns made of them. Shared by the
course queryset, the search and the catalogue index (docs/catalogue.md)."""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache

SEARCH_CONFIG = "dutch"
RANK_WINDOW = 500
MAX_SEARCH_WORDS = 8
KNOWN_WORD_SECONDS = 60 * 60
ACCENTED = {"a": "àáâäå", "c": "ç", "e": "èéêë", "i": "ìíîï", "n": "ñ", "o": "òóôö", "u": "ùúûü"}


def search_words(text: str) -> list[str]:
    """The words of a search in lower case: letters and digits, at most eight."""
    return re.findall(r"[^\W_]+", text.casefold())[:MAX_SEARCH_WORDS]


def accent_blind_pattern(word: str) -> str:
    """A regular expression that finds the word with or without accents ("e" finds "ë")."""
    bare = "".join(
        char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char)
    )
    return "".join(
        f"[{char}{ACCENTED[char]}]" if char in ACCENTED else re.escape(char) for char in bare
    )


def dutch_query(words: list[str]) -> SearchQuery:
    """Every word, as a prefix from three letters on ("lassen" also finds "lasser").

    The words hold only letters and digits (search_words), so quoting them is enough.
    """
    return SearchQuery(
        " & ".join(search_term(word) for word in words), search_type="raw", config=SEARCH_CONFIG
    )


def search_term(word: str) -> str:
    """One word of dutch_query: a prefix from three letters on."""
    return f"'{word}':*" if len(word) >= 3 else f"'{word}'"


def remember_known_word(word: str, known: bool) -> None:
    """Remember for an hour whether some course holds the word (CourseQuerySet._known)."""
    cache.set(known_word_key(word), known, KNOWN_WORD_SECONDS)


def known_word_key(word: str) -> str:
    return f"catalogue:known-word:{word}"
