#!/usr/bin/env python3
"""Makes templates/reference.docx, the styles of the Word report: pandoc's
default reference document with A4 pages, 2 cm margins, an 11 pt body and a
legible table style (thin grey rules, 9 pt text, a shaded header row that
repeats on every page). Run once when pandoc's defaults or these choices
change:  python3 tools/make-reference-docx.py  (needs pandoc on PATH)."""

import io
import pathlib
import re
import subprocess
import zipfile

OUT = pathlib.Path(__file__).resolve().parent.parent / "templates" / "reference.docx"

TABLE_STYLE = """<w:style w:type="table" w:default="1" w:styleId="Table">
    <w:name w:val="Table" />
    <w:basedOn w:val="TableNormal" />
    <w:uiPriority w:val="59" />
    <w:qFormat />
    <w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto" /></w:pPr>
    <w:rPr><w:sz w:val="18" /><w:szCs w:val="18" /></w:rPr>
    <w:tblPr>
      <w:tblInd w:w="0" w:type="dxa" />
      <w:tblBorders>
        <w:top w:val="single" w:sz="4" w:space="0" w:color="A6A6A6" />
        <w:left w:val="single" w:sz="4" w:space="0" w:color="A6A6A6" />
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="A6A6A6" />
        <w:right w:val="single" w:sz="4" w:space="0" w:color="A6A6A6" />
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="A6A6A6" />
        <w:insideV w:val="single" w:sz="4" w:space="0" w:color="A6A6A6" />
      </w:tblBorders>
      <w:tblCellMar>
        <w:top w:w="40" w:type="dxa" />
        <w:left w:w="80" w:type="dxa" />
        <w:bottom w:w="40" w:type="dxa" />
        <w:right w:w="80" w:type="dxa" />
      </w:tblCellMar>
    </w:tblPr>
    <w:trPr><w:cantSplit /></w:trPr>
    <w:tblStylePr w:type="firstRow">
      <w:rPr><w:b /><w:bCs /></w:rPr>
      <w:tblPr />
      <w:trPr><w:tblHeader /></w:trPr>
      <w:tcPr>
        <w:shd w:val="clear" w:color="auto" w:fill="E7EDF5" />
        <w:vAlign w:val="bottom" />
      </w:tcPr>
    </w:tblStylePr>
  </w:style>"""

SECTION = """<w:sectPr>
      <w:footnotePr>
        <w:numRestart w:val="eachSect" />
      </w:footnotePr>
      <w:pgSz w:w="11906" w:h="16838" />
      <w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0" />
    </w:sectPr>"""


def main() -> None:
    default = subprocess.run(
        ["pandoc", "--print-default-data-file", "reference.docx"],
        check=True,
        capture_output=True,
    ).stdout
    source = zipfile.ZipFile(io.BytesIO(default))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                text = data.decode()
                text, n = re.subn(
                    r'<w:style w:type="table" w:default="1" w:styleId="Table">.*?</w:style>',
                    TABLE_STYLE,
                    text,
                    flags=re.S,
                )
                assert n == 1, "pandoc's Table style not found"
                text = text.replace('<w:sz w:val="24" />', '<w:sz w:val="22" />', 1)
                text = text.replace('<w:szCs w:val="24" />', '<w:szCs w:val="22" />', 1)
                data = text.encode()
            elif item.filename == "word/document.xml":
                text = data.decode()
                text, n = re.subn(r"<w:sectPr>.*?</w:sectPr>", SECTION, text, flags=re.S)
                assert n == 1, "no section properties"
                data = text.encode()
            # Fixed timestamps, so the file changes only when its content does.
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    OUT.write_bytes(out.getvalue())
    print(f"wrote {OUT} ({len(out.getvalue())} bytes)")


if __name__ == "__main__":
    main()
