// Lineage page script: reads the embedded view model, lays datasets out in one column per layer
// (medallion order) with the tasks that move data in columns between them, draws the edges in an
// SVG behind the boxes, and keeps the filters (layer, pipeline, search) and the details panel.
// Every text goes through textContent: names from pipelines are data, never markup.
(function () {
  "use strict";
  var model = JSON.parse(document.getElementById("lineage-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";

  var datasets = {};
  model.datasets.forEach(function (d) { datasets[d.id] = d; });
  var tasks = {};
  model.tasks.forEach(function (t) { tasks[t.key] = t; });
  var layerIndex = {};
  model.layers.forEach(function (l, i) { layerIndex[l.layer] = i; });

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  // A colour per pipeline (by its place in the sorted list), so a task's pipeline is recognisable
  // at a glance; eight hues far apart, then they repeat.
  var PALETTE = ["#d1495b", "#edae49", "#00798c", "#30638e", "#66a182", "#8d5a97", "#e07a5f", "#3d405b"];
  var pipelineColour = {};
  model.pipelines.filter(function (p) { return p.tasks.length; }).forEach(function (p, i) { pipelineColour[p.id] = PALETTE[i % PALETTE.length]; });

  // Task column: just before the first layer it writes that it does not also read (landing
  // writes raw batches and rewrites its state: it sits before raw); readers only sit after
  // the last layer they read.
  function taskSlot(t) {
    var fresh = t.writes.filter(function (w) { return t.reads.indexOf(w) < 0; });
    var targets = (fresh.length ? fresh : t.writes).map(function (id) { return layerIndex[datasets[id].layer]; });
    if (targets.length) return Math.min.apply(null, targets);
    var sources = t.reads.map(function (id) { return layerIndex[datasets[id].layer]; });
    return sources.length ? Math.max.apply(null, sources) + 1 : 0;
  }

  var slots = {};
  model.tasks.forEach(function (t) { var s = taskSlot(t); (slots[s] = slots[s] || []).push(t); });

  // ---- controls
  var layersBox = document.getElementById("layers");
  model.layers.forEach(function (l) {
    var box = el("input", { type: "checkbox", "data-layer": l.layer });
    box.checked = true;
    box.addEventListener("change", update);
    layersBox.appendChild(el("label", {}, [box, " " + l.layer + " (" + l.datasets.length + ")"]));
  });
  var pipelineSelect = document.getElementById("pipeline");
  model.pipelines.forEach(function (p) {
    if (!p.tasks.length) return;
    pipelineSelect.appendChild(el("option", { value: p.id, text: p.id }));
  });
  pipelineSelect.addEventListener("change", update);
  var search = document.getElementById("search");
  search.addEventListener("input", update);

  // ---- columns
  var cols = document.getElementById("cols");
  var nodes = {}; // dataset id or task key -> element
  function taskColumn(slot) {
    var col = el("div", { class: "col tasks", "data-slot": String(slot) });
    slots[slot].forEach(function (t) {
      var node = el("div", { class: "node task", "data-task-key": t.key, "data-pipeline": t.pipeline, title: t.dagId + "." + t.taskId }, [
        el("div", { class: "name", text: t.taskId }),
        el("div", { class: "meta", text: t.pipeline || t.dagId }),
      ]);
      node.style.borderLeftColor = pipelineColour[t.pipeline] || "#888";
      node.addEventListener("click", function (ev) { ev.stopPropagation(); select(t.key); });
      nodes[t.key] = node;
      col.appendChild(node);
    });
    return col;
  }
  model.layers.forEach(function (l, i) {
    if (slots[i]) cols.appendChild(taskColumn(i));
    var col = el("div", { class: "col layer", "data-layer": l.layer }, [el("h2", { text: l.layer })]);
    l.datasets.forEach(function (id) {
      var d = datasets[id];
      var meta = el("div", { class: "meta", text: d.format + " \u00b7 " + d.columns.length + " column" + (d.columns.length === 1 ? "" : "s") });
      if (d.rules.length) {
        meta.appendChild(el("span", { class: "rules", title: d.rules.map(ruleText).join("\n"), text: d.rules.length + " rule" + (d.rules.length === 1 ? "" : "s") }));
      }
      var node = el("div", { class: "node ds" + (d.external ? " external" : ""), "data-dataset-id": d.id, "data-layer": d.layer, title: d.id }, [
        // A dbt model and its Delta copy share a name in the gold column: show the id then.
        el("div", { class: "name", text: d.id === d.layer + ":" + d.name ? d.name : d.id }),
        meta,
      ]);
      node.addEventListener("click", function (ev) { ev.stopPropagation(); select(d.id); });
      nodes[d.id] = node;
      col.appendChild(node);
    });
    cols.appendChild(col);
  });
  if (slots[model.layers.length]) cols.appendChild(taskColumn(model.layers.length));

  function ruleText(r) {
    return (r.column ? r.column + ": " : "") + r.name + " \u2014 " + r.detail + " (" + r.onFail + ")";
  }

  // ---- edges
  var svg = document.getElementById("edges");
  var defs = document.createElementNS(SVG, "defs");
  var marker = document.createElementNS(SVG, "marker");
  [["id", "arrow"], ["viewBox", "0 0 8 8"], ["refX", "8"], ["refY", "4"], ["markerWidth", "7"], ["markerHeight", "7"], ["orient", "auto"]].forEach(function (a) { marker.setAttribute(a[0], a[1]); });
  var tip = document.createElementNS(SVG, "path");
  tip.setAttribute("d", "M0,0 L8,4 L0,8 z");
  tip.setAttribute("fill", "#8a93a3");
  marker.appendChild(tip);
  defs.appendChild(marker);
  svg.appendChild(defs);
  var paths = model.edges.map(function (e) {
    var p = document.createElementNS(SVG, "path");
    p.setAttribute("class", "edge " + e.kind);
    p.setAttribute("marker-end", "url(#arrow)");
    svg.appendChild(p);
    return { edge: e, path: p };
  });

  function visible(node) { return node && !node.classList.contains("hidden"); }

  function drawEdges() {
    var base = cols.getBoundingClientRect();
    svg.setAttribute("width", String(cols.scrollWidth));
    svg.setAttribute("height", String(cols.scrollHeight));
    paths.forEach(function (p) {
      var from = nodes[p.edge.kind === "read" ? p.edge.dataset : p.edge.task];
      var to = nodes[p.edge.kind === "read" ? p.edge.task : p.edge.dataset];
      if (!visible(from) || !visible(to)) { p.path.classList.add("hidden"); return; }
      p.path.classList.remove("hidden");
      var a = from.getBoundingClientRect();
      var b = to.getBoundingClientRect();
      var forward = b.left >= a.right;
      var x1 = (forward ? a.right : a.left) - base.left;
      var x2 = (forward ? b.left : b.right) - base.left;
      var y1 = a.top + a.height / 2 - base.top;
      var y2 = b.top + b.height / 2 - base.top;
      var dx = Math.max(30, Math.abs(x2 - x1) / 2) * (forward ? 1 : -1);
      p.path.setAttribute("d", "M" + x1 + "," + y1 + " C" + (x1 + dx) + "," + y1 + " " + (x2 - dx) + "," + y2 + " " + x2 + "," + y2);
    });
  }

  // ---- filters
  function update() {
    var layerOn = {};
    layersBox.querySelectorAll("input[data-layer]").forEach(function (b) { layerOn[b.getAttribute("data-layer")] = b.checked; });
    var pipeline = pipelineSelect.value;
    var query = search.value.trim().toLowerCase();
    var inPipeline = function (t) { return !pipeline || t.pipeline === pipeline; };
    var shown = 0;
    model.datasets.forEach(function (d) {
      var byPipeline = !pipeline || d.producers.concat(d.consumers).some(function (r) { return tasks[r.key] && inPipeline(tasks[r.key]); });
      var matches = !query || d.id.toLowerCase().indexOf(query) >= 0;
      var on = layerOn[d.layer] && byPipeline && matches;
      nodes[d.id].classList.toggle("hidden", !on);
      nodes[d.id].classList.toggle("match", Boolean(query) && on);
      if (on) shown++;
    });
    model.tasks.forEach(function (t) {
      var near = t.reads.concat(t.writes).some(function (id) { return visible(nodes[id]); });
      nodes[t.key].classList.toggle("hidden", !(inPipeline(t) && near));
    });
    cols.querySelectorAll(".col").forEach(function (col) {
      var layer = col.getAttribute("data-layer");
      var any = col.querySelector(".node:not(.hidden)") !== null;
      col.classList.toggle("hidden", layer !== null ? !layerOn[layer] || !any : !any);
    });
    document.getElementById("count").textContent = shown + " of " + model.datasets.length + " datasets";
    drawEdges();
    highlight();
  }

  // ---- selection and details
  var selected = null;
  var details = document.getElementById("details");

  function highlight() {
    Object.keys(nodes).forEach(function (k) { nodes[k].classList.remove("selected", "near"); });
    paths.forEach(function (p) { p.path.classList.remove("hot"); });
    // A selection the filters hid keeps its details but dims nothing.
    document.body.classList.toggle("has-selection", selected !== null && visible(nodes[selected]));
    if (selected === null) return;
    nodes[selected].classList.add("selected");
    paths.forEach(function (p) {
      if (p.edge.dataset !== selected && p.edge.task !== selected) return;
      p.path.classList.add("hot");
      nodes[p.edge.dataset].classList.add("near");
      nodes[p.edge.task].classList.add("near");
    });
  }

  function link(key, label) {
    var b = el("button", { class: "link", type: "button", text: label });
    b.addEventListener("click", function () { select(key); });
    return b;
  }
  function where(origin) { return origin ? origin.file + ":" + origin.line + ":" + origin.column : "\u2014"; }
  function row(name, value) {
    return el("tr", {}, [el("th", { text: name }), el("td", {}, [typeof value === "string" ? el("span", { text: value }) : value])]);
  }
  function list(items) {
    if (!items.length) return el("span", { class: "empty", text: "none" });
    var box = el("div");
    items.forEach(function (i) { box.appendChild(el("div", {}, [i])); });
    return box;
  }
  function table(head, rows, cls) {
    if (!rows.length) return el("p", { class: "empty", text: "none" });
    return el("table", { class: cls || "" }, [
      el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { text: h }); }))]),
      el("tbody", {}, rows.map(function (r) { return el("tr", { class: r.cls || "" }, r.cells.map(function (c) { return el("td", { text: c }); })); })),
    ]);
  }
  function taskLabel(r) { return r.dagId + "." + r.taskId; }

  function showDataset(d) {
    details.replaceChildren(
      el("h2", { text: d.id }),
      el("table", { class: "props" }, [
        row("layer", d.layer),
        row("location", el("code", { class: "location", text: d.location })),
        row("format", d.format),
        row("external", d.external ? "yes (produced outside the project)" : "no"),
        row("keys", d.keys.length ? d.keys.join(", ") : "\u2014"),
        row("partitioned by", d.partitionBy.length ? d.partitionBy.join(", ") : "\u2014"),
        row("declared at", el("code", { class: "origin", text: where(d.origin) })),
        row("producers", list(d.producers.map(function (r) { return link(r.key, taskLabel(r)); }))),
        row("consumers", list(d.consumers.map(function (r) { return link(r.key, taskLabel(r) + " (" + r.format + ")"); }))),
      ]),
      el("h3", { text: "Columns (" + d.columns.length + ")" }),
      table(["name", "type", "nullable", "system"], d.columns.map(function (c) {
        return { cls: c.system ? "sys" : "", cells: [c.name, c.type, c.nullable ? "yes" : "no", c.system ? "yes" : "no"] };
      }), "columns"),
      el("h3", { text: "Quality rules (" + d.rules.length + ")" }),
      table(["kind", "column", "rule", "checks", "on fail"], d.rules.map(function (r) {
        return { cells: [r.kind, r.column || "\u2014", r.name, r.detail, r.onFail] };
      }), "rules-table"),
    );
  }

  function showTask(t) {
    var p = model.pipelines.filter(function (x) { return x.dagId === t.dagId; })[0];
    details.replaceChildren(
      el("h2", { text: taskLabel(t) }),
      el("table", { class: "props" }, [
        row("pipeline", t.pipeline || "\u2014"),
        row("dag id", t.dagId),
        row("task id", t.taskId),
        row("kind", t.kind),
        row("declared at", el("code", { class: "origin", text: where(t.origin) })),
        row("pipeline file", el("code", { text: p ? (p.origin ? where(p.origin) : p.file) : "\u2014" })),
        row("reads", list(t.reads.map(function (id) { return link(id, id); }))),
        row("writes", list(t.writes.map(function (id) { return link(id, id); }))),
      ]),
    );
  }

  function select(key) {
    selected = key;
    if (datasets[key]) showDataset(datasets[key]);
    else if (tasks[key]) showTask(tasks[key]);
    details.setAttribute("data-selected", key);
    highlight();
  }

  document.getElementById("canvas").addEventListener("click", function () {
    selected = null;
    details.removeAttribute("data-selected");
    details.replaceChildren(el("p", { class: "empty", text: "Click a dataset or a task for its details." }));
    highlight();
  });
  window.addEventListener("resize", drawEdges);
  update();
  document.body.setAttribute("data-ready", "true");
})();
