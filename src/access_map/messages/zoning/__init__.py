"""Messages of the GP zoning engine (:mod:`access_map.zoning`), in French.

One submodule per concern, every name re-exported here (``from access_map.messages import zoning as msg``):

* :mod:`.vocabulary` — classes, categories, who decided, broken rules, severities; APL, thresholds and
  inhabitants as a sentence writes them;
* :mod:`.reasons` — why a unit got its class (column ``reason`` of ``zoning_tvs.csv``);
* :mod:`.checks` — broken rules (``violations.csv``), notes and warnings of a run, the report's summary;
* :mod:`.rules` — what each rule is, its source and its value (``rules.csv``), errors of a rule set;
* :mod:`.validation` — errors and warnings about the engine's inputs (TVS, policies, five levels, diffs);
* :mod:`.inputs` — errors about the tables the engine reads (caps, communes, QPV, ARS list, zoning in force);
* :mod:`.national` — errors, notes and sources of the national run and of the bassin-de-vie proxy;
* :mod:`.columns` — French headers and values of the zoning tables (:func:`pour_analyste`).

Examples
--------
>>> from access_map.messages import zoning as msg
>>> msg.selection_nationale(apl=1.658, threshold=2.5, optional=False)
'APL 1,658 ≤ 2,5 : sélection nationale (ZIP, zone A), obligatoire'
"""

from __future__ import annotations

from . import checks, columns, inputs, national, reasons, rules, validation, vocabulary
from .checks import *  # noqa: F403
from .columns import *  # noqa: F403
from .inputs import *  # noqa: F403
from .national import *  # noqa: F403
from .reasons import *  # noqa: F403
from .rules import *  # noqa: F403
from .validation import *  # noqa: F403
from .vocabulary import *  # noqa: F403

__all__ = [
    *vocabulary.__all__,
    *reasons.__all__,
    *checks.__all__,
    *rules.__all__,
    *validation.__all__,
    *columns.__all__,
    *inputs.__all__,
    *national.__all__,
]
