"""Interview audio for HR: scoped like the interview, decrypted from storage, every read audited."""

from app import audit, storage
from app.errors import NotFound
from app.extensions import db
from app.models import Answer, HrUser
from app.services.interview_record import load_interview


def sniff_mimetype(data: bytes) -> str:
    """By content: the recorder decides the format, not the file name."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xF6 == 0xF2):
        return "audio/mpeg"
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xF6 == 0xF0:
        return "audio/aac"
    if data[4:8] == b"ftyp":
        return "audio/mp4"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[:4] == b"\x1aE\xdf\xa3":
        return "audio/webm"
    return "application/octet-stream"


def answer_audio(user: HrUser, answer_id: int) -> tuple[bytes, str]:
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        raise NotFound(f"answer {answer_id} not found")
    load_interview(user, answer.interview_id)
    if not answer.audio_path:
        raise NotFound("这道题没有录音（文字作答，或录音已按保留期限删除）", code="no_audio")
    try:
        data = storage.load(answer.audio_path)
    except FileNotFoundError as exc:
        raise NotFound("录音文件已删除", code="no_audio") from exc
    audit.record_read("answer_audio", answer.id)
    return data, sniff_mimetype(data)
