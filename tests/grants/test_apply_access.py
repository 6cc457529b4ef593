from django.urls import reverse

from tests.grants.factories import group_only_urls, make_submitted


def test_another_groups_member_gets_404_everywhere(world, as_other_group):
    application = make_submitted(world)
    urls = [*group_only_urls(application), reverse("grants:application_versions", args=[application.pk]),
            reverse("grants:document_download", args=[application.documents.get().pk])]
    for url in urls:
        assert as_other_group.get(url).status_code == 404, url
    assert as_other_group.post(reverse("grants:application_submit", args=[application.pk])).status_code == 404
    assert as_other_group.post(reverse("grants:application_withdraw", args=[application.pk])).status_code == 404


def test_host_staff_get_403_on_the_groups_pages(world, as_host, as_commissioner):
    application = make_submitted(world)
    for url in group_only_urls(application):
        assert as_host.get(url).status_code == 403, url
        assert as_commissioner.get(url).status_code == 403, url


def test_admins_pass_the_role_check_but_not_the_group_check(world, as_admin):
    application = make_submitted(world)
    for url in group_only_urls(application):
        assert as_admin.get(url).status_code == 404, url
