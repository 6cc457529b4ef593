"""Open exports of applications and grants: plain CSV for staff, and the 360Giving Data Standard.

Renderers run in a worker, so each one works out again from ``job.requested_by`` which programmes that
person may export (host staff of a share get that share, the lead's staff the whole programme, an administrator
everything): parameters are never trusted.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from grants.access import rounds_for_staff
from grants.filters import EXPORT_FILTERS, ApplicationFilter
from grants.models import Grant, GrantCondition, GrantEvent, Payment, Round
from grants.selectors.grant import condition_compliance
from grants.selectors.staff import staff_applications
from grassroots.accounts.models import Area, Organisation
from grassroots.jobs.models import Job
from grassroots.jobs.registry import JobError

# ONS code prefix -> 360Giving geoCodeType code list entry.
_GEO_CODE_TYPES = {"E06": "UA", "E07": "NMD", "E08": "MD", "E09": "LONB", "E10": "CTY", "W06": "UA", "S12": "UA"}


def publisher_prefix() -> str:
    """The 360G prefix 360Giving issued this publisher (setting GIVING360_PREFIX); no file is made without it."""
    prefix: str = settings.GIVING360_PREFIX
    if not prefix:
        raise JobError("The 360Giving file cannot be made yet: this site has no 360Giving publisher prefix. "
                       "360Giving gives each publisher its own (like 360G-healthwatchlambeth); ask your system "
                       "administrator to set GIVING360_PREFIX to it.")
    return prefix


def registered_identifier(org: Organisation) -> str:
    """The org-id from a register: the one entered on the profile, else from its charity or company number."""
    if org.org_id.strip():
        return org.org_id.strip()
    charity = org.charity_number.strip().replace(" ", "").upper()
    if charity:
        # Scottish charities (SC012345) are on OSCR's register, the rest on the Charity Commission's.
        return f"GB-SC-{charity}" if charity.startswith("SC") else f"GB-CHC-{charity}"
    company = org.company_number.strip().replace(" ", "").upper()
    if company:
        return f"GB-COH-{company.zfill(8)}"
    return ""


def org_identifier(org: Organisation, prefix: str) -> str:
    """A recipient's org-id: from a register if it is on one, else under our own prefix, as the standard advises
    for small groups on no register. (Funders are never given one of ours: see ``_funder_ids``.)"""
    return registered_identifier(org) or f"{prefix}-org-{org.pk}"


def grant_identifier(grant: Grant, prefix: str) -> str:
    return f"{prefix}-{grant.reference}"


def _funder_ids(grants: Iterable[Grant]) -> dict[int, str]:
    """Each funder's registered org-id; refuses, naming them, if any funder has none entered."""
    funders = {g.round.programme.funder_id: g.round.programme.funder for g in grants}
    ids = {pk: registered_identifier(funder) for pk, funder in funders.items()}
    missing = sorted(funders[pk].name for pk, org_id in ids.items() if not org_id)
    if missing:
        raise JobError(f"The 360Giving file cannot be made yet: {', '.join(missing)} "
                       f"{'has' if len(missing) == 1 else 'have'} no org-id. Enter the funder's org-id (for "
                       "example GB-NHS-… or GB-GOR-…, see org-id.guide) on its organisation's profile.")
    return ids


def _rounds_for(job: Job) -> QuerySet[Round]:
    """The rounds the requester runs: a host only its own share's, the lead every share's."""
    return rounds_for_staff(job.requested_by)


def _round_filter(job: Job) -> int | None:
    raw = job.params.get("round")
    if raw in (None, ""):
        return None
    try:
        round_id = int(raw)
    except (TypeError, ValueError) as exc:
        raise JobError("That round could not be found.") from exc
    if not _rounds_for(job).filter(pk=round_id).exists():
        raise JobError("That round could not be found, or you do not run it.")
    return round_id


