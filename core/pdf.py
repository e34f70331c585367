"""Chinese PDF documents: the CJK font the certificates use, and a report of headed tables (reportlab).

A report is a title, lines under it and tables, each with its heading and header row; long tables run on to the
next page with their header repeated. Used by the department's reports (stats) and the projects' performance
evaluations (projects).
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "QianniuCJK"


def cjk_font() -> str:
    """A CJK TrueType font if one is installed (embedded in the PDF); else the built-in Adobe CID font."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    for path in settings.CERTIFICATE_FONTS:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
            return FONT
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _text(value, style) -> Paragraph:
    """A paragraph of plain text: reportlab reads a paragraph as markup, so every value (a title, a line, a
    heading, a cell, all possibly holding a user's name) is XML-escaped; `<b` in a name is printed, not parsed."""
    return Paragraph(escape(str("" if value is None else value)), style)


WIDTH = landscape(A4)[0] - 72


def _widths(font: str, header, rows) -> list[float]:
    """The first column (the row's name) as wide as its longest name, up to a third; the others share the rest."""
    names = [str(row[0]) for row in rows if row] + [str(header[0])]
    first = min(WIDTH / 3, max(pdfmetrics.stringWidth(name, font, 8) for name in names) + 16)  # cell padding
    if len(header) == 1:
        return [WIDTH]
    return [first] + [(WIDTH - first) / (len(header) - 1)] * (len(header) - 1)


def tables_pdf(title: str, lines: list[str], tables: list[tuple[str, list, list[list]]]) -> bytes:
    """A landscape A4 document: the title, its lines, then each (heading, header row, rows) as a table."""
    font = cjk_font()
    heading = ParagraphStyle("heading", fontName=font, fontSize=16, leading=22, spaceAfter=6)
    subheading = ParagraphStyle("subheading", fontName=font, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4)
    text = ParagraphStyle("text", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    small = ParagraphStyle("small", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
    story = [_text(title, heading), *[_text(line, text) for line in lines]]
    for name, header, rows in tables:
        story.append(_text(name, subheading))
        data = [[_text(h, small) for h in header]] + [[_text(v, small) for v in row] for row in rows]
        table = Table(data, repeatRows=1, colWidths=_widths(font, header, rows))
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [table, Spacer(1, 6)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), title=title, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36
    )
    document.build(story)
    return buffer.getvalue()
