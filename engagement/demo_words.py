"""What people said at the demo's sessions: plain words about each service, in every sentiment, as a volunteer
would write them down. Made up, but each is the kind of thing Healthwatch hears every week."""
from __future__ import annotations

# service -> sentiment -> things people said
SAID: dict[str, dict[str, list[str]]] = {
    "gp": {
        "negative": [
            "I rang the surgery at 8am on the dot and was 23rd in the queue. By the time I got through there were no "
            "appointments left.",
            "They told me to book online but I don't have a smartphone and my grandson is at work all day.",
            "Every time I go I see a different doctor and I have to tell my whole story again from the start.",
            "The receptionist asked me what was wrong in front of the whole waiting room. I just said it didn't matter.",
            "Three weeks for a routine appointment. By then I'd given up and gone to the chemist.",
            "I asked for an interpreter and they said to bring my daughter. She is twelve.",
            "The phone line cuts off after twenty minutes of waiting and you have to start again.",
            "My mum has dementia and they keep sending letters to her instead of to me, even though I'm her carer.",
            "I was told I couldn't register because I didn't have proof of address. I'm staying with my cousin.",
            "They only give you ten minutes and one problem per appointment. I had three things to ask about.",
        ],
        "positive": [
            "My GP rang me back the same afternoon and sorted out my prescription. Couldn't fault her.",
            "The new care coordinator at our practice is brilliant, she actually knows who I am.",
            "The nurse took time to explain my diabetes results in a way I understood, with pictures.",
            "Since they started the Saturday clinic I can finally go without taking time off work.",
            "They booked an interpreter for me without me having to chase it. First time that's happened.",
            "My doctor remembered my husband had died and asked how I was coping. That meant a lot.",
        ],
        "mixed": [
            "Once you get seen the doctors are lovely, it's getting through the door that's the problem.",
            "The online booking is quick when it works, but half the time it says there's nothing available.",
            "The practice is good with my children but nobody ever asks about my own health.",
            "The pharmacist at the surgery was helpful, but I still don't know when I'll see an actual GP.",
        ],
        "neutral": [
            "I didn't know you could ask for a longer appointment. Nobody ever told us that.",
            "We mostly use the walk-in centre now because it's easier than the GP.",
            "I'd like to know which GP practices near here are taking new patients.",
        ],
    },
    "hospital": {
        "negative": [
            "They sent my dad home from the ward at 11pm with no transport and no plan for his tablets.",
            "I waited fourteen months for my knee operation and then it was cancelled on the day.",
            "Outpatient letters come in English only. My mother missed two appointments because of it.",
            "Nobody on the ward explained what was happening. We found out more from the cleaner than the doctors.",
            "The parking at the hospital costs more than my bus fare for the week.",
        ],
        "positive": [
            "The nurses on the stroke ward were kind to my husband and always had time for a chat with me.",
            "The sickle cell team at the hospital know me by name and listen when I say I'm in pain.",
            "My operation was on time and they phoned me the next day to check how I was doing.",
        ],
        "mixed": [
            "The care was excellent but the discharge took all day and nobody could tell us why.",
            "The consultant was very good but I had to repeat my history to five different people.",
        ],
        "neutral": [
            "I didn't know the hospital had a patient advice service until today.",
            "Can you get hospital transport if you're on benefits? Nobody seems to know.",
        ],
    },
    "ae": {
        "negative": [
            "We waited nine hours in A&E with my son and nobody checked on him after triage.",
            "I was in so much pain in A&E and they said sickle cell patients always exaggerate.",
            "There was nowhere to sit in A&E and I'm 78. I stood for two hours before someone gave me a chair.",
            "They kept calling my name wrong in A&E so I missed my turn.",
        ],
        "positive": [
            "A&E was busy but the nurse who saw my daughter was calm and explained everything.",
            "The paediatric A&E was quick and the play worker kept my little one distracted.",
        ],
        "mixed": [
            "Long wait in A&E, but once we got through the doctors were really thorough.",
        ],
        "neutral": [
            "I go to A&E because I don't know where else you can go at night.",
        ],
    },
    "mental_health": {
        "negative": [
            "I've been on the waiting list for talking therapy for eleven months. I stopped counting after that.",
            "When my son was in crisis the number we were given just rang out.",
            "They gave me a leaflet and a website. I wanted to talk to a person.",
            "There's nobody who speaks our language and you can't explain how you feel through an interpreter on "
            "the phone.",
            "In our community people don't talk about mental health. The services don't understand that.",
            "CAMHS said my daughter wasn't ill enough. Six months later she was in hospital.",
        ],
        "positive": [
            "The peer support group saved my life, honestly. People who have been through it.",
            "My community mental health nurse is consistent and I trust her. That took years.",
            "The crisis café is a godsend. You can just walk in and someone will sit with you.",
        ],
        "mixed": [
            "The therapy was good when it finally started, but six sessions is not enough.",
            "The app they recommended helped a bit, but it's not the same as being seen.",
        ],
        "neutral": [
            "I didn't know you could refer yourself for talking therapies.",
            "Is there any mental health support for carers? I'm exhausted.",
        ],
    },
    "maternity": {
        "negative": [
            "In labour I told the midwife something was wrong and she said first babies always hurt. It was an "
            "emergency.",
            "Nobody asked if I needed an interpreter at my antenatal appointments. I nodded along to everything.",
            "After my caesarean I was left on my own for hours and couldn't lift my baby.",
            "As a Black woman I felt I wasn't believed. My friends say the same thing.",
        ],
        "positive": [
            "My community midwife was amazing. She came to the house and spoke to my husband as well.",
            "The birth centre staff were so respectful of my wishes. I felt safe.",
            "The breastfeeding support group at the children's centre really helped me in the first weeks.",
        ],
        "mixed": [
            "The birth itself was fine but the postnatal ward was chaotic and I was discharged without my notes.",
            "Lovely midwives, but I saw a different one every time and had to repeat everything.",
        ],
        "neutral": [
            "Where can I get information about maternity care in my own language?",
        ],
    },
    "pharmacy": {
        "negative": [
            "The chemist keeps running out of my epilepsy tablets. I can't just go without them.",
            "Pharmacy First sounds good but my local chemist said they don't do it.",
            "My prescription goes to the wrong pharmacy every single month.",
        ],
        "positive": [
            "The pharmacist on the high street is the only health person who has time to talk to you.",
            "The chemist checked my blood pressure for free and told me to see my GP. Turned out it was high.",
            "They put my tablets in a weekly box for my mum, which has made such a difference.",
        ],
        "mixed": [
            "The pharmacy is helpful, but the queue is out the door and there's nowhere private to talk.",
        ],
        "neutral": [
            "I didn't know the chemist could treat an ear infection without going to the GP.",
        ],
    },
    "dental": {
        "negative": [
            "I've rung every dentist in the borough. Nobody is taking NHS patients.",
            "I had toothache for three months and ended up pulling it out myself.",
            "The dentist said I could go private for £900 or wait a year on the NHS.",
            "My children haven't seen a dentist since before the pandemic.",
        ],
        "positive": [
            "The community dental service was so patient with my son, who is autistic.",
            "Our dentist still takes NHS patients and the staff are friendly. I tell everyone.",
        ],
        "mixed": [
            "Got an emergency dental appointment through 111, but then couldn't get the follow-up treatment.",
        ],
        "neutral": [
            "How do you find out which dentists are taking NHS patients?",
        ],
    },
    "social_care": {
        "negative": [
            "The carers come at different times every day and sometimes not at all. Mum doesn't know who to expect.",
            "We've been waiting since spring for the assessment for a stair lift.",
            "Nobody told us about respite. I've been caring for my husband alone for four years.",
            "The home care workers only have fifteen minutes. It's not enough to help her wash and eat.",
        ],
        "positive": [
            "The social worker helped us get direct payments and now we choose our own carer. Life changing.",
            "The day centre gives my dad somewhere to go and gives me a break. He loves it.",
        ],
        "mixed": [
            "The carers are kind, but they are rushed off their feet and always apologising.",
        ],
        "neutral": [
            "Can young carers get an assessment of their own? Nobody has told us.",
        ],
    },
    "community": {
        "negative": [
            "The district nurse visits were cut and my dressings are now changed once a week instead of three times.",
            "The health visitor only came once. I had no idea what was normal for my baby.",
            "The physio was by video call. My dad is deaf and can't use the tablet.",
        ],
        "positive": [
            "The diabetes education course at the community centre was the best thing I've done for my health.",
            "The falls team came round and put rails in the bathroom. I feel safer at home now.",
            "The health bus that came to the mosque did my blood pressure and cholesterol in ten minutes.",
        ],
        "mixed": [
            "The community nurse is great when she comes, but we never know which day it'll be.",
        ],
        "neutral": [
            "Is the health bus coming back to the market? A lot of us used it.",
        ],
    },
    "nhs111": {
        "negative": [
            "I rang 111 for my mum and they asked the same questions for forty minutes, then told me to go to A&E "
            "anyway.",
            "111 doesn't have interpreters for my language so I couldn't explain what was wrong.",
            "They said a doctor would call back within two hours. Nobody called.",
        ],
        "positive": [
            "111 got me an out-of-hours appointment the same evening. Really helpful.",
            "The nurse on 111 was calm and talked me through what to do with my son's temperature.",
        ],
        "mixed": [
            "111 was fine in the end but the online version kept sending me round in circles.",
        ],
        "neutral": [
            "I didn't know you can use 111 online for a dental emergency.",
        ],
    },
    "other": {
        "negative": [
            "Everything is online now. If you can't read English well you're shut out of the whole system.",
            "The bus to the hospital was cut so now it takes me two changes and an hour and a half.",
            "We've told people all this before, at other meetings. Nothing ever changes.",
        ],
        "positive": [
            "It's nice to be asked. Nobody ever asks us what we think about the NHS.",
            "Coming to this group is the best thing for my health. I'd be sitting at home alone otherwise.",
        ],
        "mixed": [
            "The NHS is wonderful when you finally get in, but getting in is a full-time job.",
        ],
        "neutral": [
            "Who do you complain to if you're not happy with the NHS? I never know.",
            "Will anyone from the council actually read what we've said today?",
        ],
    },
}

