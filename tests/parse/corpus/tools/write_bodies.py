#!/usr/bin/env python3
"""Writes corpus/NAME.expected.json for the documents stored with their bodies (issue 19 §5):
hand annotations made by reading each document, never from the parser's output. The 19 beginnings
beside them were annotated by the research of 7/12 (their files are kept as they were)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from annotations import UB, LD, SO_LD, doc, sec, tgt, dl, bud, art, write  # noqa: E402

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
A = {}

# --- Thủ tướng Chính phủ: QĐ 773/QĐ-TTg 2018, the plan for Chỉ thị 14-CT/TW (people with merit) ---
P14 = "Bộ Lao động - Thương binh và Xã hội"
A["ttg_773_2018_qd"] = dict(
    document=doc("QUYẾT ĐỊNH", "773/QĐ-TTg", "2018-06-26", "Hà Nội", "Thủ tướng Chính phủ",
                 "KẾ HOẠCH TỔ CHỨC THỰC HIỆN CHỈ THỊ SỐ 14-CT/TW NGÀY 19 THÁNG 7 NĂM 2017 CỦA BAN BÍ THƯ TRUNG ƯƠNG ĐẢNG KHÓA XII VỀ TIẾP TỤC TĂNG CƯỜNG SỰ LÃNH ĐẠO CỦA ĐẢNG ĐỐI VỚI CÔNG TÁC NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG",
                 None, "Nguyễn Xuân Phúc", "Thủ tướng", period=[2018, 2020]),
    articles=[art(1), art(2), art(3)],
    sections=[sec("I", "MỤC ĐÍCH, YÊU CẦU"), sec("I.1", "Mục đích"), sec("I.1.a", "Quán triệt, triển khai"),
              sec("I.1.b", "Nâng cao nhận thức"), sec("I.2", "Yêu cầu"), sec("I.2.a", "Tập trung khắc phục"),
              sec("I.2.b", "Huy động sự tham gia"), sec("I.2.c", "Xác định rõ nhiệm vụ trọng tâm"),
              sec("I.2.d", "Các cơ quan trung ương, địa phương khẩn trương triển khai"),
              sec("II", "NHIỆM VỤ VÀ GIẢI PHÁP"), sec("II.1", "Nhiệm vụ"),
              sec("II.1.a", "Rà soát, hoàn thiện hệ thống chính sách"), sec("II.1.b", "Thực hiện đầy đủ, kịp thời chế độ"),
              sec("II.1.c", "Hoàn thành tổng kết, rà soát việc công nhận"), sec("II.1.d", "Hoàn thành việc hỗ trợ nhà ở"),
              sec("II.1.đ", "Tìm kiếm, quy tập, xác định danh tính hài cốt liệt sĩ"), sec("II.1.e", "Mức sống gia đình người có công"),
              sec("II.1.g", "Chăm sóc sức khỏe người có công"), sec("II.2", "Giải pháp"),
              sec("II.2.a", "Hoàn thiện thể chế"), sec("II.2.b", "Thông tin, tuyên truyền"),
              sec("II.2.c", "Nâng cao năng lực quản lý Nhà nước"), sec("II.2.d", "Cải cách hành chính, công nghệ thông tin"),
              sec("II.2.đ", "Hồ sơ tồn đọng"), sec("II.2.e", "Tìm kiếm, quy tập hài cốt liệt sĩ"),
              sec("II.2.g", "Huy động các nguồn lực xã hội hóa"), sec("II.2.h", "Hỗ trợ nhà ở"),
              sec("II.2.i", "Kiểm tra, thanh tra, khen thưởng"), sec("II.2.k", "Vai trò của Mặt trận Tổ quốc"),
              sec("III", "TỔ CHỨC THỰC HIỆN"), sec("III.1", P14, [P14]), sec("III.2", "Bộ Quốc phòng", ["Bộ Quốc phòng"]),
              sec("III.3", "Bộ Công an", ["Bộ Công an"]), sec("III.4", "Bộ Tài chính", ["Bộ Tài chính"]),
              sec("III.5", "Bộ Kế hoạch và Đầu tư", ["Bộ Kế hoạch và Đầu tư"]), sec("III.6", "Bộ Xây dựng", ["Bộ Xây dựng"]),
              sec("III.7", "Bộ Y tế", ["Bộ Y tế"]), sec("III.8", "Bộ Giáo dục và Đào tạo", ["Bộ Giáo dục và Đào tạo"]),
              sec("III.9", "Bộ Thông tin và Truyền thông", ["Bộ Thông tin và Truyền thông"]),
              sec("III.10", "Bộ Văn hóa, Thể thao và Du lịch", ["Bộ Văn hóa, Thể thao và Du lịch"]),
              sec("III.11", "Bộ Ngoại giao", ["Bộ Ngoại giao"]),
              sec("III.12", "Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam",
                  ["Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam"]),
              sec("III.13", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
                  ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]),
              sec("III.14", "Các bộ, ban, ngành khác", ["Các bộ, ban, ngành khác"]),
              sec("III.15", "Ủy ban trung ương Mặt trận Tổ quốc Việt Nam", ["Ủy ban trung ương Mặt trận Tổ quốc Việt Nam"],
                  ["các tổ chức chính trị - xã hội"]),
              sec("III.16", "Các tổ chức chính trị - xã hội, tổ chức xã hội, tổ chức xã hội - nghề nghiệp, doanh nghiệp và cộng đồng")],
    targets=[tgt("II.1.e", "đạt 100% gia đình người có công với cách mạng có mức sống bằng hoặc cao hơn", 100, "%", "eq", by="2020-12-31"),
             tgt("II.1.e", "năm 2018 đạt 99%", 99, "%", "eq", by="2018-12-31"),
             tgt("II.1.e", "năm 2019 đạt 99,5%", 99.5, "%", "eq", by="2019-12-31"),
             tgt("II.1.e", "98% xã phường làm tốt công tác thương binh, liệt sĩ", 98, "%", "eq", by="2020-12-31"),
             tgt("II.1.g", "100% người có công với cách mạng được lập hồ sơ theo dõi sức khỏe", 100, "%", "eq", by="2020-12-31"),
             tgt("II.1.g", "90% con, cháu người bị ảnh hưởng bởi chất độc hóa học", 90, "%", "eq", by="2020-12-31")],
    deadlines=[dl("II.1.c", "Giải quyết căn bản hồ sơ … còn tồn đọng vào năm 2020", "2020-12-31"),
               dl("II.1.d", "Hoàn thành việc hỗ trợ nhà ở … đến hết năm 2019", "2019-12-31"),
               dl("II.2.a", "Năm 2018: Rà soát, tổng kết … trình hồ sơ Dự án Pháp lệnh", "2018-12-31"),
               dl("II.2.a", "Năm 2019: Trình ban hành Pháp lệnh", "2019-12-31"),
               dl("II.2.đ", "Đến năm 2020, giải quyết căn bản hồ sơ", "2020-12-31"),
               dl("II.2.h", "Năm 2018, hoàn thành việc hỗ trợ nhà ở", "2018-12-31"),
               dl("III.1", "trình Thủ tướng Chính phủ trong quý 1/2019", "2019-03-31", P14),
               dl("III.16", "Hàng năm, các bộ, ngành và Ủy ban nhân dân các tỉnh … báo cáo kết quả", None, frequency="annual")],
    notes=["date letter-spaced by the site: 'ngày 26 tháng 0 6 năm 2018'; number with a space: '773 /QĐ-TTg'",
           "the scraper's '# Bban hành …' line above the header is the page title, not the document's",
           "the plan's part III items are headed by unit names: each heading is the lead of its item (III.15: 'Đề nghị … chủ trì'); "
           "III.16 names non-state actors who are only encouraged ('Khuyến khích'): no lead",
           "'năm 2018 đạt 99%, năm 2019 đạt 99,5%' and 'Đến năm 2020 … 100%' are yearly milestones of one indicator",
           "II.1.d ('đến hết năm 2019') and II.2.h ('Năm 2018, hoàn thành việc hỗ trợ nhà ở') contradict each other: both kept",
           "'Đến năm 2020' before a target is the target's date (by), not a deadline; the closing 'Hàng năm … báo cáo' sits under III.16"])


# --- Ban Chỉ đạo quốc gia 1237: KH 252/KH-BCĐQG1237 2013, parts A–D with "Cơ quan chủ trì" blocks ---
def part(roman, title, letters, chu_tri, phoi_hop=(), extra=()):
    """A roman item of part B: 1. Nội dung, biện pháp (a, b, …), 2. Cơ quan chủ trì (a, b), 3./4. Thời gian.
    The units under 'Cơ quan chủ trì' are the item's leads; the sub-headings carry none."""
    p = "B." + roman
    out = [sec(p, title, chu_tri, phoi_hop), sec(p + ".1", "Nội dung, biện pháp")]
    out += [sec(p + ".1." + x, "") for x in letters]
    out += [sec(p + ".2", "Cơ quan chủ trì, phối hợp")]
    out += [sec(p + ".2." + x, "") for x in extra]
    return out


