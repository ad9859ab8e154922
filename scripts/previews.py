"""Write a PNG of page 1 of every leaflet and briefing PDF in output/ to docs/previews/ (and a
tri-fold's inside face as NAME-inside.png), the contact sheet of two posts' share cards (one
built on figures, one on a fraud type), and campaign.png: every product of the campaign on one
sheet (each leaflet, both faces of each tri-fold, the briefing's first page, every post's square
card), so that a reviewer sees the whole campaign at a glance.

Run after `make build`: `.venv/bin/python scripts/previews.py`.
"""

import sys
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent


def main(output: Path = ROOT / "output", docs: Path = ROOT / "docs" / "previews") -> None:
    docs.mkdir(parents=True, exist_ok=True)
    pdfs = sorted((output / "leaflets").glob("*.pdf")) + sorted((output / "briefings").glob("*.pdf"))
    if not pdfs:
        sys.exit(f"no PDFs under {output / 'leaflets'}: run make build first")
    for pdf_path in pdfs:
        document = pypdfium2.PdfDocument(pdf_path)
        image = document[0].render(scale=1).to_pil()  # 72 dpi: 595×842 px for A4
        image.save(docs / f"{pdf_path.stem}.png", optimize=True)
        print(f"{docs / pdf_path.stem}.png  {image.size[0]}×{image.size[1]}")
        if "-trifold" in pdf_path.stem and len(document) == 2:  # a tri-fold's inside face too
            inside = document[1].render(scale=1).to_pil()
            inside.save(docs / f"{pdf_path.stem}-inside.png", optimize=True)
            print(f"{docs / pdf_path.stem}-inside.png  {inside.size[0]}×{inside.size[1]}")
    for slug in ("cases-solved-2021", "brushing"):
        sheet = output / "posts" / slug / "contact-sheet.png"
        if sheet.exists():
            (docs / f"cards-{slug}.png").write_bytes(sheet.read_bytes())
            print(docs / f"cards-{slug}.png")
    campaign = campaign_sheet(output)
    campaign.save(docs / "campaign.png", optimize=True)
    print(f"{docs / 'campaign.png'}  {campaign.size[0]}×{campaign.size[1]}")


ROW_HEIGHT, GAP, LABEL = 360, 24, 28
"""Every thumbnail is 360 px high (an A4 page 255 px wide, a tri-fold face 509, a card 360),
with its file's name under it."""


def campaign_sheet(output: Path) -> Image.Image:
    """Rows of thumbnails: the A4 leaflets, the tri-folds (outside and inside faces), the briefing
    and the posts' square cards, each labelled with its file."""
    rows = [
        [(pdf.stem, page) for pdf in sorted((output / "leaflets").glob("*.pdf"))
         if not pdf.stem.endswith(("-print", "-trifold")) for page in _pages(pdf)[:1]]
        + [(pdf.stem, page) for pdf in sorted((output / "briefings").glob("*.pdf")) for page in _pages(pdf)[:1]],
        [(f"{pdf.stem} {face}", page) for pdf in sorted((output / "leaflets").glob("*-trifold.pdf"))
         for face, page in zip(("外", "内"), _pages(pdf), strict=False)],
        [(card.parent.parent.name, Image.open(card)) for card in sorted((output / "posts").glob("*/cards/square.png"))],
    ]
    thumbs = [line for row in rows if row for line in _wrapped([(name, _thumb(image)) for name, image in row])]
    width = max(sum(t.width + GAP for _, t in row) for row in thumbs) + GAP
    sheet = Image.new("RGB", (width, len(thumbs) * (ROW_HEIGHT + LABEL + GAP) + GAP), "white")
    draw = ImageDraw.Draw(sheet)
    font = _label_font()
    y = GAP
    for row in thumbs:
        x = GAP
        for name, thumb in row:
            sheet.paste(thumb, (x, y))
            draw.rectangle((x, y, x + thumb.width - 1, y + thumb.height - 1), outline="#c8ccd4")
            draw.text((x, y + ROW_HEIGHT + 4), name, fill="#333333", font=font)
            x += thumb.width + GAP
        y += ROW_HEIGHT + LABEL + GAP
    return sheet


MAX_WIDTH = 3200
"""A row longer than this goes on in the next one."""


def _wrapped(row: list[tuple[str, Image.Image]]) -> list[list[tuple[str, Image.Image]]]:
    lines: list[list[tuple[str, Image.Image]]] = [[]]
    for item in row:
        if lines[-1] and sum(t.width + GAP for _, t in lines[-1]) + item[1].width + GAP > MAX_WIDTH:
            lines.append([])
        lines[-1].append(item)
    return lines


def _pages(pdf: Path) -> list[Image.Image]:
    return [page.render(scale=1).to_pil() for page in pypdfium2.PdfDocument(pdf)]


def _thumb(image: Image.Image) -> Image.Image:
    width = round(image.width * ROW_HEIGHT / image.height)
    return image.convert("RGB").resize((width, ROW_HEIGHT), Image.LANCZOS)


def _label_font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    """The CJK font fanzha sets its pages in, for labels in Chinese; Pillow's own font otherwise."""
    from generator.rendering.fonts import compact_faces

    faces = [face for face in compact_faces() if "Sans" in face.path.name]
    return ImageFont.truetype(str(faces[0].path), 18) if faces else ImageFont.load_default()


if __name__ == "__main__":
    main()
