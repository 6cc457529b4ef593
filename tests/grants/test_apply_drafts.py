from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.grants.factories import make_draft, section_url


def test_what_was_typed_survives_an_expired_sign_in(world):
    application = make_draft(world, complete=False)
    url = section_url(application, "communities")
    client = Client()  # signed out, as after the session expired
    response = client.post(url, {"communities": "Young carers in Stockwell"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]
    signed_in = client.post(response["Location"], {"username": world.group_member.email, "password": PASSWORD})
    assert signed_in["Location"] == url  # back to the page they were on
    page = client.get(url).content.decode()
    assert "Young carers in Stockwell" in page
    assert "You were signed out, so we kept what you typed." in page
    application.refresh_from_db()
    assert application.communities != "Young carers in Stockwell"  # kept, not saved behind their back
    assert "Young carers in Stockwell" not in client.get(url).content.decode()  # shown once


def test_the_forms_carry_the_autosave_hooks(world, as_group):
    application = make_draft(world, complete=False)
    page = as_group.get(section_url(application, "group")).content.decode()
    assert f'data-autosave="application-{application.pk}-group"' in page
    assert "js/autosave." in page and "We restored what you typed earlier" in page
