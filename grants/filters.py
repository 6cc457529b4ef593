"""List-page filters for grants (django-filter FilterSets)."""
from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from grants.access import rounds_for_staff
from grants.models import Application, Programme
from grassroots.accounts.models import Area, Organisation

# The filters that choose which applications are listed (sort only orders them): what an export repeats.
EXPORT_FILTERS = ("q", "round", "area", "status")


def export_params(data: Any) -> dict[str, str]:
    """The list's filter values as a job's parameters (strings, empty ones left out)."""
    return {name: str(data.get(name)).strip() for name in EXPORT_FILTERS if str(data.get(name) or "").strip()}


class ApplicationFilter(django_filters.FilterSet):
    """Host staff's applications list: by round, area, status and a free-text search."""

    q = django_filters.CharFilter(label="Search", method="search",
                                  help_text="Reference, project title or group name")
    round = django_filters.ModelChoiceFilter(queryset=None, empty_label="All rounds")
    area = django_filters.ModelChoiceFilter(queryset=None, method="in_area", empty_label="All areas",
                                         label="Area")
    status = django_filters.ChoiceFilter(choices=Application.Status.choices, empty_label="All statuses")
    sort = django_filters.ChoiceFilter(
        label="Sort by", method="order", empty_label=None,
        choices=(("newest", "Newest submitted first"), ("oldest", "Oldest submitted first")),
    )

    class Meta:
        model = Application
        fields = ("q", "round", "area", "status", "sort")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rounds = rounds_for_staff(user).select_related("programme").order_by("programme__name", "-opens_at")
        self.filters["round"].queryset = rounds
        self.filters["round"].field.label_from_instance = lambda r: f"{r.programme.name}: {r.name}"
        # A group may work outside the programme's own areas, so every area is offered (there are few).
        self.filters["area"].queryset = Area.objects.order_by("name")
        for name in ("round", "area", "status", "sort"):
            self.form.fields[name].widget.attrs["class"] = "govuk-select"
        self.form.fields["q"].widget = forms.TextInput(attrs={"class": "govuk-input", "type": "search"})

    def search(self, qs: QuerySet[Application], name: str, value: str) -> QuerySet[Application]:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(reference__icontains=value) | Q(title__icontains=value)
                         | Q(organisation__name__icontains=value))

    def in_area(self, qs: QuerySet[Application], name: str, value: Area | None) -> QuerySet[Application]:
        if value is None:
            return qs
        # EXISTS, not a join, so an application in a programme with several areas is listed once.
        programme_in_area = Programme.areas.through.objects.filter(
            programme_id=OuterRef("round__programme_id"), area_id=value.pk)
        group_in_area = Organisation.areas.through.objects.filter(
            organisation_id=OuterRef("organisation_id"), area_id=value.pk)
        return qs.filter(Exists(programme_in_area) | Exists(group_in_area))

    def order(self, qs: QuerySet[Application], name: str, value: str) -> QuerySet[Application]:
        return qs  # applied last by ``filter_queryset`` so counts can skip it

    def filter_queryset(self, queryset: QuerySet[Application], skip: tuple[str, ...] = ()) -> QuerySet[Application]:
        """Apply the filters (minus ``skip``), then the order; never-submitted drafts sort last."""
        data = self.form.cleaned_data
        for name, value in data.items():
            if name not in skip and name != "sort":
                queryset = self.filters[name].filter(queryset, value)
        if "sort" in skip:
            return queryset
        if data.get("sort") == "oldest":
            return queryset.order_by(F("submitted_at").asc(nulls_last=True), "pk")
        return queryset.order_by(F("submitted_at").desc(nulls_last=True), "-pk")

    def counts_queryset(self) -> QuerySet[Application]:
        """The list as filtered, ignoring the status filter: what the per-status counts are taken over."""
        if not self.is_bound:
            return self.queryset
        self.form.is_valid()
        return self.filter_queryset(self.queryset, skip=("status", "sort"))
