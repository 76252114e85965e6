// The web console: a page per hash route (#/, #/machines/NAME, #/executions, #/executions/ID,
// #/map-runs/ARN, #/children/ARN, #/start, #/validate, #/nodes, #/nodes/ID), each built from the service's REST API and
// refreshed by short polling.
"use strict";

const STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
const HISTORY_PAGE = 100;
const TIMELINE_ROWS = 400;
const VISIT_ROWS = 200;

const main = document.getElementById("main");
/** The page on screen; a new route replaces it, which stops its polling. */
let currentPage = {alive: false};

window.addEventListener("hashchange", route);
route();

function route() {
  currentPage.alive = false;
  const page = {alive: true};
  currentPage = page;
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  // A hand-typed address may hold a broken escape: keep that part as typed rather than fail the page.
  const parts = path.split("/").filter(p => p.length > 0).map(p => {
    try { return decodeURIComponent(p); } catch (e) { return p; }
  });
  clear(main);
  delete main.dataset.ready;
  let nav = "machines";
  let render;
  if (parts.length === 0 || (parts[0] === "machines" && parts.length === 1)) {
    render = () => machinesPage(page);
  } else if (parts[0] === "machines") {
    render = () => machinePage(page, parts[1]);
  } else if (parts[0] === "executions" && parts.length === 1) {
    nav = "executions";
    render = () => executionsPage(page, params);
  } else if (parts[0] === "executions") {
    nav = "executions";
    render = () => executionPage(page, parts[1]);
  } else if (parts[0] === "map-runs" && parts.length === 2) {
    nav = "executions";
    render = () => mapRunPage(page, parts[1], params);
  } else if (parts[0] === "children" && parts.length === 2) {
    nav = "executions";
    render = () => childPage(page, parts[1]);
  } else if (parts[0] === "start") {
    nav = "start";
    render = () => startPage(page, params);
  } else if (parts[0] === "validate") {
    nav = "validate";
    render = () => validatePage(page);
  } else if (parts[0] === "nodes" && parts.length === 1) {
    nav = "nodes";
    render = () => nodesPage(page);
  } else if (parts[0] === "nodes" && parts.length === 2) {
    nav = "nodes";
    render = () => nodePage(page, parts[1], params);
  } else if (parts[0] === "logout") {
    render = () => logout();
  } else {
    render = () => main.appendChild(el("p", {class: "error", text: "No such page: " + hash}));
  }
  for (const link of document.querySelectorAll("[data-nav]")) {
    link.classList.toggle("active", link.dataset.nav === nav);
  }
  Promise.resolve().then(render).catch(error => {
    if (error.type !== "Unauthorized") showError(main, error); // a 401 has put the login form up instead
  });
}

// ---------------------------------------------------------------- login (serve --credentials)

/**
 * The login form, shown whenever the REST API answers 401. A successful login sets an HttpOnly
 * session cookie (no script can read it), then the page the user asked for is shown.
 */
function showLogin() {
  if (main.dataset.ready === "login") return;
  currentPage.alive = false;
  currentPage = {alive: false};
  clear(main);
  const key = el("input", {id: "login-key", name: "username", autocomplete: "username", placeholder: "Access key id"});
  const secret = el("input", {id: "login-secret", name: "password", type: "password", autocomplete: "current-password",
    placeholder: "Secret access key"});
  const problem = el("p", {id: "login-problem", class: "error"});
  const form = el("form", {id: "login-form", class: "card login"},
    el("p", {text: "This service needs a key of its credentials file: the access key id and secret of a profile."}),
    key, secret, el("button", {id: "login-button", type: "submit", text: "Log in"}), problem);
  form.addEventListener("submit", async event => {
    event.preventDefault();
    problem.textContent = "";
    try {
      const response = await fetch("/login", {method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({accessKeyId: key.value, secretAccessKey: secret.value})});
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        problem.textContent = (body && body.message) || ("HTTP " + response.status);
        return;
      }
      document.getElementById("logout-link").hidden = false;
      route();
    } catch (error) {
      problem.textContent = error.message;
    }
  });
  add(main, el("h1", {text: "Log in"}), form);
  main.dataset.ready = "login";
  key.focus();
}

async function logout() {
  await fetch("/logout", {method: "POST"});
  document.getElementById("logout-link").hidden = true;
  showLogin();
}

/** Runs task now and then every interval milliseconds while the page is on screen. */
function poll(page, interval, task) {
  const tick = async () => {
    if (!page.alive) return;
    try {
      await task();
    } catch (error) {
      console.warn("refresh failed", error);
    }
    if (page.alive) setTimeout(tick, interval);
  };
  return tick();
}

function showError(container, error) {
  container.appendChild(el("p", {class: "error"}, (error.type ? error.type + ": " : "") + error.message));
}

function executionLink(execution) {
  return el("a", {href: "#/executions/" + encodeURIComponent(execution.id), text: execution.name});
}

function machineLink(name) {
  return el("a", {href: "#/machines/" + encodeURIComponent(name), text: name});
}

function nodeLink(nodeId) {
  return el("a", {href: "#/nodes/" + encodeURIComponent(nodeId), text: nodeId});
}

// ---------------------------------------------------------------- state machines

async function machinesPage(page) {
  const body = el("tbody");
  const problem = el("p", {class: "error", id: "create-machine-error", hidden: true});
  const name = el("input", {id: "new-machine-name", placeholder: "name", autocomplete: "off"});
  const type = el("select", {id: "new-machine-type"}, el("option", {text: "STANDARD"}), el("option", {text: "EXPRESS"}));
  const definition = el("textarea", {id: "new-machine-definition", rows: 10, spellcheck: "false",
    placeholder: '{"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": true}}}'});
  const create = el("button", {id: "create-machine", type: "submit", text: "Create"});
  const form = el("form", {class: "card create-machine"},
    el("h2", {text: "Create a state machine"}),
    el("div", {class: "row"}, name, type, create), definition, problem);
  form.addEventListener("submit", async event => {
    event.preventDefault();
    problem.hidden = true;
    try {
      await api("/state-machines?name=" + encodeURIComponent(name.value) + "&type=" + type.value,
        {method: "POST", body: definition.value});
      location.hash = "#/machines/" + encodeURIComponent(name.value);
    } catch (error) {
      problem.textContent = (error.type ? error.type + ": " : "") + error.message;
      problem.hidden = false;
    }
  });
  add(main, el("h1", {text: "State machines"}),
    el("table", {class: "list", id: "machines"},
      el("thead", {}, el("tr", {}, ["Name", "Type", "Created", "Executions"].map(h => el("th", {text: h})))), body),
    form);
  await poll(page, 3000, async () => {
    const [machines, counts] = await Promise.all([api("/state-machines"), api("/execution-counts")]);
    clear(body);
    if (machines.stateMachines.length === 0) {
      body.appendChild(el("tr", {}, el("td", {colspan: 4, class: "empty", text: "No state machines yet: create one below."})));
    }
    for (const machine of machines.stateMachines) {
      const byStatus = counts.stateMachines[machine.name] || {};
      const badges = STATUSES.filter(s => byStatus[s] > 0).map(s =>
        el("a", {class: "badge status-" + s.toLowerCase(),
          href: "#/executions?machine=" + encodeURIComponent(machine.name) + "&status=" + s,
          text: s.toLowerCase().replace("_", " ") + " " + byStatus[s]}));
      body.appendChild(el("tr", {"data-machine": machine.name},
        el("td", {}, machineLink(machine.name)), el("td", {text: machine.type}),
        el("td", {text: formatTime(machine.creationDate)}),
        el("td", {}, el("div", {class: "badges"}, badges.length ? badges : el("span", {class: "muted", text: "none"})))));
    }
    main.dataset.ready = "machines";
  });
}

