"""A community group registers itself (form, check answers, confirmation), and host staff approve or decline it.

The answers wait in the session between the form and the check-answers page; the password waits there
only as a hash. The confirmation page reads the same whether or not the e-mail address already had an
account, so the form cannot be used to find out who uses Grassroots.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from grassroots.accounts.access import Capacity, capacity_required, groups_for_host_review
from grassroots.accounts.forms_groups import GroupDecisionForm, GroupRegistrationForm
from grassroots.accounts.models import Area, Membership, Organisation, OrganisationStatusChange, User
from grassroots.accounts.services import groups as services
from grassroots.accounts.services.groups import GroupDetails, NewAccount

SESSION_KEY = "group_registration"
DONE_KEY = "group_registration_done"
# Registrations (successful or not) one address may send per hour: plenty for a person, little for a script.
REGISTRATIONS_PER_HOUR = 5
FIELDS = ("name", "communities_served", "postcode", "charity_number", "company_number", "full_name", "email")


def _client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind our reverse proxy (BEHIND_PROXY) every request comes from the proxy, so use
    the address the proxy saw: the last one it appended to X-Forwarded-For (earlier ones the visitor can forge)."""
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if settings.SECURE_PROXY_SSL_HEADER and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _over_limit(request: HttpRequest) -> bool:
    """Count this attempt against the address; True once it has made too many this hour (cache: Redis)."""
    key = f"group-registration:{_client_ip(request)}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > REGISTRATIONS_PER_HOUR


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_too_many.html", status=429)


def group_register(request: HttpRequest) -> HttpResponse:
    """Page 1: the group and, for someone not signed in, their account."""
    with_account = not request.user.is_authenticated
    saved: dict[str, Any] = request.session.get(SESSION_KEY, {})
    initial = {**{f: saved.get(f, "") for f in FIELDS}, "area": saved.get("area")}
    form = GroupRegistrationForm(request.POST or None, with_account=with_account, initial=initial,
                                 password_chosen=bool(saved.get("password_hash")))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = {f: data.get(f, "") for f in FIELDS}
        answers["area"] = data["area"].pk
        if with_account:
            answers["password_hash"] = make_password(data["password1"]) if data.get("password1") \
                else saved["password_hash"]
        request.session[SESSION_KEY] = answers
        return redirect("accounts:group_register_check")
    return render(request, "accounts/register_group.html", {"form": form, "with_account": with_account})


def _answers(request: HttpRequest) -> tuple[dict[str, Any], Area] | None:
    answers = request.session.get(SESSION_KEY)
    if not answers:
        return None
    area = Area.objects.filter(pk=answers.get("area"), host_organisation__isnull=False) \
        .select_related("host_organisation").first()
    if area is None or (not request.user.is_authenticated and not answers.get("password_hash")):
        return None
    return answers, area


def group_register_check(request: HttpRequest) -> HttpResponse:
    """Page 2: check your answers, then register."""
    found = _answers(request)
    if found is None:
        # A second press of "Register" after the first went through lands on the confirmation, not a blank form.
        return redirect("accounts:group_register_done" if request.session.get(DONE_KEY) else "accounts:group_register")
    answers, area = found
    error = ""
    if request.method == "POST":
        if _over_limit(request):
            return _too_many(request)
        details = GroupDetails(name=answers["name"], area=area, communities_served=answers["communities_served"],
                               postcode=answers["postcode"], charity_number=answers["charity_number"],
                               company_number=answers["company_number"])
        actor = request.user if request.user.is_authenticated else None
        account = None if actor else NewAccount(email=answers["email"], full_name=answers["full_name"],
                                                password=answers["password_hash"], password_is_hashed=True)
        try:
            group = services.group_register(actor=actor, details=details, account=account)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            del request.session[SESSION_KEY]
            email = actor.email if actor else answers["email"]
            request.session[DONE_KEY] = {"name": answers["name"], "email": email,
                                         "host": str(area.host_organisation), "group": group.pk if group else None,
                                         "signed_in": actor is not None}
            return redirect("accounts:group_register_done")
    return render(request, "accounts/register_group_check.html",
                  {"answers": answers, "area": area, "error": error, "signed_in": request.user.is_authenticated})


def group_register_done(request: HttpRequest) -> HttpResponse:
    """Page 3: confirmation. It says the same whether or not a new account was made (see the module note)."""
    done = request.session.get(DONE_KEY)
    if not done:
        return redirect("accounts:group_register")
    return render(request, "accounts/register_group_done.html", {"done": done})


@capacity_required(Capacity.HOST)
def new_group_list(request: HttpRequest) -> HttpResponse:
    """Host staff: groups in their areas waiting for approval, and the latest decided."""
    groups = groups_for_host_review(request.user).prefetch_related("areas")
    pending = list(groups.filter(status=Organisation.Status.PENDING).order_by("created_at", "pk"))
    decided = list(groups.exclude(status=Organisation.Status.PENDING).filter(status_changes__isnull=False)
                   .distinct().order_by("-created_at", "-pk")[:20])
    return render(request, "accounts/new_group_list.html", {"pending": pending, "decided": decided})


def _group_for_host_or_404(user: User, pk: int) -> Organisation:
    qs = groups_for_host_review(user).prefetch_related(
        "areas", Prefetch("memberships", queryset=Membership.objects.select_related("user").order_by("pk")),
        Prefetch("status_changes", queryset=OrganisationStatusChange.objects.select_related("actor")))
    return get_object_or_404(qs, pk=pk)


@capacity_required(Capacity.HOST)
def new_group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for_host_or_404(request.user, pk)  # type: ignore[arg-type]
    form = GroupDecisionForm()
    return render(request, "accounts/new_group_detail.html", {"group": group, "form": form})


@capacity_required(Capacity.HOST)
@require_POST
def new_group_decide(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for_host_or_404(request.user, pk)  # type: ignore[arg-type]
    form = GroupDecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.group_approve(actor=request.user, group=group, note=form.cleaned_data["reason"])  # type: ignore[arg-type]
                messages.success(request, f"{group.name} is approved. We have emailed its members.")
            else:
                services.group_decline(actor=request.user, group=group, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
                messages.success(request, f"{group.name}'s registration is declined. We have emailed its members "
                                          "the reason.")
        except ValidationError as exc:
            form.add_error("reason" if form.cleaned_data["decision"] == "decline" else None, exc)
        else:
            return redirect("accounts:new_group_list")
    return render(request, "accounts/new_group_detail.html", {"group": group, "form": form}, status=200)
