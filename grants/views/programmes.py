"""A programme's overview (totals per host and per year) and the lead's pages for its hosts' shares."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from grants.access import led_programmes, programme_for_overview_or_404, programme_group_for_reader_or_404
from grants.forms.programmes import ShareForm
from grants.models import Programme, ProgrammeShare
from grants.selectors.programmes import (
    overview_programme_rows,
    programme_group_grants,
    programme_groups,
    programme_totals,
)
from grants.services.programmes import share_save
from grassroots.accounts.access import Capacity, capacity_required


@login_required
def programme_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead, the funder and delivery partners see every host's share; a host sees its own."""
    programme = programme_for_overview_or_404(request.user, pk)
    totals = programme_totals(request.user, programme)
    return render(request, "grants/staff/programme_overview.html", {
        "programme": programme, "totals": totals, "groups": list(programme_groups(request.user, programme)),
        "is_lead": led_programmes(request.user).filter(pk=programme.pk).exists(),
    })


@capacity_required(Capacity.HOST, Capacity.COMMISSIONER)
def programme_overviews(request: HttpRequest) -> HttpResponse:
    """Every programme this person reads the overview of: funder staff and delivery partners find theirs here."""
    return render(request, "grants/staff/programme_overviews.html",
                  {"programmes": list(overview_programme_rows(request.user))})


@login_required
def programme_group(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    """A funded group as a reader of the programme sees it: who it serves and its grants here, not its members."""
    programme = programme_for_overview_or_404(request.user, pk)
    group = programme_group_for_reader_or_404(request.user, programme, group_pk)
    return render(request, "grants/staff/programme_group.html", {
        "programme": programme, "group": group, "areas": list(group.areas.all()),
        "grants": list(programme_group_grants(request.user, programme, group))})


def _led_programme_or_404(request: HttpRequest, pk: int) -> Programme:
    return get_object_or_404(led_programmes(request.user).select_related("lead"), pk=pk)


def _share_page(request: HttpRequest, programme: Programme, share: ProgrammeShare | None) -> HttpResponse:
    form = ShareForm(request.POST or None, programme=programme, share=share)
    if request.method == "POST" and form.is_valid():
        try:
            share_save(actor=request.user, programme=programme, share=share,  # type: ignore[arg-type]
                       host=share.host if share else form.cleaned_data["host"],
                       amount=form.cleaned_data["amount"], areas=form.cleaned_data["areas"])
        except ValidationError as exc:
            form.add_error("amount", exc.messages)
        else:
            messages.success(request, "Share saved.")
            return redirect("grants:programme_overview", pk=programme.pk)
    return render(request, "grants/staff/share_form.html", {"form": form, "programme": programme, "share": share},
                  status=400 if form.errors else 200)


@capacity_required(Capacity.HOST)
def share_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _share_page(request, _led_programme_or_404(request, pk), None)


@capacity_required(Capacity.HOST)
def share_edit(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    programme = _led_programme_or_404(request, pk)
    share = get_object_or_404(ProgrammeShare.objects.select_related("host"), pk=share_pk, programme=programme)
    return _share_page(request, programme, share)
