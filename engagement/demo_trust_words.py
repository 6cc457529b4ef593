"""Building Trust as plain data: the council's listening events with Black residents in Lewisham (DOMAIN.md: 13
listening events, 13 themes with sub-themes, 21 solutions and 4 key priorities — maternity, prostate cancer, a Black
Health Panel and mental health). Made-up words, but the kind of thing people said at events like these; no real
person is named. Each thing said carries the sub-theme host staff will tag it with."""
from __future__ import annotations

from typing import NamedTuple


class Said(NamedTuple):
    sub_theme: str
    service: str
    sentiment: str
    text: str


TITLES = [
    "Building Trust: opening listening event", "Building Trust: maternity and birth", "Building Trust: men's health",
    "Building Trust: young people and mental health", "Building Trust: elders' lunch", "Building Trust: faith leaders",
    "Building Trust: carers and families", "Building Trust: women's circle", "Building Trust: barbershop conversations",
    "Building Trust: sickle cell and long-term conditions", "Building Trust: students and young adults",
    "Building Trust: community health day", "Building Trust: closing event and priorities",
]
VENUES = ["Catford Community Hub", "Deptford Lounge", "Lewisham Library", "Sydenham Centre", "Bellingham Leisure Centre",
          "Ladywell Fields Pavilion", "Forest Hill Methodist Church Hall"]

# The thirteenth theme: the council's own, for what people said about being heard and represented.
THEME = "Community voice & representation"
THEME_DESCRIPTION = "What Black residents said about being heard, represented and served in ways that fit their lives."
SUB_THEMES = ["Representation in decisions", "Culturally appropriate care", "Community-led support"]
# Sub-theme -> the words that suggest it on the council's feedback (whole words, any case).
RULES = {
    "Maternity": "midwife\nmidwives\npregnant\npregnancy\nlabour",
    "Prostate & men's health": "prostate\nPSA",
    "Crisis support": "crisis",
    "Racism & discrimination": "racism\nracist\nstereotype",
}

