"""What an HR upload holds: files and zips of them, checked before anything is stored."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from scoring.resume.contacts import PHONE_RE
from scoring.resume.errors import ResumeError
from scoring.resume.sniff import MAX_BYTES

# A zip of resumes: at most this many files and this many bytes once inflated (zip bombs).
MAX_ZIP_ENTRIES = 200
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024

# No "_" in the local part: file names use it to separate the name, phone and email.
_EMAIL_IN_NAME_RE = re.compile(r"[A-Za-z0-9.%+-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


@dataclass
class Incoming:
    """One file of an upload: its bytes, or the reason it was refused before storage."""

    filename: str
    data: bytes | None
    error: ResumeError | None = None
    kind: str | None = None


def safe_filename(name: str | None) -> str:
    """The base name, with any phone or email in it masked: file names are stored in clear."""
    base = re.split(r"[\\/]", name or "")[-1].strip() or "resume"
    base = _EMAIL_IN_NAME_RE.sub(lambda m: f"***@{m.group(1)}", base)
    base = PHONE_RE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", base)
    return base[-255:]


def expand_uploads(uploads: list[tuple[str, bytes]]) -> list[Incoming]:
    """Uploaded files, with zips of resumes opened (a DOCX is a zip too, and stays whole)."""
    found: list[Incoming] = []
    for filename, data in uploads:
        archive = _open_archive(data)
        if archive is None:
            found.append(Incoming(filename, data))
            continue
        with archive:
            found.extend(_unzip(filename, archive))
    return found


def _open_archive(data: bytes) -> zipfile.ZipFile | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None  # inspect_file reports it as a corrupt file
    if "word/document.xml" in archive.namelist():
        archive.close()
        return None
    return archive


def _entry_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:  # no UTF-8 flag: Chinese Windows zips names in GBK
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _unzip(zip_name: str, archive: zipfile.ZipFile) -> list[Incoming]:
    entries = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and "__MACOSX" not in info.filename.split("/")
        and not info.filename.rsplit("/", 1)[-1].startswith(".")
    ]
    if not entries:
        return [
            Incoming(zip_name, None, ResumeError("empty", "压缩包中没有文件 (the zip is empty)"))
        ]
    if len(entries) > MAX_ZIP_ENTRIES:
        error = ResumeError(
            "too_many_files",
            f"压缩包有 {len(entries)} 个文件, 上限 {MAX_ZIP_ENTRIES} 个 (too many files in the zip)",
        )
        return [Incoming(zip_name, None, error)]
    if sum(info.file_size for info in entries) > MAX_ZIP_UNCOMPRESSED:
        error = ResumeError("zip_bomb", "压缩包解压后过大 (the zip inflates past 200 MB)")
        return [Incoming(zip_name, None, error)]
    found, inflated = [], 0
    for info in entries:
        name = _entry_name(info)
        if info.file_size > MAX_BYTES:
            found.append(Incoming(name, None, _too_large(info.file_size)))
            continue
        if info.flag_bits & 0x1:
            error = ResumeError(
                "encrypted", "压缩包中的文件有密码保护 (the file is password-protected)"
            )
            found.append(Incoming(name, None, error))
            continue
        try:
            with archive.open(info) as handle:
                data = handle.read(MAX_BYTES + 1)  # sizes in the header can lie
        except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError) as exc:
            error = ResumeError("corrupt", f"压缩包中的文件无法读取 ({exc})")
            found.append(Incoming(name, None, error))
            continue
        inflated += len(data)
        if len(data) > MAX_BYTES:
            found.append(Incoming(name, None, _too_large(len(data))))
        elif inflated > MAX_ZIP_UNCOMPRESSED:
            found.append(Incoming(name, None, ResumeError("zip_bomb", "压缩包解压后过大")))
            break
        else:
            found.append(Incoming(name, data))
    return found


def _too_large(size: int) -> ResumeError:
    return ResumeError(
        "too_large", f"文件超过 10 MB ({size / 1024 / 1024:.1f} MB); the limit is 10 MB"
    )
