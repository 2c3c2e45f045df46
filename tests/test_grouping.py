from storydesk.grouping import connected_groups


def test_transitive_groups_keep_input_order() -> None:
    groups = connected_groups(["a", "b", "c", "d", "e"], [("d", "b"), ("b", "e"), ("x", "a")])
    assert groups == [["a"], ["b", "d", "e"], ["c"]]


def test_no_pairs_means_singletons() -> None:
    assert connected_groups(range(3), []) == [[0], [1], [2]]
