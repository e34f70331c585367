"""A QR code as inline SVG for a page: the activity's rotating check-in code, the room's code on its door, the
authenticator's enrolment code. segno writes the SVG (no user text reaches it but the encoded data), so it is
marked safe here, once."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, scale: int = 8) -> SafeString:
    """`data` as a QR code (error correction M), dark modules #222, sized by its container (no width/height)."""
    svg = segno.make(data, error="m").svg_inline(scale=scale, dark="#222", omitsize=True)
    return mark_safe(svg)  # noqa: S308 - segno's own SVG