async function machinePage(page, name) {
  const machine = await api("/state-machines/" + encodeURIComponent(name));
  const graph = await api("/state-machines/" + encodeURIComponent(name) + "/graph");
  const executions = el("tbody");
  add(main, 
    el("div", {class: "title-row"}, el("h1", {text: machine.name}), el("span", {class: "badge", text: machine.type}),
      el("a", {class: "button", id: "start-from-machine", href: "#/start?machine=" + encodeURIComponent(name),
        text: "Start an execution"})),
    el("p", {class: "muted", text: machine.stateMachineArn + " \u00b7 created " + formatTime(machine.creationDate)}),
    el("div", {class: "card graph-card", id: "machine-graph"}, zoomableGraph(drawGraph(graph, {}))),
    el("h2", {text: "Recent executions"}),
    el("table", {class: "list"}, el("thead", {}, el("tr", {}, ["Name", "Status", "Started", "Stopped"].map(h => el("th", {text: h})))),
      executions),
    el("h2", {text: "Definition"}), definitionCard(page, name, machine.definition));
  main.dataset.ready = "machine";
  await poll(page, 3000, async () => {
    const list = await api("/executions?maxResults=20&stateMachine=" + encodeURIComponent(name));
    clear(executions);
    if (list.executions.length === 0) {
      executions.appendChild(el("tr", {}, el("td", {colspan: 4, class: "empty", text: "No executions yet."})));
    }
    for (const execution of list.executions) {
      executions.appendChild(el("tr", {}, el("td", {}, executionLink(execution)), el("td", {}, statusBadge(execution.status)),
        el("td", {text: formatTime(execution.startDate)}), el("td", {text: formatTime(execution.stopDate)})));
    }
  });
}

/**
 * The machine's definition, with Edit (UpdateStateMachine: running executions keep the definition
 * they started with) and Delete (asked twice: it cannot be undone).
 */
function definitionCard(page, name, definition) {
  const card = el("div", {class: "card", id: "machine-definition"});
  const show = () => {
    const edit = el("button", {id: "edit-machine", text: "Edit definition"});
    const remove = el("button", {id: "delete-machine", class: "danger", text: "Delete state machine"});
    const actions = el("div", {class: "row"}, edit, remove);
    edit.addEventListener("click", editing);
    remove.addEventListener("click", () => {
      const sure = el("button", {id: "confirm-delete", class: "danger", text: "Delete " + name + " for good"});
      const keep = el("button", {text: "Keep it"});
      keep.addEventListener("click", show);
      sure.addEventListener("click", async () => {
        sure.disabled = true;
        try {
          await api("/state-machines/" + encodeURIComponent(name), {method: "DELETE"});
          location.hash = "#/machines";
        } catch (error) {
          showError(card, error);
        }
      });
      clear(actions);
      add(actions, el("span", {class: "error", text: "Its executions stay readable; the machine is gone."}), sure, keep);
    });
    add(clear(card), actions, el("pre", {class: "code", text: prettyJson(definition)}));
  };
  const editing = () => {
    const text = el("textarea", {id: "edit-definition", rows: 18, spellcheck: "false"});
    text.value = prettyJson(definition);
    const save = el("button", {id: "save-machine", text: "Save"});
    const cancel = el("button", {text: "Cancel"});
    const failure = el("p", {class: "error", id: "edit-error", hidden: true});
    cancel.addEventListener("click", show);
    save.addEventListener("click", async () => {
      save.disabled = true;
      failure.hidden = true;
      try {
        await api("/state-machines/" + encodeURIComponent(name), {method: "PUT", body: text.value});
        route();
      } catch (error) {
        failure.textContent = (error.type ? error.type + ": " : "") + error.message;
        failure.hidden = false;
        save.disabled = false;
      }
    });
    add(clear(card), text, el("div", {class: "row"}, save, cancel), failure);
  };
  show();
  return card;
}

// ---------------------------------------------------------------- executions

async function executionsPage(page, params) {
  const status = el("select", {id: "status-filter"}, el("option", {value: "", text: "Any status"}),
    STATUSES.map(s => el("option", {value: s, text: s})));
  status.value = params.get("status") || "";
  const search = el("input", {id: "name-filter", type: "search", placeholder: "Search by name", autocomplete: "off"});
  search.value = params.get("name") || "";
  const machine = params.get("machine") || "";
  const body = el("tbody");
  const summary = el("span", {class: "muted", id: "executions-summary"});
  const previous = el("button", {id: "previous-page", text: "\u2190 Newer"});
  const next = el("button", {id: "next-page", text: "Older \u2192"});
  const tokens = [null]; // tokens[i] opens page i
  let pageIndex = 0;
  let last = "";

  const refresh = async () => {
    const query = new URLSearchParams({maxResults: "25"});
    if (status.value) query.set("status", status.value);
    if (search.value) query.set("name", search.value);
    if (machine) query.set("stateMachine", machine);
    if (tokens[pageIndex]) query.set("nextToken", tokens[pageIndex]);
    const list = await api("/executions?" + query);
    tokens[pageIndex + 1] = list.nextToken;
    previous.disabled = pageIndex === 0;
    next.disabled = !list.nextToken;
    summary.textContent = (list.totalIsExact === false ? "more than " : "") + list.total
      + (list.total === 1 && list.totalIsExact !== false ? " execution" : " executions")
      + (machine ? " of " + machine : "") + " \u00b7 page " + (pageIndex + 1);
    const signature = JSON.stringify(list.executions.map(e => [e.id, e.status]));
    if (signature === last && body.childElementCount > 0) return;
    last = signature;
    clear(body);
    if (list.executions.length === 0) {
      body.appendChild(el("tr", {}, el("td", {colspan: 6, class: "empty", text: "No executions match."})));
    }
    for (const execution of list.executions) {
      const stop = instantMillis(execution.stopDate) || Date.now();
      body.appendChild(el("tr", {"data-execution": execution.name, "data-status": execution.status},
        el("td", {}, executionLink(execution)), el("td", {}, machineLink(execution.stateMachineName)),
        el("td", {}, statusBadge(execution.status)), el("td", {text: formatTime(execution.startDate)}),
        el("td", {text: formatTime(execution.stopDate)}),
        el("td", {text: formatDuration(stop - instantMillis(execution.startDate))})));
    }
    main.dataset.ready = "executions";
  };
  const restart = () => {
    pageIndex = 0;
    tokens.length = 1;
    last = "";
    refresh().catch(error => showError(main, error));
  };
  status.addEventListener("change", restart);
  let typing = null;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(restart, 250);
  });
  previous.addEventListener("click", () => {
    pageIndex = Math.max(0, pageIndex - 1);
    last = "";
    refresh();
  });
  next.addEventListener("click", () => {
    if (tokens[pageIndex + 1]) {
      pageIndex++;
      last = "";
      refresh();
    }
  });
  add(main, el("h1", {text: "Executions"}),
    el("div", {class: "filters"}, status, search, summary,
      machine ? el("a", {href: "#/executions", text: "all machines"}) : null),
    el("table", {class: "list", id: "executions"},
      el("thead", {}, el("tr", {}, ["Name", "State machine", "Status", "Started", "Stopped", "Duration"].map(h => el("th", {text: h})))),
      body),
    el("div", {class: "pager"}, previous, next));
  await poll(page, 2000, refresh);
}

