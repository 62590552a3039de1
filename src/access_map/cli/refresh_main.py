"""``python -m access_map.cli.refresh_main``: the ``demo`` command as a module (used by tests)."""

from __future__ import annotations

from .refresh import demo_command

if __name__ == "__main__":  # pragma: no cover
    demo_command()
