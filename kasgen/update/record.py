"""What a build records about itself in the manifest: versions, template and the answers."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from kasgen import __version__
from kasgen.profile import Profile
from kasgen.resources import data_dir, digest_data_files
from kasgen.wordml.identity import BuildRecord


@lru_cache(maxsize=8)
def library_version(clause_dirs: tuple[Path, ...] = ()) -> str:
    """A content hash of everything the text is made from: the bundled clause library, language
    files and layout, and any custom clause folders. Equal hashes mean an equal library."""
    digest = hashlib.sha256()
    for root in [data_dir("templates"), *clause_dirs]:
        # update.yaml holds the update's own words, not the standard's
        digest_data_files(digest, Path(root), skip=frozenset({"update.yaml"}))
    return digest.hexdigest()[:32]


@lru_cache(maxsize=8)
def template_version(template: Path) -> str:
    return hashlib.sha256(Path(template).read_bytes()).hexdigest()[:32]


def build_record(profile: Profile, lang: str, clause_dirs: list[Path] | None, template: Path,
                 comments: bool) -> BuildRecord:
    return BuildRecord(
        kasgen=__version__,
        library=library_version(tuple(clause_dirs or ())),
        template=template_version(template),
        clauses=";".join(Path(d).resolve().name for d in clause_dirs or []),
        lang=lang,
        comments=comments,
        answers=profile.model_dump(mode="json", exclude_unset=True),
    )
