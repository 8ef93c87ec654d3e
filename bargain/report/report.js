/* bargain report: draws the page from the data embedded in it. No request leaves the page.
 *
 * The data (schema "bargain-report/1") is described in bargain/report/data.py. Charts are Vega-Lite
 * specifications built here and drawn as SVG by the inlined Vega-Embed (with Vega and Vega-Lite inside it).
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("report-data").textContent);
  var players = data.players;
  var actions = data.actions;
  var isTree = data.model.kind === "sequential";
  var names = data.parameters.map(function (p) { return p.name; });
  var byName = {};
  data.parameters.forEach(function (p) { byName[p.name] = p; });
  // state.param is the parameter moved away from the chosen values (null: none); state.index its grid index
  var state = { param: null, index: null, chartParam: null };
  var views = {};

  // ------------------------------------------------------------------ formatting (as bargain.render.short)

  function fixed(x, digits) {
    // Both toFixed and Python round the exact binary value; they differ on exact ties only (toFixed away from zero,
    // Python to even). A double is a tie at d decimals exactly when it is an odd multiple of 2^-(d+1).
    var halves = Math.abs(x) * Math.pow(2, digits + 1);
    if (Math.abs(x) < 1e6 && Number.isInteger(halves) && halves % 2 === 1) {
      var n = Math.floor(Math.abs(x) * Math.pow(10, digits));
      if (n % 2 === 1) { n += 1; }
      var text = (n / Math.pow(10, digits)).toFixed(digits);
      return (x < 0 ? "-" : "") + text;
    }
    return x.toFixed(digits);
  }

  function short(x, digits) {
    if (digits === undefined) { digits = 4; }
    var text = fixed(Number(x), digits);
    if (text.indexOf(".") >= 0) { text = text.replace(/0+$/, "").replace(/\.$/, ""); }
    return (text === "-0" || text === "") ? "0" : text;
  }

  function shown(x) {
    // a parameter value as the slider shows it: up to 6 significant digits, no trailing zeros
    var text = Number(x).toPrecision(6);
    if (text.indexOf("e") < 0 && text.indexOf(".") >= 0) { text = text.replace(/0+$/, "").replace(/\.$/, ""); }
    return text;
  }

  function mixed(k, strategy) {
    var parts = [];
    strategy.forEach(function (p, j) {
      if (p > 0) { parts.push(p === 1 ? actions[k][j].label : actions[k][j].label + " " + short(p)); }
    });
    return parts.join(", ");
  }

  function supports(eq) {
    return eq.s.map(function (strategy, k) {
      return players[k] + " " + strategy.map(function (p, j) { return p > 0 ? actions[k][j].label : null; })
        .filter(function (a) { return a !== null; }).join("+");
    }).join(" / ");
  }

  function isPure(eq) {
    return eq.s.every(function (strategy) { return strategy.filter(function (p) { return p > 0; }).length === 1; });
  }

  function signature(point) {
    var labels = point.eq.map(supports);
    labels.sort();
    return labels.length ? labels.join("; ") : "no equilibrium";
  }

  function pct(x) { return short(100 * x, 1) + "%"; }

  // ------------------------------------------------------------------ DOM helpers

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) { return; }
        if (key === "text") { node.textContent = value; }
        else if (key === "className") { node.className = value; }
        else { node.setAttribute(key, value === true ? "" : value); }
      });
    }
    for (var i = 2; i < arguments.length; i++) { append(node, arguments[i]); }
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }

  function byId(id) { return document.getElementById(id); }

  function scroller(label, child) {
    return el("div", { className: "scroll", tabindex: "0", role: "region", "aria-label": label }, child);
  }

  function table(caption, head, rows, options) {
    options = options || {};
    var thead = el("thead", null, el("tr", null, head.map(function (h, k) {
      return el("th", { scope: "col", className: options.numeric && options.numeric[k] ? "num" : null, text: h });
    })));
    var tbody = el("tbody", null, rows.map(function (row) {
      return el("tr", { className: row.className || null }, row.cells.map(function (cell, k) {
        var numeric = options.numeric && options.numeric[k];
        if (k === 0 && options.rowHeader) {
          return el("th", { scope: "row", className: numeric ? "num" : null }, cell);
        }
        return el("td", { className: numeric ? "num" : null }, cell);
      }));
    }));
    var t = el("table", { id: options.id || null, className: options.className || null },
      el("caption", { text: caption }), thead, tbody);
    return scroller(caption, t);
  }

  function prose(text, className) {
    // Paragraphs split at blank lines; "* " or "- " lines become list items; an indented "Label: ..." line starts a
    // new line; other lines continue the one before (model files wrap their text by hand).
    var wrap = el("div", { className: "prose" + (className ? " " + className : "") });
    String(text).split(/\n\s*\n/).forEach(function (block) {
      var para = null, list = null, item = null;
      block.split("\n").forEach(function (line) {
        var indent = line.match(/^\s*/)[0].length;
        var words = line.trim().replace(/\s+/g, " ");
        var bullet = /^\s*[*\-\u2022]\s+/.exec(line);
        if (!words) { return; }
        if (bullet) {
          if (!list) { list = el("ul"); append(wrap, list); }
          item = el("li", { text: words.replace(/^[*\-\u2022]\s*/, "") });
          append(list, item);
          para = null;
        } else if (item && indent > 0) {
          item.textContent += (/[A-Za-z]-$/.test(item.textContent) ? "" : " ") + words;
        } else if (para && indent > 0 && indent <= 4 && /^[^\s:]{1,40}:\s/.test(words)) {
          append(para, [el("br"), words]);
        } else if (para) {
          append(para, (/[A-Za-z]-$/.test(para.textContent) ? "" : " ") + words);
        } else {
          para = el("p", { text: words });
          append(wrap, para);
          list = null;
          item = null;
        }
      });
    });
    return wrap;
  }

  // ------------------------------------------------------------------ current values

  function current() {
    if (state.param === null) {
      return { point: data.base.point, values: data.base.values, slots: data.base.slots, atBase: true };
    }
    var grid = data.grids[state.param];
    var values = Object.assign({}, data.base.values);
    values[state.param] = grid.values[state.index];
    var slots = data.base.slots.slice();
    Object.keys(grid.slots).forEach(function (k) { slots[Number(k)] = grid.slots[k][state.index]; });
    return { point: grid.points[state.index], values: values, slots: slots, atBase: state.index === grid.base };
  }

  function cellTotals(slots) {
    // totals[cell][player] and the named terms behind each
    var totals = data.cells.map(function () { return players.map(function () { return { total: 0, terms: [] }; }); });
    data.slots.forEach(function (slot, k) {
      var entry = totals[slot[0]][slot[1]];
      entry.total += slots[k];
      entry.terms.push([slot[2], slots[k]]);
    });
    return totals;
  }

  function statusText() {
    if (state.param === null) {
      return "At the values this report was made with" + (overriddenText() ? " (" + overriddenText() + ")" : "") + ".";
    }
    var p = byName[state.param];
    var v = data.grids[state.param].values[state.index];
    var mark = current().atBase ? " (the value this report was made with)" : flipNote(state.param, state.index);
    return "With " + p.name + " = " + shown(v) + mark + "; every other parameter at the values this report was made with.";
  }

  function overriddenText() {
    var moved = data.parameters.filter(function (p) { return p.overridden; });
    return moved.map(function (p) { return p.name + " = " + shown(p.value); }).join(", ");
  }

  function flipNote(name, index) {
    var v = data.grids[name].values[index];
    var notes = [];
    data.grids[name].thresholds.forEach(function (t) {
      if (t.value === v) { notes.push("at a flip point"); }
      if (t.below === v) { notes.push("just below the flip point " + shown(t.value)); }
      if (t.above === v) { notes.push("just above the flip point " + shown(t.value)); }
    });
    return notes.length ? " (" + notes.join(", ") + ")" : "";
  }

  // ------------------------------------------------------------------ section 1: the model

  function renderModel() {
    var m = data.model;
    byId("kicker").textContent = "bargain report · " + m.name + " · " + (isTree ? "game tree" : "strategic game") +
      " · " + m.date;
    var body = clear(byId("model-body"));
    var description = m.description;
    if (m.disagreements && description.slice(-m.disagreements.length) === m.disagreements) {
      description = description.slice(0, description.length - m.disagreements.length);   // shown on its own below
    }
    append(body, prose(description));
    append(body, el("dl", { className: "facts" },
      el("dt", { text: "Date" }), el("dd", { text: m.date }),
      el("dt", { text: "Payoff unit" }), el("dd", { text: m.units }),
      el("dt", { text: "Sign convention" }), el("dd", { text: m.sign_convention }),
      el("dt", { text: "Model file" }), el("dd", { className: "mono", text: m.file || m.name })));
    append(body, el("h3", { text: "Players and " + (isTree ? "their strategies in the reduced normal form" : "actions") }));
    var rows = [];
    players.forEach(function (player, k) {
      actions[k].forEach(function (a, j) {
        rows.push({ cells: [j === 0 ? player : "", el("code", { text: a.label }), a.description || ""] });
      });
    });
    append(body, table("Players and " + (isTree ? "strategies" : "actions"), ["player", isTree ? "strategy" : "action",
      "description"], rows));
    if (isTree) {
      append(body, el("p", { className: "note", text: "A strategy names the player's move at each of their decision " +
        "nodes, in tree order; * marks a node the player's own earlier move rules out." }));
      append(body, el("h3", { text: "The game tree" }));
      append(body, el("p", { className: "note", text: "Leaf payoffs are sums of the named terms below them (open a " +
        "leaf to see them). The subgame-perfect choice at each node, found by backward induction, is marked." }));
      append(body, el("div", { id: "tree-view" }));
    } else {
      append(body, el("h3", { id: "payoffs-heading", text: "Payoffs and their named terms" }));
      append(body, el("p", { className: "note", text: "Each cell lists every player's payoff, in the order of the " +
        "caption; open a cell for the named terms it is the sum of. Cells that are pure equilibria are outlined." }));
      append(body, el("div", { id: "payoff-view" }));
    }
    renderTermDefinitions(body);
    if (m.disagreements || m.notes.length) {
      append(body, el("h3", { text: "Where the articles disagree" }));
      m.notes.forEach(function (n) { append(body, prose(n, "disagree")); });
      if (m.disagreements) { append(body, prose(m.disagreements, "disagree")); }
    } else {
      append(body, el("h3", { text: "Where the articles disagree" }));
      append(body, el("p", { text: "The model records no disagreement between its articles." }));
    }
  }

  function renderTermDefinitions(body) {
    var rows;
    if (isTree) {
      rows = data.tree.terms.map(function (t) {
        return { cells: [t.player, t.name, el("code", { text: t.expression }), t.when.join(", ") || "always"] };
      });
    } else {
      rows = data.term_definitions.map(function (t) {
        var when = Object.keys(t.when).map(function (p, k) {
          return t.when[p].length === actions[k].length ? null : p + ": " + t.when[p].join(", ");
        }).filter(Boolean).join("; ");
        return { cells: [t.player, t.name, el("code", { text: t.expression }), when || "always"] };
      });
    }
    if (!rows.length) { return; }
    append(body, el("h3", { text: "Payoff terms as written in the model" }));
    append(body, table("Payoff terms as written", ["player", "term", "expression", "applies when"], rows));
  }

  function termList(entry) {
    return el("ul", { className: "terms" }, entry.terms.map(function (t) {
      return el("li", { text: t[0] + ": " + short(t[1]) });
    }));
  }

  function renderPayoffs(cur) {
    var view = byId("payoff-view");
    if (!view) { return; }
    clear(view);
    var totals = cellTotals(cur.slots);
    var pure = {};
    cur.point.eq.forEach(function (eq) {
      if (!isPure(eq)) { return; }
      var key = eq.s.map(function (s) { return s.findIndex(function (x) { return x > 0; }); }).join(",");
      pure[key] = true;
    });
    var caption = "Payoffs (" + players.join(", ") + ")";
    if (players.length === 2) {
      var index = {};
      data.cells.forEach(function (c, k) { index[c.key.join("\u0000")] = k; });
      var head = [players[0] + " \\ " + players[1]].concat(actions[1].map(function (a) { return a.label; }));
      var thead = el("thead", null, el("tr", null, head.map(function (h) { return el("th", { scope: "col", text: h }); })));
      var tbody = el("tbody", null, actions[0].map(function (row, i) {
        return el("tr", null, [el("th", { scope: "row", text: row.label })].concat(actions[1].map(function (col, j) {
          var entry = totals[index[row.label + "\u0000" + col.label]];
          var isEq = pure[i + "," + j];
          return el("td", { className: isEq ? "eq" : null },
            el("details", null,
              el("summary", null, entry.map(function (e) { return short(e.total); }).join(", "),
                isEq ? el("span", { className: "badge", text: "equilibrium" }) : null),
              entry.map(function (e, k) {
                return el("div", null, el("strong", { text: players[k] + " " + short(e.total) }), termList(e));
              })));
        })));
      }));
      append(view, scroller(caption, el("table", { className: "matrix", id: "payoff-matrix" },
        el("caption", { text: caption }), thead, tbody)));
    } else {
      var rows = data.cells.map(function (c, k) {
        var isEq = pure[c.key.map(function (a, p) {
          return actions[p].map(function (x) { return x.label; }).indexOf(a);
        }).join(",")];
        return {
          className: isEq ? "changed" : null,
          cells: [c.label + (isEq ? " (equilibrium)" : "")].concat(totals[k].map(function (e) {
            return el("details", null, el("summary", { text: short(e.total) }), termList(e));
          }))
        };
      });
      append(view, table(caption, ["profile"].concat(players), rows, { id: "payoff-matrix" }));
    }
  }

  function renderTree(cur) {
    var view = byId("tree-view");
    if (!view) { return; }
    clear(view);
    var totals = cellTotals(cur.slots);
    var leafIndex = {};
    data.cells.forEach(function (c, k) { leafIndex[c.key] = k; });
    var nodes = {};
    data.tree.nodes.forEach(function (n) { nodes[n.name] = n; });
    var chosen = cur.point.spe && cur.point.spe.length ? cur.point.spe[0].choices : {};

    function leaf(name) {
      var entry = totals[leafIndex[name]];
      return el("details", { className: "leaf" },
        el("summary", null, el("code", { text: name }), ": " + players.map(function (p, k) {
          return p + " " + short(entry[k].total);
        }).join(", ")),
        entry.map(function (e, k) { return el("div", null, el("strong", { text: players[k] }), termList(e)); }));
    }

    function node(name) {
      if (!nodes[name]) { return leaf(name); }
      var n = nodes[name];
      var who = n.player === null ? "chance" : n.player;
      return el("div", null,
        el("span", null, el("strong", { text: who }), " at ", el("code", { text: name }), n.text ? ": " + n.text : ""),
        el("ul", null, n.moves.map(function (m, k) {
          var picked = chosen[name] === m[0];
          var prob = n.probabilities ? " (probability " + n.probabilities[k] + ")" : "";
          return el("li", { className: picked ? "chosen" : null }, el("span", { className: "move", text: m[0] + prob }),
            node(m[1]));
        })));
    }
    append(view, el("div", { className: "tree", role: "group", "aria-label": "Game tree" }, node(data.tree.root)));
  }

  // ------------------------------------------------------------------ section 2: parameters and sources

  function renderParameters() {
    var body = clear(byId("parameters-body"));
    var cited = data.parameters.filter(function (p) { return p.sources.length; }).length;
    var assumed = data.parameters.filter(function (p) { return p.assumption; }).length;
    append(body, el("p", null, data.parameters.length + " parameters: " + cited + " cite the articles, " + assumed +
      " rest (also) on a stated assumption. Click a quote to read it in its article; hover for its sentence."));
    var grid = el("div", { className: "params" });
    data.parameters.forEach(function (p) {
      var card = el("article", { className: "param", id: "param-" + p.name, "aria-labelledby": "param-h-" + p.name });
      append(card, el("h3", { id: "param-h-" + p.name }, el("code", { text: p.name }), " ",
        p.sources.length ? el("span", { className: "badge cited", text: "cited" }) : null, " ",
        p.assumption ? el("span", { className: "badge assumed", text: "assumption" }) : null, " ",
        p.overridden ? el("span", { className: "badge moved", text: "set for this report" }) : null));
      append(card, el("dl", { className: "facts" },
        el("dt", { text: "Value" }), el("dd", null, el("span", { className: "value", id: "value-" + p.name, text: shown(p.value) }),
          p.overridden ? " (the model says " + shown(p.default) + ")" : ""),
        el("dt", { text: "Plausible range" }), el("dd", { text: shown(p.low) + " to " + shown(p.high) }),
        el("dt", { text: "Unit" }), el("dd", { text: p.unit })));
      append(card, el("p", { text: p.description }));
      if (p.sources.length) {
        append(card, el("ul", { className: "quotes", "aria-label": "Quotes for " + p.name }, p.sources.map(function (s, k) {
          return el("li", null,
            el("button", { type: "button", className: "quote", title: s.context || "quote not found in the article",
              "data-param": p.name, "data-source": String(k) }, "“" + s.quote + "”"),
            " ", el("span", { className: "file", text: "— " + s.file + (s.found ? " ✓" : " (not found in the article)") }));
        })));
      }
      if (p.assumption) {
        append(card, el("div", { className: "assumption" }, el("strong", { text: "Assumption: " }), p.assumption));
      }
      append(grid, card);
    });
    append(body, grid);
    body.addEventListener("click", function (event) {
      var button = event.target.closest("button.quote");
      if (button) { openArticle(button.getAttribute("data-param"), Number(button.getAttribute("data-source"))); }
    });
  }

  function openArticle(name, k) {
    var source = byName[name].sources[k];
    var dialog = byId("article-dialog");
    byId("article-title").textContent = source.file;
    byId("article-cited").textContent = "Quoted for " + name + (source.found
      ? ": the quote, highlighted, in its paragraph of the article, with the paragraphs before and after."
      : ": the quote was not found verbatim in the article file when this report was made.");
    var box = clear(byId("article-text"));
    var text = source.excerpt;
    if (!source.found) {
      append(box, el("p", { text: "“" + source.quote + "”" }));
    } else {
      var chars = Array.from(text);   // offsets from Python count code points
      append(box, [chars.slice(0, source.start).join(""),
        el("mark", { id: "article-mark", text: chars.slice(source.start, source.end).join("") }),
        chars.slice(source.end).join("")]);
    }
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    var mark = byId("article-mark");
    if (mark) { mark.scrollIntoView({ block: "center" }); }
  }

  // ------------------------------------------------------------------ section 3: equilibria

  function mixedCell(k, strategy) {
    // the text of mixed(), with each "action probability" kept on one line
    var parts = mixed(k, strategy).split(", ");
    return parts.map(function (part, j) {
      return [el("span", { className: "nowrap", text: part }), j < parts.length - 1 ? ", " : null];
    });
  }

  function equilibriumRows(point) {
    return point.eq.map(function (eq, n) {
      var cells = [String(n)];
      eq.s.forEach(function (strategy, k) { cells.push(mixedCell(k, strategy)); });
      eq.u.forEach(function (u) { cells.push(short(u)); });
      cells.push(isTree && eq.v ? eq.v : (eq.set ? "one point of a set" : (isPure(eq) ? "pure" : "mixed")));
      return { cells: cells };
    });
  }

  function equilibriumTable(point, id, caption) {
    var head = ["#"].concat(players, players.map(function (p) { return "payoff " + p; }), [isTree ? "verdict" : "kind"]);
    var numeric = head.map(function (h, k) { return k === 0 || (k > players.length && k <= 2 * players.length); });
    return table(caption, head, equilibriumRows(point), { id: id, numeric: numeric });
  }

  function summary(point) {
    var n = point.eq.length;
    var pure = point.eq.filter(isPure).length;
    var text = n + " equilibri" + (n === 1 ? "um" : "a") + (n ? ": " + pure + " pure, " + (n - pure) + " mixed." : ".");
    var groups = {};
    point.eq.forEach(function (eq, k) { (groups[eq.c] = groups[eq.c] || []).push(k); });
    var continua = Object.keys(groups).map(function (c) { return groups[c]; }).filter(function (g) { return g.length > 1; });
    if (continua.length) {
      text += " Continuum: every mixture within " + continua.map(function (g) { return "{" + g.join(", ") + "}"; })
        .join("; ") + " is an equilibrium.";
    }
    var sets = [];
    point.eq.forEach(function (eq, k) { if (eq.set) { sets.push(k); } });
    if (sets.length) {
      text += " " + sets.join(", ") + (sets.length === 1 ? " stands" : " stand") +
        " for a set of equilibria (infinitely many with those supports): one verified point of each is shown.";
    }
    return text;
  }

  function speText(point) {
    if (!point.spe) { return null; }
    var nodes = {};
    data.tree.nodes.forEach(function (n) { nodes[n.name] = n; });
    return el("div", null, point.spe.map(function (spe, k) {
      var path = [];
      var name = data.tree.root;
      while (nodes[name] && nodes[name].player !== null) {
        var move = spe.choices[name];
        path.push(nodes[name].player + " " + move + " (" + name + ")");
        name = nodes[name].moves.filter(function (m) { return m[0] === move; })[0][1];
      }
      return el("p", { className: "spe" }, el("strong", { text: "Subgame-perfect equilibrium" +
        (point.spe.length > 1 ? " " + k : "") + ": " }), "path of play " + path.join(" → ") + "; payoffs " +
        players.map(function (p, j) { return p + " " + short(spe.u[j]); }).join(", ") + ".");
    }));
  }

  function renderEquilibria(cur) {
    var body = clear(byId("equilibria-body"));
    append(body, speText(cur.point));
    append(body, el("p", { id: "equilibria-summary", text: summary(cur.point) }));
    append(body, equilibriumTable(cur.point, "equilibria-table", "Nash equilibria" + (isTree ? " of the reduced normal form" : "")));
    var meta = data.base.solution;
    var how = cur.atBase && state.param === null
      ? "Solved by " + meta.method + "; " + (meta.complete ? "complete: every extreme equilibrium is listed; " : "") +
        "every equilibrium verified" + (meta.exact ? " exactly." : " (regret at most " + meta.tolerance.toExponential(1) + ").")
      : "Solved in Python at this value (complete and verified, as bargain solve).";
    append(body, el("p", { className: "note", text: how }));
    byId("status").textContent = statusText();
    var live = clear(byId("live-equilibria"));
    append(live, speText(cur.point));
    append(live, el("p", { text: summary(cur.point) }));
    append(live, equilibriumTable(cur.point, "live-table", "Equilibria at the values shown"));
    byId("live-status").textContent = statusText();
  }

  // ------------------------------------------------------------------ selection and drivers (when given)

  function renderSelection() {
    if (!data.selection || !data.selection.length) { return; }
    var section = byId("selection");
    section.hidden = false;
    var body = clear(byId("selection-body"));
    append(body, el("p", { text: "At the values this report was made with (the picks do not follow the sliders)." }));
    var rows = data.selection.map(function (pick) {
      var what = pick.label || "";
      if (typeof pick.equilibrium === "number" && data.base.point.eq[pick.equilibrium]) {
        var eq = data.base.point.eq[pick.equilibrium];
        what = "#" + pick.equilibrium + ": " + eq.s.map(function (s, k) { return players[k] + " " + mixed(k, s); }).join(" / ");
      }
      return { cells: [pick.criterion || "", what || "none", pick.reason || ""] };
    });
    append(body, table("What each selection criterion picks", ["criterion", "pick", "reason"], rows, { id: "selection-table" }));
  }

  function renderDrivers() {
    var d = data.drivers;
    if (!d) { return; }
    byId("drivers").hidden = false;
    var body = clear(byId("drivers-body"));
    if (d.method) { append(body, el("p", { className: "note", text: "Method: " + d.method })); }
    if (d.note) { append(body, el("p", { text: d.note })); }
    if (d.ranking && d.ranking.length) {
      var ranking = d.ranking.slice().sort(function (a, b) { return (b.score || 0) - (a.score || 0); });
      var alt = "Parameters ranked by how much they decide the answer: " + ranking.map(function (r) {
        return r.parameter + " " + short(r.score || 0, 3);
      }).join(", ") + ".";
      append(body, chartFigure("drivers", "Which parameters decide the answer", alt));
      append(body, table("Ranking of the parameters", ["parameter", d.score_label || "score", "95% interval", "source"],
        ranking.map(function (r) {
          var interval = (r.low !== undefined && r.high !== undefined) ? short(r.low, 3) + " to " + short(r.high, 3) : "";
          return { cells: [r.parameter, short(r.score || 0, 3), interval, r.source || (byName[r.parameter] ?
            (byName[r.parameter].sources.length ? "cited" : "assumption") : "")] };
        }), { id: "drivers-table", numeric: [false, true, false, false] }));
      drawChart("drivers", driversSpec(ranking, alt));
    }
    if (d.flip_points && d.flip_points.length) {
      append(body, table("Flip points", ["parameter", "value", "what changes"], d.flip_points.map(function (f) {
        return { cells: [f.parameter, shown(f.value), f.description || ""] };
      }), { id: "drivers-flips", numeric: [false, true, false] }));
    }
  }

  // ------------------------------------------------------------------ section 4: sliders

  function renderSliders() {
    var box = clear(byId("sliders"));
    names.forEach(function (name) {
      var p = byName[name];
      var grid = data.grids[name];
      var id = "slider-" + name;
      var last = grid.values.length - 1;
      if (last === 0) {   // a range of one value: nothing to move
        append(box, el("div", { className: "slider fixed", id: "row-" + name },
          el("p", null, el("span", { className: "pname", text: name }), " ",
            el("span", { className: "unit", text: p.unit }), " is fixed at ",
            el("strong", { id: "out-" + name, text: shown(grid.values[0]) }), " (its range is this one value)")));
        return;
      }
      var ticks = el("div", { className: "ticks", "aria-hidden": "true" });
      grid.thresholds.forEach(function (t) {
        var k = grid.values.indexOf(t.value);
        append(ticks, el("span", { style: "left:" + (100 * k / Math.max(1, last)) + "%" }));
      });
      append(ticks, el("span", { className: "base", style: "left:" + (100 * grid.base / Math.max(1, last)) + "%" }));
      var flips = null;
      if (grid.thresholds.length) {
        flips = el("div", { className: "flipbuttons" }, el("span", { text: "Flip points:" }),
          grid.thresholds.map(function (t) {
            return [t.below, t.value, t.above].filter(function (v) { return v !== null; }).map(function (v) {
              var where = v === t.value ? "at" : (v < t.value ? "just below" : "just above");
              return el("button", { type: "button", "data-param": name, "data-value": String(v),
                "aria-label": "Set " + name + " to " + shown(v) + ", " + where + " the flip point " + shown(t.value),
                text: (v === t.value ? "" : (v < t.value ? "◀ " : "▶ ")) + shown(v) });
            });
          }));
      }
      var row = el("div", { className: "slider", id: "row-" + name },
        el("label", { "for": id }, el("span", { className: "pname", text: name }),
          el("span", { className: "unit", text: p.unit + " · " + shown(p.low) + " to " + shown(p.high) })),
        el("div", { className: "row" },
          el("div", { className: "track" },
            el("input", { type: "range", id: id, min: "0", max: String(last), step: "1", value: String(grid.base),
              "data-param": name, "aria-valuetext": shown(grid.values[grid.base]) + " " + p.unit }),
            ticks),
          el("output", { "for": id, id: "out-" + name, text: shown(grid.values[grid.base]) })),
        flips);
      append(box, row);
    });
    box.addEventListener("input", function (event) {
      var name = event.target.getAttribute("data-param");
      if (name) { move(name, Number(event.target.value)); }
    });
    box.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-value]");
      if (!button) { return; }
      var name = button.getAttribute("data-param");
      var index = data.grids[name].values.indexOf(Number(button.getAttribute("data-value")));
      byId("slider-" + name).value = String(index);
      move(name, index);
    });
    byId("reset").addEventListener("click", function () { reset(); });
    byId("controls").addEventListener("submit", function (event) { event.preventDefault(); });
  }

  function setSlider(name, index) {
    var grid = data.grids[name];
    var input = byId("slider-" + name);
    if (!input) { return; }
    input.value = String(index);
    input.setAttribute("aria-valuetext", shown(grid.values[index]) + " " + byName[name].unit);
    byId("out-" + name).textContent = shown(grid.values[index]);
    byId("row-" + name).classList.toggle("moved", index !== grid.base);
  }

  function move(name, index) {
    names.forEach(function (other) { if (other !== name) { setSlider(other, data.grids[other].base); } });
    setSlider(name, index);
    state.param = name;
    state.index = index;
    update();
  }

  function reset() {
    names.forEach(function (name) { setSlider(name, data.grids[name].base); });
    state.param = null;
    state.index = null;
    update();
  }

  function renderFlips() {
    var rows = [];
    names.forEach(function (name) {
      data.grids[name].thresholds.forEach(function (t) {
        rows.push({ cells: [name, shown(t.value), t.description] });
      });
    });
    var body = clear(byId("flips"));
    if (!rows.length) {
      append(body, el("p", { text: "No parameter changes the equilibria anywhere in its plausible range, with the others " +
        "held at the values this report was made with." }));
      return;
    }
    append(body, el("p", { className: "note", text: "Each found on a grid and narrowed by bisection to 1e-9; + an " +
      "equilibrium appearing as the value rises, − one vanishing." }));
    append(body, table("Flip points", ["parameter", "value", "what changes as the value rises"], rows,
      { id: "flips-table", numeric: [false, true, false] }));
  }

  // ------------------------------------------------------------------ charts

  function chartFigure(key, caption, alt) {
    return el("figure", { className: "chart-figure", id: key + "-figure" },
      el("figcaption", { id: key + "-caption", text: caption }),
      el("div", { className: "chart", id: key + "-chart", role: "img", "aria-label": alt }),
      el("details", { className: "describe" }, el("summary", { text: "Describe this chart" }),
        el("p", { id: key + "-alt", text: alt })));
  }

  function chartWidth(key) {
    var box = byId(key + "-chart");
    var width = box ? box.clientWidth : 600;
    return Math.max(220, Math.min(760, width - 110));
  }

  function drawChart(key, spec) {
    var box = byId(key + "-chart");
    if (!box || typeof vegaEmbed !== "function") { return null; }
    var previous = views[key];
    var drawn = Promise.resolve(previous).then(function (old) {
      if (old) { old.finalize(); }
      clear(box);
      return vegaEmbed(box, spec, { renderer: "svg", actions: false, mode: "vega-lite", logLevel: 1, defaultStyle: false });
    }).then(function (result) { return result; });
    views[key] = drawn;
    return drawn;
  }

  function updateData(key, name, rows) {
    if (!views[key]) { return; }
    views[key] = views[key].then(function (result) {
      return result.view.data(name, rows).runAsync().then(function () { return result; });
    });
  }

  var palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
    "#7f7f7f", "#bcbd22"];

  function regions(name) {
    var grid = data.grids[name];
    var out = [];
    grid.points.forEach(function (point, i) {
      var label = signature(point);
      var last = out[out.length - 1];
      if (last && last.label === label) { last.to = grid.values[i]; } else {
        out.push({ label: label, from: grid.values[i], to: grid.values[i], count: point.eq.length });
      }
    });
    return out;
  }

  function sweepAlt(name) {
    var p = byName[name];
    var grid = data.grids[name];
    var parts = regions(name);
    var text = "Expected payoff of every equilibrium, for each player, as " + name + " runs from " + shown(grid.values[0]) +
      " to " + shown(grid.values[grid.values.length - 1]) + " (" + p.unit + "). ";
    text += parts.slice(0, 8).map(function (r) {
      return (r.from === r.to ? "At " + shown(r.from) : "From " + shown(r.from) + " to " + shown(r.to)) + ": " +
        r.count + " equilibri" + (r.count === 1 ? "um" : "a") + " (" + r.label + ")";
    }).join(". ") + (parts.length > 8 ? ". And " + (parts.length - 8) + " more stretches." : ".");
    if (grid.thresholds.length) {
      text += " Flip points (dashed lines) at " + grid.thresholds.map(function (t) { return shown(t.value); }).join(", ") + ".";
    } else {
      text += " The equilibria do not change over this range.";
    }
    var v = current().values[name];
    text += " The value shown now, " + shown(v) + ", is the solid line.";
    return text;
  }

  function sweepSpec(name, alt) {
    var grid = data.grids[name];
    var p = byName[name];
    var rows = [];
    grid.points.forEach(function (point, i) {
      point.eq.forEach(function (eq) {
        var label = supports(eq);
        eq.u.forEach(function (u, k) {
          rows.push({ x: grid.values[i], player: players[k], payoff: u, equilibrium: label });
        });
      });
    });
    var x = { field: "x", type: "quantitative", title: name + " (" + p.unit + ")",
      scale: { domain: [grid.values[0], grid.values[grid.values.length - 1]], nice: false, zero: false } };
    var width = chartWidth("sweep");
    return {
      description: alt,
      datasets: {
        points: rows,
        marks: grid.thresholds.map(function (t) { return { x: t.value }; }),
        current: [{ x: current().values[name] }]
      },
      config: { font: "system-ui, sans-serif", legend: { labelLimit: width, orient: "bottom", columns: 1 },
        axis: { labelFontSize: 11, titleFontSize: 12 }, range: { category: palette } },
      resolve: { scale: { color: "shared" } },
      vconcat: players.map(function (player) {
        return {
          width: width, height: 130,
          title: { text: "Payoff of " + player, anchor: "start", fontSize: 13 },
          layer: [
            { data: { name: "marks" }, mark: { type: "rule", strokeDash: [5, 4], color: "#555", aria: false }, encoding: { x: x } },
            { data: { name: "current" }, mark: { type: "rule", color: "#b35900", strokeWidth: 2, aria: false }, encoding: { x: x } },
            { data: { name: "points" }, transform: [{ filter: { field: "player", equal: player } }],
              mark: { type: "point", filled: true, size: 22, opacity: 0.85 },
              encoding: {
                x: x,
                y: { field: "payoff", type: "quantitative", title: "payoff", scale: { zero: false } },
                color: { field: "equilibrium", type: "nominal", title: "equilibrium (actions used)" },
                shape: { field: "equilibrium", type: "nominal" },
                tooltip: [{ field: "x", title: name }, { field: "payoff", format: ".4~f" }, { field: "equilibrium" }]
              } }
          ]
        };
      })
    };
  }

  function renderSweepChart(name) {
    state.chartParam = name;
    var alt = sweepAlt(name);
    byId("sweep-caption").textContent = "Equilibria along " + name + " (payoffs, " + data.model.units.split("(")[0].trim() + ")";
    byId("sweep-alt").textContent = alt;
    byId("sweep-chart").setAttribute("aria-label", alt);
    drawChart("sweep", sweepSpec(name, alt));
  }

  function updateSweepCurrent() {
    var name = state.chartParam;
    var alt = sweepAlt(name);
    byId("sweep-alt").textContent = alt;
    byId("sweep-chart").setAttribute("aria-label", alt);
    updateData("sweep", "current", [{ x: current().values[name] }]);
  }

  var letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  function setName(k) { return k < 26 ? letters[k] : "S" + k; }

  function mapAlt() {
    var m = data.map;
    var total = m.cells.length;
    return "Map of " + m.what + " over " + m.params[0] + " (" + shown(m.x[0]) + " to " + shown(m.x[m.x.length - 1]) +
      ", across) and " + m.params[1] + " (" + shown(m.y[0]) + " to " + shown(m.y[m.y.length - 1]) + ", up), the other " +
      "parameters at the values this report was made with. " + m.labels.slice(0, 8).map(function (label, k) {
        return "Region " + setName(k) + ", " + pct(m.counts[k] / total) + " of the map: " + label;
      }).join(". ") + (m.labels.length > 8 ? ". And " + (m.labels.length - 8) + " smaller regions." : ".") +
      " The dot marks the values shown now.";
  }

  function mapSpec(alt) {
    var m = data.map;
    var dx = m.x.length > 1 ? (m.x[1] - m.x[0]) / 2 : 0.5;
    var dy = m.y.length > 1 ? (m.y[1] - m.y[0]) / 2 : 0.5;
    var rows = m.cells.map(function (c, k) {
      var x = m.x[k % m.x.length];
      var y = m.y[Math.floor(k / m.x.length)];
      return { x0: x - dx, x1: x + dx, y0: y - dy, y1: y + dy, region: setName(c) };
    });
    var width = Math.min(chartWidth("map"), 520);
    var cur = current().values;
    return {
      description: alt,
      width: width, height: Math.round(width * 0.75),
      datasets: { cells: rows, current: [{ x: cur[m.params[0]], y: cur[m.params[1]] }] },
      config: { font: "system-ui, sans-serif", range: { category: palette } },
      layer: [
        { data: { name: "cells" }, mark: { type: "rect" }, encoding: {
          x: { field: "x0", type: "quantitative", title: m.params[0] + " (" + byName[m.params[0]].unit + ")",
            scale: { domain: [m.x[0] - dx, m.x[m.x.length - 1] + dx], nice: false, zero: false } },
          x2: { field: "x1" },
          y: { field: "y0", type: "quantitative", title: m.params[1] + " (" + byName[m.params[1]].unit + ")",
            scale: { domain: [m.y[0] - dy, m.y[m.y.length - 1] + dy], nice: false, zero: false } },
          y2: { field: "y1" },
          color: { field: "region", type: "nominal", title: "region", sort: m.labels.map(function (l, k) { return setName(k); }) },
          tooltip: [{ field: "region" }] } },
        { data: { name: "current" }, mark: { type: "point", filled: true, size: 90, color: "#000", stroke: "#fff", strokeWidth: 1.5, aria: false },
          encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } }
      ]
    };
  }

  function renderMap() {
    var body = clear(byId("map-body"));
    var m = data.map;
    if (!m) { return; }
    append(body, el("h3", { text: "Two assumptions at once: " + m.params[0] + " and " + m.params[1] }));
    var alt = mapAlt();
    append(body, chartFigure("map", "Which " + (isTree ? "path of play" : "set of equilibria") + " holds where (" +
      m.x.length + " × " + m.y.length + " grid)", alt));
    var total = m.cells.length;
    append(body, table("Regions of the map", ["region", "share of the map", m.what], m.labels.map(function (label, k) {
      return { cells: [setName(k), pct(m.counts[k] / total), label] };
    }), { id: "map-table", numeric: [false, true, false] }));
    drawChart("map", mapSpec(alt));
  }

  function updateMapCurrent() {
    if (!data.map) { return; }
    var cur = current().values;
    updateData("map", "current", [{ x: cur[data.map.params[0]], y: cur[data.map.params[1]] }]);
  }

  function mcAlt() {
    var mc = data.montecarlo;
    return "Share of " + mc.samples + " random draws (every free parameter uniform over its plausible range, seed " +
      mc.seed + ") in which " + (isTree ? "each subgame-perfect path of play is taken" : "each equilibrium exists") +
      ": " + mc.equilibria.slice(0, 8).map(function (f) {
        return f.label + " " + pct(f.frequency) + " (95% interval " + pct(f.low) + " to " + pct(f.high) + ")";
      }).join("; ") + (mc.equilibria.length > 8 ? "; and " + (mc.equilibria.length - 8) + " rarer ones." : ".");
  }

  function mcSpec(alt) {
    var mc = data.montecarlo;
    var rows = mc.equilibria.map(function (f) {
      return { outcome: f.label, frequency: f.frequency, low: f.low, high: f.high };
    });
    var width = chartWidth("montecarlo");
    var y = { field: "outcome", type: "nominal", sort: null, title: null, axis: { labelLimit: Math.max(140, width * 0.55) } };
    return {
      description: alt,
      width: Math.max(120, width * 0.45), height: { step: 26 },
      data: { values: rows },
      config: { font: "system-ui, sans-serif" },
      layer: [
        { mark: { type: "bar", color: "#0b5cad" }, encoding: { y: y,
          x: { field: "frequency", type: "quantitative", title: "share of draws", axis: { format: "%" },
            scale: { domain: [0, 1] } },
          tooltip: [{ field: "outcome" }, { field: "frequency", format: ".1%" }, { field: "low", format: ".1%" },
            { field: "high", format: ".1%" }] } },
        { mark: { type: "rule", color: "#000", aria: false }, encoding: { y: y, x: { field: "low", type: "quantitative" },
          x2: { field: "high" } } }
      ]
    };
  }

  function renderMonteCarlo() {
    var body = clear(byId("montecarlo-body"));
    var mc = data.montecarlo;
    if (!mc) { return; }
    append(body, el("h3", { text: "All assumptions at random: Monte Carlo" }));
    var held = Object.keys(mc.held);
    append(body, el("p", { text: mc.samples + " draws, each free parameter drawn uniformly from its plausible range " +
      "(seed " + mc.seed + ")" + (held.length ? "; held: " + held.map(function (n) { return n + " = " + shown(mc.held[n]); })
        .join(", ") : "") + ". Bars give the share of draws in which " + (isTree ? "each subgame-perfect path of play is taken"
        : "each equilibrium exists (several can exist in one draw)") + ", with Wilson 95% intervals." }));
    var alt = mcAlt();
    append(body, chartFigure("montecarlo", "How often each " + (isTree ? "path of play" : "equilibrium") + " holds", alt));
    append(body, table("Monte Carlo frequencies", [isTree ? "path of play" : "equilibrium", "draws", "share",
      "95% interval"], mc.equilibria.map(function (f) {
      return { cells: [f.label, String(f.count), pct(f.frequency), pct(f.low) + " to " + pct(f.high)] };
    }), { id: "montecarlo-table", numeric: [false, true, true, false] }));
    if (mc.sets && mc.sets.length) {
      append(body, el("details", null, el("summary", { text: "Whole sets of equilibria (" + mc.sets.length + ")" }), table("Whole sets of equilibria", ["set of equilibria", "draws", "share", "95% interval"],
        mc.sets.map(function (f) {
          return { cells: [f.label, String(f.count), pct(f.frequency), pct(f.low) + " to " + pct(f.high)] };
        }), { id: "montecarlo-sets", numeric: [false, true, true, false] })));
    }
    drawChart("montecarlo", mcSpec(alt));
  }

  function driversSpec(ranking, alt) {
    var width = chartWidth("drivers");
    return {
      description: alt,
      width: Math.max(120, width * 0.6), height: { step: 22 },
      data: { values: ranking.map(function (r) { return { parameter: r.parameter, score: r.score || 0 }; }) },
      mark: { type: "bar", color: "#8a4b00" },
      encoding: { y: { field: "parameter", type: "nominal", sort: null, title: null },
        x: { field: "score", type: "quantitative", title: "score" } }
    };
  }

  // ------------------------------------------------------------------ update everything that follows the sliders

  function update() {
    var cur = current();
    renderEquilibria(cur);
    renderPayoffs(cur);
    renderTree(cur);
    names.forEach(function (name) {
      var value = byId("value-" + name);
      if (value) { value.textContent = shown(cur.values[name]); }
      var card = byId("param-" + name);
      if (card) { card.classList.toggle("changed", state.param === name && !cur.atBase); }
    });
    if (state.param !== null && state.param !== state.chartParam) { renderSweepChart(state.param); }
    else if (state.chartParam !== null) { updateSweepCurrent(); }
    updateMapCurrent();
    document.body.setAttribute("data-state", state.param === null ? "base" : state.param + "=" + state.index);
  }

  // ------------------------------------------------------------------ data downloads

  function csvField(value) {
    var text = value === null || value === undefined ? "" : String(value);
    return /[",\n\r]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  function csv(rows) { return rows.map(function (r) { return r.map(csvField).join(","); }).join("\n") + "\n"; }

  function equilibriaCsv() {
    var rows = [["parameter", "value", "flip", "equilibrium", "player", "action", "probability", "payoff"]];
    names.forEach(function (name) {
      var grid = data.grids[name];
      grid.points.forEach(function (point, i) {
        var flip = flipNote(name, i).replace(/^ \(|\)$/g, "");
        point.eq.forEach(function (eq, n) {
          eq.s.forEach(function (strategy, k) {
            strategy.forEach(function (p, j) {
              rows.push([name, grid.values[i], flip, n, players[k], actions[k][j].label, p, eq.u[k]]);
            });
          });
        });
      });
    });
    return csv(rows);
  }

  function parametersCsv() {
    var rows = [["parameter", "value", "model_value", "low", "high", "unit", "provenance", "file", "quote", "found", "assumption"]];
    data.parameters.forEach(function (p) {
      var provenance = p.sources.length ? (p.assumption ? "cited + assumption" : "cited") : "assumption";
      if (!p.sources.length) {
        rows.push([p.name, p.value, p.default, p.low, p.high, p.unit, provenance, "", "", "", p.assumption || ""]);
      }
      p.sources.forEach(function (s) {
        rows.push([p.name, p.value, p.default, p.low, p.high, p.unit, provenance, s.file, s.quote, s.found, p.assumption || ""]);
      });
    });
    return csv(rows);
  }

  function mapCsv() {
    var m = data.map;
    var rows = [[m.params[0], m.params[1], "region", "outcome"]];
    m.cells.forEach(function (c, k) {
      rows.push([m.x[k % m.x.length], m.y[Math.floor(k / m.x.length)], setName(c), m.labels[c]]);
    });
    return csv(rows);
  }

  function montecarloCsv() {
    var mc = data.montecarlo;
    var rows = [["kind", "outcome", "count", "samples", "frequency", "low", "high"]];
    mc.equilibria.forEach(function (f) { rows.push([isTree ? "path" : "equilibrium", f.label, f.count, mc.samples, f.frequency, f.low, f.high]); });
    (mc.sets || []).forEach(function (f) { rows.push(["set", f.label, f.count, mc.samples, f.frequency, f.low, f.high]); });
    return csv(rows);
  }

  function renderDownloads() {
    var base = data.model.name;
    var files = [
      ["json", base + "-report.json", "application/json", "All the data of this page (JSON)",
        function () { return JSON.stringify(data, null, 1); }],
      ["equilibria", base + "-equilibria.csv", "text/csv", "The equilibria at every slider value (CSV)", equilibriaCsv],
      ["parameters", base + "-parameters.csv", "text/csv", "Parameters, ranges, quotes and assumptions (CSV)", parametersCsv]
    ];
    if (data.map) { files.push(["map", base + "-map.csv", "text/csv", "The two-parameter map (CSV)", mapCsv]); }
    if (data.montecarlo) {
      files.push(["montecarlo", base + "-montecarlo.csv", "text/csv", "Monte Carlo frequencies (CSV)", montecarloCsv]);
    }
    var list = clear(byId("downloads"));
    files.forEach(function (f) {
      var link = el("a", { href: "#", download: f[1], id: "download-" + f[0], "data-kind": f[0], text: f[3] });
      link.addEventListener("click", function () {
        if (link.getAttribute("href") === "#") {
          var blob = new Blob([f[4]()], { type: f[2] + ";charset=utf-8" });
          link.setAttribute("href", URL.createObjectURL(blob));
        }
      });
      append(list, el("li", null, link, " ", el("span", { className: "file", text: f[1] })));
    });
  }

  // ------------------------------------------------------------------ methodology and embed

  function renderMethodology() {
    var body = clear(byId("methodology-body"));
    var o = data.options;
    var points = isTree ? o.tree_points : o.points;
    var paragraphs = [
      "Every equilibrium on this page was computed in Python by bargain (" + data.generator + ") before the page was " +
        "written; the page itself solves nothing. At the values the report was made with, all Nash equilibria are " +
        "enumerated (every extreme equilibrium, with the maximal convex sets they span) and each one is checked by an " +
        "independent verifier: no player can gain by deviating to any pure action, within the stated tolerance." +
        (isTree ? " For a game tree, the equilibria are those of its reduced normal form, and backward induction gives the " +
          "subgame-perfect ones; each normal-form equilibrium is marked subgame-perfect, non-credible or mixed." : ""),
      "Sliders: for each parameter, " + points + " evenly spaced values over its plausible range, plus every flip point " +
        "inside it (a value where the set of equilibria changes: found on that grid and narrowed by bisection, in exact " +
        "arithmetic, to within 1e-9 of the parameter's scale), a value just below and just above each flip point (" +
        o.side + " of the range away, or a third of the way to a neighbouring flip point), and the value the report was " +
        "made with. The page holds the complete, verified solution at each of these values, so what it shows at a value " +
        "is what `bargain solve MODEL --set NAME=VALUE` prints there. The slider snaps to these values; between them " +
        "the equilibria are those of the nearest solved value only where no flip point lies in between, and the grid " +
        "finds every flip point that it brackets. Moving one slider returns the others to the report's values: the grids " +
        "are one parameter at a time.",
      data.map ? "Map: " + data.map.x.length + " × " + data.map.y.length + " values of " + data.map.params[0] + " and " +
        data.map.params[1] + " over their plausible ranges, the other parameters at the report's values; each cell is " +
        "coloured by " + data.map.what + " found there." : null,
      data.montecarlo ? "Monte Carlo: " + data.montecarlo.samples + " draws with seed " + data.montecarlo.seed + ", every " +
        "parameter not set for this report drawn independently and uniformly over its plausible range; each draw is " +
        "solved completely. A frequency is the share of draws in which an outcome holds, with a Wilson 95% interval. " +
        "The ranges are judgements about what is plausible, not probabilities the articles give: read the shares as " +
        "how much of the plausible space an answer covers." : null,
      "Payoffs are in the model's one unit (" + data.model.units + "); " + data.model.sign_convention + ". Each payoff is " +
        "the sum of named terms written in the model file, and every parameter is either quoted verbatim from an article " +
        "(the quotes are checked against the article files, and shown in them above) or marked as an assumption with its " +
        "reason.",
      "What this does not say: an equilibrium is a pattern of choices from which no side gains by deviating alone, not " +
        "a forecast. Where several equilibria exist, which one is played is a further question (see the selection " +
        "criteria, where shown). The numbers are an order-of-magnitude scale built from the cited facts and the stated " +
        "assumptions."
    ];
    paragraphs.filter(Boolean).forEach(function (text) { append(body, el("p", { text: text })); });
  }

  function renderEmbed() {
    var name = data.model.name;
    var id = "bargain-" + name.replace(/[^A-Za-z0-9_-]/g, "-");
    var snippet = "<iframe id=\"" + id + "\" src=\"" + name + ".html\" title=\"" + data.model.title.replace(/"/g, "&quot;") +
      "\" style=\"width:100%;border:0\" height=\"1600\" loading=\"lazy\"></iframe>\n" +
      "<script>addEventListener(\"message\",function(e){var f=document.getElementById(\"" + id + "\");" +
      "if(f&&e.source===f.contentWindow&&e.data&&e.data.bargainReport){f.height=e.data.height;}});</" + "script>";
    byId("embed-code").value = snippet;
  }

  function reportHeight() {
    if (window.parent === window) { return; }
    var post = function () {
      window.parent.postMessage({ bargainReport: data.model.name, height: document.documentElement.scrollHeight }, "*");
    };
    post();
    if (typeof ResizeObserver === "function") { new ResizeObserver(post).observe(document.body); }
    else { window.addEventListener("resize", post); }
  }

  // ------------------------------------------------------------------ start

  function firstChartParam() {
    if (data.map) { return data.map.params[0]; }
    var withFlips = names.filter(function (n) { return data.grids[n].thresholds.length; });
    return withFlips.length ? withFlips[0] : names[0];
  }

  function start() {
    renderModel();
    renderParameters();
    renderSelection();
    renderSliders();
    renderFlips();
    renderDownloads();
    renderMethodology();
    renderEmbed();
    byId("article-close").addEventListener("click", function () { byId("article-dialog").close(); });
    update();
    if (names.length) { renderSweepChart(firstChartParam()); }
    renderMap();
    renderMonteCarlo();
    renderDrivers();
    var resized = null;
    var drawnWidth = window.innerWidth;
    window.addEventListener("resize", function () {
      if (window.innerWidth === drawnWidth) { return; }   // a phone's toolbar showing or hiding: no redraw
      drawnWidth = window.innerWidth;
      clearTimeout(resized);
      resized = setTimeout(function () {
        if (state.chartParam) { renderSweepChart(state.chartParam); }
        renderMap();
        renderMonteCarlo();
        renderDrivers();
      }, 250);
    });
    reportHeight();
    // for scripts of the page that embeds this one, and for tests: the data and the number formatter
    window.bargainReport = { data: data, short: short, shown: shown };
    document.body.setAttribute("data-ready", "true");
    Promise.all(Object.keys(views).map(function (k) { return views[k]; })).then(function () {
      document.body.setAttribute("data-charts", "drawn");
    }, function (error) {
      document.body.setAttribute("data-charts", "failed");
      throw error;
    });
  }

  start();
}());
