"""Checks on uploaded supporting documents: an allowed type by its content (not its name), and a size limit."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

# extension -> (content type, the bytes a real file of that type starts with)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
ALLOWED_LABEL = "PDF, Word (DOCX), OpenDocument (ODT), Excel (XLSX), PNG or JPEG"
# File systems limit a name to 255 bytes, not characters; the stored name adds a timestamp and Django
# may add a suffix to keep it unique, so the kept name stays well under that.
MAX_NAME_BYTES = 180


def safe_name(raw: str) -> str:
    """The file's own name (no folders), cut to MAX_NAME_BYTES of UTF-8 without losing its extension."""
    name = raw.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip()
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    suffix = f".{ext}" if dot else ""
    if len(suffix.encode()) > 16:  # not a real extension: treat it as part of the name
        stem, suffix = name, ""
    room = MAX_NAME_BYTES - len(suffix.encode())
    stem = stem.encode()[:room].decode("utf-8", errors="ignore")
    return (stem or "document") + suffix


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """Return (safe original name, content type) or raise ValidationError with a plain-English message."""
    name = safe_name(upload.name or "")
    if not upload.size:
        raise ValidationError("The selected file is empty.")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(settings.UPLOAD_MAX_BYTES)}.")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(f"The selected file must be a {ALLOWED_LABEL}.")
    content_type, signatures = ALLOWED[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(f"The selected file is not a real {ext.upper()} file. Save it again and re-upload it.")
    return name, content_type
