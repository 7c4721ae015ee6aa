"""Small helpers for rule tests: run one rule the way the pipeline does."""

from build_tools.clean.edits import apply_edits


def run_rule(rule, text: str) -> str:
    return apply_edits(text, rule.__name__, rule(text))[0]


def page(*blocks: str) -> str:
    """Blocks of cleaned text, one blank line apart."""
    return "\n\n".join(blocks)


def flags(rule, text: str) -> list[str]:
    return [edit.reason for edit in rule(text) if edit.flag]
