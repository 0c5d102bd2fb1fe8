// The corridor-watch dashboard: a snapshot, then live updates over Server-Sent Events; history
// charts from /api/history; alerts folded per type and subject; silences through the console.
// Plain DOM code and uPlot from the console's own jar: nothing from a CDN, it works offline.
"use strict";

const state = { ports: new Map(), waits: new Map(), balances: new Map(), board: { open: [], cleared: [] },
  silences: [], silencesError: null, eventTime: null, catalogue: null, console: null,
  selectedPort: null, portRange: "24h", selectedBalance: null };
// the charts drawn now, by name; tests and a curious operator can read their data from here
window.corridorWatch = { charts: {} };

const GROUPS = [["BORDER_PORT", "Border ports"], ["RIVER_PORT", "River ports"], ["SEA_PORT", "Sea ports"]];
const RANGES = { "24h": "last 24 h", "7d": "last 7 days" };
const BAND_COLOUR = { NORMAL: "#2e7d32", BUSY: "#f9a825", OVER: "#ef6c00", SEVERE: "#c62828" };

const fmt = new Intl.NumberFormat("en");
const pct = (u) => Math.round(Number(u) * 100) + "%";
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  children.forEach((c) => e.append(c));
  return e;
};
const svgEl = (tag, attrs) => {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};
const isoMinute = (ms) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

function node(id) {
  return state.catalogue && state.catalogue.nodes.find((n) => n.id === id);
}
function portName(id) {
  const p = node(id);
  return p ? p.name : id;
}

// --- the operator's token: kept for this tab only, sent with every change ---------------------
function token() { return sessionStorage.getItem("corridorWatchToken") || ""; }
function canChange() {
  return state.console && state.console.changesAllowed && state.console.alertmanager && token() !== "";
}
function renderOperator() {
  const box = document.getElementById("operator");
  if (!state.console || !state.console.changesAllowed) {
    box.replaceChildren("read-only");
    return;
  }
  if (token()) {
    box.replaceChildren("operator ", el("button", { type: "button", id: "token-forget", text: "sign out",
      onclick: () => { sessionStorage.removeItem("corridorWatchToken"); renderOperator(); renderAlerts(); } }));
    return;
  }
  const input = el("input", { type: "password", id: "token", placeholder: "operator token", autocomplete: "off" });
  box.replaceChildren(input, el("button", { type: "button", id: "token-use", text: "use",
    onclick: () => {
      if (input.value.trim()) sessionStorage.setItem("corridorWatchToken", input.value.trim());
      renderOperator(); renderAlerts();
    } }));
}