BCD, BCDQK, BCDT = "Ban Chỉ đạo quốc gia", "Ban Chỉ đạo các quân khu", "Ban Chỉ đạo các tỉnh"
S = [sec("A", "MỤC ĐÍCH, YÊU CẦU"), sec("A.1", "Mục đích"), sec("A.2", "Yêu cầu"),
     sec("B", "NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN TỪ NAY ĐẾN NĂM 2020")]
S += part("I", "CÔNG TÁC QUÁN TRIỆT, TRIỂN KHAI THỰC HIỆN", "ab",
          [BCD, "Các Bộ, ngành liên quan", BCDQK, BCDT],
          ["Mặt trận Tổ quốc Việt Nam", "Hội Cựu chiến binh các cấp", "Các đơn vị thuộc Bộ Quốc phòng",
           "các tổ chức chính trị - xã hội"], "ab") + [sec("B.I.3", "Thời gian thực hiện")]
S += part("II", "BAN HÀNH CÁC VĂN BẢN QUY PHẠM PHÁP LUẬT, VĂN BẢN CHỈ ĐẠO, HƯỚNG DẪN", "abcd",
          [BCD, "Bộ Quốc phòng", "các Bộ, ngành, cơ quan liên quan", BCDQK, BCDT]) + [sec("B.II.3", "Thời gian thực hiện")]
S += part("III", "ĐẨY MẠNH THÔNG TIN, TUYÊN TRUYỀN", ["a", "b", "c", "d", "đ", "e"],
          [BCD, "Bộ Thông tin và Truyền thông", "Ban Tuyên giáo Trung ương", "Bộ Ngoại giao", BCDQK, BCDT,
           "Các cơ quan báo chí Trung ương, địa phương, quân đội"],
          ["Mặt trận Tổ quốc Việt Nam", "Hội Cựu chiến binh", "Đoàn Thanh niên Cộng sản Hồ Chí Minh các cấp",
           "Các đơn vị, địa phương", "các tổ chức chính trị - xã hội và cơ quan tổ chức có liên quan"], "ab") + \
    [sec("B.III.3", "Thời gian thực hiện")]
