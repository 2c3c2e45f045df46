from storydesk.grouping import UnionFind, connected_groups
from storydesk.reconcile.sources import SourceGraph


def test_transitive_groups_keep_input_order() -> None:
    groups = connected_groups(["a", "b", "c", "d", "e"], [("d", "b"), ("b", "e"), ("x", "a")])
    assert groups == [["a"], ["b", "d", "e"], ["c"]]


def test_no_pairs_means_singletons() -> None:
    assert connected_groups(range(3), []) == [[0], [1], [2]]


def test_union_find_keeps_the_named_root() -> None:
    sets: UnionFind[str] = UnionFind(["a", "b"])
    assert sets.union("b", "a") == "b"
    assert sets.find("a") == sets.find("b") == "b"
    assert sets.find("new") == "new"  # an item not seen before is its own set
    clone = sets.copy()
    clone.union("new", "a")
    assert clone.find("b") == "new" and sets.find("b") == "b"


def test_source_graph_names_a_relayed_component_after_its_agency() -> None:
    graph = SourceGraph([["a1", "a2"], ["b1"]])
    graph.union(graph.group("a1"), "agency:reuters")
    graph.union(graph.group("b1"), "agency:reuters")
    assert graph.find(graph.group("a2")) == graph.find(graph.group("b1")) == "agency:reuters"
    graph.union("agency:reuters", graph.group("c1"))  # the agency stays the root
    assert graph.find(graph.group("c1")) == "agency:reuters"
