"""The engagement demo as plain data: which group ran which session on which day, who came, what they said.

Nothing here touches the database: ``demo.py`` reads the grants into ``GrantWindow`` rows, this module plans the
year's sessions from them (deterministically, from a fixed seed), and ``demo_rows.py`` turns each plan into rows.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from engagement import demo_trust_words as trust
from engagement.choices import Dimension, SessionKind
from engagement.demo_words import (
    ASIDES,
    CONSENT_WEIGHTS,
    SAFEGUARDING,
    SAID,
    SENTIMENT_WEIGHTS,
    SERVICE_WEIGHTS,
)


@dataclass(frozen=True)
class GrantWindow:
    """A grant the demo logs sessions against, and the days its group was running sessions in the last year."""

    grant_id: int
    group: str
    area: str
    starts: date
    ends: date
    open: bool  # still active: its latest session may be a draft
    sessions: int  # sessions to plan besides Thinking Partners meetings
    tp_meetings: int = 0
    trust: bool = False  # a Building Trust grant: listening events only, all submitted, in its own words


@dataclass
class ItemPlan:
    text: str
    service: str
    sentiment: str
    consent: str
    age_band: str = ""
    ethnic_group: str = ""
    safeguarding: bool = False


@dataclass
class SessionPlan:
    grant_id: int
    kind: str
    title: str
    held_on: date
    starts_at: time
    ends_at: time
    venue: str
    area: str
    facilitators: str
    attendance: int
    conversations: int
    submitted: bool
    items: list[ItemPlan] = field(default_factory=list)
    demographics: list[tuple[str, str, int]] = field(default_factory=list)
    present: list[str] = field(default_factory=list)  # "icb", "provider", "council": NHS and council people there
    trained_count: int | None = None
    questions: str = ""  # "people" (one response per person), "tally" (paper forms counted), or none
    notes: str = ""


TITLES: dict[str, list[str]] = {
    SessionKind.LISTENING: ["Listening lunch", "Coffee and conversation", "Health listening event",
                            "Tea, cake and your NHS", "Listening circle"],
    SessionKind.ACTIVITY: ["Chair yoga and a chat", "Community lunch", "Walk and talk", "Cooking together",
                           "Craft afternoon", "Family fun day"],
    SessionKind.FOCUS_GROUP: ["Focus group: getting a GP appointment", "Focus group: mental health support",
                              "Focus group: hospital discharge", "Focus group: dentists"],
    SessionKind.FORUM: ["Community health forum", "Meet the NHS: open forum"],
    SessionKind.OUTREACH: ["Outreach at the market", "Door-knocking on the estate", "Stall at the food bank"],
    SessionKind.TRAINING: ["Listening skills training"],
    SessionKind.THINKING_PARTNERS: ["Thinking Partners meeting"],
}
VENUES = {
    "Lambeth": ["Brixton Library", "St Matthew's Church Hall", "Stockwell Community Centre", "Norwood Hall"],
    "Southwark": ["Peckham Library", "Walworth Methodist Church", "Bermondsey Village Hall", "Camberwell Leisure Centre"],
    "Lewisham": ["Deptford Lounge", "Catford Community Hub", "Lewisham Library", "Sydenham Centre"],
    "Greenwich": ["Woolwich Centre", "Plumstead Community Hall", "Eltham Library"],
    "Bexley": ["Erith Library", "Bexleyheath Community Centre", "Thamesmead Hub"],
}
TIMES = [(time(10), time(12)), (time(13), time(15)), (time(18), time(20)), (time(11), time(14))]
FACILITATORS = ["Two volunteers and a Healthwatch officer", "Our coordinator and a health champion",
                "Volunteer listeners (3)", "Our chair and an interpreter"]

# Who comes to each kind of group: weights for age bands and ethnic groups, a first language, and shares of
# women, unpaid carers and disabled people. Matched on a word in the group's name; "" is everyone else.
PROFILES: dict[str, tuple[dict[str, int], dict[str, int], str, float, float, float]] = {
    "Elders": ({"65_74": 5, "75_plus": 4, "55_64": 1}, {"black_caribbean": 7, "black_african": 2, "white_british": 1},
               "", 0.65, 0.2, 0.35),
    "Portuguese": ({"25_34": 3, "35_44": 4, "45_54": 3}, {"white_other": 8, "mixed_other": 2}, "Portuguese", 0.6,
                   0.15, 0.1),
    "Latin American": ({"25_34": 4, "35_44": 4, "45_54": 2}, {"other_any": 6, "white_other": 4}, "Spanish", 0.6,
                       0.15, 0.1),
    "Colombian": ({"25_34": 4, "35_44": 4, "45_54": 2}, {"other_any": 6, "white_other": 4}, "Spanish", 0.55, 0.15,
                  0.1),
    "Chinese": ({"65_74": 5, "75_plus": 4, "55_64": 1}, {"asian_chinese": 10}, "Cantonese", 0.6, 0.2, 0.3),
    "Bengali": ({"55_64": 3, "65_74": 4, "75_plus": 3}, {"asian_bangladeshi": 10}, "Bengali", 0.55, 0.25, 0.35),
    "Kurdish": ({"under_18": 4, "18_24": 6}, {"other_any": 6, "white_other": 4}, "Kurdish", 0.45, 0.1, 0.05),
    "Refugee": ({"25_34": 5, "35_44": 4, "45_54": 1}, {"black_african": 6, "other_arab": 3, "asian_other": 1},
                "Tigrinya", 1.0, 0.3, 0.1),
    "Nepalese": ({"35_44": 3, "45_54": 3, "65_74": 4}, {"asian_other": 10}, "Nepali", 0.5, 0.2, 0.15),
    "Young Carers": ({"under_18": 8, "18_24": 2}, {"white_british": 5, "black_african": 3, "mixed_white_black_caribbean": 2},
                     "", 0.6, 1.0, 0.1),
    "LGBTQ": ({"55_64": 5, "65_74": 4, "75_plus": 1}, {"white_british": 6, "black_caribbean": 2, "white_irish": 2}, "",
              0.45, 0.2, 0.3),
    "Homeless": ({"25_34": 3, "35_44": 4, "45_54": 3}, {"white_british": 4, "white_other": 3, "black_african": 3},
                 "", 0.25, 0.05, 0.45),
    "Dementia": ({"55_64": 3, "65_74": 4, "75_plus": 3}, {"white_british": 6, "black_caribbean": 3, "asian_indian": 1},
                 "", 0.7, 1.0, 0.2),
    "Building Trust": ({"18_24": 2, "25_34": 3, "35_44": 3, "45_54": 3, "55_64": 2, "65_74": 1},
                       {"black_caribbean": 5, "black_african": 4, "black_other": 1, "mixed_white_black_caribbean": 1},
                       "", 0.6, 0.2, 0.15),
    "": ({"25_34": 2, "35_44": 3, "45_54": 3, "55_64": 2}, {"white_british": 4, "black_african": 3,
                                                              "black_caribbean": 2, "asian_indian": 1},
         "", 0.55, 0.2, 0.25),
}


def profile(group: str) -> tuple[dict[str, int], dict[str, int], str, float, float, float]:
    return next((p for word, p in PROFILES.items() if word and word in group), PROFILES[""])


def _share(total: int, weights: dict[str, int]) -> list[tuple[str, int]]:
    """``total`` split by ``weights`` (largest remainder), dropping zeros."""
    whole = sum(weights.values())
    raw = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[:total - sum(counts.values())]:
        counts[k] += 1
    return [(k, v) for k, v in counts.items() if v]


def demographics(group: str, attendance: int, rng: random.Random) -> list[tuple[str, str, int]]:
    """Anonymous counts from the forms people chose to fill in: never more than came, some prefer not to say."""
    ages, ethnicities, language, women, carers, disabled = profile(group)
    answered = int(attendance * rng.uniform(0.7, 0.95))
    prefer_not = max(1, answered // 20)
    out = [(Dimension.AGE, k, v) for k, v in _share(answered - prefer_not, ages)]
    out.append((Dimension.AGE, "prefer_not", prefer_not))
    out += [(Dimension.ETHNICITY, k, v) for k, v in _share(answered - prefer_not, ethnicities)]
    out.append((Dimension.ETHNICITY, "prefer_not", prefer_not))
    woman = int(answered * women)
    non_binary = 1 if "LGBTQ" in group or "Youth" in group else 0
    out += [(Dimension.GENDER, "woman", woman), (Dimension.GENDER, "man", max(0, answered - woman - non_binary - 1)),
            (Dimension.GENDER, "non_binary", non_binary), (Dimension.GENDER, "prefer_not", 1)]
    yes = int(answered * disabled)
    out += [(Dimension.DISABILITY, "yes", yes), (Dimension.DISABILITY, "no", answered - yes - prefer_not)]
    out.append((Dimension.CARER, "yes", int(answered * carers)))
    if language:
        out.append((Dimension.LANGUAGE, language, int(answered * 0.7)))
    return [row for row in out if row[2] > 0]


def _pick(weights: dict[str, int], rng: random.Random) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Voices:
    """Draws what people said, the least-used words first, so a year of sessions repeats itself as little as
    real ones do."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: dict[str, int] = {}

    def item(self, group: str) -> ItemPlan:
        rng = self.rng
        service = _pick(SERVICE_WEIGHTS, rng)
        sentiment = _pick(SENTIMENT_WEIGHTS, rng)
        said = SAID[service].get(sentiment) or SAID[service]["negative"]
        least = min(self.used.get(t, 0) for t in said)
        text = rng.choice([t for t in said if self.used.get(t, 0) == least])
        self.used[text] = least + 1
        if least:  # said again somewhere else: in this person's own way
            text += rng.choice(ASIDES)
        ages, ethnicities, *_ = profile(group)
        described = rng.random() < 0.55
        return ItemPlan(text=text, service=service, sentiment=sentiment, consent=_pick(CONSENT_WEIGHTS, rng),
                        age_band=_pick(ages, rng) if described else "",
                        ethnic_group=_pick(ethnicities, rng) if described and rng.random() < 0.8 else "")

    def trust_item(self) -> ItemPlan:
        """What someone said at a Building Trust listening event, the least-used words first."""
        rng = self.rng
        least = min(self.used.get(s.text, 0) for s in trust.SAID)
        said = rng.choice([s for s in trust.SAID if self.used.get(s.text, 0) == least])
        self.used[said.text] = least + 1
        text = said.text + (rng.choice([a for a in ASIDES if a]) if least else "")  # in their own way
        return ItemPlan(text=text, service=said.service, sentiment=said.sentiment,
                        consent=_pick(CONSENT_WEIGHTS, rng), age_band=_pick({"25_34": 3, "35_44": 3, "45_54": 3,
                                                                              "55_64": 2, "65_74": 1}, rng),
                        ethnic_group=_pick({"black_caribbean": 5, "black_african": 4, "black_other": 1}, rng))


