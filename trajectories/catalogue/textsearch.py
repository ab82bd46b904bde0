"""The text-search helpers of the catalogue: how a search is split into words, and the
PostgreSQL full-text query, prefixes and accent-blind patterns made of them. Shared by the
course queryset, the search and the catalogue index (docs/catalogue.md)."""

import itertools
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache

SEARCH_CONFIG = "dutch"
RANK_WINDOW = 500
MAX_SEARCH_WORDS = 8
KNOWN_WORD_SECONDS = 60 * 60
# What a word is to the search: some course holds it, none does, or a stop word.
KNOWN, UNKNOWN, STOP = "known", "unknown", "stop"
# How long the words of the titles are remembered where no change counter says when they
# change (SQLite).
VOCABULARY_SECONDS = 5 * 60
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


def remember_word_status(word: str, status: str) -> None:
    """Remember for an hour whether some course holds the word (CourseQuerySet._status)."""
    cache.set(known_word_key(word), status, KNOWN_WORD_SECONDS)


def known_word_key(word: str) -> str:
    return f"catalogue:known-word:{word}"


# Words that say nothing about the subject: every course is one (docs/catalogue.md).
NOISE_WORDS = frozenset(
    [
        "cursus",
        "cursussen",
        "opleiding",
        "opleidingen",
        "training",
        "trainingen",
        "scholing",
        "omscholing",
        "vakopleiding",
        "mbo",
        "niveau",
        "course",
        "courses",
        "leren",
        "worden",
    ]
)
LEVEL_WORDS = ("niveau", "mbo")
# How close a title or field word must be to stand for a typed word (trigram similarity,
# as pg_trgm counts it): a word no course holds, and one that some course holds.
CLOSE_TO_UNKNOWN = 0.3
CLOSE_TO_KNOWN = 0.5
# From this length on a word no course holds is also compared with the starts of longer words.
MIN_PREFIX_CORRECTION = 5
# A result this small is worth a "Bedoelde je …?".
FEW_FOR_SUGGESTION = 5


def level_in(text: str) -> int | None:
    """The level a search names: "niveau 2", "mbo-4", "mbo3"; else None."""
    found = re.search(r"\b(?:niveau|mbo)\W*([1-6])\b", text.casefold())
    return int(found.group(1)) if found else None


def subject_words(words: list[str]) -> list[str]:
    """The words that say something about the subject: no noise words, and no level
    ("niveau 2": the level filter)."""
    kept = []
    for number, word in enumerate(words):
        after_level_word = number and words[number - 1] in LEVEL_WORDS
        if word in NOISE_WORDS or (after_level_word and re.fullmatch(r"[1-6]", word)):
            continue
        if re.fullmatch(r"(?:niveau|mbo)[1-6]", word):
            continue
        kept.append(word)
    return kept


def trigrams(word: str) -> frozenset[str]:
    """The trigrams of a word as pg_trgm makes them: two spaces before, one after."""
    padded = f"  {word} "
    return frozenset(padded[start : start + 3] for start in range(len(padded) - 2))


def similarity(word: str, other: str) -> float:
    """pg_trgm's similarity of two words: shared trigrams over all trigrams."""
    mine, theirs = trigrams(word), trigrams(other)
    return len(mine & theirs) / len(mine | theirs)


def closest(word: str, candidates: dict[str, int], at_least: float) -> str | None:
    """The candidate closest to the word, at least that close; of equally close ones the
    one most courses hold, then the first in the alphabet."""
    best, best_key = None, None
    for candidate, courses in candidates.items():
        if candidate == word:
            continue
        key = (similarity(word, candidate), courses, [-ord(char) for char in candidate])
        if key[0] >= at_least and (best_key is None or key > best_key):
            best, best_key = candidate, key
    return best


Term = tuple[str, ...]  # words that must all match


@dataclass(frozen=True)
class WordGroup:
    """One word as typed, and what it stands for: terms of which any may match, the
    first the main one (for ranking)."""

    typed: str
    terms: tuple[Term, ...]

    def tsquery(self) -> str:
        return " | ".join(
            "(" + " & ".join(search_term(word) for word in term) + ")" for term in self.terms
        )


@dataclass(frozen=True)
class Understood:
    """What a search asks for: its word groups, of which `needed` must match.

    With two words or more a course may miss one of them (it ranks below those that match
    all); with one, that one must match.
    """

    groups: tuple[WordGroup, ...] = ()

    @property
    def needed(self) -> int:
        return len(self.groups) - 1 if len(self.groups) >= 2 else len(self.groups)

    def combinations(self) -> list[tuple[WordGroup, ...]]:
        """The sets of groups of which one must match entirely."""
        return list(itertools.combinations(self.groups, self.needed))

    def tsquery(self) -> str:
        """The PostgreSQL text query (raw) that holds exactly the matching courses."""
        return " | ".join(
            "(" + " & ".join(f"({group.tsquery()})" for group in combination) + ")"
            for combination in self.combinations()
        )

    def any_tsquery(self) -> str:
        """Any term of any group: for ranking."""
        return " | ".join(f"({group.tsquery()})" for group in self.groups)

    @property
    def phrase(self) -> str:
        """The main terms in a row, compared with the titles."""
        return " ".join(" ".join(group.terms[0]) for group in self.groups)

    def key(self) -> tuple:
        return tuple((group.typed, group.terms) for group in self.groups)

    def __bool__(self) -> bool:
        return bool(self.groups)
