/* Behaviour events tab: port departures and arrivals, device swaps (with both devices' tracks
   drawn side by side), meetings at sea and loitering, as the stream worker raised them.
   Self-contained: reads /api/alerts by kind, draws its own small track plots, touches nothing
   of the rest of the page but its own panel. */
"use strict";
(function () {
  const KINDS = ["DEVICE_SWAP", "ENCOUNTER", "LOITERING", "PORT_DEPARTURE", "PORT_ARRIVAL"];
  const TITLE = {
    DEVICE_SWAP: "Nghi hoán đổi thiết bị", ENCOUNTER: "Gặp tàu khác trên biển",
    LOITERING: "Di chuyển chậm bất thường", PORT_DEPARTURE: "Rời cảng", PORT_ARRIVAL: "Cập cảng",
  };
  const $ = (id) => document.getElementById(id);
  const list = $("events-list"), counts = $("events-counts"), empty = $("events-empty");
  if (!list) return;
  const parts = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", hourCycle: "h23" });
  const when = (iso) => { const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value])); return `${p.hour}:${p.minute} ${p.day}/${p.month}`; };
  const label = (kind) => ((window.SW_LABELS || {}).kind || {})[kind] || TITLE[kind] || kind;
  let filter = "";

  function trackPlot(tracks) {
    // both devices' tracks in one small equirectangular plot, so an officer sees them overlap
    const names = Object.keys(tracks || {}).sort();
    const pts = names.flatMap((n) => tracks[n]);
    if (pts.length < 2) return null;
    const lats = pts.map((p) => p[1]), lons = pts.map((p) => p[2]);
    const minLat = Math.min(...lats), maxLat = Math.max(...lats), minLon = Math.min(...lons), maxLon = Math.max(...lons);
    const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    const W = 260, H = 120, pad = 10;
    const spanX = Math.max((maxLon - minLon) * k, 1e-4), spanY = Math.max(maxLat - minLat, 1e-4);
    const s = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
    const ox = (W - spanX * s) / 2, oy = (H - spanY * s) / 2;  // centred in the box
    const x = (lon) => ox + (lon - minLon) * k * s, y = (lat) => H - oy - (lat - minLat) * s;
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("class", "ev-plot");
    svg.setAttribute("role", "img"); svg.setAttribute("aria-label", "Hành trình của hai thiết bị: " + names.join(", "));
    const at = (p) => `${x(p[2]).toFixed(1)},${y(p[1]).toFixed(1)}`;
    if (names.every((n) => tracks[n].length === 1)) {
      // one fix from each source at (almost) the same time: the gap between them is the point
      const gap = document.createElementNS(ns, "polyline");
      gap.setAttribute("points", names.map((n) => at(tracks[n][0])).join(" "));
      gap.setAttribute("class", "ev-gap");
      svg.appendChild(gap);
    }
    names.forEach((n, i) => {
      const line = document.createElementNS(ns, "polyline");
      line.setAttribute("points", tracks[n].map(at).join(" "));
      line.setAttribute("class", "ev-track ev-track-" + i);
      svg.appendChild(line);
      const last = tracks[n][tracks[n].length - 1];
      const dot = document.createElementNS(ns, "circle");
      dot.setAttribute("cx", x(last[2]).toFixed(1)); dot.setAttribute("cy", y(last[1]).toFixed(1));
      dot.setAttribute("r", "4"); dot.setAttribute("class", "ev-dot ev-dot-" + i);
      svg.appendChild(dot);
    });
    const legend = document.createElement("div");
    legend.className = "ev-legend";
    names.forEach((n, i) => { const s2 = document.createElement("span"); s2.className = "ev-key ev-key-" + i; s2.textContent = n; legend.appendChild(s2); });
    const box = document.createElement("div"); box.className = "ev-tracks"; box.append(svg, legend);
    return box;
  }

  function item(a) {
    const li = document.createElement("li");
    li.className = "ev sev-" + a.severity; li.dataset.kind = a.kind; li.dataset.testid = "event";
    const head = document.createElement("div"); head.className = "ev-head";
    const k = document.createElement("span"); k.className = "ev-kind"; k.textContent = label(a.kind);
    const t = document.createElement("time"); t.dateTime = a.ts; t.textContent = when(a.ts);
    head.append(k, t);
    const msg = document.createElement("p"); msg.className = "ev-msg"; msg.textContent = a.message;
    li.append(head, msg);
    if (a.kind === "DEVICE_SWAP" && a.details && a.details.tracks) {
      const plot = trackPlot(a.details.tracks);
      if (plot) li.appendChild(plot);
    }
    return li;
  }

  async function refresh() {
    if ($("panel-events").hidden && list.childElementCount) return;
    const got = await Promise.all(KINDS.map((k) =>
      fetch(`/api/alerts?kind=${k}&limit=50`, { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : [])).catch(() => [])));
    const all = got.flat().sort((p, q) => (q.ts < p.ts ? -1 : q.ts > p.ts ? 1 : 0));
    counts.replaceChildren(...KINDS.map((kind, i) => {
      const b = document.createElement("button");
      b.type = "button"; b.className = "ev-count" + (filter === kind ? " active" : ""); b.dataset.kind = kind;
      b.textContent = `${label(kind)}: ${got[i].length}`;
      b.addEventListener("click", () => { filter = filter === kind ? "" : kind; refresh(); });
      return b;
    }));
    const shown = all.filter((a) => !filter || a.kind === filter);
    list.replaceChildren(...shown.slice(0, 100).map(item));
    empty.hidden = shown.length > 0;
  }
  // a boat's trips (chuyến biển), from its stored track
  const tripForm = $("trip-form"), trips = $("trips");
  const hours = (h) => Number(h).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  if (tripForm) tripForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const id = $("trip-q").value.trim();
    if (!id) return;
    const res = await fetch(`/api/events/trips?vessel_id=${encodeURIComponent(id)}&days=30`, { credentials: "same-origin" }).catch(() => null);
    const body = res && res.ok ? await res.json() : null;
    const rows = body ? body.trips.slice().reverse() : [];
    trips.replaceChildren(...(rows.length ? rows.map((t) => {
      const li = document.createElement("li");
      li.dataset.testid = "trip";
      const from = t.start ? `rời ${t.port || "?"} ${when(t.start)}` : "đã ở trên biển từ đầu dữ liệu";
      const to = t.end ? `cập ${t.details.to_port || "?"} ${when(t.end)}` : "đang trên biển";
      const dur = t.details.duration_h != null ? ` (${hours(t.details.duration_h)} giờ)` : "";
      li.textContent = `Tàu ${t.vessel_id}: ${from} → ${to}${dur}`;
      return li;
    }) : [Object.assign(document.createElement("li"), { className: "empty", textContent: body ? "Không có chuyến biển nào trong 30 ngày." : "Không đọc được hành trình." })]));
  });

  refresh();
  setInterval(refresh, 10000);
  const tab = $("tab-events");
  if (tab) tab.addEventListener("click", refresh);
})();
