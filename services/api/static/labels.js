/* Vietnamese labels for codes the API returns (kinds, severities, risks, zones, countries). */
"use strict";
window.SW_LABELS = {
  kind: {
    APPROACHING: "Tiến gần ranh giới", IMMINENT: "Sắp vượt ranh giới",
    INSIDE_FOREIGN: "Trong vùng biển nước ngoài", DISPUTED: "Trong vùng tranh chấp",
    BACK_SAFE: "Đã về vùng an toàn", DARK: "Mất tín hiệu", DARK_24H: "Mất tín hiệu quá 24 giờ",
    DARK_10D: "Mất tín hiệu quá 10 ngày", SIGNAL_RESTORED: "Có tín hiệu trở lại",
    UNKNOWN_VESSEL: "Tàu chưa đăng ký", CASE_OPENED: "Mở hồ sơ lãnh sự", CASE_STATUS: "Cập nhật hồ sơ lãnh sự",
    PORT_DEPARTURE: "Rời cảng", PORT_ARRIVAL: "Cập cảng", ENCOUNTER: "Gặp tàu khác trên biển",
    LOITERING: "Di chuyển chậm bất thường", DEVICE_SWAP: "Nghi hoán đổi thiết bị giám sát",
  },
  severity: { info: "Thông tin", warning: "Cảnh báo", critical: "Khẩn cấp" },
  risk: {
    SAFE: "An toàn", APPROACHING: "Tiến gần ranh giới", IMMINENT: "Sắp vượt ranh giới",
    INSIDE_FOREIGN: "Trong vùng nước ngoài", DISPUTED: "Vùng tranh chấp",
  },
  zone: { territorial_sea: "Lãnh hải", eez: "Vùng đặc quyền kinh tế", disputed: "Vùng tranh chấp", joint: "Vùng đánh cá chung" },
  country: {
    VN: "Việt Nam", CN: "Trung Quốc", ID: "Indonesia", MY: "Malaysia", PH: "Philippines",
    TH: "Thái Lan", KH: "Campuchia", BN: "Brunei", TW: "Đài Loan",
  },
  role: { admin: "Quản trị", border_guard: "Biên phòng", foreign_affairs: "Ngoại vụ", viewer: "Xem" },
};
