"""Every URL in the URLconf, requested as every role, answers what that role should get.

A new URL without a row here fails the test, so no page ships without a decision on who may see it.
Codes: 200 page; 302 redirect (anonymous -> sign in, or a step elsewhere); 403 the role may not use the
page; 404 the object is not theirs to see; 405 the URL takes POST only.

Then every URL is POSTed to (with a real CSRF token) as every role that must be refused: the roles answered
403/404 (or, anonymous, sent to sign in) above, and for POST-only URLs every role not in POST_ONLY. Each must be
refused the same way and leave every table exactly as it was.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from grants.services.decisions import grant_award
from grants.services.staff import review_assign
from grassroots.accounts.models import Invitation
from grassroots.accounts.services.groups import GroupDetails, NewAccount, group_register
from grassroots.jobs.models import Job
from tests.engagement.factories import engagement_walk_rows
from tests.engagement.routing_helpers import routing_walk_rows
from tests.engagement.theme_factories import themes_walk_rows
from tests.grants.factories import make_active, make_draft, make_submitted, make_under_review
from tests.reports.helpers import report_walk_rows

ROLES = ("anonymous", "group", "other_group", "host", "commissioner", "admin")


def _codes(anonymous, group, other_group, host, commissioner, admin):
    return dict(zip(ROLES, (anonymous, group, other_group, host, commissioner, admin), strict=True))


ALL = lambda code: _codes(*(code,) * 6)  # noqa: E731
SIGNED_IN = _codes(302, 200, 200, 200, 200, 200)
HOST_ONLY = _codes(302, 403, 403, 200, 403, 200)
HOST_POST = _codes(302, 403, 403, 405, 403, 405)
GROUP_OWN = _codes(302, 200, 404, 403, 403, 404)
GROUP_PAGES = _codes(302, 200, 200, 403, 403, 200)

# url name -> (kwargs builder, expected codes)
EXPECTED = {
    "home": (lambda d: {}, _codes(200, 302, 302, 302, 302, 302)),
    "dashboard": (lambda d: {}, SIGNED_IN),
    # Public for every role alike; its answer depends on a live worker, proved in test_healthz.py.
    "healthz": (lambda d: {}, None),
    "accounts:login": (lambda d: {}, _codes(200, 302, 302, 302, 302, 302)),
    "accounts:logout": (lambda d: {}, ALL(405)),
    "accounts:password_reset": (lambda d: {}, ALL(200)),
    "accounts:password_reset_done": (lambda d: {}, ALL(200)),
    "accounts:password_reset_confirm": (lambda d: {"uidb64": "MQ", "token": "set-password"}, ALL(200)),
    "accounts:password_reset_complete": (lambda d: {}, ALL(200)),
    "accounts:organisation_list": (lambda d: {}, SIGNED_IN),
    "accounts:organisations_export": (lambda d: {}, _codes(302, 405, 405, 405, 405, 405)),
    "accounts:organisation_detail": (lambda d: {"pk": d["world"].group.pk}, _codes(302, 200, 404, 404, 404, 200)),
    "accounts:invitation_create": (lambda d: {"pk": d["world"].group.pk}, _codes(302, 200, 404, 404, 404, 200)),
    "accounts:invitation_accept": (lambda d: {"token": d["invitation"].token}, _codes(200, 403, 403, 403, 403, 403)),
    "accounts:organisation_edit": (lambda d: {"pk": d["world"].group.pk}, _codes(302, 200, 404, 404, 404, 200)),
    "accounts:member_edit": (lambda d: {"pk": d["world"].group.pk, "membership_pk": d["membership"].pk},
                             _codes(302, 200, 404, 404, 404, 200)),
    "accounts:member_remove": (lambda d: {"pk": d["world"].group.pk, "membership_pk": d["membership"].pk},
                               _codes(302, 200, 404, 404, 404, 200)),
    # Groups register themselves; without answers in the session the later pages send you back to the start.
    "accounts:group_register": (lambda d: {}, ALL(200)),
    "accounts:group_register_check": (lambda d: {}, ALL(302)),
    "accounts:group_register_done": (lambda d: {}, ALL(302)),
    "accounts:new_group_list": (lambda d: {}, HOST_ONLY),
    "accounts:new_group_detail": (lambda d: {"pk": d["pending_group"].pk}, HOST_ONLY),
    "accounts:new_group_decide": (lambda d: {"pk": d["pending_group"].pk}, HOST_POST),
    "jobs:list": (lambda d: {}, SIGNED_IN),
    "jobs:status": (lambda d: {}, SIGNED_IN),
    "jobs:download": (lambda d: {"pk": d["job"].pk}, _codes(302, 200, 404, 404, 404, 404)),
    # The group's journey (on its own draft).
    "grants:funding": (lambda d: {}, GROUP_PAGES),
    "grants:eligibility": (lambda d: {"round_pk": d["world"].round.pk}, _codes(302, 200, 200, 403, 403, 403)),
    "grants:application_tasks": (lambda d: {"pk": d["draft"].pk}, GROUP_OWN),
    "grants:application_detail": (lambda d: {"pk": d["draft"].pk}, GROUP_OWN),
    "grants:application_section": (lambda d: {"pk": d["draft"].pk, "section": "activity"}, GROUP_OWN),
    "grants:application_budget": (lambda d: {"pk": d["draft"].pk}, GROUP_OWN),
    "grants:application_documents": (lambda d: {"pk": d["draft"].pk}, GROUP_OWN),
    "grants:application_check": (lambda d: {"pk": d["draft"].pk}, GROUP_OWN),
    "grants:application_submitted": (lambda d: {"pk": d["draft"].pk}, _codes(302, 302, 404, 403, 403, 404)),
    "grants:application_withdraw": (lambda d: {"pk": d["draft"].pk}, GROUP_OWN),
    "grants:application_submit": (lambda d: {"pk": d["draft"].pk}, ALL(405)),
    "grants:document_remove": (lambda d: {"pk": d["draft"].pk, "document_pk": d["document"].pk}, ALL(405)),
    "grants:document_download": (lambda d: {"pk": d["document"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    "grants:application_versions": (lambda d: {"pk": d["submitted"].pk}, _codes(302, 200, 404, 200, 200, 200)),
    # Host staff.
    "grants:programme_list": (lambda d: {}, HOST_ONLY),
    "grants:programme_create": (lambda d: {}, HOST_ONLY),
    "grants:programme_edit": (lambda d: {"pk": d["world"].programme.pk}, HOST_ONLY),
    # The overview: the lead's, a host's, the funder's and delivery partners' staff (this commissioner is none).
    "grants:programme_overview": (lambda d: {"pk": d["world"].programme.pk}, _codes(302, 404, 404, 200, 404, 200)),
    # A funded group as a reader of the overview sees it (the same readers); and the list of those overviews.
    "grants:programme_group": (lambda d: {"pk": d["world"].programme.pk, "group_pk": d["grant"].organisation_id},
                               _codes(302, 404, 404, 200, 404, 200)),
    "grants:programme_overviews": (lambda d: {}, _codes(302, 403, 403, 200, 200, 200)),
    "grants:share_create": (lambda d: {"pk": d["world"].programme.pk}, HOST_ONLY),
    "grants:share_edit": (lambda d: {"pk": d["world"].programme.pk,
                                     "share_pk": d["world"].round.share_id}, HOST_ONLY),
    "grants:round_create": (lambda d: {"programme_pk": d["world"].programme.pk}, HOST_ONLY),
    "grants:round_detail": (lambda d: {"pk": d["world"].round.pk}, HOST_ONLY),
    "grants:round_edit": (lambda d: {"pk": d["world"].round.pk}, HOST_ONLY),
    "grants:round_item_add": (lambda d: {"pk": d["world"].round.pk, "kind": "questions"}, HOST_POST),
    "grants:round_item_remove": (lambda d: {"pk": d["world"].round.pk, "kind": "questions",
                                            "item_pk": d["world"].round.eligibility_questions.first().pk}, HOST_POST),
    "grants:staff_applications": (lambda d: {}, HOST_ONLY),
    "grants:staff_application": (lambda d: {"pk": d["submitted"].pk}, HOST_ONLY),
    "grants:staff_application_check": (lambda d: {"pk": d["submitted"].pk}, HOST_POST),
    "grants:staff_application_return": (lambda d: {"pk": d["submitted"].pk}, HOST_POST),
    "grants:staff_review_assign": (lambda d: {"pk": d["submitted"].pk}, HOST_POST),
    "grants:staff_review_unassign": (lambda d: {"pk": d["reviewed"].pk, "review_pk": d["review"].pk}, HOST_POST),
    # Commissioners: reviews and decisions.
    "grants:review_queue": (lambda d: {}, _codes(302, 403, 403, 403, 200, 200)),
    "grants:review_conflict": (lambda d: {"pk": d["review"].pk}, _codes(302, 403, 403, 403, 200, 404)),
    "grants:review_score": (lambda d: {"pk": d["review"].pk}, _codes(302, 403, 403, 403, 302, 404)),
    "grants:review_panel": (lambda d: {"pk": d["reviewed"].pk}, _codes(302, 403, 403, 200, 403, 200)),
    # The commissioner's own review of it is still open: no deciding (nor seeing the panel) before it is in.
    "grants:application_decide": (lambda d: {"pk": d["reviewed"].pk}, _codes(302, 403, 403, 403, 403, 200)),
    "grants:round_decisions": (lambda d: {"pk": d["world"].round.pk}, _codes(302, 403, 403, 200, 200, 200)),
    # The grant.
    "grants:my_grants": (lambda d: {}, GROUP_PAGES),
    "grants:grant_detail": (lambda d: {"pk": d["grant"].pk}, GROUP_OWN),
    "grants:grant_accept": (lambda d: {"pk": d["grant"].pk}, GROUP_OWN),
    "grants:grant_report": (lambda d: {"pk": d["grant"].pk}, GROUP_OWN),
    # Before the agreement is accepted the check step sends the group back to the report page.
    "grants:grant_report_check": (lambda d: {"pk": d["grant"].pk}, _codes(302, 302, 404, 403, 403, 404)),
    "grants:staff_grants": (lambda d: {}, HOST_ONLY),
    "grants:grant_manage": (lambda d: {"pk": d["grant"].pk}, HOST_ONLY),
    "grants:grant_schedule": (lambda d: {"pk": d["grant"].pk}, ALL(405)),
    "grants:payment_paid": (lambda d: {"pk": d["grant"].pk, "payment_pk": d["grant"].payments.first().pk}, ALL(405)),
    "grants:grant_evidence": (lambda d: {"pk": d["grant"].pk}, ALL(405)),
    "grants:grant_report_review": (lambda d: {"pk": d["grant"].pk}, ALL(405)),
    "grants:grant_report_open": (lambda d: {"pk": d["grant"].pk}, ALL(405)),
    "grants:export_applications_csv": (lambda d: {}, ALL(405)),
    "grants:export_grants_csv": (lambda d: {}, ALL(405)),
    "grants:export_360giving": (lambda d: {}, ALL(405)),
    # The Django admin is Django's own; its index proves only administrators get in.
    "admin:index": (lambda d: {}, _codes(302, 302, 302, 302, 302, 200)),
    # --- engagement: sessions ---
    "engagement:group_sessions": (lambda d: {}, GROUP_PAGES),
    "engagement:session_create": (lambda d: {"grant_pk": d["active_grant"].pk}, _codes(302, 200, 404, 403, 403, 404)),
    # Readers (this commissioner's ICB commissions the programme) see a session read-only once it is submitted;
    # the walk's session is a draft, so it is the group's and its host's alone.
    "engagement:session_detail": (lambda d: {"pk": d["session"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    # --- engagement: themes and moderation ---
    "engagement:theme_list": (lambda d: {}, HOST_ONLY),
    "engagement:theme_add": (lambda d: {}, HOST_ONLY),
    "engagement:taxonomy_load": (lambda d: {}, ALL(405)),
    "engagement:theme_detail": (lambda d: {"pk": d["theme"].pk}, HOST_ONLY),
    "engagement:sub_theme_add": (lambda d: {"pk": d["theme"].pk}, HOST_ONLY),
    "engagement:theme_merge": (lambda d: {"pk": d["theme"].pk}, HOST_ONLY),
    "engagement:theme_retire": (lambda d: {"pk": d["theme"].pk}, ALL(405)),
    "engagement:sub_theme_detail": (lambda d: {"pk": d["sub_theme"].pk}, HOST_ONLY),
    "engagement:sub_theme_merge": (lambda d: {"pk": d["sub_theme"].pk}, HOST_ONLY),
    "engagement:sub_theme_retire": (lambda d: {"pk": d["sub_theme"].pk}, ALL(405)),
    "engagement:rule_list": (lambda d: {}, HOST_ONLY),
    "engagement:rule_edit": (lambda d: {"pk": d["rule"].pk}, HOST_ONLY),
    "engagement:rule_delete": (lambda d: {"pk": d["rule"].pk}, ALL(405)),
    "engagement:bulk_tag": (lambda d: {}, HOST_ONLY),
    "engagement:item_themes": (lambda d: {"pk": d["item"].pk}, HOST_ONLY),
    "engagement:item_untag": (lambda d: {"pk": d["item"].pk}, ALL(405)),
    "engagement:suggestion_decide": (lambda d: {"pk": d["item"].pk, "suggestion_pk": d["suggestion"].pk}, ALL(405)),
    "engagement:moderation_queue": (lambda d: {}, HOST_ONLY),
    "engagement:moderate": (lambda d: {"pk": d["item"].pk}, HOST_ONLY),
    # --- engagement: questions ---
    # Sets are host staff's (403 for other roles); a session's answers are its group's and its host staff's, so
    # readers of the programme get 404 like any other outsider.
    "engagement:question_sets": (lambda d: {}, HOST_ONLY),
    "engagement:question_set_create": (lambda d: {}, HOST_ONLY),
    "engagement:question_set_detail": (lambda d: {"pk": d["question_set"].pk}, HOST_ONLY),
    "engagement:question_set_edit": (lambda d: {"pk": d["question_set"].pk}, HOST_ONLY),
    "engagement:question_set_retire": (lambda d: {"pk": d["question_set"].pk}, HOST_POST),
    "engagement:question_set_results": (lambda d: {"pk": d["question_set"].pk}, HOST_ONLY),
    "engagement:question_add": (lambda d: {"pk": d["question_set"].pk}, HOST_ONLY),
    "engagement:question_edit": (lambda d: {"pk": d["question_set"].pk,
                                            "question_pk": d["question_set"].questions.first().pk}, HOST_ONLY),
    "engagement:question_move": (lambda d: {"pk": d["question_set"].pk,
                                            "question_pk": d["question_set"].questions.first().pk}, HOST_POST),
    "engagement:question_remove": (lambda d: {"pk": d["question_set"].pk,
                                              "question_pk": d["question_set"].questions.first().pk}, HOST_POST),
    "engagement:option_remove": (lambda d: {"pk": d["question_set"].pk, "option_pk": d["response"].answers.filter(
        question__kind="single").first().question.options.first().pk}, HOST_POST),
    "engagement:session_question_set": (lambda d: {"pk": d["session"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    "engagement:session_answers": (lambda d: {"pk": d["session"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    "engagement:response_add": (lambda d: {"pk": d["session"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    "engagement:response_edit": (lambda d: {"pk": d["session"].pk, "response_pk": d["response"].pk},
                                 _codes(302, 200, 404, 200, 404, 200)),
    "engagement:response_delete": (lambda d: {"pk": d["session"].pk, "response_pk": d["response"].pk},
                                   _codes(302, 200, 404, 200, 404, 200)),
    "engagement:session_tallies": (lambda d: {"pk": d["session"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    "engagement:session_results": (lambda d: {"pk": d["session"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    # --- engagement: capture ---
    "engagement:feedback_capture": (lambda d: {"pk": d["session"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    "engagement:feedback_save": (lambda d: {"pk": d["session"].pk}, ALL(405)),
    "engagement:feedback_edit": (lambda d: {"pk": d["item"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    "engagement:feedback_delete": (lambda d: {"pk": d["item"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    "engagement:safeguarding_list": (lambda d: {}, HOST_ONLY),
    # --- engagement: routing ---
    "engagement:routing_list": (lambda d: {}, _codes(302, 403, 403, 200, 403, 200)),
    # Sending is done as a host organisation: an administrator who is no host's staff is told so.
    "engagement:routing_create": (lambda d: {}, _codes(302, 403, 403, 200, 403, 403)),
    "engagement:routing_detail": (lambda d: {"pk": d["routing"].pk}, _codes(302, 403, 403, 200, 403, 200)),
    # Sending a theme on: the form, then its check page (without answers in the session it sends you back to
    # the form), then the confirmation of a sending (any routing the host sent; the walk's is a theme's).
    "engagement:routing_theme_create": (lambda d: {}, _codes(302, 403, 403, 200, 403, 403)),
    "engagement:routing_theme_check": (lambda d: {}, _codes(302, 403, 403, 302, 403, 403)),
    "engagement:routing_confirmation": (lambda d: {"pk": d["theme_routing"].pk}, _codes(302, 403, 403, 200, 403, 200)),
    "engagement:inbox": (lambda d: {}, _codes(302, 403, 403, 200, 200, 200)),
    # Sent by the host to the commissioner's ICB: the host reads it on its own routing page, not in an inbox.
    "engagement:inbox_detail": (lambda d: {"pk": d["recipient"].pk}, _codes(302, 403, 403, 404, 200, 200)),
    "engagement:safeguarding_item": (lambda d: {"pk": d["concern"].pk}, _codes(302, 403, 403, 200, 403, 200)),
    # --- engagement: actions ---
    "engagement:action_list": (lambda d: {}, _codes(302, 403, 403, 200, 403, 200)),
    "engagement:action_create": (lambda d: {}, _codes(302, 403, 403, 200, 403, 403)),
    "engagement:action_detail": (lambda d: {"pk": d["action"].pk}, _codes(302, 403, 403, 200, 403, 200)),
    "engagement:action_edit": (lambda d: {"pk": d["action"].pk}, _codes(302, 403, 403, 200, 403, 200)),
    "engagement:action_move": (lambda d: {"pk": d["action"].pk}, ALL(405)),
    "engagement:action_progress": (lambda d: {"pk": d["action"].pk}, ALL(405)),
    "engagement:action_rank": (lambda d: {"pk": d["action"].pk}, ALL(405)),
    "engagement:action_evidence": (lambda d: {"pk": d["action"].pk}, _codes(302, 404, 404, 200, 404, 200)),
    "engagement:programme_actions": (lambda d: {"pk": d["world"].programme.pk},
                                     _codes(302, 403, 403, 200, 403, 200)),
    "engagement:group_outcomes": (lambda d: {}, _codes(302, 200, 200, 403, 403, 200)),
    # --- engagement: the public "You said, we did" pages ---
    "engagement:public_index": (lambda d: {}, None),
    "engagement:public_area": (lambda d: {"pk": d["world"].area.pk}, None),
    "engagement:public_programme": (lambda d: {"pk": d["world"].programme.pk}, None),
    # --- engagement: exports ---
    "engagement:export_feedback": (lambda d: {}, ALL(405)),
    "engagement:export_actions": (lambda d: {}, ALL(405)),
    # --- reports ---
    "reports:list": (lambda d: {}, _codes(302, 200, 200, 200, 200, 200)),
    "reports:new": (lambda d: {}, _codes(302, 200, 200, 200, 200, 200)),
    # The commissioner's ICB hosts no area and funds no programme: no "You said, we did" report to ask for.
    "reports:ask": (lambda d: {"kind": "yswd"}, _codes(302, 404, 404, 200, 404, 200)),
    "reports:rebuild": (lambda d: {"pk": d["report"].pk}, ALL(405)),
    "reports:download": (lambda d: {"pk": d["report"].pk}, _codes(302, 404, 404, 200, 404, 200)),
    # --- engagement: lists ---
    # Host staff's feedback list; commissioners get 403: what people said reaches them only when host staff route
    # it (engagement part 2). Another host's staff get 200 and an empty list (tests/engagement/test_lists_*).
    "engagement:staff_feedback": (lambda d: {}, HOST_ONLY),
    # The sessions list: host staff and the programme's readers (commissioners, funder staff, delivery partners).
    "engagement:staff_sessions": (lambda d: {}, _codes(302, 403, 403, 200, 200, 200)),
    # --- engagement: insights and owners' actions ---
    # Host staff's themes and sentiment (another host's staff get 200 and nothing of these rounds).
    "engagement:insights": (lambda d: {}, HOST_ONLY),
    # What an organisation does: the walk's action is the provider's, so the host and the ICB get 404.
    "engagement:owned_actions": (lambda d: {}, _codes(302, 403, 403, 200, 200, 200)),
    "engagement:owned_action": (lambda d: {"pk": d["action"].pk}, _codes(302, 403, 403, 404, 404, 200)),
    # --- engagement: imports ---
    # Groups and host staff import paper forms; a batch is seen by its uploader's group (and administrators).
    "engagement:import_start": (lambda d: {}, _codes(302, 200, 200, 200, 403, 200)),
    "engagement:import_upload": (lambda d: {"kind": "feedback"}, _codes(302, 200, 200, 200, 403, 200)),
    "engagement:import_template": (lambda d: {"kind": "feedback", "fmt": "xlsx"}, _codes(302, 200, 200, 200, 403, 200)),
    "engagement:import_detail": (lambda d: {"pk": d["import_batch"].pk}, _codes(302, 200, 404, 404, 403, 200)),
    "engagement:import_status": (lambda d: {"pk": d["import_batch"].pk}, _codes(302, 200, 404, 404, 403, 200)),
    "engagement:import_confirm": (lambda d: {"pk": d["import_batch"].pk}, ALL(405)),
    "engagement:session_edit": (lambda d: {"pk": d["session"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    "engagement:session_demographics": (lambda d: {"pk": d["session"].pk}, _codes(302, 200, 404, 200, 404, 200)),
    "engagement:session_submit": (lambda d: {"pk": d["session"].pk}, _codes(302, 200, 404, 403, 404, 403)),
    # A draft has no confirmation yet: its group is sent to the session's page.
    "engagement:session_submitted": (lambda d: {"pk": d["session"].pk}, _codes(302, 302, 404, 404, 404, 404)),
    "engagement:session_reopen": (lambda d: {"pk": d["session"].pk}, ALL(405)),
}


SIGNED_IN_ROLES = frozenset(ROLES) - {"anonymous"}
HOST_ROLES = frozenset({"host", "admin"})
GROUP_ROLE = frozenset({"group"})

# URLs that take POST only (their GET answers 405): the roles that may POST. Everyone else must be refused.
POST_ONLY = {
    "accounts:logout": frozenset(ROLES),
    "accounts:organisations_export": SIGNED_IN_ROLES,
    "accounts:new_group_decide": HOST_ROLES,
    "grants:application_submit": GROUP_ROLE,
    "grants:document_remove": GROUP_ROLE,
    "grants:round_item_add": HOST_ROLES,
    "grants:round_item_remove": HOST_ROLES,
    "grants:staff_application_check": HOST_ROLES,
    "grants:staff_application_return": HOST_ROLES,
    "grants:staff_review_assign": HOST_ROLES,
    "grants:staff_review_unassign": HOST_ROLES,
    "grants:grant_schedule": HOST_ROLES,
    "grants:payment_paid": HOST_ROLES,
    "grants:grant_evidence": HOST_ROLES,
    "grants:grant_report_review": HOST_ROLES,
    "grants:grant_report_open": HOST_ROLES,
    "grants:export_applications_csv": HOST_ROLES,
    "grants:export_grants_csv": HOST_ROLES,
    "grants:export_360giving": HOST_ROLES,
    # --- engagement: themes and moderation ---
    "engagement:taxonomy_load": HOST_ROLES,
    "engagement:theme_retire": HOST_ROLES,
    "engagement:sub_theme_retire": HOST_ROLES,
    "engagement:rule_delete": HOST_ROLES,
    "engagement:item_untag": HOST_ROLES,
    "engagement:suggestion_decide": HOST_ROLES,
    # --- engagement: questions ---
    "engagement:question_set_retire": HOST_ROLES,
    "engagement:question_move": HOST_ROLES,
    "engagement:question_remove": HOST_ROLES,
    "engagement:option_remove": HOST_ROLES,
    # --- engagement: capture ---
    "engagement:feedback_save": frozenset({"group", "host", "admin"}),
    # --- engagement: actions ---
    "engagement:action_move": HOST_ROLES,
    "engagement:action_progress": HOST_ROLES,
    "engagement:action_rank": HOST_ROLES,
    # --- engagement: exports ---
    "engagement:export_feedback": frozenset({"host", "commissioner", "admin"}),
    "engagement:export_actions": HOST_ROLES,
    # --- reports ---
    "reports:rebuild": HOST_ROLES,
    # --- engagement: imports ---
    "engagement:import_confirm": GROUP_ROLE,  # only the person who uploaded the file
    # --- engagement: sessions ---
    "engagement:session_reopen": HOST_ROLES,
}
# Not POSTed to: Django's own admin, and the public health check.
NOT_POSTED = {"admin:index", "healthz"}


def _named_urls(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns == "admin":
                continue
            names |= _named_urls(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def test_every_named_url_has_an_expectation():
    missing = _named_urls(get_resolver()) - set(EXPECTED)
    assert not missing, f"Add these URLs to EXPECTED with the status each role should get: {sorted(missing)}"


def test_every_post_only_url_says_who_may_post():
    post_only = {name for name, (_, codes) in EXPECTED.items() if codes and 405 in codes.values()}
    assert post_only == set(POST_ONLY), "Say in POST_ONLY which roles may POST to each POST-only URL"


@pytest.fixture
def walk_data(world):
    draft = make_draft(world, title="Draft for the walk")
    submitted = make_submitted(world, title="Submitted for the walk")
    reviewed = make_under_review(world, title="Under review for the walk")
    review = review_assign(actor=world.host_staff, application=reviewed, reviewer=world.commissioner)
    grant = grant_award(actor=world.commissioner, application=make_under_review(world, title="Funded"),
                        amount=Decimal("1500"))
    job = Job.objects.create(kind="accounts.organisations_csv", label="My organisations (CSV)",
                             requested_by=world.group_member, status=Job.Status.DONE, filename="x.csv",
                             content_type="text/csv")
    job.result.save("x.csv", ContentFile(b"Organisation\r\n"), save=True)
    invitation = Invitation.objects.create(organisation=world.group, email="new.volunteer@example.org",
                                           invited_by=world.group_member)
    pending_group = group_register(actor=None, account=NewAccount("new@walkers.example.org", "Wendy Walker",
                                                                  "a-long-enough-password-1"),
                                   details=GroupDetails(name="Walworth Walkers", area=world.area,
                                                        communities_served="Older walkers", postcode="SE17 1AA"))
    membership = world.group.memberships.get(user=world.group_member)
    active = make_active(world, title="Active for the walk")
    # --- engagement: routing ---
    routed = routing_walk_rows(world)
    # --- reports ---
    routed.update(report_walk_rows(world))
    engagement_rows = engagement_walk_rows(world, active)
    return {**engagement_rows, **routed, **themes_walk_rows(world, engagement_rows["item"]), "active_grant": active,
            "pending_group": pending_group, "membership": membership,
            "world": world, "draft": draft, "submitted": submitted, "reviewed": reviewed, "review": review,
            "grant": grant, "job": job, "invitation": invitation, "document": draft.documents.first()}


def test_every_url_answers_each_role_as_expected(walk_data, login_as):
    world = walk_data["world"]
    users = {"group": world.group_member, "other_group": world.other_group_member, "host": world.host_staff,
             "commissioner": world.commissioner, "admin": world.admin}
    clients = {"anonymous": Client(), **{role: login_as(user) for role, user in users.items()}}
    wrong = []
    for name, (kwargs_for, expected) in EXPECTED.items():
        url = reverse(name, kwargs=kwargs_for(walk_data))
        if expected is None:
            answers = {clients[role].get(url).status_code for role in ROLES}
            if len(answers) != 1 or answers & {302, 403, 404}:
                wrong.append(f"{name} should answer every role alike, publicly; got {sorted(answers)}")
            continue
        for role in ROLES:
            status = clients[role].get(url).status_code
            if status != expected[role]:
                wrong.append(f"{name} as {role}: got {status}, expected {expected[role]} ({url})")
    assert not wrong, "\n".join(wrong)


def _refused_roles(name: str, expected: dict[str, int], url: str) -> list[str]:
    if name in POST_ONLY:
        return [role for role in ROLES if role not in POST_ONLY[name]]
    refused = [role for role in ROLES if expected[role] in (403, 404)]
    # Signed out, a page either sends you to sign in (refused) or elsewhere (a step of a public journey).
    response = Client().get(url)
    if response.status_code == 302 and response.url.startswith(reverse("accounts:login")):
        refused.insert(0, "anonymous")
    return refused


# A signed-out POST keeps what was typed in the sender's own session (grants/drafts.py), by design.
OWN_SESSION = "django_session"


def _every_table() -> dict[str, str]:
    """A fingerprint of every row of every table (one query): any insert, update or delete changes it."""
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)} - {OWN_SESSION})
    quote = connection.ops.quote_name
    # Table names come from the models, quoted: nothing from outside reaches this SQL.
    sql = "SELECT " + ", ".join(  # noqa: S608
        f"(SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM {quote(n)} t)"  # noqa: S608
        for n in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _csrf_client(user, login_as) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("accounts:password_reset"))  # a page with a form: it sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


def test_no_role_changes_anything_by_posting_where_it_is_refused(walk_data, login_as):
    world = walk_data["world"]
    users = {"anonymous": None, "group": world.group_member, "other_group": world.other_group_member,
             "host": world.host_staff, "commissioner": world.commissioner, "admin": world.admin}
    clients = {role: _csrf_client(user, login_as) for role, user in users.items()}
    sign_in = reverse("accounts:login")
    wrong = []
    refusals = 0
    before = _every_table()
    for name, (kwargs_for, expected) in EXPECTED.items():
        if expected is None or name in NOT_POSTED:
            continue
        url = reverse(name, kwargs=kwargs_for(walk_data))
        for role in _refused_roles(name, expected, url):
            client, token = clients[role]
            refusals += 1
            response = client.post(url, {"csrfmiddlewaretoken": token})
            template_names = {t.name for t in response.templates}
            if "errors/403_csrf.html" in template_names:
                wrong.append(f"{name} as {role}: the CSRF token was refused, so the access check was never reached")
            elif response.status_code == 405 and name not in POST_ONLY:
                pass  # a page that answers GET only refuses every POST before it asks who is asking
            elif role == "anonymous":
                if response.status_code != 302 or not response.url.startswith(sign_in):
                    wrong.append(f"{name} as anonymous: got {response.status_code}, expected a redirect to sign in")
            elif response.status_code not in (403, 404):
                wrong.append(f"{name} as {role}: got {response.status_code}, expected 403 or 404 ({url})")
            after = _every_table()
            if after != before:
                changed = sorted(table for table in after if after[table] != before[table])
                wrong.append(f"{name} as {role}: a refused POST changed {changed}")
                before = after
    assert not wrong, "\n".join(wrong)
    assert refusals > 200, refusals  # 245 when written: a walk that checks few has lost its rows

    # The same clients and tokens do get through where the role is allowed: the refusals above were not CSRF's.
    client, token = clients["group"]
    response = client.post(reverse("accounts:organisations_export"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response.url == reverse("jobs:list")
