/* The consular desk ("Hồ sơ lãnh sự"): open a case, then work it in one view — the case, its
   fishermen and their families, each man's timeline with corrections, notes, attached
   documents, the evidence file of the boat's track, closing. Every action the API offers; the
   API's refusals are shown as it words them (Vietnamese). Self-contained: app.js only tells
   this module who is logged in ("sw:ready") and when its tab opens ("sw:tab"). */
"use strict";
(function () {
  const L = window.SW_LABELS || {};
  const STATUS = L.status || {};
  const CASE_KIND = L.caseKind || {};
  const DOC_KIND = L.docKind || {};
  const NOTE_KIND = L.noteKind || {};
  const COUNTRY = L.country || {};
  const desk = document.getElementById("case-desk");
  if (!desk) return;
  const state = { user: null, current: null, filter: "open", fixing: {} };
  // the steps of a detention, in the order the desk follows a man home
  const STEPS = ["DETAINED", "CONSULAR_ACCESS", "IDENTITY_VERIFIED", "SENTENCED", "RELEASED", "REPATRIATED"];
  const NEXT = { DETAINED: "CONSULAR_ACCESS", CONSULAR_ACCESS: "IDENTITY_VERIFIED", IDENTITY_VERIFIED: "RELEASED",
    SENTENCED: "RELEASED", FINED: "RELEASED", RELEASED: "REPATRIATED", MISSING: "RETURNED" };
  const ENDED = new Set(["REPATRIATED", "RETURNED", "DECEASED"]);  // only corrections after these
  const FIELD_VI = { occurred_on: "ngày xảy ra", occurred_at: "thời điểm", full_name: "họ tên", birth_year: "năm sinh",
    date_of_birth: "ngày sinh", national_id: "số giấy tờ", family_phone: "số điện thoại", status: "tình trạng",
    text: "nội dung", file: "tệp", lat: "vĩ độ", lon: "kinh độ", country: "quốc gia", kind: "loại", vessel_id: "số đăng ký tàu" };

  // ---------- helpers ----------
  function el(tag, props, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids.flat(Infinity)) if (kid != null && kid !== false) node.append(kid);
    return node;
  }
  const dmy = (iso) => { if (!iso) return ""; const [y, m, d] = iso.slice(0, 10).split("-"); return `${d}/${m}/${y}`; };
  const vnParts = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  function vnTime(iso) {
    if (!iso) return "";
    const p = Object.fromEntries(vnParts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
    return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
  }
  const todayVn = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());
  const num = (x, d) => Number(x).toLocaleString("vi-VN", { minimumFractionDigits: d, maximumFractionDigits: d });
  function dm(value, pos, neg) {
    const a = Math.abs(value), deg = Math.floor(a), min = (a - deg) * 60;
    return `${String(deg).padStart(2, "0")}°${num(min, 1).padStart(4, "0")}'${value >= 0 ? pos : neg}`;
  }
  // Dates as Vietnamese forms write them (dd/mm/yyyy), whatever the browser's own locale.
  function dateInput(name, iso, required) {
    return el("input", { name, value: iso ? dmy(iso) : "", required, placeholder: "dd/mm/yyyy", inputmode: "numeric",
      autocomplete: "off", title: "Ngày/tháng/năm, ví dụ 05/07/2021", "data-date": "1" });
  }
  function timeInput(name, value) {
    return el("input", { name, value, placeholder: "hh:mm", inputmode: "numeric", autocomplete: "off",
      title: "Giờ:phút (24 giờ), ví dụ 05:30" });
  }
  function isoDate(input, required) {
    const v = input.value.trim();
    if (!v && !required) return null;
    const iso = v.match(/^(\d{4})-(\d{2})-(\d{2})$/);  // pasted from elsewhere: accepted too
    const m = iso ? [v, iso[3], iso[2], iso[1]] : v.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
    const d = m && new Date(Date.UTC(+m[3], +m[2] - 1, +m[1]));
    if (!m || d.getUTCDate() !== +m[1] || d.getUTCMonth() !== +m[2] - 1) {
      throw new Error(`Ngày “${v}” không hợp lệ: hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/07/2021.`);
    }
    return `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
  }
  function hhmm(input) {
    const v = input.value.trim();
    if (!v) return null;
    const m = v.match(/^(\d{1,2}):(\d{2})$/);
    if (!m || +m[1] > 23 || +m[2] > 59) throw new Error(`Giờ “${v}” không hợp lệ: hãy ghi giờ:phút, ví dụ 05:30.`);
    return `${m[1].padStart(2, "0")}:${m[2]}`;
  }
  const latlon = (lat, lon) => `${dm(lat, "N", "S")} – ${dm(lon, "E", "W")}`;
  const statusLabel = (s) => STATUS[s] || s || "Chưa ghi nhận";
  function phoneLink(phone) {
    return phone ? el("a", { href: "tel:" + phone.replace(/[^\d+]/g, ""), class: "tel" }, phone) : null;
  }

  async function api(path, options) {
    const res = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
    if (!res.ok) {
      let reason = `Lỗi ${res.status}`;
      try {
        const body = await res.json();
        if (typeof body.detail === "string") reason = body.detail;
        else if (Array.isArray(body.detail)) {
          const fields = body.detail.map((d) => FIELD_VI[(d.loc || []).slice(-1)[0]] || (d.loc || []).slice(-1)[0]);
          reason = "Dữ liệu chưa hợp lệ: " + [...new Set(fields)].join(", ") + ".";
        }
      } catch (_) { /* not JSON */ }
      if (res.status === 403 && !/[à-ỹ]/i.test(reason)) reason = "Tài khoản này không có quyền làm việc này.";
      if (res.status === 401) reason = "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.";
      const err = new Error(reason); err.status = res.status; throw err;
    }
    return res.status === 204 ? null : res.json();
  }
  const postJson = (path, body, method) => api(path, { method: method || "POST",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  function say(node, text, ok) { node.textContent = text; node.className = "form-msg " + (ok ? "ok" : "err"); }
  const canWrite = () => !!state.user && ["foreign_affairs", "admin"].includes(state.user.role);
  function options(map, selected) {
    return Object.entries(map).map(([v, t]) => el("option", { value: v, selected: v === selected }, t));
  }
  function attach(form, handler) {
    form.noValidate = true;  // the checks below and the API's answer, in Vietnamese
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const msg = form.querySelector(".form-msg"), btn = form.querySelector("button[type=submit]");
      if (btn) btn.disabled = true;
      try { await handler(form, msg); } catch (err) { if (msg) say(msg, err.message, false); }
      finally { if (btn) btn.disabled = false; }
    });
  }

  // ---------- the desk: open a case, list the cases ----------
  function openForm() {
    const form = el("form", { class: "case-form", "data-testid": "case-form", id: "case-form" },
      el("h2", {}, "Mở hồ sơ mới"),
      el("div", { class: "grid2" },
        el("label", {}, "Loại sự việc", el("select", { name: "kind", required: true }, options(CASE_KIND, "detention"))),
        el("label", {}, "Quốc gia", el("select", { name: "country", required: true },
          options(Object.fromEntries(["CN", "ID", "MY", "PH", "TH", "KH", "BN"].map((c) => [c, COUNTRY[c] || c])), "ID"))),
        el("label", {}, "Ngày xảy ra", dateInput("occurred_on", "", true)),
        el("label", {}, "Giờ (giờ Việt Nam, nếu biết)", timeInput("occurred_time", "")),
        el("label", {}, "Số đăng ký tàu", el("input", { name: "vessel_id", placeholder: "QNg-90xxx-TS", autocomplete: "off" })),
        el("label", {}, "Cơ quan xử lý", el("input", { name: "authority", placeholder: "Ví dụ: Hải quân Indonesia" })),
        el("label", {}, "Vĩ độ (độ thập phân)", el("input", { name: "lat", inputmode: "decimal", placeholder: "6,25" })),
        el("label", {}, "Kinh độ (độ thập phân)", el("input", { name: "lon", inputmode: "decimal", placeholder: "108,95" }))),
      el("label", {}, "Nơi xảy ra", el("input", { name: "place", placeholder: "Ví dụ: phía bắc quần đảo Natuna" })),
      el("button", { type: "submit", class: "btn" }, "Mở hồ sơ"),
      el("p", { class: "form-msg", id: "case-msg", role: "status" }));
    attach(form, async (f, msg) => {
      const on = isoDate(f.occurred_on, true);
      const body = { kind: f.kind.value, country: f.country.value, occurred_on: on,
        vessel_id: f.vessel_id.value.trim() || null, authority: f.authority.value.trim() || null,
        place: f.place.value.trim() || null, source: "officer", request_id: "form-" + Date.now() + "-" + Math.random().toString(36).slice(2) };
      const hm = hhmm(f.occurred_time);
      if (hm) body.occurred_at = `${on}T${hm}:00+07:00`;
      const lat = f.lat.value.trim().replace(",", "."), lon = f.lon.value.trim().replace(",", ".");
      if (lat || lon) { body.lat = Number(lat); body.lon = Number(lon); }
      const c = await postJson("/api/cases", body);
      say(msg, `Đã mở hồ sơ #${c.id}.`, true); f.reset();
      await refreshList(); openCase(c.id);
    });
    return form;
  }
  function prefill(vesselId) {
    const f = document.getElementById("case-form");
    if (!f) return;
    f.vessel_id.value = vesselId || ""; f.kind.value = "detention";
    if (!f.occurred_on.value) f.occurred_on.value = dmy(todayVn());
    f.scrollIntoView({ block: "start" }); f.vessel_id.focus();
  }
  function renderDesk() {
    desk.replaceChildren();
    if (canWrite()) desk.append(openForm());
    const filter = el("div", { class: "case-filter", role: "group", "aria-label": "Lọc hồ sơ" },
      ...[["open", "Đang mở"], ["closed", "Đã đóng"], ["all", "Tất cả"]].map(([v, t]) =>
        el("button", { type: "button", class: "chip-btn" + (state.filter === v ? " on" : ""), "aria-pressed": String(state.filter === v),
          onclick: () => { state.filter = v; renderDesk(); refreshList(); } }, t)));
    const month = el("form", { class: "month-report", "data-testid": "month-report" },
      el("label", {}, "Báo cáo tháng", el("input", { name: "month", value: todayVn().slice(5, 7) + "/" + todayVn().slice(0, 4), required: true,
        placeholder: "mm/yyyy", inputmode: "numeric", title: "Tháng/năm, ví dụ 07/2021" })),
      el("button", { type: "submit", class: "btn btn-ghost" }, "Tải báo cáo (.docx)"));
    month.addEventListener("submit", (e) => {
      e.preventDefault();
      const [m, y] = month.month.value.trim().split("/");
      location.href = `/api/reports/monthly?month=${y}-${String(m).padStart(2, "0")}&format=docx`;
    });
    desk.append(el("div", { class: "desk-head" }, el("h2", {}, "Hồ sơ lãnh sự"), filter), month,
      el("ul", { id: "cases", class: "case-list", "data-testid": "cases" }));
  }
  async function refreshList() {
    const ul = document.getElementById("cases");
    if (!ul) return;
    let cases;
    try { cases = await api(`/api/cases?state=${state.filter}`); } catch (err) { ul.replaceChildren(el("li", { class: "sub" }, err.message)); return; }
    ul.replaceChildren();
    for (const c of cases) {
      const held = Object.entries(c.member_statuses || {}).filter(([s]) => ["DETAINED", "CONSULAR_ACCESS", "IDENTITY_VERIFIED", "SENTENCED", "FINED"].includes(s))
        .reduce((n, [, k]) => n + k, 0);
      ul.append(el("li", { "data-case-id": c.id, tabindex: "0", role: "button", onclick: () => openCase(c.id),
        onkeydown: (e) => { if (e.key === "Enter") openCase(c.id); } },
        el("div", { class: "case-line" }, el("strong", {}, `#${c.id} · ${COUNTRY[c.country] || c.country} · ${c.vessel_id || "không rõ tàu"}`),
          el("span", { class: "chip " + (c.open ? "chip-open" : "chip-closed") }, c.open ? "Đang mở" : "Đã đóng")),
        el("div", { class: "sub" }, [CASE_KIND[c.kind] || c.kind, dmy(c.occurred_on), c.authority, `${c.member_count || 0} ngư dân`,
          held ? `${held} đang bị giữ` : null, c.needs_review ? "cần xác minh" : null].filter(Boolean).join(" · "))));
    }
    if (!cases.length) ul.append(el("li", { class: "sub" }, state.filter === "open" ? "Không có hồ sơ đang mở." : "Không có hồ sơ."));
  }

  // ---------- the case view ----------
  let sheet = null;
  function ensureSheet() {
    if (sheet) return sheet;
    sheet = el("div", { class: "case-sheet", id: "case-view", "data-testid": "case-view", hidden: true, role: "dialog", "aria-modal": "true", "aria-labelledby": "case-title" });
    sheet.addEventListener("click", (e) => { if (e.target === sheet) closeSheet(); });
    document.addEventListener("keydown", (e) => { if (e.key === "Escape" && sheet && !sheet.hidden) closeSheet(); });
    document.body.append(sheet);
    return sheet;
  }
  function closeSheet() { if (sheet) sheet.hidden = true; state.current = null; document.body.classList.remove("sheet-open"); refreshList(); }
  async function openCase(id) {
    ensureSheet();
    try { state.current = await api(`/api/cases/${id}`); } catch (err) { alert(err.message); return; }
    renderCase();
    sheet.hidden = false; document.body.classList.add("sheet-open");
    sheet.querySelector(".sheet-card").focus();
  }
  async function reload() { if (state.current) { state.current = await api(`/api/cases/${state.current.id}`); renderCase(); } }

  function facts(c) {
    const rows = [
      ["Loại sự việc", CASE_KIND[c.kind] || c.kind], ["Quốc gia", COUNTRY[c.country] || c.country],
      ["Cơ quan xử lý", c.authority], ["Nơi xảy ra", c.place],
      ["Vị trí", c.lat != null && c.lon != null ? latlon(c.lat, c.lon) : null], ["Vùng biển", zoneVi(c.zone)],
      ["Tàu", c.vessel_id], ["Ngày xảy ra", dmy(c.occurred_on)], ["Thời điểm", c.occurred_at ? vnTime(c.occurred_at) + " (giờ VN)" : null],
      ["Nguồn", c.source === "officer" ? "Cán bộ nhập" : c.source], ["Mở lúc", vnTime(c.created_at)],
      ["Đóng lúc", c.closed_at ? vnTime(c.closed_at) : null],
    ];
    return el("dl", { class: "facts", "data-testid": "case-facts" }, rows.filter(([, v]) => v).map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  }
  function zoneVi(zone) {
    if (!zone) return null;
    const [kind, where] = zone.split(":");
    const label = (L.zone || {})[kind] || (kind === "high_seas" ? "Biển quốc tế" : kind);
    return where ? `${label} – ${COUNTRY[where] || where}` : label;
  }
  function editForm(c) {
    const f = el("form", { class: "edit-case", hidden: true, "data-testid": "edit-case" },
      el("div", { class: "grid2" },
        el("label", {}, "Ngày xảy ra", dateInput("occurred_on", c.occurred_on, true)),
        el("label", {}, "Giờ (giờ VN)", timeInput("occurred_time", c.occurred_at ? vnTime(c.occurred_at).slice(0, 5) : "")),
        el("label", {}, "Cơ quan xử lý", el("input", { name: "authority", value: c.authority || "" })),
        el("label", {}, "Nơi xảy ra", el("input", { name: "place", value: c.place || "" })),
        el("label", {}, "Vĩ độ", el("input", { name: "lat", inputmode: "decimal", value: c.lat != null ? String(c.lat).replace(".", ",") : "" })),
        el("label", {}, "Kinh độ", el("input", { name: "lon", inputmode: "decimal", value: c.lon != null ? String(c.lon).replace(".", ",") : "" })),
        el("label", {}, "Số đăng ký tàu", el("input", { name: "vessel_id", value: c.vessel_id || "" }))),
      el("button", { type: "submit", class: "btn" }, "Lưu sửa đổi"), el("p", { class: "form-msg", role: "status" }));
    attach(f, async (form, msg) => {
      const on = isoDate(form.occurred_on, true);
      const body = { occurred_on: on, authority: form.authority.value.trim() || null,
        place: form.place.value.trim() || null, vessel_id: form.vessel_id.value.trim() || null };
      const hm = hhmm(form.occurred_time);
      if (hm) body.occurred_at = `${on}T${hm}:00+07:00`;
      if (form.lat.value && form.lon.value) { body.lat = Number(form.lat.value.replace(",", ".")); body.lon = Number(form.lon.value.replace(",", ".")); }
      await postJson(`/api/cases/${c.id}`, body, "PATCH");
      await reload();
    });
    return f;
  }
  function evidenceLinks(c) {
    if (!c.vessel_id) return el("p", { class: "sub" }, "Hồ sơ hành trình cần số đăng ký tàu.");
    const base = `/api/cases/${c.id}/evidence`;
    return el("div", { class: "evidence", "data-testid": "evidence" },
      el("a", { class: "btn", href: base + ".docx", download: true, "data-testid": "evidence-docx" }, "⬇ Hồ sơ hành trình (.docx)"),
      el("a", { class: "btn btn-ghost", href: base + ".geojson", download: true }, "GeoJSON"),
      el("a", { class: "btn btn-ghost", href: base + ".kml", download: true }, "KML"));
  }
  function summary(c) {
    const counts = {};
    for (const m of c.members || []) counts[m.status || "NONE"] = (counts[m.status || "NONE"] || 0) + 1;
    const parts = Object.entries(counts).map(([s, n]) => `${n} ${s === "NONE" ? "chưa ghi nhận" : statusLabel(s).toLowerCase()}`);
    return el("p", { class: "men-summary", "data-testid": "men-summary" }, `${(c.members || []).length} ngư dân` + (parts.length ? ": " + parts.join(", ") : ""));
  }
  function steps(m) {
    const alive = m.timeline.filter((e) => e.in_effect).map((e) => e.status);
    const reached = (s) => alive.includes(s) || (s === "SENTENCED" && alive.includes("FINED"));
    return el("ol", { class: "steps", "aria-label": "Các bước" }, STEPS.map((s) =>
      el("li", { class: (reached(s) ? "done" : "") + (m.status === s || (s === "SENTENCED" && m.status === "FINED") ? " now" : "") },
        s === "SENTENCED" ? "Xét xử / phạt" : statusLabel(s))));
  }
  function timeline(c, m) {
    const byId = Object.fromEntries(m.timeline.map((e) => [e.id, e]));
    return el("ol", { class: "case-timeline", "data-testid": "timeline" }, m.timeline.map((e) => {
      const fixed = e.supersedes ? byId[e.supersedes] : null;
      return el("li", { class: "tl-ev" + (e.in_effect ? "" : " superseded"), "data-status": e.status },
        el("div", {}, el("b", {}, statusLabel(e.status)), " · ", dmy(e.occurred_on),
          fixed ? el("span", { class: "fix" }, ` (đính chính mốc ${statusLabel(fixed.status).toLowerCase()} ${dmy(fixed.occurred_on)})`) : null,
          e.in_effect ? null : el("span", { class: "fix" }, " — đã được đính chính")),
        el("div", { class: "sub" }, [`ghi bởi ${e.recorded_by}, ${vnTime(e.recorded_at)}`, e.note].filter(Boolean).join(" · ")),
        e.in_effect && canWrite() && c.open ? el("button", { type: "button", class: "link", onclick: () => startFix(m, e) }, "Đính chính") : null);
    }));
  }
  function startFix(m, e) {
    const form = sheet.querySelector(`[data-member-id="${m.id}"] form.ev-form`);
    form.status.value = e.status; form.occurred_on.value = dmy(e.occurred_on); form.supersedes.value = e.id;
    form.querySelector(".fixing").hidden = false;
    form.querySelector(".fixing span").textContent = `Đính chính mốc “${statusLabel(e.status).toLowerCase()}” ngày ${dmy(e.occurred_on)}`;
    form.querySelector("button[type=submit]").textContent = "Lưu đính chính";
    form.occurred_on.focus();
  }
  function eventForm(c, m) {
    const f = el("form", { class: "ev-form", "data-testid": "event-form" },
      el("p", { class: "fixing", hidden: true }, el("span", {}), " ",
        el("button", { type: "button", class: "link", onclick: () => renderCase() }, "Huỷ")),
      el("input", { type: "hidden", name: "supersedes", value: "" }),
      el("label", {}, "Tình trạng mới", el("select", { name: "status" }, options(STATUS, NEXT[m.status] || (m.status ? "RELEASED" : "DETAINED")))),
      el("label", {}, "Ngày", dateInput("occurred_on", todayVn(), true)),
      el("label", { class: "wide" }, "Ghi chú / căn cứ", el("input", { name: "note", placeholder: "Ví dụ: theo công hàm của Đại sứ quán", maxlength: "4000" })),
      el("button", { type: "submit", class: "btn" }, "Ghi nhận"),
      el("p", { class: "form-msg", role: "status" }));
    attach(f, async (form, msg) => {
      const body = { status: form.status.value, occurred_on: isoDate(form.occurred_on, true), note: form.note.value.trim() || null };
      if (form.supersedes.value) body.supersedes = Number(form.supersedes.value);
      await postJson(`/api/cases/${c.id}/members/${m.id}/events`, body);
      await reload();
    });
    return f;
  }
  function calls(m) {
    if (!m.calls || !m.calls.length) return null;
    return el("details", { class: "calls", open: ["DETAINED", "RELEASED"].includes(m.status) || null },
      el("summary", {}, `Cần liên hệ (${m.calls.length})`),
      el("ul", {}, m.calls.map((k) => el("li", {}, el("b", {}, k.who), k.phone ? [" · ", phoneLink(k.phone)] : null, el("div", { class: "sub" }, k.why)))));
  }
  function manCard(c, m) {
    const p = m.person;
    const home = [p.home_commune && `xã ${p.home_commune}`, p.home_district && `huyện ${p.home_district}`, p.home_province].filter(Boolean).join(", ");
    return el("article", { class: "man", "data-testid": "man", "data-member-id": m.id },
      el("header", {}, el("h4", {}, p.full_name), el("span", { class: "chip st-" + (m.status || "NONE") }, statusLabel(m.status))),
      el("div", { class: "man-facts" }, [p.birth_year ? `Sinh năm ${p.birth_year}` : null, home ? `Quê: ${home}` : null,
        p.national_id ? `Giấy tờ: ${p.national_id}` : (p.redacted ? "Giấy tờ: (ẩn)" : null), p.confirmed === false ? "chưa xác minh" : null].filter(Boolean).join(" · ")),
      el("div", { class: "kin" }, "Người thân: ", p.family_contact || "chưa có", p.family_phone ? [" · ", phoneLink(p.family_phone)] : null),
      steps(m), timeline(c, m), calls(m),
      canWrite() && c.open && !ENDED.has(m.status) ? eventForm(c, m) : null);
  }
  function addManForm(c) {
    const detention = c.kind === "detention";
    const f = el("form", { class: "add-man", "data-testid": "add-man" },
      el("h4", {}, "Thêm ngư dân"),
      el("div", { class: "grid3" },
        el("label", {}, "Họ và tên", el("input", { name: "full_name", required: true, maxlength: "200" })),
        el("label", {}, "Năm sinh", el("input", { name: "birth_year", type: "number", min: "1900", max: todayVn().slice(0, 4) })),
        el("label", {}, "Số CCCD / hộ chiếu", el("input", { name: "national_id", maxlength: "20", autocomplete: "off" })),
        el("label", {}, "Xã", el("input", { name: "home_commune" })),
        el("label", {}, "Huyện", el("input", { name: "home_district" })),
        el("label", {}, "Tỉnh", el("input", { name: "home_province" })),
        el("label", {}, "Người thân (tên, quan hệ)", el("input", { name: "family_contact", placeholder: "Nguyễn Thị A (vợ)" })),
        el("label", {}, "Điện thoại người thân", el("input", { name: "family_phone", type: "tel", maxlength: "32" })),
        detention ? el("label", {}, "Bị bắt giữ từ ngày", dateInput("held_from", c.occurred_on, false)) : null),
      detention ? el("label", { class: "check" }, el("input", { type: "checkbox", name: "record", checked: true }), " Ghi nhận “bị bắt giữ” cho ngư dân này") : null,
      el("button", { type: "submit", class: "btn" }, "Thêm vào hồ sơ"), el("p", { class: "form-msg", role: "status" }));
    attach(f, async (form, msg) => {
      const person = { full_name: form.full_name.value.trim() };
      for (const k of ["national_id", "home_commune", "home_district", "home_province", "family_contact", "family_phone"]) if (form[k].value.trim()) person[k] = form[k].value.trim();
      if (form.birth_year.value) person.birth_year = Number(form.birth_year.value);
      const body = { person };
      if (detention) { body.record_status = form.record.checked; const from = isoDate(form.held_from, false); if (from) body.occurred_on = from; }
      await postJson(`/api/cases/${c.id}/members`, body);
      await reload();
      const again = sheet.querySelector("form.add-man"); if (again) { say(again.querySelector(".form-msg"), `Đã thêm ${person.full_name}.`, true); again.full_name.focus(); }
    });
    return f;
  }
  const memberOptions = (c, first) => [el("option", { value: "" }, first), ...(c.members || []).map((m) => el("option", { value: m.id }, m.person.full_name))];
  function notes(c) {
    const names = Object.fromEntries((c.members || []).map((m) => [m.id, m.person.full_name]));
    const list = el("ul", { class: "notes", "data-testid": "notes" }, (c.notes || []).map((n) => el("li", { class: "note-" + n.kind },
      el("div", {}, n.kind !== "note" ? el("b", {}, (NOTE_KIND[n.kind] || n.kind) + ": ") : null, n.text == null ? "(ẩn)" : n.text),
      el("div", { class: "sub" }, [names[n.member_id], `${n.created_by}, ${vnTime(n.created_at)}`].filter(Boolean).join(" · ")))));
    if (!(c.notes || []).length) list.append(el("li", { class: "sub" }, "Chưa có ghi chú."));
    let form = null;
    if (canWrite() && c.open) {
      form = el("form", { class: "note-form", "data-testid": "note-form" },
        el("textarea", { name: "text", rows: "2", required: true, maxlength: "8000", placeholder: "Nội dung ghi chú…", "aria-label": "Nội dung ghi chú" }),
        el("div", { class: "row" }, el("select", { name: "kind", "aria-label": "Loại ghi chú" }, options(NOTE_KIND, "note")),
          el("select", { name: "member_id", "aria-label": "Về ngư dân" }, memberOptions(c, "Cả hồ sơ")),
          el("button", { type: "submit", class: "btn" }, "Thêm ghi chú")), el("p", { class: "form-msg", role: "status" }));
      attach(form, async (f) => {
        await postJson(`/api/cases/${c.id}/notes`, { text: f.text.value, kind: f.kind.value, member_id: f.member_id.value ? Number(f.member_id.value) : null });
        await reload();
      });
    }
    return el("section", { class: "box" }, el("h3", {}, "Ghi chú"), list, form);
  }
  function documents(c) {
    const names = Object.fromEntries((c.members || []).map((m) => [m.id, m.person.full_name]));
    const list = el("ul", { class: "docs", "data-testid": "documents" }, (c.documents || []).map((d) => el("li", {},
      el("div", {}, el("b", {}, (DOC_KIND[d.kind] || d.kind) + ": "),
        d.filename ? el("a", { href: `/api/cases/${c.id}/documents/${d.id}`, download: d.filename }, d.filename) : "(ẩn)",
        d.size < 1024 ? ` (${d.size} byte)` : ` (${num(d.size / 1024, 0)} KB)`),
      el("div", { class: "sub" }, [names[d.member_id], d.note, `${d.uploaded_by}, ${vnTime(d.uploaded_at)}`].filter(Boolean).join(" · ")))));
    if (!(c.documents || []).length) list.append(el("li", { class: "sub" }, "Chưa có tài liệu."));
    let form = null;
    if (canWrite() && c.open) {
      form = el("form", { class: "doc-form", "data-testid": "doc-form" },
        el("input", { type: "file", name: "file", required: true, accept: ".pdf,.png,.jpg,.jpeg,.docx,.odt,.doc,.txt", "aria-label": "Chọn tệp" }),
        el("div", { class: "row" }, el("select", { name: "kind", "aria-label": "Loại tài liệu" }, options(DOC_KIND, "request_letter")),
          el("select", { name: "member_id", "aria-label": "Của ngư dân" }, memberOptions(c, "Cả hồ sơ"))),
        el("input", { name: "note", placeholder: "Mô tả (không bắt buộc)", maxlength: "2000", "aria-label": "Mô tả" }),
        el("button", { type: "submit", class: "btn" }, "Tải lên"), el("p", { class: "form-msg", role: "status" }));
      attach(form, async (f) => {
        const data = new FormData(f);
        if (!f.member_id.value) data.delete("member_id");
        if (!f.note.value) data.delete("note");
        await api(`/api/cases/${c.id}/documents`, { method: "POST", body: data });
        await reload();
      });
    }
    return el("section", { class: "box" }, el("h3", {}, "Tài liệu đính kèm"), list, form);
  }
  async function linkedAlerts(c, box) {
    if (!c.vessel_id) { box.remove(); return; }
    const alerts = await api(`/api/alerts?vessel_id=${encodeURIComponent(c.vessel_id)}&limit=20`).catch(() => null);
    const list = (Array.isArray(alerts) ? alerts : []).filter((a) => a.vessel_id === c.vessel_id && !a.kind.startsWith("CASE_"));
    box.append(list.length ? el("ul", { class: "linked" }, list.map((a) => el("li", { class: "sev-" + a.severity },
      el("b", {}, ((L.kind || {})[a.kind] || a.kind) + " · " + vnTime(a.created_at || a.ts)), el("div", { class: "sub" }, a.message))))
      : el("p", { class: "sub" }, "Không có cảnh báo nào của tàu này."));
  }
  function closeBox(c) {
    if (!c.open) return el("p", { class: "closed-note" }, `Hồ sơ đã đóng lúc ${vnTime(c.closed_at)}.`);
    if (!canWrite()) return null;
    const f = el("form", { class: "close-case", "data-testid": "close-case" },
      el("button", { type: "submit", class: "btn btn-danger" }, "Đóng hồ sơ"), el("p", { class: "form-msg", role: "status" }));
    attach(f, async () => {
      if (!confirm(`Đóng hồ sơ #${c.id}? Hồ sơ đã đóng không nhận thêm thay đổi.`)) return;
      await postJson(`/api/cases/${c.id}/close`, {});
      await reload();
    });
    return f;
  }
  function renderCase() {
    const c = state.current;
    if (!c) return;
    const edit = canWrite() && c.open ? editForm(c) : null;
    const alertsBox = el("section", { class: "box" }, el("h3", {}, "Cảnh báo của tàu"));
    const card = el("div", { class: "sheet-card", tabindex: "-1" },
      el("header", { class: "sheet-head" },
        el("h2", { id: "case-title" }, `Hồ sơ #${c.id} · ${CASE_KIND[c.kind] || c.kind} · ${COUNTRY[c.country] || c.country}`),
        el("span", { class: "chip " + (c.open ? "chip-open" : "chip-closed") }, c.open ? "Đang mở" : "Đã đóng"),
        c.needs_review ? el("span", { class: "chip chip-review" }, "Cần xác minh") : null,
        el("button", { type: "button", class: "btn btn-ghost sheet-close", onclick: closeSheet, "aria-label": "Đóng cửa sổ hồ sơ" }, "✕")),
      el("div", { class: "sheet-body" },
        el("aside", { class: "case-side" },
          el("section", { class: "box" }, el("h3", {}, "Vụ việc"), facts(c),
            edit ? el("button", { type: "button", class: "link", onclick: () => { edit.hidden = !edit.hidden; } }, "Sửa thông tin vụ việc") : null, edit),
          el("section", { class: "box" }, el("h3", {}, "Hồ sơ hành trình của tàu"), evidenceLinks(c)),
          alertsBox, closeBox(c)),
        el("div", { class: "case-main" },
          el("section", { class: "box" }, el("h3", {}, "Ngư dân"), summary(c),
            el("div", { class: "men" }, (c.members || []).map((m) => manCard(c, m))),
            canWrite() && c.open ? addManForm(c) : null),
          el("div", { class: "two" }, notes(c), documents(c)))));
    sheet.replaceChildren(card);
    linkedAlerts(c, alertsBox);
  }

  // ---------- alerts that may end in a detention: a shortcut to open its case ----------
  const CASE_WORTHY = new Set(["INSIDE_FOREIGN", "DISPUTED", "ARCHIPELAGO", "OVERLAP", "DARK_10D"]);
  function decorateAlerts(root) {
    if (!canWrite()) return;
    for (const li of root.querySelectorAll("li.alert:not([data-case-link])")) {
      li.dataset.caseLink = "1";
      const kind = li.querySelector(".kind"), labelKind = Object.entries(L.kind || {}).find(([, t]) => t === (kind && kind.textContent));
      const meta = li.querySelector(".meta");
      const vessel = li.dataset.vessel || ((meta && meta.textContent.match(/Tàu (\S+)/)) || [])[1];
      if (!vessel || !labelKind || !CASE_WORTHY.has(labelKind[0]) || !li.querySelector(".actions")) continue;
      li.querySelector(".actions").append(el("button", { type: "button", class: "btn btn-ghost", "data-testid": "open-case-from-alert",
        onclick: () => { document.getElementById("tab-cases").click(); prefill(vessel); } }, "Mở hồ sơ lãnh sự"));
    }
  }
  const alertsList = document.getElementById("alerts");
  if (alertsList) new MutationObserver(() => decorateAlerts(alertsList)).observe(alertsList, { childList: true });

  function legendRow() {  // the map's legend gets the layer of past seizures (map.js setHotspots)
    const box = document.getElementById("legend-body");
    if (!box || box.querySelector(".hs-sw")) return;
    box.append(el("div", { class: "row" }, el("span", { class: "sw hs-sw" }), "Khu vực thường xảy ra bắt giữ"));
  }
  window.addEventListener("sw:ready", (e) => { state.user = e.detail; renderDesk(); decorateAlerts(alertsList || document); legendRow(); });
  window.addEventListener("sw:tab", (e) => { if (e.detail === "cases") { if (!desk.firstChild) renderDesk(); refreshList(); } });
  window.SW_CASES = { open: openCase, refresh: refreshList, prefill };
})();
