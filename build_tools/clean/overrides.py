"""An editor's overrides, from the sidecar `sources/NAME.yml` (handbook/editors.md).

- `pin`: readings no rule may change (an edit touching one is set aside);
- `reject`: changes a rule must not make, by rule and optionally by source
  offset (`at`, as `clean --report` prints it) or by the text it replaced;
- `corrections`: find/replace pairs applied after all the rules.
Every override is recorded like a rule's change. The sidecar is parsed and
checked at ingest (`ingest.parse_sidecar`); only rule names are checked here,
where the rules are known.
"""

from __future__ import annotations

import re

from ..model import Rejection, Sidecar
from .edits import Edit

def check_rule_names(sidecar: Sidecar, rule_names: set[str]) -> None:
    """A 'reject' entry must name a rule: a misspelt one would silently reject nothing."""
    for rejection in sidecar.rejections:
        if rejection.rule not in rule_names:
            raise ValueError(f"附注文件否决的规则“{rejection.rule}”不存在（规则有：{'、'.join(sorted(rule_names))}）")


def _matches(rejection: Rejection, rule: str, source_start: int, before: str) -> bool:
    return (rule == rejection.rule and (rejection.at is None or rejection.at == source_start)
            and (rejection.before is None or rejection.before == before))


def pinned_spans(sidecar: Sidecar, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), pin) for pin in sidecar.pins for m in re.finditer(re.escape(pin), text)]


def set_aside(sidecar: Sidecar, rule: str, text: str, edit: Edit, source_start: int,
              pinned: list[tuple[int, int, str]]) -> str | None:
    """Why an editor's override stops this edit, or None."""
    for rejection in sidecar.rejections:
        if _matches(rejection, rule, source_start, text[edit.start:edit.end]):
            return "编辑在附注文件中否决了这条规则的改动"
    for start, end, pin in pinned:
        touches = start < edit.start < end if edit.start == edit.end else edit.start < end and start < edit.end
        if touches:
            return f"编辑在附注文件中锁定了原文“{pin}”"
    return None


def correction_edits(sidecar: Sidecar, text: str) -> list[Edit]:
    edits: list[Edit] = []
    for correction in sidecar.corrections:
        start = text.find(correction.find)
        if start == -1:
            edits.append(Edit(0, 0, "", f"编辑的更正未执行：找不到“{correction.find}”", flag=True))
        while start != -1:
            end = start + len(correction.find)
            if any(e.start < end and start < e.end for e in edits if not e.flag):
                edits.append(Edit(0, 0, "", f"编辑的更正“{correction.find}”未在第 {start} 字处执行：与前一处更正重叠", flag=True))
            else:
                edits.append(Edit(start, end, correction.replace, correction.reason))
            start = text.find(correction.find, end)
    return edits
