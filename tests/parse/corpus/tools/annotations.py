"""Helpers shared by the annotation scripts (the conventions of tests/parse/corpus/README.md)."""
import json
import os

UB = "Ủy ban nhân dân tỉnh "
LD = "Bộ Lao động - Thương binh và Xã hội"
SO_LD = "Sở Lao động - Thương binh và Xã hội"


def doc(type_, number, date, place, issuer, title, year=None, signer=None, signer_title=None, period=None):
    return {"type": type_, "number": number, "issued_date": date, "place": place, "issuer": issuer,
            "signer": signer, "signer_title": signer_title, "year": year, "title": title, "period": period}


def sec(number, title, leads=(), coord=()):
    return {"number": number, "title": title, "lead_units": list(leads), "coordinating_units": list(coord)}


def tgt(section, raw, value, unit, comparator, lower=None, upper=None, by=None, note=None):
    t = {"section": section, "raw": raw, "value": value, "unit": unit, "comparator": comparator}
    if lower is not None:
        t.update(lower=lower, upper=upper)
    if by:
        t["by"] = by
    if note:
        t["note"] = note
    return t


def dl(section, raw, due, responsible=None, frequency=None):
    d = {"section": section, "raw": raw, "due": due}
    if responsible:
        d["responsible"] = responsible
    if frequency:
        d["frequency"] = frequency
    return d


def bud(section, raw, total_vnd, kind=None):
    b = {"section": section, "raw": raw, "total_vnd": total_vnd}
    if kind:
        b["kind"] = kind
    return b


def art(number, leads=(), coord=()):
    a = {"number": number, "lead_units": list(leads)}
    if coord:
        a["coordinating_units"] = list(coord)
    return a


def write(directory, annotations, input_of):
    for name, a in annotations.items():
        for k in ("sections", "targets", "deadlines", "budgets", "articles", "unscored", "notes"):
            a.setdefault(k, [])
        a["annotation"] = {"method": "read by hand from %s, without running the parser" % input_of(name),
                           "scope": "the whole document as stored (body included)"}
        with open(os.path.join(directory, name + ".expected.json"), "w", encoding="utf-8") as f:
            json.dump(a, f, ensure_ascii=False, indent=2)
            f.write("\n")
    print(len(annotations), "annotations written to", directory)
