"""The mini-program's side of the conversation, as the tests drive it over HTTP."""

import shutil
import subprocess
import uuid
from datetime import timedelta

import pytest

from app.models import Invitation
from app.models.base import utcnow
from app.services.consent_text import CONSENT_VERSION
from app.services.demo import seed_demo

ALL_CONSENTS = ["processing", "voice", "ai_evaluation"]

STRONG_ANSWER = (
    "去年我负责公司B端产品的需求梳理，当时客户流失率上升到8%，我的任务是在一个季度内找到原因。"
    "首先我访谈了30位客户并分析了使用数据，发现报表导出功能是最大痛点；其次我按影响和成本排了优先级，"
    "推动研发在6周内上线了新版本；最后流失率下降到3%，客户满意度提升了20%。"
)

# Different stories for the questions of one interview: one answer pasted into every question
# is what the integrity flags look for.
STRONG_ANSWERS = (
    STRONG_ANSWER,
    "上个月我负责新员工培训项目，当时新人上手慢，平均要六周才能独立工作，我的任务是缩短这个周期。"
    "我先梳理了20个高频问题写成手册，又给每位新人安排了导师，每周做一次复盘；"
    "最后新人独立上岗的时间缩短到三周，试用期离职率从15%降到5%。",
    "前年我负责跨部门的年度预算编制，当时各部门口径不一，汇总要反复返工，我的任务是两周内交出方案。"
    "我先统一了模板和口径，再和8个部门逐一对数，每天跟进差异；最终方案提前3天通过，返工次数减少了一半。",
    "去年双十一前，我负责客服团队的排班和应急预案，当时预计咨询量是平时的五倍，我要保证响应不超时。"
    "我做了三档排班表，提前培训了12名兼职，并把常见问题做成快捷回复；活动期间平均响应时间保持在30秒内，"
    "好评率提升了10%。",
    "我在上一家公司负责一次供应商切换，原供应商交期经常延误两周，我的任务是三个月内完成替换。"
    "我先调研了6家供应商并实地考察了3家，制定了分批切换计划，每周跟踪质量数据；"
    "切换后交期准时率从70%提升到98%，采购成本还降低了8%。",
    "大学期间我组织过一次公益读书活动，当时报名只有20人，我的任务是把参与人数做上去。"
    "我联系了4个社团联合宣传，设计了打卡积分，还请了两位老师做分享；最后参与人数达到了200人，"
    "活动被学校评为优秀项目。",
    "我曾负责一个数据看板项目，业务方每周要花一天手工做报表，我的任务是实现自动化。"
    "我梳理了15个核心指标的口径，搭建了数据管道和看板，并培训了业务同事使用；上线后报表时间从一天缩短到"
    "十分钟，数据错误减少了90%。",
)


class MiniProgram:
    """One candidate's phone: a token, and helpers for each API call."""

    def __init__(self, client, token: str):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path):
        return self.client.get(f"/api/mp/v1{path}", headers=self.headers)

    def put(self, path, json=None):
        return self.client.put(f"/api/mp/v1{path}", json=json, headers=self.headers)

    def delete(self, path):
        return self.client.delete(f"/api/mp/v1{path}", headers=self.headers)

    def post(self, path, json=None, **kwargs):
        return self.client.post(
            f"/api/mp/v1{path}",
            json=json,
            headers={**self.headers, **kwargs.pop("headers", {})},
            **kwargs,
        )

    def consent(self, kinds=tuple(ALL_CONSENTS)):
        response = self.post("/consents", {"kinds": list(kinds), "version": CONSENT_VERSION})
        assert response.status_code == 200, response.get_json()
        return response

    def start(self, invitation_id, kind):
        return self.post("/interviews", {"invitation_id": invitation_id, "kind": kind})

    def answer(self, interview_id, question_id, text, key=None, duration_s=60):
        return self.post(
            f"/interviews/{interview_id}/answers",
            {"question_id": question_id, "text": text, "duration_s": duration_s},
            headers={"Idempotency-Key": key or uuid.uuid4().hex},
        )

    def answer_audio(self, interview_id, question_id, audio: bytes, transcript=None, key=None):
        data = {"question_id": str(question_id), "audio": (_bytes_io(audio), "answer.wav")}
        if transcript:
            data["client_transcript"] = transcript
        return self.client.post(
            f"/api/mp/v1/interviews/{interview_id}/answers",
            data=data,
            content_type="multipart/form-data",
            headers={**self.headers, "Idempotency-Key": key or uuid.uuid4().hex},
        )


def _bytes_io(data):
    import io

    return io.BytesIO(data)


def dev_login(app, client, openid: str) -> MiniProgram:
    app.config.update(APP_ENV="development", WECHAT_DEV_LOGIN=True)
    try:
        response = client.post("/api/mp/v1/session", json={"code": f"dev:{openid}"})
    finally:
        app.config.update(APP_ENV="test", WECHAT_DEV_LOGIN=False)
    assert response.status_code == 200, response.get_json()
    return MiniProgram(client, response.get_json()["token"])


def seeded(db) -> Invitation:
    """The demo company; returns the demo candidate's open invitation (产品经理)."""
    seed_demo()
    return db.session.query(Invitation).filter_by(token="demo-invitation").one()


def expire(db, invitation: Invitation) -> None:
    invitation.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()


def synthesize(text: str, tmp_path) -> bytes:
    """Mandarin speech from espeak-ng (Debian), as a WAV file's bytes."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (scripts/setup.sh installs it)")
    out = tmp_path / f"{uuid.uuid4().hex}.wav"
    subprocess.run(["espeak-ng", "-v", "cmn", "-s", "150", "-w", str(out), text], check=True)
    return out.read_bytes()


def finish_background_work(run_worker) -> None:
    """With Redis a real worker does the queued work; inline it already ran."""
    from tests.conftest import REDIS_URL

    if REDIS_URL:
        run_worker("default", "asr", "notify")


def answer_all(phone: MiniProgram, interview: dict, text: str | None = None) -> int:
    """Answer every remaining question of a started interview in order, a different strong
    story each (or `text` every time); returns how many."""
    current, answered = interview["current_question"], 0
    while current is not None:
        story = text or STRONG_ANSWERS[(current["index"] - 1) % len(STRONG_ANSWERS)]
        response = phone.answer(interview["id"], current["id"], story)
        assert response.status_code == 200, response.get_json()
        current = response.get_json()["next_question"]
        answered += 1
    return answered


def invite_new_candidate(client, hr: dict, invitation: Invitation, name: str, phone: str):
    """HR adds a candidate to the seeded job's department and invites them (3 days to answer);
    the invitation response, for its id and token."""
    candidate = client.post(
        "/api/admin/v1/candidates",
        json={"name": name, "phone": phone, "department_id": invitation.job.department_id},
        headers=hr,
    ).get_json()
    return client.post(
        "/api/admin/v1/invitations",
        json={
            "candidate_id": candidate["id"],
            "job_id": invitation.job_id,
            "deadline": (utcnow() + timedelta(days=3)).isoformat() + "Z",
        },
        headers=hr,
    )
