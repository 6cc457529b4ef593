"""The fixed lists engagement records use: kinds of session, services, sentiments, consent and the anonymous
demographic categories (ethnic groups as the ONS 2021 census for England and Wales lists them)."""
from __future__ import annotations

from django.db import models


class SessionKind(models.TextChoices):
    LISTENING = "listening", "Listening event"
    ACTIVITY = "activity", "Community activity"
    FOCUS_GROUP = "focus_group", "Focus group"
    TRAINING = "training", "Training"
    THINKING_PARTNERS = "thinking_partners", "Thinking Partners meeting"
    FORUM = "forum", "Forum"
    OUTREACH = "outreach", "One-to-one outreach"


class Service(models.TextChoices):
    GP = "gp", "GP"
    HOSPITAL = "hospital", "Hospital"
    AE = "ae", "A&E"
    MENTAL_HEALTH = "mental_health", "Mental health"
    MATERNITY = "maternity", "Maternity"
    PHARMACY = "pharmacy", "Pharmacy"
    DENTAL = "dental", "Dental"
    SOCIAL_CARE = "social_care", "Social care"
    COMMUNITY = "community", "Community services"
    NHS111 = "nhs111", "NHS 111"
    OTHER = "other", "Other"


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"
    NEUTRAL = "neutral", "Neutral"
    MIXED = "mixed", "Mixed"


class Consent(models.TextChoices):
    QUOTE = "quote", "May be quoted"
    ANONYMISED = "anonymised", "Anonymised only"
    INTERNAL = "internal", "Internal only"


PREFER_NOT = "prefer_not"
PREFER_NOT_LABEL = "Prefer not to say"


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", "Under 18"
    A18_24 = "18_24", "18 to 24"
    A25_34 = "25_34", "25 to 34"
    A35_44 = "35_44", "35 to 44"
    A45_54 = "45_54", "45 to 54"
    A55_64 = "55_64", "55 to 64"
    A65_74 = "65_74", "65 to 74"
    A75_PLUS = "75_plus", "75 and over"
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


class EthnicGroup(models.TextChoices):
    """ONS 2021 census, England and Wales: 19 groups under five headings (``ETHNIC_HEADINGS``)."""

    BANGLADESHI = "asian_bangladeshi", "Bangladeshi"
    CHINESE = "asian_chinese", "Chinese"
    INDIAN = "asian_indian", "Indian"
    PAKISTANI = "asian_pakistani", "Pakistani"
    OTHER_ASIAN = "asian_other", "Any other Asian background"
    AFRICAN = "black_african", "African"
    CARIBBEAN = "black_caribbean", "Caribbean"
    OTHER_BLACK = "black_other", "Any other Black, Black British or Caribbean background"
    WHITE_ASIAN = "mixed_white_asian", "White and Asian"
    WHITE_BLACK_AFRICAN = "mixed_white_black_african", "White and Black African"
    WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "White and Black Caribbean"
    OTHER_MIXED = "mixed_other", "Any other Mixed or multiple ethnic background"
    WHITE_BRITISH = "white_british", "English, Welsh, Scottish, Northern Irish or British"
    IRISH = "white_irish", "Irish"
    GYPSY_TRAVELLER = "white_gypsy_traveller", "Gypsy or Irish Traveller"
    ROMA = "white_roma", "Roma"
    OTHER_WHITE = "white_other", "Any other White background"
    ARAB = "other_arab", "Arab"
    ANY_OTHER = "other_any", "Any other ethnic group"
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


ETHNIC_HEADINGS: dict[str, str] = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
}


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "In another way"
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


class Dimension(models.TextChoices):
    """A demographic question a session's anonymous counts answer. Each count is optional; the counts of one
    dimension never add up to more than the session's attendance."""

    AGE = "age", "Age"
    ETHNICITY = "ethnicity", "Ethnic group"
    GENDER = "gender", "Gender"
    DISABILITY = "disability", "Disabled"
    CARER = "carer", "Unpaid carer"
    LANGUAGE = "language", "First language, where not English"


# The categories of each dimension; a language's category is the language's name as the group typed it.
DIMENSION_CATEGORIES: dict[str, type[models.TextChoices] | None] = {
    Dimension.AGE: AgeBand,
    Dimension.ETHNICITY: EthnicGroup,
    Dimension.GENDER: Gender,
    Dimension.DISABILITY: YesNo,
    Dimension.CARER: YesNo,
    Dimension.LANGUAGE: None,
}
