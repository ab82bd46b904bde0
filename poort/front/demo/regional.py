"""Demo technical fields, regional desks and regional initiatives."""

SECTORS = [
    ("elektrotechniek", "Elektrotechniek"),
    ("installatietechniek", "Installatietechniek"),
    ("werktuigbouw-en-metaal", "Werktuigbouw en metaal"),
    ("lassen", "Lassen"),
    ("mechatronica", "Mechatronica"),
    ("ict-en-netwerkbeheer", "ICT en netwerkbeheer"),
    ("bouw-en-infra", "Bouw en infra"),
    ("energietransitie", "Energietransitie"),
    ("mobiliteit", "Mobiliteit"),
]


# (region, name, address, phone, first contact within working days). The kind follows from
# the name; RMT's and Leerwerkloketten are merging into one Werkcentrum per region.
DESKS = [
    ("AM01", "Werkcentrum Groningen", "Griffeweg 42, 9723 DT Groningen", "050 760 01 01", 3),
    ("AM02", "Werkcentrum Fryslân", "Tesselschadestraat 8, 8913 HB Leeuwarden", "058 760 01 02", 5),
    ("AM03", "Werkcentrum Drenthe", "Hondsrugweg 17, 7811 AB Emmen", "0591 76 01 03", 5),
    ("AM05", "RMT Twente", "Hengelosestraat 210, 7521 AK Enschede", "053 760 01 05", 4),
    (
        "AM06",
        "Leerwerkloket Stedendriehoek",
        "Deventerstraat 31, 7311 LR Apeldoorn",
        "055 760 01 06",
        7,
    ),
    ("AM07", "Werkcentrum Midden-Gelderland", "Velperweg 75, 6824 HH Arnhem", "026 760 01 07", 5),
    ("AM08", "RMT Rijk van Nijmegen", "Kerkenbos 1010, 6546 BB Nijmegen", "024 760 01 08", 6),
    ("AM09", "Leerwerkloket Achterhoek", "Terborgseweg 22, 7001 GP Doetinchem", "0314 76 01 09", 8),
    ("AM10", "Werkcentrum Rivierenland", "Laan van Westroijen 4, 4003 AZ Tiel", "0344 76 01 10", 5),
    ("AM11", "RMT Flevoland", "Stationsplein 9, 1315 NT Almere", "036 760 01 11", 6),
    (
        "AM12",
        "Leerwerkloket Gooi en Vechtstreek",
        "Larenseweg 50, 1221 CN Hilversum",
        "035 760 01 12",
        10,
    ),
    ("AM13", "Leerwerkloket Midden-Utrecht", "Croeselaan 18, 3521 CB Utrecht", "030 760 01 13", 5),
    ("AM14", "Werkcentrum Amersfoort", "Stationsplein 36, 3818 LE Amersfoort", "033 760 01 14", 4),
    ("AM15", "RMT Noord-Holland Noord", "Kanaalkade 7, 1811 LT Alkmaar", "072 760 01 15", 7),
    (
        "AM17",
        "Leerwerkloket Zaanstreek/Waterland",
        "Stationsplein 101, 1506 EA Zaandam",
        "075 760 01 17",
        8,
    ),
    (
        "AM18",
        "Werkcentrum Groot Amsterdam",
        "Karspeldreef 15, 1102 BB Amsterdam",
        "020 760 01 18",
        3,
    ),
    ("AM19", "RMT Holland Rijnland", "Schipholweg 88, 2316 XB Leiden", "071 760 01 19", 6),
    (
        "AM20",
        "Leerwerkloket Midden-Holland",
        "Burgemeester Jamessingel 2, 2803 PV Gouda",
        "0182 76 01 20",
        9,
    ),
    (
        "AM21",
        "Werkcentrum Haaglanden",
        "Prinses Beatrixlaan 40, 2595 AL Den Haag",
        "070 760 01 21",
        4,
    ),
    ("AM22", "Werkcentrum Rijnmond", "Schiedamse Vest 160, 3011 BH Rotterdam", "010 760 01 22", 3),
    ("AM23", "RMT Drechtsteden", "Spuiboulevard 300, 3311 GR Dordrecht", "078 760 01 23", 5),
    ("AM24", "Werkcentrum Zeeland", "Kanaalweg 3, 4337 PA Middelburg", "0118 76 01 24", 6),
    ("AM25", "RMT West-Brabant", "Claudius Prinsenlaan 12, 4811 DK Breda", "076 760 01 25", 5),
    ("AM26", "Werkcentrum Midden-Brabant", "Spoorlaan 21, 5038 CB Tilburg", "013 760 01 26", 4),
    (
        "AM27",
        "Leerwerkloket Noordoost-Brabant",
        "Wolvenhoek 10, 5211 HH 's-Hertogenbosch",
        "073 760 01 27",
        7,
    ),
    ("AM28", "Werkcentrum Zuidoost-Brabant", "Vestdijk 5, 5611 CA Eindhoven", "040 760 01 28", 3),
    ("AM29", "RMT Noord-Limburg", "Prinsessesingel 18, 5911 HT Venlo", "077 760 01 29", 6),
    ("AM30", "Werkcentrum Zuid-Limburg", "Stationsplein 2, 6411 NE Heerlen", "045 760 01 30", 4),
    ("AM32", "Leerwerkloket Helmond-De Peel", "Markt 20, 5701 RM Helmond", "0492 76 01 32", 8),
    ("AM33", "RMT Midden-Limburg", "Kapellerlaan 24, 6041 JB Roermond", "0475 76 01 33", 7),
    (
        "AM34",
        "RMT Zuid-Holland Centraal",
        "Stadhuisplein 1, 2711 EC Zoetermeer",
        "079 760 01 34",
        6,
    ),
    ("AM35", "Leerwerkloket Gorinchem", "Stationsweg 13, 4205 AA Gorinchem", "0183 76 01 35", 10),
    ("AM36", "Werkcentrum Regio Zwolle", "Luttenbergstraat 4, 8012 EE Zwolle", "038 760 01 36", 4),
    ("AM37", "RMT Zuid-Kennemerland en IJmond", "Zijlweg 245, 2015 CP Haarlem", "023 760 01 37", 5),
    ("AM38", "Werkcentrum FoodValley", "Bovenbuurtweg 27, 6717 XA Ede", "0318 76 01 38", 5),
]
NATIONAL_DESK = (
    "",
    "Landelijk loket Gouden Poort",
    "Postbus 2026, 2500 GA Den Haag",
    "088 760 01 00",
    5,
)


