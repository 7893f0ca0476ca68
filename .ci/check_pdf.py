"""Checks that a PDF is a tagged, accessible document, as PDF/UA asks: a structure
tree, MarkInfo/Marked, a document language, alt text on every Figure, and every font
embedded. Usage: python3 check_pdf.py FILE.pdf [--draft]. Exits non-zero, naming what is
missing, when a check fails."""

import sys

import pikepdf


def fail(message):
    print(f"check_pdf: {message}", file=sys.stderr)
    sys.exit(1)


def structure_elements(node, seen):
    """Every structure element under node, once."""
    if isinstance(node, pikepdf.Array):
        for item in node:
            yield from structure_elements(item, seen)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    key = node.objgen
    if key != (0, 0):
        if key in seen:
            return
        seen.add(key)
    if "/S" in node:
        yield node
    if "/K" in node:
        yield from structure_elements(node.K, seen)


def fonts_of(resources, seen):
    if not isinstance(resources, pikepdf.Dictionary):
        return
    key = resources.objgen
    if key != (0, 0):
        if key in seen:
            return
        seen.add(key)
    for _, font in (resources.get("/Font") or {}).items():
        yield font
    for _, xobject in (resources.get("/XObject") or {}).items():
        if "/Resources" in xobject:
            yield from fonts_of(xobject.Resources, seen)


def embedded(font):
    subtype = str(font.get("/Subtype"))
    if subtype == "/Type3":
        return True  # drawn by its own glyph procedures, inside the file
    if subtype == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def main():
    path = sys.argv[1]
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if "/StructTreeRoot" not in root:
            fail(f"{path}: no StructTreeRoot (the PDF is not tagged)")
        if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
            fail(f"{path}: MarkInfo/Marked is not true")
        lang = str(root.get("/Lang", ""))
        if not lang.startswith("sv"):
            fail(f"{path}: the document language is {lang!r}, not Swedish")
        title = str(pdf.docinfo.get("/Title", "")) if pdf.docinfo else ""
        if not title:
            with pdf.open_metadata() as meta:
                title = meta.get("dc:title", "")
        if not title:
            fail(f"{path}: no title")
        figures = 0
        for element in structure_elements(root.StructTreeRoot, set()):
            if str(element.S) == "/Figure":
                figures += 1
                alt = str(element.get("/Alt", ""))
                if not alt.strip():
                    fail(f"{path}: a Figure without Alt")
        if figures == 0:
            fail(f"{path}: no Figure in the structure tree; the charts should be there")
        seen = set()
        fonts = 0
        for page in pdf.pages:
            for font in fonts_of(page.Resources, seen):
                fonts += 1
                if not embedded(font):
                    fail(f"{path}: font {font.get('/BaseFont')} is not embedded")
        if fonts == 0:
            fail(f"{path}: no fonts found")
        print(
            f"check_pdf: {path}: tagged, Marked, Lang {lang}, title {title!r}, "
            f"{figures} figures with Alt, {fonts} fonts embedded, {len(pdf.pages)} pages"
        )


if __name__ == "__main__":
    main()
