"""Who may see and do what with grant objects: every such decision is written here, and only here.

The policy
----------
1. **Seeing.** Each object type has ``<things>_visible_to(user)`` (a queryset) and
   ``<thing>_for_<role>_or_404(user, pk)``. Views fetch every object through one of them; an object the
   user may not see answers 404, so ids reveal nothing. Selectors start from these querysets too.
2. **Doing.** Each action has ``may_<action>(user, obj) -> Allowed`` (a yes or no with the reason, as
   Hypha's permission functions do). Views hand them to templates as ``may_*`` (a button shows or not, and
   the reason is shown instead), and the service that makes the change calls ``require(may_<action>(...))``
   again inside its transaction, so no page, command or task can skip it. A rule about the object's
   state ("is it still under review?") stays in the service; a rule about the person's right stays here.
3. **Programmes and shares.** Who runs what (``rounds_for_staff``, ``staff_programmes``) and who commissions
   a programme (``commissioner_programmes``) is decided only in those functions; everything else asks them.
   A programme may be shared by several hosts: each host's staff run only their own share's rounds,
   applications and grants; the lead organisation's staff run every share. Staff of the lead, of the
   funder and of delivery partners read the whole programme's overview (``programme_for_overview_or_404``).

Visibility follows DOMAIN.md: what a group enters is visible to that group, to the host staff and the
commissioners/funder of its programme, and to nobody else.
"""
from grants.access.applications import (  # noqa: F401  (re-exported: `from grants.access import x`)
    application_for_applicant_or_404,
    application_for_commissioner_or_404,
    application_for_panel_or_404,
    application_for_staff_or_404,
    application_for_user_or_404,
    applications_visible_to,
    group_applications,
    may_act_for_group,
    may_assign_reviewers,
    may_change_review,
    may_decide,
    may_return,
    may_score,
    may_see_conflict_details,
    may_see_panel,
    may_unassign,
    programme_reviewers,
    review_for_reviewer_or_404,
    review_for_staff_or_404,
    reviews_for_reviewer,
)
from grants.access.base import (  # noqa: F401  (re-exported: `from grants.access import x`)
    YES,
    Allowed,
    no,
    require,
)
from grants.access.grants import (  # noqa: F401  (re-exported: `from grants.access import x`)
    grant_for_grantee_or_404,
    grant_for_staff_or_404,
    grants_for_staff,
    group_grants,
    may_edit_report,
)
from grants.access.programmes import (  # noqa: F401  (re-exported: `from grants.access import x`)
    commissioner_programmes,
    decision_rounds,
    host_organisations,
    hosting_organisations,
    is_programme_commissioner,
    is_programme_staff,
    is_round_staff,
    led_programmes,
    may_decide_in_round,
    may_host,
    may_lead_programme,
    may_run_programme,
    may_run_round,
    may_run_share,
    overview_programmes,
    programme_for_lead_or_404,
    programme_for_overview_or_404,
    programme_for_staff_or_404,
    programme_group_for_reader_or_404,
    reader_rounds,
    round_for_decisions_or_404,
    round_for_staff_or_404,
    rounds_for_staff,
    rounds_open_to_groups,
    sees_whole_programme,
    shares_for_staff,
    shares_read_by,
    staff_programmes,
)
