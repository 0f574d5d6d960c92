"""The merge resource (resources/merge.yaml) is validated on load: its families and the hosts of a clause."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from marsad.extract.merge import load_merge_rules
from marsad.extract.merge_rules import MergeRules


def test_the_packaged_rules_name_every_clause_host_and_why() -> None:
    rules = load_merge_rules()
    assert rules.clause_hosts
    assert all(rule.host and rule.why and (rule.guest or rule.guest_groups) for rule in rules.clause_hosts)


def test_a_clause_host_without_a_reason_is_refused() -> None:
    with pytest.raises(ValidationError):
        MergeRules.model_validate(
            {"families": {}, "clause_hosts": [{"host": ["Strategic developments/Arrests"], "guest_groups": ["x"]}]}
        )
