import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings import email_settings


def test_a_laptop_prints_mail_to_the_console_by_default():
    assert email_settings("console://")["BACKEND"].endswith("console.EmailBackend")


def test_an_smtp_url_gives_host_port_account_and_tls():
    url = "smtp://user%40example.com:s%3Acret@mail.example.com:587/?tls=True"
    got = email_settings(url)["OPTIONS"]
    assert got["host"] == "mail.example.com"
    assert got["port"] == 587
    assert got["username"] == "user@example.com"
    assert got["password"] == "s:cret"
    assert got["use_tls"] and not got["use_ssl"]


def test_smtps_is_tls_from_the_start_on_port_465():
    got = email_settings("smtps://mail.example.com")["OPTIONS"]
    assert got["port"] == 465
    assert got["use_ssl"] and not got["use_tls"]


def test_a_provider_is_picked_through_anymail_with_its_settings():
    got = email_settings("anymail+postmark://?server_token=abc")
    assert got["BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert got["ANYMAIL"] == {"POSTMARK_SERVER_TOKEN": "abc"}


def test_an_unknown_scheme_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_settings("mailto://someone")
