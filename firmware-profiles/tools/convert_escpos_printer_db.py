#!/usr/bin/env python3
"""Convert escpos-printer-db (CC-BY-4.0) YAML into Omnilane firmware-profile JSON.

Run once from the repository root when the reference copy changes:

    python3 firmware-profiles/tools/convert_escpos_printer_db.py ../shared/reference/escpos-printer-db

It writes firmware-profiles/printers/<id>.json (one profile a file, the
escpos-printer-db schema and field names unchanged, plus our own "omnilane"
block) and firmware-profiles/codepages/encoding.json (data/encoding.yml, with
the 128 upper characters of every single-byte code page that Python can decode
filled in as "data", 8 rows of 16 characters, " " meaning undefined — the same
shape escpos-printer-db already uses for its hand-written tables).
"""
import codecs
import json
import os
import sys

import yaml

# Our own block. Only facts we are sure of; everything else inherits from "default".
OMNILANE = {
    "default": {
        "commandSet": "escpos",
        "transports": ["tcp", "serial", "usb"],
        "tcpPort": 9100,
        "status": {"realTime": True, "asb": True},
    },
    "simple": {"status": {"realTime": False, "asb": False}},
    # Star Line mode answers no DLE EOT: status checks are off for Star.
    "SP2000": {"commandSet": "star", "status": {"realTime": False, "asb": False}},
    "mcPrint": {"commandSet": "star", "status": {"realTime": False, "asb": False}},
    # Epson TM printers share USB product id 0x0202 in their default (printer class) mode.
    "TM-T88IV": {"usb": {"vendorId": "0x04b8", "productId": "0x0202"}},
    "TM-T88V": {"usb": {"vendorId": "0x04b8", "productId": "0x0202"}},
    "TM-T20II": {"usb": {"vendorId": "0x04b8", "productId": "0x0e15"}},
}


def ordered(d):
    """YAML int keys become JSON string keys, sorted numerically."""
    if isinstance(d, dict):
        keys = list(d.keys())
        try:
            keys.sort(key=lambda k: int(k))
        except (TypeError, ValueError):
            pass
        return {str(k): ordered(d[k]) for k in keys}
    if isinstance(d, str):
        return d.strip() if "\n" in d else d
    return d


def convert_profiles(src, dst):
    pdir = os.path.join(src, "data", "profile")
    n = 0
    for fn in sorted(os.listdir(pdir)):
        if not fn.endswith(".yml"):
            continue
        with open(os.path.join(pdir, fn), encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        (pid, body), = doc.items()
        out = {}
        for k in ("name", "vendor", "inherits", "notes", "features", "colors",
                  "fonts", "media", "codePages"):
            if k in body:
                out[k] = ordered(body[k])
        extra = set(body) - set(out)
        if extra:
            raise SystemExit(f"{fn}: unexpected fields {sorted(extra)}")
        if pid in OMNILANE:
            out["omnilane"] = OMNILANE[pid]
        with open(os.path.join(dst, "printers", pid + ".json"), "w", encoding="utf-8") as f:
            json.dump({pid: out}, f, ensure_ascii=False, indent=2)
            f.write("\n")
        n += 1
    return n


def convert_encodings(src, dst):
    with open(os.path.join(src, "data", "encoding.yml"), encoding="utf-8") as f:
        enc = yaml.safe_load(f)
    out = {}
    for name, body in enc.items():
        body = dict(body or {})
        py = body.get("python_encode")
        if "data" not in body and py:
            try:
                codecs.lookup(py)
                rows = []
                for hi in range(8, 16):
                    row = ""
                    for lo in range(16):
                        b = bytes([hi * 16 + lo])
                        try:
                            ch = b.decode(py)
                        except UnicodeDecodeError:
                            ch = " "
                        if len(ch) != 1 or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
                            ch = " "
                        row += ch
                    rows.append(row)
                body["data"] = rows
            except LookupError:
                pass
        out[name] = body
    with open(os.path.join(dst, "codepages", "encoding.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return len(out)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/escpos-printer-db"
    dst = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    os.makedirs(os.path.join(dst, "printers"), exist_ok=True)
    os.makedirs(os.path.join(dst, "codepages"), exist_ok=True)
    print("profiles:", convert_profiles(src, dst))
    print("encodings:", convert_encodings(src, dst))


if __name__ == "__main__":
    main()
