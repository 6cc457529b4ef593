"""The service navigation is built once per request and never shared between requests or people."""
from __future__ import annotations

import pytest
from django.test import RequestFactory

from grassroots.navigation import nav_for

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_it_builds_the_navigation_once_per_request(world, host_staff, django_assert_num_queries):
    request = _request(host_staff)
    first = nav_for(request)
    with django_assert_num_queries(0):
        assert nav_for(request) is first


def test_each_person_gets_their_own_navigation(world, host_staff, group_member):
    staff_labels = [item["label"] for item in nav_for(_request(host_staff))]
    group_labels = [item["label"] for item in nav_for(_request(group_member))]
    assert staff_labels != group_labels
    assert [item["label"] for item in nav_for(_request(host_staff))] == staff_labels
