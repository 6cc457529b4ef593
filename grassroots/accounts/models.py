"""People, the organisations they belong to, and the areas those organisations serve."""
from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from grassroots.accounts.emails import normalise_email


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not normalise_email(email):
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=normalise_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their e-mail address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin (system administrators).")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Area(models.Model):
    """A borough or county; each is served by one host organisation."""

    class Kind(models.TextChoices):
        BOROUGH = "borough", "Borough"
        COUNTY = "county", "County"
        CITY = "city", "City"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BOROUGH)
    code = models.CharField(max_length=12, blank=True, help_text="ONS code, e.g. E09000022")
    host_organisation = models.ForeignKey(
        "Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_areas"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        FUNDER = "funder", "Funder"
        HOST = "host", "Host organisation"
        COMMUNITY_GROUP = "group", "Community group"
        PROVIDER = "provider", "Provider"
        COUNCIL = "council", "Council or ICB"

    class Status(models.TextChoices):
        """Whether host staff have accepted a self-registered community group (other kinds are always approved)."""

        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    # Host staff may think again about a group they declined; an approved group stays approved.
    STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PENDING: frozenset({Status.APPROVED, Status.DECLINED}),
        Status.APPROVED: frozenset(),
        Status.DECLINED: frozenset({Status.APPROVED}),
    }

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    areas = models.ManyToManyField(Area, blank=True, related_name="organisations")
    communities_served = models.TextField(blank=True, help_text="The communities this group works with.")
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    org_id = models.CharField(
        "360Giving org-id", max_length=60, blank=True, help_text="e.g. GB-CHC-1234567 or GB-COH-01234567"
    )
    postcode = models.CharField(max_length=10, blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    # Existing rows (made by administrators) are approved; only self-registration starts a group as pending.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPROVED)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), "kind", name="organisation_name_kind_unique")]
        indexes = [models.Index(fields=["kind", "name"]), models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_waiting_group(self) -> bool:
        """A community group that may not apply yet (waiting for its host, or declined)."""
        return self.kind == self.Kind.COMMUNITY_GROUP and not self.is_approved


class OrganisationStatusChange(models.Model):
    """One step in a community group's approval: who moved it, when, from what to what, and why."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="status_changes")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=Organisation.Status.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        label = Organisation.Status(self.to_status).label.lower()
        return f"{self.organisation} {label} on {self.at:%d %b %Y}"


class Membership(models.Model):
    """A person's role in one organisation. A person may belong to several."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        STAFF = "staff", "Staff"
        COMMISSIONER = "commissioner", "Commissioner"
        ADMIN = "admin", "Organisation administrator"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    safeguarding_contact = models.BooleanField(
        default=False, help_text="Told at once when feedback a group logs is flagged as a safeguarding concern.")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"


def _invite_token() -> str:
    return secrets.token_urlsafe(32)


def _invite_expiry() -> Any:
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An invitation for a colleague to join an organisation with a role."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_invite_token)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invite_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_accepted"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
