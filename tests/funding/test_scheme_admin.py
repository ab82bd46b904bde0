"""An editor keeps a scheme's eligibility in the admin; what cannot be right is refused in Dutch."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from funding.models import Scheme
from poort.models import User
from regions.models import Region
from tests.second_factor import second_factor_entered

pytestmark = pytest.mark.django_db

ADD_URL = "/beheer/funding/scheme/add/"


def scheme(**values) -> Scheme:
    values = {
        "name": "Scholingsfonds Twente",
        "slug": "scholingsfonds-twente",
        "funder": "Regio Twente",
        "level": Scheme.Level.REGIONAL,
        "summary": "Geld voor een opleiding in de techniek.",
        **values,
    }
    return Scheme(**values)


def dutch_errors(unsaved: Scheme) -> dict[str, list[str]]:
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        unsaved.full_clean()
    return refused.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("target_groups", ["werkzoekend"]),
        ("certificate_kinds", ["diploma", "mbo-diploma"]),
        ("learning_paths", ["BBL"]),
    ],
)
def test_an_unknown_value_in_a_list_is_named_in_dutch_with_the_values_that_are_allowed(
    field, value
):
    errors = dutch_errors(scheme(**{field: value}))

    assert list(errors) == [field]
    wrong = value[-1]
    assert errors[field][0].startswith(f"Onbekende waarde: '{wrong}'. Gebruik alleen: ")


def test_target_groups_that_are_not_a_list_are_refused_in_dutch():
    errors = dutch_errors(scheme(target_groups="job_seeking"))

    assert errors["target_groups"] == [
        "Geef een lijst met waarden. Gebruik alleen: employed, job_seeking, self_employed, "
        "returning, student, other."
    ]


def test_lists_of_known_values_and_empty_lists_are_accepted():
    scheme(
        target_groups=["job_seeking", "returning"],
        certificate_kinds=["diploma"],
        learning_paths=[],
    ).full_clean()


def test_a_closing_date_before_the_opening_date_is_refused_next_to_the_closing_date():
    errors = dutch_errors(
        scheme(opens_on=datetime.date(2026, 3, 1), closes_on=datetime.date(2026, 2, 1))
    )

    assert errors == {"closes_on": ["De sluitdatum kan niet voor de openingsdatum liggen."]}


def test_an_own_contribution_that_leaves_more_than_everything_is_refused():
    errors = dutch_errors(scheme(percentage_covered=80, own_contribution_percentage=30))

    assert errors == {
        "own_contribution_percentage": [
            "Het percentage dat de regeling betaalt en de eigen bijdrage mogen samen niet meer "
            "zijn dan 100 procent."
        ]
    }


@pytest.fixture
def editor_client(client):
    """A national editor signed in with password and authenticator app, as the admin demands."""
    editor = User.objects.create_superuser("beheer@goudenpoort.example", "een lang wachtwoord")
    client.force_login(editor)
    return second_factor_entered(client, editor)


def admin_post(**values) -> dict:
    return {
        "name": "Scholingsfonds Twente",
        "slug": "scholingsfonds-twente",
        "funder": "Regio Twente",
        "level": "regional",
        "applicant": "individual",
        "summary": "Geld voor een opleiding in de techniek.",
        "percentage_covered": "100",
        "own_contribution_percentage": "0",
        "status": "open",
        **values,
    }


def test_an_editor_ticks_target_groups_kinds_and_paths_and_they_are_saved_as_lists(editor_client):
    other = Scheme.objects.create(
        name="SLIM", slug="slim", funder="Rijk", level="national", summary="Voor werkgevers."
    )
    twente = Region.objects.get(code="AM05")

    response = editor_client.post(
        ADD_URL,
        admin_post(
            target_groups=["employed", "job_seeking"],
            certificate_kinds=["diploma", "mbo_certificate"],
            learning_paths=["bbl"],
            regions=[twente.pk],
            level_ceiling="4",
            employer_required="on",
            not_combinable_with=[other.pk],
        ),
    )

    assert response.status_code == 302
    saved = Scheme.objects.get(slug="scholingsfonds-twente")
    assert saved.target_groups == ["employed", "job_seeking"]
    assert saved.certificate_kinds == ["diploma", "mbo_certificate"]
    assert saved.learning_paths == ["bbl"]
    assert saved.level_ceiling == 4
    assert saved.employer_required
    assert list(other.not_combinable_with.all()) == [saved]


def test_the_admin_form_shows_the_choices_as_check_boxes_in_dutch(editor_client):
    page = editor_client.get(ADD_URL, headers={"accept-language": "nl"}).content.decode()

    assert 'type="checkbox" name="target_groups" value="job_seeking"' in page
    assert "Werkzoekenden" in page
    assert 'name="certificate_kinds"' in page
    assert 'name="learning_paths"' in page


def test_a_value_that_is_not_on_the_list_gives_a_dutch_error_in_the_admin(editor_client):
    response = editor_client.post(
        ADD_URL, admin_post(target_groups=["werkzoekend"]), headers={"accept-language": "nl"}
    )

    assert response.status_code == 200
    assert "werkzoekend is geen beschikbare keuze" in response.content.decode()
    assert not Scheme.objects.exists()


def test_dates_in_the_wrong_order_give_one_dutch_error_next_to_the_closing_date(editor_client):
    response = editor_client.post(
        ADD_URL,
        admin_post(opens_on="2026-03-01", closes_on="2026-02-01"),
        headers={"accept-language": "nl"},
    )

    page = response.content.decode()
    assert "De sluitdatum kan niet voor de openingsdatum liggen." in page
    assert "scheme_closes_after_opening" not in page
    assert not Scheme.objects.exists()


def test_a_scheme_cannot_be_marked_as_not_combinable_with_itself(editor_client):
    saved = Scheme.objects.create(
        name="SLIM", slug="slim", funder="Rijk", level="national", summary="Voor werkgevers."
    )

    response = editor_client.post(
        f"/beheer/funding/scheme/{saved.pk}/change/",
        admin_post(name="SLIM", slug="slim", level="national", not_combinable_with=[saved.pk]),
    )

    assert response.status_code == 200
    assert not saved.not_combinable_with.exists()
