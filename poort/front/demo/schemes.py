"""Demo funding schemes (regelingen). Amounts are illustrative unless is_demo is False.

Each entry holds Scheme fields by name; "regions" are region codes and "sectors" field
slugs (empty: the whole country, every field). "applicant" says who applies: the person
("individual"), their employer, or an institution (schools and projects: the person's funding
check leaves those out; docs/funding.md, "For whom").
"""

from datetime import date
from decimal import Decimal

from .regional import BRABANT, GELDERLAND, LIMBURG, NOORD_NEDERLAND, TECHNICAL_CORE

# What a scheme has when its entry does not say otherwise.
DEFAULTS = {
    "body": "",
    "target_groups": [],
    "regions": [],
    "sectors": [],
    "certificate_kinds": [],
    "learning_paths": [],
    "level_ceiling": None,
    "employer_required": False,
    "applicant": "individual",
    "maximum_amount": None,
    "percentage_covered": 100,
    "own_contribution_percentage": 0,
    "opens_on": None,
    "closes_on": None,
    "budget_total": None,
    "budget_remaining": None,
    "status": "open",
    "apply_url": "",
    "is_demo": True,
}

WORKING = ["employed", "self_employed"]
LOOKING = ["job_seeking", "returning"]
ADULTS = [*WORKING, *LOOKING]


def regional_fund(
    slug: str, name: str, funder: str, regions: list[str], *, maximum: int, budget: int, left: int
) -> dict:
    """A regional talent or scholingsfonds of an initiative, with illustrative figures."""
    return {
        "slug": slug,
        "name": name,
        "funder": funder,
        "level": "regional",
        "summary": f"{funder} betaalt mee aan een technische opleiding als je in de regio woont.",
        "body": (
            "Dit fonds is er voor mensen die in de regio wonen of werken. Het betaalt een deel of "
            "alles van een opleiding in de techniek. Het regionale loket vraagt het samen met je "
            "aan. Zolang er geld is, kun je een aanvraag doen."
        ),
        "target_groups": ADULTS,
        "regions": regions,
        "sectors": [],
        "maximum_amount": Decimal(maximum),
        "percentage_covered": 100,
        "budget_total": Decimal(budget),
        "budget_remaining": Decimal(left),
        "apply_url": f"https://www.{slug}.example/aanvragen/",
        "is_demo": True,
    }


