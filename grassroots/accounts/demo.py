"""Demo data for the core: south-east London boroughs, their Healthwatch, commissioners and community groups.

Idempotent: everything is found or created by its natural key, so running it twice changes nothing.
Self-registered groups go through the registration services, on the dates they registered (``demo_clock``).
Domain apps add their own demo data in ``<app>/demo.py`` with a ``seed(ctx)`` that receives this context.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import count

import time_machine
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from grassroots.accounts.models import Area, Membership, Organisation, User
from grassroots.accounts.services import membership_add
from grassroots.accounts.services.groups import GroupDetails, NewAccount, group_decline, group_register

DEMO_PASSWORD = "grassroots-demo-2026"  # noqa: S105  (published on purpose; seed_demo refuses production)

Kind = Organisation.Kind
Role = Membership.Role

# (area, ONS code, host organisation)
BOROUGHS = [
    ("Lambeth", "E09000022", "Healthwatch Lambeth"),
    ("Southwark", "E09000028", "Healthwatch Southwark"),
    ("Lewisham", "E09000023", "Healthwatch Lewisham"),
    ("Greenwich", "E09000011", "Healthwatch Greenwich"),
    ("Bexley", "E09000004", "Healthwatch Bexley"),
]

FUNDER = "NHS England — London Region"
FUNDER_ORG_ID = "GB-NHS-X24"  # NHS England's ODS code on org-id.guide's NHS register
ICB_ORG_ID = "GB-NHS-QKK"
ICB = "NHS South East London ICB"
COUNCIL = "Lewisham Council"
PROVIDER = "King's College Hospital NHS Foundation Trust"
PARTNER = "Building Health Partnerships"  # a delivery partner of the council's Building Trust programme

# (name, area, communities served, charity number, company number)
GROUPS: list[tuple[str, str, str, str, str]] = [
    ("Brixton Elders Lunch Club", "Lambeth", "Older Caribbean residents", "1123456", ""),
    ("Peckham Deaf Social", "Southwark", "Deaf British Sign Language users", "", ""),
    ("Lewisham Refugee Women's Circle", "Lewisham", "Refugee and asylum-seeking women", "1187342", ""),
    ("Woolwich Nepalese Community Association", "Greenwich", "Nepalese families, many from Gurkha households",
     "1150921", ""),
    ("Bexley Young Carers", "Bexley", "Children and young people who care for a family member", "1098776", ""),
    ("Somali Mothers' Group Southwark", "Southwark", "Somali mothers and their young children", "", "09876543"),
    ("Deptford Men's Shed", "Lewisham", "Older men living alone", "", ""),
    ("Catford Sickle Cell Support", "Lewisham", "People living with sickle cell disease and their families",
     "1165432", ""),
    ("Thamesmead Tamil Elders", "Bexley", "Older Tamil-speaking residents", "", ""),
    ("Lambeth Learning Disability Voices", "Lambeth", "Adults with learning disabilities", "1134567", ""),
    ("Kurdish Women's Group Greenwich", "Greenwich", "Kurdish women, many with limited English", "", ""),
    ("Eritrean Community in Lewisham", "Lewisham", "Eritrean families and new arrivals", "1112233", ""),
    ("Stockwell Portuguese Speakers", "Lambeth", "Portuguese-speaking families from Portugal, Madeira and Brazil",
     "", "10234567"),
    ("Camberwell Traveller Health Network", "Southwark", "Gypsy, Roma and Traveller families", "", ""),
    ("Plumstead Polish Parents", "Greenwich", "Polish-speaking parents of young children", "", ""),
    ("Vauxhall LGBTQ+ Over-50s", "Lambeth", "Older lesbian, gay, bisexual and trans people", "1176543", ""),
    ("Walworth Bangladeshi Women's Forum", "Southwark", "Bangladeshi women and older carers", "1145678", ""),
    ("Sydenham Dementia Carers Café", "Lewisham", "Unpaid carers of people living with dementia", "", ""),
    ("Eltham Veterans Breakfast Club", "Greenwich", "Armed forces veterans and their families", "", ""),
    ("Erith Homeless Outreach", "Bexley", "People sleeping rough or in temporary accommodation", "1156789", ""),
    ("Norwood Chinese Elders", "Lambeth", "Older Cantonese- and Mandarin-speaking residents", "", ""),
    ("Bermondsey Mental Health Peer Support", "Southwark", "Adults living with long-term mental illness", "",
     "11345678"),
    ("Brockley Sign Language Choir", "Lewisham", "Deaf and hard-of-hearing singers", "", ""),
    ("Charlton Ghanaian Association", "Greenwich", "Ghanaian families and faith communities", "1143210", ""),
    ("Sidcup Parkinson's Exercise Group", "Bexley", "People living with Parkinson's and their partners", "", ""),
    ("Clapham Latin American Health Project", "Lambeth", "Spanish- and Portuguese-speaking Latin American workers",
     "1160987", ""),
    ("Rotherhithe Estate Neighbours", "Southwark", "Tenants on social housing estates", "", ""),
    ("Lewisham Autistic Adults Network", "Lewisham", "Autistic adults and their families", "", "12456789"),
    ("Greenwich Vietnamese Women's Group", "Greenwich", "Vietnamese women, many working in nail bars", "", ""),
    ("Bexleyheath Sikh Youth", "Bexley", "Young Sikh people aged 14 to 25", "1171234", ""),
    ("Kennington Sex Workers' Health Collective", "Lambeth", "Sex workers and women at risk of exploitation",
     "", ""),
    ("Nunhead Turkish and Kurdish Elders", "Southwark", "Older Turkish- and Kurdish-speaking residents", "", ""),
]

# The borough project funded more than forty groups in Lambeth and Southwark over five years: these are the
# groups it funded beyond the core ones above (same columns as GROUPS).
BOROUGH_PROJECT_GROUPS: list[tuple[str, str, str, str, str]] = [
    ("Brixton Somali Elders Circle", "Lambeth", "Older Somali men and women", "1181101", ""),
    ("Streatham Tamil Carers Network", "Lambeth", "Tamil-speaking unpaid carers", "", ""),
    ("Stockwell Polish Mothers' Group", "Lambeth", "Polish-speaking mothers of young children", "", ""),
    ("Lambeth LGBTQ+ Youth Collective", "Lambeth", "LGBTQ+ young people aged 13 to 25", "1182202", ""),
    ("West Norwood Deaf BSL Club", "Lambeth", "Deaf British Sign Language users", "", ""),
    ("Loughborough Junction Windrush Elders", "Lambeth", "Windrush-generation Caribbean elders", "1183303", ""),
    ("Tulse Hill Ethiopian Community Group", "Lambeth", "Ethiopian families and new arrivals", "", ""),
    ("Kennington Arabic Women's Circle", "Lambeth", "Arabic-speaking women, many newly arrived", "", ""),
    ("Brixton Hill Sickle Cell Warriors", "Lambeth", "Young adults living with sickle cell disease", "", ""),
    ("Herne Hill Stroke Survivors Club", "Lambeth", "Stroke survivors and their carers", "1184404", ""),
    ("Clapham Park Young Mums", "Lambeth", "Mothers under 25 living on local estates", "", ""),
    ("Streatham Ghanaian Women's Fellowship", "Lambeth", "Ghanaian women and their church communities", "", ""),
    ("Oval Afghan Families Association", "Lambeth", "Afghan families resettled in London", "", "13456701"),
    ("Waterloo Homeless Health Drop-in", "Lambeth", "People who are homeless or living in hostels", "1185505", ""),
    ("Vauxhall Colombian Community Health Group", "Lambeth", "Colombian and other Latin American families", "", ""),
    ("Lambeth Blind and Partially Sighted Club", "Lambeth", "Blind and partially sighted adults", "1186606", ""),
    ("Peckham Nigerian Elders Forum", "Southwark", "Older Nigerian residents", "", ""),
    ("Elephant and Castle Latin American Women", "Southwark", "Spanish-speaking Latin American women", "1187707",
     ""),
    ("Camberwell Sierra Leonean Association", "Southwark", "Sierra Leonean families", "", ""),
    ("Bermondsey Dockers' Pensioners Club", "Southwark", "Older residents of the riverside estates", "", ""),
    ("Dulwich Deaf Parents Group", "Southwark", "Deaf parents who use British Sign Language", "", ""),
    ("Peckham Vietnamese Elders", "Southwark", "Older Vietnamese-speaking residents", "", ""),
    ("Southwark Trans Peer Support", "Southwark", "Trans and non-binary adults", "1188808", ""),
    ("Walworth Congolese Women's Group", "Southwark", "French- and Lingala-speaking Congolese women", "", ""),
    ("Rotherhithe Chinese Community Centre", "Southwark", "Chinese families and older residents", "1189909", ""),
    ("Nunhead Learning Disability Friendship Club", "Southwark", "Adults with learning disabilities", "", ""),
    ("Borough Sudanese Community Association", "Southwark", "Sudanese families and new arrivals", "", "13456702"),
    ("East Dulwich Menopause Café", "Southwark", "Women going through the menopause, many Black and Asian", "", ""),
    ("Peckham Roma Families Project", "Southwark", "Roma families from Romania and Slovakia", "", ""),
    ("Surrey Docks Bengali Elders", "Southwark", "Older Bengali-speaking residents", "", ""),
    ("Old Kent Road Kurdish Youth", "Southwark", "Young Kurdish people aged 14 to 25", "", ""),
    ("Camberwell Dementia Carers Circle", "Southwark", "Family carers of people living with dementia", "1190101", ""),
]

# Where each borough's groups meet: real postcode districts, so the 360Giving export carries a location.
POSTCODES = {
    "Lambeth": ["SW2 1RW", "SW9 8LF", "SW8 1RG", "SE11 5QY", "SE27 9JU", "SW4 7AA", "SE11 4AA"],
    "Southwark": ["SE15 5DQ", "SE5 8RS", "SE1 6QH", "SE17 1RT", "SE16 4BU", "SE16 2QU", "SE15 3EJ"],
    "Lewisham": ["SE13 5PJ", "SE8 4AT", "SE6 4RU", "SE26 5SE", "SE4 1UT", "SE13 6LG", "SE14 6LW"],
    "Greenwich": ["SE18 6HQ", "SE18 1JA", "SE9 5LW", "SE7 8NJ", "SE10 9HT", "SE3 7SE"],
    "Bexley": ["DA8 1DB", "DA14 6BP", "DA6 7EX", "SE28 8EX", "DA7 4BG", "DA15 7AN"],
}

# Groups that registered themselves and wait for their Healthwatch, with how many days ago they registered:
# (name, area, communities served, postcode, charity number, registrant e-mail, registrant name, days ago)
SELF_REGISTERED: list[tuple[str, str, str, str, str, str, str, int]] = [
    ("Tulse Hill Tamil Mothers", "Lambeth", "Tamil-speaking mothers of babies and young children", "SE27 0AB", "",
     "priya.kandiah@tulsehilltamil.example.org", "Priya Kandiah", 2),
    ("Peckham Rye Recovery Walkers", "Southwark", "People getting active again after a stroke or heart attack",
     "SE15 3UA", "1190023", "frank.doyle@ryewalkers.example.org", "Frank Doyle", 6),
    ("Lee Green Irish Pensioners", "Lewisham", "Older Irish residents, many living alone", "SE12 8RG", "",
     "maeve.byrne@leegreenirish.example.org", "Maeve Byrne", 9),
]
# One registration a Healthwatch turned down, so the declined state can be seen too.
DECLINED = ("Bexley Business Breakfast", "Bexley", "Local business owners", "DA5 1AA", "",
            "sales@bexleybreakfast.example.org", "Colin Sharp", 20,
            "Grassroots funds community groups that work with people the NHS seldom hears from. A business "
            "networking club is not one: our community chest for local events may suit you better.")

# (email, full name, organisation name, organisation kind, role, login label)
PEOPLE: list[tuple[str, str, str, str, str, str]] = [
    ("grace.thompson@brixtonelders.example.org", "Grace Thompson", "Brixton Elders Lunch Club", Kind.COMMUNITY_GROUP,
     Role.ADMIN, "Community group member"),
    ("omar.hassan@peckhamdeaf.example.org", "Omar Hassan", "Peckham Deaf Social", Kind.COMMUNITY_GROUP,
     Role.ADMIN, "Another community group (for testing isolation)"),
    ("hana.okafor@healthwatchlambeth.example.org", "Hana Okafor", "Healthwatch Lambeth", Kind.HOST, Role.STAFF,
     "Host staff of the borough project, Seldom Heard Voices (Healthwatch Lambeth)"),
    ("david.mensah@healthwatchlambeth.example.org", "David Mensah", "Healthwatch Lambeth", Kind.HOST, Role.ADMIN, ""),
    ("sam.obi@healthwatchsouthwark.example.org", "Sam Obi", "Healthwatch Southwark", Kind.HOST, Role.STAFF,
     "Lead host staff of the regional fund (Healthwatch Southwark)"),
    ("priya.shah@healthwatchlewisham.example.org", "Priya Shah", "Healthwatch Lewisham", Kind.HOST, Role.STAFF,
     "Host staff of one share of the regional fund (Healthwatch Lewisham)"),
    ("tom.reid@healthwatchgreenwich.example.org", "Tom Reid", "Healthwatch Greenwich", Kind.HOST, Role.STAFF, ""),
    ("ruth.adeyemi@healthwatchbexley.example.org", "Ruth Adeyemi", "Healthwatch Bexley", Kind.HOST, Role.STAFF, ""),
    ("cora.bennett@selondon-icb.example.org", "Cora Bennett", ICB, Kind.COUNCIL, Role.COMMISSIONER,
     "Commissioner (NHS South East London ICB)"),
    ("marcus.lee@lewisham-council.example.org", "Marcus Lee", COUNCIL, Kind.COUNCIL, Role.COMMISSIONER, ""),
    ("nadia.campbell@lewisham-council.example.org", "Nadia Campbell", COUNCIL, Kind.COUNCIL, Role.STAFF,
     "Host staff of a council-run programme (Lewisham Council, Building Trust)"),
    ("fiona.walsh@nhsengland-london.example.org", "Fiona Walsh", FUNDER, Kind.FUNDER, Role.STAFF,
     "Funder staff (NHS England, funds the regional fund)"),
    ("joy.adebayo@buildinghealth.example.org", "Joy Adebayo", PARTNER, Kind.HOST, Role.STAFF,
     "Delivery partner staff (Building Health Partnerships, Building Trust)"),
    ("kwame.asante@kch.example.org", "Kwame Asante", PROVIDER, Kind.PROVIDER, Role.STAFF, ""),
]

ADMIN_EMAIL = "admin@grassroots.example.org"


@contextmanager
def demo_clock(moment: datetime) -> Iterator[None]:
    """Demo seeding only: run the services as if it were ``moment``.

    Services stamp everything with ``timezone.now()``; travelling in time (time-machine, used nowhere else) lets
    the demo's history read true: applied, then reviewed, then awarded, then paid. Time keeps ticking inside.
    """
    with time_machine.travel(moment, tick=True):
        yield


def days_ago(days: float, hour: int = 10) -> datetime:
    """A working-hours moment ``days`` before now (negative: in the future)."""
    return (timezone.localtime() - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


@dataclass
class Login:
    role: str
    email: str
    password: str


@dataclass
class DemoContext:
    """What the core demo created, handed to each app's ``seed(ctx)`` so it can build on it."""

    password: str = DEMO_PASSWORD
    areas: dict[str, Area] = field(default_factory=dict)  # by area name
    hosts: dict[str, Organisation] = field(default_factory=dict)  # host organisation, by area name
    funder: Organisation | None = None
    icb: Organisation | None = None
    council: Organisation | None = None
    provider: Organisation | None = None
    groups: list[Organisation] = field(default_factory=list)
    group_members: dict[str, User] = field(default_factory=dict)  # one login per group, by group name
    users: dict[str, User] = field(default_factory=dict)  # group_member, other_group_member, host_staff, ...
    logins: list[Login] = field(default_factory=list)

    def add_login(self, role: str, user: User) -> None:
        if not any(login.email == user.email for login in self.logins):
            self.logins.append(Login(role, user.email, self.password))


