"""Demo themes: every organisation hosting or leading a programme gets the default taxonomy and a few keyword
rules, so suggestions appear on the demo's feedback. Safe to run twice; called from engagement/demo.py's seed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from engagement.models import KeywordRule, SubTheme
from engagement.taxonomy import load_default_taxonomy
from grants.models import Programme, ProgrammeShare

if TYPE_CHECKING:
    from grassroots.accounts.demo import DemoContext

# Sub-theme name -> the words that suggest it (whole words, any case).
DEMO_RULES = {
    "Appointment arrangements": "appointment\nbooking\non hold",
    "Interpreters & language support": "interpreter\ntranslate\nlanguage",
    "Racism & discrimination": "racism\nracist\ndiscriminated",
    "Transport to / from services": "bus\ntaxi\ntransport",
    "Digital exclusion": "online only\napp\nsmartphone",
}


def seed_themes(ctx: DemoContext) -> None:
    staff = ctx.users.get("host_staff")
    hosts = set(ProgrammeShare.objects.values_list("host_id", flat=True)) | set(
        Programme.objects.values_list("lead_id", flat=True))
    for host_id in sorted(hosts):
        load_default_taxonomy(host_id)
        if staff is None or KeywordRule.objects.filter(sub_theme__theme__owner_id=host_id).exists():
            continue
        for name, phrases in DEMO_RULES.items():
            sub = SubTheme.objects.filter(theme__owner_id=host_id, name=name, retired=False).first()
            if sub is not None:
                KeywordRule.objects.create(sub_theme=sub, phrases=phrases, created_by=staff)
