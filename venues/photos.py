"""Photos of rooms: a size limit, a real image (Pillow opens and decodes it, not only its name or header), at
most 4,000 pixels a side, re-encoded as a JPEG of at most 1,600 pixels, which also drops the camera's
metadata (a phone's GPS position)."""

import io

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4000
STORED_SIDE = 1600


class PhotoError(ValueError):
    pass


def clean_photo(upload) -> tuple[bytes, int, int]:
    if upload.size > MAX_BYTES:
        raise PhotoError(_("A photo is at most 5 MB."))
    raw = upload.read()
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(raw))
        if image.format not in {"JPEG", "PNG", "WEBP"}:
            raise PhotoError(_("Upload a JPEG, PNG or WebP photo."))
        if max(image.size) > MAX_SIDE:
            raise PhotoError(_("A photo is at most 4,000 pixels wide and high."))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise PhotoError(_("This file is not a photo.")) from None
    image = image.convert("RGB")
    image.thumbnail((STORED_SIDE, STORED_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue(), image.width, image.height
