"""Numbers in a source's tables: a bare number in a cell takes the measure word its column's
header gives in brackets, and is a statistic of that column and row.

A 警情通报 often tabulates its figures by town or by fraud type:

    乡镇，发案数（起），损失金额（万元）
    城关镇，18，56.3

The reader gives a table a line a row, its cells parted by "，" standing for each cell's tag
(sources/html_text.py). Here the header row's brackets are read (起; 万元: 元 with 万 applied), so
that 18 is 18起 and 56.3 is 563000元, of the metric 城关镇发案数 and 城关镇损失金额, and an editor can
cite them like any figure. A cell that writes its own measure word (16起) keeps it; a column whose
header gives none leaves its numbers as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from generator.extraction.numbers import format_decimal
from generator.model import Block, SourceDoc, Token
from generator.sources.html_text import CELL_SEPARATOR

CELL_TAG = re.compile(r"<t[dh][\s>/]", re.I)
HEADER_UNIT = re.compile(r"[（(]\s*(?:单位[：:]\s*)?(?P<magnitude>万|亿|萬|億)?"
                         r"(?P<unit>元|起|人|件|个|個|条|條|次|户|戶|笔|筆|张|張|名|宗|部|家|%|％|‰)\s*[）)]")
MAGNITUDES = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
BARE_NUMBER = re.compile(r"[+\-−]?\d+(?:,\d{3})*(?:\.\d+)?")


@dataclass(frozen=True)
class Column:
    """A column's header: its words without the brackets, its measure word and magnitude."""

    label: str
    unit: str
    magnitude: int = 1


@dataclass(frozen=True)
class Row:
    """A table row under a header that gives measure words: where its cells start in the
    block's text, and the header's column of each."""

    cells: tuple[tuple[int, int], ...]
    columns: tuple[Column | None, ...]


def table_rows(doc: SourceDoc) -> dict[int, Row | None]:
    """Every row of the source's tables by block index: a Row under a header with measure words,
    None for the others (a header, a row of a table without one). A row is no heading: the period
    of the text before the table goes on into it."""
    rows: dict[int, Row | None] = {}
    header: tuple[Column | None, ...] | None = None
    for index, block in enumerate(doc.body.blocks):
        cells = _cells(doc, block)
        if len(cells) < 2:
            header = None
            continue
        text = doc.body.text[block.start : block.end]
        heading = _header(text, cells)
        rows[index] = None
        if heading is not None or header is None:  # a (next) table's header row, or a row before any
            header = heading
            continue
        rows[index] = Row(cells, header)
    return rows


def _cells(doc: SourceDoc, block: Block) -> tuple[tuple[int, int], ...]:
    """(start, end) of each cell in the block's text, when the block is a table row."""
    text = doc.body.text[block.start : block.end]
    offsets = doc.body.mapped.offsets
    bounds = [i for i, char in enumerate(text) if char == CELL_SEPARATOR
              and CELL_TAG.match(doc.original, offsets[block.start + i])]
    if not bounds:
        return ()
    starts = [0] + [i + 1 for i in bounds]
    ends = bounds + [len(text)]
    return tuple(zip(starts, ends, strict=True))


def _header(text: str, cells: tuple[tuple[int, int], ...]) -> tuple[Column | None, ...] | None:
    """The columns of a header row (no digits outside its brackets, a measure word in at least
    one of them), or None when the row is no such header."""
    columns: list[Column | None] = []
    for start, end in cells:
        cell = text[start:end].strip()
        match = HEADER_UNIT.search(cell)
        if re.search(r"\d", HEADER_UNIT.sub("", cell)):
            return None
        columns.append(Column(HEADER_UNIT.sub("", cell).strip(), "%" if match and match["unit"] in "%％" else
                              match["unit"], MAGNITUDES.get(match["magnitude"] or "", 1)) if match else None)
    return tuple(columns) if any(columns) else None


def with_columns(text: str, written: str, tokens: list[Token], row: Row) -> tuple[list[Token], dict[int, str]]:
    """The row's tokens (read on `text`, the row folded to simplified characters), each bare
    number standing alone in a cell given its column's measure word (and magnitude) as a
    statistic; and the metric of each, by token start: the row's label (its first cell) and the
    column's, as `written`."""
    label = written[row.cells[0][0] : row.cells[0][1]].strip()
    out, metrics = [], {}
    for token in tokens:
        column = _column_of(text, token, row)
        if column is None or token.unit or not BARE_NUMBER.fullmatch(text[token.start : token.end]):
            out.append(token)
            continue
        value = Decimal(token.value) * column.magnitude
        out.append(token._replace(value=format_decimal(value), unit=column.unit, kind="statistic"))
        metrics[token.start] = f"{label}{column.label}"
    return out, metrics


def _column_of(text: str, token: Token, row: Row) -> Column | None:
    """The column of the cell the token fills (alone, but for white space), if any."""
    for (start, end), column in zip(row.cells, row.columns, strict=False):
        if start <= token.start and token.end <= end:
            return column if text[start:end].strip() == text[token.start : token.end] else None
    return None
