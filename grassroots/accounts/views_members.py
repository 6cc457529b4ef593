"""An organisation's own pages: edit its profile, and (administrators) change a member's role or remove them."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from grassroots.accounts import access
from grassroots.accounts.forms_groups import MemberRoleForm, OrganisationProfileForm
from grassroots.accounts.models import Membership, User
from grassroots.accounts.services import groups as group_services
from grassroots.accounts.services import members as member_services
from grassroots.accounts.views import _organisation_for_member_or_404
from grassroots.http import AuthenticatedHttpRequest


def _membership_for_admin_or_404(user: User, pk: int, membership_pk: int) -> Membership:
    organisation = _organisation_for_member_or_404(user, pk)
    allowed, reason = access.may_administer(user, organisation)
    if not allowed:
        raise PermissionDenied(reason)
    return get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=membership_pk,
                             organisation=organisation)


@login_required
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for_member_or_404(request.user, pk)
    allowed, reason = access.may_edit_profile(request.user, organisation)
    if not allowed:
        raise PermissionDenied(reason)
    form = OrganisationProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            group_services.organisation_profile_update(actor=request.user, organisation=organisation,
                                                       data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{organisation.name}'s details are saved.")
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(request, "accounts/organisation_edit.html", {"organisation": organisation, "form": form})


@login_required
def member_edit(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = _membership_for_admin_or_404(request.user, pk, membership_pk)
    hosting = access.is_hosting(membership.organisation)
    form = MemberRoleForm(request.POST or None, choices=member_services.role_choices(membership.organisation),
                          hosting=hosting,
                          initial={"role": membership.role, "safeguarding_contact": membership.safeguarding_contact})
    if request.method == "POST" and form.is_valid():
        try:
            member_services.membership_change_role(actor=request.user, membership=membership,
                                                   role=form.cleaned_data["role"])
            if hosting:
                member_services.membership_set_safeguarding_contact(
                    actor=request.user, membership=membership, contact=form.cleaned_data["safeguarding_contact"])
        except ValidationError as exc:
            form.add_error("role", exc)
        else:
            messages.success(request, f"{membership.user.full_name}'s role is saved.")
            return redirect("accounts:organisation_detail", pk=pk)
    return render(request, "accounts/member_edit.html", {"membership": membership, "form": form})


@login_required
def member_remove(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """GET asks "are you sure?"; POST removes."""
    membership = _membership_for_admin_or_404(request.user, pk, membership_pk)
    error = ""
    if request.method == "POST":
        try:
            member_services.membership_remove(actor=request.user, membership=membership)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"{membership.user.full_name} is no longer a member of "
                                      f"{membership.organisation.name}.")
            if membership.user_id == request.user.pk:
                return redirect("accounts:organisation_list")
            return redirect("accounts:organisation_detail", pk=pk)
    return render(request, "accounts/member_remove.html", {"membership": membership, "error": error},
                  status=400 if error else 200)
