"""Resume entry shapes that cross module boundaries: parser output, the stored JSON, HR's API.

The HR API's schemas and the keys HR may correct are derived from these, so a field added here
is read, stored, shown and correctable in one change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

EXPERIENCE_KINDS: tuple[str, ...] = ("work", "internship", "project")


@dataclass
class Education:
    school: str | None = None
    degree: str | None = None
    major: str | None = None
    start: str | None = None  # "2016-09", as dates.py writes it
    end: str | None = None  # "2020-06" or "至今"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Education:
        return cls(**_known(cls, data))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Experience:
    company: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    highlights: list[str] = field(default_factory=list)
    # Internships do not count towards years of experience; projects are listed apart.
    kind: str = field(default="work", metadata={"choices": EXPERIENCE_KINDS})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Experience:
        known = _known(cls, data)
        known["highlights"] = list(known.get("highlights") or [])
        known["kind"] = known.get("kind") or "work"
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """The keys of `data` the dataclass has: stored rows from older versions may carry more."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}
