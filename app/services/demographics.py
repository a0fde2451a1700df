"""Demographics for the fairness audit: voluntary, consented apart, encrypted, aggregate only.

A candidate gives them on a separate screen of the mini-program (its own consent record), or
HR imports them stating the legal basis. Nothing here is read by scoring or question
selection; the audit reads them in bulk and shows only groups of 5 people or more.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app import audit
from app.errors import ValidationError
from app.extensions import db
from app.models import CandidateDemographics, Consent, HrUser

CONSENT_KIND = "demographics"
CONSENT_VERSION = "2026-11-fairness"
CONSENT_TEXT = (
    "自愿填写：性别、出生年份和最高学历只用于检查招聘结果对不同群体是否公平（公平性审计），"
    "不会用于评分或选题，招聘人员只能看到 5 人以上群体的汇总数字。"
    "不填写不影响您的面试；您可以随时撤回，撤回后数据立即删除。"
)
SEXES = {"female": "女", "male": "男"}
EDUCATION = {
    "high_school": "高中及以下",
    "associate": "大专",
    "bachelor": "本科",
    "master": "硕士",
    "doctorate": "博士",
}
AGE_BANDS = ("<25", "25-34", "35-44", ">=45")
AGE_LABELS = {"<25": "25岁以下", "25-34": "25–34岁", "35-44": "35–44岁", ">=45": "45岁及以上"}
_ALIASES = {
    **{v: k for k, v in SEXES.items()},
    **{v: k for k, v in EDUCATION.items()},
    "f": "female",
    "m": "male",
    "高中": "high_school",
    "中专": "high_school",
    "专科": "associate",
    "研究生": "master",
    "mba": "master",
    "emba": "master",
}


def age_band(birth_year: int | None, year: int) -> str | None:
    if not birth_year:
        return None
    age = year - birth_year
    if age < 25:
        return "<25"
    if age < 35:
        return "25-34"
    return "35-44" if age < 45 else ">=45"


def clean(fields: dict) -> dict:
    """Validate sex, birth_year and education (codes or Chinese words); absent stays absent."""
    out: dict = {}
    errors = {}
    for key, allowed in (("sex", SEXES), ("education", EDUCATION)):
        raw = fields.get(key)
        if raw in (None, ""):
            continue
        value = str(raw).strip().lower()
        value = value if value in allowed else _ALIASES.get(value, value)
        if value not in allowed:
            errors[key] = f"one of {', '.join(allowed)} (or {', '.join(allowed.values())})"
        else:
            out[key] = value
    year = fields.get("birth_year")
    if year not in (None, ""):
        try:
            year = int(str(year).strip()[:4])
        except ValueError:
            year = None
        this_year = date.today().year
        if year is None or not this_year - 80 <= year <= this_year - 14:
            errors["birth_year"] = f"a year between {this_year - 80} and {this_year - 14}"
        else:
            out["birth_year"] = year
    if errors:
        raise ValidationError(
            "; ".join(f"{k}: {v}" for k, v in errors.items()),
            code="invalid_demographics",
            details=errors,
        )
    return out


def save(
    candidate_id: int,
    fields: dict,
    *,
    source: str,
    consent: Consent | None = None,
    legal_basis: str | None = None,
    by: HrUser | None = None,
) -> CandidateDemographics:
    """Store (replace) the candidate's demographics; the caller commits."""
    if source == "hr_import" and not (legal_basis or "").strip():
        raise ValidationError("HR import needs the legal basis", code="legal_basis_required")
    row = db.session.get(CandidateDemographics, candidate_id)
    if row is None:
        row = CandidateDemographics(candidate_id=candidate_id)
        db.session.add(row)
    row.data = clean(fields)
    row.source = source
    row.legal_basis = (legal_basis or "").strip() or None
    row.consent_id = consent.id if consent is not None else None
    row.recorded_by_id = by.id if by is not None else None
    audit.record(
        "demographics_saved",
        "candidate",
        candidate_id,
        detail={"source": source, "fields": sorted(row.data), "legal_basis": row.legal_basis},
    )
    return row


def give(candidate_id: int, openid: str, fields: dict, ip: str | None) -> CandidateDemographics:
    """The candidate's own, voluntary answer with its separate consent (commits)."""
    fields = clean(fields)
    consent = Consent(
        openid=openid,
        candidate_id=candidate_id,
        kind=CONSENT_KIND,
        version=CONSENT_VERSION,
        granted=True,
        ip=ip,
    )
    db.session.add(consent)
    db.session.flush()
    row = save(candidate_id, fields, source="candidate", consent=consent)
    db.session.commit()
    return row


def withdraw(candidate_id: int, openid: str, ip: str | None) -> bool:
    """Delete the data and record the withdrawal (commits). True when something was deleted."""
    row = db.session.get(CandidateDemographics, candidate_id)
    db.session.add(
        Consent(
            openid=openid,
            candidate_id=candidate_id,
            kind=CONSENT_KIND,
            version=CONSENT_VERSION,
            granted=False,
            ip=ip,
        )
    )
    if row is not None:
        db.session.delete(row)
        audit.record("demographics_withdrawn", "candidate", candidate_id)
    db.session.commit()
    return row is not None


def for_candidates(candidate_ids: list[int]) -> dict[int, dict]:
    """Bulk read for the audit only (never per person on a screen)."""
    out: dict[int, dict] = {}
    for start in range(0, len(candidate_ids), 1000):
        chunk = candidate_ids[start : start + 1000]
        for row in db.session.scalars(
            select(CandidateDemographics).where(CandidateDemographics.candidate_id.in_(chunk))
        ):
            out[row.candidate_id] = row.data or {}
    return out
