// Draws a laid-out state machine (GET .../graph: absolute coordinates from ELK on the server) as
// SVG. The layout is the server's; this only draws it and colours it by what happened.
"use strict";

/**
 * options.statusOf(name): a state's status ("succeeded", "failed", "caught", "running",
 * "aborted") or null when not reached; options.takenEdges: a Set of edge ids on the path taken;
 * options.onSelect(name): called when a state is clicked; options.selected: the selected name.
 */
function drawGraph(graph, options) {
  const opts = options || {};
  const margin = 8;
  const width = Math.ceil(graph.width + 2 * margin);
  const height = Math.ceil(graph.height + 2 * margin);
  const svg = svgEl("svg", {class: "graph", width: width, height: height,
    viewBox: (-margin) + " " + (-margin) + " " + width + " " + height, role: "img"});
  svg.appendChild(svgEl("defs", {},
    arrowMarker("arrow", "edge-arrow"), arrowMarker("arrow-taken", "edge-arrow taken")));

  const groups = svgEl("g", {class: "groups"});
  const edges = svgEl("g", {class: "edges"});
  const labels = svgEl("g", {class: "edge-labels"});
  const states = svgEl("g", {class: "states"});
  svg.append(groups, edges, labels, states);

  for (const node of graph.nodes) {
    const status = node.name && opts.statusOf ? opts.statusOf(node.name) : null;
    if (node.kind === "group" || node.kind === "branch") {
      groups.appendChild(drawGroup(node, status, opts));
    } else if (node.kind === "start" || node.kind === "end") {
      states.appendChild(drawMark(node));
    } else {
      states.appendChild(drawState(node, status, opts));
    }
  }
  for (const edge of graph.edges) {
    const taken = opts.takenEdges && opts.takenEdges.has(edge.id);
    const points = edge.points.map(p => p.x + "," + p.y).join(" ");
    edges.appendChild(svgEl("polyline", {
      class: "edge kind-" + edge.kind + (taken ? " taken" : ""), points: points,
      "marker-end": edge.kind === "start" ? null : (taken ? "url(#arrow-taken)" : "url(#arrow)"),
      "data-source": edge.source, "data-target": edge.target}));
    if (edge.label && edge.labelBox) {
      const box = edge.labelBox;
      // The label may be a shortened rule: its tooltip holds the whole of it.
      labels.appendChild(svgEl("g", {class: "edge-label kind-" + edge.kind + (taken ? " taken" : ""),
        "data-edge": edge.id, "data-source": edge.source, "data-target": edge.target},
        svgEl("rect", {x: box.x - 2, y: box.y, width: box.width + 4, height: box.height, rx: 3}),
        svgEl("text", {x: box.x + box.width / 2, y: box.y + box.height / 2, "text-anchor": "middle",
          "dominant-baseline": "central", text: edge.label}),
        svgEl("title", {text: edge.title || edge.label})));
    }
  }
  return svg;
}

function arrowMarker(id, cssClass) {
  // Sized in the drawing's units, so a thicker (taken) edge does not get a bigger arrow.
  return svgEl("marker", {id: id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
    markerUnits: "userSpaceOnUse", orient: "auto-start-reverse"}, svgEl("path", {d: "M0,0 L10,5 L0,10 z", class: cssClass}));
}

function drawGroup(node, status, opts) {
  const group = svgEl("g", {class: "group kind-" + node.kind + (status ? " status-" + status : " status-none")
    + (opts.selected && opts.selected === node.name && node.kind === "group" ? " selected" : ""),
    "data-state": node.kind === "group" ? node.name : null});
  group.appendChild(svgEl("rect", {x: node.x, y: node.y, width: node.width, height: node.height, rx: 8}));
  const title = node.kind === "group" ? node.name + "  \u00b7  " + node.type : node.name;
  group.appendChild(svgEl("text", {class: "group-title", x: node.x + 10, y: node.y + 19,
    text: fitText(title, node.width - 20, 7)}));
  group.appendChild(svgEl("title", {text: title}));
  if (node.kind === "group" && opts.onSelect) {
    group.classList.add("clickable");
    group.addEventListener("click", event => {
      // Only a click on the group's own frame or title selects it, not one on a state inside.
      if (event.target.closest("[data-state]") === group) opts.onSelect(node.name);
    });
  }
  return group;
}

function drawMark(node) {
  const cx = node.x + node.width / 2;
  const cy = node.y + node.height / 2;
  const r = node.width / 2;
  if (node.kind === "start") {
    return svgEl("g", {class: "mark start", "data-mark": node.id},
      svgEl("circle", {cx: cx, cy: cy, r: r}), svgEl("title", {text: "Start"}));
  }
  return svgEl("g", {class: "mark end", "data-mark": node.id},
    svgEl("circle", {cx: cx, cy: cy, r: r}), svgEl("circle", {class: "inner", cx: cx, cy: cy, r: r - 5}),
    svgEl("title", {text: "End"}));
}