# Rarely, something said is a safeguarding concern: flagged at capture so the host acts at once.
SAFEGUARDING: list[tuple[str, str]] = [
    ("social_care", "My neighbour's carer shouts at her and I think he takes money from her purse. She's scared of "
                    "him but says not to tell anyone."),
    ("mental_health", "A young man at our session said he doesn't see the point of going on and has stopped taking "
                      "his medication."),
    ("other", "A woman told us her husband won't let her see the doctor on her own and takes her phone."),
    ("community", "An elderly man said he hasn't had his dressings changed for two weeks and the wound smells."),
]

# Added to an answer now and then, as people do.
ASIDES = ["", "", "", "", " And I'm not the only one.", " It's been like this for over a year.",
          " I've told them this before.", " That's what everyone here says.", " I just wanted someone to know."]

SERVICE_WEIGHTS = {"gp": 26, "hospital": 11, "ae": 7, "mental_health": 12, "maternity": 6, "pharmacy": 7,
                   "dental": 9, "social_care": 7, "community": 6, "nhs111": 5, "other": 4}
SENTIMENT_WEIGHTS = {"negative": 46, "positive": 24, "mixed": 18, "neutral": 12}
CONSENT_WEIGHTS = {"quote": 45, "anonymised": 40, "internal": 15}