// ---------------------------------------------------------------- nodes

/** A node's state in words: live, or gone (stopped cleanly, or not heard from). */
function nodeBadge(node) {
  const badge = statusBadge(node.status); // LIVE or GONE
  if (node.status !== "LIVE") badge.title = node.stoppedAt ? "stopped cleanly " + formatTime(node.stoppedAt)
    : "not seen since " + formatTime(node.lastSeenAt);
  return badge;
}

async function nodesPage(page) {
  const body = el("tbody");
  let last = "";
  add(main, el("h1", {text: "Nodes"}),
    el("p", {class: "muted", text: "The services that share this store, and the running executions each drives."
      + " A node is live while it renews its leases; a gone node stays listed for an hour after it was last seen."}),
    el("table", {class: "list", id: "nodes"},
      el("thead", {}, el("tr", {}, ["Node", "Address", "Status", "Started", "Last seen", "Executions"].map(h => el("th", {text: h})))),
      body));
  await poll(page, 2000, async () => {
    const list = await api("/nodes");
    const signature = JSON.stringify(list.nodes);
    if (signature === last) return;
    last = signature;
    clear(body);
    for (const node of list.nodes) {
      body.appendChild(el("tr", {"data-node": node.nodeId, "data-status": node.status},
        el("td", {}, nodeLink(node.nodeId), node.thisNode ? el("span", {class: "muted", text: " (this node)"}) : null),
        el("td", {class: "mono", text: node.address || "\u2014"}), el("td", {}, nodeBadge(node)),
        el("td", {text: formatTime(node.startedAt)}), el("td", {text: formatTime(node.lastSeenAt)}),
        el("td", {class: "node-executions", text: String(node.executions)})));
    }
    main.dataset.ready = "nodes";
  });
}

async function nodePage(page, nodeId, params) {
  const header = el("div", {id: "node-header"});
  const body = el("tbody");
  const previous = el("button", {id: "previous-page", text: "\u2190 Newer"});
  const next = el("button", {id: "next-page", text: "Older \u2192"});
  const tokens = [null]; // tokens[i] opens page i
  let pageIndex = 0;
  let last = "";
  add(main, header, el("h2", {text: "Executions it drives"}),
    el("table", {class: "list", id: "node-executions"},
      el("thead", {}, el("tr", {}, ["Name", "State machine", "Status", "Started", "Duration"].map(h => el("th", {text: h})))),
      body),
    el("div", {class: "pager"}, previous, next));

  const refresh = async () => {
    const query = new URLSearchParams({maxResults: params.get("maxResults") || "25"});
    if (tokens[pageIndex]) query.set("nextToken", tokens[pageIndex]);
    const answer = await api("/nodes/" + encodeURIComponent(nodeId) + "/executions?" + query);
    const node = answer.node;
    tokens[pageIndex + 1] = answer.nextToken;
    previous.disabled = pageIndex === 0;
    next.disabled = !answer.nextToken;
    const signature = JSON.stringify([node, answer.executions.map(e => [e.id, e.status])]);
    if (signature === last) return;
    last = signature;
    add(clear(header),
      el("div", {class: "title-row"}, el("h1", {text: node.nodeId}), el("span", {id: "node-status"}, nodeBadge(node)),
        node.thisNode ? el("span", {class: "muted", text: "this node"}) : null),
      el("dl", {class: "facts"},
        el("dt", {text: "Address"}), el("dd", {class: "mono", text: node.address || "\u2014"}),
        el("dt", {text: "Started"}), el("dd", {text: formatTime(node.startedAt)}),
        el("dt", {text: "Last seen"}), el("dd", {text: formatTime(node.lastSeenAt)}),
        node.stoppedAt ? el("dt", {text: "Stopped"}) : null,
        node.stoppedAt ? el("dd", {text: formatTime(node.stoppedAt) + " (cleanly, its executions handed back)"}) : null,
        el("dt", {text: "Executions"}), el("dd", {id: "node-execution-count", text: String(node.executions)})));
    clear(body);
    if (answer.executions.length === 0) {
      body.appendChild(el("tr", {}, el("td", {colspan: 5, class: "empty", text: "This node drives no execution now."})));
    }
    for (const execution of answer.executions) {
      body.appendChild(el("tr", {"data-execution": execution.name, "data-status": execution.status},
        el("td", {}, executionLink(execution)), el("td", {}, machineLink(execution.stateMachineName)),
        el("td", {}, statusBadge(execution.status)), el("td", {text: formatTime(execution.startDate)}),
        el("td", {text: formatDuration(Date.now() - instantMillis(execution.startDate))})));
    }
    main.dataset.ready = "node";
  };
  const again = () => {
    last = "";
    refresh().catch(error => showError(main, error));
  };
  previous.addEventListener("click", () => {
    pageIndex = Math.max(0, pageIndex - 1);
    again();
  });
  next.addEventListener("click", () => {
    if (tokens[pageIndex + 1]) {
      pageIndex++;
      again();
    }
  });
  await poll(page, 2000, refresh);
}

// ---------------------------------------------------------------- one execution

async function executionPage(page, id) {
  const path = "/executions/" + encodeURIComponent(id);
  const [execution, graph, states, history, mapRuns] = await Promise.all([api(path), api(path + "/graph"),
    api(path + "/states"), api(path + "/history?maxResults=" + HISTORY_PAGE), api(path + "/map-runs")]);
  const view = {execution, graph, states: states.states, events: history.events, nextToken: history.nextToken,
    mapRuns: mapRuns.mapRuns, selected: null, visitIndex: null, page, path};
  view.selected = firstInteresting(view.states);
  const header = el("div", {id: "execution-header"});
  const graphCard = el("div", {class: "card graph-card", id: "execution-graph"});
  const details = el("div", {class: "card details", id: "state-details"});
  const io = el("div", {class: "io"});
  const mapRunsSection = el("div", {id: "map-runs"});
  const timeline = el("div", {class: "card timeline", id: "timeline"});
  const events = el("div", {id: "events-section"});
  const visitsTable = el("div", {id: "visits-section"});
  Object.assign(view, {header, graphCard, details, io, timeline, eventsSection: events, visitsSection: visitsTable,
    mapRunsSection});
  add(main, header, el("div", {class: "split"}, graphCard, details), mapRunsSection, io,
    el("h2", {text: "Timeline"}), timeline, el("h2", {text: "State visits"}), visitsTable, el("h2", {text: "Events"}), events);
  renderExecution(view);
  renderMapRuns(view);
  renderEvents(view);
  main.dataset.ready = "execution";
  if (execution.status === "RUNNING") {
    await poll(page, 700, async () => {
      const latest = await api(path);
      const latestStates = await api(path + "/states");
      view.mapRuns = (await api(path + "/map-runs")).mapRuns;
      renderMapRuns(view);
      const changed = latest.status !== view.execution.status
        || JSON.stringify(latestStates.states.map(s => [s.status, s.exitedEventId]))
        !== JSON.stringify(view.states.map(s => [s.status, s.exitedEventId]));
      view.execution = latest;
      if (changed) {
        view.states = latestStates.states;
        const reloaded = await api(path + "/history?maxResults=" + Math.min(1000, Math.max(HISTORY_PAGE, view.events.length)));
        view.events = reloaded.events;
        view.nextToken = reloaded.nextToken;
        renderExecution(view);
        renderEvents(view);
      } else {
        renderHeader(view);
      }
      if (latest.status !== "RUNNING") view.page.alive = false;
    });
  }
}

