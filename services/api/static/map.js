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

  class SeaMap {
    constructor(svg, onVesselClick) {
      this.svg = svg;
      this.onVesselClick = onVesselClick;
      this.layers = {};
      for (const name of ["land", "zones", "labels", "track", "vessels", "pins"]) {
        this.layers[name] = el("g", { class: "layer-" + name }, svg);
      }
      this.vessels = new Map();
      this.selected = null;
      this.home();
      this._interactions();
      window.addEventListener("resize", () => this._apply());
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
      svg.addEventListener("pointermove", (e) => {
        if (!drag) return;
        this.view = { ...drag.v, x: drag.v.x - (e.clientX - drag.x) * drag.s, y: drag.v.y - (e.clientY - drag.y) * drag.s };
        this._apply();
      });
      const end = () => { drag = null; svg.classList.remove("dragging"); };
      svg.addEventListener("pointerup", end); svg.addEventListener("pointercancel", end);
    }
    setLand(geojson) {
      this.layers.land.replaceChildren();
      for (const f of (geojson && geojson.features) || []) el("path", { d: geomPath(f.geometry), class: "land" }, this.layers.land);
    }
    setZones(geojson) {
      const L = window.SW_LABELS;
      this.layers.zones.replaceChildren(); this.layers.labels.replaceChildren();
      for (const f of (geojson && geojson.features) || []) {
        const p = f.properties || {};
        const cls = `zone zone-${p.kind || "eez"}` + ((p.country === "VN" || p.country === "VNM") ? " zone-vn" : "");
        const path = el("path", { d: geomPath(f.geometry), class: cls }, this.layers.zones);
        const owner = p.country_name_vi || L.country[p.country] || p.country;
        const name = p.name || [L.zone[p.kind] || p.kind, owner].filter(Boolean).join(" – ");
        el("title", {}, path).textContent = name + (p.indicative ? " (tham khảo)" : "");
        if (p.kind === "disputed" && f.geometry) {
          const b = path.getBBox();
          const t = el("text", { x: b.x + b.width / 2, y: b.y + b.height / 2, class: "zone-label", "text-anchor": "middle" }, this.layers.labels);
          t.textContent = name;
        }
      }
      this._apply();
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
