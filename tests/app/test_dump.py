"""A database dump (mysqldump on MariaDB, sqlite3's .dump on SQLite) holds no candidate words.

A formal interview runs to its report over HTTP (real worker with Redis); then the dump of the
whole database is searched for the answer's sentences. Evidence quotes them in the scores and
the report views, and transcripts hold them: all must be encrypted at rest.
"""

import json
import shutil
import subprocess

import pytest
from sqlalchemy.engine import make_url

from app.models import Report
from tests.app.journey_helpers import (
    STRONG_ANSWER,
    answer_all,
    dev_login,
    finish_background_work,
    seeded,
)
from tests.app.test_decisions import set_band

# Phrases of STRONG_ANSWER (8+ characters) that the scoring quotes as evidence.
PHRASES = [
    p for p in STRONG_ANSWER.replace("，", "。").replace("；", "。").split("。") if len(p) >= 8
]


def _stored_forms(phrase: str) -> set[str]:
    """The phrase as text, as JSON's \\uXXXX escapes, and those escaped again by the dump."""
    escaped = json.dumps(phrase)[1:-1]
    return {phrase, escaped, escaped.replace("\\", "\\\\")}


def _dump(db) -> str:
    url = make_url(str(db.engine.url))
    if url.get_backend_name() == "sqlite":
        tool = shutil.which("sqlite3")
        if tool is None:
            pytest.skip("sqlite3 is not installed")
        return subprocess.run(
            [tool, url.database, ".dump"], capture_output=True, text=True, check=True
        ).stdout
    tool = shutil.which("mariadb-dump") or shutil.which("mysqldump")
    if tool is None:
        pytest.skip("mysqldump is not installed")
    args = [tool, "-h", url.host or "127.0.0.1", "-P", str(url.port or 3306), "-u", url.username]
    if url.password:
        args.append(f"-p{url.password}")
    out = subprocess.run(
        [*args, "--skip-extended-insert", "--default-character-set=utf8mb4", url.database],
        capture_output=True,
        check=True,
    )
    return out.stdout.decode("utf-8", "replace")


def test_dump_after_a_scored_interview_holds_no_answer_text(app, client, db, run_worker, capsys):
    invitation = seeded(db)
    set_band(db, invitation.job_id, "review")
    phone = dev_login(app, client, "demo-candidate")
    phone.consent()
    formal = phone.start(invitation.id, "formal").get_json()
    assert answer_all(phone, formal) >= 3
    finish_background_work(run_worker)
    db.session.rollback()
    report = db.session.query(Report).filter_by(interview_id=formal["id"]).one()
    assert report.status == "ready"
    quoted = str(report.hr_view) + str(db.session.query(Report).one().candidate_view)
    assert any(p in quoted for p in PHRASES), "the report should quote the answers (decrypted)"
    db.session.remove()  # SQLite: let the dump read a settled file

    dump = _dump(db)
    assert "张三" in dump  # the dump is real: names are stored in clear, searchable by HR
    found = [p for p in PHRASES if any(form in dump for form in _stored_forms(p))]
    with capsys.disabled():
        print(f"\ndump test: {len(found)} of {len(PHRASES)} answer phrases found in the dump")
    assert found == []
