from django.contrib.auth import views as auth_views
from django.urls import path

from grassroots.accounts import views, views_members, views_registration

app_name = "accounts"

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
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("organisations/<int:pk>/edit/", views_members.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/members/<int:membership_pk>/", views_members.member_edit, name="member_edit"),
    path("organisations/<int:pk>/members/<int:membership_pk>/remove/", views_members.member_remove,
         name="member_remove"),
    path("register-a-group/", views_registration.group_register, name="group_register"),
    path("register-a-group/check/", views_registration.group_register_check, name="group_register_check"),
    path("register-a-group/done/", views_registration.group_register_done, name="group_register_done"),
    path("new-groups/", views_registration.new_group_list, name="new_group_list"),
    path("new-groups/<int:pk>/", views_registration.new_group_detail, name="new_group_detail"),
    path("new-groups/<int:pk>/decide/", views_registration.new_group_decide, name="new_group_decide"),
]
