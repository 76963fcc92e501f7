"""Values kasgen chose for the organisation (sector presets, default roles) are named to the user:
a comment on each in a draft, a warning naming each after ``--final``, whose document has none."""

from __future__ import annotations

import yaml

from kasgen.answers import load_profile
from kasgen.labels import field_label
from kasgen.pipeline import run
from tests.helpers import ROOT
from tests.test_cli import kasgen

CAFE = ROOT / "samples" / "cafe-lt.yaml"


def _cafe_with(tmp_path, roles=None, **phone):
    data = yaml.safe_load(CAFE.read_text(encoding="utf-8"))
    data["service_levels"]["phone"].update(phone)
    if roles:
        data["roles"] = {**data.get("roles", {}), **roles}
    path = tmp_path / "cafe.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_final_build_warns_with_each_unconfirmed_value_and_confirming_one_drops_it(tmp_path):
    final = kasgen("build", str(CAFE), "-o", str(tmp_path / "a.docx"), "--final")
    assert final.returncode == 0 and (tmp_path / "a.docx").is_file()
    assert "warning" in final.stderr
    for name in ("Phone: longest hold, seconds", "Owner of the standard", "Complaints: resolved within"):
        assert name in final.stderr
    confirmed = kasgen("build", str(_cafe_with(tmp_path, max_hold_seconds=45)),
                       "-o", str(tmp_path / "b.docx"), "--final")
    assert confirmed.returncode == 0
    assert "Phone: longest hold" not in confirmed.stderr
    assert "Owner of the standard" in confirmed.stderr


def test_draft_build_counts_them_and_leaves_the_naming_to_its_comments(tmp_path):
    result = kasgen("build", str(CAFE), "-o", str(tmp_path / "a.docx"))
    assert result.returncode == 0 and result.stderr == ""
    count = len(run(load_profile(CAFE)).standard.unconfirmed())
    assert count > 0 and f"{count} value(s) printed are kasgen's suggestions" in result.stdout


def test_every_reported_value_is_the_one_its_comment_asks_to_confirm(tmp_path):
    standard = run(load_profile(CAFE)).standard
    reported = standard.unconfirmed()
    assert {"service_levels.phone.max_hold_seconds", "roles.standard_owner"} <= set(reported)
    asking = [b for b in standard.blocks if getattr(b, "confirm", None)]
    assert asking
    for para in asking:
        comments = " ".join(para.comments)
        for path in para.confirm:
            assert field_label(path, "lt") in comments
    named = run(load_profile(_cafe_with(tmp_path, roles={"standard_owner": "Kavinės vadovė Aistė"}))).standard
    assert "roles.standard_owner" not in named.unconfirmed()
    assert "roles.complaints_owner" in named.unconfirmed()


def test_update_of_a_final_standard_warns_as_the_final_build_does(tmp_path):
    built = kasgen("build", str(CAFE), "-o", str(tmp_path / "a.docx"), "--final")
    assert built.returncode == 0
    updated = kasgen("update", str(tmp_path / "a.docx"), str(_cafe_with(tmp_path, max_hold_seconds=45)),
                     "-o", str(tmp_path / "b.docx"))
    assert updated.returncode == 0, updated.stderr
    assert "warning" in updated.stderr and "Owner of the standard" in updated.stderr
    assert "Phone: longest hold" not in updated.stderr


def test_batch_counts_them_per_standard_and_warns_after_final(tmp_path):
    """A batch names, per answers file, how many printed values await confirmation; a file
    whose answers confirm them all shows none."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cafe.yaml").write_text(CAFE.read_text(encoding="utf-8"), encoding="utf-8")
    count = len(run(load_profile(CAFE)).standard.unconfirmed())
    draft = kasgen("build", str(folder), "-o", str(tmp_path / "draft"), "-j", "1")
    assert draft.returncode == 0, draft.stderr
    assert f"; {count} suggested value(s) to confirm)" in draft.stdout
    assert "1 standard(s) print values that are kasgen's suggestions" in draft.stdout
    final = kasgen("build", str(folder), "-o", str(tmp_path / "final"), "--final")
    assert final.returncode == 0, final.stderr
    assert "warning: 1 standard(s) print values" in final.stderr


def test_batch_counts_each_file_for_itself(tmp_path):
    """Confirming one value in one answers file lowers that file's count, not the other's."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-cafe.yaml").write_text(CAFE.read_text(encoding="utf-8"), encoding="utf-8")
    confirmed = _cafe_with(tmp_path, max_hold_seconds=45)
    (folder / "b-confirmed.yaml").write_text(confirmed.read_text(encoding="utf-8"), encoding="utf-8")
    count = len(run(load_profile(CAFE)).standard.unconfirmed())
    result = kasgen("build", str(folder), "-o", str(tmp_path / "out"), "-j", "2")
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.startswith(("a-", "b-"))}
    assert f"; {count} suggested value(s) to confirm)" in lines["a-cafe.yaml"]
    assert f"; {count - 1} suggested value(s) to confirm)" in lines["b-confirmed.yaml"]
    assert "2 standard(s) print values" in result.stdout