OPENING_HOURS = [
    "Maandag tot en met vrijdag van 9.00 tot 17.00 uur",
    "Maandag tot en met donderdag van 8.30 tot 17.00 uur\nVrijdag van 8.30 tot 12.30 uur",
    "Maandag tot en met vrijdag van 9.00 tot 16.30 uur\nDinsdagavond op afspraak",
    "Maandag, woensdag en donderdag van 9.00 tot 17.00 uur\nDinsdag en vrijdag op afspraak",
]

# Where courses of a region take place: municipality names as in regions/data/gemeenten-2026.csv.
TOWNS = {
    "AM01": ["Groningen", "Stadskanaal", "Veendam", "Assen", "Oldambt"],
    "AM02": ["Leeuwarden", "Heerenveen", "Smallingerland", "Súdwest-Fryslân"],
    "AM03": ["Emmen", "Hoogeveen", "Coevorden"],
    "AM05": ["Enschede", "Hengelo (O.)", "Almelo"],
    "AM06": ["Apeldoorn", "Deventer", "Zutphen", "Harderwijk"],
    "AM07": ["Arnhem", "Zevenaar", "Duiven"],
    "AM08": ["Nijmegen", "Wijchen"],
    "AM09": ["Doetinchem", "Winterswijk"],
    "AM10": ["Tiel", "Culemborg", "Zaltbommel"],
    "AM11": ["Almere", "Lelystad", "Noordoostpolder"],
    "AM12": ["Hilversum", "Huizen"],
    "AM13": ["Utrecht", "Nieuwegein", "Zeist", "Woerden", "Houten"],
    "AM14": ["Amersfoort", "Nijkerk", "Soest"],
    "AM15": ["Alkmaar", "Hoorn", "Den Helder"],
    "AM17": ["Zaanstad", "Purmerend"],
    "AM18": ["Amsterdam", "Haarlemmermeer", "Amstelveen"],
    "AM19": ["Leiden", "Alphen aan den Rijn", "Katwijk"],
    "AM20": ["Gouda", "Waddinxveen"],
    "AM21": ["'s-Gravenhage", "Delft", "Westland"],
    "AM22": ["Rotterdam", "Schiedam", "Capelle aan den IJssel", "Nissewaard"],
    "AM23": ["Dordrecht", "Papendrecht", "Zwijndrecht"],
    "AM24": ["Middelburg (Z.)", "Vlissingen", "Goes", "Terneuzen"],
    "AM25": ["Breda", "Roosendaal", "Bergen op Zoom", "Moerdijk"],
    "AM26": ["Tilburg", "Waalwijk"],
    "AM27": ["'s-Hertogenbosch", "Oss", "Meierijstad"],
    "AM28": ["Eindhoven", "Veldhoven", "Best"],
    "AM29": ["Venlo", "Venray", "Horst aan de Maas"],
    "AM30": ["Heerlen", "Maastricht", "Sittard-Geleen", "Kerkrade"],
    "AM32": ["Helmond", "Deurne"],
    "AM33": ["Roermond", "Weert", "Echt-Susteren"],
    "AM34": ["Zoetermeer", "Leidschendam-Voorburg"],
    "AM35": ["Gorinchem", "Vijfheerenlanden"],
    "AM36": ["Zwolle", "Kampen", "Hardenberg", "Meppel"],
    "AM37": ["Haarlem", "Velsen", "Beverwijk"],
    "AM38": ["Ede", "Veenendaal", "Barneveld"],
}

