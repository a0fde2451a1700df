"""Resume intake: file type sniffing, text extraction (text layer or OCR), fields, job match.

The app layer calls, in order:
  sniff.sniff(data) -> "pdf" | "docx" | "png" | "jpeg" | "webp"     (raises ResumeError)
  extract.needs_ocr(data) -> bool            web process: route to the `ocr` queue or not
  extract.extract_text(data) -> Extraction   worker: text layer, else PP-OCRv4 per page
  fields.parse_resume(text) -> ResumeFields  .to_dict() is the CLI JSON; .scoring_view()
                                             never contains gender or age
  match.match_resume(fields, dimensions, job_title=None) -> ResumeMatch
Entries are types.Education and types.Experience; the HR API's schemas are derived from them and
fields.CORRECTABLE names the keys HR may correct.
An OCR worker calls ocr.get_ocr_engine() once at start-up (before RQ forks) so jobs never
load models. Importing this package is cheap: nothing heavy loads until that call.
"""

from scoring.resume.errors import ResumeError

__all__ = ["ResumeError"]