SAID: list[Said] = [
    # Maternity
    Said("Maternity", "maternity", "negative", "When I was in labour I said the pain was not normal and the midwife "
         "told me to calm down. My daughter was born by emergency section an hour later."),
    Said("Maternity", "maternity", "negative", "Every Black mother I know has a story about not being believed on "
         "the maternity ward. We warn each other before we go in."),
    Said("Maternity", "maternity", "negative", "My blood pressure was high for weeks and nobody joined the dots "
         "until I collapsed at thirty-four weeks."),
    Said("Maternity", "maternity", "negative", "I asked for pain relief three times after my caesarean and was told "
         "I had a high pain threshold."),
    Said("Maternity", "maternity", "positive", "My community midwife was a Black woman from my church. For the first "
         "time I felt I could say what I was scared of."),
    Said("Maternity", "maternity", "positive", "The doula project at the children's centre stayed with me through "
         "everything. I would not have coped without her."),
    Said("Maternity", "maternity", "mixed", "The hospital care was good but nobody told me the statistics about Black "
         "women and birth. I found them on the internet at 3am."),
    Said("Maternity", "maternity", "neutral", "Is there a midwife you can ask for who understands our culture? I would "
         "like to know before my next baby."),
    # Prostate and men's health
    Said("Prostate & men's health", "gp", "negative", "I asked my GP for a PSA test and he said I was too young. My "
         "father and my uncle both had prostate cancer."),
    Said("Prostate & men's health", "gp", "negative", "Black men are one in four for prostate cancer and nobody told "
         "me that until my brother was diagnosed."),
    Said("Prostate & men's health", "hospital", "negative", "By the time my husband was seen at the hospital the "
         "cancer had spread. He had been going back to the GP for a year."),
    Said("Prostate & men's health", "gp", "positive", "The nurse at the barbershop event talked to us straight and "
         "booked me a test there and then. Three of my friends went too."),
    Said("Prostate & men's health", "hospital", "positive", "The specialist nurse at the hospital gave me her number "
         "and she always rings back. It makes the waiting easier."),
    Said("Prostate & men's health", "other", "mixed", "Men in our community do not go to the doctor until it is too "
         "late. Some of that is pride and some of that is how we have been treated."),
    Said("Prostate & men's health", "gp", "neutral", "What age should a Black man start asking about his prostate? I "
         "heard forty-five but nobody official has told me."),
    # Mental health
    Said("Crisis support", "mental_health", "negative", "When my son was in crisis the police came before any mental "
         "health worker. He is still frightened of asking for help."),
    Said("Crisis support", "mental_health", "negative", "Young Black men get sectioned, not listened to. That is what "
         "my nephew says and I believe him."),
    Said("Mental Health Act", "mental_health", "negative", "My brother was detained under the Mental Health Act and "
         "nobody explained our rights as a family."),
    Said("Culturally appropriate care", "mental_health", "negative", "The therapist kept asking about my childhood when "
         "what I wanted to talk about was racism at work."),
    Said("Culturally appropriate care", "mental_health", "positive", "The Black-led counselling service at the "
         "community centre understood me in the first session. I have been going for six months."),
    Said("Community-led support", "mental_health", "positive", "Our church started a wellbeing group and more men come "
         "to it than ever went to a GP about their mental health."),
    Said("Timeliness of care", "mental_health", "mixed", "Talking therapy helped when it came, but I waited nine "
         "months and nearly gave up."),
    Said("Crisis support", "mental_health", "neutral", "Where do you go at night if someone is in crisis and you do "
         "not want to call the police?"),
    # Racism, trust and being heard
    Said("Racism & discrimination", "hospital", "negative", "A doctor said out loud that people like me do not feel "
         "pain the same way. I made a complaint and heard nothing."),
    Said("Racism & discrimination", "ae", "negative", "In A&E with a sickle cell crisis I was treated like I was after "
         "drugs. I sat in agony for four hours."),
    Said("Racism & discrimination", "gp", "negative", "The receptionist is polite to everyone else and short with "
         "us. You notice these things every single time."),
    Said("Trust in services", "other", "negative", "We have been consulted many times and nothing changes. Why should "
         "people trust this time is different?"),
    Said("Trust in services", "gp", "negative", "My grandmother will not go to the doctor at all after how she was "
         "treated when she came here in the sixties."),
    Said("Trust in services", "other", "positive", "Having the event in our own community centre made a difference. "
         "People spoke who would never go to a council meeting."),
    Said("Trust in services", "other", "mixed", "I came because my pastor asked me to. I will come back if I see "
         "something actually happen."),
    Said("Staff listening, understanding & involving patients", "gp", "negative", "The doctor looked at the screen "
         "the whole time and did not once look at me."),
    Said("Staff listening, understanding & involving patients", "hospital", "positive", "The consultant asked what "
         "mattered to me before she talked about treatment. Nobody had asked me that before."),
    Said("Dignity & respect", "hospital", "negative", "Nobody on the ward knew how to care for my hair or skin, and "
         "my mother was too proud to ask."),
    Said("Representation in decisions", "other", "negative", "The people making decisions about our health do not "
         "look like us and do not live here."),
    Said("Representation in decisions", "other", "neutral", "If there was a Black Health Panel I would join it. We "
         "need people in the room when the money is decided."),
    Said("Representation in decisions", "other", "positive", "It meant a lot that someone from the council stayed "
         "for the whole evening and took notes."),
    Said("Community-led support", "community", "positive", "The health checks at the barbershop were brilliant. You "
         "are already sitting down and you trust the person next to you."),
    # Sickle cell and long-term conditions
    Said("Sickle cell", "hospital", "negative", "Every time I go in with a crisis I have to explain sickle cell to "
         "staff who have never heard of it."),
    Said("Sickle cell", "hospital", "positive", "The haematology day unit is excellent. They know me and I get pain "
         "relief quickly."),
    Said("Long-term conditions", "gp", "negative", "My diabetes review keeps getting cancelled and nobody rebooks "
         "it. I only find out when I ring."),
    Said("Long-term conditions", "community", "positive", "The diabetes course at the library used food we actually "
         "eat. First time the advice made sense."),
    # Getting care
    Said("Appointment arrangements", "gp", "negative", "You ring at eight, you wait forty minutes, then there is "
         "nothing. I work shifts, I cannot do that every day."),
    Said("Digital exclusion", "gp", "negative", "Everything is on the app now. My mum cannot use it and I cannot "
         "always be there."),
    Said("Cost of living & poverty", "other", "negative", "People are choosing between the bus fare to the hospital "
         "and food. That is the truth in this borough."),
    Said("Information provision & guidance", "pharmacy", "neutral", "I did not know the pharmacy could check my "
         "blood pressure for free. They should tell people at church."),
]

