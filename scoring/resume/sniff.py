"""Decide a resume's type from its bytes (never the file name) and reject what we will not read.

Every rejection is a `ResumeError` naming the problem, raised before any parser or the OCR
engine sees the file, so a hostile upload costs a header read, not a decode.
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from dataclasses import dataclass

from scoring.resume.errors import ResumeError

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 20
# A4 at 300 dpi is ~8.7 Mpx; a phone photo ~12-50 Mpx. Anything past this is not a resume.
MAX_PIXELS = 60_000_000
# A DOCX whose XML inflates past this is a zip bomb, not a resume.
MAX_DOCX_UNCOMPRESSED = 80 * 1024 * 1024

KINDS = ("pdf", "docx", "png", "jpeg", "webp")


@dataclass(frozen=True)
class FileInfo:
    kind: str
    pages: int


def sniff(data: bytes) -> str:
    """Return "pdf", "docx", "png", "jpeg" or "webp", or raise ResumeError saying why not."""
    return inspect_file(data).kind


def inspect_file(data: bytes) -> FileInfo:
    if not data or not data.strip():
        raise ResumeError("empty", "文件为空 (the file is empty)")
    if len(data) > MAX_BYTES:
        raise ResumeError(
            "too_large",
            f"文件超过 10 MB ({len(data) / 1024 / 1024:.1f} MB); the limit is 10 MB",
        )
    kind = _magic(data)
    if kind == "pdf":
        return FileInfo("pdf", _pdf_pages(data))
    if kind == "zip":
        _check_docx(data)
        return FileInfo("docx", 1)
    if kind in ("png", "jpeg", "webp"):
        _check_image(data, kind)
        return FileInfo(kind, 1)
    raise ResumeError(
        "unsupported_type",
        "不支持的文件类型: only PDF, DOCX, PNG, JPEG and WebP resumes are accepted "
        "(the type is read from the content, not the file name)",
    )


def _magic(data: bytes) -> str | None:
    head = data[:1024]
    if b"%PDF-" in head:  # the spec allows junk before the header
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ResumeError("encrypted", "PDF 有密码保护 (the PDF is password-protected)")
        pages = len(reader.pages)
    except ResumeError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        log.info("corrupt pdf: %s", exc)
        raise ResumeError("corrupt", f"PDF 文件已损坏 (the PDF cannot be read: {exc})") from exc
    if pages == 0:
        raise ResumeError("empty", "PDF 没有页面 (the PDF has no pages)")
    if pages > MAX_PAGES:
        raise ResumeError(
            "too_many_pages", f"PDF 有 {pages} 页, 超过 {MAX_PAGES} 页上限 (too many pages)"
        )
    return pages


def _check_docx(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ResumeError("corrupt", f"DOCX 文件已损坏 (the zip cannot be read: {exc})") from exc
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise ResumeError(
            "unsupported_type",
            "不支持的文件类型: a zip that is not a Word document (no word/document.xml)",
        )
    if sum(info.file_size for info in infos) > MAX_DOCX_UNCOMPRESSED:
        raise ResumeError("image_bomb", "DOCX 解压后过大 (decompression bomb)")


def _check_image(data: bytes, kind: str) -> None:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # PIL warns above 89 Mpx; MAX_PIXELS below refuses such an image as image_bomb.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        with image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ResumeError(
                    "image_bomb",
                    f"图片像素过多 ({width}x{height}); the limit is {MAX_PIXELS:,} pixels",
                )
            if kind == "png":
                image.verify()  # checks chunk CRCs without decoding the pixels
    except ResumeError:
        raise
    except Image.DecompressionBombError as exc:
        raise ResumeError("image_bomb", f"图片像素过多 (decompression bomb: {exc})") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ResumeError("corrupt", f"图片文件已损坏 (the image cannot be read: {exc})") from exc