SCHEMES = [
    {
        **regional_fund(
            "scholingsbudget-het-noorden-leert-door",
            "Scholingsbudget Het Noorden Leert Door",
            "Het Noorden Leert Door",
            NOORD_NEDERLAND,
            maximum=6000,
            budget=2_400_000,
            left=910_000,
        ),
        "certificate_kinds": ["diploma", "mbo_certificate"],
        "level_ceiling": 4,
    },
    regional_fund(
        "leerbudget-brabant-leert",
        "Leerbudget Brabant Leert",
        "Brabant Leert",
        BRABANT,
        maximum=3500,
        budget=1_800_000,
        left=1_120_000,
    ),
    regional_fund(
        "ontwikkelbudget-maak-je-stap",
        "Ontwikkelbudget Maak je Stap",
        "Maak je Stap",
        ["AM13", "AM14"],
        maximum=2500,
        budget=900_000,
        left=305_000,
    ),
    regional_fund(
        "leerbudget-limburg-leert",
        "Leerbudget Limburg Leert",
        "Limburg Leert",
        LIMBURG,
        maximum=3000,
        budget=1_200_000,
        left=640_000,
    ),
    {
        **regional_fund(
            "opleidingsbijdrage-techniekcoalitie-limburg",
            "Opleidingsbijdrage Techniekcoalitie Limburg",
            "Techniekcoalitie Limburg",
            LIMBURG,
            maximum=4000,
            budget=750_000,
            left=420_000,
        ),
        "sectors": [*TECHNICAL_CORE, "lassen", "energietransitie"],
        "percentage_covered": 75,
    },
    regional_fund(
        "rotterdams-scholingsfonds",
        "Rotterdams scholingsfonds",
        "Rotterdams scholingsfonds",
        ["AM22"],
        maximum=5000,
        budget=3_000_000,
        left=1_450_000,
    ),
    regional_fund(
        "vakmanschapsbudget-overijssel",
        "Vakmanschapsbudget Overijssel",
        "Overijssels vakmanschap",
        ["AM05", "AM36"],
        maximum=3000,
        budget=1_000_000,
        left=520_000,
    ),
    {
        **regional_fund(
            "twents-fonds-voor-vakmanschap",
            "Twents fonds voor vakmanschap",
            "Twents fonds voor vakmanschap",
            ["AM05"],
            maximum=2500,
            budget=600_000,
            left=0,
        ),
        "status": "exhausted",
        "percentage_covered": 50,
    },
    regional_fund(
        "scholingsbudget-gelders-vakmanschap",
        "Scholingsbudget Gelders vakmanschap",
        "Gelders vakmanschap",
        GELDERLAND,
        maximum=3500,
        budget=2_000_000,
        left=1_310_000,
    ),
    regional_fund(
        "upgrade-jezelf-budget",
        "Upgrade jezelf-budget",
        "Upgrade jezelf",
        ["AM36"],
        maximum=2000,
        budget=500_000,
        left=95_000,
    ),
    # One fund of each demo coordinator's own region, so they can keep its budget up to date.
    regional_fund(
        "talentfonds-groningen",
        "Talentfonds Groningen",
        "Werkcentrum Groningen",
        ["AM01"],
        maximum=2500,
        budget=400_000,
        left=185_000,
    ),
    regional_fund(
        "scholingsfonds-midden-utrecht",
        "Scholingsfonds Midden-Utrecht",
        "Leerwerkloket Midden-Utrecht",
        ["AM13"],
        maximum=2000,
        budget=350_000,
        left=210_000,
    ),
    {
        "slug": "rmt-scholingsbudget",
        "name": "RMT-scholingsbudget",
        "funder": "Regionale mobiliteitsteams (Rijksoverheid)",
        "level": "national",
        "summary": "Geld voor een korte opleiding als je werk zoekt of je baan gaat verliezen.",
        "body": (
            "Het regionale mobiliteitsteam (RMT) helpt je naar nieuw werk. Soms is daar een korte "
            "opleiding voor nodig. Het RMT kan die betalen uit dit budget. Je adviseur bij het "
            "loket in jouw regio vraagt het aan."
        ),
        "target_groups": [*LOOKING, "employed"],
        "maximum_amount": Decimal(2500),
        "percentage_covered": 100,
        "apply_url": "https://www.rmt-scholingsbudget.example/",
        "is_demo": True,
    },
    {
        "slug": "kansen-verzilveren",
        "name": "Kansen Verzilveren",
        "funder": "Noord-Nederlandse provincies en gemeenten",
        "level": "regional",
        "summary": "Scholing naar werk met toekomst in Groningen, Friesland en Drenthe.",
        "body": (
            "Kansen Verzilveren helpt mensen in Noord-Nederland naar beroepen waar veel vraag "
            "naar is. De regeling betaalt mee aan je opleiding. Je krijgt ook begeleiding."
        ),
        "target_groups": ADULTS,
        "regions": NOORD_NEDERLAND,
        "maximum_amount": Decimal(4000),
        "percentage_covered": 100,
        "budget_total": Decimal(1_500_000),
        "budget_remaining": Decimal(480_000),
        "apply_url": "https://www.kansenverzilveren.example/",
        "level_ceiling": 4,
        "is_demo": True,
    },
    {
        "slug": "o-en-o-fonds-metaal-en-techniek",
        "applicant": "employer",
        "name": "O&O-fonds Metaal en Techniek",
        "funder": "O&O-fonds Metaal en Techniek",
        "level": "sector",
        "summary": "Het fonds van de metaalsector betaalt mee als je werkgever onder de cao valt.",
        "body": (
            "Werk je bij een bedrijf in de metaal en techniek? Dan betaalt het opleidingsfonds "
            "van de sector vaak een deel van je opleiding. Je werkgever vraagt de bijdrage aan."
        ),
        "target_groups": ["employed"],
        "sectors": ["werktuigbouw-en-metaal", "lassen", "mechatronica"],
        "maximum_amount": Decimal(2500),
        "percentage_covered": 50,
        "apply_url": "https://www.oo-metaal-techniek.example/",
        "employer_required": True,
        "is_demo": True,
    },
    {
        "slug": "opleidingsfonds-installatietechniek",
        "applicant": "employer",
        "name": "Opleidingsfonds Installatietechniek",
        "funder": "Opleidingsfonds Installatietechniek",
        "level": "sector",
        "summary": "Bijdrage in de opleidingskosten voor werknemers in de installatiebranche.",
        "body": (
            "Werk je bij een installatiebedrijf? Dan betaalt dit fonds mee aan opleidingen in de "
            "installatietechniek en de energietransitie. Denk aan warmtepompen en zonnepanelen."
        ),
        "target_groups": ["employed"],
        "sectors": ["installatietechniek", "energietransitie"],
        "maximum_amount": Decimal(3000),
        "percentage_covered": 60,
        "apply_url": "https://www.opleidingsfonds-installatietechniek.example/",
        "employer_required": True,
        "is_demo": True,
    },
    {
        "slug": "opleidingsfonds-elektrotechniek",
        "applicant": "employer",
        "name": "Opleidingsfonds Elektrotechniek",
        "funder": "Opleidingsfonds Elektrotechniek",
        "level": "sector",
        "summary": "Bijdrage in de opleidingskosten voor werknemers in de elektrotechniek.",
        "body": (
            "Werk je bij een elektrotechnisch bedrijf? Dan kan dit fonds een deel van je "
            "opleiding betalen. Je werkgever vraagt de bijdrage aan."
        ),
        "target_groups": ["employed"],
        "sectors": ["elektrotechniek", "energietransitie"],
        "maximum_amount": Decimal(2000),
        "percentage_covered": 50,
        "apply_url": "https://www.opleidingsfonds-elektrotechniek.example/",
        "employer_required": True,
        "is_demo": True,
    },
    {
        "slug": "just-transition-fund",
        "applicant": "institution",
        "name": "Just Transition Fund",
        "funder": "Europese Unie",
        "level": "regional",
        "summary": "EU-geld voor omscholing naar de energietransitie in Groningen en Drenthe.",
        "body": (
            "Het Just Transition Fund helpt regio's die minder afhankelijk worden van fossiele "
            "energie. Mensen kunnen zich laten omscholen naar werk in de energietransitie en de "
            "techniek. Projecten in de regio vragen het geld aan en geven de scholing."
        ),
        "target_groups": ADULTS,
        "regions": ["AM01", "AM03"],
        "sectors": ["energietransitie", "installatietechniek", "elektrotechniek"],
        "maximum_amount": Decimal(5000),
        "percentage_covered": 100,
        "budget_total": Decimal(4_000_000),
        "budget_remaining": Decimal(2_750_000),
        "apply_url": "https://www.just-transition-fund.example/",
        "is_demo": True,
    },
    {
        "slug": "esf-plus",
        "applicant": "institution",
        "name": "ESF+",
        "funder": "Europese Unie (Europees Sociaal Fonds Plus)",
        "level": "national",
        "summary": "Europees geld voor projecten die mensen helpen om aan het werk te komen.",
        "body": (
            "Het ESF+ betaalt projecten van gemeenten, scholen en bedrijven. Via zo'n project kun "
            "je een opleiding volgen. Je vraagt het geld niet zelf aan."
        ),
        "target_groups": LOOKING,
        "maximum_amount": Decimal(3000),
        "percentage_covered": 50,
        "apply_url": "https://www.esf-plus.example/",
        "is_demo": True,
    },
    {
        "slug": "slim-subsidie",
        "applicant": "employer",
        "name": "SLIM-subsidie",
        "funder": "Ministerie van Sociale Zaken en Werkgelegenheid",
        "level": "national",
        "summary": "Voor werkgevers: subsidie om leren en ontwikkelen in het bedrijf te regelen.",
        "body": (
            "Met de SLIM-subsidie betaalt de overheid mee aan leren in kleine en middelgrote "
            "bedrijven. Je werkgever vraagt de subsidie aan, in vaste periodes per jaar."
        ),
        "target_groups": ["employed"],
        "maximum_amount": Decimal(25000),
        "percentage_covered": 60,
        "apply_url": "https://www.slim-subsidie.example/",
        "employer_required": True,
        "is_demo": True,
    },
    {
        "slug": "stap-budget",
        "name": "STAP-budget",
        "funder": "Rijksoverheid (UWV)",
        "level": "national",
        "summary": "Het STAP-budget gaf tot € 1.000 per jaar voor scholing. Het is gestopt.",
        "body": (
            "Met het STAP-budget kon je tot € 1.000 per jaar krijgen voor een opleiding. De "
            "regeling is in 2024 gestopt. Je kunt het budget niet meer aanvragen. Kijk bij de "
            "andere regelingen wat nu kan."
        ),
        "maximum_amount": Decimal(1000),
        "percentage_covered": 100,
        "opens_on": date(2022, 3, 1),
        "closes_on": date(2024, 1, 1),
        "status": "closed",
        "is_demo": False,
    },
    {
        "slug": "nl-leert-door",
        "applicant": "institution",
        "name": "NL Leert Door",
        "funder": "Ministerie van Sociale Zaken en Werkgelegenheid",
        "level": "national",
        "summary": "Gratis advies over je loopbaan. Geld voor opleidingen gaat naar sectoren.",
        "body": (
            "Met NL Leert Door krijg je gratis een gesprek met een loopbaanadviseur. Je kijkt "
            "samen naar wat je kunt en wilt. Het geld voor opleidingen gaat naar sectoren en "
            "samenwerkingen. Die vragen het aan. Jij vraagt zelf geen geld aan."
        ),
        "target_groups": ADULTS,
        "maximum_amount": Decimal(1000),
        "percentage_covered": 100,
        "apply_url": "https://www.nlleertdoor.example/",
        "is_demo": True,
    },
    {
        "slug": "llo-katalysator",
        "applicant": "institution",
        "name": "LLO-Katalysator",
        "funder": "Nationaal Groeifonds",
        "level": "national",
        "summary": "Geld voor scholen om korte opleidingen voor werkenden te maken.",
        "body": (
            "De LLO-Katalysator helpt mbo-scholen en hogescholen om opleidingen te maken die "
            "passen naast je werk. Daardoor zijn sommige opleidingen goedkoper of korter. De "
            "scholen vragen het geld aan, niet jij."
        ),
        "target_groups": WORKING,
        "maximum_amount": Decimal(1500),
        "percentage_covered": 50,
        "apply_url": "https://www.llo-katalysator.example/",
        "certificate_kinds": ["mbo_certificate", "industry_certificate"],
        "is_demo": True,
    },
    {
        "slug": "nationaal-groeifonds",
        "applicant": "institution",
        "name": "Nationaal Groeifonds",
        "funder": "Rijksoverheid",
        "level": "national",
        "summary": "Programma's voor meer technici in de energietransitie en de digitalisering.",
        "body": (
            "Het Nationaal Groeifonds betaalt programma's die zorgen voor meer vakmensen in de "
            "techniek. Scholen en bedrijven voeren die programma's uit en vragen het geld aan. "
            "Via hen kun je soms gratis of goedkoper leren."
        ),
        "target_groups": ADULTS,
        "sectors": ["energietransitie", "ict-en-netwerkbeheer", "elektrotechniek"],
        "maximum_amount": Decimal(2000),
        "percentage_covered": 100,
        "apply_url": "https://www.nationaalgroeifonds.example/",
        "is_demo": True,
    },
]
