"""Client signals of how an answer was produced: typed or pasted, time away, impossible speed.

The mini-program may report, with an answer, the characters typed and pasted and the seconds
spent with the app in the background. They come from the candidate's phone, so they are
evidence for a human, not proof; the speed check uses the server's own clock.
"""

from __future__ import annotations

from dataclasses import dataclass

# Pasted: at least this share of the answer, and at least PASTE_MIN_CHARS characters.
PASTE_SHARE, PASTE_MIN_CHARS = 0.5, 30
# Away: at least BACKGROUND_MIN_S seconds in the background and this share of the answer time.
BACKGROUND_MIN_S, BACKGROUND_SHARE = 20.0, 0.25
# Characters per minute nobody sustains: fast Mandarin speech is about 300 字/分, and Chinese
# typing with an input method rarely passes 150 (champions reach about 250).
SPEAKING_CPM, TYPING_CPM = 400.0, 250.0
MIN_CHARS_FOR_SPEED = 60  # a short answer typed quickly is nothing to look at
RECORDING_GRACE_S = 5.0  # clock skew and upload time


@dataclass(frozen=True)
class ClientSignals:
    typed_chars: int | None = None
    pasted_chars: int | None = None
    background_s: float | None = None
    input: str | None = None  # keyboard | voice

    @classmethod
    def from_dict(cls, data: dict | None) -> ClientSignals:
        data = data or {}
        return cls(
            data.get("typed_chars"), data.get("pasted_chars"), data.get("background_s"),
            data.get("input"),
        )  # fmt: skip


@dataclass(frozen=True)
class SignalFlag:
    kind: str  # pasted | background | too_fast
    message: str  # for HR, in Chinese
    evidence: dict


def signal_flags(
    chars: int,
    signals: ClientSignals,
    elapsed_s: float | None,
    recording_s: float | None = None,
) -> list[SignalFlag]:
    """Flags for one answer of `chars` characters, submitted `elapsed_s` seconds after it was
    asked (server clock); `recording_s` is the length of its audio, if any."""
    flags = []
    pasted = signals.pasted_chars or 0
    if pasted >= PASTE_MIN_CHARS and pasted >= PASTE_SHARE * max(chars, 1):
        flags.append(
            SignalFlag(
                "pasted",
                f"回答中有{pasted}字是粘贴的（共{chars}字，手动输入{signals.typed_chars or 0}字）。",
                {"pasted_chars": pasted, "typed_chars": signals.typed_chars, "chars": chars},
            )
        )
    away = signals.background_s or 0.0
    if away >= BACKGROUND_MIN_S and elapsed_s and away >= BACKGROUND_SHARE * elapsed_s:
        flags.append(
            SignalFlag(
                "background",
                f"作答期间小程序在后台{away:.0f}秒（本题用时{elapsed_s:.0f}秒的"
                f"{away / elapsed_s:.0%}）。",
                {"background_s": round(away, 1), "elapsed_s": round(elapsed_s, 1)},
            )
        )
    if elapsed_s is not None and elapsed_s > 0:
        if recording_s is not None and recording_s > elapsed_s + RECORDING_GRACE_S:
            flags.append(
                SignalFlag(
                    "too_fast",
                    f"录音长{recording_s:.0f}秒，但从看到题目到提交只用了{elapsed_s:.0f}秒，"
                    "录音可能是提前准备的。",
                    {"recording_s": round(recording_s, 1), "elapsed_s": round(elapsed_s, 1)},
                )
            )
        elif recording_s is None and chars >= MIN_CHARS_FOR_SPEED:
            limit = TYPING_CPM if signals.input == "keyboard" else SPEAKING_CPM
            rate = chars * 60.0 / elapsed_s
            if rate > limit:
                how = "打字" if signals.input == "keyboard" else "说话或打字"
                flags.append(
                    SignalFlag(
                        "too_fast",
                        f"{chars}字的回答在看到题目后{elapsed_s:.0f}秒内提交，相当于每分钟"
                        f"{rate:.0f}字，超过正常{how}的速度（每分钟{limit:.0f}字）。",
                        {
                            "chars": chars,
                            "elapsed_s": round(elapsed_s, 1),
                            "chars_per_minute": round(rate),
                            "limit_per_minute": limit,
                        },
                    )
                )
    return flags
