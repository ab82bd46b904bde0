"""Signing staff in past the second factor without typing a code.

What allauth writes to the session when the authenticator app's code was entered
(docs/signin.md). The sign-in itself, codes included, is tested in tests/poort/test_signin.py.
"""

import time

from django.test import Client


def second_factor_entered(client: Client, user) -> Client:
    """Mark the signed-in user's session as past the second factor."""
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "totp", "at": time.time()}
    ]
    session.save()
    return client
