"""Turn an uploaded resume into text: its own text layer when it has a real one, else OCR.

`needs_ocr` lets the web process route a file to the `ocr` queue without loading the engine;
`extract_text` does the work (in the worker when OCR is needed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from scoring.resume.errors import ResumeError
from scoring.resume.sniff import inspect_file
from scoring.resume.textlayer import docx_text, pages_needing_ocr, pdf_pages

log = logging.getLogger(__name__)

# Pages render at ~125 dpi: Chinese body text at 10.5 pt is then ~18 px high, enough for
# PP-OCRv4, and an A4 page stays near 1 Mpx so one page OCRs in about a second on one core.
RENDER_DPI = 125
MAX_RENDER_SIDE = 2200

OcrFunc = Callable[[object], list[str]]


@dataclass
class Extraction:
    text: str
    source: str  # "text" (the file's own text layer) or "ocr"
    pages: int
    kind: str  # pdf, docx, png, jpeg, webp


def needs_ocr(data: bytes) -> bool:
    """True for images, scans and PDFs whose text layer is garbage; raises ResumeError."""
    info = inspect_file(data)
    if info.kind == "docx":
        return False
    if info.kind == "pdf":
        return bool(pages_needing_ocr(pdf_pages(data), info.pages))
    return True


def extract_text(data: bytes, ocr: OcrFunc | None = None) -> Extraction:
    """Text of a resume; `ocr` maps an image to lines (default: PP-OCRv4, loaded lazily)."""
    info = inspect_file(data)
    if info.kind == "docx":
        text = docx_text(data)
        if not text.strip():
            raise ResumeError("empty", "DOCX 中没有文字 (the document has no text)")
        return Extraction(text, "text", info.pages, "docx")
    if info.kind == "pdf":
        found = pdf_pages(data)
        texts = [text for text, _ in found] or [""] * info.pages
        todo = pages_needing_ocr(found, info.pages)
        if not todo:
            return Extraction("\n".join(texts), "text", info.pages, "pdf")
    if ocr is None:
        from scoring.resume.ocr import ocr_image as ocr
    if info.kind == "pdf":
        log.info("OCR for pdf pages %s of %s (no usable text layer)", todo, info.pages)
        for index, image in zip(todo, render_pdf(data, todo), strict=True):
            texts[index] = "\n".join(ocr(image))
        text = "\n".join(texts)
    else:
        text = "\n".join(ocr(data))
    if not text.strip():
        raise ResumeError("empty", "未识别到文字 (no text was found in the resume)")
    return Extraction(text, "ocr", info.pages, info.kind)


def render_pdf(data: bytes, pages: list[int] | None = None) -> list:
    """PDF pages as PIL images via pypdfium2 (in-process; never bigger than MAX_RENDER_SIDE)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ResumeError("corrupt", f"PDF 文件已损坏 ({exc})") from exc
    images = []
    try:
        for index in range(len(document)) if pages is None else pages:
            page = document[index]
            width, height = page.get_size()  # points, 72 per inch
            scale = min(RENDER_DPI / 72, MAX_RENDER_SIDE / max(width, height, 1))
            images.append(page.render(scale=scale, grayscale=True).to_pil().convert("RGB"))
            page.close()
    finally:
        document.close()
    return images