def _org(name: str, kind: str, **defaults: str) -> Organisation:
    org = Organisation.objects.filter(name__iexact=name, kind=kind).first()
    if org is None:
        org = Organisation.objects.create(name=name, kind=kind, **defaults)
    return org


_HASHED: dict[str, str] = {}


def _user(email: str, full_name: str, password: str, *, superuser: bool = False) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    if superuser:
        return User.objects.create_superuser(email=email, full_name=full_name, password=password)
    # Every demo login shares one password: hash it once (a slow hash, on purpose) and reuse the hash.
    if password not in _HASHED:
        _HASHED[password] = make_password(password)
    user = User.objects.create_user(email=email, full_name=full_name, password=None)
    user.password = _HASHED[password]
    user.save(update_fields=["password"])
    return user


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:30]


def seed(ctx: DemoContext) -> DemoContext:
    for area_name, code, host_name in BOROUGHS:
        host = _org(host_name, Kind.HOST, email=f"info@{_slug(host_name)}.example.org")
        area, _ = Area.objects.get_or_create(name=area_name, defaults={"kind": Area.Kind.BOROUGH, "code": code})
        if area.host_organisation_id != host.pk:
            area.host_organisation = host
            area.save(update_fields=["host_organisation"])
        host.areas.add(area)
        ctx.areas[area_name] = area
        ctx.hosts[area_name] = host

    funder, icb = _org(FUNDER, Kind.FUNDER, org_id=FUNDER_ORG_ID), _org(ICB, Kind.COUNCIL, org_id=ICB_ORG_ID)
    # Lewisham on the register of local authorities in England: it funds Building Trust, so 360Giving needs it.
    council, provider = _org(COUNCIL, Kind.COUNCIL, org_id="GB-LAE-LEW"), _org(PROVIDER, Kind.PROVIDER)
    partner = _org(PARTNER, Kind.HOST,
                   communities_served="Supports community groups to work with the NHS; funds none itself.")
    funder.areas.add(*ctx.areas.values())
    icb.areas.add(*ctx.areas.values())
    council.areas.add(ctx.areas["Lewisham"])
    provider.areas.add(ctx.areas["Lambeth"], ctx.areas["Southwark"])
    ctx.funder, ctx.icb, ctx.council, ctx.provider = funder, icb, council, provider

    in_area = {area: count() for area in POSTCODES}
    for name, area_name, communities, charity, company in [*GROUPS, *BOROUGH_PROJECT_GROUPS]:
        org_id = f"GB-CHC-{charity}" if charity else (f"GB-COH-{company}" if company else "")
        postcodes = POSTCODES[area_name]
        group = _org(name, Kind.COMMUNITY_GROUP, communities_served=communities, charity_number=charity,
                     company_number=company, org_id=org_id, postcode=postcodes[next(in_area[area_name]) % len(postcodes)])
        group.areas.add(ctx.areas[area_name])
        ctx.groups.append(group)

    named = {org.name: org for org in [*ctx.groups, *ctx.hosts.values(), funder, icb, council, provider, partner]}
    keys = {"Community group member": "group_member",
            "Another community group (for testing isolation)": "other_group_member"}
    for email, full_name, org_name, kind, role, label in PEOPLE:
        user = _user(email, full_name, ctx.password)
        membership_add(organisation=named[org_name], user=user, role=role)
        if label:
            ctx.add_login(label, user)
        if kind == Kind.COMMUNITY_GROUP:
            ctx.group_members[org_name] = user
        by_kind: dict[str, str] = {Kind.HOST: "host_staff", Kind.COUNCIL: "commissioner"}
        key = keys.get(label) or by_kind.get(kind)
        if key and key not in ctx.users:
            ctx.users[key] = user

    # One login for every other group, so any group's view of the service can be tried.
    for group in ctx.groups:
        if group.name not in ctx.group_members:
            user = _user(f"coordinator@{_slug(group.name)}.example.org", f"{group.name} coordinator", ctx.password)
            membership_add(organisation=group, user=user, role=Role.ADMIN)
            ctx.group_members[group.name] = user

    _seed_self_registered(ctx)
    admin = _user(ADMIN_EMAIL, "Ada Administrator", ctx.password, superuser=True)
    ctx.users["admin"] = admin
    ctx.add_login("System administrator", admin)
    return ctx


