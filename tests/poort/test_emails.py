"""Each kind of e-mail reads as plain Dutch for its reader, in text and in HTML."""

import pytest

from poort.emails import KINDS, build_message, check_context
from poort.models import Notification

CONTEXTS = {
    "referral_new": {
        "first_name": "Sanne",
        "municipality": "'s-Hertogenbosch",
        "region": "Noordoost-Brabant",
        "situation": "Ik heb een baan",
        "occupation": "",
        "interests": ["Installatietechniek", "Elektrotechniek"],
        "what_matters": [],
        "contact_preference": "Telefonisch",
        "kind": "interest",
        "course_title": "Monteur zon & wind <basis>",
        "desk_name": "Werkcentrum Noordoost-Brabant",
        "dashboard_url": "https://goudenpoort.example/dashboard/",
        "contact_within_days": 5,
    },
    "referral_confirmation": {
        "first_name": "Sanne",
        "desk_name": "Werkcentrum Noordoost-Brabant",
        "desk_phone": "073 123 45 67",
        "desk_email": "loket@werkcentrum.example",
        "desk_website": "",
        "contact_within_days": 1,
        "contact_preference": "Telefonisch",
        "status_url": "https://goudenpoort.example/aanvraag/abc/",
    },
    "referral_reminder": {
        "referral_id": 42,
        "desk_name": "Werkcentrum Twente",
        "days_waiting": 7,
        "created_on": "2026-03-02",
        "dashboard_url": "https://goudenpoort.example/dashboard/",
        "contact_within_days": 5,
    },
    "interest_provider": {
        "provider_name": "Techniekschool Oost",
        "first_name": "Sanne",
        "course_title": "Monteur warmtepompen",
        "offering": "2 maart 2027, Enschede",
        "municipality": "Enschede",
        "desk_name": "Werkcentrum Twente",
    },
    "desk_missing": {
        "region": "Twente",
        "referral_id": 42,
        "dashboard_url": "https://goudenpoort.example/dashboard/",
    },
    "check_in": {
        "first_name": "Sanne",
        "course_title": "Monteur warmtepompen",
        "months": 3,
        "answer_url": "https://goudenpoort.example/hoe-gaat-het/abc/",
        "desk_name": "Werkcentrum Twente",
        "desk_phone": "053 123 45 67",
    },
    "check_in_adviser": {
        "first_name": "Sanne",
        "course_title": "Monteur warmtepompen",
        "months": 6,
        "referral_id": 42,
        "due_on": "2027-09-01",
        "referral_url": "https://goudenpoort.example/dashboard/aanmeldingen/42/",
    },
    "check_in_problem": {
        "first_name": "Sanne",
        "course_title": "Monteur warmtepompen",
        "months": 1,
        "referral_id": 42,
        "referral_url": "https://goudenpoort.example/dashboard/aanmeldingen/42/",
    },
    "referral_referred_on": {
        "first_name": "Pieter",
        "receiver": "Werkcentrum Drenthe",
        "from_desk": "Werkcentrum Groningen",
        "reason": "je in hun regio woont",
        "promise": "Werkcentrum Drenthe belt je uiterlijk donderdag 10 december.",
        "status_url": "https://goudenpoort.example/aanvraag/abc/",
        "desk_name": "Werkcentrum Drenthe",
        "desk_phone": "0592 123 456",
        "desk_email": "loket@werkcentrum-drenthe.example",
    },
    "trajectory_planned": {
        "first_name": "Pieter",
        "course_title": "Monteur warmtepompen",
        "provider_name": "Noorderpoort",
        "start_date": "2027-03-01",
        "end_date": "2027-07-16",
        "place": "Groningen",
        "cost": "2450.00",
        "funding": [{"scheme": "Scholingsbudget Techniek", "amount": "1000.00"}],
        "own_contribution": "1450.00",
        "changed": False,
        "status_url": "https://goudenpoort.example/aanvraag/abc/",
        "desk_name": "Werkcentrum Groningen",
        "desk_phone": "050 123 45 67",
        "desk_email": "loket@werkcentrum-groningen.example",
    },
    "referral_withdrawn": {
        "first_name": "Pieter",
        "status_url": "https://goudenpoort.example/aanvraag/abc/",
        "ask_again_url": "https://goudenpoort.example/orienteren/",
        "desk_name": "Werkcentrum Groningen",
        "desk_phone": "",
        "desk_email": "loket@werkcentrum-groningen.example",
    },
}

# For each kind: its Dutch subject, and a sentence that both the text and the HTML say.
EXPECTED = {
    "referral_referred_on": (
        "Je aanvraag ligt nu bij Werkcentrum Drenthe",
        "Werkcentrum Drenthe belt je uiterlijk donderdag 10 december.",
    ),
    "trajectory_planned": ("Je plan: Monteur warmtepompen", "− € 1.000"),
    "referral_withdrawn": (
        "Je aanvraag is ingetrokken",
        "Je kunt altijd opnieuw advies vragen. Het is gratis.",
    ),
    "referral_new": (
        "Nieuwe aanvraag: Sanne uit 's-Hertogenbosch",
        "Neem binnen 5 werkdagen contact op met Sanne.",
    ),
    "referral_confirmation": (
        "We hebben je aanvraag ontvangen",
        "Binnen 1 werkdag neemt een adviseur contact met je op.",
    ),
    "referral_reminder": (
        "Herinnering: aanvraag 42 wacht op contact",
        "Aanvraag 42 kwam binnen op 2 maart 2026.",
    ),
    "interest_provider": (
        "Interesse in Monteur warmtepompen",
        "Sanne uit Enschede heeft interesse in jullie opleiding Monteur warmtepompen.",
    ),
    "desk_missing": (
        "Geen actief loket in Twente: er wacht een aanvraag",
        "Maar deze regio heeft nu geen actief loket.",
    ),
    "check_in": (
        "Hoe gaat het met je opleiding?",
        "Je bent 3 maanden geleden begonnen met de opleiding Monteur warmtepompen.",
    ),
    "check_in_adviser": (
        "Vraag Sanne hoe het gaat (aanvraag 42)",
        "Op 1 september 2027 is Sanne 6 maanden bezig met de opleiding Monteur warmtepompen.",
    ),
    "check_in_problem": (
        "Sanne heeft een probleem en wil gebeld worden (aanvraag 42)",
        "Het antwoord: ‘Ik heb een probleem. Bel me alsjeblieft.’",
    ),
}


