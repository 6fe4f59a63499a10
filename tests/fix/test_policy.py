"""Which fixes apply: applicability, fixable/unfixable and the extend-*-fixes selectors."""

from __future__ import annotations

import pytest

from alignlint.core.selectors import resolve
from alignlint.core.settings import Settings
from alignlint.core.types import Applicability, Fix
from alignlint.fix import FixPolicy

SAFE = Fix("m", Applicability.SAFE, ())
UNSAFE = Fix("m", Applicability.UNSAFE, ())
DISPLAY = Fix("m", Applicability.DISPLAY_ONLY, ())


@pytest.mark.parametrize(
    ("positive", "negative", "expected"),
    [
        (["ALL"], [], True),
        (["ALN"], ["ALN2"], False),
        (["ALN203"], ["ALN2"], True),
        (["ALN2"], ["ALN2"], False),
        (["contract-key-mismatch"], ["ALN203"], False),
        (["contract-key-mismatch"], ["ALN20"], True),
        (["ALN3"], [], None),
    ],
)
def test_most_specific_selector_wins_and_negative_wins_ties(
    positive: list[str], negative: list[str], expected: bool | None
) -> None:
    assert resolve(positive, negative, "ALN203", "contract-key-mismatch") is expected


def test_safe_fixes_only_by_default() -> None:
    policy = FixPolicy()
    assert policy.allows(SAFE, "ALN101")
    assert not policy.allows(UNSAFE, "ALN101")
    assert FixPolicy(unsafe_fixes=True).allows(UNSAFE, "ALN101")


def test_display_only_fixes_are_never_applied() -> None:
    policy = FixPolicy(unsafe_fixes=True, extend_safe_fixes=("ALL",))
    assert policy.applicability(DISPLAY, "ALN101") is Applicability.DISPLAY_ONLY
    assert not policy.allows(DISPLAY, "ALN101")


def test_fixable_and_unfixable_select_rules_by_prefix() -> None:
    policy = FixPolicy(fixable=("ALN",), unfixable=("ALN2",))
    assert policy.allows(SAFE, "ALN101")
    assert not policy.allows(SAFE, "ALN203")
    assert not policy.allows(SAFE, "XYZ101")
    assert FixPolicy(fixable=("ALN203",), unfixable=("ALN2",)).allows(SAFE, "ALN203")


def test_extend_safe_and_unsafe_fixes_change_applicability() -> None:
    policy = FixPolicy(extend_safe_fixes=("ALN2",), extend_unsafe_fixes=("ALN203",))
    assert policy.applicability(UNSAFE, "ALN201") is Applicability.SAFE
    assert policy.applicability(SAFE, "ALN203") is Applicability.UNSAFE
    assert policy.applicability(UNSAFE, "ALN101") is Applicability.UNSAFE
    assert policy.allows(UNSAFE, "ALN201")
    assert not policy.allows(SAFE, "ALN203")
    tie = FixPolicy(extend_safe_fixes=("ALN2",), extend_unsafe_fixes=("ALN2",))
    assert tie.applicability(UNSAFE, "ALN201") is Applicability.UNSAFE


def test_policy_from_settings() -> None:
    settings = Settings(fixable=("ALN1",), unfixable=("ALN104",), extend_safe_fixes=("ALN102",))
    policy = FixPolicy.from_settings(settings, unsafe_fixes=False)
    assert policy == FixPolicy(False, ("ALN1",), ("ALN104",), ("ALN102",), ())
    assert policy.allows(UNSAFE, "ALN102")
    assert not policy.allows(SAFE, "ALN104")


def test_importing_the_fix_package_does_not_import_libcst() -> None:
    import subprocess
    import sys

    code = "import sys, alignlint.fix; print('libcst' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
