# Django's own Dutch formats, written down here so the style is ours: "6 oktober 2026 14:05".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
MONTH_DAY_FORMAT = "j F"
