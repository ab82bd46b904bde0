"""What a page answers to values that a hypothesis test puts in its address."""

from collections.abc import Iterable

from poort.middleware import CONTROL_CHARACTERS


def expected_status(values: Iterable[str]) -> int:
    """400 when a value holds a control character, which is refused before any view
    (tests/poort/test_bad_bytes.py); 200 for anything else."""
    return 400 if any(CONTROL_CHARACTERS.search(value) for value in values) else 200
