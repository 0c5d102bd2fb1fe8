// The corridor-watch dashboard: a snapshot, then live updates over Server-Sent Events.
// Plain DOM code, no framework and nothing from a CDN: it has to work with no internet.
"use strict";

const state = { ports: new Map(), waits: new Map(), balances: new Map(), alerts: new Map(),
  eventTime: null, catalogue: null };

const fmt = new Intl.NumberFormat("en");
const pct = (u) => Math.round(Number(u) * 100) + "%";
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k === "text") e.textContent = v;
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

function portName(id) {
  const p = state.catalogue && state.catalogue.nodes.find((n) => n.id === id);
  return p ? p.name : id;
}

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

function renderPorts() {
  const board = document.getElementById("port-board");
  const ports = [...state.ports.values()].sort((a, b) => Number(b.utilisation) - Number(a.utilisation));
  board.replaceChildren(...ports.map((p) => {
    const width = Math.min(100, Number(p.utilisation) / 1.5 * 100);
    return el("div", { class: "port", "data-port": p.portId, "data-band": p.band },
      el("div", { class: "name", text: p.name + " " }, el("span", { class: "band " + p.band, text: p.band })),
      el("div", { class: "bar" },
        el("div", { class: "fill " + p.band, style: "width:" + width + "%" }),
        el("div", { class: "designed", style: "left:" + (100 / 1.5) + "%", title: "designed maximum" })),
      el("div", { class: "figures" },
        el("span", { class: "utilisation", text: pct(p.utilisation) }),
        el("span", { text: fmt.format(p.trips) + " trips / " + fmt.format(p.designedTripsPerDayMax) + " designed" })),
      waitsLine(state.waits.get(p.portId)),
      sparkline(p.last24h));
  }));
}

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
  document.getElementById("balance-board").replaceChildren(...rows.map((b) => {
    const total = Math.max(1, b.outbound + b.inbound);
    const source = sourceFigure(b.id);
    return el("div", { class: "balance-row", "data-balance": b.level + ":" + b.id },
      el("div", { text: b.level.toLowerCase() + " " + b.id + ": out " + fmt.format(b.outbound)
        + ", in " + fmt.format(b.inbound) + (b.ratio !== null ? ", ratio " + b.ratio : "")
        + (b.inboundShare !== null ? ", inbound share " + b.inboundShare : "") }),
      el("div", { class: "bars" },
        el("div", { class: "out", style: "width:" + (b.outbound / total * 100) + "%", title: "outbound" }),
        el("div", { class: "in", style: "width:" + (b.inbound / total * 100) + "%", title: "inbound" })),
      source ? el("div", { class: "source", text: source }) : "");
  }));
}

function age(ms) {
  const m = Math.floor((Date.now() - ms) / 60000);
  return m < 60 ? m + " min" : m < 2880 ? Math.floor(m / 60) + " h" : Math.floor(m / 1440) + " days";
}

function renderAlerts() {
  const rank = (a) => (a.open ? 0 : 2) + (a.severity === "CRITICAL" ? 0 : 1);
  const alerts = [...state.alerts.values()].sort((a, b) => rank(a) - rank(b) || b.detectedAt - a.detectedAt);
  document.getElementById("alert-feed").replaceChildren(...alerts.slice(0, 60).map((a) =>
    el("li", { class: "alert " + a.severity + (a.open ? "" : " cleared"), "data-alert-id": a.alertId,
      "data-status": a.status },
      el("div", { text: a.message }),
      el("div", { class: "meta", text: a.type + " · " + a.subject + " · " + a.severity + " · " + a.status
        + " · started " + age(a.startedAt) + " ago (event time)" }),
      el("details", {}, el("summary", { text: "evidence" }), el("pre", { text: a.evidence })))));
}

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
      const colour = { NORMAL: "#2e7d32", BUSY: "#f9a825", OVER: "#ef6c00", SEVERE: "#c62828" };
      svg.append(svgEl("circle", { cx: left + step * i, cy: y, r: 6, "data-node": id,
        fill: p ? colour[p.band] : "#cfd8dc", stroke: "#1c2430", "stroke-width": 1 }));
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

function renderAll() {
  renderClock(); renderPorts(); renderBalances(); renderAlerts(); renderSchematic();
}

function apply(name, data) {
  if (name === "snapshot") {
    data.ports.forEach((p) => state.ports.set(p.portId, p));
    data.waits.forEach(keepWaits);
    data.balances.forEach((b) => state.balances.set(b.level + ":" + b.id + ":" + b.scope, b));
    data.alerts.forEach((a) => state.alerts.set(a.type + ":" + a.subject + ":" + a.alertId, a));
    if (data.clock.eventTimeReached > 0) state.eventTime = data.clock.eventTimeReached;
    renderAll();
  } else if (name === "utilisation") {
    state.ports.set(data.portId, data);
    keepWaits(data.waits);
    state.eventTime = Math.max(state.eventTime || 0, data.windowEnd);
    renderClock(); renderPorts(); renderSchematic();
  } else if (name === "waits") {
    keepWaits(data);
    state.eventTime = Math.max(state.eventTime || 0, data.windowEnd);
    renderClock(); renderPorts();
  } else if (name === "balance") {
    state.balances.set(data.level + ":" + data.id + ":" + data.scope, data);
    renderBalances();
  } else if (name === "alert") {
    // one entry per episode: a newer transition replaces the older one
    for (const [k, a] of state.alerts) if (a.alertId === data.alertId) state.alerts.delete(k);
    state.alerts.set(data.type + ":" + data.subject + ":" + data.alertId, data);
    renderAlerts();
  }
}

async function main() {
  state.catalogue = await (await fetch("/api/catalogue")).json();
  renderSchematic();
  const stream = new EventSource("/api/stream");
  const conn = document.getElementById("connection");
  stream.onopen = () => { conn.textContent = "live"; conn.className = "connection live"; };
  stream.onerror = () => { conn.textContent = "reconnecting…"; conn.className = "connection"; };
  for (const name of ["snapshot", "utilisation", "waits", "balance", "alert"]) {
    stream.addEventListener(name, (e) => apply(name, JSON.parse(e.data)));
  }
  setInterval(renderClock, 30000);
}

main();