S += part("IV", "THÀNH LẬP, KIỆN TOÀN TỔ CHỨC, LỰC LƯỢNG", ["a", "b", "c", "d", "đ"],
          [BCD, "Bộ Quốc phòng", "Tư lệnh các quân khu",
           "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]) + [sec("B.IV.3", "Thời gian thực hiện")]
S += part("V", "THU THẬP, KẾT NỐI, XỬ LÝ THÔNG TIN", ["a", "b", "c", "d", "đ", "e", "f"],
          [BCD, "Bộ Quốc phòng", "Bộ Lao động - Thương binh và Xã hội", "Trung ương Hội Cựu chiến binh Việt Nam", BCDQK, BCDT],
          ["Các cơ quan, đơn vị, địa phương", "Mặt trận Tổ quốc Việt Nam", "Hội Cựu chiến binh các cấp",
           "các tổ chức, đoàn thể có liên quan"], "ab") + [sec("B.V.4", "Thời gian thực hiện")]
S += part("VI", "ĐẨY MẠNH HOẠT ĐỘNG TÌM KIẾM, QUY TẬP", "abc",
          [BCD, "Bộ Quốc phòng", "Các quân khu", "các tỉnh", "Ban Công tác đặc biệt", "Ban Chuyên trách các cấp"],
          extra="ab") + [sec("B.VI.3", "Thời gian thực hiện")]
S += part("VII", "MỞ RỘNG HỢP TÁC QUỐC TẾ", "abcd",
          [BCD, "Ban Công tác đặc biệt - Ủy ban Chuyên trách Chính phủ", "Bộ Ngoại giao", "Các Quân khu",
           "Ủy ban nhân dân các tỉnh"],
          ["Các Bộ, ngành có liên quan", "Trung ương Hội Cựu chiến binh Việt Nam"], "ab") + [sec("B.VII.3", "Thời gian thực hiện")]
S += part("VIII", "BẢO ĐẢM PHƯƠNG TIỆN, TRANG BỊ, KINH PHÍ", ["a", "b", "c", "d", "đ"], ["Bộ Quốc phòng", "Bộ Tài chính"],
          ["Các quân khu", "các tỉnh", "Văn phòng Ban Chỉ đạo và cơ quan thường trực các cấp", "Các đơn vị, địa phương"],
          "ab") + [sec("B.VIII.3", "Thời gian thực hiện")]
S += part("IX", "KIỂM TRA, SƠ KẾT, TỔNG KẾT", "abcd", [BCD, BCDQK, BCDT, "Các Bộ, ngành, địa phương và đơn vị"],
          ["Mặt trận Tổ quốc Việt Nam", "Hội Cựu chiến binh các cấp", "các tổ chức chính trị - xã hội"], "ab") + \
    [sec("B.IX.3", "Thời gian thực hiện")]
S += [sec("C", "MỘT SỐ NỘI DUNG, GIẢI PHÁP TRỌNG TÂM TỪ NAY ĐẾN NĂM 2015")] + [sec("C.%d" % i, "") for i in range(1, 9)]
S += [sec("D", "TỔ CHỨC THỰC HIỆN"), sec("D.1", "Ban Chỉ đạo quốc gia 1237", ["Ban Chỉ đạo quốc gia 1237"]),
      sec("D.2", "Bộ Quốc phòng", ["Bộ Quốc phòng"]),
      sec("D.3", "Trách nhiệm của các Bộ, ngành, địa phương; Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam, Trung ương Hội Cựu chiến binh Việt Nam",
          ["các Bộ, ngành, địa phương", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Trung ương Hội Cựu chiến binh Việt Nam"]),
      sec("D.4", "Ban Chỉ đạo cấp quân khu, Ban Chỉ đạo các tỉnh, thành phố trực thuộc Trung ương",
          ["Ban Chỉ đạo cấp quân khu", "Ban Chỉ đạo các tỉnh, thành phố trực thuộc Trung ương"]),
      sec("D.5", "Các tổ chức chính trị - xã hội và tổ chức, đoàn thể có liên quan",
          ["Các tổ chức chính trị - xã hội", "tổ chức, đoàn thể có liên quan"]),
      sec("D.6", "Văn phòng Ban Chỉ đạo quốc gia 1237", ["Văn phòng Ban Chỉ đạo quốc gia 1237"]),
      sec("D.7", "Kinh phí thực hiện")]
A["bcdqg1237_252_2013_kh"] = dict(
    document=doc("KẾ HOẠCH", "252/KH-BCĐQG1237", "2013-11-11", "Hà Nội",
                 "Ban Chỉ đạo quốc gia về tìm kiếm, quy tập hài cốt liệt sĩ",
                 "KẾ HOẠCH TRIỂN KHAI THỰC HIỆN QUYẾT ĐỊNH SỐ 1237/QĐ-TTG NGÀY 27 THÁNG 7 NĂM 2013 CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC PHÊ DUYỆT ĐỀ ÁN TÌM KIẾM, QUY TẬP HÀI CỐT LIỆT SĨ TỪ NAY ĐẾN NĂM 2020 VÀ NHỮNG NĂM TIẾP THEO",
                 None, "Nguyễn Thiện Nhân", "Trưởng ban", period=[2013, 2020]),
    sections=S,
    deadlines=[dl("B.I", "Thời gian thực hiện: Tháng 12/2013 và thường xuyên", "2013-12-31"),
               dl("B.II", "Thời gian thực hiện: Tháng 11, 12/2013", "2013-12-31"),
               dl("B.II", "bổ sung, sửa đổi hàng năm", None, frequency="annual"),
               dl("B.IV", "Thời gian thực hiện: Tháng 11, 12/2013 và kiện toàn thường xuyên", "2013-12-31"),
               dl("B.V", "Thời gian thực hiện: Từ năm 2013 đến năm 2020 và tiếp theo", "2020-12-31"),
               dl("B.VI", "Thời gian thực hiện: Từ năm 2013 đến năm 2020 và tiếp theo", "2020-12-31"),
               dl("B.VII", "Thời gian thực hiện: Từ năm 2013 đến năm 2020 và tiếp theo", "2020-12-31"),
               dl("B.VIII", "Thời gian thực hiện: Từ năm 2013 đến năm 2020 và tiếp theo", "2020-12-31"),
               dl("B.IX", "Thời gian thực hiện: 6 tháng, hằng năm và định kỳ", None, frequency="annual"),
               dl("B.IX.1.c", "Tổng kết giai đoạn 2013-2015 vào năm 2015", "2015-12-31"),
               dl("B.IX.1.c", "giai đoạn 2016-2020 vào năm 2020", "2020-12-31"),
               dl("C.1", "(trong năm 2013)", "2013-12-31"),
               dl("C.2", "(Quý IV/2013", "2013-12-31"), dl("C.2", "Quý I/2014 và thường xuyên)", "2014-03-31"),
               dl("C.4", "(năm 2013 và kiện toàn thường xuyên hàng năm)", "2013-12-31")],
    notes=["a national steering committee's plan (the issuer is neither a ministry nor a province); no article, no decision around it",
           "parts lettered A–D, roman items inside part B: sections 'B.I', 'B.I.1.a' …; B.V numbers its time item '4.' after '2.'",
           "per-item template: '2. Cơ quan chủ trì, phối hợp' with 'a) Cơ quan chủ trì' and 'b) Cơ quan phối hợp' lists, "
           "'3. Thời gian thực hiện: …' — the lists and the time belong to the roman item (its leads, coordinators, deadline); "
           "the template's own sub-headings carry no lead",
           "'Từ tháng 11/2013 trở đi' (B.III) is a start, not a deadline; 'Từ năm 2013 đến năm 2020 và tiếp theo' read as due end 2020",
           "'Trước mắt, giữ nguyên 20 đội như hiện nay' keeps a count as it is: not a target",
           "signature 'TRƯỞNG BAN / PHÓ THỦ TƯỚNG': the signer signs as head of the committee"])


# --- Bộ Lao động - Thương binh và Xã hội: Công văn 2638/LĐTBXH-KHTC 2019 (a ministry's instructions) ---
A["molisa_2638_2019_cv"] = dict(
    document=doc("CÔNG VĂN", "2638/LĐTBXH-KHTC", "2019-07-03", "Hà Nội", LD,
                 "xây dựng dự toán ngân sách trung ương thực hiện Pháp lệnh ưu đãi NCC với cách mạng năm 2020 và kế hoạch tài chính - NSNN 03 năm 2020-2022",
                 None, "Phạm Quang Phụng", "Vụ trưởng Vụ Kế hoạch - Tài chính"),
    unscored=["year"],
    sections=[sec("I", "Đánh giá tình hình thực hiện nhiệm vụ ngân sách nhà nước năm 2019 và giai đoạn 2016-2019"),
              sec("I.1", "Căn cứ đánh giá"), sec("I.2", "Đánh giá tình hình thực hiện nhiệm vụ chi thường xuyên năm 2019"),
              sec("II", "Xây dựng dự toán năm 2020"), sec("II.1", "Kinh phí chi trả trợ cấp thường xuyên"),
              sec("II.2", "Kinh phí chi trả trợ cấp 1 lần"), sec("II.3", "Kinh phí chi công việc phục vụ chế độ ưu đãi người có công"),
              sec("II.3.1", "dụng cụ chỉnh hình, điều trị - điều dưỡng, mộ - nghĩa trang liệt sĩ"),
              sec("II.3.1.a", "dụng cụ chỉnh hình"), sec("II.3.1.b", "điều trị - điều dưỡng"), sec("II.3.1.b", "công tác mộ, nghĩa trang liệt sỹ"),
              sec("II.3.2", "Hỗ trợ hoạt động của cơ sở nuôi dưỡng, điều dưỡng"), sec("II.3.2.a", ""), sec("II.3.2.b", ""), sec("II.3.2.c", ""),
              sec("II.3.3", "Kinh phí chi công tác quản lý"), sec("III", "Xây dựng kế hoạch tài chính - NSNN 03 năm 2020-2022"),
              sec("III.1", "Yêu cầu lập kế hoạch"), sec("III.2", "Lập kế hoạch chi NSNN 03 năm 2020-2022"),
              sec("1", "Tình hình thực hiện dự toán năm 2019"), sec("2", "Xây dựng dự toán năm 2020")],
    deadlines=[dl("III.2", "gửi về Bộ (qua Vụ Kế hoạch - Tài chính, Cục Người có công) trước ngày 12/7/2019", "2019-07-12",
                  "Giám đốc Sở Lao động - Thương binh và Xã hội các tỉnh, thành phố")],
    notes=["a letter (công văn): no type line, the subject 'V/v …' is inside the number cell of the header table; "
           "type from the number's form and the 'Kính gửi:' line",
           "issuer letter-spaced by the site: 'B Ộ LAO ĐỘNG - THƯƠNG BINH V À X Ã HỘI'; the scraper's '# …' line is cut ('2020-202')",
           "lettered items written 'a/', 'b/'; 3.1 has two 'b/' (kept, both annotated as II.3.1.b); items '3.1.', '3.2.', '3.3.'",
           "the appendix 'THUYẾT MINH DỰ TOÁN NĂM 2020' after the signature restarts at 1, 2",
           "the addressees (Giám đốc Sở …) are the ones who must act; they are not leads of the sections",
           "'tiếp tục bố trí vốn để hoàn thành năm 2018' (appendix 2) describes works in a 2019 letter — a date before the letter, "
           "not a task given by it: not annotated as a deadline",
           "signature 'TL. BỘ TRƯỞNG / VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH': year unscored (a letter has no programme year)"])


# --- Chủ tịch UBND tỉnh Sơn La: QĐ 254/QĐ-UBND 2023 + KẾ HOẠCH (unit-name headings), read as a .docx ---
CA = "Công an tỉnh"
VP = "Văn phòng UBND tỉnh"
A["sonla_254_2023_qd"] = dict(
    document=doc("QUYẾT ĐỊNH", "254/QĐ-UBND", "2023-02-17", "Sơn La", UB + "Sơn La",
                 "KẾ HOẠCH THỰC HIỆN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM 2023", 2023, "Hoàng Quốc Khánh", "Chủ tịch"),
    articles=[art(1), art(2), art(3)],
    sections=[sec("I", "MỤC ĐÍCH, YÊU CẦU"), sec("I.1", ""), sec("I.2", ""), sec("I.3", ""),
              sec("II", "NỘI DUNG CÔNG TÁC")] + [sec("II.%d" % i, "") for i in range(1, 6)] + [
              sec("II.6", "Quy chế bảo vệ BMNN", [CA], [VP, "Sở Tư pháp", "các cơ quan, tổ chức có liên quan"]),
              sec("II.7", ""), sec("II.8", "Đoàn kiểm tra", [CA]),
              sec("III", "PHÂN CÔNG NHIỆM VỤ"), sec("III.1", CA, [CA]), sec("III.2", VP, [VP]),
              sec("III.3", "Sở Nội vụ", ["Sở Nội vụ"]), sec("III.4", "Sở Tư pháp", ["Sở Tư pháp"]),
              sec("III.5", "Sở Thông tin và Truyền thông", ["Sở Thông tin và Truyền thông"]),
              sec("III.6", "Sở Tài chính", ["Sở Tài chính"]),
              sec("IV", "TỔ CHỨC THỰC HIỆN"), sec("IV.1", ""), sec("IV.2", "Kinh phí"), sec("IV.3", "", [CA], [VP]), sec("IV.4", "")],
    deadlines=[dl("IV.1", "xây dựng Kế hoạch … gửi về UBND tỉnh … trước ngày 28/2/2023", "2023-02-28",
                  "Thủ trưởng các sở, ban, ngành trực thuộc UBND tỉnh; Chủ tịch UBND các huyện, thành phố"),
               dl("IV.1", "Báo cáo kết quả … trước ngày 10/11/2023", "2023-11-10",
                  "Thủ trưởng các sở, ban, ngành trực thuộc UBND tỉnh; Chủ tịch UBND các huyện, thành phố")],
    notes=["read from the .docx made with LibreOffice from the text (form docx); the copy as found is NAME.found.md",
           "the scraper's '# …' page title names another document (a Tuyên Quang youth-volunteer decision): not this one",
           "decision signed by the Chairman ('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH' as authority): issuer kept as the provincial People's Committee",
           "part III items are headed by unit names ('1. Công an tỉnh', '2. Văn phòng UBND tỉnh: …'): each is its item's lead",
           "'(Giao Công an tỉnh chủ trì, phối hợp với …)' inside item II.6 and 'Giao Công an tỉnh chủ trì …' (IV.3) name a lead; "
           "'(Giao Công an tỉnh tham mưu)' (II.8) assigns the item to one unit",
           "items II.1, II.7 and IV.1 open with the units that must act (their subjects): responsible units, not leads"])


# --- UBND TP Hà Nội: QĐ 6154/QĐ-UBND 2011 (a short decision, items inside Điều 1), read as a PDF ---
A["hanoi_6154_2011_qd"] = dict(
    document=doc("QUYẾT ĐỊNH", "6154/QĐ-UBND", "2011-12-30", "Hà Nội", "Ủy ban nhân dân thành phố Hà Nội",
                 "THỰC HIỆN CHẾ ĐỘ ĐIỀU DƯỠNG LUÂN PHIÊN ĐỐI VỚI NGƯỜI CÓ CÔNG VỚI CÁCH MẠNG TRÊN ĐỊA BÀN THÀNH PHỐ HÀ NỘI",
                 None, "Nguyễn Huy Tưởng", "Phó Chủ tịch"),
    unscored=["year"],
    articles=[art(1), art(2, ["Sở Lao động Thương binh và Xã hội"]), art(3)],
    sections=[sec("Điều 1.1", "Đối tượng"), sec("Điều 1.2", "Hình thức điều dưỡng, mức chi điều dưỡng"),
              sec("Điều 1.3", "Thời gian thực hiện"), sec("Điều 1.4", "Nguồn kinh phí")],
    notes=["read from the PDF made with LibreOffice from the text (form pdf); the copy as found is NAME.found.md",
           "'Thời gian thực hiện: Từ ngày 01/01/2012' is a start date, not a deadline; '02 năm một lần' is the rotation of the benefit",
           "'Nguồn kinh phí: Ngân sách Thành phố …' names a source without an amount: no budget line",
           "the unit is written without the hyphen: 'Sở Lao động Thương binh và Xã hội' (kept as written); year unscored (a standing rule)"])

# --- Chủ tịch UBND tỉnh Tuyên Quang: QĐ 986/QĐ-UBND 2024, a school-year calendar of dated items, read as a .docx ---
GD = "Sở Giáo dục và Đào tạo"
A["tuyenquang_986_2024_qd"] = dict(
    document=doc("QUYẾT ĐỊNH", "986/QĐ-UBND", "2024-08-13", "Tuyên Quang", UB + "Tuyên Quang",
                 "KẾ HOẠCH THỜI GIAN NĂM HỌC 2024-2025 ĐỐI VỚI GIÁO DỤC MẦM NON, GIÁO DỤC PHỔ THÔNG VÀ GIÁO DỤC THƯỜNG XUYÊN ÁP DỤNG TRÊN ĐỊA BÀN TỈNH TUYÊN QUANG",
                 None, "Hoàng Việt Phương", "Phó Chủ tịch", period=[2024, 2025]),
    articles=[art(1), art(2, [GD]), art(3)],
    sections=[sec("Điều 1.%d" % i, "") for i in range(1, 10)] + [
              sec("Điều 2.1", "", [GD]),
              sec("Điều 2.2", "", [GD], ["Chủ tịch Ủy ban nhân dân huyện, thành phố", "thủ trưởng các ngành có liên quan"])],
    deadlines=[dl("Điều 1.1", "Tựu trường các cấp học: Ngày 26/8/2024", "2024-08-26"),
               dl("Điều 1.1", "lớp 1 tựu trường ngày 19/8/2024", "2024-08-19"),
               dl("Điều 1.2", "Khai giảng năm học mới: Ngày 05/9/2024", "2024-09-05"),
               dl("Điều 1.3", "Học kỳ I … kết thúc trước ngày 18/01/2025", "2025-01-18"),
               dl("Điều 1.3", "kết thúc năm học trước ngày 31/5/2025", "2025-05-31"),
               dl("Điều 1.4", "xét công nhận tốt nghiệp trung học cơ sở trước ngày 30/6/2025", "2025-06-30"),
               dl("Điều 1.5", "Hoàn thành tuyển sinh các lớp đầu cấp trước ngày 31/7/2025", "2025-07-31")],
    notes=["read from the .docx made with LibreOffice from the text (form docx); the copy as found is NAME.found.md",
           "the scraper's '# …' page title names another document (a Bạc Liêu decision): not this one",
           "the calendar is inside Điều 1 (items 'Điều 1.1' … 'Điều 1.9'); event dates ('Ngày 26/8/2024') are the items' due dates; "
           "'Bắt đầu từ ngày 06/9/2024' is a start",
           "'Điều 2. Giao Giám đốc Sở Giáo dục và Đào tạo' heads both of its items: the Department is their lead",
           "'35 tuần thực học (học kỳ I có 18 tuần, học kỳ II có 17 tuần)' are the calendar's norms, not targets",
           "a school year 2024-2025: year null, period 2024–2025; 'Bộ trưởngBộ' glued by the site"])


# --- UBND TP Hà Nội: plan for 2 305 poor households' houses (2010), from a Vietnamese NLP corpus ---
A["hanoi_nha_2010_kh"] = dict(
    document=doc("KẾ HOẠCH", None, None, None, "Ủy ban nhân dân thành phố Hà Nội",
                 "KẾ HOẠCH HỖ TRỢ HỘ NGHÈO XÂY DỰNG, SỬA CHỮA NHÀ Ở HƯ HỎNG PHÁT SINH NGOÀI KẾ HOẠCH 77/KH-LT", 2010),
    sections=[sec("I", "tình hình nhà ở của hộ nghèo thành phố hà nội"), sec("II", "mục đích yêu cầu"),
              sec("III", "nội dung thực hiện"), sec("III.1", "Đối tượng được hỗ trợ"),
              sec("III.2", "Phương thức và nguồn kinh phí hỗ trợ"), sec("III.4", "Cấp phát kinh phí và quyết toán"),
              sec("IV", "tiến độ thực hiện"), sec("V", "tổ chức thực hiện"),
              sec("V.1", "Sở Lao động - Thương binh và Xã hội - thường trực kế hoạch", [SO_LD]),
              sec("V.2", "Sở Kế hoạch & Đầu tư và Sở Tài chính", ["Sở Kế hoạch & Đầu tư", "Sở Tài chính"]),
              sec("V.3", "UBND quận, huyện, thị xã", ["UBND quận, huyện, thị xã"]),
              sec("V.4", "Uỷ ban nhân dân xã / phường / thị trấn", ["Uỷ ban nhân dân xã / phường / thị trấn"]),
              sec("V.5", "Đề nghị UB MTTQ, các tổ chức hội")],
    targets=[tgt("II", "năm 2010 ngoài 958 nhà phải hoàn thành theo Kế hoạch 77/KH-LT", 958, "nhà", "eq", by="2010-12-31"),
             tgt("II", "hoàn thành hỗ trợ hộ nghèo xây dựng, sửa chữa 2.305 nhà ở hư hỏng", 2305, "nhà", "eq", by="2010-09-30"),
             tgt("V.3", "Phấn đấu hoàn thành chỉ tiêu hỗ trợ xây dựng, sửa chữa 2.305 nhà ở hộ nghèo", 2305, "nhà", "eq", by="2010-09-30")],
    deadlines=[dl("II", "hoàn thành … 2.305 nhà ở … trước ngày 30/9/2010", "2010-09-30"),
               dl("IV", "tổ chức nghiệm thu, thanh quyết toán trước 30/9/2010", "2010-09-30"),
               dl("V.3", "Phấn đấu hoàn thành chỉ tiêu … trước ngày 30/9/2010", "2010-09-30", "UBND quận, huyện, thị xã")],
    unscored=["number", "issued_date", "place", "signer", "signer_title"],
    notes=["from a Vietnamese NLP text-classification corpus: word-segmented (NAME.ws, as found); NAME.txt undoes the "
           "segmentation only ('_' → ' ', no space before punctuation); no header, no signature in the copy: number, date, place, "
           "signer unscored (a reading note each is what a planner should see)",
           "the issuer is named in the opening sentence ('UBND Thành phố xây dựng Kế hoạch …', 'Thành phố Hà Nội')",
           "roman headings damaged by the corpus's casing: 'Ii.', 'Iii.', 'Iv.' and lower-case titles; item numbers '1 .' with a space",
           "part III numbers 1, 2, 4 (no 3): kept as written",
           "section I is the situation: 59.835 triệu đồng, 4.090 nhà, 3.263 hộ, 958 nhà, 68 nhà … are facts, not targets",
           "'15 triệu đồng / hộ' is a support rate per household and '8 triệu đồng / hộ, lãi suất 3 % / năm, 10 năm' the loan terms: "
           "neither a budget line nor a target",
           "V.5 asks the Front and associations to coordinate ('Đề nghị … phối hợp'): no lead"])


# --- Chủ tịch UBND tỉnh Hà Giang: QĐ 378/QĐ-UBND 2022, a list of procedures (no programme at all) ---
A["hagiang_378_2022_qd"] = dict(
    document=doc("QUYẾT ĐỊNH", "378/QĐ-UBND", "2022-03-18", "Hà Giang", UB + "Hà Giang",
                 "CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH, ĐƯỢC SỬA ĐỔI, BỔ SUNG LĨNH VỰC LƯU THÔNG HÀNG HÓA TRONG NƯỚC CỦA NGÀNH CÔNG THƯƠNG ÁP DỤNG TRÊN ĐỊA BÀN TỈNH HÀ GIANG",
                 None, "Nguyễn Văn Sơn", "Chủ tịch"),
    unscored=["year"],
    articles=[art(1), art(2)],
    notes=["not a work programme: the annex lists administrative procedures in Markdown tables (STT | Mã TTHC | Tên …); "
           "nothing in it is a task, target, deadline or budget — whatever the parser reads there counts against its precision",
           "the scraper's '# …' page title names another document (a Yên Bái decision)",
           "the dates in the table cells are dates of the decrees cited, not deadlines; year unscored"])


# --- UBND tỉnh Long An: Chỉ thị on the 2011-2015 plan (about 26 targets), from a Vietnamese NLP corpus ---
B15 = "2015-12-31"
LA = "A.II.2.a"
A["longan_ct_2009"] = dict(
    document=doc("CHỈ THỊ", None, None, None, UB + "Long An",
                 "XÂY DỰNG KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI 5 NĂM 2011 - 2015", None, period=[2011, 2015]),
    unscored=["number", "issued_date", "place", "signer", "signer_title"],
    sections=[sec("A", "Những nội dung chủ yếu của kế hoạch phát triển kinh tế - xã hội 5 năm 2011-2015"),
              sec("A.I", "Về đánh giá tình hình thực hiện kế hoạch phát triển kinh tế xã hội 5 năm 2006-2010")] +
             [sec("A.I.%d" % i, "") for i in range(1, 8)] +
             [sec("A.II", "về nội dung kế hoạch phát triển kinh tế xã hội 5 năm 2011-2015"),
              sec("A.II.1", "Mục tiêu của kế hoạch phát triển kinh tế - xã hội 5 năm 2011-2015"),
              sec("A.II.2", "Định hướng phát triển và các nhiệm vụ chủ yếu")] +
             [sec("A.II.2." + x, "") for x in ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r"]] +
             [sec("B", "Yêu cầu trong xây dựng kế hoạch phát triển kinh tế - xã hội 5 năm 2011-2015"),
              sec("B.I", "Về tổ chức, đánh giá tình hình thực hiện kế hoạch 5 năm 2006-2010"),
              sec("B.II", "về xây dựng mục tiêu, nhiệm vụ kế hoạch 5 năm 2011-2015"),
              sec("C", "Phân công và tiến độ xây dựng kế hoạch phát triển kinh tế - xã hội 5 năm 2011-2015"),
              sec("C.I", "Phân công trách nhiệm xây dựng kế hoạch"),
              sec("C.I.1", "Sở Kế hoạch và Đầu tư chủ trì", ["Sở Kế hoạch và Đầu tư"], ["các sở, ngành và địa phương"]),
              sec("C.I.2", "Sở Tài chính", ["Sở Tài chính"]),
              sec("C.I.3", "Cục Thống kê", ["Cục Thống kê"]),
              sec("C.I.4", "Các sở, ngành tỉnh, Uỷ ban nhân dân các huyện, thành phố Tân An",
                  ["Các sở, ngành tỉnh", "Uỷ ban nhân dân các huyện, thành phố Tân An"], ["Sở Kế hoạch và Đầu tư"]),
              sec("C.II", "tiến độ xây dựng kế hoạch phát triển kinh tế xã hội 5 năm 2011-2015")],
    targets=[tgt(LA, "GDP bình quân 5 năm 2011-2015 đạt 13-13,5 % / năm", 13, "%", "range", 13, 13.5, by=B15),
             tgt(LA, "GDP bình quân đầu người năm 2015 là 41 triệu đồng / người / năm", 41e6, "đồng/người/năm", "eq", by=B15),
             tgt(LA, "sản lượng lương thực bình quân 2,1 triệu tấn / năm", 2.1e6, "tấn/năm", "eq", by=B15),
             tgt(LA, "kim ngạch xuất khẩu gấp 2 lần năm 2010", 2, "lần", "eq", by=B15),
             tgt(LA, "tỷ lệ huy động GDP vào ngân sách: 10-10,5 %", 10, "%", "range", 10, 10.5, by=B15),
             tgt(LA, "tổng mức đầu tư toàn xã hội đạt 46 % GDP", 46, "%", "eq", by=B15),
             tgt(LA, "tỷ lệ hộ nghèo dưới 3 %", 3, "%", "max", by=B15),
             tgt(LA, "50 % trường đạt chuẩn quốc gia", 50, "%", "eq", by=B15),
             tgt(LA, "tỷ lệ lao động qua đào tạo năm 2015 đạt 60 %", 60, "%", "eq", by=B15),
             tgt(LA, "trong đó đào tạo nghề đạt 40 %", 40, "%", "eq", by=B15),
             tgt(LA, "tỷ lệ tăng dân số tự nhiên dưới 12 ‰", 12, "‰", "max", by=B15),
             tgt(LA, "100 % trạm y tế có bác sĩ", 100, "%", "eq", by=B15),
             tgt(LA, "trên 95 % xã đạt chuẩn quốc gia về y tế", 95, "%", "min", by=B15),
             tgt(LA, "tỷ lệ người có bảo hiểm y tế đạt 90 %", 90, "%", "eq", by=B15),
             tgt(LA, "tỷ lệ suy dinh dưỡng trẻ em dưới 5 tuổi còn dưới 16 %", 16, "%", "max", by=B15),
             tgt(LA, "60-70 % ấp, khu phố văn hoá", 60, "%", "range", 60, 70, by=B15),
             tgt(LA, "diện tích nhà ở đô thị bình quân đầu người 15m2", 15, "m2", "eq", by=B15),
             tgt(LA, "dân số nông thôn sử dụng nước hợp vệ sinh đạt 90 %", 90, "%", "eq", by=B15),
             tgt(LA, "dân số đô thị sử dụng nước sạch đạt 90 %", 90, "%", "eq", by=B15),
             tgt(LA, "cơ sở gây ô nhiễm môi trường nghiêm trọng được xử lý trên 80 %", 80, "%", "min", by=B15),
             tgt(LA, "thu gom chất thải rắn đô thị 90 %", 90, "%", "eq", by=B15),
             tgt(LA, "xử lý chất thải nguy hại 85 %", 85, "%", "eq", by=B15),
             tgt(LA, "chất thải rắn y tế được xử lý trên 90 %", 90, "%", "min", by=B15),
             tgt(LA, "khu, cụm công nghiệp … có hệ thống xử lý nước thải tập trung đạt 100 %", 100, "%", "eq", by=B15),
             tgt(LA, "độ che phủ rừng đạt 20 %", 20, "%", "eq", by=B15),
             tgt("A.II.2.n", "đến năm 2015 xây dựng Nhà thiếu nhi tỉnh và 14 huyện, thành phố", 14, "huyện", "eq", by=B15)],
    deadlines=[dl("A.II.2.l", "hoàn thành các công trình văn hoá cấp xã, phường, thị trấn vào năm 2015", B15),
               dl("C.II", "tổ chức hướng dẫn xây dựng kế hoạch … vào tháng 3/2010", "2010-03-31", "Sở Kế hoạch và Đầu tư"),
               dl("C.II", "gửi dự thảo báo cáo … trước ngày 30/3/2010", "2010-03-30", "thủ trưởng các sở, ngành, các địa phương"),
               dl("C.II", "trình Uỷ ban nhân dân tỉnh trong quí 2 năm 2010", "2010-06-30", "Sở Kế hoạch và Đầu tư")],
    notes=["from a Vietnamese NLP corpus (word-segmented NAME.ws; NAME.txt undoes the segmentation only); no header, "
           "no signature: number, date, place, signer unscored; the issuer is the province named in the text "
           "('Uỷ ban nhân dân tỉnh yêu cầu …', 'tỉnh Long An')",
           "every marker stands alone on its line ('A .', 'I .', '1 .') with the heading on the next line; "
           "roman numerals case-damaged ('Ii.'); parts A, B, C each restart roman numbering",
           "item a) of A.II.2 packs 25 targets of the five-year plan into one sentence list: ranges ('13-13,5 % / năm', "
           "'10-10,5 %', '60-70 %'), per-capita money ('41 triệu đồng / người / năm'), ‰, m2, 'gấp 2 lần'; "
           "all due with the plan (end 2015)",
           "'dưới 5 tuổi' is an age bound, not a target; '2006-2010' spans in part A.I are the past plan's period"])


# --- Thủ tướng Chính phủ: QĐ 62/2011/QĐ-TTg, a standing rule whose Điều 9 assigns the ministries ---
A["ttg_62_2011_qd"] = dict(
    document=doc("QUYẾT ĐỊNH", "62/2011/QĐ-TTg", "2011-11-09", "Hà Nội", "Thủ tướng Chính phủ",
                 "CHẾ ĐỘ, CHÍNH SÁCH ĐỐI VỚI ĐỐI TƯỢNG THAM GIA CHIẾN TRANH BẢO VỆ TỔ QUỐC, LÀM NHIỆM VỤ QUỐC TẾ Ở CĂM-PU-CHI-A, GIÚP BẠN LÀO SAU NGÀY 30 THÁNG 4 NĂM 1975 ĐÃ PHỤC VIÊN, XUẤT NGŨ, THÔI VIỆC",
                 None, "Nguyễn Tấn Dũng", "Thủ tướng"),
    unscored=["year"],
    articles=[art(i) for i in range(1, 11)],
    sections=[sec("Điều 9.1", "Bộ Quốc phòng", ["Bộ Quốc phòng"]), sec("Điều 9.2", "Bộ Công an", ["Bộ Công an"]),
              sec("Điều 9.3", LD, [LD]), sec("Điều 9.4", "Ủy ban nhân dân cấp tỉnh", ["Ủy ban nhân dân cấp tỉnh"]),
              sec("Điều 9.5", "Bộ Tài chính", ["Bộ Tài chính"]), sec("Điều 9.6", ""), sec("Điều 9.7", "")],
    notes=["a standing rule (chế độ, chính sách): Điều 1–8 define beneficiaries, periods and amounts; only Điều 9 "
           "(Trách nhiệm thi hành) assigns work, one item per unit ('1. Bộ Quốc phòng có trách nhiệm: a) Chủ trì …')",
           "'925.000 đồng/tháng', '2.500.000 đồng', '800.000 đồng', '3.600.000 đồng', '5%' are benefit amounts and rules: "
           "no targets, no budget lines; the war periods ('từ tháng 5 năm 1975 đến ngày 07 tháng 01 năm 1979') are not deadlines",
           "'có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2012' is entry into force; 'QUYẾT ĐỊNH' without its colon"])


write(CORPUS, A, lambda n: "corpus/%s.txt (or the copy as found beside it)" % n)