/** The execution's Distributed Map runs, each with its progress and a link to its child executions. */
function renderMapRuns(view) {
  const signature = JSON.stringify(view.mapRuns);
  if (signature === view.mapRunsSignature) return; // unchanged: not redrawn under the reader's eyes
  view.mapRunsSignature = signature;
  const section = clear(view.mapRunsSection);
  if (!view.mapRuns || view.mapRuns.length === 0) return;
  add(section, el("h2", {text: "Map Runs"}), view.mapRuns.map(run => mapRunCard(run, true)));
}

/** A Map Run's status, dates, counts and progress bar; linked to its page when asked. */
function mapRunCard(run, linked) {
  const c = run.counts;
  const end = instantMillis(run.stopDate) || Date.now();
  const title = linked ? el("a", {href: "#/map-runs/" + encodeURIComponent(run.mapRunArn), text: run.label}) : run.label;
  return el("div", {class: "card map-run", "data-map-run": run.label, "data-status": run.status},
    el("div", {class: "title-row"}, el("h3", {}, title), statusBadge(run.status)),
    progressBar(c),
    el("table", {class: "counts"},
      el("thead", {}, el("tr", {}, ["Pending", "Running", "Succeeded", "Failed", "Aborted", "Total"].map(h => el("th", {text: h})))),
      el("tbody", {}, el("tr", {}, ["pending", "running", "succeeded", "failed", "aborted", "total"].map(key =>
        el("td", {class: "count-" + key, text: String(c[key])}))))),
    el("dl", {class: "facts"},
      el("dt", {text: "Started"}), el("dd", {text: formatTime(run.startDate)}),
      el("dt", {text: "Stopped"}), el("dd", {text: formatTime(run.stopDate) || "\u2014"}),
      el("dt", {text: "Duration"}), el("dd", {text: formatDuration(end - instantMillis(run.startDate))}),
      el("dt", {text: "Max concurrency"}), el("dd", {text: run.maxConcurrency === 0 ? "unlimited" : String(run.maxConcurrency)}),
      el("dt", {text: "ARN"}), el("dd", {class: "mono", text: run.mapRunArn})));
}

/** How many items ended each way, and how many run, as parts of the whole. */
function progressBar(c) {
  const total = Math.max(1, c.total);
  const done = c.succeeded + c.failed + c.aborted;
  return el("div", {class: "progress", title: done + " of " + c.total + " ended"},
    ["succeeded", "failed", "aborted", "running"].filter(key => c[key] > 0).map(key => {
      const part = el("span", {class: "progress-" + key});
      part.style.width = (100 * c[key] / total).toFixed(2) + "%"; // through the CSSOM: the page's CSP refuses style attributes
      return part;
    }));
}

// ---------------------------------------------------------------- one Map Run

async function mapRunPage(page, arn, params) {
  const header = el("div", {id: "map-run-header"});
  const status = el("select", {id: "child-status-filter"}, el("option", {value: "", text: "Any status"}),
    ["RUNNING", "SUCCEEDED", "FAILED", "ABORTED"].map(s => el("option", {value: s, text: s})));
  status.value = params.get("status") || "";
  const body = el("tbody");
  const previous = el("button", {id: "previous-page", text: "\u2190 Later"});
  const next = el("button", {id: "next-page", text: "Earlier \u2192"});
  const tokens = [null]; // tokens[i] opens page i
  let pageIndex = 0;
  let last = "";
  add(main, header, el("h2", {text: "Child executions"}), el("div", {class: "filters"}, status),
    el("table", {class: "list", id: "children"},
      el("thead", {}, el("tr", {}, ["Name", "Item", "Status", "Started", "Stopped", "Duration"].map(h => el("th", {text: h})))),
      body),
    el("div", {class: "pager"}, previous, next));

  const refresh = async () => {
    const run = await api("/map-run?arn=" + encodeURIComponent(arn));
    add(clear(header), el("p", {}, "Map Run of ",
      el("a", {href: "#/executions/" + encodeURIComponent(run.executionId), text: run.executionId})), mapRunCard(run, false));
    const query = new URLSearchParams({arn, maxResults: "25"});
    if (status.value) query.set("status", status.value);
    if (tokens[pageIndex]) query.set("nextToken", tokens[pageIndex]);
    const list = await api("/map-run/executions?" + query);
    tokens[pageIndex + 1] = list.nextToken;
    previous.disabled = pageIndex === 0;
    next.disabled = !list.nextToken;
    const signature = JSON.stringify(list.executions.map(e => [e.executionArn, e.status]));
    if (signature !== last || body.childElementCount === 0) {
      last = signature;
      clear(body);
      if (list.executions.length === 0) {
        body.appendChild(el("tr", {}, el("td", {colspan: 6, class: "empty", text: "No child executions match."})));
      }
      for (const child of list.executions) {
        const stop = instantMillis(child.stopDate) || Date.now();
        body.appendChild(el("tr", {"data-child": child.index, "data-status": child.status},
          el("td", {}, el("a", {href: "#/children/" + encodeURIComponent(child.executionArn), text: child.name})),
          el("td", {text: String(child.index)}), el("td", {}, statusBadge(child.status)),
          el("td", {text: formatTime(child.startDate)}), el("td", {text: formatTime(child.stopDate)}),
          el("td", {text: formatDuration(stop - instantMillis(child.startDate))})));
      }
    }
    main.dataset.ready = "map-run";
    if (run.status !== "RUNNING") page.alive = false;
  };
  const again = () => refresh().catch(error => showError(main, error));
  status.addEventListener("change", () => {
    pageIndex = 0;
    tokens.length = 1;
    last = "";
    again();
  });
  previous.addEventListener("click", () => {
    pageIndex = Math.max(0, pageIndex - 1);
    last = "";
    again();
  });
  next.addEventListener("click", () => {
    if (tokens[pageIndex + 1]) {
      pageIndex++;
      last = "";
      again();
    }
  });
  await poll(page, 1000, refresh);
}

// ---------------------------------------------------------------- one child execution

