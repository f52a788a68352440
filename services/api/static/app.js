/* Operations page: login, live alerts (SSE) with acknowledgement, vessels on the map, search,
   tracks, and the consular case list for the roles that handle it. Vietnamese text throughout. */
"use strict";
(function () {
  const L = window.SW_LABELS;
  const $ = (id) => document.getElementById(id);
  const state = { user: null, situations: new Map(), source: null, authEnabled: true, clock: null };
  const fmtParts = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", hourCycle: "h23" });
  const fmt = { format(d) { const p = Object.fromEntries(fmtParts.formatToParts(d).map((x) => [x.type, x.value])); return `${p.hour}:${p.minute} ${p.day}/${p.month}`; } };
  const num = (x, digits) => Number(x).toLocaleString("vi-VN", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const fmtClockParts = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", second: "2-digit", day: "2-digit", month: "2-digit", hourCycle: "h23" });
  const fmtClock = { format(d) { const p = Object.fromEntries(fmtClockParts.formatToParts(d).map((x) => [x.type, x.value])); return `${p.hour}:${p.minute}:${p.second} ${p.day}/${p.month}`; } };
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

  // ---------- alerts: one item per situation (a boat at risk, a boat silent) ----------
  // Every time shown is event time in Asia/Ho_Chi_Minh; counters come from the database.
  const ACTIONS = Object.entries(L.ack_action);
  function alertMeta(a) {
    const parts = [];
    if (a.country) parts.push(L.country[a.country] || a.country);
    if (a.zone_kind && a.zone_kind !== "high_seas") parts.push(L.zone[a.zone_kind] || "vùng biển khác");
    if (a.distance_nm != null) parts.push(`cách ranh giới ${num(a.distance_nm, 1)} hải lý`);
    if (a.minutes_to_crossing != null) parts.push(`dự kiến vượt sau ${Math.round(a.minutes_to_crossing)} phút`);
    if (a.lat != null && a.lon != null) parts.push(window.SW_DM(a.lat, a.lon));
    return parts.join(" · ");
  }
  function phoneLink(number) {
    const link = document.createElement("a");
    link.href = "tel:" + number.replace(/\s+/g, ""); link.textContent = number; link.className = "tel";
    return link;
  }
  function contactLines(v, box) {
    // who to call: owner, captain, crew, radio and VMS device
    if (!v) return;
    const add = (label, value, phone) => {
      if (!value && !phone) return;
      const d = document.createElement("div"); d.className = "contact";
      const b = document.createElement("span"); b.className = "lbl"; b.textContent = label + ": ";
      d.append(b, document.createTextNode(value || ""));
      if (phone) { d.append(document.createTextNode(value ? " · " : "")); d.appendChild(phoneLink(phone)); }
      box.appendChild(d);
    };
    add("Chủ tàu", v.owner, v.owner_phone);
    if (v.captain && v.captain !== v.owner) add("Thuyền trưởng", v.captain, v.captain_phone);
    else if (v.captain) add("Thuyền trưởng", "chủ tàu trực tiếp đi biển");
    const gear = [v.crew_count != null ? `${v.crew_count} thuyền viên` : null, v.radio,
      v.vms_device_id ? (v.vms_device_id.startsWith("VMS") ? v.vms_device_id : "VMS " + v.vms_device_id) : null].filter(Boolean).join(" · ");
    if (gear) add("Trên tàu", gear);
    if (!v.owner && !v.owner_phone && state.user && state.user.role === "viewer") add("Liên hệ", "chỉ trực ban xem được");
  }
  function renderSituation(s) {
    const li = $("alert-item").content.firstElementChild.cloneNode(true);
    const a = s.last || {};
    li.classList.add("sev-" + s.severity, "st-" + s.state);
    li.dataset.testid = "alert"; li.dataset.situation = s.id; li.dataset.alertId = s.last_alert_id;
    li.dataset.vessel = s.vessel_id || "";
    li.querySelector(".sev").textContent = L.severity[s.severity] || "";
    li.querySelector(".kind").textContent = L.kind[s.kind] || "Cảnh báo khác";
    const when = li.querySelector(".when");
    when.textContent = fmt.format(new Date(s.last_ts)); when.dateTime = s.last_ts;
    when.title = "Giờ sự kiện (giờ Việt Nam)";
    const vessel = li.querySelector(".vessel-line");
    vessel.textContent = s.vessel_id ? `Tàu ${s.vessel_id}` + (s.vessel && s.vessel.name ? ` – ${s.vessel.name}` : "") +
      (s.vessel && s.vessel.home_port ? ` · ${s.vessel.home_port}` : "") : "";
    li.querySelector(".msg").textContent = a.message || "";
    li.querySelector(".meta").textContent = alertMeta(a);
    contactLines(s.vessel, li.querySelector(".contacts"));
    const count = li.querySelector(".count");
    const extra = [];
    if (s.reminders) extra.push(`${s.reminders} lần nhắc lại`);
    if (s.escalations) extra.push(`${s.escalations} lần tăng mức`);
    count.textContent = s.messages > 1 ? `${s.messages} tin nhắn` + (extra.length ? ` (${extra.join(", ")})` : "") +
      ` từ ${fmt.format(new Date(s.opened_at))}` : `Từ ${fmt.format(new Date(s.opened_at))}`;
    const tl = li.querySelector(".timeline"), more = li.querySelector(".btn-timeline");
    more.hidden = s.messages < 2;
    more.addEventListener("click", async () => {
      if (!tl.hidden) { tl.hidden = true; more.textContent = "Xem diễn biến"; return; }
      const full = await optional(`/api/situations/${s.id}`);
      tl.replaceChildren();
      for (const m of (full && full.timeline) || []) {
        const row = document.createElement("li");
        const t = document.createElement("time"); t.textContent = fmt.format(new Date(m.ts)); t.dateTime = m.ts;
        row.append(t, document.createTextNode(" " + (L.kind[m.kind] || "") + (m.details && m.details.reminder ? " (nhắc lại)" : "") + ": " + m.message));
        tl.appendChild(row);
      }
      tl.hidden = false; more.textContent = "Ẩn diễn biến";
    });
    const form = li.querySelector(".ack-form");
    const select = form.querySelector("select[name=action]");
    for (const [code, label] of ACTIONS) { const o = document.createElement("option"); o.value = code; o.textContent = label; select.appendChild(o); }
    const btn = li.querySelector(".btn-ack");
    btn.hidden = s.state !== "open" || !canAck();
    btn.addEventListener("click", () => { form.hidden = false; select.focus(); });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        const done = await api(`/api/situations/${s.id}/ack`, {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ action: select.value || null, note: form.note.value || null }),
        });
        state.situations.set(done.id, done); renderList(); refreshSummary();
      } catch (err) { li.querySelector(".ack-state").textContent = "Không xác nhận được: " + err.message; }
    });
    const st = li.querySelector(".ack-state");
    if (s.acked_at) {
      st.className = "ack-state";
      st.textContent = `✔ Đã xử lý: ${L.ack_action[s.ack_action] || "đã xác nhận"} – ${s.acked_by || ""}, ${fmt.format(new Date(s.acked_at))}` + (s.ack_note ? ` – “${s.ack_note}”` : "");
    } else if (s.escalated_at && s.state === "open") {
      st.className = "ack-state escalated";
      st.textContent = `⚠ Chưa ai xác nhận – đã báo lên chỉ huy lúc ${fmt.format(new Date(s.escalated_at))}`;
    }
    if (s.ended_at && s.state !== "notice") {
      const end = document.createElement("p"); end.className = "ended";
      end.textContent = `${L.ending[s.ending] || "Đã kết thúc"} lúc ${fmt.format(new Date(s.ended_at))}`;
      li.appendChild(end);
    }
    li.querySelector(".btn-locate").addEventListener("click", () => {
      if (a.lon != null && a.lat != null) { map.centreOn(a.lon, a.lat, 300); map.pin(a.lon, a.lat); }
      if (s.vessel_id) openVessel(s.vessel_id, true);
    });
    return li;
  }
  function renderList() {
    const ol = $("alerts");
    const only = $("only-open").checked;  // only boats still followed: open or in hand
    const list = [...state.situations.values()].filter((s) => !only || s.state === "open" || s.state === "acked");
    const rank = { critical: 2, warning: 1, info: 0 };
    const order = { open: 0, acked: 1, ended: 2, notice: 3 };
    list.sort((x, y) => (order[x.state] - order[y.state]) || (rank[y.severity] - rank[x.severity]) || (x.last_ts < y.last_ts ? 1 : -1));
    ol.replaceChildren(...list.slice(0, 150).map(renderSituation));
    $("alerts-empty").hidden = list.length > 0;
  }
  function canAck() { return !!state.user && state.user.role !== "viewer"; }
  async function refreshSituations() {
    const want = $("only-open").checked ? "active" : "all";
    const list = await optional(`/api/situations?state=${want}&limit=150`);
    if (!Array.isArray(list)) return;
    state.situations = new Map(list.map((s) => [s.id, s]));
    renderList();
  }
  async function refreshSummary() {
    const c = await optional("/api/situations/summary");
    if (!c) return;
    $("unacked").hidden = c.open === 0;
    $("unacked").textContent = `${c.open} cảnh báo cần xử lý` + (c.open_vessels !== c.open ? ` (${c.open_vessels} tàu)` : "") +
      (c.open_messages > c.open ? ` · ${c.open_messages} tin` : "");
    $("unacked").dataset.open = c.open;
    const m = c.month;
    if (m) {
      $("month-stats").hidden = false;
      $("month-stats").textContent = `Tháng ${m.label}: đã cảnh báo ${m.warned} tàu, ${m.returned} tàu đã quay về`;
    }
  }
  let pending = null;
  function soon() {  // the live stream brings every message; the list is re-read at most every 2 s
    if (pending) return;
    pending = setTimeout(async () => { pending = null; await Promise.all([refreshSituations(), refreshSummary()]); }, 2000);
  }
  $("only-open").addEventListener("change", refreshSituations);
  function connectStream() {
    if (state.source) state.source.close();
    const src = new EventSource("/api/alerts/stream", { withCredentials: true });
    state.source = src;
    src.addEventListener("open", () => { $("live").textContent = "Trực tuyến"; $("live").className = "pill pill-on"; });
    src.addEventListener("error", () => { $("live").textContent = "Mất kết nối – đang thử lại"; $("live").className = "pill pill-off"; });
    src.addEventListener("alert", () => soon());
  }

  // ---------- one clock: the feed's (simulated or replayed) when it declares one ----------
  async function refreshClock() {
    const c = await optional("/api/clock");
    if (!c) return;
    state.clock = { mode: c.mode, speed: c.speed, feedAt: Date.parse(c.feed_now), localAt: Date.now(), latest: c.latest_fix };
  }
  function feedNow() {
    const c = state.clock;
    if (!c) return new Date();
    return new Date(c.feedAt + (Date.now() - c.localAt) * (c.mode === "live" ? 1 : c.speed));
  }
  function tickClock() {
    const c = state.clock, el = $("clock");
    const t = fmtClock.format(feedNow());
    if (c && c.mode === "simulated") {
      el.textContent = `Giờ mô phỏng ×${num(c.speed, 0)}: ${t}`; el.classList.add("sim");
      el.title = "Bộ mô phỏng chạy nhanh hơn thực tế; mọi giờ trên trang là giờ mô phỏng (giờ Việt Nam)";
    } else if (c && c.mode === "replay") {
      el.textContent = `Giờ phát lại ×${num(c.speed, 0)}: ${t}`; el.classList.add("sim");
    } else { el.textContent = `${t} (giờ Việt Nam)`; el.classList.remove("sim"); }
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
    const [track, detail] = await Promise.all([  // the window ends at the vessel's own last fix
      optional(`/api/vessels/${encodeURIComponent(vesselId)}/track?hours=24`),
      optional(`/api/vessels/${encodeURIComponent(vesselId)}`),
    ]);
    const pts = trackPoints(track);
    map.setTrack(pts);
    let latest = (state.latest || []).find((v) => v.vessel_id === vesselId);
    const newest = pts[pts.length - 1];  // the history can be ahead of the map's latest positions
    if (newest && newest.ts && (!latest || newest.ts > latest.ts)) {
      latest = Object.assign({}, latest || {}, { ts: newest.ts, lat: newest.lat, lon: newest.lon, speed_kn: newest.speed_kn,
        risk: newest.risk || (latest && latest.risk) });
    }
    info.replaceChildren();
    info.dataset.vessel = vesselId;  // for the boat box's own sections (reports.js)
    const h = document.createElement("strong"); h.textContent = `Tàu ${vesselId}` + (detail && detail.name ? ` – ${detail.name}` : "");
    info.appendChild(h);
    const lines = [];
    if (detail && detail.home_port) lines.push("Cảng nhà: " + detail.home_port);
    if (latest) lines.push(`Tình trạng: ${L.risk[latest.risk] || "chưa rõ"}`, `Vị trí lúc ${fmt.format(new Date(latest.ts))}: ${window.SW_DM(latest.lat, latest.lon)}`);
    if (latest && latest.speed_kn != null) lines.push(`Tốc độ ${num(latest.speed_kn, 1)} hải lý/giờ`);
    const last = pts[pts.length - 1];
    lines.push(pts.length ? `Hành trình 24 giờ đến lần báo cuối (${fmt.format(new Date(last.ts))}): ${pts.length} điểm` : "Không có hành trình trong 24 giờ trước lần báo cuối");
    for (const t of lines) { const d = document.createElement("div"); d.textContent = t; info.appendChild(d); }
    const who = document.createElement("div"); who.className = "contacts"; who.dataset.testid = "contacts";
    contactLines(detail, who); info.appendChild(who);
    if (detail && detail.vms_device_id && detail.vms_device_id.startsWith("SIM-")) {
      const sim = document.createElement("div"); sim.className = "sub"; sim.textContent = "Tàu mô phỏng: tên và số điện thoại là giả định.";
      info.appendChild(sim);
    }
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
      sub.textContent = [v.home_port, v.registered === false ? "chưa đăng ký" : null, latest ? (L.risk[latest.risk] || "chưa rõ") : "chưa có vị trí"].filter(Boolean).join(" · ");
      li.append(name, sub);
      li.addEventListener("click", () => openVessel(v.vessel_id));
      ul.appendChild(li);
    }
  });

  // ---------- cases: static/cases.js (told of the user and its tab by events) ----------

  // ---------- tabs, legend, clock ----------
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => {
      for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t === tab);
      for (const p of document.querySelectorAll(".panel")) p.hidden = p.id !== "panel-" + tab.dataset.tab;
      window.dispatchEvent(new CustomEvent("sw:tab", { detail: tab.dataset.tab }));
    });
  }
  (function legend() {
    const box = $("legend-body");
    const colour = { SAFE: "--safe", APPROACHING: "--approaching", IMMINENT: "--imminent", INSIDE_FOREIGN: "--inside", DISPUTED: "--disputed", OVERLAP: "--overlap", ARCHIPELAGO: "--archipelago" };
    for (const [risk, label] of Object.entries(L.risk)) {
      if (!colour[risk]) continue;
      const row = document.createElement("div"); row.className = "row";
      const sw = document.createElement("span"); sw.className = "sw"; sw.style.background = getComputedStyle(document.documentElement).getPropertyValue(colour[risk]);
      row.append(sw, document.createTextNode("Tàu: " + label.charAt(0).toLowerCase() + label.slice(1))); box.appendChild(row);  // names keep their capitals
    }
    for (const [cls, label] of [["ln-ts", L.zone.territorial_sea], ["ln-eez", L.zone.eez], ["ln-disputed", L.zone.disputed]]) {
      const row = document.createElement("div"); row.className = "row";
      const sw = document.createElement("span"); sw.className = "ln " + cls;
      row.append(sw, document.createTextNode(label)); box.appendChild(row);
    }
    const row = document.createElement("div"); row.className = "row";
    const sw = document.createElement("span"); sw.className = "port-sw";
    row.append(sw, document.createTextNode(L.port_kind.port)); box.appendChild(row);
    const toggle = $("legend-toggle");
    const narrow = window.matchMedia("(max-width: 820px)");
    const set = (open) => { $("legend").classList.toggle("open", open); toggle.setAttribute("aria-expanded", String(open)); };
    set(!narrow.matches);  // on a phone the legend starts folded: the map comes first
    toggle.addEventListener("click", () => set(!$("legend").classList.contains("open")));
  })();
  setInterval(tickClock, 1000);
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
    await Promise.all([refreshVessels(), refreshClock(), optional("/api/ports").then((p) => map.setPorts(p)),
      optional("/api/hotspots").then((h) => map.setHotspots(h))]);
    tickClock();
    await Promise.all([refreshSituations(), refreshSummary()]);
    connectStream();
    timers.forEach(clearInterval);
    timers = [setInterval(refreshVessels, 15000), setInterval(soon, 20000), setInterval(refreshClock, 60000)];
    window.dispatchEvent(new CustomEvent("sw:ready", { detail: state.user }));
    document.body.dataset.ready = "1";
  }
  start();
})();