KIND_WEIGHTS: dict[str, int] = {SessionKind.LISTENING: 40, SessionKind.ACTIVITY: 30, SessionKind.FOCUS_GROUP: 10,
                SessionKind.FORUM: 6, SessionKind.OUTREACH: 14}
# attendance (low, high) and the share of people who had an in-depth conversation (low, high)
SIZES: dict[str, tuple[tuple[int, int], tuple[float, float]]] = {
    SessionKind.LISTENING: ((45, 110), (0.3, 0.45)), SessionKind.ACTIVITY: ((35, 95), (0.2, 0.3)),
    SessionKind.FOCUS_GROUP: ((8, 14), (1.0, 1.0)), SessionKind.FORUM: ((70, 150), (0.15, 0.2)),
    SessionKind.OUTREACH: ((20, 45), (0.8, 1.0)), SessionKind.TRAINING: ((10, 16), (0.0, 0.0)),
    SessionKind.THINKING_PARTNERS: ((10, 18), (0.0, 0.0))}


def _session(window: GrantWindow, kind: str, held_on: date, n: int, rng: random.Random) -> SessionPlan:
    (low, high), (c_low, c_high) = SIZES[kind]
    attendance = rng.randint(low, high)
    starts_at, ends_at = TIMES[n % len(TIMES)]
    return SessionPlan(
        grant_id=window.grant_id, kind=kind, title=TITLES[kind][n % len(TITLES[kind])], held_on=held_on,
        starts_at=starts_at, ends_at=ends_at, venue=VENUES[window.area][n % len(VENUES[window.area])],
        area=window.area, facilitators=FACILITATORS[n % len(FACILITATORS)], attendance=attendance,
        conversations=int(attendance * rng.uniform(c_low, c_high)), submitted=True)


