"""Pages and JSON travel gzipped to every client that says it accepts gzip, and plain to one that
does not; caches are told the answer depends on Accept-Encoding. The streaming CSV download and
the API's ETags keep working through the compression."""

import csv
import gzip
import io

import pytest
from django.test import Client
from django.urls import reverse

from regions.models import Membership
from tests.trajectories.factories import CourseFactory, ReferralFactory
from tests.trajectories.test_dashboard_permissions import past_second_factor, staff

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def vary_of(response) -> set[str]:
    return {name.strip().lower() for name in response.get("Vary", "").split(",")}


@pytest.fixture
def public_paths() -> dict[str, str]:
    course = CourseFactory(title="Monteur warmtepompen")
    referral = ReferralFactory()
    return {
        "home page": "/",
        "catalogue": "/opleidingen/",
        "course page": reverse("course_detail", kwargs={"slug": course.slug}),
        "API description": "/api/v1/openapi.json",
        "personal data download": reverse("referral_download", kwargs={"token": referral.token}),
    }


@pytest.mark.parametrize(
    "name",
    ["home page", "catalogue", "course page", "API description", "personal data download"],
)
def test_a_page_or_json_comes_gzipped_when_the_client_accepts_it(public_paths, name):
    response = Client().get(public_paths[name], **GZIP)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary_of(response)
    body = gzip.decompress(response.content)
    assert len(response.content) < len(body)
    assert body.lstrip().lower().startswith((b"<!doctype html>", b"{"))


@pytest.mark.parametrize("name", ["home page", "API description", "personal data download"])
def test_a_client_that_does_not_accept_gzip_gets_it_plain(public_paths, name):
    response = Client().get(public_paths[name])

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert "accept-encoding" in vary_of(response)
    assert response.content.lstrip().lower().startswith((b"<!doctype html>", b"{"))


def test_the_same_answer_gzips_differently_each_time_against_breach():
    """Django pads the gzip header with random bytes, so the length reveals less of the body."""
    first = Client().get("/api/v1/openapi.json", **GZIP).content
    second = Client().get("/api/v1/openapi.json", **GZIP).content

    assert gzip.decompress(first) == gzip.decompress(second)
    assert first != second


def test_the_api_still_answers_304_for_the_etag_it_gave_gzipped():
    client = Client()
    first = client.get("/api/v1/openapi.json", **GZIP)
    assert first["Content-Encoding"] == "gzip"

    again = client.get("/api/v1/openapi.json", HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)

    assert again.status_code == 304


def test_the_streaming_csv_download_still_reads_as_csv_when_gzipped():
    coordinator = staff(Membership.Role.COORDINATOR, email="coordinator@werkcentrum.example")
    ReferralFactory()
    client = past_second_factor(Client(), coordinator)

    response = client.get(reverse("dashboard:referrals_csv"), **GZIP)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    text = gzip.decompress(b"".join(response.streaming_content)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Nummer"
    assert len(rows) == 2