async function childPage(page, arn) {
  const child = await api("/map-run/execution?arn=" + encodeURIComponent(arn));
  const end = instantMillis(child.stopDate) || Date.now();
  add(main,
    el("div", {class: "title-row"}, el("h1", {text: child.name}), el("span", {id: "child-status"}, statusBadge(child.status))),
    el("dl", {class: "facts"},
      el("dt", {text: "Map Run"}), el("dd", {},
        el("a", {id: "child-map-run", href: "#/map-runs/" + encodeURIComponent(child.mapRunArn), text: child.mapRunArn})),
      el("dt", {text: "Item"}), el("dd", {text: String(child.index)}),
      el("dt", {text: "Started"}), el("dd", {text: formatTime(child.startDate)}),
      el("dt", {text: "Stopped"}), el("dd", {text: formatTime(child.stopDate) || "\u2014"}),
      el("dt", {text: "Duration"}), el("dd", {text: formatDuration(end - instantMillis(child.startDate))}),
      el("dt", {text: "ARN"}), el("dd", {class: "mono", text: child.executionArn})),
    child.error || child.cause ? el("div", {class: "card failure", id: "child-error"},
      el("strong", {text: child.error || ""}), el("pre", {text: prettyJson(child.cause || "")})) : null,
    el("div", {class: "io"},
      el("div", {class: "card"}, el("h2", {text: "Input"}), el("pre", {class: "code", id: "child-input", text: prettyJson(child.input)})),
      el("div", {class: "card"}, el("h2", {text: "Output"}), el("pre", {class: "code", id: "child-output",
        text: child.output === null || child.output === undefined ? "\u2014" : prettyJson(child.output)}))));
  main.dataset.ready = "child";
  if (child.status === "RUNNING") {
    await poll(page, 1000, async () => {
      const latest = await api("/map-run/execution?arn=" + encodeURIComponent(arn));
      if (latest.status !== "RUNNING") {
        page.alive = false;
        route();
      }
    });
  }
}

/** The state to show first: the first that failed, else none. */
function firstInteresting(states) {
  const failed = states.find(s => s.status === "failed");
  return failed ? failed.name : null;
}

function renderExecution(view) {
  renderHeader(view);
  renderGraph(view);
  renderDetails(view);
  renderIo(view);
  renderTimeline(view);
  renderVisits(view);
}

/** Every state visit as a table row, in the order entered; a row selects its state and visit. */
function renderVisits(view) {
  const section = clear(view.visitsSection);
  // A long execution has thousands of visits: the first VISIT_ROWS, and the rest on request.
  const limit = view.allVisits ? view.states.length : Math.min(view.states.length, VISIT_ROWS);
  const rows = view.states.slice(0, limit).map((visit, i) => {
    const duration = visit.exitedAt ? formatDuration(instantMillis(visit.exitedAt) - instantMillis(visit.enteredAt)) : "";
    const row = el("tr", {"data-visit": i, class: "clickable"},
      el("td", {text: i + 1}), el("td", {class: "mono", text: visit.name}), el("td", {text: visit.scope || ""}),
      el("td", {text: visit.type}), el("td", {}, statusBadge(visit.status)), el("td", {text: formatTime(visit.enteredAt)}),
      el("td", {text: duration}), el("td", {text: visit.retries}), el("td", {class: "cause", text: visit.error || ""}));
    row.addEventListener("click", () => {
      view.selected = visit.name;
      view.visitIndex = view.states.filter(s => s.name === visit.name).indexOf(visit);
      renderGraph(view);
      renderDetails(view);
      view.details.scrollIntoView({block: "nearest"});
    });
    return row;
  });
  add(section, el("table", {class: "list compact", id: "visits"},
    el("thead", {}, el("tr", {}, ["#", "State", "Where", "Type", "Status", "Entered", "Duration", "Retries", "Error"]
      .map(h => el("th", {text: h})))), el("tbody", {}, rows)));
  if (limit < view.states.length) {
    const all = el("button", {id: "all-visits", text: "Show all " + view.states.length + " visits"});
    all.addEventListener("click", () => {
      view.allVisits = true;
      renderVisits(view);
    });
    section.appendChild(el("div", {class: "pager"}, el("span", {class: "muted", text: limit + " of " + view.states.length + " visits shown"}), all));
  }
}

function renderHeader(view) {
  const e = view.execution;
  const header = clear(view.header);
  const stop = el("button", {id: "stop-execution", class: "danger", text: "Stop execution"});
  stop.addEventListener("click", async () => {
    stop.disabled = true;
    try {
      view.execution = await api(view.path + "/stop", {method: "POST"});
      route();
    } catch (error) {
      showError(header, error);
    }
  });
  // RedriveExecution: an execution that ended unsuccessfully goes on from the state that stopped it.
  const redrive = el("button", {id: "redrive-execution", text: "Redrive"});
  redrive.addEventListener("click", async () => {
    redrive.disabled = true;
    try {
      view.execution = await api(view.path + "/redrive", {method: "POST"});
      route();
    } catch (error) {
      showError(header, error);
    }
  });
  // A finished run becomes a workflow test (statewright test): recorded task results as a mock test case.
  const exportTest = el("button", {id: "export-test", text: "Export as test"});
  exportTest.addEventListener("click", async () => {
    exportTest.disabled = true;
    try {
      const text = JSON.stringify(await api(view.path + "/test"), null, 2) + "\n";
      const fileName = e.name + ".test.json";
      const link = el("a", {id: "exported-test-download", class: "button", download: fileName,
        href: URL.createObjectURL(new Blob([text], {type: "application/json"})), text: "Download " + fileName});
      const shown = el("div", {class: "card", id: "exported-test-card"},
        el("p", {class: "muted", text: "Run it with: statewright test " + fileName}), link,
        el("pre", {id: "exported-test", text: text}));
      document.getElementById("exported-test-card")?.remove();
      header.appendChild(shown);
    } catch (error) {
      showError(header, error);
    } finally {
      exportTest.disabled = false;
    }
  });
  const exportable = ["SUCCEEDED", "FAILED", "TIMED_OUT"].includes(e.status) && !(e.redriveCount > 0);
  const redrivable = ["FAILED", "TIMED_OUT", "ABORTED"].includes(e.status);
  const machineName = e.stateMachineArn.substring(e.stateMachineArn.lastIndexOf(":") + 1);
  const end = instantMillis(e.stopDate) || Date.now();
  add(header, 
    el("div", {class: "title-row"}, el("h1", {text: e.name}), el("span", {id: "execution-status"}, statusBadge(e.status)),
      e.status === "RUNNING" ? stop : null, redrivable ? redrive : null, exportable ? exportTest : null),
    el("dl", {class: "facts"},
      el("dt", {text: "State machine"}), el("dd", {}, machineLink(machineName)),
      el("dt", {text: "Started"}), el("dd", {text: formatTime(e.startDate)}),
      el("dt", {text: "Stopped"}), el("dd", {text: formatTime(e.stopDate) || "\u2014"}),
      el("dt", {text: "Duration"}), el("dd", {text: formatDuration(end - instantMillis(e.startDate))}),
      el("dt", {text: "ARN"}), el("dd", {class: "mono", text: e.executionArn}),
      e.node ? el("dt", {text: "Driven by"}) : null,
      e.node ? el("dd", {id: "execution-node"}, nodeLink(e.node)) : null,
      e.redriveCount > 0 ? el("dt", {text: "Redriven"}) : null,
      e.redriveCount > 0 ? el("dd", {id: "execution-redrives",
        text: e.redriveCount + (e.redriveCount === 1 ? " time, last " : " times, last ") + formatTime(e.redriveDate)}) : null));
  if (e.error || e.cause) {
    header.appendChild(el("div", {class: "card failure", id: "execution-error"},
      el("strong", {text: e.error || ""}), el("pre", {text: prettyJson(e.cause || "")})));
  }
}

