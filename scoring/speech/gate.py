"""Quality gate: refuse to judge a candidate on audio we could not hear.

An "insufficient" answer is never scored as a weak one; the candidate is asked to record
again or to type. The thresholds are deliberately loose: they catch a muted microphone, an
empty room or a recogniser that heard nothing, not a shy speaker.
"""

from __future__ import annotations

from scoring.speech.features import AudioFeatures, count_chars

MIN_VOICED_S = 1.0  # less than this is no answer at all
MIN_VOICED_SHARE = 0.10  # of a recording longer than SHARE_AFTER_S
SHARE_AFTER_S = 15.0
MIN_CPM = 30.0  # transcript characters per voiced minute; fluent speech is 150-250
RATE_AFTER_S = 5.0
MAX_CLIPPING = 0.05

RETRY = "请在安静的环境中靠近麦克风重新录音，或改用文字作答。"


def quality(features: AudioFeatures, transcript: str | None) -> tuple[str, str | None]:
    """("ok", None) or ("insufficient", a reason in Chinese the candidate can act on).

    `transcript` None means none exists yet (no ASR, no client text): the acoustic checks
    still apply, the transcript check waits.
    """
    if features.voiced_s < MIN_VOICED_S:
        return "insufficient", "没有检测到清晰的语音。" + RETRY
    if (
        features.duration_s >= SHARE_AFTER_S
        and features.voiced_s < MIN_VOICED_SHARE * features.duration_s
    ):
        return "insufficient", (
            f"录音 {features.duration_s:.0f} 秒中只有约 {features.voiced_s:.0f} 秒说话。" + RETRY
        )
    if features.clipping_ratio > MAX_CLIPPING:
        return "insufficient", "录音音量过大，声音失真。请离麦克风远一些重新录音，或改用文字作答。"
    if transcript is not None and features.voiced_s >= RATE_AFTER_S:
        chars = count_chars(transcript)
        if chars * 60.0 / features.voiced_s < MIN_CPM:
            return "insufficient", (
                f"说话约 {features.voiced_s:.0f} 秒，但只识别出 {chars} 个字，"
                "可能是噪音太大或口齿不清。" + RETRY
            )
    return "ok", None
