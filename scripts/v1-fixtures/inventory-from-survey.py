#!/usr/bin/env python3
"""Writes a 手続棚卸し表 (inventory) workbook from the national survey CSV, for the v1 fixtures' real import.

usage: inventory-from-survey.py <national-procedures-local.csv> <out.xlsx> <department code> [rows]

Takes the first <rows> (default 40) procedures of the survey in file order and fills the inventory's own headers:
手続ID = "V1-" + the survey's 手続ID, its name, law, category codes, fee, attachments, target year, and a status
derived from the survey's online status (1 実施済 / 5 一部実施済 -> 電子化作業中, reason 0 実施予定 -> 検討中,
otherwise 未検討); volumes for FY2023 are the national counts scaled to a ward of ~900,000 people (x 0.007).
Standard library only: the sheet uses inline strings, which the importer reads like shared strings."""
import csv
import sys
import zipfile
from xml.sax.saxutils import escape

source, target, department = sys.argv[1], sys.argv[2], sys.argv[3]
limit = int(sys.argv[4]) if len(sys.argv) > 4 else 40

headers = ["手続ID", "手続名", "課コード", "全国手続ID", "法令名", "根拠条項号", "事務区分", "本人確認手法", "手数料", "添付書類",
           "実施時期", "状態", "総件数 2023", "オンライン件数 2023"]


def code(value):
    """'1 自治事務' -> '1' (the importer accepts the survey's codes)."""
    return value.split(" ", 1)[0] if value else ""


def status(row):
    online = code(row["オンライン化の実施状況"])
    if online in ("1", "5"):
        return "電子化作業中"
    if code(row["オンライン化の実施予定及び検討時の懸念点"]) == "0":
        return "検討中"
    return "未検討"


def year(value):
    digits = "".join(ch for ch in value.split(" ", 1)[-1] if ch.isdigit())
    return digits if len(digits) == 4 else ""


rows = []
with open(source, encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if len(rows) == limit:
            break
        category = code(row["事務区分"])
        rows.append([
            "V1-" + row["手続ID"], row["手続名"], department, row["手続ID"], row["法令名"], row["根拠条項号"],
            category if category in ("1", "2", "3") else "", code(row["申請等における本人確認手法"]),
            "有" if code(row["手数料等の納付有無"]) == "2" else "無", row["申請時に添付させる書類"],
            year(row["オンライン化実施時期"]), status(row),
            str(round(int(row["総手続件数"] or 0) * 0.007)), str(round(int(row["オンライン手続件数"] or 0) * 0.007)),
        ])


def column(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def cell(r, c, text):
    return f'<c r="{column(c)}{r}" t="inlineStr"><is><t>{escape(text)}</t></is></c>' if text else ""


sheet_rows = "".join(
    f'<row r="{r}">' + "".join(cell(r, c, v) for c, v in enumerate(values)) + "</row>"
    for r, values in enumerate([headers] + rows, start=1))
main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
    '<sheet name="手続棚卸し表" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{sheet_rows}</sheetData></worksheet>',
}
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        z.writestr(name, text.encode("utf-8"))
print(f"{len(rows)} procedures for department {department} -> {target}")
