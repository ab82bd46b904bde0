"""Refer on, once: to another region's desk or to a provider, with the whole history, the
receiver told through the outbox; a second onward referral is refused with an explanation."""

import pytest
from django.test import Client
from django.urls import reverse

from poort.models import Notification
from tests.regions.factories import DeskFactory, active_desk, region
from tests.trajectories.factories import ProviderFactory, ReferralFactory
from tests.trajectories.test_dashboard_permissions import (
    REGION_B,
    client_for,
    past_second_factor,
    staff,
)
from trajectories.models import ContactMoment, OnwardReferral, Referral, ReferralError

pytestmark = pytest.mark.django_db

Status = Referral.Status
ONCE_ONLY = "Deze persoon is al een keer doorverwezen."


@pytest.fixture
def adviser():
    return staff(first_name="Fenna")


@pytest.fixture
def client(adviser) -> Client:
    return past_second_factor(Client(), adviser)


@pytest.fixture
def utrecht_desk():
    return active_desk(region(REGION_B))


def refer_on_url(referral: Referral) -> str:
    return reverse("dashboard:referral_refer_on", args=[referral.pk])


def test_the_person_goes_to_the_other_desk_with_everything_they_told_us(adviser, utrecht_desk):
    referral = ReferralFactory(interest=True, status=Status.CONTACTED)

    referral.refer_on(by=adviser, to_desk=utrecht_desk, reason="Verhuisd naar Utrecht")

    new = Referral.objects.get(referred_from=referral)
    assert (new.region, new.desk, new.status) == (utrecht_desk.region, utrecht_desk, Status.NEW)
    assert new.candidate == referral.candidate
    assert (new.kind, new.course, new.interests) == (
        referral.kind,
        referral.course,
        referral.interests,
    )
    assert new.contact_preference == referral.contact_preference
    referral.refresh_from_db()
    assert referral.status == Status.REFERRED_ON
    assert not referral.is_open


def test_the_receiving_desk_gets_one_e_mail_through_the_outbox(adviser, utrecht_desk):
    referral = ReferralFactory(candidate__first_name="Joris")

    referral.refer_on(by=adviser, to_desk=utrecht_desk, reason="Verhuisd")

    notification = Notification.objects.get(kind="referral_new", recipient=utrecht_desk.email)
    assert notification.context["first_name"] == "Joris"
    assert notification.context["desk_name"] == utrecht_desk.name
    assert notification.context["contact_within_days"] == utrecht_desk.contact_within_days


def test_a_provider_with_an_intake_address_gets_the_e_mail(adviser):
    provider = ProviderFactory()
    referral = ReferralFactory()

    onward = referral.refer_on(by=adviser, to_provider=provider, reason="Past beter")

    assert onward.to_provider == provider
    assert Notification.objects.filter(recipient=provider.intake_email).count() == 1
    referral.refresh_from_db()
    assert referral.status == Status.REFERRED_ON


def test_a_second_onward_referral_of_the_same_referral_is_refused(adviser, utrecht_desk):
    referral = ReferralFactory()
    referral.refer_on(by=adviser, to_desk=utrecht_desk, reason="Verhuisd")

    with pytest.raises(ReferralError, match=ONCE_ONLY):
        referral.refer_on(by=adviser, to_provider=ProviderFactory(), reason="Toch anders")

    assert OnwardReferral.objects.count() == 1
    assert Notification.objects.filter(kind="referral_new").count() == 1


def test_a_referral_that_came_from_an_onward_referral_is_not_referred_on_again(
    adviser, utrecht_desk
):
    referral = ReferralFactory()
    referral.refer_on(by=adviser, to_desk=utrecht_desk, reason="Verhuisd")
    new = Referral.objects.get(referred_from=referral)

    with pytest.raises(ReferralError):
        new.refer_on(by=adviser, to_desk=DeskFactory(region=region("AM02")), reason="Weer")

    assert Referral.objects.count() == 2


def test_a_closed_referral_is_not_referred_on(adviser, utrecht_desk):
    referral = ReferralFactory(status=Status.COMPLETED)

    with pytest.raises(ReferralError):
        referral.refer_on(by=adviser, to_desk=utrecht_desk, reason="Verhuisd")


