# English in the same order as the Dutch, not Django's American "Oct. 6, 2026, 2:05 p.m.".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
