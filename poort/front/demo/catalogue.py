"""The demo course catalogue: providers, course templates and their variations.

`demo_courses()` turns about fifty course templates into about 300 courses by giving each to
a few providers in a few forms (part-time, evening classes, blended ...). `demo_offerings()`
plans one to four start dates for a course in the coming twelve months. Both are
deterministic: every choice comes from a random generator seeded with the course's key,
so running the seed again yields the same rows.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import product

from django.utils.text import slugify

from .regional import TOWNS

SOURCE = "demo"
COURSE_COUNT = 300
SEED = "gouden-poort-demo"

DIPLOMA = "diploma"
MBO_CERTIFICATE = "mbo_certificate"
INDUSTRY = "industry_certificate"
ATTENDANCE = "attendance"
ALL_KINDS = (DIPLOMA, MBO_CERTIFICATE, INDUSTRY, ATTENDANCE)


@dataclass(frozen=True)
class DemoProvider:
    slug: str
    name: str
    about: str
    regions: tuple[str, ...] = ()  # empty: courses all over the country
    sectors: tuple[str, ...] = ()  # empty: every field
    kinds: tuple[str, ...] = ALL_KINDS
    intake_email: str = ""
    is_school: bool = False

    @property
    def website(self) -> str:
        return f"https://{self.slug}.example.nl/"


PROVIDERS = [
    DemoProvider(
        "noorderpoort",
        "Noorderpoort",
        "Noorderpoort is een mbo-school in Groningen en Drenthe met grote praktijklokalen.",
        regions=("AM01", "AM03"),
        intake_email="techniek@noorderpoort.example.nl",
        is_school=True,
    ),
    DemoProvider(
        "firda",
        "Firda",
        "Firda is de mbo-school van Friesland. Je leert er dicht bij huis.",
        regions=("AM02",),
        is_school=True,
    ),
    DemoProvider(
        "roc-midden-nederland",
        "ROC Midden Nederland",
        "ROC Midden Nederland heeft technische opleidingen in Utrecht, Nieuwegein en Amersfoort.",
        regions=("AM13", "AM14"),
        intake_email="leven-lang-ontwikkelen@rocmn.example.nl",
        is_school=True,
    ),
    DemoProvider(
        "roc-van-twente",
        "ROC van Twente",
        "ROC van Twente werkt nauw samen met technische bedrijven in de regio.",
        regions=("AM05",),
        is_school=True,
    ),
    DemoProvider(
        "albeda",
        "Albeda",
        "Albeda is een mbo-school in Rotterdam met veel opleidingen voor de haven en industrie.",
        regions=("AM22", "AM23"),
        is_school=True,
    ),
    DemoProvider(
        "summa-college",
        "Summa College",
        "Summa College leidt in de regio Eindhoven op voor de hightech en de installatiebranche.",
        regions=("AM28", "AM32"),
        intake_email="werkenden@summacollege.example.nl",
        is_school=True,
    ),
    DemoProvider(
        "gilde-opleidingen",
        "Gilde Opleidingen",
        "Gilde Opleidingen is de mbo-school van Noord- en Midden-Limburg.",
        regions=("AM29", "AM33"),
        is_school=True,
    ),
    DemoProvider(
        "technische-opleidingen-nederland",
        "Technische Opleidingen Nederland",
        "Technische Opleidingen Nederland geeft les in kleine groepen, op veel plekken in het "
        "land.",
        intake_email="aanmelden@technische-opleidingen-nederland.example.nl",
    ),
    DemoProvider(
        "install-academy",
        "Install Academy",
        "Install Academy is een opleider voor monteurs in de installatietechniek en de "
        "energietransitie.",
        sectors=("installatietechniek", "energietransitie", "elektrotechniek"),
        intake_email="info@install-academy.example.nl",
    ),
    DemoProvider(
        "laswerk-academie",
        "Laswerk Academie",
        "Laswerk Academie heeft eigen lasscholen met moderne lascabines.",
        sectors=("lassen", "werktuigbouw-en-metaal"),
        kinds=(MBO_CERTIFICATE, INDUSTRY, ATTENDANCE),
    ),
    DemoProvider(
        "voltwijs-opleidingen",
        "VoltWijs Opleidingen",
        "VoltWijs Opleidingen traint vakmensen voor elektrisch werk, van meterkast tot laadpaal.",
        sectors=("elektrotechniek", "energietransitie", "mobiliteit", "mechatronica"),
        kinds=(MBO_CERTIFICATE, INDUSTRY, ATTENDANCE),
        intake_email="planning@voltwijs.example.nl",
    ),
    DemoProvider(
        "netwerk-academie-holland",
        "Netwerk Academie Holland",
        "Netwerk Academie Holland leidt op voor ICT-beheer, met veel lessen online.",
        regions=("AM13", "AM18", "AM19", "AM21", "AM22", "AM37"),
        sectors=("ict-en-netwerkbeheer",),
        kinds=(MBO_CERTIFICATE, INDUSTRY, ATTENDANCE),
    ),
]


@dataclass(frozen=True)
class CourseTemplate:
    key: str
    title: str
    sector: str
    level: int | None
    kind: str
    price: tuple[int, int]
    weeks: tuple[int, int]
    hours: tuple[int, int]
    summary: str
    description: str
    crebo: str = ""
    online: bool = False  # theory that can be followed fully online

    @property
    def learning_paths(self) -> tuple[str, ...]:
        return {
            DIPLOMA: ("bbl", "bbl", "workplace", "bol"),
            MBO_CERTIFICATE: ("workplace", "workplace", "bbl"),
            INDUSTRY: ("", "", "workplace"),
            ATTENDANCE: ("",),
        }[self.kind]

    @property
    def modes(self) -> tuple[str, ...]:
        if self.online:
            return ("online", "hybrid", "classroom")
        return ("classroom", "classroom", "hybrid", "practice")


# fmt: off
TEMPLATES = [
    # Elektrotechniek
    CourseTemplate(
        "monteur-elektrotechnische-installaties",
        "Monteur elektrotechnische installaties",
        "elektrotechniek", 2, DIPLOMA, (2400, 7500), (52, 78), (16, 24),
        "Je leert elektrische installaties aanleggen in woningen en bedrijven.",
        "Je trekt leidingen, sluit groepenkasten aan en test of alles veilig werkt. Je werkt "
        "met tekeningen en volgt de regels van de NEN 1010. Na de opleiding kun je aan de slag "
        "als monteur bij een installatiebedrijf.",
        crebo="25251",
    ),
    CourseTemplate(
        "eerste-monteur-elektrotechnische-installaties",
        "Eerste monteur elektrotechnische installaties",
        "elektrotechniek", 3, DIPLOMA, (3500, 9500), (52, 104), (16, 24),
        "Je leert installaties aanleggen, storingen zoeken en een kleine ploeg aansturen.",
        "Je bouwt en onderhoudt elektrische installaties in gebouwen. Je zoekt storingen en lost "
        "ze op. Je leert ook hoe je een klus plant en collega's aanstuurt. Bedrijven zoeken veel "
        "eerste monteurs.",
        crebo="25252",
    ),
    CourseTemplate(
        "technicus-elektrotechniek-gebouwde-omgeving",
        "Technicus elektrotechniek in de gebouwde omgeving",
        "elektrotechniek", 4, DIPLOMA, (4500, 11500), (78, 130), (16, 24),
        "Je ontwerpt en beheert elektrische installaties in grote gebouwen.",
        "Je maakt tekeningen en berekeningen voor installaties in kantoren, scholen en "
        "ziekenhuizen. Je regelt het werk op de bouw en controleert de oplevering. Je werkt "
        "vaak samen met andere technici.",
        crebo="25253",
    ),
    CourseTemplate(
        "nen-3140-vakbekwaam-persoon",
        "NEN 3140 Vakbekwaam persoon",
        "elektrotechniek", None, INDUSTRY, (450, 1100), (1, 3), (8, 16),
        "Je leert veilig werken aan elektrische installaties volgens de NEN 3140.",
        "Je leert welke gevaren er zijn bij elektrisch werk en hoe je ze voorkomt. Je oefent met "
        "meten, vrijschakelen en het veilig maken van een installatie. Je sluit af met een "
        "examen.",
        online=True,
    ),
    CourseTemplate(
        "monteur-middenspanning",
        "Monteur middenspanning",
        "elektrotechniek", 3, MBO_CERTIFICATE, (2800, 6500), (20, 40), (16, 24),
        "Je leert werken aan het elektriciteitsnet, van kabel tot verdeelstation.",
        "Netbeheerders hebben veel monteurs nodig. Je leert kabels leggen en verbinden, "
        "schakelen in middenspanningsruimtes en veilig werken onder spanning. Je oefent op een "
        "eigen oefenterrein.",
    ),
    CourseTemplate(
        "meterkast-en-groepenkast",
        "Groepenkasten vervangen en uitbreiden",
        "elektrotechniek", 2, INDUSTRY, (650, 1600), (2, 6), (8, 16),
        "Je leert een groepenkast veilig vervangen of uitbreiden.",
        "Steeds meer huizen krijgen een inductiekookplaat, een warmtepomp of een laadpaal. "
        "Daarvoor moet de groepenkast vaak groter. Je leert hoe je dat veilig en volgens de "
        "regels doet.",
    ),
    # Installatietechniek
    CourseTemplate(
        "assistent-installatie-en-constructietechniek",
        "Assistent installatie- en constructietechniek",
        "installatietechniek", 1, DIPLOMA, (1200, 3500), (40, 52), (16, 24),
        "Een eerste stap in de techniek: je helpt mee bij installatie- en montagewerk.",
        "Je leert de basis van het vak: gereedschap gebruiken, veilig werken en eenvoudige "
        "onderdelen monteren. Je werkt mee met ervaren collega's. Daarna kun je verder leren "
        "voor monteur.",
        crebo="25261",
    ),
    CourseTemplate(
        "monteur-werktuigkundige-installaties",
        "Monteur werktuigkundige installaties",
        "installatietechniek", 2, DIPLOMA, (2400, 7500), (52, 78), (16, 24),
        "Je leert verwarming, water en ventilatie aanleggen in woningen.",
        "Je legt leidingen aan voor water, gas en verwarming. Je monteert radiatoren, "
        "ventilatie en sanitair. Na de opleiding werk je als monteur bij een installatiebedrijf.",
        crebo="25262",
    ),
    CourseTemplate(
        "eerste-monteur-werktuigkundige-installaties",
        "Eerste monteur werktuigkundige installaties",
        "installatietechniek", 3, DIPLOMA, (3500, 9500), (52, 104), (16, 24),
        "Je leert installaties aanleggen en onderhouden, en je stuurt het werk op de bouw.",
        "Je werkt aan verwarming, koeling en ventilatie in grotere gebouwen. Je stelt "
        "installaties in, zoekt storingen en houdt het overzicht op de bouwplaats.",
        crebo="25263",
    ),
    CourseTemplate(
        "servicemonteur-cv-en-warm-water",
        "Servicemonteur cv en warm water",
        "installatietechniek", 3, MBO_CERTIFICATE, (1800, 4800), (16, 30), (8, 16),
        "Je leert cv-ketels en warmwatertoestellen onderhouden en repareren.",
        "Je gaat bij klanten langs voor onderhoud en storingen. Je leert meten, afstellen en "
        "onderdelen vervangen. Je leert ook hoe je klanten goed uitlegt wat je doet.",
    ),
    CourseTemplate(
        "f-gassen-koudemiddelen",
        "F-gassen: veilig werken met koudemiddelen",
        "installatietechniek", None, INDUSTRY, (900, 2200), (1, 4), (16, 32),
        "Je haalt het verplichte certificaat om te werken met koudemiddelen.",
        "Wie aan koelinstallaties of warmtepompen werkt, moet weten hoe je veilig met "
        "koudemiddelen omgaat. Je leert de regels, oefent met vullen en lekzoeken en doet het "
        "examen.",
    ),
    CourseTemplate(
        "monteur-sanitair-en-dakwerk",
        "Monteur sanitair en dakwerk",
        "installatietechniek", 2, MBO_CERTIFICATE, (1500, 4200), (20, 36), (8, 16),
        "Je leert badkamers, toiletten en daken vakkundig afwerken.",
        "Je installeert sanitair en legt dakbedekking. Je leert solderen, lassen van kunststof "
        "en werken op hoogte. Veel installatiebedrijven zoeken mensen die dit kunnen.",
    ),
    # Werktuigbouw en metaal
    CourseTemplate(
        "constructiewerker",
        "Constructiewerker",
        "werktuigbouw-en-metaal", 2, DIPLOMA, (2200, 7000), (52, 78), (16, 24),
        "Je leert metalen constructies maken en in elkaar zetten.",
        "Je leest tekeningen, zaagt, boort en zet onderdelen in elkaar. Je leert ook de basis "
        "van het lassen. Je werkt bij een constructiebedrijf of in de scheepsbouw.",
        crebo="25271",
    ),
    CourseTemplate(
        "allround-cnc-verspaner",
        "Allround CNC-verspaner",
        "werktuigbouw-en-metaal", 3, DIPLOMA, (3500, 9800), (52, 104), (16, 24),
        "Je leert metalen onderdelen maken met computergestuurde draai- en freesbanken.",
        "Je stelt CNC-machines in, maakt programma's en controleert of de onderdelen precies "
        "goed zijn. De hightech industrie zoekt veel verspaners.",
        crebo="25272",
    ),
    CourseTemplate(
        "cnc-programmeren-draaien-en-frezen",
        "CNC-programmeren draaien en frezen",
        "werktuigbouw-en-metaal", 3, INDUSTRY, (1400, 3800), (6, 16), (8, 16),
        "Je leert programma's schrijven voor CNC-draaibanken en -freesbanken.",
        "Je leert werken met G-code en met een CAM-programma. Je maakt zelf programma's en "
        "test ze op een echte machine. Voor mensen die al met machines werken.",
    ),
    CourseTemplate(
        "plaatwerker",
        "Plaatwerker",
        "werktuigbouw-en-metaal", 2, MBO_CERTIFICATE, (1600, 4500), (20, 40), (8, 16),
        "Je leert plaatmateriaal knippen, zetten en verbinden.",
        "Je werkt met kantbanken, lasersnijders en ponsmachines. Je leest tekeningen en maakt "
        "er echte producten van, zoals kasten en behuizingen.",
    ),
    CourseTemplate(
        "technisch-tekenen-cad",
        "Technisch tekenen met CAD",
        "werktuigbouw-en-metaal", 3, INDUSTRY, (1200, 3200), (8, 20), (6, 12),
        "Je leert technische tekeningen en 3D-modellen maken op de computer.",
        "Je tekent onderdelen en samenstellingen in 3D. Je maakt werktekeningen met maten en "
        "toleranties. Handig als je wilt doorgroeien naar werkvoorbereiding.",
        online=True,
    ),
    CourseTemplate(
        "onderhoudsmonteur-werktuigbouw",
        "Onderhoudsmonteur werktuigbouw",
        "werktuigbouw-en-metaal", 3, MBO_CERTIFICATE, (2200, 5500), (26, 52), (8, 16),
        "Je leert machines onderhouden en storingen verhelpen in de fabriek.",
        "Je zorgt dat machines blijven draaien. Je vervangt lagers en afdichtingen, stelt "
        "aandrijvingen af en leert storingen snel vinden.",
    ),
    # Lassen
    CourseTemplate(
        "lasser-mig-mag",
        "Lasser MIG/MAG",
        "lassen", 2, MBO_CERTIFICATE, (1800, 4800), (12, 26), (8, 16),
        "Je leert lassen met het MIG/MAG-proces en haalt je lascertificaat.",
        "Je oefent in een eigen lascabine. Je leert plaat en pijp lassen in verschillende "
        "posities. Je sluit af met een lastest volgens de NEN-EN-ISO 9606.",
    ),
    CourseTemplate(
        "lasser-tig",
        "Lasser TIG",
        "lassen", 3, INDUSTRY, (2200, 5200), (12, 26), (8, 16),
        "Je leert TIG-lassen van rvs en aluminium.",
        "TIG-lassen is precies werk. Je leert lassen van dunne plaat en pijp in rvs en "
        "aluminium. Dit wordt veel gevraagd in de voedingsmiddelenindustrie en de hightech.",
    ),
    CourseTemplate(
        "lasser-bmbl",
        "Lasser BMBL (elektrode)",
        "lassen", 2, INDUSTRY, (1500, 3800), (8, 20), (8, 16),
        "Je leert lassen met beklede elektroden, ook buiten op de bouw.",
        "Met BMBL las je op plekken waar geen gas kan komen, zoals op de bouwplaats en in de "
        "scheepsbouw. Je oefent in alle posities en doet een lastest.",
    ),
    CourseTemplate(
        "allround-lasser",
        "Allround lasser",
        "lassen", 3, DIPLOMA, (3500, 9500), (52, 78), (16, 24),
        "Je leert alle belangrijke lasprocessen en wordt een allround vakman.",
        "Je leert MIG/MAG, TIG en BMBL. Je leest lastekeningen en bereidt je werk zelf voor. "
        "Met dit diploma kun je in veel bedrijven aan de slag.",
        crebo="25281",
    ),
    CourseTemplate(
        "international-welding-specialist",
        "International Welding Specialist (IWS)",
        "lassen", None, INDUSTRY, (6000, 11500), (26, 40), (6, 12),
        "Je wordt lascoördinator en bewaakt de kwaliteit van laswerk.",
        "Je leert lasmethodes kiezen, lasprocedures schrijven en de kwaliteit controleren. Deze "
        "opleiding is voor ervaren lassers die verder willen groeien.",
    ),
    CourseTemplate(
        "kennismaking-lassen",
        "Kennismaking met lassen",
        "lassen", None, ATTENDANCE, (300, 650), (1, 2), (6, 16),
        "Probeer in een paar dagen of lassen bij je past.",
        "Je krijgt uitleg over de lasprocessen en je gaat zelf aan de slag in een lascabine. "
        "Zo weet je snel of je verder wilt in dit vak.",
    ),
    # Mechatronica
    CourseTemplate(
        "monteur-mechatronica",
        "Monteur mechatronica",
        "mechatronica", 2, DIPLOMA, (2400, 7500), (52, 78), (16, 24),
        "Je leert machines bouwen waarin mechanica, elektronica en software samenkomen.",
        "Je monteert onderdelen, sluit sensoren en motoren aan en test de machine. Je werkt in "
        "de maakindustrie, bijvoorbeeld bij een machinebouwer.",
        crebo="25291",
    ),
    CourseTemplate(
        "eerste-monteur-mechatronica",
        "Eerste monteur mechatronica",
        "mechatronica", 3, DIPLOMA, (3500, 9500), (52, 104), (16, 24),
        "Je leert complexe machines bouwen, testen en in bedrijf stellen.",
        "Je leest elektrische en mechanische tekeningen, stelt machines in en zoekt storingen. "
        "Je begeleidt ook nieuwe collega's.",
        crebo="25292",
    ),
    CourseTemplate(
        "technicus-mechatronica",
        "Technicus mechatronica",
        "mechatronica", 4, DIPLOMA, (4500, 11800), (78, 130), (16, 24),
        "Je leert machines ontwerpen, programmeren en verbeteren.",
        "Je werkt aan besturingen, sensoren en software. Je test nieuwe machines en bedenkt "
        "verbeteringen. Je werkt vaak samen met engineers.",
        crebo="25293",
    ),
    CourseTemplate(
        "plc-programmeren-basis",
        "PLC-programmeren basis",
        "mechatronica", 3, INDUSTRY, (900, 2600), (4, 12), (6, 12),
        "Je leert een PLC programmeren die een machine bestuurt.",
        "Je leert hoe een PLC werkt en je schrijft zelf programma's. Je test ze op een "
        "oefenopstelling. Handig voor monteurs die meer willen doen met besturingen.",
        online=True,
    ),
    CourseTemplate(
        "servicetechnicus-industriele-installaties",
        "Servicetechnicus industriële installaties",
        "mechatronica", 3, MBO_CERTIFICATE, (2200, 5600), (20, 40), (8, 16),
        "Je leert storingen verhelpen aan productielijnen en robots.",
        "Je gaat bij bedrijven langs om machines te onderhouden en te repareren. Je leert "
        "systematisch storingen zoeken in mechanica, elektra en besturing.",
    ),
    CourseTemplate(
        "werken-met-cobots",
        "Werken met cobots",
        "mechatronica", None, ATTENDANCE, (450, 1200), (1, 3), (8, 16),
        "Kennismaken met robots die samenwerken met mensen.",
        "Je leert wat een cobot is en hoe je hem veilig inzet. Je programmeert zelf een "
        "eenvoudige taak. Voor iedereen die in de productie werkt.",
    ),
    # ICT en netwerkbeheer
    CourseTemplate(
        "medewerker-ict-support",
        "Medewerker ICT-support",
        "ict-en-netwerkbeheer", 3, DIPLOMA, (2800, 8500), (52, 104), (16, 24),
        "Je leert computers, netwerken en gebruikers helpen bij problemen.",
        "Je installeert en beheert laptops, printers en software. Je helpt gebruikers aan de "
        "telefoon en op locatie. Je leert ook de basis van netwerken en beveiliging.",
        crebo="25301",
        online=True,
    ),
    CourseTemplate(
        "netwerkbeheerder",
        "Netwerkbeheerder",
        "ict-en-netwerkbeheer", 4, DIPLOMA, (4000, 11000), (78, 130), (16, 24),
        "Je leert netwerken en servers ontwerpen, bouwen en beheren.",
        "Je richt netwerken in, beheert servers en zorgt dat alles veilig blijft werken. Je "
        "lost storingen op en denkt mee over verbeteringen.",
        crebo="25302",
        online=True,
    ),
    CourseTemplate(
        "ccna-voorbereiding",
        "Netwerken: voorbereiding op CCNA",
        "ict-en-netwerkbeheer", None, INDUSTRY, (1200, 3200), (8, 16), (6, 12),
        "Je bereidt je voor op het bekende CCNA-examen voor netwerkbeheer.",
        "Je leert switches en routers instellen, IP-adressen plannen en storingen zoeken. Je "
        "oefent in een virtueel lab.",
        online=True,
    ),
    CourseTemplate(
        "cybersecurity-operationele-techniek",
        "Cybersecurity voor operationele techniek",
        "ict-en-netwerkbeheer", None, INDUSTRY, (900, 2800), (3, 10), (6, 12),
        "Je leert fabrieken en installaties beschermen tegen digitale aanvallen.",
        "Machines en installaties zijn steeds vaker met internet verbonden. Je leert welke "
        "risico's dat geeft en hoe je ze kleiner maakt.",
        online=True,
    ),
    CourseTemplate(
        "linux-systeembeheer",
        "Linux-systeembeheer",
        "ict-en-netwerkbeheer", None, INDUSTRY, (800, 2400), (6, 12), (6, 12),
        "Je leert servers met Linux installeren en beheren.",
        "Je werkt op de opdrachtregel, beheert gebruikers en rechten, en automatiseert taken "
        "met scripts. Je sluit af met een praktijkopdracht.",
        online=True,
    ),
    CourseTemplate(
        "glasvezelmonteur",
        "Glasvezelmonteur",
        "ict-en-netwerkbeheer", 2, MBO_CERTIFICATE, (1200, 3600), (10, 24), (16, 32),
        "Je leert glasvezelkabels aanleggen, lassen en meten.",
        "Overal in Nederland komt glasvezel. Je leert kabels trekken, glasvezels lassen en de "
        "verbinding doormeten. Je werkt in de wijk en bij klanten thuis.",
    ),
    # Bouw en infra
    CourseTemplate(
        "timmerman",
        "Timmerman",
        "bouw-en-infra", 2, DIPLOMA, (2200, 6800), (52, 78), (16, 24),
        "Je leert houten constructies maken en plaatsen op de bouw.",
        "Je maakt kozijnen, trappen en daken. Je leert werken met hout en machines, en je "
        "plaatst je werk op de bouwplaats.",
        crebo="25311",
    ),
    CourseTemplate(
        "allround-timmerman",
        "Allround timmerman",
        "bouw-en-infra", 3, DIPLOMA, (3200, 8800), (52, 104), (16, 24),
        "Je leert zelfstandig bouwen, van fundering tot afwerking.",
        "Je bereidt je werk zelf voor, leest bouwtekeningen en stuurt soms een kleine ploeg. "
        "Met dit diploma kun je ook als zzp'er aan de slag.",
        crebo="25312",
    ),
    CourseTemplate(
        "medewerker-grond-water-en-wegenbouw",
        "Medewerker grond-, water- en wegenbouw",
        "bouw-en-infra", 2, DIPLOMA, (2000, 6500), (52, 78), (16, 24),
        "Je leert wegen, riolen en dijken aanleggen.",
        "Je werkt buiten aan de infrastructuur van Nederland. Je legt riolering, bestrating en "
        "kabels aan. Je werkt met machines en in een ploeg.",
        crebo="25313",
    ),
    CourseTemplate(
        "machinist-grondverzet",
        "Machinist grondverzet",
        "bouw-en-infra", 3, MBO_CERTIFICATE, (3000, 8500), (16, 40), (16, 32),
        "Je leert graafmachines en shovels veilig en precies bedienen.",
        "Je oefent op een eigen terrein met echte machines. Je leert graven op maat, laden en "
        "veilig werken naast kabels en leidingen.",
    ),
    CourseTemplate(
        "uitvoerder-bouw",
        "Uitvoerder bouw",
        "bouw-en-infra", 4, DIPLOMA, (4000, 11500), (78, 104), (12, 20),
        "Je leert een bouwproject leiden op de bouwplaats.",
        "Je plant het werk, regelt materialen en stuurt vaklieden aan. Je bewaakt de kwaliteit, "
        "de veiligheid en het budget.",
        crebo="25314",
    ),
    CourseTemplate(
        "vca-basis",
        "VCA Basis",
        "bouw-en-infra", None, INDUSTRY, (300, 450), (1, 1), (8, 16),
        "Je haalt het VCA-diploma voor veilig werken op de bouw en in de techniek.",
        "Veel bedrijven vragen VCA. Je leert de risico's van het werk kennen en hoe je "
        "ongelukken voorkomt. Je sluit af met een examen.",
        online=True,
    ),
    # Energietransitie
    CourseTemplate(
        "monteur-warmtepompen",
        "Monteur warmtepompen",
        "energietransitie", 3, MBO_CERTIFICATE, (1500, 4800), (8, 24), (8, 16),
        "Je leert warmtepompen installeren, in bedrijf stellen en onderhouden.",
        "Steeds meer huizen gaan van het gas af. Je leert hoe een warmtepomp werkt, hoe je hem "
        "plaatst en aansluit, en hoe je hem goed instelt. Je oefent op echte installaties.",
    ),
    CourseTemplate(
        "installateur-zonnepanelen",
        "Installateur zonnepanelen",
        "energietransitie", 2, MBO_CERTIFICATE, (900, 3200), (4, 16), (8, 24),
        "Je leert zonnepanelen veilig op daken plaatsen en aansluiten.",
        "Je leert werken op hoogte, panelen monteren en de omvormer aansluiten. Je leert ook "
        "hoe je een installatie controleert en oplevert aan de klant.",
    ),
    CourseTemplate(
        "monteur-laadpalen",
        "Monteur laadpalen",
        "energietransitie", None, INDUSTRY, (650, 2200), (2, 6), (8, 16),
        "Je leert laadpalen voor elektrische auto's plaatsen en aansluiten.",
        "Je leert welke laadpaal past bij een woning of bedrijf. Je sluit laadpalen aan, test "
        "ze en lost storingen op.",
    ),
    CourseTemplate(
        "energieadviseur-woningbouw",
        "Energieadviseur woningbouw",
        "energietransitie", 4, INDUSTRY, (1500, 4200), (8, 20), (6, 12),
        "Je leert woningen beoordelen en advies geven over besparen en verduurzamen.",
        "Je meet woningen op, maakt een energielabel en geeft advies over isolatie, "
        "warmtepompen en zonnepanelen. Je kunt daarna als adviseur werken.",
        online=True,
    ),
    CourseTemplate(
        "thuisbatterijen-en-energieopslag",
        "Thuisbatterijen en energieopslag",
        "energietransitie", None, INDUSTRY, (500, 1600), (1, 4), (8, 16),
        "Je leert thuisbatterijen veilig installeren en koppelen aan zonnepanelen.",
        "Je leert hoe batterijen werken, welke risico's er zijn en hoe je een systeem aansluit "
        "en instelt. Je oefent met systemen van verschillende merken.",
    ),
    CourseTemplate(
        "technicus-duurzame-energie",
        "Technicus duurzame energie",
        "energietransitie", 4, DIPLOMA, (4500, 12000), (78, 130), (16, 24),
        "Je leert duurzame installaties ontwerpen, regelen en beheren.",
        "Je werkt aan warmtepompen, zonne-energie, warmtenetten en slimme regelingen. Je "
        "ontwerpt systemen en helpt bij de bouw en het onderhoud.",
        crebo="25321",
    ),
    # Mobiliteit
    CourseTemplate(
        "autotechnicus",
        "Autotechnicus",
        "mobiliteit", 2, DIPLOMA, (2200, 6800), (52, 78), (16, 24),
        "Je leert auto's onderhouden en eenvoudige reparaties doen.",
        "Je doet onderhoudsbeurten, vervangt banden en remmen en leest storingen uit met de "
        "computer. Je werkt in een garage of bij een dealer.",
        crebo="25331",
    ),
    CourseTemplate(
        "eerste-autotechnicus",
        "Eerste autotechnicus",
        "mobiliteit", 3, DIPLOMA, (3200, 8800), (52, 104), (16, 24),
        "Je leert storingen zoeken en moeilijke reparaties doen, ook aan elektrische auto's.",
        "Je zoekt storingen in elektronica, motor en aandrijving. Je werkt aan hybride en "
        "elektrische auto's en helpt collega's met lastige klussen.",
        crebo="25332",
    ),
    CourseTemplate(
        "veilig-werken-aan-elektrische-voertuigen",
        "Veilig werken aan elektrische voertuigen",
        "mobiliteit", None, INDUSTRY, (400, 1400), (1, 3), (8, 16),
        "Je leert veilig werken aan auto's met een hoogvoltsysteem.",
        "Elektrische auto's werken met hoge spanning. Je leert de gevaren kennen, het systeem "
        "spanningsloos maken en veilig onderhoud doen.",
    ),
    CourseTemplate(
        "bedrijfsautotechnicus",
        "Bedrijfsautotechnicus",
        "mobiliteit", 3, DIPLOMA, (3200, 8800), (52, 104), (16, 24),
        "Je leert vrachtwagens, bussen en trekkers onderhouden en repareren.",
        "Je werkt aan grote voertuigen met luchtremmen, zware motoren en veel elektronica. "
        "Transportbedrijven en dealers zoeken veel technici.",
        crebo="25333",
    ),
    CourseTemplate(
        "fietstechnicus",
        "Fietstechnicus",
        "mobiliteit", 2, DIPLOMA, (1600, 5200), (40, 78), (16, 24),
        "Je leert fietsen en e-bikes repareren en onderhouden.",
        "Je leert alles over versnellingen, remmen en de elektrische aandrijving van e-bikes. "
        "Je werkt in een fietsenwinkel of werkplaats.",
        crebo="25334",
    ),
]
# fmt: on


@dataclass(frozen=True)
class Variant:
    """A form in which a provider offers a course: part-time, in the evening, blended ..."""

    key: str
    suffix: str
    note: str
    kinds: tuple[str, ...] = ALL_KINDS
    mode: str = ""
    learning_path: str | None = None
    weeks: float = 1.0
    hours: float = 1.0
    price: float = 1.0
    online_only: bool = False

    @property
    def headline(self) -> str:
        """The first sentence of the note, for the course summary."""
        return self.note.split(". ")[0].rstrip(".") + "."


VARIANTS = [
    Variant("standaard", "", "Je volgt de opleiding in de gewone vorm, met vaste lesdagen."),
    Variant(
        "deeltijd",
        " in deeltijd",
        "Je leert in deeltijd. Dat past goed naast een baan.",
        kinds=(DIPLOMA, MBO_CERTIFICATE),
        weeks=1.5,
        hours=0.6,
    ),
    Variant(
        "avond",
        " (avondopleiding)",
        "De lessen zijn op doordeweekse avonden. Overdag kun je gewoon werken.",
        mode="classroom",
        weeks=1.6,
        hours=0.5,
    ),
    Variant(
        "zij-instromers",
        " voor zij-instromers",
        "Deze vorm is voor mensen die uit een ander vak komen. Je begint met een korte "
        "kennismaking met het vak en krijgt extra begeleiding.",
        kinds=(DIPLOMA, MBO_CERTIFICATE),
        learning_path="workplace",
        weeks=1.2,
        price=1.1,
    ),
    Variant(
        "compact",
        " (compact)",
        "Je leert in korte tijd veel. Reken op volle lesdagen.",
        kinds=(MBO_CERTIFICATE, INDUSTRY),
        weeks=0.6,
        hours=1.5,
        price=1.1,
    ),
    Variant(
        "praktijkroute",
        " (praktijkroute)",
        "Je leert vooral op de werkvloer, bij een leerbedrijf. Een praktijkopleider begeleidt "
        "je en je toont je kunnen in de praktijk.",
        kinds=(DIPLOMA, MBO_CERTIFICATE),
        mode="practice",
        learning_path="workplace",
    ),
    Variant(
        "blended",
        " (blended)",
        "Je doet de theorie online, in je eigen tempo. Voor de praktijk kom je naar de leslocatie.",
        mode="hybrid",
        price=0.95,
    ),
    Variant(
        "online",
        " (online)",
        "Je volgt alles online. Een docent beantwoordt je vragen en bespreekt je opdrachten.",
        kinds=(MBO_CERTIFICATE, INDUSTRY, ATTENDANCE),
        mode="online",
        price=0.85,
        online_only=True,
    ),
    Variant(
        "zaterdag",
        " (zaterdagen)",
        "De lessen zijn op zaterdag.",
        kinds=(INDUSTRY, ATTENDANCE),
        mode="classroom",
        weeks=1.5,
        hours=0.6,
    ),
]


@dataclass
class DemoCourse:
    source_id: str
    provider: DemoProvider
    template: CourseTemplate
    variant: Variant
    title: str
    slug: str
    summary: str
    description: str
    level: int | None
    certificate_kind: str
    learning_path: str
    mode: str
    duration_weeks: int
    hours_per_week: int
    price: Decimal
    crebo_code: str


def fits(provider: DemoProvider, course: CourseTemplate, variant: Variant) -> bool:
    return (
        (not provider.sectors or course.sector in provider.sectors)
        and course.kind in provider.kinds
        and course.kind in variant.kinds
        and (course.online or not variant.online_only)
    )


def whole_euros(amount: float, step: int = 25) -> Decimal:
    """A price as people set it: a multiple of €25, between €300 and €12,000."""
    rounded = max(300, min(12000, round(amount / step) * step))
    return Decimal(rounded).quantize(Decimal("0.01"))


def build_course(provider: DemoProvider, course: CourseTemplate, variant: Variant) -> DemoCourse:
    source_id = f"{course.key}--{provider.slug}--{variant.key}"
    rng = random.Random(f"{SEED}:{source_id}")
    weeks = max(1, round(rng.randint(*course.weeks) * variant.weeks))
    hours = max(2, round(rng.randint(*course.hours) * variant.hours))
    school_discount = 0.8 if provider.is_school else 1.0
    title = course.title + variant.suffix
    return DemoCourse(
        source_id=source_id,
        provider=provider,
        template=course,
        variant=variant,
        title=title,
        slug=slugify(f"{title} {provider.slug}"),
        summary=f"{course.summary} {variant.headline}" if variant.suffix else course.summary,
        description="\n\n".join([course.description, variant.note, provider.about]),
        level=course.level,
        certificate_kind=course.kind,
        learning_path=(
            variant.learning_path
            if variant.learning_path is not None
            else rng.choice(course.learning_paths)
        ),
        mode=variant.mode or rng.choice(course.modes),
        duration_weeks=weeks,
        hours_per_week=hours,
        price=whole_euros(rng.randint(*course.price) * variant.price * school_discount),
        crebo_code=course.crebo if course.kind == DIPLOMA else "",
    )


def demo_courses() -> list[DemoCourse]:
    """About COURSE_COUNT courses: each template offered by a few providers in a few forms.

    Specialised providers go first, and a provider gets a second form of a course only when
    every other provider that fits has one.
    """
    share, extra = divmod(COURSE_COUNT, len(TEMPLATES))
    courses = []
    for index, course in enumerate(TEMPLATES):
        rng = random.Random(f"{SEED}:{course.key}")
        options = [
            (provider, variant)
            for provider, variant in product(PROVIDERS, VARIANTS)
            if fits(provider, course, variant)
        ]
        rng.shuffle(options)
        options.sort(key=lambda option: not option[0].sectors)
        used = Counter()
        for _ in range(min(len(options), share + (1 if index < extra else 0))):
            provider, variant = min(options, key=lambda option: used[option[0].slug])
            options.remove((provider, variant))
            used[provider.slug] += 1
            courses.append(build_course(provider, course, variant))
    return courses


def demo_offerings(course: DemoCourse, first_of_month: date) -> list[dict]:
    """One to four start dates from next month on, within a year; places near the provider.

    Dates count from the first day of the current month, so a second run in the same month
    plans exactly the same dates.
    """
    rng = random.Random(f"{SEED}:{course.source_id}:offerings")
    regions = course.provider.regions or tuple(TOWNS)
    months = sorted(rng.sample(range(1, 12), rng.randint(1, 4)))
    offsets = [30 * month + rng.randint(5, 25) for month in months]
    offerings = []
    for number, offset in enumerate(offsets, start=1):
        start = first_of_month + timedelta(days=offset)
        start += timedelta(days=(7 - start.weekday()) % 7)  # courses start on a Monday
        online = course.mode == "online" or (course.mode == "hybrid" and rng.random() < 0.25)
        town = None if online else rng.choice(TOWNS[rng.choice(regions)])
        deadline = start - timedelta(days=rng.choice([14, 21, 28]))
        with_deadline = rng.random() < 0.4 and deadline >= first_of_month + timedelta(days=32)
        offerings.append(
            {
                "source_id": f"demo-{number}",
                "start_date": start,
                "end_date": start + timedelta(weeks=course.duration_weeks, days=-3),
                "town": town,
                "seats": rng.choice([8, 10, 12, 12, 14, 16, 20]),
                "price": (whole_euros(float(course.price) * 1.05) if rng.random() < 0.15 else None),
                "application_deadline": deadline if with_deadline else None,
            }
        )
    return offerings
