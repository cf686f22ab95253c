"""The preview process's own secret for its forms (the 审核 page's sign-off): made afresh in
each process, put into the forms it renders, and checked by the preview server when a form
is posted, so that another site's page cannot post one."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

_TOKEN = secrets.token_urlsafe(32)


@dataclass(frozen=True)
class FormToken:
    value: str

    def dep_digest(self) -> str:
        """A page showing it depends on the process, never on the secret's text."""
        return hashlib.sha256(self.value.encode()).hexdigest()[:16]


def current() -> FormToken:
    return FormToken(_TOKEN)


def matches(given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), _TOKEN.encode())
