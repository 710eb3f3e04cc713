#!/usr/bin/env python3
"""Adds N synthetic patients to clinic 1 of a KeneyApp SQLite database (benchmark data only)."""
import random
import sqlite3
import sys
import unicodedata
from datetime import date, timedelta, datetime, timezone

FIRST = ["Jean", "Marie", "Luc", "Lucie", "Pierre", "Sophie", "Hugo", "Chloé", "Louis", "Emma", "Léo", "Inès", "Paul", "Julie", "Noé", "Léa"]
LAST = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel",
        "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine"]


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.strip())
    return " ".join("".join(c for c in decomposed if unicodedata.category(c) != "Mn").upper().split())


def main() -> None:
    path, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(42)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    rows = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST) + ("" if i % 3 else f"-{rng.choice(LAST)}")
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 33000))
        rows.append((1, first, last, fold(f"{last} {first}"), born.isoformat(), rng.choice(["male", "female", "other"]),
                     f"bench{i}@patients.example", f"+336{i:08d}", "fr", "Europe/Paris", now, now))
    with sqlite3.connect(path, timeout=30) as db:
        db.executemany(
            "INSERT INTO patients (tenant_id, first_name, last_name, search_name, date_of_birth, gender, email, phone,"
            " preferred_language, timezone, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    print(f"inserted {count} patients")


if __name__ == "__main__":
    main()