def _trust_event(window: GrantWindow, held_on: date, n: int, voices: Voices, rng: random.Random) -> SessionPlan:
    """One of Building Trust's thirteen listening events, submitted, with people from the NHS and the council
    there to hear it."""
    plan = _session(window, SessionKind.LISTENING, held_on, n, rng)
    plan.title, plan.venue = trust.TITLES[n % len(trust.TITLES)], trust.VENUES[n % len(trust.VENUES)]
    plan.facilitators = "Two trained community listeners and a council officer"
    plan.items = [voices.trust_item() for _ in range(max(6, min(12, plan.conversations // 3)))]
    plan.demographics = demographics("Building Trust", plan.attendance, rng)
    plan.present = ["council", "icb"] if n % 2 else ["council", "provider"]
    if n == 3:
        service, text = trust.SAFEGUARDING
        plan.items.append(ItemPlan(text=text, service=service, sentiment="negative", consent="internal",
                                   safeguarding=True))
    return plan


def plan_sessions(windows: list[GrantWindow], *, seed: int = 88) -> list[SessionPlan]:
    """Every window's sessions spread over its days, a draft last where the grant is still open, a training
    session for the first two groups and a few safeguarding concerns; answers to the question set at a listening
    event in every two (one per person, or tallied from paper forms)."""
    rng = random.Random(seed)
    voices = Voices(rng)
    plans: list[SessionPlan] = []
    trust_events = 0
    for w, window in enumerate(windows):
        days = max(1, (window.ends - window.starts).days)
        grant_plans = []
        for i in range(window.sessions):
            held_on = window.starts + timedelta(days=days * (i + 1) // (window.sessions + 1))
            if window.trust:
                grant_plans.append(_trust_event(window, held_on, trust_events, voices, rng))
                trust_events += 1
                continue
            kind = SessionKind.TRAINING if i == 0 and w < 2 else _pick(KIND_WEIGHTS, rng)
            plan = _session(window, kind, held_on, w + i, rng)
            if kind == SessionKind.TRAINING:
                plan.trained_count = plan.attendance
                plan.notes = "Half a day on listening well and writing down what people say, with their consent."
            else:
                share = 3 if kind != SessionKind.ACTIVITY else 4
                plan.items = [voices.item(window.group) for _ in range(max(2, min(12, plan.conversations // share)))]
                plan.demographics = demographics(window.group, plan.attendance, rng)
            if kind == SessionKind.FORUM:
                plan.present = ["icb", "provider"]
            elif kind == SessionKind.LISTENING and i % 2:
                plan.questions = "people" if i % 4 == 1 else "tally"
            grant_plans.append(plan)
        for t in range(window.tp_meetings):
            held_on = window.starts + timedelta(days=days * (2 * t + 1) // (2 * window.tp_meetings + 1) + 1)
            plan = _session(window, SessionKind.THINKING_PARTNERS, held_on, w + t, rng)
            plan.present = ["icb", "provider", "council"]
            plan.notes = "Our coordinator went with one of our members; we raised what people said about GP access."
            grant_plans.append(plan)
        grant_plans.sort(key=lambda p: p.held_on)
        if window.open and grant_plans and not window.trust:
            grant_plans[-1].submitted = False
        plans += grant_plans
    for n, (service, text) in enumerate(SAFEGUARDING):
        with_items = [p for p in plans if p.items]
        target = with_items[(n * 23 + 7) % len(with_items)]
        target.items.append(ItemPlan(text=text, service=service, sentiment="negative", consent="internal",
                                     safeguarding=True))
    return plans
