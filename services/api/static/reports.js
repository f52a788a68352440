/* Reports by other means: while a boat's VMS is down the captain gives his position by phone or
   radio every 6 hours (Nghị định 26/2019/NĐ-CP, sửa đổi bởi Nghị định 37/2024/NĐ-CP); the duty
   officer records it here, in the boat's box. Self-contained: it watches the box for the boat
   it shows (data-vessel) and adds its own section; POST/GET /api/vessels/{id}/position-reports. */
"use strict";
(function () {
  const info = document.getElementById("track-info");
  if (!info) return;
  const fmt = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric", hourCycle: "h23" });
  const MEANS = { phone: "Điện thoại", radio: "Vô tuyến (HF/VHF)", other: "Khác" };
  const url = (v) => `/api/vessels/${encodeURIComponent(v)}/position-reports`;
  const el = (tag, props, ...kids) => { const e = Object.assign(document.createElement(tag), props || {}); e.append(...kids); return e; };

  // Vietnam local time for <input type=datetime-local> (no DST in Vietnam today: UTC+7)
  function localNow() {
    const p = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date()).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
  }

  async function list(vessel, box) {
    const res = await fetch(url(vessel), { credentials: "same-origin" });
    const rows = res.ok ? await res.json() : [];
    box.replaceChildren();
    box.append(el("div", { className: "sub", textContent: rows.length ? `Đã ghi nhận ${rows.length} báo cáo vị trí bằng phương tiện khác:` : "Chưa có báo cáo vị trí bằng phương tiện khác." }));
    for (const r of rows.slice(0, 5)) {
      box.append(el("div", { className: "sub", textContent: `${fmt.format(new Date(r.ts))} · ${window.SW_DM ? window.SW_DM(r.lat, r.lon) : r.lat + ", " + r.lon} · ${MEANS[r.means] || r.means} · ${r.reported_by}` }));
    }
  }

  function render(vessel) {
    const section = el("section", { className: "rpt" });
    section.dataset.testid = "other-reports";
    section.append(el("strong", { textContent: "Báo cáo vị trí khi mất kết nối (6 giờ/lần)" }));
    const box = el("div");
    const when = el("input", { type: "datetime-local", name: "ts", value: localNow(), required: true });
    const lat = el("input", { type: "number", name: "lat", step: "0.0001", min: "-90", max: "90", placeholder: "Vĩ độ (12.3456)", required: true });
    const lon = el("input", { type: "number", name: "lon", step: "0.0001", min: "-180", max: "180", placeholder: "Kinh độ (110.1234)", required: true });
    const means = el("select", { name: "means" }, ...Object.entries(MEANS).map(([k, v]) => el("option", { value: k, textContent: v })));
    const note = el("input", { type: "text", name: "note", maxLength: 2000, placeholder: "Ghi chú (người báo, nội dung)" });
    const send = el("button", { type: "submit", className: "btn", textContent: "Ghi nhận" });
    const msg = el("div", { className: "sub", role: "status" });
    [when, lat, lon].forEach((i) => i.setAttribute("aria-label", i.placeholder || "Thời điểm (giờ Việt Nam)"));
    means.setAttribute("aria-label", "Phương tiện báo cáo"); note.setAttribute("aria-label", "Ghi chú");
    const form = el("form", { className: "rpt-form" }, el("label", { textContent: "Thời điểm (giờ VN) " }, when), lat, lon, means, note, send, msg);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const ts = new Date(when.value + ":00+07:00").toISOString();
      const body = { ts, lat: Number(lat.value), lon: Number(lon.value), means: means.value, note: note.value || null };
      const res = await fetch(url(vessel), { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      if (res.status === 403) { msg.textContent = "Tài khoản này không có quyền ghi nhận báo cáo."; return; }
      if (!res.ok) { let d = res.status + ""; try { const j = await res.json(); d = typeof j.detail === "string" ? j.detail : "dữ liệu không hợp lệ"; } catch (_) { /* not JSON */ } msg.textContent = "Không ghi nhận được: " + d; return; }
      const row = await res.json();
      msg.textContent = row.created ? "Đã ghi nhận báo cáo." : "Báo cáo này đã được ghi nhận trước đó.";
      await list(vessel, box);
    });
    section.append(box, form);
    const close = info.querySelector("button.btn-ghost");
    info.insertBefore(section, close || null);
    list(vessel, box);
  }

  new MutationObserver(() => {
    const vessel = info.dataset.vessel;
    if (!vessel || info.hidden || info.querySelector(".rpt") || !info.querySelector("strong")) return;
    render(vessel);
  }).observe(info, { childList: true, attributes: true, attributeFilter: ["hidden", "data-vessel"] });
})();
