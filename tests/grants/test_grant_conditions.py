"""Conditions are met by recorded evidence, counted against what each one needs."""
from __future__ import annotations

from datetime import date

from django.urls import reverse

from grants.models import ConditionEvidence, ConditionTemplate, GrantCondition
from grants.selectors.grant import condition_compliance
from grants.services.grants import condition_evidence_record, monitoring_report_accept
from tests.grants.factories import make_active, make_report_submitted


def _evidence(day: int) -> dict[str, str]:
    return {"occurred_on_0": str(day), "occurred_on_1": "3", "occurred_on_2": "2026",
            "description": f"Attended Thinking Partners, {day} March 2026"}


def test_compliance_counts_evidence_until_the_condition_is_met(world, as_host, as_group):
    grant = make_active(world)
    # Staff type evidence for conditions other than meetings (a meeting's comes from the sessions logged).
    condition = GrantCondition.objects.create(grant=grant, title="Send the safeguarding policy",
                                              evidence_kind="document", required_count=2)
    url = reverse("grants:grant_manage", args=[grant.pk])
    response = as_host.post(reverse("grants:grant_evidence", args=[grant.pk]),
                            {"condition": condition.pk, **_evidence(12)})
    assert response.status_code == 302
    assert "Not yet met (1 of 2)" in as_host.get(url).content.decode()
    as_host.post(reverse("grants:grant_evidence", args=[grant.pk]), {"condition": condition.pk, **_evidence(26)})
    page = as_group.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()
    assert "Met (2 of 2)" in page
    assert "Attended Thinking Partners, 26 March 2026" in page


def test_evidence_needs_a_date_and_a_description(world, as_host):
    grant = make_active(world)
    response = as_host.post(reverse("grants:grant_evidence", args=[grant.pk]),
                            {"condition": grant.conditions.get().pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the date" in page and "Describe the evidence" in page


def test_evidence_from_another_source_is_recorded_once(world):
    grant = make_active(world)
    condition = grant.conditions.get()
    first = condition_evidence_record(actor=None, condition=condition, occurred_on=date(2026, 3, 12),
                                      description="Thinking Partners", source="engagement.meeting:7")
    again = condition_evidence_record(actor=None, condition=condition, occurred_on=date(2026, 3, 12),
                                      description="Thinking Partners", source="engagement.meeting:7")
    assert first.pk == again.pk
    assert ConditionEvidence.objects.filter(condition=condition).count() == 1
    condition_evidence_record(actor=world.host_staff, condition=condition, occurred_on=date(2026, 3, 12),
                              description="Thinking Partners")
    condition_evidence_record(actor=world.host_staff, condition=condition, occurred_on=date(2026, 3, 12),
                              description="Thinking Partners")
    assert ConditionEvidence.objects.filter(condition=condition).count() == 3  # manual entries are each real


def test_a_report_condition_is_met_when_the_report_is_accepted(world):
    grant = make_report_submitted(world)
    GrantCondition.objects.create(grant=grant, title="Send the end-of-grant report",
                                  evidence_kind=ConditionTemplate.EvidenceKind.REPORT)
    report_condition = next(c for c in condition_compliance(grant) if c.condition.evidence_kind == "report")
    assert (report_condition.met, report_condition.label) == (False, "Not yet met (0 of 1)")
    monitoring_report_accept(actor=world.host_staff, report=grant.report)
    grant.refresh_from_db()
    report_condition = next(c for c in condition_compliance(grant) if c.condition.evidence_kind == "report")
    assert (report_condition.met, report_condition.label) == (True, "Met (1 of 1)")


def test_compliance_takes_the_same_queries_however_many_conditions(world, django_assert_max_num_queries):
    grant = make_active(world)
    for i in range(12):
        condition = GrantCondition.objects.create(grant=grant, title=f"Condition {i}", evidence_kind="meeting",
                                                  required_count=1)
        condition_evidence_record(actor=None, condition=condition, occurred_on=date(2026, 3, 1),
                                  description="x", source=f"test:{i}")
    grant.refresh_from_db()
    with django_assert_max_num_queries(3):
        rows = condition_compliance(grant)
    assert len(rows) == 13
    condition, count, required, met = rows[1]
    assert (count, required, met) == (1, 1, True)
