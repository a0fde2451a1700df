"""The per-job index of formal answers that finds answers shared between candidates.

Each answer long enough to judge keeps its MinHash signature and its LSH band keys
(`scoring.integrity`) in the database, so finding the answers of other candidates that nearly
repeat a new one is one indexed query on (job, band key), whatever the number of answers in the
job: the answers sharing most buckets come back, their signatures estimate the similarity, and
the texts confirm it (`scoring.integrity.duplicates.confirm`).
"""

from collections.abc import Sequence

import numpy as np
from sqlalchemy import delete, func, insert, select

from app.extensions import db
from app.models import AnswerBand, AnswerFingerprint
from scoring.integrity.fingerprint import from_bytes, signatures, similarity, to_bytes
from scoring.integrity.index import THRESHOLD, band_keys, judged

# Answers sharing the most buckets with a new answer, compared on their signatures.
CANDIDATES = 20


def fingerprint(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Signatures, band keys and whether each text is long enough to judge."""
    sigs = signatures(list(texts))
    return sigs, band_keys(sigs), judged(sigs)


def similar(
    job_id: int, candidate_id: int, sig: np.ndarray, keys: np.ndarray
) -> list[tuple[int, float]]:
    """Other candidates' answers in the job whose estimated similarity reaches THRESHOLD,
    as (answer id, estimate), most similar first."""
    shared = func.count(AnswerBand.id)
    top = db.session.scalars(
        select(AnswerBand.answer_id)
        .join(AnswerFingerprint, AnswerFingerprint.answer_id == AnswerBand.answer_id)
        .where(
            AnswerBand.job_id == job_id,
            AnswerBand.band_key.in_([int(k) for k in keys]),
            AnswerFingerprint.candidate_id != candidate_id,
        )
        .group_by(AnswerBand.answer_id)
        .order_by(shared.desc(), AnswerBand.answer_id)
        .limit(CANDIDATES)
    ).all()
    if not top:
        return []
    rows = db.session.execute(
        select(AnswerFingerprint.answer_id, AnswerFingerprint.signature).where(
            AnswerFingerprint.answer_id.in_(top)
        )
    ).all()
    found = [(answer_id, float(similarity(sig, from_bytes(data)))) for answer_id, data in rows]
    return sorted((f for f in found if f[1] >= THRESHOLD), key=lambda f: -f[1])


def add(job_id: int, candidate_id: int, answer_ids: Sequence[int], texts: Sequence[str]) -> int:
    """Put (or put again) answers of one candidate into the job's index; returns how many."""
    if not answer_ids:
        return 0
    db.session.execute(delete(AnswerBand).where(AnswerBand.answer_id.in_(answer_ids)))
    db.session.execute(delete(AnswerFingerprint).where(AnswerFingerprint.answer_id.in_(answer_ids)))
    sigs, keys, usable = fingerprint(texts)
    bands, added = [], 0
    for answer_id, sig, row, ok in zip(answer_ids, sigs, keys, usable, strict=True):
        if not ok:
            continue
        db.session.add(
            AnswerFingerprint(
                answer_id=answer_id,
                job_id=job_id,
                candidate_id=candidate_id,
                signature=to_bytes(sig),
            )
        )
        bands += [{"job_id": job_id, "band_key": int(k), "answer_id": answer_id} for k in row]
        added += 1
    db.session.flush()
    if bands:
        db.session.execute(insert(AnswerBand), bands)
    return added
