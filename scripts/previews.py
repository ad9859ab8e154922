"""Write a PNG of page 1 of every leaflet and briefing PDF in output/ to docs/previews/ (and a
tri-fold's inside face as NAME-inside.png), and
the contact sheet of two posts' share cards (one built on figures, one on a fraud type).

Run after `make build`: `.venv/bin/python scripts/previews.py`.
"""

import sys
from pathlib import Path

import pypdfium2

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


if __name__ == "__main__":
    main()