def _grants(job: Job) -> QuerySet[Grant]:
    qs = Grant.objects.filter(round__in=_rounds_for(job).values("pk"))
    round_id = _round_filter(job)
    if round_id:
        qs = qs.filter(round_id=round_id)
    # dateModified is when the grant last changed: every change to a grant writes a timeline event.
    last_event = GrantEvent.objects.filter(grant=OuterRef("pk")).order_by("-at").values("at")[:1]
    qs = qs.annotate(last_changed=Coalesce(Subquery(last_event), F("awarded_at")))
    return qs.select_related("round__programme__funder", "round__share__host", "organisation", "application",
                             "report").prefetch_related(
        "organisation__areas", "round__programme__areas",
        Prefetch("conditions", queryset=GrantCondition.objects.prefetch_related("evidence")),
        Prefetch("payments", queryset=Payment.objects.all()),
    ).order_by("awarded_at", "pk")


def _nothing(what: str) -> JobError:
    return JobError(f"There is nothing to export: there are no {what} in the programmes you run.")


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _day(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localdate(value)
    return str(value.isoformat())


# --- Applications and grants for staff ---------------------------------------------------------------------

APPLICATION_HEADER = ["Reference", "Programme", "Round", "Organisation", "Title", "Status", "Amount requested",
                      "Planned sessions", "Expected reach", "Expected conversations", "Submitted", "Decided",
                      "Amount awarded"]


def applications_rows(job: Job) -> list[list[Any]]:
    """Exactly the list the person saw: the staff list's filters (search, round, area, status) from the
    job's parameters, checked again against what ``job.requested_by`` may see."""
    filterset = ApplicationFilter({k: v for k, v in job.params.items() if k in EXPORT_FILTERS},
                                  queryset=staff_applications(job.requested_by), user=job.requested_by)
    if not filterset.is_valid():
        raise JobError("That round or area could not be found, or you do not run it.")
    qs = filterset.qs
    rows = []
    for a in qs.select_related("round__programme", "organisation", "decision").order_by("round_id", "reference"):
        decision = getattr(a, "decision", None)
        rows.append([a.reference, a.round.programme.name, a.round.name, a.organisation.name, a.title,
                     a.get_status_display(), _money(a.amount_requested), a.planned_sessions, a.expected_reach,
                     a.expected_conversations, _day(a.submitted_at), _day(a.decided_at),
                     _money(decision.amount if decision else None)])
    if not rows:
        if any(filterset.form.cleaned_data.get(name) for name in EXPORT_FILTERS):
            raise JobError("There is nothing to export: no application matches the filters you chose.")
        raise _nothing("applications")
    return rows


GRANT_HEADER = ["Reference", "Programme", "Funder", "Run by", "Round", "Organisation", "Postcode", "Title", "Status",
                "Amount awarded", "Awarded", "Agreement accepted", "Paid", "Balance", "Report due", "Report status",
                "Conditions met"]


def grants_rows(grants: Iterable[Grant]) -> list[list[Any]]:
    rows = []
    for g in grants:
        paid = sum((p.amount for p in g.payments.all() if p.status == Payment.Status.PAID), Decimal("0"))
        compliance = condition_compliance(g)
        met = sum(1 for c in compliance if c.met)
        rows.append([g.reference, g.round.programme.name, g.round.programme.funder.name, g.round.share.host.name,
                     g.round.name, g.organisation.name, g.organisation.postcode.strip(), g.application.title,
                     g.get_status_display(), _money(g.amount), _day(g.awarded_at), _day(g.accepted_at),
                     _money(paid), _money(g.amount - paid), _day(g.report_due), g.report.get_status_display(),
                     f"{met} of {len(compliance)}"])
    return rows


# --- 360Giving -----------------------------------------------------------------------------------------------

def _location(grant: Grant) -> Area | None:
    programme_areas = list(grant.round.programme.areas.all())
    ids = {a.pk for a in programme_areas}
    mine = [a for a in grant.organisation.areas.all() if a.pk in ids] or list(grant.organisation.areas.all())
    found = mine or programme_areas
    return found[0] if found else None


def grant_360(grant: Grant, *, prefix: str, funder_id: str) -> dict[str, Any]:
    """One grant as a 360Giving record (``grant`` as ``_grants`` loads it, with ``last_changed``)."""
    org, programme, app = grant.organisation, grant.round.programme, grant.application
    recipient: dict[str, Any] = {"id": org_identifier(org, prefix), "name": org.name}
    if org.charity_number:
        recipient["charityNumber"] = org.charity_number.strip()
    if org.company_number:
        recipient["companyNumber"] = org.company_number.strip()
    if org.postcode:
        recipient["postalCode"] = org.postcode.strip()
    record: dict[str, Any] = {
        "id": grant_identifier(grant, prefix),
        "title": app.title or grant.reference,
        "description": app.summary or app.activity_description or app.title or grant.reference,
        "currency": "GBP",
        "amountAwarded": float(grant.amount),
        "awardDate": _day(grant.awarded_at),
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": funder_id, "name": programme.funder.name}],
        "grantProgramme": [{"code": f"{prefix}-programme-{programme.pk}", "title": programme.name}],
        "dateModified": timezone.localtime(getattr(grant, "last_changed", None) or grant.awarded_at)
        .isoformat(timespec="seconds"),
    }
    if settings.GIVING360_DATA_SOURCE:
        record["dataSource"] = settings.GIVING360_DATA_SOURCE
    if app.amount_requested is not None:
        record["amountAppliedFor"] = float(app.amount_requested)
    if app.start_date or app.end_date:
        planned: dict[str, str] = {}
        if app.start_date:
            planned["startDate"] = app.start_date.isoformat()
        if app.end_date:
            planned["endDate"] = app.end_date.isoformat()
        record["plannedDates"] = [planned]
    area = _location(grant)
    if area is not None:
        location: dict[str, Any] = {"name": area.name, "countryCode": "GB"}
        if area.code and area.code[:3] in _GEO_CODE_TYPES:
            location.update(geoCode=area.code, geoCodeType=_GEO_CODE_TYPES[area.code[:3]])
        record["beneficiaryLocation"] = [location]
    return record


def records_360(grants: list[Grant]) -> list[dict[str, Any]]:
    """Every grant as a 360Giving record; refuses (JobError) without our prefix or a funder's org-id."""
    prefix = publisher_prefix()
    funder_ids = _funder_ids(grants)
    return [grant_360(g, prefix=prefix, funder_id=funder_ids[g.round.programme.funder_id]) for g in grants]


def package_360(grants: list[Grant], *, issued: date | None = None) -> dict[str, Any]:
    return {
        "grants": records_360(grants),
        "version": "1.4",
        "title": "Grassroots small grants",
        "issued": (issued or timezone.localdate()).isoformat(),
    }


CSV_360_HEADER = ["Identifier", "Title", "Description", "Currency", "Amount Applied For", "Amount Awarded",
                  "Award Date", "Recipient Org:Identifier", "Recipient Org:Name", "Recipient Org:Charity Number",
                  "Recipient Org:Company Number", "Recipient Org:Postal Code", "Funding Org:Identifier",
                  "Funding Org:Name", "Grant Programme:Code", "Grant Programme:Title", "Beneficiary Location:Name",
                  "Beneficiary Location:Country Code", "Beneficiary Location:Geographic Code",
                  "Beneficiary Location:Geographic Code Type", "Planned Dates:Start Date",
                  "Planned Dates:End Date", "Data Source", "Last Modified"]


def row_360(record: dict[str, Any]) -> list[Any]:
    """The flat (one row per grant) form of a record, with 360Giving's column titles."""
    recipient, funder = record["recipientOrganization"][0], record["fundingOrganization"][0]
    location = (record.get("beneficiaryLocation") or [{}])[0]
    planned = (record.get("plannedDates") or [{}])[0]
    return [record["id"], record["title"], record["description"], record["currency"],
            record.get("amountAppliedFor", ""), record["amountAwarded"], record["awardDate"], recipient["id"],
            recipient["name"], recipient.get("charityNumber", ""), recipient.get("companyNumber", ""),
            recipient.get("postalCode", ""), funder["id"], funder["name"], record["grantProgramme"][0]["code"],
            record["grantProgramme"][0]["title"],
            location.get("name", ""), location.get("countryCode", ""), location.get("geoCode", ""),
            location.get("geoCodeType", ""), planned.get("startDate", ""), planned.get("endDate", ""),
            record.get("dataSource", ""), record["dateModified"]]


def dumps_360(package: dict[str, Any]) -> bytes:
    return json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")


def awarded_grants(job: Job) -> list[Grant]:
    grants = list(_grants(job))
    if not grants:
        raise _nothing("grants")
    return grants
