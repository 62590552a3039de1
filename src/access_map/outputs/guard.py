"""Checks made before a run does any work: what an output folder or file must not be.

An output folder is refused when its name has a control character, when a file sits at its path, when it is
(or is inside) another output folder of the run, when it is or contains an input of the run (a data file or the
configuration: replacing the folder would delete them), and when it or its parent has no write permission for
anyone (checked on the mode bits, so that a read-only folder stays so even for root). An output *file* of a
command is refused when it is one of the command's inputs, even with ``--overwrite``.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..errors import OutputError
from ..messages import outputs as msg

__all__ = ["paths_in", "check_output_folders", "check_output_files", "resolved"]


def paths_in(obj: object) -> Iterator[Path]:
    """Every :class:`~pathlib.Path` inside a configuration (dataclasses, mappings, sequences), in order.

    Examples
    --------
    >>> from access_map.config import SourcesConfig
    >>> sources = SourcesConfig(files={"communes": Path("c.gpkg"), "practitioners": Path("p.csv")})
    >>> [str(p) for p in paths_in({"sources": sources, "label": "x"})]
    ['c.gpkg', 'p.csv']
    """
    if isinstance(obj, Path):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from paths_in(getattr(obj, f.name))
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from paths_in(value)
    elif isinstance(obj, list | tuple | set | frozenset):
        for value in obj:
            yield from paths_in(value)


def _has_control_character(path: Path) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in str(path))


def resolved(path: Path) -> Path:
    """``path`` made absolute with its links resolved; a symbolic-link loop is an :class:`OutputError` in French
    (Python < 3.13 raises ``RuntimeError("Symlink loop ...")``, an "unexpected error" for the user).

    Examples
    --------
    >>> resolved(Path("/")) == Path("/").resolve()
    True
    """
    try:
        return Path(os.path.abspath(path)).resolve()
    except (RuntimeError, OSError) as exc:
        raise OutputError(
            msg.erreur_systeme(path=path, code=errno.ELOOP, detail=str(exc), intact=True, writing=False)
        ) from exc


def _forms(path: Path) -> set[Path]:
    """A path as written (made absolute) and with its links resolved."""
    absolute = Path(os.path.abspath(path))
    return {absolute, resolved(absolute)}


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _check_writable(folder: Path) -> None:
    """Refuse a folder whose mode has no write bit at all (root would otherwise write into it)."""
    if os.name == "nt":  # pragma: no cover - folders carry no write bits on Windows
        return
    mode = folder.stat().st_mode
    if stat.S_ISDIR(mode) and not mode & 0o222:
        raise OutputError(msg.dossier_en_lecture_seule(folder=folder, mode=mode))


def check_output_folders(targets: Sequence[Path], *, inputs: Iterable[Path] = ()) -> None:
    """Refuse output folders that a run must not replace (see the module docstring); nothing is written.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "territory.toml").write_text("")
    >>> try:
    ...     check_output_folders([root], inputs=[root / "territory.toml"])
    ... except OutputError as e:
    ...     print(e)
    le dossier de sortie ... contient 1 entrée de l'exécution (fichier de configuration ou données : .../territory.toml)...
    """
    for target in targets:
        if _has_control_character(target):
            raise OutputError(msg.nom_de_dossier_invalide(path=target))
        if target.exists() and not target.is_dir():
            raise OutputError(msg.fichier_au_lieu_de_dossier(path=target))
    input_forms = [(p, _forms(p)) for p in inputs]
    for target in targets:
        folders = _forms(target)
        if any(folders & forms for _, forms in input_forms):
            raise OutputError(msg.dossier_est_une_entree(folder=target))
        inside = [p for p, forms in input_forms if any(f in q.parents for f in folders for q in forms)]
        if inside:
            raise OutputError(msg.dossier_contient_une_entree(folder=target, inputs=sorted(set(inside))))
    for i, first in enumerate(targets):
        for second in targets[i + 1 :]:
            a, b = resolved(first), resolved(second)
            if a == b or a in b.parents or b in a.parents:
                raise OutputError(msg.dossiers_imbriques(first=first, second=second))
    for target in targets:
        if target.exists():
            _check_writable(target)
        _check_writable(_nearest_existing(target.parent))


def check_output_files(outputs: Iterable[Path], *, inputs: Iterable[Path]) -> None:
    """Refuse an output file that is one of the command's inputs (even with ``--overwrite``), or a bad name.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "apl.csv"
    >>> _ = p.write_text("x")
    >>> try:
    ...     check_output_files([p], inputs=[p])
    ... except OutputError as e:
    ...     print(e)
    le fichier de sortie .../apl.csv est aussi une entrée de la commande...
    """
    input_files = [p for p in inputs if p.is_file()]
    for out in outputs:
        if _has_control_character(out):
            raise OutputError(msg.nom_de_dossier_invalide(path=out))
        if out.exists() and any(os.path.samefile(out, p) for p in input_files):
            raise OutputError(msg.sortie_est_une_entree(path=out))
