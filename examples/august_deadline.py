"""The August deadline: which threats are credible, and how a deal would split the gains.

London settled what each side would do at once; the expiry of the 90-day Geneva
truce in August decides what each side can threaten. The bundled model
``august-deadline`` is a game tree that starts from London's outcome (EDA relief
granted, supply restored): China delivers the promised rare earths or slow-walks
the licences; at the deadline the US extends the truce or snaps tariffs back up;
after a snap-back China retaliates or absorbs it. Payoffs are in % of each
side's own GDP over the 12 months after the deadline.

Run it with::

    python examples/august_deadline.py
    python examples/august_deadline.py --set china_share=0.2   # far below the articles' range
"""

from __future__ import annotations

import argparse

import bargain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a model parameter (repeatable)")
    args = parser.parse_args(argv)
    overrides = {name: float(value) for name, value in (item.split("=", 1) for item in args.set)}

    model = bargain.load_model("august-deadline")
    tree = model.tree(**overrides)
    print(model.title)
    if overrides:
        print("with", ", ".join(f"{k} = {v:g}" for k, v in overrides.items()))

    # 1. Backward induction: every player picks the best move at every node, reached or not.
    spe = tree.backward_induction()
    print(f"\nsubgame-perfect equilibria: {len(spe)} (ties: {len(spe.ties)})")
    print("path of play:  " + "  ->  ".join(f"{step.player} {step.move}" for step in spe.path))
    print("payoffs:       " + ", ".join(f"{p} {float(v):.2f}" for p, v in zip(tree.players, spe.payoffs, strict=True)))
    on_path = {step.node for step in spe.path}
    print("strategies (a move at every decision node):")
    for player, moves in spe.strategies.items():
        for node, move in moves.items():
            where = "on path " if node in on_path else "off path"
            print(f"  {player:<5} {node:<14} {move:<10} {where}  {model.nodes[node].text}")

    # 2. The reduced normal form has more Nash equilibria than the tree has subgame-perfect ones:
    #    some rest on threats that would not be carried out. classify() tells them apart.
    game = model.game(**overrides)
    solution = bargain.solve(game)
    print(f"\nreduced normal form {game.shape[0]}x{game.shape[1]}: {len(solution)} Nash equilibria")
    for player in tree.players:
        nodes = "/".join(node.name for node in tree.decision_nodes(player))
        print(f"  a {player} plan is a move at {nodes} (* = a node its own earlier move rules out)")
    for k, verdict in enumerate(tree.classify(solution)):
        eq = solution[k]
        if verdict.labels is None:
            plays = " vs ".join("+".join(s) for s in eq.supports)
        else:
            plays = " vs ".join(verdict.labels)
        print(f"  [{k}] {verdict.status:<15} {plays}")
        for threat in verdict.threats:
            print(f"        {threat.player} would not {threat.move} at {threat.node} "
                  f"(prefers {', '.join(threat.better)})")

    # 3. Bargaining before the deadline, measured against the no-deal leaf (snap-back, retaliation).
    deadline = model.deadline(**overrides)
    no_deal = deadline.disagreement
    at_no_deal = ", ".join(f"{p} {v:.2f}" for p, v in zip(game.players, no_deal, strict=True))
    print(f"\nbargaining against no deal ({at_no_deal}):")
    for name, solve in (("Nash", bargain.nash_bargaining), ("Kalai-Smorodinsky", bargain.kalai_smorodinsky)):
        point = solve(game, no_deal)
        lottery = "; ".join(f"{float(w):.3f} x ({r}, {c})" for (r, c), w in point.lottery)
        print(f"  {name:<18} {', '.join(f'{p} {float(v):.3f}' for p, v in point.payoff.items())}   via {lottery}")

    # Alternating offers over the same feasible set (no transfers: each side's payoff is in its own market's
    # units). The US proposes first, three rounds before the deadline; each side's patience (discount factor
    # per round) comes from the model, the US's falling with China's supply share.
    offers = bargain.rubinstein(game, dict(zip(model.players, deadline.discounts, strict=True)), deadline.rounds,
                                first=deadline.first, disagreement=no_deal)
    print(f"  alternating offers, {offers.rounds} rounds, {offers.first} first, discounts "
          + ", ".join(f"{p} {d:.3f}" for p, d in zip(offers.players, offers.discounts, strict=True)))
    for offer in offers.offers:
        proposal = ", ".join(f"{p} {float(v):.3f}" for p, v in zip(offers.players, offer.payoffs, strict=True))
        print(f"    round {offer.round}: {offer.proposer} proposes {proposal}")
    print("    agreed at once: " + ", ".join(f"{p} {float(v):.3f}" for p, v in offers.payoff.items()))
    print("    without a deadline: "
          + ", ".join(f"{p} {float(v):.3f}" for p, v in zip(offers.players, offers.limit, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
