/* Operations page: login, live alerts (SSE) with acknowledgement, vessels on the map, search,
   tracks, and the consular case list for the roles that handle it. Vietnamese text throughout. */
"use strict";
(function () {
  const L = window.SW_LABELS;
  const $ = (id) => document.getElementById(id);
  const state = { user: null, alerts: new Map(), acks: {}, source: null, authEnabled: true };
  const fmtParts = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", hourCycle: "h23" });
  const fmt = { format(d) { const p = Object.fromEntries(fmtParts.formatToParts(d).map((x) => [x.type, x.value])); return `${p.hour}:${p.minute} ${p.day}/${p.month}`; } };
  const num = (x, digits) => Number(x).toLocaleString("vi-VN", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const fmtClock = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const map = new window.SeaMap($("map"), openVessel);

  // ---------- HTTP ----------
  async function api(path, options) {
    const opts = Object.assign({ credentials: "same-origin", headers: {} }, options || {});
    const res = await fetch(path, opts);
    if (res.status === 401 && state.authEnabled) { showLogin(); throw new Error("Phiên đăng nhập đã hết hạn"); }
    if (!res.ok) {
      let reason = res.status + "";
      try { const body = await res.json(); reason = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail); } catch (_) { /* not JSON */ }
      const err = new Error(reason); err.status = res.status; throw err;
    }
    return res.status === 204 ? null : res.json();
  }
  async function optional(path) { try { return await api(path); } catch (e) { return null; } }

  // ---------- login ----------
  function showLogin() { $("login").hidden = false; $("login-form").username.focus(); }
  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target, msg = $("login-msg");
    msg.textContent = ""; msg.className = "form-msg";
    const body = new URLSearchParams({ username: form.username.value, password: form.password.value });
    const res = await fetch("/api/auth/login", { method: "POST", body, credentials: "same-origin" });
    if (!res.ok) { msg.textContent = "Sai tên đăng nhập hoặc mật khẩu."; msg.className = "form-msg err"; return; }
    form.password.value = "";
    $("login").hidden = true;
    await start();
  });
  $("logout").addEventListener("click", async () => {
    await fetch("/api/auth/logout", { method: "POST", credentials: "same-origin" }).catch(() => null);
    location.reload();
  });
  async function whoAmI() {
    const me = await fetch("/api/auth/me", { credentials: "same-origin" });
    if (me.ok) return me.json();
    if (me.status === 404) { state.authEnabled = false; return { username: "", role: "admin" }; }
    return null;
  }

  // ---------- alerts ----------
  function alertMeta(a) {
    const parts = [];
    if (a.vessel_id) parts.push("Tàu " + a.vessel_id);
    if (a.country) parts.push(L.country[a.country] || a.country);
    if (a.zone_kind) parts.push(L.zone[a.zone_kind] || a.zone_kind);
    if (a.distance_nm != null) parts.push(`cách ranh giới ${num(a.distance_nm, 1)} hải lý`);
    if (a.minutes_to_crossing != null) parts.push(`dự kiến vượt sau ${Math.round(a.minutes_to_crossing)} phút`);
    return parts.join(" · ");
  }
  function renderAckState(li, a) {
    const st = state.acks[a.alert_id] || {};
    const p = li.querySelector(".ack-state"), btn = li.querySelector(".btn-ack");
    li.classList.toggle("acked", !!st.ack);
    btn.hidden = !!st.ack || !canAck();
    if (st.ack) {
      p.className = "ack-state";
      p.textContent = `✔ Đã xác nhận: ${st.ack.acked_by}, ${fmt.format(new Date(st.ack.acked_at))}` + (st.ack.note ? ` – “${st.ack.note}”` : "");
      li.querySelector(".ack-form").hidden = true;
    } else if (st.escalated_at) {
      p.className = "ack-state escalated";
      p.textContent = `⚠ Chưa ai xác nhận – đã báo lên chỉ huy lúc ${fmt.format(new Date(st.escalated_at))}`;
    } else { p.textContent = ""; }
  }
  function canAck() { return !!state.user && state.user.role !== "viewer"; }
  function renderAlert(a, fresh) {
    const li = $("alert-item").content.firstElementChild.cloneNode(true);
    li.classList.add("sev-" + a.severity);
    if (fresh) li.classList.add("fresh");
    li.dataset.alertId = a.alert_id; li.dataset.id = a.id;
    li.dataset.testid = "alert";
    li.querySelector(".sev").textContent = L.severity[a.severity] || a.severity;
    li.querySelector(".kind").textContent = L.kind[a.kind] || a.kind;
    const when = li.querySelector(".when");
    when.textContent = fmt.format(new Date(a.created_at || a.ts)); when.dateTime = a.created_at || a.ts;
    li.querySelector(".msg").textContent = a.message;
    li.querySelector(".meta").textContent = alertMeta(a);
    const form = li.querySelector(".ack-form");
    li.querySelector(".btn-ack").addEventListener("click", () => { form.hidden = false; form.note.focus(); });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        const ack = await api(`/api/alerts/${encodeURIComponent(a.alert_id)}/ack`, {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ note: form.note.value || null }),
        });
        state.acks[a.alert_id] = Object.assign(state.acks[a.alert_id] || {}, { ack });
        renderAckState(li, a); updateCounters();
      } catch (err) { li.querySelector(".ack-state").textContent = "Không xác nhận được: " + err.message; }
    });
    li.querySelector(".btn-locate").addEventListener("click", () => {
      if (a.lon != null && a.lat != null) { map.centreOn(a.lon, a.lat, 300); map.pin(a.lon, a.lat); }
      if (a.vessel_id) openVessel(a.vessel_id, true);
    });
    renderAckState(li, a);
    return li;
  }
  function addAlerts(list, fresh) {
    const ol = $("alerts");
    const sorted = list.filter((a) => !state.alerts.has(a.alert_id)).sort((x, y) => x.id - y.id);
    for (const a of sorted) {
      state.alerts.set(a.alert_id, a);
      const li = renderAlert(a, fresh);
      const next = [...ol.children].find((c) => Number(c.dataset.id) < a.id);
      ol.insertBefore(li, next || null);
    }
    applyFilter(); updateCounters();
  }
  function applyFilter() {
    const only = $("only-open").checked;
    for (const li of $("alerts").children) li.hidden = only && li.classList.contains("acked");
    $("alerts-empty").hidden = state.alerts.size > 0;
  }
  function updateCounters() {
    let open = 0;
    for (const a of state.alerts.values()) if (a.severity !== "info" && !(state.acks[a.alert_id] || {}).ack) open++;
    $("unacked").hidden = open === 0;
    $("unacked").textContent = `${open} cảnh báo chưa xác nhận`;
  }
  $("only-open").addEventListener("change", applyFilter);
  async function refreshAckState() {
    const ids = [...state.alerts.keys()].slice(-300);
    if (!ids.length) return;
    const st = await optional("/api/acks?alert_ids=" + encodeURIComponent(ids.join(",")));
    if (!st) return;
    Object.assign(state.acks, st);
    for (const li of $("alerts").children) { const a = state.alerts.get(li.dataset.alertId); if (a) renderAckState(li, a); }
    applyFilter(); updateCounters();
  }
  function connectStream() {
    if (state.source) state.source.close();
    const src = new EventSource("/api/alerts/stream", { withCredentials: true });
    state.source = src;
    src.addEventListener("open", () => { $("live").textContent = "Trực tuyến"; $("live").className = "pill pill-on"; });
    src.addEventListener("error", () => { $("live").textContent = "Mất kết nối – đang thử lại"; $("live").className = "pill pill-off"; });
    src.addEventListener("alert", (e) => {
      try { const a = JSON.parse(e.data); addAlerts([a], true); refreshAckState(); } catch (_) { /* ignore malformed */ }
    });
  }

  // ---------- vessels ----------
  async function refreshVessels() {
    const list = await optional("/api/positions/latest");
    if (Array.isArray(list)) { state.latest = list; map.setVessels(list); }
  }
  function trackPoints(data) {
    if (!data) return [];
    const raw = Array.isArray(data) ? data : (data.points || data.positions || data.track || []);
    if (data.type === "Feature" || data.type === "FeatureCollection") {
      const g = data.type === "Feature" ? data.geometry : (data.features[0] || {}).geometry;
      return g && g.coordinates ? g.coordinates.map((c) => ({ lon: c[0], lat: c[1] })) : [];
    }
    return raw.filter((p) => p.lat != null && p.lon != null).sort((a, b) => (a.ts < b.ts ? -1 : 1));
  }
  async function openVessel(vesselId, keepView) {
    map.select(vesselId);
    const info = $("track-info");
    info.hidden = false;
    info.textContent = `Đang tải hành trình tàu ${vesselId}…`;
    const [track, detail] = await Promise.all([
      optional(`/api/vessels/${encodeURIComponent(vesselId)}/track?hours=24`),
      optional(`/api/vessels/${encodeURIComponent(vesselId)}`),
    ]);
    const pts = trackPoints(track);
    map.setTrack(pts);
    const latest = (state.latest || []).find((v) => v.vessel_id === vesselId);
    info.replaceChildren();
    const h = document.createElement("strong"); h.textContent = `Tàu ${vesselId}` + (detail && detail.name ? ` – ${detail.name}` : "");
    info.appendChild(h);
    const lines = [];
    if (detail && detail.home_port) lines.push("Cảng nhà: " + detail.home_port);
    if (latest) lines.push(`Tình trạng: ${L.risk[latest.risk] || latest.risk}`, `Vị trí lúc ${fmt.format(new Date(latest.ts))}: ${num(latest.lat, 3)}° B, ${num(latest.lon, 3)}° Đ`);
    if (latest && latest.speed_kn != null) lines.push(`Tốc độ ${num(latest.speed_kn, 1)} hải lý/giờ`);
    lines.push(pts.length ? `Hành trình 24 giờ: ${pts.length} điểm` : "Không có hành trình trong 24 giờ qua");
    for (const t of lines) { const d = document.createElement("div"); d.textContent = t; info.appendChild(d); }
    const close = document.createElement("button"); close.type = "button"; close.className = "btn btn-ghost"; close.textContent = "Đóng";
    close.addEventListener("click", () => { info.hidden = true; map.setTrack([]); map.select(null); map.pin(); });
    info.appendChild(close);
    if (!keepView) {
      const last = pts[pts.length - 1] || latest;
      if (last) map.centreOn(last.lon, last.lat, 250);
    }
  }
  $("vessel-search").addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = $("vessel-q").value.trim();
    const ul = $("vessel-results");
    ul.replaceChildren();
    let found = await optional("/api/vessels?q=" + encodeURIComponent(q));
    if (found && !Array.isArray(found)) found = found.items || found.vessels || [];
    if (!found) found = (state.latest || []).filter((v) => v.vessel_id.toLowerCase().includes(q.toLowerCase()));
    if (!found.length) { const li = document.createElement("li"); li.textContent = "Không tìm thấy tàu nào."; ul.appendChild(li); return; }
    for (const v of found.slice(0, 50)) {
      const li = document.createElement("li");
      li.dataset.vessel = v.vessel_id;
      const name = document.createElement("div"); name.textContent = v.vessel_id + (v.name ? ` – ${v.name}` : "");
      const sub = document.createElement("div"); sub.className = "sub";
      const latest = (state.latest || []).find((x) => x.vessel_id === v.vessel_id);
      sub.textContent = [v.home_port, v.registered === false ? "chưa đăng ký" : null, latest ? L.risk[latest.risk] : "chưa có vị trí"].filter(Boolean).join(" · ");
      li.append(name, sub);
      li.addEventListener("click", () => openVessel(v.vessel_id));
      ul.appendChild(li);
    }
  });

  // ---------- cases ----------
  const CASE_KINDS = Object.fromEntries([...document.querySelectorAll("#case-form select[name=kind] option")].map((o) => [o.value, o.textContent]));
  function fmtDate(iso) { const [y, m, d] = iso.split("-"); return `${d}/${m}/${y}`; }
  async function refreshCases() {
    let cases = await optional("/api/cases?state=open");
    if (cases && !Array.isArray(cases)) cases = cases.items || cases.cases || [];
    const ul = $("cases"); ul.replaceChildren();
    for (const c of cases || []) {
      const li = document.createElement("li");
      const head = document.createElement("div");
      head.textContent = `#${c.id} · ${L.country[c.country] || c.country || ""} · ${c.vessel_id || "không rõ tàu"}`;
      const sub = document.createElement("div"); sub.className = "sub";
      sub.textContent = [CASE_KINDS[c.kind] || c.kind, c.occurred_on ? fmtDate(c.occurred_on) : null, c.authority,
        `${c.member_count || 0} ngư dân`, c.needs_review ? "cần xác minh" : null].filter(Boolean).join(" · ");
      li.append(head, sub); ul.appendChild(li);
    }
    if (!(cases || []).length) { const li = document.createElement("li"); li.className = "sub"; li.textContent = "Không có hồ sơ đang mở."; ul.appendChild(li); }
  }
  $("case-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target, msg = $("case-msg");
    const body = { kind: f.kind.value, country: f.country.value, occurred_on: f.occurred_on.value,
      vessel_id: f.vessel_id.value || null, authority: f.authority.value || null, place: f.place.value || null, source: "officer" };
    try {
      await api("/api/cases", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      msg.textContent = "Đã mở hồ sơ."; msg.className = "form-msg ok"; f.reset(); refreshCases();
    } catch (err) { msg.textContent = "Không mở được hồ sơ: " + err.message; msg.className = "form-msg err"; }
  });

  // ---------- tabs, legend, clock ----------
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => {
      for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t === tab);
      for (const p of document.querySelectorAll(".panel")) p.hidden = p.id !== "panel-" + tab.dataset.tab;
      if (tab.dataset.tab === "cases") refreshCases();
    });
  }
  (function legend() {
    const box = $("legend");
    for (const [risk, label] of Object.entries(L.risk)) {
      const row = document.createElement("div"); row.className = "row";
      const sw = document.createElement("span"); sw.className = "sw"; sw.style.background = getComputedStyle(document.documentElement).getPropertyValue({ SAFE: "--safe", APPROACHING: "--approaching", IMMINENT: "--imminent", INSIDE_FOREIGN: "--inside", DISPUTED: "--disputed" }[risk]);
      row.append(sw, document.createTextNode(label)); box.appendChild(row);
    }
  })();
  setInterval(() => { $("clock").textContent = fmtClock.format(new Date()) + " (giờ Hà Nội)"; }, 1000);
  map.zoom(1);
  $("zoom-in").addEventListener("click", () => map.zoom(0.7));
  $("zoom-out").addEventListener("click", () => map.zoom(1.4));
  $("zoom-home").addEventListener("click", () => map.home());

  // ---------- start ----------
  let timers = [];
  async function start() {
    state.user = await whoAmI();
    if (!state.user) { showLogin(); return; }
    $("user-box").hidden = !state.authEnabled;
    $("user-name").textContent = `${state.user.username} (${L.role[state.user.role] || state.user.role})`;
    $("tab-cases").hidden = !["foreign_affairs", "admin"].includes(state.user.role);
    const [land, zones] = await Promise.all([optional("/api/zones/basemap"), optional("/api/zones")]);
    map.setLand(land); map.setZones(zones);
    await refreshVessels();
    const recent = await optional("/api/alerts?limit=100");
    if (Array.isArray(recent)) addAlerts(recent, false);
    await refreshAckState();
    connectStream();
    timers.forEach(clearInterval);
    timers = [setInterval(refreshVessels, 15000), setInterval(refreshAckState, 20000)];
    document.body.dataset.ready = "1";
  }
  start();
})();
