"""Render generated resume lines as the files candidates send: text PDF, DOCX, PNG, scans.

Test and benchmark helpers; fpdf2 (text PDFs) is a test dependency, imported only here.
"""

from __future__ import annotations

import io

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
_SIZES = {"title": 18, "section": 13, "text": 10.5}


def to_text_pdf(lines: list[tuple[str, str]]) -> bytes:
    """A real text-layer PDF with the CJK font embedded (fpdf2 writes a ToUnicode map)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("wqy", fname=FONT)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for style, text in lines:
        pdf.set_font("wqy", size=_SIZES[style])
        if style == "section":
            pdf.ln(3)
        # multi_cell wraps long lines at the margin, as Word does
        pdf.multi_cell(0, _SIZES[style] * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def to_garbage_pdf(lines: list[tuple[str, str]]) -> bytes:
    """The same PDF with its ToUnicode maps removed: it looks right, but its text layer is
    glyph ids (what many Chinese resume tools export), so extraction must fall back to OCR."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(to_text_pdf(lines)))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            if NameObject("/ToUnicode") in font:
                del font[NameObject("/ToUnicode")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def to_docx(lines: list[tuple[str, str]], table_header: bool = False) -> bytes:
    """A Word resume; with table_header the contact lines sit in a table, as templates do."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    body = lines
    if table_header:
        head = [text for style, text in lines[:4] if style != "section"]
        cut = next(i for i, (style, _) in enumerate(lines) if style == "section")
        table = doc.add_table(rows=len(head[:cut]), cols=1)
        for row, text in zip(table.rows, head[:cut], strict=False):
            row.cells[0].text = text
        body = lines[cut:]
    for style, text in body:
        para = doc.add_paragraph()
        run = para.add_run(text)
        run.font.size = Pt(_SIZES[style])
        run.bold = style != "text"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _wrap(text: str, font, max_width: float) -> list[str]:
    """Break a line where it would run past max_width pixels (character by character: CJK)."""
    parts, current = [], ""
    for char in text:
        if current and font.getlength(current + char) > max_width:
            parts.append(current)
            current = ""
        current += char
    return [*parts, current]


def to_png_pages(lines: list[tuple[str, str]], width: int = 900, scale: float = 2.0) -> list:
    """Pillow pages (white, black text) at roughly a 110 dpi scan of A4."""
    from PIL import Image, ImageDraw, ImageFont

    height = int(width * 1.414)
    fonts = {s: ImageFont.truetype(FONT, int(size * scale)) for s, size in _SIZES.items()}
    pages, y = [], height
    margin = int(width * 0.07)
    wrapped = [
        (style, part)
        for style, text in lines
        for part in _wrap(text, fonts[style], width - 2 * margin)
    ]
    for style, text in wrapped:
        step = int(_SIZES[style] * scale * 1.7) + (int(6 * scale) if style == "section" else 0)
        if y + step > height - margin:
            pages.append(Image.new("RGB", (width, height), "white"))
            y = margin
        y += int(6 * scale) if style == "section" else 0
        ImageDraw.Draw(pages[-1]).text((margin, y), text, font=fonts[style], fill="black")
        y += step - (int(6 * scale) if style == "section" else 0)
    return pages


def to_png(lines: list[tuple[str, str]], width: int = 900) -> bytes:
    """One tall PNG (a screenshot or phone photo of the whole resume)."""
    from PIL import Image

    pages = to_png_pages(lines, width)
    sheet = Image.new("RGB", (width, sum(p.height for p in pages)), "white")
    for i, page in enumerate(pages):
        sheet.paste(page, (0, i * page.height))
    out = io.BytesIO()
    sheet.save(out, format="PNG")
    return out.getvalue()


def to_scanned_pdf(lines: list[tuple[str, str]], width: int = 900) -> bytes:
    """Image-only PDF pages, as a scanner writes them: no text layer at all."""
    pages = [p.convert("L") for p in to_png_pages(lines, width)]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=110)
    return out.getvalue()


def to_two_column_png(lines: list[tuple[str, str]], width: int = 1400) -> bytes:
    """A template with a sidebar: contacts, skills and summary left, the rest right."""
    from PIL import Image, ImageDraw, ImageFont

    left, right, side = [], [], "left"
    for style, text in lines:
        if style == "section":
            side = "left" if any(w in text for w in ("技能", "Skills", "评价", "优势")) else "right"
        (left if side == "left" else right).append((style, text))
    scale, gutter = 1.6, int(width * 0.4)
    fonts = {s: ImageFont.truetype(FONT, int(size * scale)) for s, size in _SIZES.items()}
    sheet = Image.new("RGB", (width, int(width * 1.0)), "white")
    draw = ImageDraw.Draw(sheet)
    for column, x in ((left, 30), (right, gutter + 20)):
        y = 40
        for style, text in column:
            parts = text.replace("，", "，\n").split("\n") if x == 30 else [text]
            for part in (p for line in parts for p in _wrap(line, fonts[style], width - x - 30)):
                draw.text((x, y), part, font=fonts[style], fill="black")
                y += int(_SIZES[style] * scale * 1.7)
    out = io.BytesIO()
    sheet.save(out, format="PNG")
    return out.getvalue()
