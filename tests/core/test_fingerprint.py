"""A JSON fingerprint names the data, not the order its keys came in."""

import datetime

from core.fingerprint import json_fingerprint


def test_the_same_data_in_any_key_order_has_one_fingerprint_and_other_data_another():
    data = {"title": "Vitamin D", "sections": [{"heading": "Dose", "body": "600 IU"}], "faqs": []}
    reordered = {"faqs": [], "sections": [{"body": "600 IU", "heading": "Dose"}], "title": "Vitamin D"}

    assert json_fingerprint(reordered) == json_fingerprint(data)
    assert json_fingerprint({**data, "title": "Vitamin D3"}) != json_fingerprint(data)
    assert len(json_fingerprint(data)) == 64


def test_a_value_json_has_no_type_for_counts_as_its_text():
    day = datetime.date(2026, 3, 1)
    assert json_fingerprint({"reviewed": day}) == json_fingerprint({"reviewed": "2026-03-01"})