async function change(method, path, body) {
  const r = await fetch(path, { method, headers: { "Authorization": "Bearer " + token(),
    "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  const answer = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(answer.error || ("HTTP " + r.status));
  return answer;
}

// --- clock ---------------------------------------------------------------------------------------
function renderClock() {
  if (state.eventTime === null) return;
  document.getElementById("event-time").textContent =
    new Date(state.eventTime).toISOString().replace(".000Z", "Z");
  const hours = Math.floor((Date.now() - state.eventTime) / 3600000);
  // during a replay event time is years behind: say so, so nobody takes 2019 for now
  document.getElementById("lag").textContent = hours >= 48
    ? Math.floor(hours / 24) + " days behind the clock (a replay?)"
    : hours + " h behind the clock";
}

// --- port cards ----------------------------------------------------------------------------------
function sparkline(points) {
  const svg = svgEl("svg", { class: "spark", viewBox: "0 0 96 32", preserveAspectRatio: "none" });
  if (points.length < 2) return svg;
  const max = Math.max(1.3, ...points.map((p) => Number(p.utilisation)));
  const xy = points.map((p, i) =>
    (i * 96 / (points.length - 1)).toFixed(1) + "," + (32 - Number(p.utilisation) / max * 30).toFixed(1));
  svg.append(svgEl("line", { x1: 0, x2: 96, y1: 32 - 30 / max, y2: 32 - 30 / max,
    stroke: "#1c2430", "stroke-dasharray": "2,2", "stroke-width": 0.5 }));
  svg.append(svgEl("polyline", { points: xy.join(" "), fill: "none", stroke: "#1565c0",
    "stroke-width": 1.2 }));
  return svg;
}

// whole minutes as an operator reads them: "45 min", "3 h 7 min"
function minutes(m) {
  return m < 60 ? m + " min" : Math.floor(m / 60) + " h" + (m % 60 ? " " + (m % 60) + " min" : "");
}

// A reading or balance older than the one shown never replaces it: a console that restarted and
// is still reading its topics from the beginning sends the page such records, in its snapshot and
// after it, and the card must not go back in time meanwhile.
function keepPort(p) {
  const shown = state.ports.get(p.portId);
  if (!shown || shown.windowEnd <= p.windowEnd) state.ports.set(p.portId, p);
}

function keepBalance(b) {
  const key = b.level + ":" + b.id + ":" + b.scope;
  const shown = state.balances.get(key);
  if (!shown || shown.asOf <= b.asOf) state.balances.set(key, b);
}

// a port's waits; a utilisation event carries them too, so the newer of the two is kept
function keepWaits(w) {
  if (!w) return;
  const shown = state.waits.get(w.portId);
  if (!shown || shown.windowEnd <= w.windowEnd) state.waits.set(w.portId, w);
}

// customs at the port over the hour before its newest slot end; the topic leaves a figure null
// when there is nothing to measure, and the card says so in words rather than showing 0
function waitsLine(w) {
  if (!w) return el("div", { class: "waits none", text: "no customs waits reported" });
  return el("div", { class: "waits", "data-window-end": w.windowEnd },
    el("span", { class: "waiting", text: w.waiting === 0 ? "none waiting" : fmt.format(w.waiting) + " waiting" }),
    w.oldestWaitMinutes === null ? "" : el("span", { class: "oldest", text: "oldest " + minutes(w.oldestWaitMinutes) }),
    el("span", { class: "clearance", text: w.clearanceMinutesP50 === null
      ? "no decisions in the last hour"
      : "clearance p50 " + minutes(w.clearanceMinutesP50) + " · p90 " + minutes(w.clearanceMinutesP90) }));
}

function portCard(p) {
  const width = Math.min(100, Number(p.utilisation) / 1.5 * 100);
  return el("div", { class: "port" + (state.selectedPort === p.portId ? " selected" : ""),
    "data-port": p.portId, "data-band": p.band, "data-window-end": p.windowEnd, title: "charts and exports",
    onclick: () => selectPort(p.portId) },
    el("div", { class: "name", text: p.name + " " }, el("span", { class: "country", text: p.country + " " }),
      el("span", { class: "band " + p.band, text: p.band })),
    el("div", { class: "bar" },
      el("div", { class: "fill " + p.band, style: "width:" + width + "%" }),
      el("div", { class: "designed", style: "left:" + (100 / 1.5) + "%", title: "designed maximum" })),
    el("div", { class: "figures" },
      el("span", { class: "utilisation", text: pct(p.utilisation) }),
      el("span", { text: fmt.format(p.trips) + " trips / " + fmt.format(p.designedTripsPerDayMax) + " designed" })),
    waitsLine(state.waits.get(p.portId)),
    sparkline(p.last24h));
}

// a catalogue port with no reading yet still has its place, so the board never hides a port
function quietCard(n) {
  return el("div", { class: "port quiet", "data-port": n.id, "data-band": "NONE",
    onclick: () => selectPort(n.id) },
    el("div", { class: "name", text: n.name + " " }, el("span", { class: "country", text: n.country })),
    el("div", { class: "figures", text: "no reading yet" }),
    waitsLine(state.waits.get(n.id)));
}

function renderPorts() {
  if (!state.catalogue) return;
  const byUse = (a, b) => Number(b.utilisation) - Number(a.utilisation);
  const groups = GROUPS.map(([kind, title]) => {
    const nodes = state.catalogue.nodes.filter((n) => n.kind === kind && n.capacity);
    const read = nodes.map((n) => state.ports.get(n.id)).filter(Boolean).sort(byUse);
    const quiet = nodes.filter((n) => !state.ports.has(n.id));
    return el("div", { class: "group", "data-group": kind },
      el("h3", { text: title + " " }, el("span", { class: "count", text: "(" + nodes.length + ")" })),
      el("div", { class: "board" }, ...read.map(portCard), ...quiet.map(quietCard)));
  });
  document.getElementById("port-groups").replaceChildren(...groups);
}

// --- charts --------------------------------------------------------------------------------------
function historyUrl(kind, params, format) {
  const q = new URLSearchParams(params);
  if (format) q.set("format", format);
  return "/api/history/" + kind + "?" + q.toString();
}

function exportLinks(kind, params) {
  return el("span", { class: "exports" },
    el("a", { href: historyUrl(kind, params, "csv"), class: "csv", text: "CSV" }),
    el("a", { href: historyUrl(kind, params, "json"), class: "json", text: "JSON" }));
}

// one uPlot chart in `box`; x in seconds as uPlot wants, series as given
function drawChart(name, box, title, kind, params, records, series) {
  const head = el("div", { class: "title" }, el("span", { text: title }), exportLinks(kind, params));
  const body = el("div", { class: "plot", "data-chart": name, "data-points": records.length });
  box.replaceChildren(head, body);
  if (window.corridorWatch.charts[name]) window.corridorWatch.charts[name].destroy();
  delete window.corridorWatch.charts[name];
  if (records.length === 0) {
    body.append(el("div", { class: "empty", text: "no records in this range" }));
    return;
  }
  if (typeof uPlot === "undefined") {
    body.append(el("div", { class: "error", text: "the charting library did not load" }));
    return;
  }
  const data = [records.map(series.x)].concat(series.lines.map((l) => records.map(l.value)));
  const width = Math.max(300, box.clientWidth || 600);
  window.corridorWatch.charts[name] = new uPlot({
    width, height: 180, legend: { live: false },
    scales: { x: { time: true }, ...(series.scales || {}) },
    axes: series.axes || [{}, {}],
    series: [{}].concat(series.lines.map((l) => ({ label: l.label, stroke: l.colour, width: 1.5,
      dash: l.dash, scale: l.scale || "y", spanGaps: false }))),
  }, data, body);
}

const seconds = (field) => (r) => Date.parse(r[field]) / 1000;

// each draw numbers itself: a slower answer to an earlier draw (another port or range) is dropped
let portDraws = 0, balanceDraws = 0;

async function drawPortCharts() {
  const draw = ++portDraws;
  const id = state.selectedPort;
  const box = document.getElementById("port-detail");
  if (!id) { box.hidden = true; return; }
  box.hidden = false;
  const n = node(id);
  const params = { port: id, last: state.portRange };
  if (!box.querySelector("[data-detail=\"" + id + "\"]")) {
    box.replaceChildren(
      el("h3", { "data-detail": id, text: (n ? n.name + ", " + n.country : id) }),
      el("div", { class: "ranges" }, ...Object.entries(RANGES).map(([r, label]) =>
        el("button", { type: "button", "data-range": r, text: label,
          onclick: () => { state.portRange = r; drawPortCharts(); } }))),
      el("div", { class: "chart", id: "chart-utilisation" }),
      el("div", { class: "chart", id: "chart-waits" }),
      el("div", { class: "chart", id: "chart-port-balance" }));
  }
  box.querySelectorAll(".ranges button").forEach((b) =>
    b.classList.toggle("on", b.dataset.range === state.portRange));
  const [readings, waits, balance] = await Promise.all([
    fetch(historyUrl("utilisation", params)).then((r) => r.json()),
    fetch(historyUrl("waits", params)).then((r) => r.json()),
    fetch(historyUrl("balances", params)).then((r) => r.json())]);
  if (draw !== portDraws) return; // another port or range was chosen meanwhile
  const range = RANGES[state.portRange];
  drawChart("utilisation", document.getElementById("chart-utilisation"),
    "utilisation, " + range + ", against the designed range", "utilisation", params, readings, {
      x: seconds("windowEnd"),
      axes: [{}, { label: "% of designed max", size: 60 }],
      lines: [
        { label: "utilisation %", colour: "#1565c0", value: (r) => Number(r.utilisation) * 100 },
        { label: "designed min %", colour: "#90a4ae", dash: [4, 4],
          value: (r) => r.designedTripsPerDayMin / r.designedTripsPerDayMax * 100 },
        { label: "designed max", colour: "#1c2430", dash: [4, 4], value: () => 100 }],
    });
  drawChart("waits", document.getElementById("chart-waits"),
    "customs waits, " + range, "waits", params, waits, {
      x: seconds("windowEnd"),
      scales: { n: {}, min: {} },
      axes: [{}, { scale: "n", label: "vehicles" }, { scale: "min", side: 1, label: "minutes", grid: { show: false } }],
      lines: [
        { label: "waiting", colour: "#ef6c00", scale: "n", value: (r) => r.waiting },
        { label: "clearance p50 min", colour: "#2e7d32", scale: "min", value: (r) => r.clearanceMinutesP50 },
        { label: "clearance p90 min", colour: "#c62828", scale: "min", dash: [4, 4], value: (r) => r.clearanceMinutesP90 }],
    });
  drawChart("port-balance", document.getElementById("chart-port-balance"),
    "outbound against inbound (running totals), " + range, "balances", params, balance, balanceSeries);
}

const balanceSeries = {
  x: seconds("asOf"),
  axes: [{}, { label: "departures", size: 60 }],
  lines: [
    { label: "outbound", colour: "#1565c0", value: (r) => r.outbound },
    { label: "inbound", colour: "#00897b", value: (r) => r.inbound }],
};

function selectPort(id) {
  state.selectedPort = state.selectedPort === id ? null : id;
  renderPorts();
  drawPortCharts();
}

// --- balances ------------------------------------------------------------------------------------
function sourceFigure(id) {
  if (!state.catalogue) return null;
  const out = state.catalogue.figures.find((f) => f.subject === id && f.metric === "HIGHWAY_SHUTTLES_OUTBOUND");
  const back = state.catalogue.figures.find((f) => f.subject === id && f.metric === "HIGHWAY_SHUTTLES_RETURN");
  return out && back ? "source (" + out.period + "): " + fmt.format(out.value) + " out, "
    + fmt.format(back.value) + " back" : null;
}

function renderBalances() {
  const rows = [...state.balances.values()]
    .filter((b) => b.scope === "CUMULATIVE" && b.level !== "PORT")
    .sort((a, b) => (a.level + a.id).localeCompare(b.level + b.id));
  // every catalogue corridor and line has its row; one without shipments yet says so
  const quiet = state.catalogue ? [
    ...state.catalogue.corridors.map((c) => ["CORRIDOR", c.id]),
    ...state.catalogue.lines.map((l) => ["LINE", l.id])]
    .filter(([level, id]) => !state.balances.has(level + ":" + id + ":CUMULATIVE")) : [];
  document.getElementById("balance-board").replaceChildren(...rows.map((b) => {
    const total = Math.max(1, b.outbound + b.inbound);
    const source = sourceFigure(b.id);
    const key = b.level + ":" + b.id;
    return el("div", { class: "balance-row" + (state.selectedBalance === key ? " selected" : ""),
      "data-balance": key, title: "chart and export", onclick: () => selectBalance(b.level, b.id) },
      el("div", { text: b.level.toLowerCase() + " " + b.id + ": out " + fmt.format(b.outbound)
        + ", in " + fmt.format(b.inbound) + (b.ratio !== null ? ", ratio " + b.ratio : "")
        + (b.inboundShare !== null ? ", inbound share " + b.inboundShare : "") }),
      el("div", { class: "bars" },
        el("div", { class: "out", style: "width:" + (b.outbound / total * 100) + "%", title: "outbound" }),
        el("div", { class: "in", style: "width:" + (b.inbound / total * 100) + "%", title: "inbound" })),
      source ? el("div", { class: "source", text: source }) : "");
  }), ...quiet.map(([level, id]) => el("div", { class: "balance-row quiet", "data-balance": level + ":" + id },
    el("div", { text: level.toLowerCase() + " " + id + ": no shipments yet" }))));
}

async function drawBalanceChart() {
  const box = document.getElementById("balance-detail");
  if (!state.selectedBalance) { box.hidden = true; return; }
  box.hidden = false;
  const draw = ++balanceDraws;
  const [level, id] = state.selectedBalance.split(":");
  // a line's or corridor's history spans its whole life (a replay covers two years)
  const params = { level, id, last: (state.console ? state.console.historyDays : 30) + "d" };
  const records = await fetch(historyUrl("balances", params)).then((r) => r.json());
  if (draw !== balanceDraws) return;
  if (!box.querySelector(".chart")) box.replaceChildren(el("div", { class: "chart", id: "chart-balance" }));
  drawChart("balance", box.querySelector(".chart"), level.toLowerCase() + " " + id
    + ": outbound against inbound (running totals), the console's whole history", "balances", params,
    records, balanceSeries);
}

function selectBalance(level, id) {
  const key = level + ":" + id;
  state.selectedBalance = state.selectedBalance === key ? null : key;
  document.getElementById("balance-detail").replaceChildren();
  renderBalances();
  drawBalanceChart();
}

// --- alerts --------------------------------------------------------------------------------------
function age(ms) {
  const m = Math.floor((Date.now() - ms) / 60000);
  return m < 60 ? m + " min" : m < 2880 ? Math.floor(m / 60) + " h" : Math.floor(m / 1440) + " days";
}

function passes(a) {
  const subject = document.getElementById("alert-subject").value;
  const severity = document.getElementById("alert-severity").value;
  return (!subject || a.subject === subject)
    && (!severity || severity === "WARNING" || a.severity === "CRITICAL");
}

function silencedBy(type, subject) {
  return state.silences.find((s) => s.matchers.type === type && s.matchers.subject === subject);
}

function silenceControl(type, subject) {
  const s = silencedBy(type, subject);
  if (s) return el("div", { class: "silence silenced", text: "silenced until " + isoMinute(s.endsAt) + " UTC" });
  if (!canChange()) return "";
  const duration = el("select", { class: "duration" },
    ...["1h", "4h", "12h", "24h", "7d"].map((d) => el("option", { value: d, text: d })));
  duration.value = "4h";
  const status = el("span", { class: "error" });
  return el("div", { class: "silence" }, "silence for ", duration,
    el("button", { type: "button", class: "silence-create", text: "silence",
      onclick: async () => {
        try {
          await change("POST", "/api/silences", { type, subject, duration: duration.value });
          await loadSilences();
        } catch (e) { status.textContent = e.message; }
      } }), status);
}

function renderAlerts() {
  const open = state.board.open.filter(passes);
  document.getElementById("alert-open").replaceChildren(...(open.length ? open.map((a) =>
    el("li", { class: "alert " + a.severity, "data-alert-id": a.alertId, "data-status": a.status },
      el("div", { text: a.message }),
      el("div", { class: "meta", text: a.type + " · " + a.subject + " · " + a.severity + " · " + a.status
        + " · started " + age(a.startedAt) + " ago (event time)" }),
      el("details", {}, el("summary", { text: "evidence" }), el("pre", { text: a.evidence })),
      silenceControl(a.type, a.subject)))
    : [el("li", { class: "none", text: "no open alert" + (state.board.open.length ? " matches the filters" : "") })]));
  const folds = state.board.cleared.filter((f) => passes(f.last));
  document.getElementById("alert-cleared").replaceChildren(...folds.map((f) =>
    el("li", { class: "alert " + f.last.severity + " cleared", "data-fold": f.type + ":" + f.subject,
      "data-count": f.cleared, "data-alert-id": f.last.alertId, "data-status": f.last.status },
      el("div", { text: f.type + " · " + f.subject + ": cleared " + f.cleared + (f.cleared === 1 ? " time" : " times")
        + ", the last clear detected " + isoMinute(f.last.detectedAt) + " UTC" }),
      el("div", { class: "meta", text: f.last.message }),
      silenceControl(f.type, f.subject))));
  renderSilences();
}

function renderSilences() {
  const list = document.getElementById("silences");
  if (state.console && !state.console.alertmanager) {
    list.replaceChildren(el("li", { class: "none", text: "no Alertmanager: start the console with --alertmanager-url" }));
    return;
  }
  if (state.silencesError) {
    list.replaceChildren(el("li", { class: "error", text: "cannot list the silences: " + state.silencesError }));
    return;
  }
  list.replaceChildren(...(state.silences.length ? state.silences.map((s) => {
    const status = el("span", { class: "error" });
    return el("li", { class: "alert silence-entry", "data-silence-id": s.id, "data-state": s.state },
      el("div", { text: Object.entries(s.matchers).map(([k, v]) => k + "=" + v).join(", ") }),
      el("div", { class: "meta", text: s.state + " until " + isoMinute(s.endsAt) + " UTC, by "
        + s.createdBy + (s.comment ? ": " + s.comment : "") }),
      canChange() ? el("button", { type: "button", class: "silence-expire", text: "expire",
        onclick: async () => {
          try {
            await change("DELETE", "/api/silences/" + encodeURIComponent(s.id));
            await loadSilences();
          } catch (e) { status.textContent = e.message; }
        } }) : "", status);
  }) : [el("li", { class: "none", text: "no active silence" })]));
}

async function loadSilences() {
  if (!state.console || !state.console.alertmanager) { renderSilences(); return; }
  // Alertmanager away: say so and keep the last list; the next poll tries again
  try {
    const r = await fetch("/api/silences");
    const answer = await r.json();
    if (!r.ok) throw new Error(answer.error || ("HTTP " + r.status));
    state.silences = answer.silences || [];
    state.silencesError = null;
  } catch (e) { state.silencesError = e.message; }
  renderAlerts();
}

let boardTimer = null;
// requests for the board so far, and snapshots: only the newest one's board is drawn, since an
// older answer that arrives late would take back what a newer one showed
let boardAsked = 0;
// an alert event changes the folds; fetch the board again, at most a few times a second
function reloadBoard() {
  if (boardTimer) return;
  boardTimer = setTimeout(async () => {
    boardTimer = null;
    const asked = ++boardAsked;
    try {
      const board = await (await fetch("/api/alerts/board")).json();
      if (asked !== boardAsked) return;
      state.board = board;
      renderAlerts();
    } catch (e) {
      // the console is away: the stream's reconnect brings a snapshot; until then, ask again
      if (asked === boardAsked) setTimeout(reloadBoard, 2000);
    }
  }, 200);
}

function fillSubjects() {
  const select = document.getElementById("alert-subject");
  const ports = state.catalogue.nodes.filter((n) => n.capacity);
  select.replaceChildren(el("option", { value: "", text: "all" }),
    ...ports.map((n) => el("option", { value: n.id, text: n.name })),
    ...state.catalogue.lines.map((l) => el("option", { value: l.id, text: l.id })));
}

// --- schematic -----------------------------------------------------------------------------------
function renderSchematic() {
  const c = state.catalogue;
  if (!c) return;
  const lines = c.lines.filter((l) => l.route && l.route.length > 1);
  // left: room for the longest line id (ILSTC-ROAD-SECOND-EASTERN); right: for the last label
  const width = 900, rowH = 46, left = 190, right = 10;
  const svg = svgEl("svg", { viewBox: "0 0 " + width + " " + (lines.length * rowH + 10) });
  lines.forEach((l, row) => {
    const last = l.route.length - 1;
    const y = 24 + row * rowH, step = (width - left - right - 6) / last;
    svg.append(svgEl("line", { x1: left, x2: left + step * last, y1: y, y2: y,
      stroke: "#90a4ae", "stroke-width": 3 }));
    const name = svgEl("text", { x: 0, y: y + 4 }); name.textContent = l.id; svg.append(name);
    l.route.forEach((id, i) => {
      const p = state.ports.get(id);
      svg.append(svgEl("circle", { cx: left + step * i, cy: y, r: 6, "data-node": id,
        fill: p ? BAND_COLOUR[p.band] : "#cfd8dc", stroke: "#1c2430", "stroke-width": 1 }));
      // the end labels are anchored inwards, so the last one is not cut off at the edge, and
      // every other label goes above the line, so long neighbouring names do not overlap
      const label = svgEl("text", { x: left + step * i + (i === 0 ? -6 : i === last ? 6 : 0),
        y: y + (i % 2 ? -11 : 20),
        "text-anchor": i === 0 ? "start" : i === last ? "end" : "middle" });
      label.textContent = id;
      svg.append(label);
    });
  });
  document.getElementById("schematic").replaceChildren(svg);
}

// --- the stream ----------------------------------------------------------------------------------
let chartTimer = null;
// a new record for the port or balance on show redraws its charts, at most once a second
function redrawSoon() {
  if (chartTimer) return;
  chartTimer = setTimeout(() => { chartTimer = null; drawPortCharts(); drawBalanceChart(); }, 1000);
}

function renderAll() {
  renderClock(); renderPorts(); renderBalances(); renderAlerts(); renderSchematic();
}

function apply(name, data) {
  if (name === "snapshot") {
    data.ports.forEach(keepPort);
    data.waits.forEach(keepWaits);
    data.balances.forEach(keepBalance);
    state.board = data.alertBoard;
    boardAsked++;
    if (data.clock.eventTimeReached > 0) {
      state.eventTime = Math.max(state.eventTime || 0, data.clock.eventTimeReached);
    }
    renderAll();
    redrawSoon();
  } else if (name === "utilisation") {
    keepPort(data);
    keepWaits(data.waits);
    state.eventTime = Math.max(state.eventTime || 0, data.windowEnd);
    renderClock(); renderPorts(); renderSchematic();
    if (data.portId === state.selectedPort) redrawSoon();
  } else if (name === "waits") {
    keepWaits(data);
    state.eventTime = Math.max(state.eventTime || 0, data.windowEnd);
    renderClock(); renderPorts();
    if (data.portId === state.selectedPort) redrawSoon();
  } else if (name === "balance") {
    keepBalance(data);
    renderBalances();
    if (state.selectedBalance === data.level + ":" + data.id) redrawSoon();
  } else if (name === "alert") {
    reloadBoard();
  }
}

async function main() {
  const [catalogue, consoleView] = await Promise.all([
    fetch("/api/catalogue").then((r) => r.json()), fetch("/api/console").then((r) => r.json())]);
  state.catalogue = catalogue;
  state.console = consoleView;
  fillSubjects();
  renderOperator();
  renderPorts();
  renderSchematic();
  document.getElementById("alert-subject").addEventListener("change", renderAlerts);
  document.getElementById("alert-severity").addEventListener("change", renderAlerts);
  const stream = new EventSource("/api/stream");
  const conn = document.getElementById("connection");
  stream.onopen = () => { conn.textContent = "live"; conn.className = "connection live"; };
  stream.onerror = () => { conn.textContent = "reconnecting…"; conn.className = "connection"; };
  for (const name of ["snapshot", "utilisation", "waits", "balance", "alert"]) {
    stream.addEventListener(name, (e) => apply(name, JSON.parse(e.data)));
  }
  loadSilences();
  setInterval(loadSilences, 30000);
  setInterval(renderClock, 30000);
}

main();
