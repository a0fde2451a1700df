import io
import zipfile

import pytest
from PIL import Image

from scoring.resume import ResumeError
from scoring.resume.extract import extract_text, needs_ocr
from scoring.resume.sniff import MAX_BYTES, sniff


def _image_bytes(fmt: str, size=(60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format=fmt)
    return out.getvalue()


def _blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "kind"),
    [("text_pdf", "pdf"), ("scanned_pdf", "pdf"), ("docx", "docx"), ("png", "png")],
)
def test_sniff_reads_type_from_content_for_generated_resumes(render, fmt, kind):
    _, data = render(1, fmt)
    assert sniff(data) == kind


@pytest.mark.parametrize(("fmt", "kind"), [("JPEG", "jpeg"), ("WEBP", "webp"), ("PNG", "png")])
def test_sniff_recognises_image_formats(fmt, kind):
    assert sniff(_image_bytes(fmt)) == kind


def _zip(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return out.getvalue()


def _bomb_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, format="PNG")  # 144 Mpx in ~20 KB
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        ("张三 简历\n电话 13912345678".encode(), "unsupported_type"),  # a .txt renamed to .pdf
        (b"GIF89a" + b"\x00" * 100, "unsupported_type"),
        (_zip({"xl/workbook.xml": b"<x/>"}), "unsupported_type"),  # an .xlsx is not a resume
        (b"%PDF-1.7\n" + b"\x00garbage" * 50, "corrupt"),
        (b"PK\x03\x04" + b"\x00" * 200, "corrupt"),
        (_image_bytes("PNG")[:60], "corrupt"),
        (_bomb_png(), "image_bomb"),
        (_zip({"word/document.xml": b"<w/>" + b" " * (90 * 1024 * 1024)}), "image_bomb"),
        (_blank_pdf(21), "too_many_pages"),
        (b"%PDF-1.4\n" + b"0" * (MAX_BYTES + 1), "too_large"),
    ],
    ids=[
        "empty",
        "blank",
        "text_as_pdf",
        "gif",
        "xlsx",
        "corrupt_pdf",
        "corrupt_zip",
        "truncated_png",
        "png_bomb",
        "docx_zip_bomb",
        "21_pages",
        "over_10mb",
    ],
)
def test_sniff_rejects_with_named_code(data, code):
    with pytest.raises(ResumeError) as caught:
        sniff(data)
    assert caught.value.code == code
    assert caught.value.message  # HR sees why


def test_sniff_accepts_twenty_pages():
    assert sniff(_blank_pdf(20)) == "pdf"


@pytest.mark.parametrize("fmt", ["text_pdf", "garbage_pdf"])
def test_extract_text_rejects_before_ocr_when_file_is_bad(fmt, render):
    _, data = render(2, fmt)
    with pytest.raises(ResumeError) as caught:
        extract_text(data[: len(data) // 3])  # truncated upload
    assert caught.value.code == "corrupt"


def test_needs_ocr_routes_by_text_layer(render):
    assert needs_ocr(render(3, "text_pdf")[1]) is False
    assert needs_ocr(render(3, "docx")[1]) is False
    assert needs_ocr(render(3, "garbage_pdf")[1]) is True
    assert needs_ocr(render(3, "scanned_pdf")[1]) is True
    assert needs_ocr(render(3, "png")[1]) is True


TEXT = "负责电商推荐产品规划，带领8人团队完成需求分析与用户调研。" * 3


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ([(TEXT, False), ("张三 13912345678", False)], []),  # short clean last page
        ([(TEXT, False), ("", True)], [1]),  # a scanned page appended
        ([("", True), ("", True)], [0, 1]),  # a scan
        ([("", False)], [0]),  # text drawn as outlines: nothing to read
        ([("(cid:12)(cid:34)(cid:56)" * 20, False), (TEXT, False)], [0, 1]),
        ([("\x01\x02\x03\x04\x05\x06\x07\x08" * 10, False)], [0]),  # glyph ids
    ],
    ids=["short_last_page", "scanned_page", "scan", "no_text", "cid_runs", "control_chars"],
)
def test_pages_needing_ocr(pages, expected):
    from scoring.resume.textlayer import pages_needing_ocr

    assert pages_needing_ocr(pages, len(pages)) == expected


SCRAMBLED = (  # pdfminer's reading of a CJK font without ToUnicode: real glyphs, wrong ones
    "~ie—、。万er与hn专h个cit丰、万r、。h习h交人h习h今付代\nlUU价5P份h优hlUUS5F份\n"
    "8名吴告员和团女动姓学宁客工常\n8名技投报招按据提搭放效教数新日时月有8价朗\n"
    "价名用的目省看研神科教程份等策台交lS简管\n德开/聘o、h股h育发本机h股h能至能能h股h节营融合"
)


@pytest.mark.parametrize(
    ("text", "garbage"),
    [
        (TEXT * 2, False),
        ("Led due diligence for 5 IPO projects at the bank and built models in Excel. " * 4, False),
        (SCRAMBLED, True),
        ("!\"#$%&'()*+,-./ #$%&'(*+,.!\"/ 1 2" * 4, True),
        ("Vacefghaeik aeiPlmnorf nnsktna uuhvy hoeiq Plmno rfnns ktna " * 6, True),
    ],
    ids=["chinese", "english", "scrambled_cjk", "punctuation_soup", "letter_soup"],
)
def test_is_garbage_judges_text_layers(text, garbage):
    from scoring.resume.textlayer import is_garbage

    assert is_garbage(text, 1) is garbage
