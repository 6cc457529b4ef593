"""Page titles that put a name before "details" or "role" read as English."""
from django.urls import reverse

from grassroots.templatetags.words import possessive


def test_a_name_ending_in_s_takes_only_the_apostrophe():
    assert possessive("Tulse Hill Tamil Mothers") == "Tulse Hill Tamil Mothers’"
    assert possessive("Grace Thompson") == "Grace Thompson’s"


def test_the_change_details_page_of_a_group_named_in_the_plural_reads_right(world, as_group):
    """The demo group "Tulse Hill Tamil Mothers" got the title "Change Tulse Hill Tamil Mothers's details"."""
    world.group.name = "Tulse Hill Tamil Mothers"
    world.group.save(update_fields=["name"])
    page = as_group.get(reverse("accounts:organisation_edit", args=[world.group.pk])).content.decode()
    assert "Change Tulse Hill Tamil Mothers’ details" in page
    assert "Mothers's" not in page and "Mothers&#x27;s" not in page
