"""The demo queue: fictional people and their requests, as plain Python data.

Each person has a story: the steps an adviser took on their request, in days after it came
in. The loader (loader.load_queue) walks these steps through the model methods and then sets
the timestamps to the days the story says. Names, addresses and numbers are made up: e-mail
addresses are on the reserved domain .invalid (RFC 2606) and phone numbers in 06-00, a range
that is not given to mobile subscribers.
"""

from dataclasses import dataclass

EMAIL_DOMAIN = "voorbeeld.invalid"

# The regions whose demo advisers work the queue (poort/front/demo/accounts.py).
ADVISED_REGIONS = ("AM01", "AM13")


@dataclass(frozen=True)
class Step:
    """One thing that happened to a request: `day` days and `hours` hours after it came in.

    The actions: assign, contact, advise, plan, start, check_in (the first check-in is
    answered "going well"), end, withdraw, no_response and refer_on.
    """

    day: int
    action: str
    channel: str = ""
    note: str = ""
    hours: int = 1


def contact(day: int, channel: str, note: str, hours: int = 1) -> Step:
    return Step(day, "contact", channel=channel, note=note, hours=hours)


ASSIGN = Step(0, "assign", hours=2)

# What the intake's people find important in a course, by their situation.
WHAT_MATTERS = {
    "employed": ["learning_while_working", "certificate"],
    "self_employed": ["short_course"],
    "job_seeking": ["income", "certificate"],
    "returning": ["short_course", "income"],
    "student": ["certificate"],
    "other": [],
}

# The stories, from the first step to the last; `day` counts from the request.
STORIES = {
    "new": [],
    "assigned": [ASSIGN],
    "contacted": [
        ASSIGN,
        contact(1, "phone", "Gebeld. Wil graag meer weten over de opleidingen in de buurt."),
    ],
    "contacted_by_email": [
        ASSIGN,
        contact(2, "email", "Mail gestuurd met uitleg over de regelingen. Wacht op antwoord."),
    ],
    "advising": [
        ASSIGN,
        contact(1, "phone", "Eerste gesprek. Afspraak gemaakt voor een adviesgesprek."),
        contact(8, "meeting", "Adviesgesprek op kantoor. Kijkt naar twee opleidingen.", 2),
        Step(8, "advise", hours=3),
    ],
    "advising_video": [
        ASSIGN,
        contact(2, "video", "Videogesprek. Werkt nu in de logistiek, wil de techniek in."),
        Step(2, "advise", hours=3),
    ],
    "planned": [
        ASSIGN,
        contact(1, "phone", "Gebeld. Heeft al een opleiding in gedachten."),
        contact(6, "meeting", "Adviesgesprek. Werkgever wil meebetalen.", 2),
        Step(6, "advise", hours=3),
        Step(
            13, "plan", note="Start bij de volgende groep. Werkgever geeft een dag per week vrij."
        ),
    ],
    "started": [
        ASSIGN,
        contact(1, "phone", "Gebeld. Wil zo snel mogelijk beginnen."),
        contact(5, "meeting", "Adviesgesprek. Opleiding en financiering doorgenomen.", 2),
        Step(5, "advise", hours=3),
        Step(9, "plan", note="Eens per maand even bellen hoe het gaat."),
        Step(30, "start"),
        Step(62, "check_in", note="Leuke groep, veel praktijk."),
    ],
    "completed": [
        ASSIGN,
        contact(2, "phone", "Gebeld. Wil een certificaat halen voor het werk."),
        contact(4, "video", "Adviesgesprek via video.", 2),
        Step(4, "advise", hours=3),
        Step(7, "plan", note="Korte cursus. De werkgever betaalt de rest."),
        Step(21, "start"),
        Step(80, "end", note="Certificaat gehaald."),
    ],
    "withdrawn": [
        ASSIGN,
        contact(1, "phone", "Gebeld. Twijfelt nog."),
        contact(9, "phone", "Heeft een nieuwe baan, met een opleiding van de werkgever."),
        Step(9, "withdraw", hours=3),
    ],
    "no_response": [
        ASSIGN,
        Step(12, "no_response", note="Drie keer gebeld en gemaild, geen reactie."),
    ],
    "referred_on": [
        ASSIGN,
        contact(1, "phone", "Gebeld. Verhuist volgende maand naar een andere regio."),
        Step(1, "refer_on", hours=2, note="Verhuist. Loket daar kan beter helpen."),
    ],
}


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    town: str
    situation: str
    occupation: str
    days_ago: int  # when the request came in
    story: str
    sector: str  # the field of their interest, and of the course they sign up for
    kind: str = "intake"  # or "interest": signed up for a demo course
    contact: str = "phone"  # how they like to be contacted
    refer_to: str = ""  # the region they move to, for the story "referred_on"

    @property
    def email(self) -> str:
        local = f"{self.first_name}.{self.last_name}".lower().replace(" ", "")
        return f"{local}@{EMAIL_DOMAIN}"


P = DemoPerson

# Everyone who reaches a trajectory came through the intake: a sign-up for a course does not
# ask for the person's situation, and without it no funding scheme applies.

