"""The one error type resume intake raises; the app maps `code` to a 4xx JSON error."""

from scoring.errors import InputError


class ResumeError(InputError):
    """A resume that cannot be read, with a machine code and a message HR can act on.

    Codes: unsupported_type, too_large, too_many_pages, image_bomb, corrupt, empty, ocr_failed.
    """
