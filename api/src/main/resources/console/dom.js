// Small helpers shared by the console's pages. Everything shown goes in as text (textContent,
// setAttribute), never as markup, because names, inputs and outputs are user data.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";

/** el("div", {class: "x", onclick: fn}, child, "text", ...): an element; strings become text nodes. */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  applyAttributes(node, attributes);
  append(node, children);
  return node;
}

/** The same for SVG elements. */
function svgEl(tag, attributes, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  applyAttributes(node, attributes);
  append(node, children);
  return node;
}

function applyAttributes(node, attributes) {
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.substring(2), value);
    } else if (key === "text") {
      node.textContent = String(value);
    } else {
      node.setAttribute(key, String(value));
    }
  }
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Appends children as el() does (null and false are skipped, unlike the DOM's own append, which writes "null"). */
function add(node, ...children) {
  append(node, children);
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Calls the service; resolves with its JSON, or rejects with AWS's error type and message. */
async function api(path, options) {
  const response = await fetch(path, options);
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    throw new Error("The service answered " + response.status + " with something that is not JSON");
  }
  if (response.status === 401) {
    // The service runs with --credentials and this browser has no session (or it expired).
    const error = new Error((body && body.message) || "Log in first");
    error.type = "Unauthorized";
    if (typeof showLogin === "function") showLogin();
    throw error;
  }
  if (!response.ok) {
    const error = new Error((body && body.message) || ("HTTP " + response.status));
    error.type = body && body.__type;
    throw error;
  }
  return body;
}

/** Milliseconds since the epoch from an ISO instant; JavaScript's Date keeps only milliseconds. */
function instantMillis(iso) {
  if (!iso) return null;
  const m = /^(.*T\d\d:\d\d:\d\d)(\.(\d+))?Z$/.exec(iso);
  if (!m) return Date.parse(iso);
  const fraction = m[3] ? Number("0." + m[3]) * 1000 : 0;
  return Date.parse(m[1] + "Z") + fraction;
}

function formatTime(iso) {
  const millis = instantMillis(iso);
  if (millis === null) return "";
  const d = new Date(millis);
  const pad = (n, w) => String(n).padStart(w || 2, "0");
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":"
    + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + "." + pad(d.getMilliseconds(), 3) + " " + zoneOf(d);
}

/** The browser's time zone at that instant, as its offset from UTC: "UTC", "UTC+02:00", "UTC-05:30". */
function zoneOf(date) {
  const minutes = -date.getTimezoneOffset();
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  return "UTC" + (minutes > 0 ? "+" : "-") + String(Math.floor(abs / 60)).padStart(2, "0") + ":"
    + String(abs % 60).padStart(2, "0");
}

/** A state's own definition, found at any depth (Parallel branches, Map processors), or null. */
function stateDefinition(definition, name) {
  const states = definition && definition.States;
  if (!states || typeof states !== "object") return null;
  if (Object.prototype.hasOwnProperty.call(states, name)) return states[name];
  for (const state of Object.values(states)) {
    for (const inner of [...(state.Branches || []), state.ItemProcessor, state.Iterator]) {
      const found = inner ? stateDefinition(inner, name) : null;
      if (found) return found;
    }
  }
  return null;
}

function formatDuration(millis) {
  if (millis === null || millis === undefined || isNaN(millis)) return "";
  if (millis < 1) return millis <= 0 ? "0 ms" : millis.toFixed(2) + " ms";
  if (millis < 1000) return Math.round(millis) + " ms";
  if (millis < 60000) return (millis / 1000).toFixed(2) + " s";
  const minutes = Math.floor(millis / 60000);
  if (minutes < 60) return minutes + " min " + Math.round((millis % 60000) / 1000) + " s";
  return Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
}

function prettyJson(value) {
  if (value === undefined) return "";
  if (typeof value === "string") {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch (e) {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

/** Where a JSON.parse error points, as {line, column, message}, or null when the text parses. */
function jsonProblem(text) {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const message = String(e.message || e);
    let offset = null;
    const position = /position (\d+)/.exec(message);
    if (position) offset = Number(position[1]);
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    if (lineColumn) return {line: Number(lineColumn[1]), column: Number(lineColumn[2]), message};
    if (offset === null) offset = text.length;
    const before = text.substring(0, offset).split("\n");
    return {line: before.length, column: before[before.length - 1].length + 1, message};
  }
}

function statusBadge(status) {
  return el("span", {class: "badge status-" + String(status).toLowerCase(), text: status});
}