# fmt: off
PEOPLE = [
    # Groningen (AM01): Werkcentrum Groningen promises contact within 3 working days.
    P("Daan", "Kuipers", "Groningen", "employed", "Monteur",
      0, "new", "elektrotechniek"),
    P("Lotte", "Wieringa", "Veendam", "job_seeking", "Winkelmedewerker",
      1, "new", "installatietechniek", contact="email"),
    P("Bram", "Dijkstra", "Stadskanaal", "employed", "Heftruckchauffeur",
      9, "new", "lassen", kind="interest", contact="email"),
    P("Fenna", "Bos", "Oldambt", "returning", "",
      14, "new", "energietransitie"),
    P("Mohamed", "Ait Taleb", "Groningen", "job_seeking", "Bezorger",
      22, "new", "ict-en-netwerkbeheer", contact="video"),
    P("Sjoerd", "Hoving", "Assen", "self_employed", "Zzp-timmerman",
      3, "assigned", "bouw-en-infra"),
    P("Iris", "Mulder", "Groningen", "employed", "Administratief medewerker",
      11, "contacted", "elektrotechniek"),
    P("Jelle", "Veenstra", "Veendam", "employed", "Productiemedewerker",
      16, "contacted_by_email", "werktuigbouw-en-metaal", kind="interest", contact="email"),
    P("Aylin", "Yilmaz", "Groningen", "student", "",
      27, "advising", "mechatronica"),
    P("Rik", "Smit", "Oldambt", "employed", "Boerenknecht",
      35, "advising_video", "energietransitie", contact="video"),
    P("Marieke", "Zuidema", "Assen", "employed", "Onderhoudsmonteur",
      41, "planned", "installatietechniek"),
    P("Tom", "Brouwer", "Groningen", "self_employed", "Zzp-elektricien",
      48, "planned", "elektrotechniek"),
    P("Henk", "Jansen", "Stadskanaal", "employed", "Metaalbewerker",
      130, "started", "lassen"),
    P("Esther", "de Haan", "Groningen", "returning", "Verpleegkundige",
      150, "completed", "installatietechniek"),
    P("Niels", "Postma", "Veendam", "job_seeking", "Magazijnmedewerker",
      60, "withdrawn", "mobiliteit"),
    P("Anouk", "Meijer", "Groningen", "other", "",
      75, "no_response", "ict-en-netwerkbeheer", contact="email"),
    P("Kevin", "Boersma", "Groningen", "employed", "Installateur",
      20, "referred_on", "installatietechniek", refer_to="AM03"),
    P("Wouter", "Schuiling", "Oldambt", "employed", "Chauffeur",
      5, "contacted", "mobiliteit"),
    # Midden-Utrecht (AM13): Leerwerkloket Midden-Utrecht promises contact within 5 days.
    P("Sophie", "van den Berg", "Utrecht", "employed", "Kok",
      0, "new", "energietransitie", contact="email"),
    P("Youssef", "El Idrissi", "Nieuwegein", "job_seeking", "Schoonmaker",
      2, "new", "elektrotechniek"),
    P("Linda", "Verhoeven", "Zeist", "returning", "",
      12, "new", "installatietechniek", kind="interest", contact="email"),
    P("Ruben", "de Graaf", "Houten", "employed", "Beveiliger",
      19, "new", "ict-en-netwerkbeheer", contact="video"),
    P("Emma", "Koster", "Woerden", "student", "",
      4, "assigned", "mechatronica"),
    P("Dennis", "Hendriks", "Utrecht", "self_employed", "Zzp-schilder",
      10, "contacted", "bouw-en-infra"),
    P("Priya", "Ramdin", "Utrecht", "employed", "Callcentermedewerker",
      18, "contacted_by_email", "ict-en-netwerkbeheer", kind="interest", contact="email"),
    P("Bas", "Vermeulen", "Nieuwegein", "employed", "Magazijnmedewerker",
      30, "advising", "werktuigbouw-en-metaal"),
    P("Naima", "Bouzid", "Zeist", "job_seeking", "",
      38, "advising_video", "energietransitie", contact="video"),
    P("Thijs", "van Leeuwen", "Houten", "employed", "Elektromonteur",
      45, "planned", "elektrotechniek"),
    P("Karin", "Peters", "Utrecht", "returning", "Doktersassistent",
      110, "started", "installatietechniek"),
    P("Joris", "Willems", "Woerden", "employed", "Lasser",
      160, "completed", "lassen"),
    P("Mila", "de Vries", "Utrecht", "job_seeking", "Horecamedewerker",
      55, "withdrawn", "mobiliteit"),
    P("Stefan", "Kok", "Nieuwegein", "other", "",
      70, "no_response", "bouw-en-infra", contact="email"),
    P("Lars", "Dekker", "Utrecht", "employed", "Monteur",
      25, "referred_on", "elektrotechniek", refer_to="AM22"),
    P("Anna", "Smits", "Zeist", "employed", "Timmerman",
      7, "contacted", "bouw-en-infra"),
    # Five other regions, for the national comparison of the insights page.
    P("Pieter", "Hoekstra", "Leeuwarden", "employed", "Monteur",
      6, "new", "elektrotechniek"),
    P("Grietje", "Sijtsma", "Heerenveen", "returning", "",
      40, "advising", "installatietechniek"),
    P("Mark", "Nijhuis", "Enschede", "employed", "Operator",
      16, "contacted", "mechatronica"),
    P("Sanne", "Oude Luttikhuis", "Hengelo (O.)", "job_seeking", "",
      28, "new", "lassen"),
    P("Hasan", "Demir", "Rotterdam", "job_seeking", "Taxichauffeur",
      33, "advising", "mobiliteit"),
    P("Chantal", "Verbeek", "Schiedam", "employed", "Productiemedewerker",
      12, "contacted", "werktuigbouw-en-metaal"),
    P("Gerrit", "van Dam", "Tiel", "self_employed", "Zzp-loodgieter",
      50, "planned", "installatietechniek"),
    P("Ingrid", "Lammers", "Arnhem", "employed", "Laborant",
      8, "new", "energietransitie"),
]
# fmt: on
