"""The oracle of DicomReaderTests: pydicom's reading of every file given, as one JSON object per line.

Prints {"file": name, "error": "..."} when pydicom refuses the file, otherwise the ten attributes KeneyApp
extracts (absent ones omitted), in the form KeneyApp stores them: text with its padding removed, dates as
YYYY-MM-DD when they are a plain DICOM date, Rows and Columns as numbers.
"""
import json
import sys

import pydicom

TEXT = ["PatientName", "PatientID", "Modality", "StudyInstanceUID", "SeriesInstanceUID",
        "SOPInstanceUID", "BodyPartExamined"]


def text(value):
    if isinstance(value, pydicom.multival.MultiValue):
        return "\\".join(str(v) for v in value)
    return str(value)


def read(path):
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    out = {}
    for name in TEXT:
        if name in ds and ds[name].value not in (None, ""):
            out[name] = text(ds[name].value)
    if "StudyDate" in ds and ds.StudyDate:
        d = str(ds.StudyDate)
        out["StudyDate"] = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 and d.isdigit() else d
    for name in ("Rows", "Columns"):
        if name in ds and ds[name].value is not None and ds[name].value != "":
            out[name] = int(ds[name].value)
    return out


for path in sys.argv[1:]:
    name = path.rsplit("/", 1)[-1]
    try:
        print(json.dumps({"file": name, "values": read(path)}, ensure_ascii=False))
    except Exception as e:  # pydicom's refusal is the expected answer for that file
        print(json.dumps({"file": name, "error": type(e).__name__ + ": " + str(e)[:200]}))
