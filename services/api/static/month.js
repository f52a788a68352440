/* The month at a glance for the department ("Báo cáo"): the consular counts and the month's IUU
   figures side by side, as the filed report words them, each IUU figure opening the list of the
   boats behind it. Months are Vietnam calendar months. Self-contained: app.js only tells this
   module who is logged in ("sw:ready") and when its tab opens ("sw:tab").
   GET /api/reports/monthly (json), /api/reports/iuu, /api/reports/iuu/vessels?figure=… */
"use strict";
(function () {
  const desk = document.getElementById("month-desk");
  const tab = document.getElementById("tab-month");
  if (!desk || !tab) return;
  const COUNTRY = (window.SW_LABELS || {}).country || {};
  const READERS = ["foreign_affairs", "admin", "viewer"];  // the report's readers (routes/reports.py)
  const state = { month: null, loaded: null };

  function el(tag, props, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids.flat(Infinity)) if (kid != null && kid !== false) node.append(kid);
    return node;
  }
  // counts as the report writes them: two digits at least, dots past a thousand
  const n2 = (x) => (x >= 0 && x < 10 ? "0" + x : Number(x).toLocaleString("vi-VN"));
  const parts = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  function vnTime(iso) {
    const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
    return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
  }
  function span(hours) {
    if (hours == null) return "";
    if (hours < 48) return `${Number(hours).toLocaleString("vi-VN", { maximumFractionDigits: 1 })} giờ`;
    const d = Math.floor(hours / 24), h = Math.round(hours - 24 * d);
    return h ? `${d} ngày ${h} giờ` : `${d} ngày`;
  }
  const thisMonth = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit" })
    .format(new Date()).slice(0, 7);
  async function getJson(path) {
    const res = await fetch(path, { credentials: "same-origin" });
    if (!res.ok) {
      let why = "lỗi " + res.status;
      try { const j = await res.json(); if (typeof j.detail === "string") why = j.detail; } catch (_) { /* not JSON */ }
      throw new Error(why);
    }
    return res.json();
  }
  const byCountry = (c) => Object.entries((c && c.by_country) || {}).map(([k, v]) => `${COUNTRY[k] || k}: ${n2(v)}`).join(", ");

  // ---------- the month form ----------
  function head() {
    const [y, m] = (state.month || thisMonth()).split("-");
    const input = el("input", { name: "month", value: `${m}/${y}`, required: true, placeholder: "mm/yyyy", inputmode: "numeric",
      title: "Tháng/năm, ví dụ 11/2026", "aria-label": "Tháng báo cáo (tháng/năm)", autocomplete: "off" });
    const form = el("form", { class: "mo-form", "data-testid": "month-form" },
      el("label", {}, "Tháng báo cáo", input),
      el("button", { type: "submit", class: "btn" }, "Xem"),
      el("a", { class: "btn btn-ghost", "data-testid": "month-docx", href: `/api/reports/monthly?month=${y}-${m}&format=docx` }, "Tải báo cáo (.docx)"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const match = /^\s*(\d{1,2})\s*\/\s*(\d{4})\s*$/.exec(input.value);
      if (!match || +match[1] < 1 || +match[1] > 12) { say("Tháng phải ghi theo dạng tháng/năm, ví dụ 11/2026."); return; }
      load(`${match[2]}-${match[1].padStart(2, "0")}`);
    });
    return form;
  }
  function say(text) {
    const msg = desk.querySelector(".mo-msg");
    if (msg) msg.textContent = text;
  }

  // ---------- the consular counts ----------
  function consular(r) {
    const row = (label, c, testid) => el("div", { class: "mo-row", "data-testid": testid },
      el("span", { class: "mo-label" }, label), el("span", { class: "mo-num" }, n2((c && c.total) || 0)),
      byCountry(c) ? el("span", { class: "mo-sub" }, byCountry(c)) : null);
    return el("section", { class: "mo-box", "data-testid": "month-consular", "aria-labelledby": "mo-consular-h" },
      el("h3", { id: "mo-consular-h" }, "Bảo hộ ngư dân"),
      row("Tàu cá bị nước ngoài bắt giữ trong tháng", r.boats_detained, "mo-boats-detained"),
      row("Ngư dân bị bắt giữ trong tháng", r.fishermen_detained, "mo-detained"),
      row("Ngư dân được trả tự do, đang chờ về nước", r.fishermen_released_awaiting_return, "mo-awaiting"),
      row("Ngư dân về nước trong tháng", r.fishermen_repatriated, "mo-repatriated"),
      row("Ngư dân còn bị giữ cuối tháng", r.still_detained, "mo-still"));
  }

  // ---------- the IUU figures ----------
  function figures(f) {
    const L = f.labels || {};
    const count = {
      lost_6h: `${n2(f.lost_connection_over_6h.boats)} tàu` + (f.lost_connection_over_6h.boats ? ` (${n2(f.lost_connection_over_6h.silences)} lượt)` : ""),
      lost_6h_unreported: `${n2(f.lost_over_6h_without_reporting.boats)} tàu`,
      not_back_10d: `${n2(f.not_back_in_port_after_10_days.boats)} tàu`,
      crossed: `${n2(f.crossed_into_foreign_waters.boats)} tàu`,
      no_working_device: `${n2(f.boats_15m_without_working_device.boats)}/${n2(f.boats_15m_and_over)} tàu`,
    };
    const boats = {
      lost_6h: f.lost_connection_over_6h.boats, lost_6h_unreported: f.lost_over_6h_without_reporting.boats,
      not_back_10d: f.not_back_in_port_after_10_days.boats, crossed: f.crossed_into_foreign_waters.boats,
      no_working_device: f.boats_15m_without_working_device.boats,
    };
    const box = el("section", { class: "mo-box", "data-testid": "month-iuu", "aria-labelledby": "mo-iuu-h" },
      el("h3", { id: "mo-iuu-h" }, "Chống khai thác IUU"),
      el("p", { class: "mo-basis" }, "Theo Điều 44 Nghị định 26/2019/NĐ-CP, sửa đổi bởi Nghị định 37/2024/NĐ-CP. Bấm vào một chỉ tiêu để xem danh sách tàu."));
    for (const key of ["lost_6h", "lost_6h_unreported", "not_back_10d", "crossed", "no_working_device"]) {
      const button = el("button", { type: "button", class: "mo-fig" + (key === "lost_6h_unreported" ? " mo-sub-fig" : ""),
        "data-figure": key, "data-testid": "iuu-" + key, "aria-expanded": "false", disabled: boats[key] ? null : true,
        onclick: () => openList(key, button) },
        el("span", { class: "mo-label" }, L[key] || key), el("span", { class: "mo-num" }, count[key]));
      box.append(button);
    }
    const pr = f.position_reports;
    if (pr.required) {
      box.append(el("div", { class: "mo-row mo-note" }, el("span", { class: "mo-label" }, "Báo cáo vị trí định kỳ 6 giờ/lần đã nhận"),
        el("span", { class: "mo-num" }, `${n2(pr.received)}/${n2(pr.required)} lượt`)));
    }
    if (f.section && f.section.basis) box.append(el("p", { class: "mo-basis", "data-testid": "iuu-basis" }, f.section.basis));
    box.append(el("div", { class: "mo-list", id: "mo-list", "data-testid": "iuu-list", hidden: true, "aria-live": "polite" }));
    return box;
  }

  function boatLine(figure, b) {
    const name = [b.vessel_id, b.name].filter(Boolean).join(" – ");
    const bits = [];
    if (figure === "crossed") {
      bits.push(`Vào vùng biển ${b.country ? COUNTRY[b.country] || b.country : "nước ngoài"} lúc ${vnTime(b.since)}`);
    } else if (figure === "no_working_device") {
      bits.push(b.has_device ? "Đã lắp thiết bị nhưng không truyền dữ liệu trong tháng" : "Chưa lắp thiết bị giám sát hành trình");
      if (b.length_m != null) bits.push(`dài ${Number(b.length_m).toLocaleString("vi-VN")} m`);
    } else {
      bits.push(`Mất kết nối từ ${vnTime(b.since)}`);
      bits.push(b.until ? `có tín hiệu trở lại lúc ${vnTime(b.until)}` : "chưa có tín hiệu trở lại");
      bits.push(span(b.hours) + (b.silences > 1 ? ` (dài nhất trong ${b.silences} lượt)` : ""));
      if (b.reports_due) bits.push(`báo cáo vị trí ${n2(b.reports_received)}/${n2(b.reports_due)} lượt`);
    }
    return el("li", { "data-vessel": b.vessel_id },
      el("div", { class: "mo-boat" }, name),
      el("div", { class: "sub" }, [b.home_port, ...bits].filter(Boolean).join(" · ")));
  }

  async function openList(figure, button) {
    const list = document.getElementById("mo-list");
    const open = button.getAttribute("aria-expanded") === "true";
    for (const b of desk.querySelectorAll(".mo-fig")) { b.setAttribute("aria-expanded", "false"); b.classList.remove("on"); }
    if (open) { list.hidden = true; return; }
    button.setAttribute("aria-expanded", "true"); button.classList.add("on");
    list.hidden = false;
    list.replaceChildren(el("p", { class: "sub" }, "Đang tải danh sách tàu…"));
    try {
      const data = await getJson(`/api/reports/iuu/vessels?month=${state.month}&figure=${figure}`);
      list.replaceChildren(
        el("h4", {}, `${data.label}: ${n2(data.count)} tàu`),
        el("ol", { class: "mo-boats" }, data.vessels.map((b) => boatLine(figure, b))));
      list.dataset.figure = figure;
      list.scrollIntoView({ block: "nearest" });
    } catch (err) {
      list.replaceChildren(el("p", { class: "sub" }, "Không tải được danh sách tàu: " + err.message));
    }
  }

  // ---------- load a month ----------
  async function load(month) {
    state.month = month;
    const [y, m] = month.split("-");
    desk.replaceChildren(el("div", { class: "desk-head" }, el("h2", {}, `Báo cáo tháng ${+m}/${y}`)), head(),
      el("p", { class: "mo-msg sub", role: "status" }, "Đang tải số liệu…"));
    try {
      const [report, iuu] = await Promise.all([getJson(`/api/reports/monthly?month=${month}&format=json`), getJson(`/api/reports/iuu?month=${month}`)]);
      say("");
      desk.append(el("div", { class: "mo-grid" }, consular(report), figures(iuu)));
      state.loaded = month;
    } catch (err) {
      say("Không tải được số liệu: " + err.message);
    }
  }

  window.addEventListener("sw:ready", (e) => {
    const user = e.detail || {};
    tab.hidden = !READERS.includes(user.role);
    state.loaded = null;
  });
  window.addEventListener("sw:tab", (e) => {
    if (e.detail === "month" && !state.loaded) load(state.month || thisMonth());
  });
})();
