"""Demo accounts: a national editor, and an adviser and a coordinator for two regions."""

# Printed by seed_demo next to the logins; set only when an account is created.
PASSWORD = "demo-gouden-poort"  # noqa: S105 - a demo password, printed on purpose

ACCOUNTS = [
    {
        "email": "beheer@goudenpoort.example",
        "first_name": "Noor",
        "last_name": "Visser",
        "is_staff": True,
        "is_superuser": True,
        "memberships": [],
        "description": "national editor, /beheer/",
    },
    {
        "email": "adviseur.groningen@goudenpoort.example",
        "first_name": "Sanne",
        "last_name": "Bakker",
        "memberships": [("AM01", "adviser")],
        "description": "adviser, Groningen",
    },
    {
        "email": "coordinator.groningen@goudenpoort.example",
        "first_name": "Jeroen",
        "last_name": "Hoekstra",
        "memberships": [("AM01", "coordinator")],
        "description": "regional coordinator, Groningen",
    },
    {
        "email": "adviseur.utrecht@goudenpoort.example",
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "memberships": [("AM13", "adviser")],
        "description": "adviser, Midden-Utrecht",
    },
    {
        "email": "coordinator.utrecht@goudenpoort.example",
        "first_name": "Kees",
        "last_name": "van Dijk",
        "memberships": [("AM13", "coordinator")],
        "description": "regional coordinator, Midden-Utrecht",
    },
]
