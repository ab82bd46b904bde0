"""Rate limits count per person, also when the site runs behind a reverse proxy."""

from django.test import RequestFactory

from poort.clientip import client_ip


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_connecting_address_counts(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_saw_counts(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request_from("10.0.0.2", "198.51.100.1")) == "198.51.100.1"


def test_an_address_the_client_made_up_does_not_count(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.1")) == "198.51.100.1"


def test_behind_a_proxy_without_the_header_the_connecting_address_counts(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"
