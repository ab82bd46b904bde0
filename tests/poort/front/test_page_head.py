"""What a search engine or a sharing site reads in a page's <head>: one title and description
per page, the canonical address, hreflang links, noindex where a page is one person's or a
variant, Open Graph and Twitter cards, the icons, and a course's schema.org JSON-LD."""

import datetime
import json
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from tests.public_pages import PUBLIC_PAGES, create_public_page_content
from tests.regions.factories import municipality
from tests.trajectories.factories import CourseFactory, OfferingFactory, ProviderFactory, in_days

pytestmark = pytest.mark.django_db

SITE = "https://www.goudenpoort.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


class Head(HTMLParser):
    """The <title>, <meta> and <link> elements and the JSON-LD scripts of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.title, self.metas, self.links, self.json_ld = "", [], [], []
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.metas.append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in, self._text = tag, ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._in == "title":
            self.title = self._text
        elif tag == self._in == "script":
            self.json_ld.append(json.loads(self._text))
        if tag == self._in:
            self._in = None

    def meta(self, key: str) -> str | None:
        found = [m.get("content") for m in self.metas if key in (m.get("name"), m.get("property"))]
        assert len(found) <= 1, f"{key} appears {len(found)} times"
        return found[0] if found else None

    def link(self, rel: str, **attrs) -> list[str]:
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in attrs.items())
        ]


def head(client, path: str, **headers) -> Head:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return Head(response.content.decode())


INDEXED_PAGES = [page for page in PUBLIC_PAGES if page.status == 200 and "?" not in page.path]


def test_every_public_page_has_a_title_and_description_of_its_own(client):
    create_public_page_content()
    CourseFactory(title="Lassen MIG/MAG", slug="lassen-mig-mag")
    paths = [page.path for page in INDEXED_PAGES if page.path != "/orienteren/"]
    paths += ["/opleidingen/lassen-mig-mag/", "/opleidingen/?q=lassen"]

    heads = {path: head(client, path) for path in paths}

    titles = {path: page.title for path, page in heads.items()}
    descriptions = {path: page.meta("description") for path, page in heads.items()}
    assert all(title.endswith(" – Gouden Poort") for title in titles.values()), titles
    assert len(set(titles.values())) == len(paths), titles
    assert all(descriptions.values()), descriptions
    assert len(set(descriptions.values())) == len(paths), descriptions


def test_the_search_results_title_names_the_words(client):
    page = head(client, "/opleidingen/?q=lassen")
    assert page.title == "Zoekresultaten voor 'lassen' – Gouden Poort"
    assert page.meta("og:title") == "Zoekresultaten voor 'lassen'"
    assert head(client, "/opleidingen/").title == "Zoek een opleiding – Gouden Poort"


def test_a_page_has_open_graph_and_twitter_tags_for_sharing(client):
    CourseFactory(
        title="Monteur warmtepompen", slug="monteur-warmtepompen", summary="Leer het vak."
    )

    page = head(client, "/opleidingen/monteur-warmtepompen/")

    assert page.meta("og:title") == page.meta("twitter:title") == "Monteur warmtepompen"
    assert page.meta("og:description") == page.meta("twitter:description") == "Leer het vak."
    assert page.meta("og:url") == f"{SITE}/opleidingen/monteur-warmtepompen/"
    assert page.meta("og:type") == "website"
    assert page.meta("og:site_name") == "Gouden Poort"
    assert page.meta("og:locale") == "nl_NL"
    assert page.meta("og:locale:alternate") == "en_GB"
    assert page.meta("twitter:card") == "summary_large_image"
    image = page.meta("og:image")
    assert image.startswith(f"{SITE}/static/img/og-image") and image.endswith(".png")
    assert page.meta("twitter:image") == image
    assert (page.meta("og:image:width"), page.meta("og:image:height")) == ("1200", "630")

    english = head(client, "/en/opleidingen/monteur-warmtepompen/")
    assert english.meta("og:locale") == "en_GB"
    assert english.meta("og:url") == f"{SITE}/en/opleidingen/monteur-warmtepompen/"


def test_a_page_links_to_itself_in_both_languages_and_names_the_default(client):
    for path in ("/regio/", "/en/regio/"):
        page = head(client, path)
        assert page.link("alternate", hreflang="nl") == [f"{SITE}/regio/"]
        assert page.link("alternate", hreflang="en") == [f"{SITE}/en/regio/"]
        assert page.link("alternate", hreflang="x-default") == [f"{SITE}/regio/"]
        assert page.link("canonical") == [SITE + path]


@pytest.mark.parametrize(
    "path",
    [
        "/opleidingen/?q=lassen&sorteer=start&page=2",
        "/opleidingen/?vakgebied=elektrotechniek",
        "/regelingen/?niveau=landelijk",
        "/regelingen/check/?situatie=employed&gemeente=Groningen",
    ],
)
def test_a_filtered_sorted_or_answered_page_points_to_its_canonical_form_and_is_not_indexed(
    client, path
):
    page = head(client, path)

    assert page.link("canonical") == [SITE + path.split("?")[0]]
    assert page.meta("robots") == "noindex, follow"


def test_a_plain_list_may_be_indexed(client):
    for path in ("/opleidingen/", "/regelingen/", "/"):
        page = head(client, path)
        assert page.meta("robots") is None
        assert page.link("canonical") == [SITE + path]


def test_intake_steps_and_a_persons_own_pages_are_not_indexed(client):
    step = client.get("/orienteren/", follow=True)
    assert Head(step.content.decode()).meta("robots") == "noindex, nofollow"

    course = CourseFactory(slug="lassen")
    interest = head(client, f"/opleidingen/{course.slug}/interesse/")
    assert interest.meta("robots") == "noindex, nofollow"


def test_the_icons_are_linked_for_browsers_and_phones(client):
    page = head(client, "/regio/")

    assert page.link("icon", sizes="48x48") == ["/favicon.ico"]
    touch = page.link("apple-touch-icon")
    assert len(touch) == 1 and "apple-touch-icon" in touch[0]


def test_a_course_page_describes_the_course_and_each_start_as_schema_org_json_ld(client):
    course = CourseFactory(
        title="Lassen </script><script>alert(1)</script>",
        slug="lassen-basis",
        summary="Leer MIG/MAG-lassen & TIG.",
        provider=ProviderFactory(name="Techniek College", website="https://college.example/"),
        mode="classroom",
        price=Decimal("1250.00"),
        duration_weeks=10,
        hours_per_week=8,
    )
    OfferingFactory(course=course, municipality=municipality("Groningen"), start_date=in_days(20))
    OfferingFactory(course=course, municipality=None, start_date=in_days(40), price=Decimal("0"))
    OfferingFactory(course=course, start_date=in_days(-5))  # started already: left out

    response = client.get("/opleidingen/lassen-basis/")
    html = response.content.decode()
    assert "</script><script>alert(1)" not in html
    data = Head(html).json_ld
    assert len(data) == 1
    course_data = data[0]

    assert course_data["@context"] == "https://schema.org"
    assert course_data["@type"] == "Course"
    # schema.org and Google's course rich results: required and recommended properties.
    assert course_data["name"] == "Lassen </script><script>alert(1)</script>"
    assert course_data["description"] == "Leer MIG/MAG-lassen & TIG."
    assert course_data["provider"] == {
        "@type": "Organization",
        "name": "Techniek College",
        "url": "https://college.example/",
    }
    assert course_data["url"] == f"{SITE}/opleidingen/lassen-basis/"
    assert course_data["offers"][0]["priceCurrency"] == "EUR"
    instances = course_data["hasCourseInstance"]
    assert len(instances) == 2
    for instance in instances:
        assert instance["@type"] == "CourseInstance"
        assert instance["courseMode"] in {"Onsite", "Online", "Blended"}
        assert datetime.date.fromisoformat(instance["startDate"]) >= datetime.date.today()
        assert instance["offers"]["priceCurrency"] == "EUR"
        assert instance["courseWorkload"] == "PT80H"
    in_groningen, online = instances
    assert in_groningen["courseMode"] == "Onsite"
    assert in_groningen["location"]["@type"] == "Place"
    assert in_groningen["location"]["address"]["addressLocality"] == "Groningen"
    assert in_groningen["offers"]["price"] == "1250.00"
    assert online["courseMode"] == "Online"
    assert online["location"] == {"@type": "VirtualLocation", "url": course_data["url"]}
    assert online["offers"]["price"] == "0.00"
    assert online["offers"]["category"] == "Free"


def test_the_home_page_says_who_runs_the_site_and_how_to_search_it(client):
    graph = head(client, "/").json_ld[0]["@graph"]

    organisation, website = graph
    assert organisation["@type"] == "Organization"
    assert organisation["url"] == f"{SITE}/"
    assert website["@type"] == "WebSite"
    assert website["potentialAction"]["target"] == f"{SITE}/opleidingen/?q={{search_term_string}}"


def test_a_region_page_describes_the_desks_advice_as_a_government_service(client):
    create_public_page_content()

    service = head(client, "/regio/groningen/").json_ld[0]

    assert service["@type"] == "GovernmentService"
    assert service["areaServed"] == {"@type": "AdministrativeArea", "name": "Groningen"}
    assert service["provider"]["name"] == "Werkcentrum Groningen"
    assert service["provider"]["telephone"] == "050 123 45 67"
    assert service["url"] == f"{SITE}/regio/groningen/"
    # A region without a desk of its own is served by the national desk.
    assert head(client, "/regio/zeeland/").json_ld[0]["provider"]["telephone"] == "088 123 45 00"


@pytest.mark.parametrize("path", ["/bestaat-niet/", "/opleidingen/bestaat-niet/"])
def test_a_page_that_is_not_found_is_not_indexed_or_shared(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = Head(response.content.decode())

    assert page.meta("robots") == "noindex"
    assert page.link("canonical") == []
    assert page.meta("og:title") is None
