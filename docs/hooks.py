"""MkDocs hook: the notebooks of ``notebooks/`` (outside ``docs/``) become pages under ``notebooks/``.

They stay where the test suite runs them (``tests/test_notebooks.py``); the ``mkdocs-jupyter`` plugin executes
and renders them. This hook runs before the plugins (priority 100) so that the plugin sees them.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
        files.append(
            File(
                f"notebooks/{notebook.name}",
                src_dir=str(NOTEBOOKS.parent),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    return files
