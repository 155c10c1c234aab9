"""Issue 18: the cache is never fatal, whatever an entry holds."""

from __future__ import annotations

import sqlite3

from audiolint import pipeline
from audiolint.config import Config


def test_deeply_nested_entry_is_a_miss(tmp_path, gen):
    data = tmp_path / "data"
    gen.write_wav(data / "a.wav", gen.speechlike(16000, 1.0, seed=7), 16000)
    config = Config(cache_dir=str(tmp_path / "cache"), jobs=1)
    pipeline.run([data], config)
    db = sqlite3.connect(tmp_path / "cache" / "cache.sqlite3")
    db.execute("UPDATE entries SET v = ?", ("[" * 200_000 + "]" * 200_000,))
    db.commit()
    db.close()
    report = pipeline.run([data], config)
    assert report.files[0].properties.sample_rate == 16000
    assert not [f for f in report.files[0].findings if f.rule == "F005"]
