"""Justified Chinese text in WeasyPrint: the extra width of a line spread between characters.

WeasyPrint 70 justifies a line only at its spaces (U+0020, U+00A0), and Chinese has none, so
`text-align: justify` left Chinese paragraphs ragged. Chinese typesetting justifies between
characters (clreq; CSS text-justify: inter-character). `install()` makes WeasyPrint do so for
elements with `text-align: justify`: each Han character and full-width mark of a line takes an
equal share of the line's extra width, given to Pango as letter spacing.

The share is capped at MAX_GAP (0.1 em): text read back from the PDF with pdfium, as the check
and every reader's copy-and-paste do, gets a space wherever two characters stand further apart
than half the width of the font's space (pdfium's CalculateSpaceThreshold): 0.112 em in Noto
Sans CJK, 0.125 em in Noto Serif CJK, and 全 国 公 安 would neither read nor check
(tests/test_justify.py reads it back). A line short by more than the cap allows stays a little
short of the right edge.
"""

from __future__ import annotations

import re

CJK = re.compile("[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
MAX_GAP = 0.1
"""The largest gap added between two characters, in em of the line's font size."""


def install() -> None:
    """Make WeasyPrint justify Chinese between characters (once a process; idempotent). Whether
    it is installed is read from WeasyPrint itself (its justify_line is this module's), so this
    module keeps no state of its own."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    if inline.justify_line.__module__ == __name__:
        return

    spaces = inline.count_expandable_spaces

    def count_expandable(box) -> int:
        """Spaces, as WeasyPrint counts them, and Han characters and full-width marks."""
        if isinstance(box, boxes.TextBox):
            return spaces(box) + len(CJK.findall(box.text))
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            return sum(count_expandable(child) for child in box.children)
        return 0

    def justify_line(context, line, extra_width) -> None:
        expandable = count_expandable(line)
        if expandable:
            gap = min(extra_width / expandable, MAX_GAP * line.style["font_size"])
            inline.add_word_spacing(context, line, gap, 0)

    set_text = line_break.Layout.set_text

    def set_text_justified(self, text, justify=False):
        """Pango's text as WeasyPrint sets it, and when justifying, each Han character spaced."""
        set_text(self, text, justify)
        if not (justify and self.justification_spacing and CJK.search(self.text)):
            return
        ffi, pango = line_break.ffi, line_break.pango
        attributes = pango.pango_layout_get_attributes(self.layout)
        if attributes == ffi.NULL:
            attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        spacing = int(self.justification_spacing * line_break.TO_UNITS)
        position = 0
        for char in self.text:
            size = len(char.encode())
            if CJK.match(char):
                attribute = pango.pango_attr_letter_spacing_new(spacing)
                attribute.start_index, attribute.end_index = position, position + size
                pango.pango_attr_list_change(attributes, attribute)
            position += size
        pango.pango_layout_set_attributes(self.layout, attributes)

    inline.count_expandable_spaces = count_expandable
    inline.justify_line = justify_line
    line_break.Layout.set_text = set_text_justified
