"""gunicorn's settings for Gouden Poort; gunicorn reads this file from the working directory.

The command line adds the rest (README: --bind, --workers). The access log goes to standard
output, without the private tokens of status links (poort/logs.py).
"""

accesslog = "-"
logger_class = "poort.logs.RedactingGunicornLogger"