/** Per state name, the status that matters most among its visits. */
function statusByName(states) {
  const rank = {running: 5, failed: 4, caught: 3, aborted: 2, succeeded: 1};
  const byName = new Map();
  for (const run of states) {
    const current = byName.get(run.name);
    if (!current || rank[run.status] > rank[current]) byName.set(run.name, run.status);
  }
  return byName;
}

/** The edges the execution went along: between consecutive visits of a scope, from its start, to its end. */
function takenEdges(graph, states) {
  const nodeIdByName = new Map();
  for (const node of graph.nodes) {
    if (node.name && (node.kind === "state" || node.kind === "group") && !nodeIdByName.has(node.name)) {
      nodeIdByName.set(node.name, node.id);
    }
  }
  // Two edges can join the same states (a Catch beside a Next): a caught visit left by its Catch.
  const edgesByEnds = new Map();
  for (const edge of graph.edges) {
    const key = edge.source + "\u0000" + edge.target;
    if (!edgesByEnds.has(key)) edgesByEnds.set(key, []);
    edgesByEnds.get(key).push(edge);
  }
  const taken = new Set();
  const mark = (from, to, caught) => {
    const candidates = edgesByEnds.get(from + "\u0000" + to) || [];
    const edge = candidates.find(e => (e.kind === "catch") === caught) || candidates[0];
    if (edge) taken.add(edge.id);
  };
  const scopeOf = id => id.substring(0, id.lastIndexOf("/") + 1);
  const lastInScope = new Map();
  for (const run of states) {
    const nodeId = nodeIdByName.get(run.name);
    if (!nodeId) continue;
    const previous = lastInScope.get(run.scope);
    if (previous) {
      mark(previous.nodeId, nodeId, previous.run.status === "caught");
    } else {
      mark(scopeOf(nodeId) + "#start", nodeId, false);
    }
    lastInScope.set(run.scope, {nodeId, run});
  }
  for (const {nodeId, run} of lastInScope.values()) {
    if (run.status === "succeeded" || run.type === "Fail" || run.type === "Succeed") {
      mark(nodeId, scopeOf(nodeId) + "#end", false);
    }
  }
  return taken;
}

function renderGraph(view) {
  const byName = statusByName(view.states);
  const svg = drawGraph(view.graph, {
    statusOf: name => byName.get(name) || null,
    takenEdges: takenEdges(view.graph, view.states),
    selected: view.selected,
    onSelect: name => {
      view.selected = name;
      view.visitIndex = null;
      renderGraph(view);
      renderDetails(view);
    }});
  const kept = graphViewOf(view.graphCard);
  add(clear(view.graphCard), zoomableGraph(svg, kept), legend());
}

function legend() {
  return el("div", {class: "legend"}, ["succeeded", "failed", "caught", "running", "aborted", "none"].map(status =>
    el("span", {class: "legend-item"}, el("span", {class: "swatch status-" + status}),
      status === "none" ? "not reached" : status)));
}

function renderDetails(view) {
  const details = clear(view.details);
  if (!view.selected) {
    add(details, el("h2", {text: "State details"}),
      el("p", {class: "muted", text: "Click a state in the graph to see its input, output, error and retries."}));
    return;
  }
  const visits = view.states.filter(s => s.name === view.selected);
  details.appendChild(el("h2", {}, "State ", el("span", {class: "mono", id: "selected-state", text: view.selected})));
  const own = stateDefinition(view.graph.definition, view.selected);
  const definitionBlock = own ? el("details", {id: "visit-definition-block"}, el("summary", {text: "Definition"}),
    el("pre", {class: "code", id: "visit-definition", text: JSON.stringify(own, null, 2)})) : null;
  if (visits.length === 0) {
    add(details, el("p", {class: "muted", text: "Not reached in this execution."}), definitionBlock);
    return;
  }
  let index = view.visitIndex;
  if (index === null || index >= visits.length) {
    const failed = visits.findIndex(v => v.status === "failed" || v.status === "caught");
    index = failed >= 0 ? failed : visits.length - 1;
  }
  if (visits.length > 1) {
    const select = el("select", {id: "visit-select"}, visits.map((v, i) =>
      el("option", {value: i, text: "Visit " + (i + 1) + (v.scope ? " in " + v.scope : "") + " \u00b7 " + v.status})));
    select.value = String(index);
    select.addEventListener("change", () => {
      view.visitIndex = Number(select.value);
      renderDetails(view);
    });
    details.appendChild(el("div", {class: "row"}, el("span", {class: "muted", text: visits.length + " visits"}), select));
  }
  const visit = visits[index];
  const duration = visit.exitedAt ? instantMillis(visit.exitedAt) - instantMillis(visit.enteredAt) : null;
  add(details, 
    el("dl", {class: "facts"},
      el("dt", {text: "Status"}), el("dd", {id: "visit-status"}, statusBadge(visit.status)),
      el("dt", {text: "Type"}), el("dd", {text: visit.type}),
      visit.scope ? [el("dt", {text: "Where"}), el("dd", {text: visit.scope})] : null,
      el("dt", {text: "Entered"}), el("dd", {text: formatTime(visit.enteredAt)}),
      el("dt", {text: "Duration"}), el("dd", {text: duration === null ? "\u2014" : formatDuration(duration)}),
      el("dt", {text: "Retries"}), el("dd", {id: "visit-retries", text: visit.retries})),
    visit.error || visit.cause ? el("div", {class: "failure"},
      el("h3", {text: "Error"}), el("pre", {id: "visit-error", text: visit.error || ""}),
      el("h3", {text: "Cause"}), el("pre", {id: "visit-cause", text: prettyJson(visit.cause || "")})) : null,
    definitionBlock,
    el("h3", {text: "Input"}), el("pre", {class: "code", id: "visit-input", text: prettyJson(visit.input)}),
    el("h3", {text: "Output"}), el("pre", {class: "code", id: "visit-output",
      text: visit.output === null || visit.output === undefined ? "\u2014" : prettyJson(visit.output)}));
  if (visit.failures.length > 0) {
    add(details, el("h3", {text: "Attempts that failed"}),
      el("table", {class: "list compact", id: "visit-failures"},
        el("thead", {}, el("tr", {}, ["#", "Time", "Event", "Error", "Cause"].map(h => el("th", {text: h})))),
        el("tbody", {}, visit.failures.map((f, i) => el("tr", {},
          el("td", {text: i + 1}), el("td", {text: formatTime(f.timestamp)}), el("td", {text: f.type}),
          el("td", {text: f.error || ""}), el("td", {class: "cause", text: f.cause || ""}))))));
  }
}

function renderIo(view) {
  const e = view.execution;
  add(clear(view.io), 
    el("div", {class: "card"}, el("h2", {text: "Execution input"}), el("pre", {class: "code", text: prettyJson(e.input)})),
    el("div", {class: "card"}, el("h2", {text: "Execution output"}),
      el("pre", {class: "code", id: "execution-output", text: e.output === null || e.output === undefined ? "\u2014" : prettyJson(e.output)})));
}

/**
 * Timeline rows: each state visit, and before the first visit of a Map iteration or Parallel
 * branch a row spanning that whole iteration or branch.
 */
