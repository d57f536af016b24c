"""factory_boy factories. Every account is a real user with a verified email address."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

DEFAULT_PASSWORD = "quiet-harbor-lantern-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    language = "en"
    timezone = "America/New_York"
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """``UserFactory(verified=False)`` leaves the email unconfirmed."""
        user.save()
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True,
                verified=True if extracted is None else bool(extracted),
            )


class StaffFactory(UserFactory):
    is_staff = True
