"""The README's claims about the Python API, each checked (its code blocks also run as doctests).

The README said ``bargain.read_nfg`` reads back ``write_nfg``'s text while it took only a path and
failed with "<entire text>: file not found"; every other sentence about the API is held to here.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

import bargain
from bargain import Game

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
GAME = Game([[3, 0], [0, 2]], [[2, 0], [0, 3]], players=("US", "China"),
            actions=(["ease", "hold"], ["restore", "withhold"]))


def test_read_nfg_reads_back_the_text_write_nfg_returns(tmp_path):
    assert "bargain.read_nfg reads it back" in README
    text = bargain.write_nfg(GAME)
    assert bargain.read_nfg(text) == GAME
    float_game = Game([[0.1, 2.5], [1e-3, -4.0]], [[1.0, 0.0], [0.0, 1.0]])
    assert bargain.read_nfg(bargain.write_nfg(float_game)) == float_game
    path = tmp_path / "g.nfg"
    bargain.write_nfg(GAME, path)
    assert bargain.read_nfg(path) == GAME == bargain.read_nfg(str(path))
    with path.open() as handle:
        assert bargain.read_nfg(handle) == GAME


def test_read_nfg_names_text_in_its_errors_not_the_whole_text():
    with pytest.raises(bargain.FormatError) as caught:
        bargain.read_nfg('NFG 1 R "x" { "a" "b" }\n{ 1 1 }\n1 2 3')
    assert str(caught.value) == "<text>: line 3: too many payoffs: expected 2 (2 per contingency)"


def test_solve_signature_and_what_a_solution_carries():
    assert 'bargain.solve(game, method="auto", exact=False, tol=1e-9, timeout=None, progress=None)' in README
    import inspect

    signature = inspect.signature(bargain.solve)
    assert [(p.name, p.default) for p in list(signature.parameters.values())[1:]] == [
        ("method", "auto"), ("exact", False), ("tol", 1e-9), ("timeout", None), ("progress", None)]
    solution = bargain.solve(GAME)
    assert isinstance(solution, bargain.Solution)
    assert all(isinstance(eq, bargain.Equilibrium) for eq in solution)
    eq = solution[1]
    assert set(eq.strategies["US"]) == {"ease", "hold"}  # strategies by action label
    assert eq.payoff == {"US": pytest.approx(1.2), "China": pytest.approx(1.2)}  # expected payoffs
    assert eq.supports == (("ease", "hold"), ("restore", "withhold")) and not eq.pure
    assert eq.regret <= solution.tolerance
    assert (solution.degenerate, solution.continuum, solution.components) == (False, False, ((0,), (1,), (2,)))
    assert solution.verified


def test_the_method_table_matches_the_methods_and_their_completeness():
    rows = re.findall(r"^\| `([a-z-]+)` \| .* \| (yes|no|pure only) \|$", README, re.M)
    assert [name for name, _ in rows] == list(bargain.solve.__globals__["METHODS"])
    for name, complete in rows:
        game = GAME if name != "zero-sum" else Game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        assert bargain.solve(game, name).complete == (complete == "yes"), name


def test_exact_mode_reads_floats_as_their_decimals():
    assert "(`0.1` is `1/10`)" in README
    (eq,) = [e for e in bargain.solve(Game([[0.1, 0], [0, 0.2]], [[0.2, 0], [0, 0.1]]), exact=True) if not e.pure]
    assert eq.profile[0] == (Fraction(1, 3), Fraction(2, 3))


def test_a_game_floats_cannot_certify_is_solved_exactly_or_marked():
    assert "`Solution.verified`" in README and '`"verified"` in JSON' in README
    solution = bargain.solve(Game([[10**19, 1], [0, 0]], [[0, 0], [0, 1]]))
    assert solution.verified and solution.method == "auto:exact"
    assert "floats cannot certify" in solution.options["float_trouble"]


def test_named_python_functions_exist_and_are_the_documented_ones():
    from bargain import sensitivity

    for name in re.findall(r"`bargain\.([a-z_]+)`", README):
        assert callable(getattr(bargain, name)), name
    assert bargain.sweep is sensitivity.sweep and bargain.thresholds is sensitivity.thresholds
    assert bargain.montecarlo is sensitivity.montecarlo


def test_sequential_game_does_what_the_readme_says():
    from bargain.games.nodes import Decision, Leaf

    assert "`backward_induction()`" in README and "`to_game()`" in README and "`classify`" in README
    tree = bargain.SequentialGame(("Entrant", "Incumbent"), Decision("entrant", "Entrant", {
        "out": Leaf((0, 2)),
        "in": Decision("incumbent", "Incumbent", {"fight": Leaf((-1, -1)), "accommodate": Leaf((1, 1))})}))
    (spe,) = tree.backward_induction()
    assert [step.move for step in spe.path] == ["in", "accommodate"]
    assert spe.strategies == {"Entrant": {"entrant": "in"}, "Incumbent": {"incumbent": "accommodate"}}
    verdicts = tree.classify(bargain.solve(tree.to_game(), "pure"))
    assert {v.labels: v.status for v in verdicts} == {("out", "fight"): "non-credible",
                                                        ("in", "accommodate"): "subgame-perfect"}


def test_install_commands_never_name_the_unrelated_package_on_the_index():
    root = Path(__file__).resolve().parents[1]
    texts = [root / "README.md", *(root / "docs").glob("*.md"), *(root / "examples").glob("*.py"),
             root / "bargain" / "render" / "plots.py"]
    for path in texts:
        assert not re.search(r"""pip install ['"]?bargain\[""", path.read_text(encoding="utf-8")), path


def test_the_base_install_carries_what_the_examples_import_and_nothing_unused():
    import ast
    import tomllib

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # distribution names as the modules they install are imported
    module_of = {"salib": "SALib", "vl-convert-python": "vl_convert", "python-flint": "flint"}
    base = {module_of.get(name, name) for name in
            (re.split(r"[<>=\[ ]", d)[0].lower() for d in project["dependencies"])}
    assert "matplotlib" in base and "nashpy" not in base
    assert any(d.startswith("nashpy") for d in project["optional-dependencies"]["test"])
    imported = set()
    for path in [*(root / "bargain").rglob("*.py"), *(root / "examples").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(__import__("sys").stdlib_module_names) - {"bargain"}
    optional = {"dask", "distributed"}  # the dask extra, imported only for a cluster
    assert third_party - optional <= base, third_party - optional - base
    for name in base - {"matplotlib"}:
        assert name in imported, f"{name} is a dependency nothing imports"
