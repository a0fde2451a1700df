"""Resume intake: file type sniffing, text extraction (text layer or OCR), fields, job match.

Importing this package is cheap: the OCR engine loads only when `ocr.get_ocr_engine()` is called.
"""

from scoring.resume.errors import ResumeError

__all__ = ["ResumeError"]
