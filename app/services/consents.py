"""Consents: the latest answer per kind for the current consent text version."""

from sqlalchemy import select

from app.errors import Forbidden, ValidationError
from app.extensions import db
from app.models import Consent
from app.services.consent_text import CONSENT_KINDS, CONSENT_VERSION

KINDS = tuple(k["kind"] for k in CONSENT_KINDS)


def record(
    openid: str, candidate_id: int | None, granted_kinds: list[str], version: str, ip: str | None
) -> dict[str, bool]:
    if version != CONSENT_VERSION:
        raise ValidationError(
            f"consent text version {version!r} is not current ({CONSENT_VERSION}); show the new text",
            code="consent_version_outdated",
        )
    unknown = set(granted_kinds) - set(KINDS)
    if unknown:
        raise ValidationError(f"unknown consent kind(s): {sorted(unknown)}")
    for kind in KINDS:  # an absent kind is an explicit "no" for this version
        db.session.add(
            Consent(
                openid=openid,
                candidate_id=candidate_id,
                kind=kind,
                version=version,
                granted=kind in granted_kinds,
                ip=ip,
            )
        )
    db.session.commit()
    return current(openid)


def current(openid: str) -> dict[str, bool]:
    """kind -> granted, for the current text version (missing -> False)."""
    rows = db.session.scalars(
        select(Consent)
        .where(Consent.openid == openid, Consent.version == CONSENT_VERSION)
        .order_by(Consent.id)
    )
    state = dict.fromkeys(KINDS, False)
    for row in rows:
        state[row.kind] = row.granted
    return state


def require(openid: str, kind: str) -> None:
    if not current(openid).get(kind):
        raise Forbidden(
            f"consent '{kind}' is required for this step",
            code="consent_required",
            details={"kind": kind, "version": CONSENT_VERSION},
        )
