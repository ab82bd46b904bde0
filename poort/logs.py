"""Keep the private tokens of status and check-in links out of every log (docs/resilience.md).

A token in `/aanvraag/<token>/` or `/hoe-gaat-het/<token>/` is all it takes to read and erase a
person's request, so Django's log lines ("Not Found: /aanvraag/…/") and gunicorn's access log
show `[token]` in its place. Part of the base layer of `poort`.
"""

import logging
import re

from gunicorn.glogging import Logger

TOKEN_IN_PATH = re.compile(r"(/(?:aanvraag|hoe-gaat-het)/)(?!verwijderd/)[^/?#\s\"']+")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1[token]", text)


class RedactTokens(logging.Filter):
    """A handler filter: the record's message with every token replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class RedactingGunicornLogger(Logger):
    """gunicorn's logger (gunicorn.conf.py) whose access log shows no tokens: in the request
    line, the path, the query and the referrer alike."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }
