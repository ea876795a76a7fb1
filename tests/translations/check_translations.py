#!/usr/bin/python3
"""Checks that every translation catalogue in translations/ is complete and consistent
with the UI sources: lupdate (run on a copy) finds no string without a translation, every
translation keeps the source's %1..%n placeholders, and a source's & accelerator has one
in the translation. Usage: check_translations.py REPO_ROOT LUPDATE"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

root, lupdate = sys.argv[1], sys.argv[2]
sources = [os.path.join(root, d) for d in ("widgets", "app/gui")]
problems = []
catalogues = sorted(glob.glob(os.path.join(root, "translations", "*.ts")))
if not catalogues:
    problems.append("no catalogues in translations/")
for ts in catalogues:
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, os.path.basename(ts))
        shutil.copy(ts, copy)
        # lupdate adds every new source string as unfinished and drops vanished ones.
        # -I: sources include "widgets/X.h" from the root; without it lupdate cannot see the
        # namespaces and records contexts that never match at run time.
        subprocess.run([lupdate, "-silent", "-no-obsolete", "-locations", "none", "-I", root, *sources, "-ts", copy],
                       check=True)
        tree = ET.parse(copy)
    name = os.path.basename(ts)
    for context in tree.getroot().iter("context"):
        where = context.findtext("name")
        if where != "QObject" and not where.startswith("faultlens::"):
            problems.append(f"{name}: context {where!r} lacks its namespace: tr() looks up the qualified class name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = translation.text or ""
            if translation.get("type") == "unfinished" or not text:
                problems.append(f"{name}: {where}: no translation for {source!r} (run the update_translations target, "
                                "then translate it)")
                continue
            if sorted(re.findall(r"%\d+", source)) != sorted(re.findall(r"%\d+", text)):
                problems.append(f"{name}: {where}: placeholders differ: {source!r} -> {text!r}")
            if re.search(r"&[^&\s]", source) and not re.search(r"&[^&\s]", text):
                problems.append(f"{name}: {where}: the accelerator of {source!r} is missing in {text!r}")
for p in problems:
    print(p)
print(f"{len(catalogues)} catalogue(s), {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
