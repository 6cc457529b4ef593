"""Administrators see every e-mail the service sent or tried to send, why it failed, and may send a failed one again.
Bodies are not shown: a password-reset link in one would let whoever reads it into that account."""
from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from grassroots.mail.models import OutboundEmail
from grassroots.mail.services import email_retry


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "cause", "status", "attempts", "last_error", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "cause", "recipients"]
    exclude = ["body"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields if f.name != "body"]
    actions = ["send_again"]

    @admin.display(description="To")
    def to(self, obj: OutboundEmail) -> str:
        return ", ".join(obj.recipients)

    @admin.action(description="Send the selected failed e-mails again")
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        again = sum(email_retry(email=email) for email in queryset.filter(status=OutboundEmail.Status.FAILED))
        messages.info(request, f"{again} e-mail{'s' if again != 1 else ''} will be sent again.")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboundEmail | None = None) -> bool:
        return False
