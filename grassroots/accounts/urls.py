from django.contrib.auth import views as auth_views
from django.urls import path, register_converter

from grassroots.accounts import views

app_name = "accounts"


class TokenConverter:
    """An invitation token as secrets.token_urlsafe makes it: anything else (a NUL byte, a slash) is a 404."""

    regex = r"[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "token")

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/export/", views.organisations_export, name="organisations_export"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/invite/", views.invitation_create, name="invitation_create"),
    path("invitations/<token:token>/", views.invitation_accept, name="invitation_accept"),
]
