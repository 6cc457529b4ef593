"""Applications in each state, built through the same services the pages use."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from grants.models import Application, Round
from grants.services import applications as app_services

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def eligible_answers(rnd: Round) -> dict[int, bool]:
    return {q.pk: q.passing_answer for q in rnd.eligibility_questions.all()}


def make_draft(world, *, organisation=None, actor=None, rnd: Round | None = None, complete: bool = True,
               amount: str = "2400", title: str = "Lunch and listen") -> Application:
    rnd = rnd or world.round
    actor = actor or world.group_member
    organisation = organisation or world.group
    application = app_services.application_start(actor=actor, organisation=organisation, round=rnd,
                                                 answers=eligible_answers(rnd))
    if not complete:
        return application
    app_services.application_save_section(actor=actor, application=application, section="group", data={
        "contact_name": actor.full_name, "contact_email": actor.email, "contact_phone": "020 7946 0000",
        "group_description": "A weekly lunch club for older Caribbean residents."})
    app_services.application_save_section(actor=actor, application=application, section="activity", data={
        "title": title, "summary": "Six lunches where elders talk about their GP and hospital care.",
        "activity_description": "We cook, eat together and a trained volunteer listens and writes down feedback.",
        "start_date": date(2026, 6, 1), "end_date": date(2026, 11, 30)})
    app_services.application_save_section(actor=actor, application=application, section="communities", data={
        "communities": "Older Caribbean residents of Brixton, many living alone."})
    app_services.application_save_section(actor=actor, application=application, section="sessions", data={
        "planned_sessions": 6, "expected_reach": 120, "expected_conversations": 60})
    total = Decimal(amount)
    app_services.application_save_budget(actor=actor, application=application, amount_requested=total,
                                         lines=[("Food and venue", total - Decimal("400")),
                                                ("Volunteer travel", Decimal("400"))])
    for doc in rnd.required_documents.all():
        app_services.document_add(actor=actor, application=application, required_document=doc,
                                  upload=SimpleUploadedFile("safeguarding.pdf", PDF_BYTES, "application/pdf"))
    application.refresh_from_db()
    return application


def make_submitted(world, **kwargs) -> Application:
    application = make_draft(world, **kwargs)
    return app_services.application_submit(actor=kwargs.get("actor") or world.group_member, application=application)


def make_under_review(world, **kwargs) -> Application:
    application = make_submitted(world, **kwargs)
    return app_services.application_start_review(actor=world.host_staff, application=application)
