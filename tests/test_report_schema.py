"""The JSON report validates against the JSON Schema shipped in the package (issue 14): clean,
broken, skipped and baselined files, dataset findings, --quick, --select, inspect, stereo and
float audio; the schema is strict enough to reject a renamed or dropped field."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr
from click.testing import CliRunner
from realaudio import needs_alsa, prompt

from audiolint import rules
from audiolint.cli import cli
from audiolint.models import REPORT_VERSION, Properties
from audiolint.report import json_report, rule_docs

jsonschema = pytest.importorskip("jsonschema")


def _strict(text: str):
    """Parse JSON as a strict parser would: NaN and Infinity are not JSON."""

    def reject(name):
        raise AssertionError(f"{name} in the JSON report")

    return json.loads(text, parse_constant=reject)


def validate(text: str) -> dict:
    """The report parsed, after checking it against the shipped schema."""
    doc = _strict(text)
    jsonschema.Draft202012Validator(json_report.schema()).validate(doc)
    return doc


def errors(doc: dict) -> list[str]:
    return [
        e.message for e in jsonschema.Draft202012Validator(json_report.schema()).iter_errors(doc)
    ]


def _json(*args: str) -> str:
    res = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    return res.stdout


@pytest.fixture
def varied(mixed_dataset, gen):
    """The mixed dataset plus a broken file, an empty one, a stereo float WAV, a float WAV
    holding NaN samples, and a skipped non-audio file (notes.txt)."""
    gen.write_text_as(mixed_dataset / "broken.wav")
    (mixed_dataset / "empty.flac").write_bytes(b"")
    left, right = gen.tone(48000, 1.5, freq=300.0), gen.noise(48000, 1.5, seed=8)
    stereo = np.concatenate([left, right], axis=1)
    gen.write_wav(mixed_dataset / "stereo.wav", stereo, 48000, subtype="FLOAT")
    bad = gen.noise(44100, 1.0, seed=9)
    bad[1000:1010] = np.nan
    gen.write_wav(mixed_dataset / "nan.wav", bad, 44100, subtype="FLOAT")
    return mixed_dataset


def test_the_schema_is_a_valid_draft_2020_12_schema():
    schema = json_report.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["report_version"]["const"] == REPORT_VERSION
    assert schema["$id"].startswith(rule_docs.PROJECT_URL + "/")
    documented = schema["$defs"]["properties"]["properties"]
    assert list(documented) == [f for f in Properties.__dataclass_fields__]


def test_full_check_with_every_kind_of_file(varied):
    doc = validate(_json("check", str(varied), "--no-cache"))
    assert doc["report_version"] == REPORT_VERSION
    paths = {fr["path"].rsplit("/", 1)[-1] for fr in doc["files"]}
    assert {"broken.wav", "empty.flac", "stereo.wav", "nan.wav", "good.flac"} <= paths
    assert doc["dataset"]["findings"] and doc["skipped"]  # D001 at least; notes.txt
    broken = next(fr for fr in doc["files"] if fr["path"].endswith("broken.wav"))
    assert broken["signal"] is None and broken["findings"][0]["rule"] == "F001"
    nan = next(fr for fr in doc["files"] if fr["path"].endswith("nan.wav"))
    assert nan["signal"]["nonfinite_samples"] == 10  # and no NaN reached the JSON text
    assert_documented(doc)


def assert_documented(doc: dict) -> set[str]:
    """Fail on any key of a file's ``signal``, ``fidelity`` or ``properties`` record that the
    schema does not define (its records allow extra keys, so validation alone lets a key
    written and never documented through); returns the fidelity keys written."""
    defs = json_report.schema()["$defs"]
    written = set()
    for fr in doc["files"]:
        for part in ("signal", "fidelity", "properties"):
            extra = set(fr[part] or {}) - set(defs[part]["properties"])
            assert not extra, (fr["path"], part, sorted(extra))
        written |= set(fr["fidelity"] or {})
    return written


@needs_alsa
def test_every_fidelity_key_of_real_fakes_is_documented(tmp_path, gen):
    """A real recording (ALSA's prompt) made into the fakes whose records carry the edge's and
    the resampler's keys: brought down to 16 kHz and back up to 48 kHz with libsoxr, and a
    stereo pair of prompts through LAME at 96 kbps, as the MP3 file and as its FLAC decode."""
    x, sr = prompt("Front_Center")
    left = prompt("Front_Left")[0]
    up = soxr.resample(soxr.resample(x, sr, 16000, quality="VHQ"), 16000, sr, quality="VHQ")
    sf.write(tmp_path / "up.wav", up, sr, subtype="PCM_16")
    n = min(len(x), len(left))
    mp3 = gen.write_mp3(tmp_path / "dec.mp3", np.stack([x[:n], left[:n]], axis=1), sr, kbps=96)
    decoded, _ = sf.read(str(mp3), dtype="float32", always_2d=True)
    sf.write(tmp_path / "dec.flac", decoded, sr, subtype="PCM_16")
    doc = validate(_json("check", str(tmp_path), "--no-cache"))
    assert len(doc["files"]) == 3
    written = assert_documented(doc)
    # the paths that write them ran: an upsampled verdict, an edge's time behaviour, the
    # lossy file's bandwidth check
    assert {"upsampled_from", "resampler_position", "held", "holes", "expected_cutoff_hz",
            "reencoded"} <= written  # fmt: skip


@needs_alsa
def test_the_fields_of_copies_found_by_their_phase_are_documented(tmp_path):
    """ALSA's prompt brought to 44.1 kHz and back to 48 kHz by linear interpolation: an
    upsampled verdict on copies fitted by their phase (analysis/imagefit.py) writes image_fit,
    image_control_fit and image_cells, and T002's data the first two; all in the schema."""
    x, sr = prompt("Front_Left")
    x44 = soxr.resample(x, sr, 44100, quality="VHQ")
    t = np.arange(int(len(x44) * sr / 44100)) * 44100 / sr
    sf.write(tmp_path / "lin.wav", np.interp(t, np.arange(len(x44)), x44), sr, subtype="PCM_16")
    doc = validate(_json("check", str(tmp_path), "--no-cache"))
    written = assert_documented(doc)
    assert {"image_fit", "image_control_fit", "image_cells"} <= written
    (t002,) = [f for f in doc["files"][0]["findings"] if f["rule"] == "T002"]
    assert t002["data"]["image_fit"] == doc["files"][0]["fidelity"]["image_fit"]


def test_quick_select_and_inspect_runs(varied):
    quick = validate(_json("check", str(varied), "--quick", "--no-cache"))
    assert all(fr["signal"] is None for fr in quick["files"])
    validate(_json("check", str(varied), "--select", "Q003,S001", "--no-cache"))
    one = validate(_json("inspect", str(varied / "stereo.wav")))
    assert one["files"][0]["properties"]["channels"] == 2


def test_baselined_findings(varied, monkeypatch):
    monkeypatch.chdir(varied)
    args = ("check", ".", "--no-cache", "--baseline", "base.json")
    CliRunner().invoke(cli, list(args))
    doc = validate(_json(*args))
    assert doc["summary"]["baselined"] > 0


def test_every_rule_finding_shape_is_accepted():
    """A finding of every rule (ID pattern, name, term) fits the schema's finding record."""
    finding = json_report.schema()["$defs"]["finding"]
    check = jsonschema.Draft202012Validator(finding)
    for rule in rules.ALL:
        check.validate(
            {"rule": rule.ID, "name": rule.NAME, "severity": rule.SEVERITY, "term": rule.TERM,
             "message": "m", "definition": "d", "data": {}}
        )  # fmt: skip


def test_the_schema_rejects_renamed_dropped_and_unknown_fields(mixed_dataset):
    doc = validate(_json("check", str(mixed_dataset), "--no-cache"))
    finding = next(f for fr in doc["files"] for f in fr["findings"])
    renamed = copy.deepcopy(doc)
    f = next(f for fr in renamed["files"] for f in fr["findings"])
    f["level"] = f.pop("severity")
    assert errors(renamed)
    dropped = copy.deepcopy(doc)
    del dropped["files"][0]["elapsed_s"]
    assert errors(dropped)
    unknown = copy.deepcopy(doc)
    unknown["files"][0]["properties"]["colour"] = "blue"
    assert errors(unknown)
    wrong = copy.deepcopy(doc)
    wrong["report_version"] = REPORT_VERSION + 1
    assert errors(wrong)
    assert finding["severity"] in ("error", "warning", "info")


def test_schema_command_prints_the_shipped_schema():
    res = CliRunner().invoke(cli, ["schema"])
    assert res.exit_code == 0 and json.loads(res.stdout) == json_report.schema()


def test_jsonl_lines_follow_the_schema(varied):
    """``--format jsonl``: each file line is a schema ``file`` record; the last line is the
    report without ``files`` plus ``file_findings`` (findings records)."""
    res = CliRunner().invoke(cli, ["check", str(varied), "--no-cache", "--format", "jsonl"])
    assert res.exit_code == 1, res.output
    lines = [_strict(x) for x in res.stdout.splitlines()]
    schema = json_report.schema()
    record = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/file"})
    for line in lines[:-1]:
        record.validate(line)
    tail = dict(lines[-1])
    attached = tail.pop("file_findings")
    jsonschema.Draft202012Validator(schema).validate({**tail, "files": []})
    finding = jsonschema.Draft202012Validator(schema["$defs"]["finding"])
    for entry in attached:
        for f in entry["findings"]:
            finding.validate(f)


def _fields(node, path: str = "") -> set[str]:
    """Every field the schema names, as a dotted path (``$defs`` records under their name)."""
    out = set()
    for name, sub in (node.get("properties") or {}).items():
        out |= {f"{path}{name}"} | _fields(sub, f"{path}{name}.")
    for name, sub in (node.get("$defs") or {}).items():
        out |= _fields(sub, f"{name}:")
    return out


# How many fields each report_version's schema names (592855b's version 1: 109; 1f1c1fb's
# version 2: 131). Adding one fails this test until REPORT_VERSION (models.py), the schema's
# const and the README's example are raised and the new version's count is recorded here.
FIELD_COUNT = {1: 109, 2: 131, 3: 137, 4: 142, 5: 143, 6: 156, 7: 207, 8: 211, 9: 217, 10: 221}
FIELD_COUNT[11] = 227
FIELD_COUNT[12] = 229
FIELD_COUNT[13] = 234
FIELD_COUNT[14] = 235
FIELD_COUNT[15] = 238
FIELD_COUNT[16] = 240
FIELD_COUNT[17] = 245
FIELD_COUNT[18] = 246
FIELD_COUNT[19] = 259
FIELD_COUNT[20] = 271  # +12, fidelity.upsampled_grid (T001: MP3 decoded at 22.05-32 kHz, upsampled)
FIELD_COUNT[21] = (
    272  # +1, fidelity.opus_grid.frame_change_db (T001: a steady tone is no Opus decode)
)
FIELD_COUNT[22] = 273  # +1, signal.dc_steady (S003: a thump's mean is no DC offset)
FIELD_COUNT[23] = 274  # +1, signal.clipped_overs (S001: a float file's overs are kept, not cut)
FIELD_COUNT[24] = 275  # +1, signal.steady_notes_ratio (S005: held notes are no noise floor)
FIELD_COUNT[25] = 276  # +1, summary.contained_copies (D001: a slice beside its source counts once)
FIELD_COUNT[26] = 277  # +1, summary.voiceless_files (D001: music and noise are no voice's time)
FIELD_COUNT[27] = 278  # +1, fidelity.resampler_sag_db (T002: an early fall is a filter's too)
FIELD_COUNT[28] = 282  # +1, signal.reverb_fall_db (S008: the fall measured, C50 read from it)
FIELD_COUNT[29] = 283  # +1, fidelity.resampler_dithered (T002: a wall over a shaped dither)
FIELD_COUNT[30] = 284  # +1, signal.second_own_ratio (S009: one voice read at two pitches)
FIELD_COUNT[31] = 285  # +1, fidelity.band_db (D003: a hi-res decode's fall at a copy's wall)
#    +3, signal.channel_lag_ms, channel_lag_correlation, channel_lag_notch_db (S006: a channel
#    that is the other delayed, and its comb as measured)
# 6: +12, fidelity.reencode_grid (T004); +1, signal.voiced_run_ratio (S007)
# 7: +12, fidelity.opus_grid (T001); +1, signal.level_move_db (S007); +11, fidelity.mp2_grid (T001)
#    +6 with no new report field: signal.second_voice_ratio, second_pitch_hz, second_voice_db (S009)
#    and reverb_offsets, c50_db, rt60_s (S008), written since versions 4-5 but missing from the
#    schema until session 12
#    +21 with no new report field: fidelity's edge (depth_db, width_hz, steepness_db_per_khz,
#    floor_db, stop_hz, corner_hz, reach_hz, held, flicker_db, holes, spread_db, side_cutoff_hz,
#    rolloff_hz), resampler (resampler_position, resampler_drop_db, resampler_spread_db,
#    resampler_loud, upsampled_from), origin and the lossy check's expected_cutoff_hz and
#    reencoded, written by earlier versions but missing from the schema until session 12
# 8: +1, signal.low_pitch_ratio (S007); +3, fidelity.codec_grid.channel, mp3_grid.channel,
#    opus_grid.channel (T001: a grid found in one channel alone)
# 9: +5, fidelity.mp3_grid.level_offset, level_share, off_grid_level_share, level_z,
#    level_contrast (T001: MP3's quantiser levels where its zeros find no grid); +1,
#    signal.shape_slow_db (S007: the shape's move 240 ms apart, in rooms)
# 10: +1, signal.alone_voice_ratio (S009: a quieter second voice on its own in the main voice's
#    pauses); +2, signal.shape_loud_db, slow_loud_db (S007: the shape's moves over the loud
#    frames alone, where a noise floor or a long hall's echo fills the pauses)
#    +1, signal.reverb_endings (S008: how many separate endings the free decays follow)
# 11: +6, fidelity.mp3_grid.lattice_share, off_grid_lattice_share, lattice_z, lattice_closeness,
#    off_grid_lattice_closeness, closeness_z (T001: MP3's whole levels on LAME's whole-decode
#    grid, where zeros and repeated levels find none)
# 12: +1, signal.clipped_flat_runs (S001: of the clipped runs, those inside a flat top); +1,
#    signal.one_pitch_share (S007: of the held-still pitched steps, the share on one pitch)
# 13: +1, signal.shape_peak_db (S007: the shape's move over the 2 s that move it most); +2,
#    signal.peak_flat_runs, peak_flat_samples (S001: flat tops at the file's own peak)
#    +2, signal.envelope_fast_db, envelope_syllable_db (S007: the level's modulation at 8-25 Hz
#    and 2-8 Hz, a drum roll's flutter against a speaker's syllables)
# 14: +1, signal.pause_pitched_ratio (S005: the pitched share of the pauses' frames, a music
#    bed, a hum or a voice rather than hiss)
# 15: +3, fidelity.image_fit, image_control_fit, image_cells (T002: an interpolator's copies
#    found by their phase, analysis/imagefit.py)
# 16: +1, fidelity.image_near (T002: the images read just past the old Nyquist frequency alone)
#    +1, signal.hum_hz (S007: words over a mains hum under the pitch floor, voiced under half)
# 17: +2, signal.left_louder_ratio, right_louder_ratio (S006: a different sound in each channel,
#    by turns); +3, a grid's cliff (codec, MP3, Opus: T001 on a grid and a codec's cliff)
# 18: +1, fidelity.opus_grid.from_rate (T001: Opus decodes written at 8-32 kHz, brought to 48 kHz)
# 19: +13, fidelity.resampled_grid (T001: a 44.1 kHz decode resampled to 48 kHz, regrid)


def test_a_field_added_raises_report_version():
    fields = _fields(json_report.schema())
    assert {"fidelity:image_corr", "fidelity:mp3_grid.peak_contrast"} <= fields
    assert len(fields) == FIELD_COUNT[REPORT_VERSION], sorted(fields)


@needs_alsa
def test_the_images_near_flag_and_the_hum_are_documented(tmp_path):
    """ALSA's prompt brought to 24 kHz and back to 48 kHz by linear interpolation: an upsampled
    verdict on images writes fidelity.image_near (false: the band above N read), also in T002's
    data; a prompt under a 50 Hz hum writes signal.hum_hz. Both validate against the schema."""
    x, sr = prompt("Front_Left")
    x24 = soxr.resample(x, sr, 24000, quality="VHQ")
    t = np.arange(2 * len(x24)) / 2
    sf.write(tmp_path / "lin.wav", np.interp(t, np.arange(len(x24)), x24), sr, subtype="PCM_16")
    n = np.arange(len(x))
    hum = sum(np.sin(2 * np.pi * 50 * k * n / sr) / k for k in range(1, 12))
    sf.write(tmp_path / "hum.wav", 0.7 * x + 0.02 * hum, sr, subtype="PCM_16")
    # the rules that read image_near and hum_hz selected (no config file can narrow them away)
    doc = validate(_json("check", str(tmp_path), "--no-cache", "--select", "S007,S009,T002"))
    assert "image_near" in assert_documented(doc)
    files = {Path(f["path"]).name: f for f in doc["files"]}
    (t002,) = [f for f in files["lin.wav"]["findings"] if f["rule"] == "T002"]
    assert t002["data"]["image_near"] is files["lin.wav"]["fidelity"]["image_near"] is False
    assert files["hum.wav"]["signal"]["hum_hz"] == pytest.approx(50.0, abs=0.5)
    assert files["lin.wav"]["signal"]["hum_hz"] is None
