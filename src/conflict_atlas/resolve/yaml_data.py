"""YAML data files read with libyaml's parser when PyYAML was built with it.

``yaml.safe_load`` parses in pure Python; the actor registry alone took about 0.1 s that
way, ten times what the C parser needs. The C loader builds the same objects with the
same safe constructors and resolvers, and raises the same ``yaml.YAMLError`` classes.
"""

from __future__ import annotations

from typing import Any

import yaml

#: The safe loader to use: libyaml's when available, else PyYAML's pure-Python one.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, with the C parser when there is one."""
    return yaml.load(text, Loader=SAFE_LOADER)