def message_for(email_kind: str, /, language: str = "nl", **context):
    notification = Notification(
        kind=email_kind,
        recipient="someone@example.nl",
        context={**CONTEXTS[email_kind], **context},
        language=language,
    )
    return build_message(notification)


def parts(message) -> tuple[str, str]:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return message.body, html


def test_every_kind_has_a_sample_here():
    assert set(KINDS) == set(CONTEXTS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_email_has_a_dutch_subject_and_says_the_same_in_text_and_html(kind):
    message = message_for(kind)
    text, html = parts(message)

    subject, sentence = EXPECTED[kind]
    assert message.subject == subject
    assert sentence in text
    assert sentence in html


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_email_says_why_the_reader_gets_it(kind):
    text, html = parts(message_for(kind))

    assert "Je krijgt deze e-mail omdat" in text
    assert "Je krijgt deze e-mail omdat" in html


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_html_is_a_dutch_document_with_one_heading_and_layout_tables(kind):
    _, html = parts(message_for(kind))

    assert '<html lang="nl">' in html
    assert html.count("<h1") == 1
    assert 'role="presentation"' in html
    assert "<script" not in html


def test_the_plain_text_is_not_html_escaped_and_the_html_is():
    message = message_for("referral_new")
    text, html = parts(message)

    assert "'s-Hertogenbosch" in message.subject
    assert "Monteur zon & wind <basis>" in text
    assert "Monteur zon &amp; wind &lt;basis&gt;" in html
    assert "<basis>" not in html


def test_the_desk_sees_what_the_person_did_not_fill_in():
    text, _ = parts(message_for("referral_new"))

    assert "Huidig of laatste beroep: Niet ingevuld" in text
    assert "Wat belangrijk is: Niet ingevuld" in text
    assert "Interesse in: Installatietechniek, Elektrotechniek" in text


def test_an_orientation_request_without_a_course_says_so():
    context = {**CONTEXTS["referral_new"], "kind": "intake"}
    del context["course_title"]
    notification = Notification(kind="referral_new", recipient="desk@example.nl", context=context)

    text, _ = parts(build_message(notification))

    assert "wil graag advies over werken en leren in de techniek" in text
    assert "Opleiding:" not in text


def test_one_working_day_is_singular():
    text, _ = parts(message_for("referral_new", contact_within_days=1))

    assert "Neem binnen 1 werkdag contact op met Sanne." in text


def test_a_reply_to_the_confirmation_goes_to_the_desk():
    assert message_for("referral_confirmation").reply_to == ["loket@werkcentrum.example"]
    assert message_for("referral_new").reply_to == []


def test_the_confirmation_leaves_out_desk_details_the_desk_does_not_have():
    text, html = parts(message_for("referral_confirmation"))

    assert "Telefoon: 073 123 45 67" in text
    assert "Website:" not in text
    assert 'href="tel:0731234567"' in html


def test_an_email_is_english_when_the_person_used_the_site_in_english():
    message = message_for("referral_confirmation", language="en")

    assert message.subject == "We have received your request"
    assert "An adviser will contact you within 1 working day." in message.body


def test_a_retry_carries_the_same_message_id_so_a_mail_server_can_drop_a_duplicate():
    notification = Notification(
        kind="desk_missing", recipient="c@example.nl", context=CONTEXTS["desk_missing"]
    )

    first, second = build_message(notification), build_message(notification)

    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"] == f"<{notification.public_id}@goudenpoort.nl>"


def test_an_unknown_kind_or_a_wrong_context_is_refused_before_anything_is_written():
    with pytest.raises(ValueError, match="Unknown notification kind"):
        check_context("newsletter", {})
    with pytest.raises(ValueError, match="missing"):
        check_context("desk_missing", {"region": "Twente"})
    with pytest.raises(ValueError, match="not allowed"):
        check_context("desk_missing", {**CONTEXTS["desk_missing"], "phone": "06 12345678"})


def test_the_check_in_offers_each_answer_as_a_link_and_the_desk_by_phone():
    text, html = parts(message_for("check_in"))

    assert "Het gaat goed: https://goudenpoort.example/hoe-gaat-het/abc/?antwoord=goed" in text
    assert "Ik ben gestopt: https://goudenpoort.example/hoe-gaat-het/abc/?antwoord=gestopt" in text
    assert 'href="https://goudenpoort.example/hoe-gaat-het/abc/?antwoord=klaar"' in html
    assert "Wil je liever praten? Bel Werkcentrum Twente: 053 123 45 67" in text
    assert 'href="tel:0531234567"' in html


def test_a_check_in_after_one_month_is_singular():
    text, _ = parts(message_for("check_in", months=1))

    assert "Je bent 1 maand geleden begonnen" in text
