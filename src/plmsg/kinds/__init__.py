"""Rule kinds: one module each. A rule file names its kind; the module compiles it."""

from __future__ import annotations

from .base import Rule
from .consistency import Consistency
from .existence import Existence
from .metric import Metric
from .opening import Opening
from .pattern import Pattern
from .requires import Requires
from .sentence import Sentence
from .substitution import Substitution

# Every kind a rule file may name, in the order `plmsg rules` and errors list them.
KINDS: dict[str, type[Rule]] = {
    "existence": Existence,
    "substitution": Substitution,
    "consistency": Consistency,
    "opening": Opening,
    "requires": Requires,
    "metric": Metric,
    "sentence": Sentence,
    "pattern": Pattern,
}