def test_the_form_lists_the_active_desks_of_other_regions_and_providers_with_an_address(
    client, utrecht_desk
):
    referral = ReferralFactory()
    inactive = DeskFactory(region=region("AM02"), is_active=False)
    national = DeskFactory(national=True)
    with_address, without = ProviderFactory(), ProviderFactory(intake_email="")

    form = client.get(refer_on_url(referral)).context["form"]

    desks = list(form.fields["to_desk"].queryset)
    assert utrecht_desk in desks and national in desks
    assert referral.desk not in desks and inactive not in desks
    providers = list(form.fields["to_provider"].queryset)
    assert with_address in providers and without not in providers


def test_the_adviser_refers_on_through_the_form_and_sees_where_it_went(client, utrecht_desk):
    referral = ReferralFactory()

    response = client.post(
        refer_on_url(referral),
        {"to_desk": utrecht_desk.pk, "reason_code": "lives_there", "reason": "Verhuisd"},
        follow=True,
    )

    page = response.content.decode()
    assert f"De aanmelding is naar {utrecht_desk.name} gegaan." in page
    assert f"Doorverwezen naar {utrecht_desk.name}" in page


def test_the_form_asks_for_one_receiver_and_a_reason(client, utrecht_desk):
    referral = ReferralFactory()

    neither = client.post(refer_on_url(referral), {"reason": ""}).content.decode()
    both = client.post(
        refer_on_url(referral),
        {
            "to_desk": utrecht_desk.pk,
            "to_provider": ProviderFactory().pk,
            "reason_code": "lives_there",
        },
    ).content.decode()

    assert "Kies een loket of een opleider." in neither
    assert "Kies waarom je de persoon doorverwijst." in neither
    assert "Kies één loket of één opleider, niet allebei." in both
    assert not OnwardReferral.objects.exists()


def test_a_second_onward_referral_through_the_form_is_explained_in_dutch(client, utrecht_desk):
    referral = ReferralFactory()
    client.post(
        refer_on_url(referral),
        {"to_desk": utrecht_desk.pk, "reason_code": "lives_there", "reason": "Verhuisd"},
    )

    again = client.post(
        refer_on_url(referral),
        {"to_provider": ProviderFactory().pk, "reason_code": "provider_signs_up"},
    )

    assert again.status_code == 200
    assert ONCE_ONLY in again.content.decode()
    assert OnwardReferral.objects.count() == 1


def test_the_receiving_desk_sees_the_earlier_history_and_contacts(adviser, utrecht_desk):
    referral = ReferralFactory()
    referral.log_contact(adviser, ContactMoment.Channel.PHONE, "Gaat verhuizen naar Utrecht")
    referral.refer_on(by=adviser, to_desk=utrecht_desk, reason="Verhuisd")
    new = Referral.objects.get(referred_from=referral)

    page = client_for("adviser B").get(reverse("dashboard:referral", args=[new.pk]))

    text = page.content.decode()
    assert "Gaat verhuizen naar Utrecht" in text
    assert "Voor de doorverwijzing" in text
    assert "al een keer doorverwezen" in text


def test_the_new_referral_is_in_the_queue_of_the_receiving_region_only(adviser, utrecht_desk):
    referral = ReferralFactory(candidate__first_name="Joris")
    referral.refer_on(by=adviser, to_desk=utrecht_desk, reason="Verhuisd")

    queue_b = client_for("adviser B").get("/dashboard/").context["page_obj"]

    assert [item.referred_from for item in queue_b] == [referral]


def test_the_queue_counts_how_many_went_on_and_where(client, adviser, utrecht_desk):
    provider = ProviderFactory(name="Techniekschool Noord")
    for _ in range(2):
        ReferralFactory().refer_on(by=adviser, to_desk=utrecht_desk, reason="Verhuisd")
    ReferralFactory().refer_on(by=adviser, to_provider=provider, reason="Past beter")

    page = client.get("/dashboard/").content.decode()

    assert "Doorverwezen: 3 aanmeldingen" in page
    assert f"{utrecht_desk.name}: 2" in page
    assert "Techniekschool Noord: 1" in page
