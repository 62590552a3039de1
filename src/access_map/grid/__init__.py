"""Accessibility below the commune: the INSEE 200 m grid (and any zones), with poverty."""