def _register(ctx: DemoContext, name: str, area: str, communities: str, postcode: str, charity: str, email: str,
              full_name: str, days: int) -> Organisation | None:
    existing = Organisation.objects.filter(name__iexact=name, kind=Kind.COMMUNITY_GROUP).first()
    if existing is not None:
        return None
    with demo_clock(days_ago(days, hour=19)):  # volunteers register in the evening
        return group_register(actor=None, account=NewAccount(email, full_name, ctx.password),
                              details=GroupDetails(name=name, area=ctx.areas[area], communities_served=communities,
                                                   postcode=postcode, charity_number=charity))


def _seed_self_registered(ctx: DemoContext) -> None:
    """Groups that signed themselves up: some wait in their Healthwatch's "new groups" list, one was declined."""
    for name, area, communities, postcode, charity, email, full_name, days in SELF_REGISTERED:
        _register(ctx, name, area, communities, postcode, charity, email, full_name, days)
    first = User.objects.get(email=SELF_REGISTERED[0][5])
    ctx.add_login("Community group waiting for approval", first)
    name, area, communities, postcode, charity, email, full_name, days, reason = DECLINED
    group = _register(ctx, name, area, communities, postcode, charity, email, full_name, days)
    if group is not None:
        staff = Membership.objects.filter(organisation=ctx.hosts[area], role__in=[Role.STAFF, Role.ADMIN]) \
            .select_related("user").order_by("pk").first()
        assert staff is not None
        with demo_clock(days_ago(days - 3)):
            group_decline(actor=staff.user, group=group, reason=reason)

