"""Every text a user reads, in French, from one place.

The package's code names things in English; what reaches a user — CLI help and messages, errors,
warnings, reports, map labels, CSV headers meant for analysts — is French and lives in this
package, one submodule per concern (``messages.outputs``, ``messages.scenario``…). Code imports the
text it shows from here instead of writing it inline, so that a wording is changed once and a test can
check the catalogue as a whole.

Conventions:

* a message is a function of keyword arguments returning a ``str`` (or a constant when it has no
  argument); values taken from input files are inserted as data (never used as a template);
* numbers in French text are formatted by :func:`nombre`, :func:`entier` and :func:`pourcent`
  (decimal comma, narrow no-break space between thousands: ``1 234,5``), never by ``str()``;
* lists of offending values are cut by :func:`liste` (a few examples and the count), and any value
  quoted from a file is shortened by :func:`extrait`, so that a message stays readable whatever the
  input.

Examples
--------
>>> nombre(1234.567, decimals=1)
'1\u202f234,6'
>>> entier(67408052.0)
'67\u202f408\u202f052'
>>> pourcent(0.05, decimals=0)
'5\u202f%'
>>> liste(["33001", "33002", "33003", "33004", "33005", "33006"], limit=3)
'33001, 33002, 33003… (6 en tout)'
>>> pluriel(2, "commune")
'2 communes'
"""

from __future__ import annotations

from ._format import entier, extrait, liste, nombre, pluriel, pourcent

__all__ = ["nombre", "entier", "pourcent", "liste", "extrait", "pluriel"]