function timelineRows(runs, end) {
  const spans = new Map();
  for (const run of runs) {
    if (!run.scope) continue;
    const from = instantMillis(run.enteredAt);
    const to = run.exitedAt ? instantMillis(run.exitedAt) : (run.status === "running" ? end : from);
    const span = spans.get(run.scope) || {from: from, to: to, statuses: new Set()};
    span.from = Math.min(span.from, from);
    span.to = Math.max(span.to, to);
    span.statuses.add(run.status);
    spans.set(run.scope, span);
  }
  const worst = statuses => ["running", "failed", "aborted", "caught", "succeeded"].find(s => statuses.has(s)) || "succeeded";
  const rows = [];
  const seen = new Set();
  for (const run of runs) {
    if (run.scope && !seen.has(run.scope)) {
      seen.add(run.scope);
      const span = spans.get(run.scope);
      rows.push({kind: "scope", label: run.scope, from: span.from, to: span.to, status: worst(span.statuses), done: true});
    }
    const from = instantMillis(run.enteredAt);
    rows.push({kind: "visit", label: (run.scope ? run.scope + " \u203a " : "") + run.name, name: run.name, from: from,
      to: run.exitedAt ? instantMillis(run.exitedAt) : (run.status === "running" ? end : from),
      status: run.status, done: !!run.exitedAt});
  }
  return rows;
}

function renderTimeline(view) {
  const container = clear(view.timeline);
  const runs = view.states;
  if (runs.length === 0) {
    container.appendChild(el("p", {class: "muted", text: "No state entered yet."}));
    return;
  }
  const start = instantMillis(view.execution.startDate);
  const end = Math.max(instantMillis(view.execution.stopDate) || Date.now(),
    ...runs.slice(-50).map(r => instantMillis(r.exitedAt) || 0));
  const span = Math.max(1, end - start);
  const rows = timelineRows(runs, end);
  const shown = rows.slice(0, TIMELINE_ROWS);
  const labelWidth = 260, barWidth = 640, row = 18, top = 22;
  const svg = svgEl("svg", {class: "timeline-chart", width: labelWidth + barWidth + 90, height: top + shown.length * row + 4});
  for (let i = 0; i <= 4; i++) {
    const x = labelWidth + barWidth * i / 4;
    add(svg, svgEl("line", {class: "tick", x1: x, x2: x, y1: top - 4, y2: top + shown.length * row}),
      svgEl("text", {class: "tick-label", x: x, y: 12, "text-anchor": "middle", text: formatDuration(span * i / 4)}));
  }
  shown.forEach((item, i) => {
    const y = top + i * row;
    const x = labelWidth + barWidth * (item.from - start) / span;
    const w = Math.max(2, barWidth * (item.to - item.from) / span);
    const scope = item.kind === "scope";
    add(svg, svgEl("g", {class: "timeline-row " + (scope ? "scope-row" : "visit-row") + " status-" + item.status,
      "data-state": scope ? null : item.name, "data-scope": scope ? item.label : null},
      svgEl("text", {class: "timeline-label", x: labelWidth - 8, y: y + 12, "text-anchor": "end",
        text: fitText(item.label, labelWidth - 12, 6.6)}),
      svgEl("rect", {x: x, y: y + (scope ? 6 : 3), width: w, height: scope ? row - 12 : row - 6, rx: 2}),
      svgEl("text", {class: "timeline-duration", x: Math.min(x + w + 4, labelWidth + barWidth + 4), y: y + 12,
        text: item.done ? formatDuration(item.to - item.from) : item.status}),
      svgEl("title", {text: item.label + ": " + item.status + (item.done ? ", " + formatDuration(item.to - item.from) : "")})));
  });
  container.appendChild(svg);
  if (rows.length > shown.length) {
    container.appendChild(el("p", {class: "muted", text: "Showing the first " + shown.length + " of " + rows.length
      + " rows (state visits, Map iterations and Parallel branches)."}));
  }
}

function renderEvents(view) {
  const section = clear(view.eventsSection);
  // Filter by type: the list holds the types of the events loaded so far.
  const typeFilter = el("select", {id: "events-type-filter"}, el("option", {value: "", text: "All event types"}));
  const knownTypes = new Set();
  typeFilter.addEventListener("change", () => {
    for (const row of body.querySelectorAll("tr[data-event-id]")) {
      row.hidden = !!typeFilter.value && row.dataset.type !== typeFilter.value;
      if (row.nextSibling && row.nextSibling.classList && row.nextSibling.classList.contains("raw")) row.nextSibling.remove();
    }
  });
  const byExit = new Map(view.states.filter(s => s.exitedEventId).map(s => [s.exitedEventId, s]));
  const stateOfEvent = new Map();
  const body = el("tbody");
  const addRows = events => {
    for (const event of events) {
      const key = Object.keys(event).find(k => k.endsWith("EventDetails"));
      const details = key ? event[key] : null;
      const name = details && details.name && event.type.endsWith("State" + (event.type.endsWith("Entered") ? "Entered" : "Exited"))
        ? details.name : (stateOfEvent.get(event.previousEventId) || "");
      stateOfEvent.set(event.id, name);
      const visit = byExit.get(event.id);
      const duration = visit ? formatDuration(instantMillis(visit.exitedAt) - instantMillis(visit.enteredAt)) : "";
      const raw = el("button", {class: "link", text: "JSON", title: "Show the raw event"});
      const row = el("tr", {"data-event-id": event.id, "data-type": event.type,
        class: /Failed|TimedOut|Aborted/.test(event.type) ? "bad" : null},
        el("td", {text: event.id}), el("td", {text: formatTime(event.timestamp)}), el("td", {text: event.type}),
        el("td", {text: name}), el("td", {text: duration}), el("td", {class: "event-details", text: summary(details)}),
        el("td", {}, raw));
      row.hidden = !!typeFilter.value && typeFilter.value !== event.type;
      if (!knownTypes.has(event.type)) {
        knownTypes.add(event.type);
        typeFilter.appendChild(el("option", {value: event.type, text: event.type}));
      }
      raw.addEventListener("click", () => {
        const open = row.nextSibling && row.nextSibling.classList && row.nextSibling.classList.contains("raw");
        if (open) {
          row.nextSibling.remove();
        } else {
          row.after(el("tr", {class: "raw"}, el("td", {colspan: 7}, el("pre", {class: "code", text: JSON.stringify(event, null, 2)}))));
        }
      });
      body.appendChild(row);
    }
  };
  addRows(view.events);
  const more = el("button", {id: "more-events", text: "Show more events"});
  const count = el("span", {class: "muted", id: "events-count"});
  const updateCount = () => {
    count.textContent = view.events.length + " events shown" + (view.nextToken ? ", more to load" : "");
    more.hidden = !view.nextToken;
  };
  more.addEventListener("click", async () => {
    more.disabled = true;
    const next = await api(view.path + "/history?maxResults=" + HISTORY_PAGE * 5 + "&nextToken=" + encodeURIComponent(view.nextToken));
    view.events = view.events.concat(next.events);
    view.nextToken = next.nextToken;
    addRows(next.events);
    updateCount();
    more.disabled = false;
  });
  updateCount();
  add(section, el("div", {class: "row"}, el("label", {}, "Type", typeFilter)), el("table", {class: "list compact", id: "events"},
    el("thead", {}, el("tr", {}, ["ID", "Time", "Type", "State", "Duration", "Details", ""].map(h => el("th", {text: h})))), body),
    el("div", {class: "pager"}, count, more));
}

