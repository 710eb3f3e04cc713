#!/usr/bin/env python3
"""Writes the documents `--demo` puts in Jean Dupont's record (src/KeneyApp/Demo/Files), committed as they are.

Run again only to change them: /usr/bin/python3 scripts/make-demo-files.py (needs Debian's python3-pydicom).
- bilan-sanguin.pdf: a one-page lab report (a real PDF: fonts, cross-reference table, text PdfPig extracts);
- ecg-repos.png: a resting ECG strip on its pink grid;
- radio-thorax.dcm: a DICOM Part 10 chest radiograph (CR, 16-bit MONOCHROME2, explicit VR little endian),
  a synthetic phantom, with the patient's name and id in its header as a modality would write them.
"""
import math
import os
import struct
import zlib

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "KeneyApp", "Demo", "Files")


def pdf():
    lines = [
        (16, "Centre médical KeneyApp Démo - Laboratoire de biologie"),
        (11, "Compte rendu d'analyses de biologie médicale"),
        (11, ""),
        (11, "Patient : DUPONT Jean, né le 15/05/1980"),
        (11, "Prélèvement du 20/11/2026 à 08 h 10, à jeun"),
        (11, ""),
        (11, "Hémoglobine             14,2 g/dL     (13,0 - 17,0)"),
        (11, "Leucocytes               6,8 G/L      (4,0 - 10,0)"),
        (11, "Plaquettes               245 G/L      (150 - 400)"),
        (11, "Glycémie à jeun          5,9 mmol/L   (3,9 - 5,8)    H"),
        (11, "Cholestérol LDL          3,6 mmol/L   (< 3,0)        H"),
        (11, "Créatinine               88 µmol/L    (62 - 106)"),
        (11, "Kaliémie                 4,1 mmol/L   (3,5 - 5,0)"),
        (11, ""),
        (11, "Validé par le Dr Pierre Martin le 20/11/2026."),
    ]
    ops = ["BT", "/F1 11 Tf", "14 TL", "60 780 Td"]
    for size, text in lines:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"/F1 {size} Tf ({escaped}) Tj T*")
    ops.append("ET")
    content = "\n".join(ops).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png():
    width, height = 1000, 300
    rows = [[(255, 255, 255)] * width for _ in range(height)]
    for y in range(height):
        for x in range(width):
            if x % 50 == 0 or y % 50 == 0:
                rows[y][x] = (240, 140, 150)
            elif x % 10 == 0 or y % 10 == 0:
                rows[y][x] = (250, 210, 215)

    def ecg(t):
        # One beat every 0.8 s (75/min): P wave, QRS complex, T wave; 200 pixels per second.
        phase = (t % 0.8) / 0.8
        return (0.12 * math.exp(-((phase - 0.18) / 0.035) ** 2) - 0.15 * math.exp(-((phase - 0.30) / 0.008) ** 2)
                + 1.1 * math.exp(-((phase - 0.32) / 0.010) ** 2) - 0.25 * math.exp(-((phase - 0.345) / 0.010) ** 2)
                + 0.3 * math.exp(-((phase - 0.58) / 0.06) ** 2))

    previous = None
    for x in range(width):
        y = int(190 - 110 * ecg(x / 200))
        for yy in range(min(y, previous or y), max(y, previous or y) + 1):
            for dx in (0, 1):
                if x + dx < width:
                    rows[yy][x + dx] = (20, 20, 20)
        previous = y
    raw = b"".join(b"\x00" + bytes(c for pixel in row for c in pixel) for row in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def dicom(path):
    size = 256
    pixels = bytearray()
    for y in range(size):
        for x in range(size):
            u, v = (x - size / 2) / (size / 2), (y - size / 2) / (size / 2)
            value = 300  # air around the body
            if (u / 0.85) ** 2 + (v / 0.95) ** 2 < 1:
                value = 2600  # soft tissue
                for side in (-1, 1):
                    if ((u - side * 0.38) / 0.28) ** 2 + ((v + 0.05) / 0.62) ** 2 < 1:
                        value = 900  # lungs
                if abs(u) < 0.07:
                    value = 3600  # spine
                rib = (v * 9 + 0.4 * abs(u) * 9) % 1.5
                if 0.1 < abs(u) < 0.75 and rib < 0.18 and v < 0.5:
                    value = max(value, 3100)  # ribs
                if ((u + 0.12) / 0.22) ** 2 + ((v - 0.25) / 0.2) ** 2 < 1:
                    value = max(value, 2900)  # heart
            pixels += struct.pack("<H", value)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1"  # Computed Radiography Image Storage
    meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=["keneyapp-demo", "sop"])
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.preamble = b"\x00" * 128
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyDate = ds.SeriesDate = "20261120"
    ds.Modality = "CR"
    ds.StudyDescription = "Radiographie thoracique de face"
    ds.PatientName = "DUPONT^Jean"
    ds.PatientID = "KNY-DEMO-0001"
    ds.PatientBirthDate = "19800515"
    ds.PatientSex = "M"
    ds.BodyPartExamined = "CHEST"
    ds.StudyInstanceUID = generate_uid(entropy_srcs=["keneyapp-demo", "study"])
    ds.SeriesInstanceUID = generate_uid(entropy_srcs=["keneyapp-demo", "series"])
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = ds.Columns = size
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.WindowCenter, ds.WindowWidth = 2000, 3600
    ds.PixelData = bytes(pixels)
    ds.save_as(path, write_like_original=False)


os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "bilan-sanguin.pdf"), "wb") as f:
    f.write(pdf())
with open(os.path.join(OUT, "ecg-repos.png"), "wb") as f:
    f.write(png())
dicom(os.path.join(OUT, "radio-thorax.dcm"))
print("written to", os.path.normpath(OUT))
