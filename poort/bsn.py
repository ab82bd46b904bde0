"""Spotting a Dutch citizen service number (BSN) in free text, so we never store one.

A BSN has nine digits and passes the eleven-test (elfproef): the digits weighted
9, 8, 7, 6, 5, 4, 3, 2 and -1 add up to a multiple of 11.
"""

import re

# Nine digits, optionally grouped with single spaces, dots or hyphens (123 456 782, 123.45.6782).
_DIGIT_GROUPS = re.compile(r"(?<![0-9])[0-9](?:[ .\-]?[0-9])*(?![0-9])")
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_eleven_test(digits: str) -> bool:
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits, _WEIGHTS, strict=True))
    return total % 11 == 0


def contains_bsn(text: str) -> bool:
    """True when the text holds a nine-digit number that passes the eleven-test."""
    for match in _DIGIT_GROUPS.finditer(text):
        run = match.group()
        candidates = {re.sub(r"[ .\-]", "", run), *re.split(r"[ .\-]", run)}
        if any(passes_eleven_test(candidate) for candidate in candidates):
            return True
    return False
