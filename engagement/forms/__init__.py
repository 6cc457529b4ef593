"""Engagement forms (GOV.UK markup through grassroots.forms.GDSFormMixin)."""