/** An event's details in one short line: error and cause, else its other fields, cut at 160 characters. */
function summary(details) {
  if (!details) return "";
  const parts = details.error || details.cause
    ? [details.error, details.cause].filter(x => x)
    : Object.entries(details).filter(([k]) => !k.endsWith("Details") && k !== "name")
      .map(([k, v]) => k + ": " + (typeof v === "string" ? v : JSON.stringify(v)));
  const text = parts.join(" \u00b7 ");
  return text.length > 160 ? text.substring(0, 159) + "\u2026" : text;
}

// ---------------------------------------------------------------- start and validate

async function startPage(page, params) {
  const machines = (await api("/state-machines")).stateMachines;
  const machine = el("select", {id: "start-machine"}, machines.map(m => el("option", {value: m.name, text: m.name})));
  if (params.get("machine")) machine.value = params.get("machine");
  const name = el("input", {id: "start-name", placeholder: "name (optional: a UUID if empty)", autocomplete: "off"});
  // The service's --mock-config test cases for the chosen machine; the picker shows only when there are some.
  const testCase = el("select", {id: "start-test-case"});
  const testCaseLabel = el("label", {hidden: true}, "Mock test case", testCase);
  const loadTestCases = async () => {
    clear(testCase);
    if (!machine.value) return;
    const names = (await api("/state-machines/" + encodeURIComponent(machine.value) + "/test-cases")).testCases;
    testCase.appendChild(el("option", {value: "", text: "(none: real integrations)"}));
    for (const n of names) testCase.appendChild(el("option", {value: n, text: n}));
    if (params.get("testCase")) testCase.value = params.get("testCase");
    testCaseLabel.hidden = names.length === 0;
  };
  machine.addEventListener("change", loadTestCases);
  await loadTestCases();
  const input = el("textarea", {id: "start-input", rows: 14, spellcheck: "false"});
  input.value = "{\n  \n}\n";
  const problem = el("p", {id: "input-problem", class: "muted"});
  const start = el("button", {id: "start-button", type: "submit", text: "Start execution"});
  const failure = el("p", {class: "error", id: "start-error", hidden: true});
  const check = () => {
    const found = jsonProblem(input.value);
    input.classList.toggle("invalid", !!found);
    problem.className = found ? "error" : "ok";
    problem.textContent = found ? "Line " + found.line + ", column " + found.column + ": " + found.message : "Valid JSON";
    start.disabled = !!found || machines.length === 0;
  };
  input.addEventListener("input", check);
  check();
  const form = el("form", {class: "card"},
    el("label", {}, "State machine", machine), testCaseLabel, el("label", {}, "Execution name", name),
    el("label", {}, "Input (JSON)", input), problem, el("div", {class: "row"}, start), failure);
  form.addEventListener("submit", async event => {
    event.preventDefault();
    failure.hidden = true;
    try {
      const query = new URLSearchParams();
      if (name.value) query.set("name", name.value);
      if (testCase.value) query.set("testCase", testCase.value);
      const execution = await api("/state-machines/" + encodeURIComponent(machine.value) + "/executions" + (query.toString() ? "?" + query : ""),
        {method: "POST", body: input.value});
      location.hash = "#/executions/" + encodeURIComponent(execution.id);
    } catch (error) {
      failure.textContent = (error.type ? error.type + ": " : "") + error.message;
      failure.hidden = false;
    }
  });
  add(main, el("h1", {text: "Start an execution"}),
    machines.length === 0 ? el("p", {class: "error", text: "Create a state machine first."}) : null, form);
  main.dataset.ready = "start";
}

async function validatePage(page) {
  const definition = el("textarea", {id: "validate-definition", rows: 16, spellcheck: "false",
    placeholder: "Paste a definition (ASL JSON)"});
  const type = el("select", {id: "validate-type"}, el("option", {text: "STANDARD"}), el("option", {text: "EXPRESS"}));
  const button = el("button", {id: "validate-button", text: "Validate"});
  const result = el("div", {id: "validate-result"});
  let generation = 0;
  let shown = null;
  const validate = async () => {
    const mine = ++generation;
    const asked = type.value + "\n" + definition.value;
    const answer = await api("/validate?type=" + type.value, {method: "POST", body: definition.value});
    // A newer check supersedes this one; the same text checked again (typing paused, then a click) changes nothing.
    if (mine !== generation || !page.alive || asked === shown) return;
    shown = asked;
    showDiagnostics(result, definition.value, answer, definition);
  };
  let typing = null;
  definition.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => validate().catch(error => showError(clear(result), error)), 400);
  });
  button.addEventListener("click", () => validate().catch(error => showError(clear(result), error)));
  type.addEventListener("change", () => validate().catch(error => showError(clear(result), error)));
  add(main, el("h1", {text: "Validate a definition"}),
    el("div", {class: "card"}, definition, el("div", {class: "row"}, type, button)), result);
  main.dataset.ready = "validate";
}

function showDiagnostics(container, text, answer, editor) {
  clear(container);
  const diagnostics = answer.diagnostics || [];
  container.appendChild(el("p", {id: "validate-summary", class: diagnostics.length ? "error" : "ok",
    text: diagnostics.length === 0 ? "Valid: no problems found."
      : diagnostics.length + (diagnostics.length === 1 ? " problem" : " problems")}));
  if (diagnostics.length === 0) return;
  const byLine = new Map();
  for (const d of diagnostics) {
    const line = d.line || 0;
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line).push(d);
  }
  const describe = d => (d.line ? d.line + ":" + d.column + " " : "") + d.code + ": " + d.message + (d.location ? " at " + d.location : "");
  const lines = text.split("\n");
  container.appendChild(el("ul", {id: "diagnostics", class: "diagnostics"}, diagnostics.map(d => {
    const item = el("li", {"data-line": d.line || "", class: d.line ? "clickable" : null, title: d.line ? "Go to line " + d.line : null},
      el("span", {class: "severity", text: d.severity}), " ", describe(d));
    // A click puts the editor's cursor on the problem, and the listing below on its line.
    if (d.line && editor) item.addEventListener("click", () => {
      const offset = lines.slice(0, d.line - 1).reduce((sum, l) => sum + l.length + 1, 0) + Math.max(0, (d.column || 1) - 1);
      editor.focus();
      editor.setSelectionRange(offset, Math.min(offset + 1, text.length));
      const target = container.querySelector(".line[data-line='" + d.line + "']");
      for (const old of container.querySelectorAll(".line.current")) old.classList.remove("current");
      if (target) {
        target.classList.add("current");
        target.scrollIntoView({block: "nearest"});
      }
    });
    return item;
  })));
  const code = el("div", {class: "code lines", id: "validate-lines"});
  for (const d of byLine.get(0) || []) {
    code.appendChild(el("div", {class: "line-problem", text: "\u26a0 " + describe(d)}));
  }
  lines.forEach((line, i) => {
    const problems = byLine.get(i + 1);
    code.appendChild(el("div", {class: "line" + (problems ? " has-problem" : ""), "data-line": i + 1},
      el("span", {class: "line-number", text: i + 1}), el("span", {class: "line-text", text: line})));
    for (const d of problems || []) {
      code.appendChild(el("div", {class: "line-problem", "data-line": i + 1},
        el("span", {class: "caret", text: " ".repeat(Math.max(0, (d.column || 1) - 1)) + "^ "}), d.code + ": " + d.message));
    }
  });
  container.appendChild(code);
}
