"""``manage.py seed_demo``: realistic demo data, safe to run twice, with a printed login for every role."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from grassroots.accounts import demo
from grassroots.accounts.access import Capacity, capacities
from grassroots.accounts.models import Area, Membership, Organisation, User
from grassroots.demo import add_seeder, registered, remove_seeder, seeder_for

ROOT = Path(__file__).resolve().parents[2]


def _counts() -> dict[str, int]:
    """Rows in every table of every installed app, including many-to-many and history tables."""
    return {m._meta.db_table: m._base_manager.count() for m in apps.get_models(include_auto_created=True)}


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


def test_seeding_twice_changes_nothing(db):
    _seed()
    first = _counts()
    assert first["grants_grant"] > 0 and first["accounts_organisation"] > 30  # the grants demo ran too
    _seed()
    assert _counts() == first


def test_the_core_demo_has_boroughs_hosts_commissioners_and_groups(db):
    _seed()
    lambeth = Area.objects.get(name="Lambeth")
    assert lambeth.code == "E09000022" and lambeth.host_organisation.name == "Healthwatch Lambeth"
    assert {a.name: a.code for a in Area.objects.all()} == {
        "Lambeth": "E09000022", "Southwark": "E09000028", "Lewisham": "E09000023", "Greenwich": "E09000011",
        "Bexley": "E09000004"}
    assert all(a.host_organisation.name == f"Healthwatch {a.name}" for a in Area.objects.all())
    assert Organisation.objects.filter(name="NHS England — London Region", kind="funder").exists()
    assert Organisation.objects.filter(name="NHS South East London ICB", kind="council").exists()
    assert Organisation.objects.filter(name="Lewisham Council", kind="council").exists()
    assert Organisation.objects.filter(kind="provider").exists()
    groups = Organisation.objects.filter(kind="group")
    assert groups.count() >= 30
    assert groups.filter(org_id__startswith="GB-CHC-").exists()
    assert groups.filter(org_id__startswith="GB-COH-").exists()
    assert groups.filter(org_id="").exists()
    assert not groups.filter(communities_served="").exists()
    assert set(groups.values_list("areas__name", flat=True)) == set(Area.objects.values_list("name", flat=True))
    assert Membership.objects.filter(role="commissioner").count() >= 2
    for area in Area.objects.all():
        assert Membership.objects.filter(organisation=area.host_organisation, role__in=["staff", "admin"]).exists()
    for group in groups:
        assert group.memberships.exists(), group


def test_the_output_lists_a_working_login_for_every_role(db):
    output = _seed()
    for label in ("Community group member", "Another community group", "Host staff", "Commissioner",
                  "System administrator"):
        assert label in output
    assert demo.DEMO_PASSWORD in output
    expected = {"Community group member": Capacity.GROUP, "Host staff": Capacity.HOST,
                "Commissioner": Capacity.COMMISSIONER, "System administrator": Capacity.ADMIN}
    emails = [line.split()[-2] for line in output.splitlines() if "@" in line]
    assert len(emails) >= 5
    for line in output.splitlines():
        if "@" not in line:
            continue
        email = line.split()[-2]
        response = Client().post("/accounts/sign-in/", {"username": email, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        for label, capacity in expected.items():
            if line.startswith(label):
                assert capacity in capacities(User.objects.get(email=email))


def test_the_command_refuses_to_run_in_production_without_force(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Organisation.objects.exists()


@pytest.fixture
def engagement_seeder():
    """Stand in for the engagement app's seeder, registered the way an app registers one; the real one after."""
    real = seeder_for("engagement")

    def use(seed):
        if seed is None:
            remove_seeder("engagement")
        else:
            add_seeder("engagement", seed)
        return seed

    yield use
    if real is not None:
        add_seeder("engagement", real)
    else:
        remove_seeder("engagement")


def test_the_command_runs_each_registered_seeder_after_the_core_and_in_app_order(db, engagement_seeder):
    seen: list[str] = []

    def seed(ctx):
        assert ctx.areas["Lambeth"].code == "E09000022"
        assert ctx.users["group_member"].email.startswith("grace")
        assert Organisation.objects.filter(led_programmes__isnull=False).exists()  # grants (earlier) has run
        seen.append("engagement")
        ctx.add_login("Engagement lead", ctx.users["host_staff"])

    engagement_seeder(seed)
    output = _seed()
    assert seen == ["engagement"]
    assert output.index("Seeding demo data for Grants") < output.index("Seeding demo data for Engagement")
    assert output.count("hana.okafor@") == 1  # one login per person


def test_an_app_without_a_seeder_is_skipped(db, engagement_seeder):
    engagement_seeder(None)
    assert "engagement" not in registered()
    output = _seed()
    assert "Seeding demo data for Grants" in output
    assert "Engagement" not in output


def test_a_failing_seeder_stops_the_command_and_leaves_nothing_half_made(db, engagement_seeder):
    def seed(ctx):
        raise LookupError("the engagement demo is broken")

    engagement_seeder(seed)
    with pytest.raises(LookupError, match="broken"):
        _seed()
    assert not Organisation.objects.exists()


def test_migrate_and_seed_on_sqlite_without_redis(tmp_path):
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env = {**keep, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "DEBUG": "true",
           "MEDIA_ROOT": str(tmp_path / "media"), "SECRET_KEY": "x" * 60}
    for args in (["manage.py", "migrate", "--noinput", "-v0"], ["manage.py", "seed_demo"]):
        result = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    assert "grassroots-demo-2026" in result.stdout
