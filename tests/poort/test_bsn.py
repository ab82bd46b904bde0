"""Spotting a citizen service number (BSN) in free text with the eleven-test."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poort.bsn import contains_bsn, passes_eleven_test

VALID = ["111222333", "123456782", "999999990"]


@pytest.mark.parametrize("number", VALID)
def test_a_number_that_passes_the_eleven_test_is_a_bsn(number):
    assert passes_eleven_test(number)


@pytest.mark.parametrize(
    "number", ["123456789", "111222334", "000000000", "12345678", "1234567820"]
)
def test_other_numbers_are_not(number):
    assert not passes_eleven_test(number)


@pytest.mark.parametrize(
    "text",
    [
        "123456782",
        "mijn bsn is 123456782.",
        "123 456 782",
        "123.456.782",
        "12-34-56-782",
        "bel 0612345678 of 123456782",
    ],
)
def test_a_bsn_is_found_in_free_text_however_it_is_written(text):
    assert contains_bsn(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Magazijnmedewerker",
        "06 12345678",
        "+31 6 12345678",
        "1234567820",  # ten digits
        "a123456789",  # fails the eleven-test
        "Postcode 1234 AB, huisnummer 56",
    ],
)
def test_phone_numbers_and_other_digits_are_not_a_bsn(text):
    assert not contains_bsn(text)


@given(st.integers(min_value=1, max_value=999_999_999))
def test_every_nine_digit_number_is_judged_by_the_eleven_test_alone(number):
    digits = f"{number:09d}"
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    expected = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0
    assert contains_bsn(f"nummer {digits} hier") == expected
