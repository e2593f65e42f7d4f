"""API tokens: django-rest-knox keeps only a hash of each secret; the portal adds a name the
owner chose, when it was last used, and a plain id to address it by (the hash stays private)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS


class ApiToken(AbstractAuthToken):
    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(max_length=100)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"API token “{self.name}” of {self.user}"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()


class Profile(models.Model):
    """What the portal knows of a person beyond their login: the organisation they work for,
    which decides the party they may join a program as."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    organisation = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        return f"Profile of {self.user}"