function drawState(node, status, opts) {
  const group = svgEl("g", {class: "state type-" + String(node.type).toLowerCase()
    + (status ? " status-" + status : " status-none")
    + (opts.selected === node.name ? " selected" : "") + (opts.onSelect ? " clickable" : ""),
    "data-state": node.name, tabindex: opts.onSelect ? 0 : null});
  group.appendChild(svgEl("rect", {x: node.x, y: node.y, width: node.width, height: node.height, rx: 6}));
  group.appendChild(svgEl("text", {class: "state-name", x: node.x + node.width / 2, y: node.y + 18,
    "text-anchor": "middle", text: fitText(node.name, node.width - 14, 7.2)}));
  group.appendChild(svgEl("text", {class: "state-type", x: node.x + node.width / 2, y: node.y + 34,
    "text-anchor": "middle", text: node.type + (status ? " \u00b7 " + status : "")}));
  group.appendChild(svgEl("title", {text: node.name + " (" + node.type + ")" + (status ? ": " + status : "")}));
  if (opts.onSelect) {
    group.addEventListener("click", () => opts.onSelect(node.name));
    group.addEventListener("keydown", event => {
      if (event.key === "Enter") opts.onSelect(node.name);
    });
  }
  return group;
}

/** Cuts a text to what fits in a width, at an average character width. */
function fitText(text, width, charWidth) {
  const max = Math.max(3, Math.floor(width / charWidth));
  return text.length <= max ? text : text.substring(0, max - 1) + "\u2026";
}

/**
 * Wraps a drawn graph in a frame with zoom and pan: the wheel zooms around the pointer, dragging
 * pans, and "+", "-" and "Fit" buttons do the same from the keyboard. All of it moves the SVG's
 * viewBox, so the drawing stays sharp. Fit (the whole graph) is the default; a redraw keeps the
 * view given as keepView (the previous frame's viewBox) when the user had moved it.
 */
function zoomableGraph(svg, keepView) {
  const whole = svg.viewBox.baseVal;
  const full = {x: whole.x, y: whole.y, width: whole.width, height: whole.height};
  let view = keepView || full;
  const minWidth = Math.min(full.width, 80);
  const maxWidth = full.width * 4;

  function show(next) {
    view = next;
    svg.setAttribute("viewBox", [next.x, next.y, next.width, next.height].join(" "));
    frame.dataset.zoomed = next === full ? "fit" : "moved";
  }

  /** Zooms by factor (below 1 zooms in) keeping the drawing's point (px, py) where it is. */
  function zoom(factor, px, py) {
    const width = Math.min(maxWidth, Math.max(minWidth, view.width * factor));
    const applied = width / view.width;
    show({x: px - (px - view.x) * applied, y: py - (py - view.y) * applied,
      width: width, height: view.height * applied});
  }

  /** The drawing's coordinates under a point on the screen. */
  function pointAt(clientX, clientY) {
    const matrix = svg.getScreenCTM();
    if (!matrix) return {x: view.x + view.width / 2, y: view.y + view.height / 2};
    const point = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
    return {x: point.x, y: point.y};
  }

  function zoomAtCentre(factor) {
    zoom(factor, view.x + view.width / 2, view.y + view.height / 2);
  }

  const tools = el("div", {class: "graph-tools"},
    el("button", {type: "button", class: "small", id: "graph-zoom-in", title: "Zoom in", text: "+",
      onclick: () => zoomAtCentre(1 / 1.25)}),
    el("button", {type: "button", class: "small", id: "graph-zoom-out", title: "Zoom out", text: "\u2212",
      onclick: () => zoomAtCentre(1.25)}),
    el("button", {type: "button", class: "small", id: "graph-fit", title: "Show the whole graph", text: "Fit",
      onclick: () => show(full)}));
  const frame = el("div", {class: "graph-frame"}, tools, svg);
  svg.classList.add("zoomable");

  svg.addEventListener("wheel", event => {
    event.preventDefault();
    const at = pointAt(event.clientX, event.clientY);
    zoom(Math.pow(1.0015, event.deltaY), at.x, at.y);
  }, {passive: false});

  // Dragging pans; a drag that moved ends without the click that would select a state.
  let drag = null;
  let dragged = false;
  svg.addEventListener("click", event => {
    if (dragged) event.stopPropagation();
    dragged = false;
  }, {capture: true});
  svg.addEventListener("pointerdown", event => {
    if (event.button !== 0) return;
    dragged = false;
    drag = {clientX: event.clientX, clientY: event.clientY, view: view, moved: false, pointer: event.pointerId};
  });
  svg.addEventListener("pointermove", event => {
    if (!drag || drag.pointer !== event.pointerId) return;
    const dx = event.clientX - drag.clientX;
    const dy = event.clientY - drag.clientY;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("panning");
    }
    const matrix = svg.getScreenCTM();
    const scale = matrix ? matrix.a : 1;
    show({x: drag.view.x - dx / scale, y: drag.view.y - dy / scale, width: drag.view.width, height: drag.view.height});
  });
  function endDrag(event) {
    if (!drag || drag.pointer !== event.pointerId) return;
    dragged = drag.moved;
    svg.classList.remove("panning");
    drag = null;
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);

  show(view);
  return frame;
}

/** The view of a graph frame the user has moved, to keep across a redraw; null when it shows all. */
function graphViewOf(container) {
  const frame = container && container.querySelector(".graph-frame");
  const svg = frame && frame.querySelector("svg.graph");
  if (!svg || frame.dataset.zoomed !== "moved") return null;
  const box = svg.viewBox.baseVal;
  return {x: box.x, y: box.y, width: box.width, height: box.height};
}
