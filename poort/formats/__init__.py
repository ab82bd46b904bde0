"""Date formats per language (FORMAT_MODULE_PATH): one style on every page, e-mail and file,
picked with `|date:"DATE_FORMAT"` (or DATETIME_FORMAT, MONTH_DAY_FORMAT) and `date_format(day)`.
The month is written out in full and in small letters: "6 oktober 2026", "6 October 2026"."""
