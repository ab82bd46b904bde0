"""Factories for poort's models: users and outbox notifications."""

import factory
from allauth.account.models import EmailAddress

from poort.models import Notification, User

PASSWORD = "een-lang-wachtwoord-voor-tests"


class UserFactory(factory.django.DjangoModelFactory):
    """A person with an account; signs in with e-mail address and PASSWORD.

    The e-mail address is verified for allauth unless `email_verified=False`.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"medewerker{n}@goudenpoort.example")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def email_verified(user: User, create: bool, verified: bool | None, **kwargs) -> None:
        if create and verified is not False:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class EditorFactory(UserFactory):
    """A national editor: may use the admin at /beheer/."""

    email = factory.Sequence(lambda n: f"redacteur{n}@goudenpoort.example")
    is_staff = True
    is_superuser = True


class NotificationFactory(factory.django.DjangoModelFactory):
    """A pending e-mail in the outbox, for a desk about a new referral."""

    class Meta:
        model = Notification

    kind = "referral_to_desk"
    recipient = "aanmeldingen@werkcentrum-groningen.example"
    context = factory.LazyFunction(lambda: {"desk_name": "Werkcentrum Groningen"})
    idempotency_key = factory.Sequence(lambda n: f"test:{n}:desk")
