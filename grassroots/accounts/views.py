"""Sign in and out, password reset, organisations and invitations."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from grassroots.accounts import access, services
from grassroots.accounts.emails import normalise_email
from grassroots.accounts.forms import (
    AcceptInvitationForm,
    InvitationForm,
    PasswordResetRequestForm,
    SetNewPasswordForm,
    SignInForm,
)
from grassroots.accounts.jobs import ORGANISATIONS_CSV
from grassroots.accounts.models import Invitation, Membership, Organisation, User
from grassroots.http import AuthenticatedHttpRequest
from grassroots.jobs.services import job_request
from grassroots.jobs.views import job_requested


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetNewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


def _organisation_for_member_or_404(user: User, pk: int) -> Organisation:
    """An organisation page is for its members (and system administrators) only."""
    if user.is_superuser:
        return get_object_or_404(Organisation, pk=pk)
    return get_object_or_404(Organisation, pk=pk, memberships__user=user)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    memberships = access.memberships(request.user)
    return render(request, "accounts/organisation_list.html", {"memberships": memberships})


@login_required
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for_member_or_404(request.user, pk)
    members = Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__full_name")
    may_invite, _ = access.may_manage_members(request.user, organisation)
    invitations = organisation.invitations.filter(accepted_at__isnull=True) if may_invite else []
    # A host sees who hears about groups' safeguarding concerns, and, when it has chosen nobody, who does instead.
    safeguarding = None
    if access.is_hosting(organisation):
        told, chosen = access.safeguarding_contacts_for(organisation.pk)
        safeguarding = {"told": told, "chosen": chosen}
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "members": members, "may_invite": may_invite, "invitations": invitations,
         "areas": organisation.areas.all(),
         "may_edit": access.may_edit_profile(request.user, organisation)[0],
         "may_administer": access.may_administer(request.user, organisation)[0], "safeguarding": safeguarding},
    )


@login_required
def invitation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for_member_or_404(request.user, pk)
    allowed, reason = access.may_manage_members(request.user, organisation)
    if not allowed:
        raise PermissionDenied(reason)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, organisation=organisation,
                                       email=form.cleaned_data["email"], role=form.cleaned_data["role"])
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(request, f"We have sent an invitation to {form.cleaned_data['email']}.")
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(request, "accounts/invitation_form.html", {"organisation": organisation, "form": form})


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_usable:
        return render(request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if request.user.is_authenticated:
        if normalise_email(request.user.email) != normalise_email(invitation.email):
            return render(request, "accounts/invitation_wrong_user.html", {"invitation": invitation}, status=403)
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=request.user)
            messages.success(request, f"You have joined {invitation.organisation}.")
            return redirect("dashboard")
        return render(request, "accounts/invitation_accept.html", {"invitation": invitation})
    if existing is not None:
        messages.info(request, "Sign in to accept your invitation.")
        return redirect(f"{reverse_lazy('accounts:login')}?next={request.path}")
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(email=invitation.email, full_name=form.cleaned_data["full_name"],
                                        password=form.cleaned_data["password1"])
            services.invitation_accept(invitation=invitation, user=user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Grassroots. You have joined {invitation.organisation}.")
            return redirect("dashboard")
    return render(request, "accounts/invitation_signup.html", {"invitation": invitation, "form": form})


@login_required
@require_POST
def organisations_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    job = job_request(actor=request.user, kind=ORGANISATIONS_CSV, label="My organisations (CSV)")
    return job_requested(request, job)