NOORD_NEDERLAND = ["AM01", "AM02", "AM03"]
BRABANT = ["AM25", "AM26", "AM27", "AM28", "AM32"]
LIMBURG = ["AM29", "AM30", "AM33"]
GELDERLAND = ["AM06", "AM07", "AM08", "AM09", "AM10", "AM38"]
TECHNICAL_CORE = [
    "elektrotechniek",
    "installatietechniek",
    "werktuigbouw-en-metaal",
    "mechatronica",
]

INITIATIVES = [
    {
        "slug": "het-noorden-leert-door",
        "name": "Het Noorden Leert Door",
        "summary": (
            "Gratis mbo-scholing in Groningen, Friesland en Drenthe. Er zijn ongeveer 160 "
            "trajecten. Elk traject duurt hoogstens een jaar."
        ),
        "body": (
            "Het Noorden Leert Door helpt je verder in je werk. Je kiest uit ongeveer 160 "
            "mbo-trajecten. Die zijn gratis en duren hoogstens een jaar.\n\n"
            "In 2023 begonnen 415 mensen aan een traject. Van alle aanmeldingen kwam 85% van "
            "mensen die al werken of zzp'er zijn. Heb je werk en wil je iets anders of iets "
            "meer? Dan ben je hier ook welkom.\n\n"
            "Het Werkcentrum in jouw regio helpt je kiezen en regelt de aanmelding."
        ),
        "website": "https://www.hetnoordenleertdoor.example/",
        "regions": NOORD_NEDERLAND,
        "sectors": [*TECHNICAL_CORE, "energietransitie", "ict-en-netwerkbeheer"],
    },
    {
        "slug": "brabant-leert",
        "name": "Brabant Leert",
        "summary": "Samen leren en ontwikkelen in Brabant: advies, scholing en een leerbudget.",
        "body": (
            "Brabant Leert brengt werkgevers, scholen en gemeenten in Brabant samen. Je krijgt "
            "gratis loopbaanadvies. Daarna zoek je samen een opleiding die bij je past.\n\n"
            "Voor opleidingen in de techniek is er vaak een bijdrage in de kosten."
        ),
        "website": "https://www.brabantleert.example/",
        "regions": BRABANT,
        "sectors": [*TECHNICAL_CORE, "energietransitie"],
    },
    {
        "slug": "maak-je-stap",
        "name": "Maak je Stap",
        "summary": "Gratis loopbaanadvies en scholing in de regio's Midden-Utrecht en Amersfoort.",
        "body": (
            "Wil je een andere baan of meer leren in je vak? Bij Maak je Stap praat je met een "
            "adviseur. Samen maak je een plan. Je hoort ook welke scholing je kunt volgen en wie "
            "die betaalt."
        ),
        "website": "https://www.maakjestap.example/",
        "regions": ["AM13", "AM14"],
        "sectors": [],
    },
    {
        "slug": "limburg-leert",
        "name": "Limburg Leert",
        "summary": "Leren en werken in Limburg: één plek voor advies en scholing.",
        "body": (
            "Limburg Leert helpt werkenden en werkzoekenden in Noord-, Midden- en Zuid-Limburg. "
            "Je krijgt advies over je loopbaan. Je hoort welke opleidingen er zijn en welke "
            "regelingen helpen betalen."
        ),
        "website": "https://www.limburgleert.example/",
        "regions": LIMBURG,
        "sectors": [],
    },
    {
        "slug": "techniekcoalitie-limburg",
        "name": "Techniekcoalitie Limburg",
        "summary": "Bedrijven en scholen in Limburg werken samen aan meer technische vakmensen.",
        "body": (
            "In de Techniekcoalitie Limburg werken technische bedrijven en scholen samen. Zij "
            "bieden leerwerkplekken en korte opleidingen. Zo kun je snel aan de slag in de "
            "techniek, ook als je uit een ander vak komt."
        ),
        "website": "https://www.techniekcoalitielimburg.example/",
        "regions": LIMBURG,
        "sectors": [*TECHNICAL_CORE, "lassen", "energietransitie"],
    },
    {
        "slug": "rotterdams-scholingsfonds",
        "name": "Rotterdams scholingsfonds",
        "summary": "Een fonds voor scholing naar werk met toekomst in de regio Rijnmond.",
        "body": (
            "Het Rotterdams scholingsfonds betaalt mee aan opleidingen voor beroepen waar veel "
            "vraag naar is. Denk aan de haven, de bouw en de energietransitie. Het Werkcentrum "
            "Rijnmond kijkt met je of je in aanmerking komt."
        ),
        "website": "https://www.rotterdamsscholingsfonds.example/",
        "regions": ["AM22"],
        "sectors": [*TECHNICAL_CORE, "lassen", "bouw-en-infra", "energietransitie"],
    },
    {
        "slug": "overijssels-vakmanschap",
        "name": "Overijssels vakmanschap",
        "summary": "Meer vakmensen voor de techniek in Twente en de regio Zwolle.",
        "body": (
            "Overijssels vakmanschap helpt mensen om een vak te leren in de techniek. Je leert "
            "vaak in de praktijk, bij een bedrijf in de buurt. Er is aandacht voor begeleiding "
            "tijdens en na je opleiding."
        ),
        "website": "https://www.overijsselsvakmanschap.example/",
        "regions": ["AM05", "AM36"],
        "sectors": [*TECHNICAL_CORE, "lassen"],
    },
    {
        "slug": "twents-fonds-voor-vakmanschap",
        "name": "Twents fonds voor vakmanschap",
        "summary": "Een Twents fonds dat meebetaalt aan vakopleidingen voor werkenden.",
        "body": (
            "Het Twents fonds voor vakmanschap is er voor mensen die werken of werk zoeken in "
            "Twente. Het fonds betaalt een deel van je opleiding. Je werkgever doet vaak ook mee."
        ),
        "website": "https://www.twentsfondsvoorvakmanschap.example/",
        "regions": ["AM05"],
        "sectors": [*TECHNICAL_CORE, "lassen", "ict-en-netwerkbeheer"],
    },
    {
        "slug": "gelders-vakmanschap",
        "name": "Gelders vakmanschap",
        "summary": "Scholing en begeleiding naar technisch werk in heel Gelderland.",
        "body": (
            "Gelders vakmanschap helpt je om een technisch vak te leren. Je krijgt advies, een "
            "opleiding en hulp bij het vinden van een baan. Het programma werkt samen met "
            "bedrijven in alle Gelderse regio's."
        ),
        "website": "https://www.geldersvakmanschap.example/",
        "regions": GELDERLAND,
        "sectors": [*TECHNICAL_CORE, "bouw-en-infra", "mobiliteit"],
    },
    {
        "slug": "upgrade-jezelf",
        "name": "Upgrade jezelf",
        "summary": "Gratis scholing en advies voor werkenden in de regio Zwolle.",
        "body": (
            "Met Upgrade jezelf werk je aan je toekomst. Je kiest een korte opleiding of een "
            "heel mbo-diploma. Een adviseur helpt je kiezen. Veel opleidingen zijn gratis."
        ),
        "website": "https://www.upgradejezelf.example/",
        "regions": ["AM36"],
        "sectors": [],
    },
]
