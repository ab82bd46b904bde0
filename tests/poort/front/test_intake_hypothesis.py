"""Whatever is posted to any intake step, the answer is never a server error."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poort.front.forms import STEP_FORMS
from regions.models import Municipality
from tests.bad_bytes import expected_status
from tests.regions.factories import DeskFactory, SectorFactory

pytestmark = pytest.mark.django_db

VALID = {
    1: {"situation": "employed", "occupation": "Monteur"},
    2: {"sectors": ["elektrotechniek"], "what_matters": ["income"]},
    3: {"municipality": "Enschede"},
    4: {"first_name": "Sanne", "email": "sanne@example.nl", "contact_preference": "email"},
    5: {"consent": "on"},
}
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
known_values = st.sampled_from(
    ["", "on", "employed", "phone", "income", "elektrotechniek", "GM0373", "Bergen", "123456782"]
)
value = st.one_of(text, known_values, st.lists(st.one_of(text, known_values), max_size=4))


def posted_data(step: int) -> st.SearchStrategy[dict]:
    fields = [*STEP_FORMS[step].base_fields, "municipality_code", "website"]
    return st.fixed_dictionaries(
        {},
        optional={
            **dict.fromkeys(fields, value),
            "next": st.just(""),
            "previous": st.just(""),
            "unexpected": text,
        },
    )


@pytest.fixture(autouse=True)
def setup(settings) -> None:
    settings.INTAKE_RATE_LIMIT = "10000/h"
    SectorFactory(name="Elektrotechniek", slug="elektrotechniek")
    DeskFactory(region=Municipality.objects.get(code="GM0153").region)


def url_of_step(client, step: int) -> str:
    """A new intake with every step before `step` answered; the URL of `step`."""
    url = client.get(reverse("orientation"))["Location"]
    for earlier in range(1, step):
        client.post(re.sub(r"/1/$", f"/{earlier}/", url), {**VALID[earlier], "next": ""})
    return re.sub(r"/1/$", f"/{step}/", url)


def check_never_a_server_error(client, step: int, data: dict) -> None:
    url = url_of_step(client, step)
    response = client.post(url, data)
    assert response.status_code < 500, response.status_code
    assert client.get(url).status_code < 500


@pytest.mark.parametrize("step", sorted(STEP_FORMS))
def test_no_input_on_any_step_gives_a_server_error(client, step):
    @HYPOTHESIS
    @given(data=posted_data(step))
    def check(data):
        check_never_a_server_error(client, step, data)

    check()


@HYPOTHESIS
@given(query=text)
def test_no_typeahead_query_gives_a_server_error(client, query):
    response = client.get(
        reverse("intake_municipalities"), {"municipality": query}, headers={"HX-Request": "true"}
    )

    assert response.status_code == expected_status([query])
