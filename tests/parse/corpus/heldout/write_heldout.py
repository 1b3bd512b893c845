#!/usr/bin/env python3
"""Writes heldout/NAME.expected.json: the held-out documents' hand annotations (same conventions as
../tools/write_bodies.py). Held out: not for tuning — the gate prints only their totals."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from annotations import UB, LD, SO_LD, doc, sec, dl, art, write  # noqa: E402

A = {}
CP = ["Chính phủ", "Thủ tướng Chính phủ"]
A["ubtvqh_494_2012_nq"] = dict(
    document=doc("NGHỊ QUYẾT", "494/NQ-UBTVQH13", "2012-05-18", "Hà Nội", "Ủy ban thường vụ Quốc hội",
                 "KẾT QUẢ GIÁM SÁT VIỆC THỰC HIỆN CHÍNH SÁCH, PHÁP LUẬT VỀ NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG",
                 None, "Nguyễn Sinh Hùng", "Chủ tịch"),
    unscored=["year"],
    articles=[art(1), art(2, CP), art(3), art(4)],
    sections=[sec("Điều 2.%d" % i, "", CP) for i in range(1, 6)] + [sec("Điều 3.1", ""), sec("Điều 3.2", "")],
    deadlines=[dl("Điều 2.2", "thực hiện cơ bản xong trong hai năm 2012 - 2013", "2013-12-31", "Chính phủ"),
               dl("Điều 2.3", "Phê duyệt Đề án … trong năm 2012", "2012-12-31", "Chính phủ"),
               dl("Điều 3.1", "Kết thúc năm 2013, Chính phủ báo cáo", "2013-12-31", "Chính phủ")],
    notes=["header cell cut: 'ỦY BAN THƯỜNG VỤ' (the authority line gives 'ỦY BAN THƯỜNG VỤ QUỐC HỘI')",
           "'Điều 1.' alone on its line; 'QUYẾT NGHỊ:'; Điều 2 asks the Government to act: its items' lead"])
A["ttg_170_2008_qd"] = dict(
    document=doc("QUYẾT ĐỊNH", "170/2008/QĐ-TTg", "2008-12-18", "Hà Nội", "Thủ tướng Chính phủ",
                 "CHẾ ĐỘ BẢO HIỂM Y TẾ VÀ TRỢ CẤP MAI TÁNG ĐỐI VỚI THANH NIÊN XUNG PHONG THỜI KỲ KHÁNG CHIẾN CHỐNG PHÁP",
                 None, "Nguyễn Sinh Hùng", "Phó Thủ tướng"),
    unscored=["year"],
    articles=[art(1), art(2), art(3, [LD], ["các cơ quan liên quan"]), art(4), art(5), art(6)],
    notes=["'QUYẾT ĐỊNH' without the colon before Điều 1", "'sau 15 ngày, kể từ ngày đăng Công báo' is entry into force"])
A["tuyenquang_12_2012_qd"] = dict(
    document=doc("QUYẾT ĐỊNH", "12/2012/QĐ-UBND", "2012-06-25", "Tuyên Quang", UB + "Tuyên Quang",
                 "QUY ĐỊNH TẶNG QUÀ ĐỐI VỚI THƯƠNG BINH, BỆNH BINH, GIA ĐÌNH LIỆT SĨ VÀ NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG TRÊN ĐỊA BÀN TỈNH TUYÊN QUANG",
                 None, "Chẩu Văn Lâm", "Chủ tịch"),
    unscored=["year"],
    articles=[art(1), art(2, [SO_LD], ["các cơ quan liên quan"]), art(3)],
    sections=[sec("Điều 5.1", SO_LD, [SO_LD]),
              sec("Điều 5.2", "Sở Tài chính, Kho bạc Nhà nước tỉnh", ["Sở Tài chính", "Kho bạc Nhà nước tỉnh"]),
              sec("Điều 5.3", "Ủy ban nhân dân huyện, thành phố", ["Ủy ban nhân dân huyện, thành phố"]),
              sec("Điều 5.4", "Ủy ban nhân dân xã, phường, thị trấn", ["Ủy ban nhân dân xã, phường, thị trấn"])],
    deadlines=[dl("Điều 5.1", "Hằng năm xây dựng kế hoạch, dự toán kinh phí tặng quà", None, SO_LD, "annual")],
    notes=["the attached Quy định restarts at Điều 1; only its Điều 5 (Giao trách nhiệm) assigns work: unit-headed items",
           "gift amounts per person or per unit (2.000.000 đồng/đơn vị, 300.000 đồng/người …) are norms: no targets, no budget lines",
           "'UỶ' old-style accent in the issuer"])
A["gialai_31_2011_qd"] = dict(
    document=doc("QUYẾT ĐỊNH", "31/2011/QĐ-UBND", "2011-11-10", "Gia Lai", UB + "Gia Lai",
                 "QUY ĐỊNH TRÌNH TỰ, THỦ TỤC GIẢI QUYẾT CHẾ ĐỘ MIỄN, GIẢM TIỀN SỬ DỤNG ĐẤT ĐỐI VỚI NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG TRÊN ĐỊA BÀN TỈNH GIA LAI",
                 None, "Phạm Thế Dũng", "Chủ tịch"),
    unscored=["year"],
    articles=[art(1), art(2), art(3)],
    sections=[sec("Điều 7.1", "Ủy ban nhân dân xã, phường, thị trấn", ["Ủy ban nhân dân xã, phường, thị trấn"]),
              sec("Điều 7.2", "Ủy ban nhân dân huyện, thị xã, thành phố", ["Ủy ban nhân dân huyện, thị xã, thành phố"]),
              sec("Điều 7.3", "Sở Lao động Thương binh và Xã hội", ["Sở Lao động Thương binh và Xã hội"]),
              sec("Điều 7.4", "Cơ quan Thuế", ["Cơ quan Thuế"]),
              sec("Điều 7.5", "Ủy ban nhân dân tỉnh", ["Ủy ban nhân dân tỉnh"])],
    deadlines=[dl("Điều 7.1", "Hàng quý, UBND xã, phường, thị trấn … lập hồ sơ, thống kê", None, frequency="quarterly"),
               dl("Điều 7.2", "Hàng quý, Ủy ban nhân dân huyện … tổng hợp … báo cáo Sở", None, frequency="quarterly")],
    notes=["read from the PDF made with LibreOffice from the text (form pdf)",
           "'Giảm 90% / 80% / 70% / 65% tiền sử dụng đất' are benefit rates, not targets; '15 ngày làm việc' are time limits "
           "counted from a filing, not dated deadlines"])
DV = "Điều %d.%d"
A["hcm_49_2012_qd"] = dict(
    document=doc("QUYẾT ĐỊNH", "49/2012/QĐ-UBND", "2012-10-23", "Thành phố Hồ Chí Minh",
                 "Ủy ban nhân dân thành phố Hồ Chí Minh",
                 "QUY CHẾ QUẢN LÝ KINH PHÍ CHI THỰC HIỆN CHÍNH SÁCH ƯU ĐÃI NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG VÀ NGƯỜI TRỰC TIẾP THAM GIA KHÁNG CHIẾN TRÊN ĐỊA BÀN THÀNH PHỐ HỒ CHÍ MINH",
                 None, "Hứa Ngọc Thuận", "Phó Chủ tịch"),
    unscored=["year"],
    articles=[art(1), art(2), art(3)],
    deadlines=[dl(DV % (2, 2), "phải hoàn thành trước ngày 15 hàng tháng", None, frequency="monthly"),
               dl(DV % (4, 1), "báo cáo Bộ … trước ngày 05 tháng 7 hàng năm", None, SO_LD, "annual"),
               dl(DV % (4, 6), "gửi về Bộ … trước ngày 05 tháng 7 hàng năm", None, SO_LD, "annual"),
               dl(DV % (7, 3), "báo cáo về Sở … trước ngày 20 tháng 6 hàng năm", None, frequency="annual"),
               dl(DV % (7, 5), "báo cáo về Sở … trước ngày 22 hàng tháng", None, frequency="monthly"),
               dl(DV % (7, 7), "chi tạm ứng … chậm nhất là ngày 10 hàng tháng", None, frequency="monthly"),
               dl(DV % (7, 9), "chậm nhất sau khi kết thúc quý 15 ngày (đối với báo cáo quý)", None, frequency="quarterly"),
               dl(DV % (7, 9), "trước ngày 30 tháng 4 hàng năm (đối với báo cáo năm)", None, frequency="annual"),
               dl("Điều 8.3.b", "gửi Phòng … trước ngày 18 hàng tháng", None, frequency="monthly"),
               dl(DV % (8, 4), "thanh toán … chậm nhất là ngày 18 hàng tháng", None, frequency="monthly"),
               dl(DV % (9, 2), "báo cáo về Sở … trước ngày 20 tháng 6 hàng năm", None, frequency="annual"),
               dl(DV % (9, 4), "chậm nhất sau khi kết thúc quý 15 ngày (đối với báo cáo quý)", None, frequency="quarterly"),
               dl(DV % (9, 4), "trước ngày 30 tháng 4 hàng năm (đối với báo cáo năm)", None, frequency="annual")],
    notes=["an attached Quy chế (Chương/Điều, restarting at Điều 1) whose duties recur: every deadline is monthly, "
           "quarterly or yearly (due null, a frequency); sections are not annotated",
           "signature table without 'Nơi nhận' (left cell empty)"])

write(HERE, A, lambda n: "heldout/%s.txt (or .found.md)" % n)
