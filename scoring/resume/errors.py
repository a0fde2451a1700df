"""The one error type resume intake raises; the app maps `code` to a 4xx JSON error."""


class ResumeError(Exception):
    """A resume that cannot be read, with a machine code and a message HR can act on.

    Codes: unsupported_type, too_large, too_many_pages, image_bomb, corrupt, empty, ocr_failed.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
