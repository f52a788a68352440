/* The one place the page maps codes to Vietnamese words (kinds, severities, risks, zones, countries,
   actions). Checked against services.vocabulary by tests/unit/test_page_labels.py: every code the
   vocabulary defines has its label here, and country names and actions are the vocabulary's own. */
"use strict";
window.SW_LABELS = {
  kind: {
    APPROACHING: "Tiến gần ranh giới", IMMINENT: "Sắp vượt ranh giới",
    INSIDE_FOREIGN: "Trong vùng biển nước ngoài", DISPUTED: "Trong vùng biển chồng lấn",
    OVERLAP: "Trong vùng chồng lấn có tuần tra nước ngoài", ARCHIPELAGO: "Trong khu vực quần đảo Hoàng Sa, Trường Sa",
    BACK_SAFE: "Đã về vùng an toàn", DARK: "Mất kết nối", DARK_24H: "Mất kết nối quá 24 giờ",
    DARK_10D: "Mất kết nối quá 10 ngày", SIGNAL_RESTORED: "Có tín hiệu trở lại",
    UNKNOWN_VESSEL: "Tàu chưa đăng ký", CASE_OPENED: "Mở hồ sơ lãnh sự", CASE_STATUS: "Cập nhật hồ sơ lãnh sự",
    INCIDENT_REPORT: "Báo cáo mới về hồ sơ lãnh sự",
    PORT_DEPARTURE: "Rời cảng", PORT_ARRIVAL: "Cập cảng", ENCOUNTER: "Gặp tàu khác trên biển",
    LOITERING: "Di chuyển chậm bất thường", DEVICE_SWAP: "Nghi hoán đổi thiết bị giám sát",
    AIS_GAP: "Gián đoạn AIS", LOW_CADENCE: "Báo vị trí thưa (dưới 12 lần/ngày)",
    SOURCE_STALLED: "Nguồn dữ liệu gián đoạn", SOURCE_RESTORED: "Nguồn dữ liệu hoạt động lại",
    FOREIGN_INTRUSION: "Tàu cá nước ngoài xâm phạm vùng biển",
    HOTSPOT: "Gần khu vực thường xảy ra bắt giữ",
  },
  severity: { info: "Thông tin", warning: "Cảnh báo", critical: "Khẩn cấp" },
  risk: {
    SAFE: "An toàn", APPROACHING: "Tiến gần ranh giới", IMMINENT: "Sắp vượt ranh giới",
    INSIDE_FOREIGN: "Trong vùng biển nước ngoài", DISPUTED: "Vùng biển chồng lấn", INVALID: "Vị trí không hợp lệ",
    OVERLAP: "Trong vùng chồng lấn có tuần tra nước ngoài", ARCHIPELAGO: "Trong khu vực quần đảo Hoàng Sa, Trường Sa",
  },
  zone: {
    territorial_sea: "Lãnh hải", eez: "Vùng đặc quyền kinh tế", disputed: "Vùng biển chồng lấn",
    archipelago: "Quần đảo", overlap: "Vùng chồng lấn",
    joint: "Vùng đánh cá chung", high_seas: "Vùng biển quốc tế",
  },
  line: {
    treaty: "Đường phân định theo hiệp định", median: "Đường trung tuyến (tham khảo)",
    connection: "Đường nối (tham khảo)", unsettled: "Chưa phân định", baseline: "Đường cơ sở",
    straight_baseline: "Đường cơ sở thẳng", "200nm": "Ranh giới 200 hải lý",
    transcribed: "Theo văn bản hiệp định", constructed: "Ranh giới tham khảo",
  },
  country: {
    VN: "Việt Nam", CN: "Trung Quốc", ID: "Indonesia", MY: "Malaysia", TH: "Thái Lan",
    PH: "Philippines", KH: "Campuchia", BN: "Brunei", SG: "Singapore", TW: "Đài Loan (Trung Quốc)",
    JP: "Nhật Bản", KR: "Hàn Quốc", MM: "Myanmar", LA: "Lào", AU: "Australia",
    PG: "Papua New Guinea", PW: "Palau",
  },
  ack_action: {
    call_owner: "Gọi chủ tàu", radio: "Liên lạc Icom/VHF", notify_post: "Thông báo đồn biên phòng",
    returned: "Tàu đã quay về", unreachable: "Không liên lạc được",
  },
  ending: {
    back_safe: "Tàu đã về vùng an toàn", signal_restored: "Tàu có tín hiệu trở lại",
    source_restored: "Nguồn dữ liệu hoạt động lại", notice: "Thông tin",
  },
  port_kind: { port: "Cảng cá", anchorage: "Khu neo đậu tránh trú bão" },
  status: {
    DETAINED: "Bị bắt giữ", CONSULAR_ACCESS: "Được tiếp xúc lãnh sự", IDENTITY_VERIFIED: "Đã xác minh nhân thân",
    SENTENCED: "Bị tuyên án", FINED: "Bị phạt tiền", RELEASED: "Được trả tự do", REPATRIATED: "Đã về nước",
    RETURNED: "Đã về nhà an toàn", DECEASED: "Tử vong", MISSING: "Mất tích",
  },
  caseKind: {
    detention: "Bị bắt giữ (người và tàu)", boat_seized: "Bị thu giữ tàu", robbery: "Bị cướp tài sản",
    obstruction: "Bị cản trở, xua đuổi", distress: "Gặp nạn, cứu hộ", collision: "Va chạm", death_missing: "Tử vong, mất tích",
  },
  docKind: { request_letter: "Đơn của gia đình", identity: "Giấy tờ nhân thân", official: "Văn bản chính thức", photo: "Ảnh", other: "Tài liệu khác" },
  noteKind: { note: "Ghi chú", repatriation_request: "Gia đình đề nghị đưa về nước" },
  role: { admin: "Quản trị", border_guard: "Biên phòng", foreign_affairs: "Ngoại vụ", viewer: "Xem" },
};
