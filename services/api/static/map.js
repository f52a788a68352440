/* The region map in plain SVG: land, zones, vessels, one track. No tiles, no network beyond the API.
   Projection: equirectangular scaled by cos(latitude of the region's centre), enough for a province. */
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const HOME = { lon0: 102.0, lon1: 118.5, lat0: 5.5, lat1: 22.5 };
  const K = Math.cos((14 * Math.PI) / 180);

  function px(lon) { return lon * K * 100; }
  function py(lat) { return -lat * 100; }
  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }
  function ringPath(ring) {
    return ring.map((c, i) => (i ? "L" : "M") + px(c[0]).toFixed(1) + " " + py(c[1]).toFixed(1)).join("") + "Z";
  }
  function geomPath(g) {
    if (!g) return "";
    if (g.type === "Polygon") return g.coordinates.map(ringPath).join("");
    if (g.type === "MultiPolygon") return g.coordinates.map((p) => p.map(ringPath).join("")).join("");
    if (g.type === "LineString") return g.coordinates.map((c, i) => (i ? "L" : "M") + px(c[0]) + " " + py(c[1])).join("");
    if (g.type === "MultiLineString") return g.coordinates.map((l) => l.map((c, i) => (i ? "L" : "M") + px(c[0]) + " " + py(c[1])).join("")).join("");
    if (g.type === "GeometryCollection") return g.geometries.map(geomPath).join("");
    return "";
  }

  // Degrees and minutes, as border guards and VMS write positions: 07°12'N – 103°30'E.
  function dm(value, width, pos, neg) {
    const hemi = value < 0 ? neg : pos;
    let deg = Math.floor(Math.abs(value)), min = Math.round((Math.abs(value) - deg) * 60);
    if (min === 60) { deg += 1; min = 0; }
    return `${String(deg).padStart(width, "0")}°${String(min).padStart(2, "0")}'${hemi}`;
  }
  window.SW_DM = (lat, lon) => `${dm(lat, 2, "N", "S")} – ${dm(lon, 3, "E", "W")}`;
  const NICE_NM = [1, 2, 5, 10, 20, 50, 100, 200, 500];

  class SeaMap {
    constructor(svg, onVesselClick) {
      this.svg = svg;
      this.onVesselClick = onVesselClick;
      this.layers = {};
      for (const name of ["land", "zones", "hotspots", "lines", "ports", "labels", "track", "vessels", "pins"]) {
        this.layers[name] = el("g", { class: "layer-" + name }, svg);
      }
      this.vessels = new Map();
      this.selected = null;
      this.home();
      this._interactions();
      window.addEventListener("resize", () => this._apply());
      // the legend covers part of the map: place the labels again whenever it (or the map)
      // changes size — opened, folded, or shown after login
      if (window.ResizeObserver) {
        const again = new ResizeObserver(() => this._apply());
        for (const node of [document.getElementById("legend"), svg]) if (node) again.observe(node);
      }
    }
    home() {
      this.view = { x: px(HOME.lon0), y: py(HOME.lat1), w: px(HOME.lon1) - px(HOME.lon0), h: py(HOME.lat0) - py(HOME.lat1) };
      this._apply();
    }
    centreOn(lon, lat, w) {
      const width = w || Math.min(this.view.w, 250);
      const ratio = this.view.h / this.view.w;
      this.view = { x: px(lon) - width / 2, y: py(lat) - (width * ratio) / 2, w: width, h: width * ratio };
      this._apply();
    }
    zoom(factor, cx, cy) {
      const v = this.view;
      const w = Math.min(Math.max(v.w * factor, 8), 4000);
      const f = w / v.w;
      const ox = cx === undefined ? v.x + v.w / 2 : cx;
      const oy = cy === undefined ? v.y + v.h / 2 : cy;
      this.view = { x: ox - (ox - v.x) * f, y: oy - (oy - v.y) * f, w: w, h: v.h * f };
      this._apply();
    }
    _scale() {
      const r = this.svg.getBoundingClientRect();
      return Math.max(this.view.w / Math.max(r.width, 1), this.view.h / Math.max(r.height, 1));
    }
    _apply() {
      const v = this.view;
      this.svg.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`);
      // marker sizes follow the page's type size, so a duty-room screen gets bigger markers
      const s = this._scale() * (parseFloat(getComputedStyle(document.documentElement).fontSize) || 16) / 16;
      for (const c of this.layers.vessels.children) c.setAttribute("r", (c.classList.contains("selected") ? 9 : 6.5) * s);
      for (const c of this.layers.track.querySelectorAll("circle")) c.setAttribute("r", 2.5 * s);
      for (const c of this.layers.pins.children) c.setAttribute("r", 14 * s);
      for (const t of this.layers.labels.children) { t.setAttribute("font-size", 12 * s); t.setAttribute("stroke-width", 3 * s); }
      const showPortNames = v.w < 700;  // port names only once zoomed in to a stretch of coast
      for (const g of this.layers.ports.children) {
        const [mark, text] = g.children;
        mark.setAttribute("width", 7 * s); mark.setAttribute("height", 7 * s);
        mark.setAttribute("x", g.dataset.x - 3.5 * s); mark.setAttribute("y", g.dataset.y - 3.5 * s);
        text.setAttribute("x", Number(g.dataset.x) + 6 * s); text.setAttribute("y", Number(g.dataset.y) + 4 * s);
        text.setAttribute("font-size", 11 * s); text.setAttribute("stroke-width", 3 * s);
        text.style.display = showPortNames ? "" : "none";
      }
      this._keepLabelsInside(s);
      this._scaleBar(s);
    }
    _visibleBox(s) {
      const r = this.svg.getBoundingClientRect();
      const w = r.width * s, h = r.height * s;
      return { x: this.view.x - (w - this.view.w) / 2, y: this.view.y - (h - this.view.h) / 2, w, h };
    }
    _keepLabelsInside(s) {
      // a label near the edge is moved in rather than cut ("Bãi cạn Scarb…" on a phone)
      const box = this._visibleBox(s), pad = 4 * s;
      // who gives way: a neighbour's EEZ label first, then a boundary line's, never the name of
      // an area where boats are seized (an overlap area, an archipelago, the JDA...)
      const rank = (t) => (t.classList.contains("label-area") ? 0 : t.classList.contains("label-eez") ? 2 : 1);
      const order = [...this.layers.labels.children].sort((a, b) => rank(a) - rank(b));
      // the legend, the scale bar and the attribution cover the map: a label under them is lost
      const placed = [];
      const r = this.svg.getBoundingClientRect();
      const covers = [document.getElementById("legend"), document.getElementById("scale"), this.svg.parentElement && this.svg.parentElement.querySelector(".attribution")];
      for (const over of covers) {
        if (!over || !over.offsetParent) continue;
        const g = over.getBoundingClientRect();
        placed.push({ x: box.x + (g.left - r.left) * s, y: box.y + (g.top - r.top) * s, w: g.width * s, h: g.height * s });
      }
      for (const t of order) {
        t.setAttribute("x", t.dataset.x); t.setAttribute("y", t.dataset.y);
        t.style.display = "";  // a label hidden at another zoom has no box until shown again
        let b; try { b = t.getBBox(); } catch (_) { continue; }
        if (!b.width) continue;
        if (b.width > box.w - 2 * pad) { t.style.display = "none"; continue; }  // wider than the map (a phone)
        let dx = 0, dy = 0;
        if (b.x < box.x + pad) dx = box.x + pad - b.x; else if (b.x + b.width > box.x + box.w - pad) dx = box.x + box.w - pad - b.x - b.width;
        if (b.y < box.y + pad) dy = box.y + pad - b.y; else if (b.y + b.height > box.y + box.h - pad) dy = box.y + box.h - pad - b.y - b.height;
        const anchor = { x: Number(t.dataset.x), y: Number(t.dataset.y) };
        const inside = anchor.x > box.x && anchor.x < box.x + box.w && anchor.y > box.y && anchor.y < box.y + box.h;
        t.style.display = inside || (Math.abs(dx) < b.width && Math.abs(dy) < b.height * 3) ? "" : "none";
        if (dx || dy) { t.setAttribute("x", anchor.x + dx); t.setAttribute("y", anchor.y + dy); }
        if (t.style.display === "none") continue;
        // two labels never overlap: the less important one (a neighbour's EEZ) gives way
        const r = { x: b.x + dx, y: b.y + dy, w: b.width, h: b.height };
        if (placed.some((q) => r.x < q.x + q.w && q.x < r.x + r.w && r.y < q.y + q.h && q.y < r.y + r.h)) { t.style.display = "none"; continue; }
        placed.push(r);
      }
    }
    _scaleBar(s) {
      const bar = document.getElementById("scale");
      if (!bar) return;
      const unitsPerNm = 100 / 60;  // map units per nautical mile (north-south)
      const pxPerNm = unitsPerNm / s;
      const nm = NICE_NM.filter((n) => n * pxPerNm <= 120).pop() || NICE_NM[0];
      bar.querySelector(".scale-bar").style.width = Math.round(nm * pxPerNm) + "px";
      bar.querySelector(".scale-text").textContent = `${nm} hải lý`;
    }
    lonLatAt(evt) {
      const p = this._point(evt);
      return { lon: p.x / (K * 100), lat: -p.y / 100 };
    }
    _point(evt) {
      const r = this.svg.getBoundingClientRect();
      const s = this._scale();
      const offX = (r.width * s - this.view.w) / 2, offY = (r.height * s - this.view.h) / 2;
      return { x: this.view.x - offX + (evt.clientX - r.left) * s, y: this.view.y - offY + (evt.clientY - r.top) * s };
    }
    _interactions() {
      const svg = this.svg;
      svg.addEventListener("wheel", (e) => { e.preventDefault(); const p = this._point(e); this.zoom(e.deltaY > 0 ? 1.25 : 0.8, p.x, p.y); }, { passive: false });
      let drag = null;
      svg.addEventListener("pointerdown", (e) => {
        if (e.target.classList.contains("vessel")) return;
        drag = { x: e.clientX, y: e.clientY, v: { ...this.view }, s: this._scale() };
        svg.classList.add("dragging"); svg.setPointerCapture(e.pointerId);
      });
      const readout = document.getElementById("pointer");
      svg.addEventListener("pointermove", (e) => {
        if (readout && e.pointerType !== "touch") { const c = this.lonLatAt(e); readout.textContent = window.SW_DM(c.lat, c.lon); readout.hidden = false; }
        if (!drag) return;
        this.view = { ...drag.v, x: drag.v.x - (e.clientX - drag.x) * drag.s, y: drag.v.y - (e.clientY - drag.y) * drag.s };
        this._apply();
      });
      const end = () => { drag = null; svg.classList.remove("dragging"); };
      svg.addEventListener("pointerup", end); svg.addEventListener("pointercancel", end);
      svg.addEventListener("pointerleave", () => { if (readout) readout.hidden = true; });
    }
    setLand(geojson) {
      this.layers.land.replaceChildren();
      for (const f of (geojson && geojson.features) || []) el("path", { d: geomPath(f.geometry), class: "land" }, this.layers.land);
    }
    setZones(geojson) {
      const L = window.SW_LABELS;
      this.layers.zones.replaceChildren(); this.layers.lines.replaceChildren(); this.layers.labels.replaceChildren();
      for (const f of (geojson && geojson.features) || []) {
        const p = f.properties || {};
        const g = f.geometry || {};
        const isLine = g.type === "LineString" || g.type === "MultiLineString";
        const zoneWord = L.zone[p.kind] || "Vùng biển";
        const owner = p.country_name_vi || L.country[p.country] || "";
        const name = p.name || (isLine ? (L.line[p.line_type] || "Ranh giới") : [zoneWord, owner].filter(Boolean).join(" "));
        const lineType = p.line_type ? (L.line[p.line_type] || "Ranh giới") : null;
        const cls = isLine ? `line line-${p.line_type || "other"}` :
          `zone zone-${p.kind || "eez"}` + ((p.country === "VN" || p.country === "VNM") ? " zone-vn" : "");
        const path = el("path", { d: geomPath(g), class: cls }, isLine ? this.layers.lines : this.layers.zones);
        // zones layer popup: each line's type and what it is made from (issue 13)
        const made = isLine && p.source_vi ? "Nguồn: " + p.source_vi : null;
        el("title", {}, path).textContent = [name, lineType, made, p.indicative ? "ranh giới tham khảo" : null].filter(Boolean).join(" · ");
        const label = this._labelPoint(path, g, isLine);
        // a named part of a neighbour's EEZ (the JDA, the Cambodia–Thailand area) is named by its
        // outline's label, not once more as "Vùng ĐQKT ..." per part
        const wanted = isLine ? !!(p.name || lineType) : (p.kind === "disputed" || (p.kind === "eez" && owner && p.country !== "VN" && !p.name));
        if (label && wanted) {
          const text = isLine ? [p.name, lineType].filter(Boolean).join(" – ") : (p.kind === "eez" ? `Vùng ĐQKT ${owner}` : name);
          const area = isLine && Number(p.line_id) < 0;  // the limit of a risk area (builder)
          const t = el("text", { x: label.x, y: label.y, class: "zone-label label-" + (area ? "area" : isLine ? "line" : p.kind), "text-anchor": "middle" }, this.layers.labels);
          t.dataset.x = label.x; t.dataset.y = label.y;
          t.textContent = text + (p.indicative && !isLine && p.kind === "eez" ? " (tham khảo)" : "");
        }
      }
      this._apply();
    }
    _labelPoint(path, g, isLine) {
      if (isLine) {
        const lines = g.type === "LineString" ? [g.coordinates] : g.coordinates;
        const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), []);
        const mid = longest[Math.floor(longest.length / 2)];
        return mid ? { x: px(mid[0]), y: py(mid[1]) } : null;
      }
      // the vertex mean of the largest ring, if it falls inside; else the middle of the box
      const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      const ring = polys.map((pp) => pp[0]).reduce((a, b) => (b && b.length > (a || []).length ? b : a), null);
      if (!ring) return null;
      const cand = [];
      const mx = ring.reduce((acc, c) => acc + c[0], 0) / ring.length, my = ring.reduce((acc, c) => acc + c[1], 0) / ring.length;
      cand.push({ x: px(mx), y: py(my) });
      const b = path.getBBox(); cand.push({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
      for (const c of cand) {
        try { const pt = this.svg.createSVGPoint(); pt.x = c.x; pt.y = c.y; if (path.isPointInFill(pt)) return c; } catch (_) { return c; }
      }
      return null;
    }
    setPorts(list) {
      const L = window.SW_LABELS;
      this.layers.ports.replaceChildren();
      for (const p of Array.isArray(list) ? list : []) {
        const g = el("g", { class: "port port-" + (p.kind || "port") }, this.layers.ports);
        g.dataset.x = px(p.lon); g.dataset.y = py(p.lat);
        el("rect", { class: "port-mark" }, g);
        const t = el("text", { class: "port-label" }, g);
        t.textContent = p.name;
        el("title", {}, g).textContent = `${L.port_kind[p.kind] || "Cảng cá"} ${p.name} (${p.province})`;
      }
      this._apply();
    }
    // Places where boats were seized before (GET /api/hotspots): a circle of the warning radius
    // around each area, its count of seizures, and the seizures in its tooltip.
    setHotspots(data) {
      const layer = this.layers.hotspots;
      layer.replaceChildren();
      if (!data || !Array.isArray(data.areas)) return;
      const r = Number(data.radius_nm) || 10;
      for (const a of data.areas) {
        const g = el("g", { class: "hotspot", "data-testid": "hotspot" }, layer);
        const rx = px(a.lon + r / 60 / Math.cos((a.lat * Math.PI) / 180)) - px(a.lon);
        el("ellipse", { cx: px(a.lon), cy: py(a.lat), rx, ry: py(a.lat - r / 60) - py(a.lat), class: "hotspot-area" }, g);
        const lines = a.seizures.slice(-5).map((x) => `${x.on.split("-").reverse().join("/")}: ${x.vessel_id || "tàu cá"} – ${x.country_vi || x.country}`);
        el("title", {}, g).textContent = `Khu vực thường xảy ra bắt giữ: ${a.count} vụ\n` + lines.join("\n");
      }
    }
    setVessels(list) {
      const L = window.SW_LABELS;
      const layer = this.layers.vessels;
      layer.replaceChildren(); this.vessels.clear();
      for (const v of list) {
        const risk = L.risk[v.risk] ? v.risk : "UNKNOWN";
        const c = el("circle", { cx: px(v.lon), cy: py(v.lat), r: 6, class: `vessel risk-${risk}`, "data-vessel": v.vessel_id, tabindex: 0 }, layer);
        if (v.vessel_id === this.selected) c.classList.add("selected");
        el("title", {}, c).textContent = `${v.vessel_id} – ${L.risk[v.risk] || v.risk || ""}`;
        c.addEventListener("click", () => this.onVesselClick(v.vessel_id));
        c.addEventListener("keydown", (e) => { if (e.key === "Enter") this.onVesselClick(v.vessel_id); });
        this.vessels.set(v.vessel_id, v);
      }
      this._apply();
    }
    select(vesselId) {
      this.selected = vesselId;
      for (const c of this.layers.vessels.children) c.classList.toggle("selected", c.dataset.vessel === vesselId);
      this._apply();
    }
    setTrack(points) {
      const layer = this.layers.track;
      layer.replaceChildren();
      if (!points.length) return;
      el("path", { d: points.map((p, i) => (i ? "L" : "M") + px(p.lon) + " " + py(p.lat)).join(""), class: "track", "data-testid": "track" }, layer);
      for (const p of points) el("circle", { cx: px(p.lon), cy: py(p.lat), r: 2, class: "track-pt" }, layer);
      this._apply();
    }
    pin(lon, lat) {
      this.layers.pins.replaceChildren();
      if (lon == null || lat == null) return;
      el("circle", { cx: px(lon), cy: py(lat), r: 12, class: "alert-pin" }, this.layers.pins);
      this._apply();
    }
  }
  window.SeaMap = SeaMap;
})();
