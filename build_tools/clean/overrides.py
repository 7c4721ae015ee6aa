"""An editor's overrides, from the sidecar `sources/NAME.yml` (README, "Editor overrides").

- `pin`: readings no rule may change (an edit touching one is set aside);
- `reject`: changes a rule must not make, by rule and optionally by source
  offset (`at`, as `clean --report` prints it) or by the text it replaced;
- `corrections`: find/replace pairs applied after all the rules.
Every override is recorded like a rule's change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .edits import Edit

@dataclass(frozen=True)
class Rejection:
    rule: str
    at: int | None = None
    before: str | None = None

    def matches(self, rule: str, source_start: int, before: str) -> bool:
        return (rule == self.rule and (self.at is None or self.at == source_start)
                and (self.before is None or self.before == before))


@dataclass(frozen=True)
class Correction:
    find: str
    replace: str
    reason: str


@dataclass(frozen=True)
class Overrides:
    pins: tuple[str, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @classmethod
    def from_sidecar(cls, data: dict) -> "Overrides":
        """Validate the override part of a sidecar; raise ValueError saying what is wrong."""
        pins = data.get("pin") or []
        if not isinstance(pins, list) or not all(isinstance(p, str) and p for p in pins):
            raise ValueError("sidecar 'pin' must be a list of non-empty strings")
        rejections = []
        for item in data.get("reject") or []:
            if not isinstance(item, dict) or not isinstance(item.get("rule"), str) or set(item) - {"rule", "at", "before"}:
                raise ValueError("each sidecar 'reject' entry needs 'rule' and may have 'at' and 'before'")
            if "at" in item and not isinstance(item["at"], int):
                raise ValueError("sidecar 'reject: at' must be a source offset (an integer)")
            rejections.append(Rejection(item["rule"], item.get("at"), item.get("before")))
        corrections = []
        for item in data.get("corrections") or []:
            if not isinstance(item, dict) or not isinstance(item.get("find"), str) or not item["find"] \
                    or not isinstance(item.get("replace"), str) or set(item) - {"find", "replace", "reason"}:
                raise ValueError("each sidecar 'corrections' entry needs 'find' and 'replace' and may have 'reason'")
            corrections.append(Correction(item["find"], item["replace"], str(item.get("reason", "editor's correction"))))
        return cls(tuple(pins), tuple(rejections), tuple(corrections))

    def pinned_spans(self, text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), pin) for pin in self.pins for m in re.finditer(re.escape(pin), text)]

    def set_aside(self, rule: str, text: str, edit: Edit, source_start: int, pinned: list[tuple[int, int, str]]) -> str | None:
        """Why an editor's override stops this edit, or None."""
        for rejection in self.rejections:
            if rejection.matches(rule, source_start, text[edit.start:edit.end]):
                return "rejected by the editor (sidecar 'reject')"
        for start, end, pin in pinned:
            touches = start < edit.start < end if edit.start == edit.end else edit.start < end and start < edit.end
            if touches:
                return f"the editor pinned the reading “{pin}” (sidecar 'pin')"
        return None

    def correction_edits(self, text: str) -> list[Edit]:
        edits: list[Edit] = []
        for correction in self.corrections:
            start = text.find(correction.find)
            if start == -1:
                edits.append(Edit(0, 0, "", f"editor's correction not applied: “{correction.find}” not found", flag=True))
            while start != -1:
                end = start + len(correction.find)
                if any(e.start < end and start < e.end for e in edits if not e.flag):
                    edits.append(Edit(0, 0, "", f"editor's correction “{correction.find}” not applied at {start}: "
                                                "it overlaps an earlier correction", flag=True))
                else:
                    edits.append(Edit(start, end, correction.replace, correction.reason))
                start = text.find(correction.find, end)
        return edits


def check_sidecar_metadata(sidecar: dict) -> None:
    """Raise ValueError saying what is wrong with a sidecar's metadata part."""
    stories = sidecar.get("stories") or {}
    if not isinstance(stories, dict) or not all(isinstance(k, int) and isinstance(v, dict) for k, v in stories.items()):
        raise ValueError("sidecar 'stories' must map a story's position on the page (1, 2, …) to its fields")
    for fields in stories.values():
        for key, value in fields.items():
            if not isinstance(value, (str, int, list)) or isinstance(value, list) and not all(isinstance(v, str) for v in value):
                raise ValueError(f"sidecar field '{key}' must be text or a list of texts")
            if key in ("title", "date", "paper", "page", "column") and not isinstance(value, (str, int)):
                raise ValueError(f"sidecar field '{key}' must be text")
