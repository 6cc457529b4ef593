"""Django's own date formats (the admin, and any value a template prints bare) as close to GOV.UK style as
Django's format letters allow; pages use grassroots.dates, which writes "9 December 2026 at 3:24am"."""
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \a\t P"
TIME_FORMAT = "P"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = r"j M Y \a\t P"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
