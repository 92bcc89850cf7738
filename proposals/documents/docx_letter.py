"""A reply letter as a .docx in the official layout (党政机关公文格式, GB/T 9704, as 答复函 print).

No Django: a `Letter` (letter.py) in, the file's bytes out. The layout:

- A4, margins 3.7 cm top, 3.5 cm bottom, 2.8 cm left, 2.6 cm right; body lines at a fixed
  28.95 pt (22 lines a page);
- 版头: the issuer's letterhead, red, 方正小标宋简体, centred; 文号 centred below it in
  仿宋_GB2312 三号, over a red rule;
- the title: 方正小标宋简体 二号, centred, its printed lines kept;
- the salutation flush left, the body 仿宋_GB2312 三号 with a two-character first-line indent,
  the contact line indented likewise; the signature and its date to the right;
- 版记: 抄送 and the printing line (印发机关, 印发日期) in 仿宋_GB2312 四号 between rules;
- the page number, — 1 —, centred in the footer.

Fonts are named, not embedded: the intranet's desktops have 仿宋_GB2312 and 方正小标宋简体 (or
not). Each run names its East Asian font and Times New Roman for Latin letters and digits, and
the file's font table gives each an alternative that Word and WPS use when it is missing
(`FALLBACKS`: 仿宋_GB2312 → 仿宋 → FangSong, 方正小标宋简体 → 宋体 → SimSun); the document's
default East Asian font is 宋体 (SimSun).

Every part is one paragraph (a title of two lines is one paragraph with a line break), so the
reply import reads the file back as the text it was made from (tests/proposals/test_reply_docx.py).
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from proposals.documents.letter import Letter

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
LATIN_FONT = "Times New Roman"
DEFAULT_EAST_ASIAN = "宋体"
# A missing font → the one Word and WPS use instead (w:altName in the font table).
FALLBACKS = {
    "仿宋_GB2312": "仿宋",
    "仿宋": "FangSong",
    "方正小标宋简体": "宋体",
    "宋体": "SimSun",
}
RED = RGBColor(0xFF, 0x00, 0x00)

SIZE_LETTERHEAD = Pt(36)  # 小初
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_NOTE = Pt(14)  # 四号
LINE = Pt(28.95)
TEXT_WIDTH = Cm(21.0 - 2.8 - 2.6)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def letter_docx(letter: Letter) -> bytes:
    document = Document()
    _page(document)
    _defaults(document)
    if letter.letterhead:
        _line(
            document,
            letter.letterhead,
            font=TITLE_FONT,
            size=SIZE_LETTERHEAD,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            color=RED,
            space_after=Pt(24),
            exact=False,
        )
    if letter.doc_number:
        number = _line(
            document, letter.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(24)
        )
        _border(number, "bottom", size=12, color="FF0000")
    if letter.title:
        _title(document, letter.title)
    if letter.salutation:
        _line(document, letter.salutation)
    for paragraph in letter.body:
        _line(document, paragraph, indent=2, justify=True)
    if letter.contact:
        _line(document, letter.contact, indent=2)
    for paragraph in letter.extra:
        _line(document, paragraph, indent=2)
    if letter.signature:
        _line(
            document,
            letter.signature,
            align=WD_ALIGN_PARAGRAPH.RIGHT,
            right_indent=4,
            space_before=Pt(28.95),
        )
    if letter.dated:
        _line(document, letter.dated, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=4)
    _record(document, letter)
    _page_number(document)
    properties = document.core_properties
    properties.title = "".join(letter.title) or letter.doc_number
    properties.author = letter.signature
    properties.last_modified_by = letter.signature
    properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_font_fallbacks(buffer.getvalue())


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)


def _defaults(document) -> None:
    style = document.styles["Normal"]
    style.font.size = SIZE_BODY
    _fonts(style.element.get_or_add_rPr(), BODY_FONT)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    # The document's default East Asian font, for anything that names none.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if r_pr is not None:
            _fonts(r_pr, DEFAULT_EAST_ASIAN)


def _fonts(r_pr, east_asian: str) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _line(
    document,
    text: str,
    *,
    font: str = BODY_FONT,
    size=SIZE_BODY,
    align=None,
    indent: int = 0,
    right_indent: int = 0,
    justify: bool = False,
    color=None,
    space_before=None,
    space_after=None,
    exact: bool = True,
):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    elif justify:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        fmt.first_line_indent = Pt(size.pt * indent)
    if right_indent:
        fmt.right_indent = Pt(size.pt * right_indent)
    if space_before is not None:
        fmt.space_before = space_before
    if space_after is not None:
        fmt.space_after = space_after
    if not exact:  # a large letterhead needs room above the fixed body line
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _run(paragraph, text, font=font, size=size, color=color)
    return paragraph


def _run(paragraph, text: str, *, font: str, size, color=None):
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.name = LATIN_FONT
    _fonts(run._element.get_or_add_rPr(), font)
    if color is not None:
        run.font.color.rgb = color
    return run


def _title(document, lines) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(35)
    fmt.space_before, fmt.space_after = Pt(12), Pt(28.95)
    for index, line in enumerate(lines):
        run = _run(paragraph, line, font=TITLE_FONT, size=SIZE_TITLE)
        if index < len(lines) - 1:
            run.add_break()


def _record(document, letter: Letter) -> None:
    """版记: 抄送 and the printing line between rules, in 四号."""
    printing = letter.printed_by or letter.printed_on
    if not (letter.copy_to or printing):
        return
    if letter.copy_to:
        copy = _line(
            document,
            letter.copy_to,
            size=SIZE_NOTE,
            space_before=Pt(28.95 * 2),
        )
        copy.paragraph_format.left_indent = Pt(SIZE_NOTE.pt)
        _border(copy, "top", size=4, color="000000")
    if printing:
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(SIZE_NOTE.pt)
        fmt.tab_stops.add_tab_stop(TEXT_WIDTH - Pt(SIZE_NOTE.pt * 2), WD_TAB_ALIGNMENT.RIGHT)
        _run(paragraph, letter.printed_by, font=BODY_FONT, size=SIZE_NOTE)
        if letter.printed_by and letter.printed_on:
            _run(paragraph, "\t", font=BODY_FONT, size=SIZE_NOTE)
        _run(paragraph, letter.printed_on, font=BODY_FONT, size=SIZE_NOTE)
        _border(paragraph, "top", size=4, color="000000")
        _border(paragraph, "bottom", size=4, color="000000")


def _border(paragraph, side: str, *, size: int, color: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), "4")
    edge.set(qn("w:color"), color)
    borders.append(edge)


def _page_number(document) -> None:
    """— 1 — in the footer, centred, 宋体 四号 (the page field, so Word counts the pages)."""
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", font=DEFAULT_EAST_ASIAN, size=SIZE_NOTE)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    paragraph._p.append(field)
    _run(paragraph, " —", font=DEFAULT_EAST_ASIAN, size=SIZE_NOTE)


def _with_font_fallbacks(data: bytes) -> bytes:
    """The same package, its font table listing each named font with its alternative."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/fontTable.xml":
                content = _font_table(content)
            target.writestr(item, content)
    return out.getvalue()


def _font_table(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    present = {font.get(f"{{{_W}}}name") for font in root.findall(f"{{{_W}}}font")}
    for name, alternative in FALLBACKS.items():
        if name in present:
            continue
        font = etree.SubElement(root, f"{{{_W}}}font")
        font.set(f"{{{_W}}}name", name)
        alt = etree.SubElement(font, f"{{{_W}}}altName")
        alt.set(f"{{{_W}}}val", alternative)
        charset = etree.SubElement(font, f"{{{_W}}}charset")
        charset.set(f"{{{_W}}}val", "86")  # GB2312
        family = etree.SubElement(font, f"{{{_W}}}family")
        family.set(f"{{{_W}}}val", "modern" if "仿宋" in name else "roman")
        pitch = etree.SubElement(font, f"{{{_W}}}pitch")
        pitch.set(f"{{{_W}}}val", "fixed" if "仿宋" in name else "variable")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
