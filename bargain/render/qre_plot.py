"""A picture of the logit QRE principal branch (matplotlib, loaded only when drawing)."""

from __future__ import annotations

import numpy as np

from ..selection.qre import QREPath


def plot_qre_path(path: QREPath, ax=None, *, log_lambda: bool = True, threshold: float = 0.01):
    """Draw each action's probability along the branch against ``lambda``.

    One panel per player (or the axes given, one per player). Actions that
    never reach ``threshold`` are left out to keep the picture readable. With
    ``log_lambda`` the horizontal axis is ``log10(1 + lambda)``, so the early
    bends and the far end both show.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> import numpy as np
    >>> from bargain.selection import qre_path
    >>> A = np.array([[4.0, 0.0], [3.0, 3.0]])
    >>> fig = plot_qre_path(qre_path([A, A.T]))
    >>> len(fig.axes)
    2
    """
    import matplotlib

    if ax is None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    problem = path.problem
    if ax is None:
        fig, axes = plt.subplots(problem.n, 1, sharex=True, figsize=(7, 2.4 * problem.n), squeeze=False)
        axes = axes[:, 0]
    else:
        axes = np.atleast_1d(ax)
        fig = axes[0].figure
    x = np.log10(1 + np.maximum(path.lambdas, 0)) if log_lambda else path.lambdas
    for i, axis in enumerate(axes[: problem.n]):
        for k, action in enumerate(problem.actions[i]):
            series = path.profiles[i][:, k]
            if series.max() >= threshold:
                axis.plot(x, series, label=action)
        axis.set_ylabel(f"{problem.players[i]}\nprobability")
        axis.set_ylim(-0.02, 1.02)
        axis.legend(loc="best", fontsize="small")
        for turn in path.turning_points:
            axis.axvline(np.log10(1 + turn) if log_lambda else turn, color="grey", lw=0.5, ls=":")
    axes[problem.n - 1].set_xlabel("log10(1 + lambda)" if log_lambda else "lambda")
    fig.suptitle("Logit QRE principal branch")
    return fig


def save_qre_plot(path: QREPath, file, *, title: str | None = None) -> None:
    """Draw :func:`plot_qre_path` and write it to ``file`` (``.png``, ``.svg``, ``.pdf``: by its suffix).

    A file that cannot be written is a :class:`~bargain.render.plots.PlotError`
    naming the file.

    >>> import numpy as np, tempfile, pathlib
    >>> from bargain.selection import qre_path
    >>> A = np.array([[4.0, 0.0], [3.0, 3.0]])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = pathlib.Path(folder) / "qre.png"
    ...     save_qre_plot(qre_path([A, A.T]), out)
    ...     out.stat().st_size > 1000
    True
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        from .plots import PlotError

        raise PlotError("plotting needs matplotlib: pip install 'bargain[plot]'") from None
    figure = plot_qre_path(path)
    try:
        if title:
            figure.suptitle(f"Logit QRE principal branch: {title}", fontsize="medium")
        figure.savefig(file, dpi=100, bbox_inches="tight")
    except (OSError, ValueError) as error:
        from .plots import PlotError

        raise PlotError(f"cannot write the plot: {error}", source=str(file)) from None
    finally:
        plt.close(figure)
