"""The home page, the statements, the shared layout and the error pages."""

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

from tests.poort.factories import UserFactory

pytestmark = pytest.mark.django_db


class LinkParser(HTMLParser):
    """Collects every link as (text, href), and the attributes of every form and button."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.forms: list[dict] = []
        self.buttons: list[dict] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "href" in attributes:
            self._href, self._text = attributes["href"], []
        elif tag == "form":
            self.forms.append({**attributes, "inputs": {}})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"][attributes.get("name")] = attributes.get("value")
        elif tag == "button":
            self.buttons.append(attributes)

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._text).split()), self._href))
            self._href = None


def parse(response) -> LinkParser:
    parser = LinkParser()
    parser.feed(response.content.decode())
    return parser


# The home page


def test_the_home_page_offers_two_tiles_in_plain_dutch(client):
    links = parse(client.get("/")).links
    assert ("Ik weet welke kant ik op wil", "/opleidingen/") in links
    assert ("Ik wil me eerst oriënteren", "/orienteren/") in links


def test_the_home_page_explains_the_steps_and_leads_to_the_regions(client):
    response = client.get("/")
    assert "Hoe werkt het?" in response.content.decode()
    assert ("Bekijk alle regio's en hun loket", "/regio/") in parse(response).links


def test_every_page_has_a_skip_link_to_the_main_content(client):
    html = client.get("/privacy/").content.decode()
    assert '<a class="skip-link" href="#main">Direct naar de inhoud</a>' in html
    assert '<main id="main" tabindex="-1">' in html


def test_the_menu_marks_the_section_you_are_in(client):
    html = client.get("/regio/groningen/").content.decode()
    assert '<a class="site-nav__link" href="/regio/" aria-current="page">' in html
    assert '<a class="site-nav__link" href="/opleidingen/">' in html


# The home page is the same for every visitor without a session (docs/load.md)


def test_a_first_visit_to_the_home_page_sets_no_cookie(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_every_visitor_of_the_home_page_gets_a_nonce_of_their_own(client):
    nonces = []
    for _visitor in range(3):
        response = Client().get("/")
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert response.content.decode().count(f'nonce="{nonce}"') == 2
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_the_language_switch_on_the_home_page_works_without_a_cookie():
    browser = Client(enforce_csrf_checks=True)
    browser.get("/")
    response = browser.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/"},
        headers={"Sec-Fetch-Site": "same-origin"},
        follow=True,
    )
    assert '<html lang="en">' in response.content.decode()
    assert "I know which way I want to go" in response.content.decode()


def test_someone_who_signs_out_sees_so_on_the_home_page(client):
    client.force_login(UserFactory())
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Je bent afgemeld." in response.content.decode()
    assert "Je bent afgemeld." not in client.get("/").content.decode()


# The language switch works without JavaScript: a plain form post to Django's set_language


def test_the_language_switch_is_a_form_that_returns_to_the_same_page(client):
    parsed = parse(client.get("/regio/?pagina=2"))
    switch = next(form for form in parsed.forms if form.get("action") == "/i18n/setlang/")
    assert switch["method"] == "post"
    assert switch["inputs"]["next"] == "/regio/?pagina=2"
    assert "csrfmiddlewaretoken" in switch["inputs"]
    languages = {button["value"] for button in parsed.buttons if button.get("name") == "language"}
    assert languages == {"nl", "en"}


def test_the_language_switch_turns_the_site_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "I know which way I want to go" in html
    assert "Ik weet welke kant ik op wil" not in html

    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Ik weet welke kant ik op wil" in html


def test_the_language_switch_refuses_to_send_you_to_another_site(client):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example/"}, follow=False
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


# The statements


def test_the_accessibility_statement_names_the_standard_the_checks_and_a_contact(client):
    html = client.get("/toegankelijkheid/").content.decode()
    assert "Toegankelijkheidsverklaring" in html
    assert "WCAG 2.1, niveau AA" in html
    assert "axe-core" in html
    assert 'href="mailto:toegankelijkheid@goudenpoort.nl"' in html
    assert "6 december 2026" in html


def test_the_accessibility_statement_has_the_parts_of_the_dutch_model(client, settings):
    settings.ORGANISATION_NAME = "Stichting Voorbeeld"
    settings.SITE_URL = "https://goudenpoort.example"
    html = client.get("/toegankelijkheid/").content.decode()
    assert "Stichting Voorbeeld wil dat deze website toegankelijk is" in html
    assert "Deze verklaring gaat over de website https://goudenpoort.example" in html
    assert "Status: C, eerste maatregelen genomen" in html
    assert "Zo'n onderzoek is nog niet gedaan" in html
    assert "Lighthouse" in html
    assert "vóór 1 juli 2027" in html
    assert "binnen 5 werkdagen" in html
    assert 'href="https://www.nationaleombudsman.nl/"' in html
    link = ("Lees meer over hoe we toegankelijkheid testen", "/toegankelijkheid/hoe-we-testen/")
    assert link in parse(client.get("/toegankelijkheid/")).links


def test_the_accessibility_statement_no_longer_calls_the_course_search_unfinished(client):
    html = client.get("/toegankelijkheid/").content.decode()
    assert "in aanbouw" not in html


def test_the_page_on_testing_names_the_checks_and_what_they_miss(client):
    html = client.get("/toegankelijkheid/hoe-we-testen/").content.decode()
    assert "<h1>Hoe we toegankelijkheid testen</h1>" in html
    assert "axe-core" in html
    assert "320 pixels" in html
    assert "hoog-contrastmodus van Windows" in html
    assert "Automatische tests vinden niet elk probleem" in html


def test_the_privacy_statement_covers_retention_rights_bsn_cookies_and_complaints(client):
    html = client.get("/privacy/").content.decode()
    assert "Privacyverklaring" in html
    assert "24 maanden" in html
    assert "automatisch anoniem" in html
    assert "burgerservicenummer (BSN)" in html
    assert "je gegevens downloaden" in html
    assert "je gegevens wissen" in html
    assert "geen cookies die je volgen" in html
    assert "Autoriteit Persoonsgegevens" in html
    assert 'href="mailto:privacy@goudenpoort.nl"' in html


def test_the_privacy_statement_names_the_controller_the_officer_and_the_legal_bases(
    client, settings
):
    settings.ORGANISATION_NAME = "Stichting Voorbeeld"
    settings.PRIVACY_OFFICER_EMAIL = "fg@voorbeeld.example"
    html = client.get("/privacy/").content.decode()
    assert "Stichting Voorbeeld is verantwoordelijk voor de persoonsgegevens" in html
    assert 'href="mailto:fg@voorbeeld.example"' in html
    assert "Je toestemming." in html
    assert html.count("Een gerechtvaardigd belang") == 3
    assert "verwerkersovereenkomst" in html


def test_the_privacy_statement_names_the_processors_when_they_are_configured(client, settings):
    html = client.get("/privacy/").content.decode()
    assert "het bedrijf met de computers (servers)" in html
    settings.HOSTING_PROVIDER = "Hoster BV"
    settings.EMAIL_PROVIDER = "Mailer BV"
    html = client.get("/privacy/").content.decode()
    assert "Hoster BV: de computers (servers)" in html
    assert "Mailer BV: het versturen van onze e-mails" in html
    assert "de dienst die ons fouten op de website meldt" not in html
    settings.SENTRY_DSN = "https://key@errors.example/1"
    html = client.get("/privacy/").content.decode()
    assert "de dienst die ons fouten op de website meldt" in html


def test_the_privacy_statement_states_the_retention_that_the_code_applies(client, settings):
    settings.RETENTION_MONTHS = 18
    settings.LOG_RETENTION_DAYS = 14
    html = client.get("/privacy/").content.decode()
    assert "Daarna bewaren we ze nog 18 maanden" in html
    assert "Hoogstens 14 dagen." in html
    assert "hoogstens twee weken na je laatste bezoek" in html


# The contact page


def test_every_page_links_to_the_contact_page_in_its_footer(client):
    for path in ["/", "/privacy/", "/regio/"]:
        assert ("Contact", "/contact/") in parse(client.get(path)).links


def test_the_contact_page_shows_the_organisation_from_the_settings(client, settings):
    settings.ORGANISATION_NAME = "Stichting Voorbeeld"
    settings.CONTACT_EMAIL = "info@voorbeeld.example"
    html = client.get("/contact/").content.decode()
    assert "<h1>Contact en colofon</h1>" in html
    assert "Stichting Voorbeeld geeft deze website uit." in html
    assert 'href="mailto:info@voorbeeld.example"' in html
    assert 'href="mailto:toegankelijkheid@goudenpoort.nl"' in html
    assert 'href="mailto:fg@goudenpoort.nl"' in html
    assert ("Vind het loket in je regio", "/regio/") in parse(client.get("/contact/")).links
    assert "KvK-nummer" not in html

    settings.ORGANISATION_ADDRESS = "Voorbeeldstraat 1, 1234 AB Utrecht"
    settings.ORGANISATION_KVK = "12345678"
    html = client.get("/contact/").content.decode()
    assert "Voorbeeldstraat 1, 1234 AB Utrecht" in html
    assert "<dt>KvK-nummer</dt>\n  <dd>12345678</dd>" in html


# Messages


def test_a_message_is_shown_in_a_status_region():
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Je aanvraag is verstuurd.")
    html = render_to_string("poort/home.html", request=request)
    assert '<div class="messages container" role="status">' in html
    assert "Je aanvraag is verstuurd." in html


# Form components for the pages that others build


class ContactForm(forms.Form):
    name = forms.CharField(label="Naam", max_length=10)
    phone = forms.CharField(label="Telefoon", required=False, help_text="Bijvoorbeeld 06 1234 5678")
    way = forms.ChoiceField(
        label="Hoe wil je contact?",
        choices=[("phone", "Telefoon"), ("email", "E-mail")],
        widget=forms.RadioSelect,
    )


def render_form(form) -> str:
    template = Template(
        "{% load components %}{% error_summary form %}"
        "{% form_field form.name %}{% form_field form.phone %}{% form_field form.way %}"
    )
    with translation.override("nl"):
        return template.render(Context({"form": form}))


def test_each_error_shows_next_to_its_field_and_in_a_summary_that_links_to_it():
    html = render_form(ContactForm(data={"name": "", "phone": "", "way": ""}))
    assert 'class="error-summary" role="alert"' in html
    assert "Controleer je antwoorden" in html
    assert '<a href="#id_name">Naam: Dit veld is verplicht.</a>' in html
    assert '<a href="#id_way_0">Hoe wil je contact?: Dit veld is verplicht.</a>' in html
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_error"' in html
    assert 'aria-invalid="true"' in html


def test_a_group_of_choices_is_a_fieldset_with_a_legend_and_optional_fields_say_so():
    html = render_form(ContactForm())
    assert '<legend class="form-field__legend">Hoe wil je contact?</legend>' in html
    assert "(niet verplicht)" in html
    assert 'id="id_phone_helptext"' in html
    assert "error-summary" not in html


def test_a_list_that_always_sends_a_value_is_not_called_optional():
    class PeriodForm(forms.Form):
        period = forms.ChoiceField(
            label="Periode", required=False, choices=[("12", "12 maanden"), ("3", "3 maanden")]
        )
        field = forms.ChoiceField(
            label="Vakgebied", required=False, choices=[("", "Alle"), ("metaal", "Metaal")]
        )

    template = Template(
        "{% load components %}{% form_field form.period %}{% form_field form.field %}"
    )
    with translation.override("nl"):
        html = template.render(Context({"form": PeriodForm()}))

    assert "Periode</label>" in html
    assert 'Vakgebied <span class="form-field__optional">(niet verplicht)</span>' in html


def test_what_was_typed_stays_in_the_field_after_an_error():
    html = render_form(ContactForm(data={"name": "Fatima El Amrani", "way": "phone"}))
    assert 'value="Fatima El Amrani"' in html
    assert "Zorg dat deze waarde niet meer dan 10 tekens bevat" in html


# Error pages, in Dutch


def test_an_unknown_address_gets_a_dutch_page_not_found(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert '<main id="main" tabindex="-1">' in html


def test_a_forbidden_page_says_so_in_dutch():
    request = RequestFactory().get("/dashboard/")
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_the_too_many_attempts_page_is_in_dutch_and_points_to_the_regional_desks():
    html = render_to_string("429.html", request=RequestFactory().post("/orienteren/"))
    assert "Te veel pogingen" in html
    assert "Er is niets verstuurd." in html
    assert 'href="/regio/"' in html


def test_the_server_error_page_renders_without_a_request():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "/static/css/poort.css" in html


@pytest.mark.django_db
def test_a_browser_set_to_english_is_sent_to_the_english_page_until_the_person_chooses(client):
    first_visit = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert first_visit.status_code == 302
    assert first_visit["Location"] == "/en/"
    assert "Accept-Language" in first_visit["Vary"]
    english = client.get("/en/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "I know which way I want to go" in english.text

    client.post("/i18n/setlang/", {"language": "nl", "next": "/en/"})
    dutch = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert dutch.status_code == 200
    assert "Ik weet welke kant ik op wil" in dutch.text


@pytest.mark.django_db
def test_a_browser_without_a_preference_or_set_to_dutch_gets_dutch_at_the_dutch_address(client):
    for accept_language in ("", "nl-NL,nl;q=0.9,en;q=0.5", "de-DE"):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
        assert response.status_code == 200
        assert "Ik weet welke kant ik op wil" in response.text


def test_a_form_without_its_security_token_gets_a_dutch_page_that_says_nothing_was_saved():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/orienteren/", {"situation": "working"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "Het formulier kon niet worden verstuurd" in page
    assert "niets opgeslagen" in page
    assert 'lang="nl"' in page
