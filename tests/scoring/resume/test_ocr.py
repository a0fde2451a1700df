"""Real PP-OCRv4 inference (rapidocr_paddle on PaddlePaddle, one thread): marked ml."""

import io

import pytest
from PIL import Image

from scoring.resume.extract import extract_text
from scoring.resume.fields import parse_resume
from scoring.resume.ocr import get_ocr_engine, ocr_image
from tests.support.resume_samples import TODAY, field_accuracy

pytestmark = pytest.mark.ml


def test_ocr_engine_loads_once_per_process():
    assert get_ocr_engine() is get_ocr_engine()


def test_ocr_image_without_text_returns_no_lines():
    out = io.BytesIO()
    Image.new("RGB", (320, 200), "white").save(out, format="PNG")
    assert ocr_image(out.getvalue()) == []  # RapidOCR gives (None, elapse) here


@pytest.mark.parametrize(
    ("fmt", "seed"), [("png", 9), ("scanned_pdf", 10), ("garbage_pdf", 3), ("two_column_png", 6)]
)
def test_ocr_formats_parse_fields_from_the_image(render, fmt, seed):
    spec, data = render(seed, fmt)
    extraction = extract_text(data)
    assert extraction.source == "ocr"
    got = parse_resume(extraction.text, today=TODAY).to_dict()
    assert got["phone"] == spec.phone and got["email"] == spec.email and got["name"] == spec.name
    correct, total = field_accuracy(spec.expected(), got)
    assert correct / total >= 0.9, (correct, total, got)


def test_mixed_pdf_reads_text_page_and_ocrs_only_the_scanned_page():
    from pypdf import PdfReader, PdfWriter

    from tests.support.resume_render import to_scanned_pdf, to_text_pdf
    from tests.support.resume_samples import layout_lines, make_spec

    spec = make_spec(21)
    lines = layout_lines(spec)
    cut = max(i for i, (style, _) in enumerate(lines) if style == "section")  # last section
    writer = PdfWriter()
    for part in (to_text_pdf(lines[:cut]), to_scanned_pdf(lines[cut:])):
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    extraction = extract_text(out.getvalue())
    assert extraction.source == "ocr" and extraction.pages == 2
    got = parse_resume(extraction.text, today=TODAY)
    assert got.phone == spec.phone and got.name == spec.name  # from the text layer
    assert "团队合作" in extraction.text  # the summary, only on the scanned page


def test_transparent_png_and_rotated_jpeg_are_read_upright(render):
    spec, data = render(9, "png")
    with Image.open(io.BytesIO(data)) as page:
        top = page.crop((0, 0, page.width, 400))
    transparent = top.convert("L").point(lambda v: 255 - v)  # ink opacity; paper transparent
    rgba = Image.new("RGBA", top.size, (0, 0, 0, 0))
    rgba.putalpha(transparent)
    png = io.BytesIO()
    rgba.save(png, format="PNG")
    rotated = top.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": the phone was held sideways
    jpeg = io.BytesIO()
    rotated.save(jpeg, format="JPEG", quality=90, exif=exif)
    for data in (png.getvalue(), jpeg.getvalue()):
        fields = parse_resume(extract_text(data).text, today=TODAY)
        assert fields.phone == spec.phone and fields.email == spec.email