SAFEGUARDING = ("mental_health", "A young woman told a volunteer she has nowhere safe to sleep tonight and has "
                "stopped taking her medication.")

# The four key priorities, ranked, each with the owner who leads it: (title, owner, status, description).
# Owners: "council", "icb", "provider" (the NHS trust).
PRIORITIES = [
    ("Safer maternity care for Black women", "provider", "in_progress",
     "Listen to Black women in pregnancy and labour, act on what they say, and show the outcomes by ethnicity.",
     "Maternity"),
    ("Earlier diagnosis of prostate cancer in Black men", "icb", "in_progress",
     "Make sure Black men know their risk and can ask for a PSA test from 45, in places they already go.",
     "Prostate & men's health"),
    ("A Black Health Panel", "council", "done",
     "A standing panel of Black residents that the council and the NHS bring decisions to before they are made.",
     "Representation in decisions"),
    ("Mental health support that Black residents trust", "icb", "planned",
     "Crisis and talking therapies that fit Black residents' lives, with community-led support alongside.",
     "Crisis support"),
]

# The 21 solutions: (priority number, title, owner, status, what changed / reason, published)
SOLUTIONS = [
    (1, "Ethnicity recorded on every maternity complaint", "provider", "done",
     "The trust now reports maternity complaints by ethnicity to its board every quarter.", True),
    (1, "Black maternity champions on the postnatal ward", "provider", "in_progress", "", True),
    (1, "Community doulas for women who want one", "council", "planned", "", True),
    (1, "Pain relief after a caesarean checked every two hours", "provider", "done",
     "Ward checks now include asking about pain every two hours; women are told they can ask at any time.", True),
    (1, "A maternity advocate at every antenatal clinic", "provider", "not_possible",
     "The trust could not fund an advocate at every clinic this year; it has one for the two busiest.", True),
    (1, "Antenatal classes in community venues", "council", "planned", "", False),
    (2, "Prostate checks at barbershops and churches", "icb", "done",
     "Twelve community health days have offered PSA advice and tests; 240 men were seen.", True),
    (2, "GPs reminded of the guidance on PSA tests for Black men", "icb", "done",
     "Every GP practice in Lewisham was written to, and the guidance is in the practice bulletin.", True),
    (2, "A specialist nurse number for men waiting for results", "provider", "in_progress", "", True),
    (2, "Men's health evenings with the Black Health Panel", "council", "planned", "", False),
    (2, "Text reminders for men over 45 on GP lists", "icb", "not_possible",
     "GP systems cannot yet send reminders by ethnicity; the ICB is asking the national team.", True),
    (3, "Recruit and train the first twelve panel members", "council", "done",
     "Twelve residents were trained in November and met for the first time.", True),
    (3, "Pay panel members for their time", "council", "done",
     "Panel members are paid for each meeting and their travel, like other advisers.", True),
    (3, "Panel sees the public health budget before it is set", "council", "in_progress", "", True),
    (3, "NHS trust board hears from the panel twice a year", "provider", "planned", "", True),
    (3, "A seat for the panel on the ICB's Lewisham board", "icb", "not_possible",
     "The board's membership is set nationally; the panel will present at every other meeting instead.", True),
    (4, "A crisis line answered by people from the community", "icb", "planned", "", True),
    (4, "Grants for church and mosque wellbeing groups", "council", "in_progress", "", True),
    (4, "Talking therapists trained in racial trauma", "icb", "in_progress", "", False),
    (4, "Families told their rights when someone is detained", "provider", "done",
     "Every family now gets a leaflet and a call from an advocate within a day.", True),
    (4, "A community worker in A&E for mental health crises", "provider", "planned", "", False),
]
