/*
 * demo.c - a realistic OCOP showroom catalogue for `ocop-pos demo`
 * (see demo.h).
 *
 * The catalogue is built from two hand-written tables: producers (real
 * kinds of OCOP subjects, each in the province of its products) and
 * product lines (a local speciality of a place, with its OCOP product
 * set, VAT rate, shelf life and one to three sizes with a price).  Every
 * name is a plausible Vietnamese product name with its diacritics.
 *
 * What the seed decides, through our own splitmix64 generator (never
 * rand() or the clock): the order of the lines, prices (+/- 8 %),
 * stars, certificate numbers and dates, tax codes, phone numbers, which
 * producers are GS1 members and their GS1 company numbers.  Every line
 * and every producer draws from its own stream derived from the seed and
 * its index, so what one line gets does not depend on the others.
 *
 * Products are emitted in tiers: first size of every line (in the seeded
 * order), then the second sizes, then the third; beyond the table, gift
 * packs and combos of the same goods.  So any count of at least the
 * number of lines covers every line, hence every province in the table
 * and all six OCOP groups.
 *
 * Certificates are dated from clock_now(): lines at fixed positions of
 * the order get a certificate expiring within 60 days, a couple have
 * lapsed, and a few are recorded as star upgrades (saved once with the
 * lower rating and the old certificate, then with the new one), so the
 * rating history shows an upgrade.
 */
#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barcode.h"
#include "catalog.h"
#include "clock.h"
#include "db.h"
#include "demo_sales.h"
#include "demo_stock.h"
#include "showroom.h"
#include "money.h"
#include "producer.h"
#include "refdata.h"
#include "user.h"

/* ---- producers ---------------------------------------------------- */

enum {
	P_MEOVAC, P_HOANGSUPHI, P_DONGVAN, P_PAVI, P_HAMYEN,
	P_TRUNGKHANH, P_HAQUANG,
	P_MUONGANG, P_THANHXUONG,
	P_TAMDUONG,
	P_MOCCHAU, P_TAXUA,
	P_SUOIGIANG, P_BANPHO, P_TAVAN, P_VANYEN, P_DAODO,
	P_TANCUONG, P_NARI,
	P_VANQUAN, P_MAUSON, P_CHILANG,
	P_BACHE, P_HALONG, P_BINHLIEU, P_VANDON,
	P_LUCNGAN, P_KE, P_DONGHO,
	P_MAICHAU, P_BANLAC, P_DOANHUNG, P_LONGCOC, P_KIMBOI, P_CAOPHONG,
	P_PHUVINH, P_BATTRANG, P_VANPHUC, P_BAVI, P_DUONGLAM,
	P_CATHAI, P_NINHGIANG, P_THANHHA, P_BANHDAU,
	P_HUNGYEN, P_KHOAICHAU,
	P_COMCHAY, P_KIMSONCOI, P_KIMSONRUOU,
	P_NEMCHUA, P_PHUQUANG,
	P_NAMDAN, P_HANHLAM, P_CAMVINH, P_NHUT,
	P_CUDO, P_PHUCTRACH,
	P_KHESANH, P_CAMLO, P_KHOAIDEO,
	P_DAUTRAM, P_VYDA, P_PHUCAM, P_TOMCHUA,
	P_NGOCLINH, P_CAMTHANH, P_CHABO, P_NAMO,
	P_LYSON, P_TRABONG, P_THIPHO,
	P_CHUSE, P_BAUDA, P_TAMQUAN,
	P_YENSAO, P_THAIAN,
	P_EATU, P_KRONGANA, P_HOADA, P_AKODHONG,
	P_ATISO, P_HOALAN, P_LINHCHI, P_PHANTHIET, P_HAMTHUAN, P_MUTDALAT,
	P_DIEU, P_TANTRIEU,
	P_CACANH,
	P_TRANGBANG, P_MUOITOM,
	P_SADEC, P_THAPMUOI, P_HOALOC, P_LAIVUNG,
	P_MOCAY, P_KEODUA, P_CHOLACH, P_DAUDUA,
	P_DUONGDONG, P_TIEUPQ, P_SIMPQ, P_TRITON, P_CHAUDOC,
	P_MYXUYEN, P_VUNGTHOM, P_CONSON,
	P_UMINH, P_RACHGOC, P_BACLIEU,
	P_COUNT
};

#define COOP PRODUCER_COOPERATIVE
#define GROUP PRODUCER_COOP_GROUP
#define ENT PRODUCER_ENTERPRISE
#define HH PRODUCER_HOUSEHOLD

struct pdef {
	const char *code;
	const char *name;
	enum producer_kind kind;
	const char *province;   /* 2025 code */
	const char *commune;
	const char *contact;
	unsigned char women_led;
	unsigned char ethnic;   /* ethnic-minority-led */
};

static const struct pdef producers[P_COUNT] = {
	[P_MEOVAC] = { "HTX-MEOVAC", "HTX Mật ong bạc hà Mèo Vạc", COOP, "08", "xã Mèo Vạc", "Giàng Thị Mỷ", 1, 1 },
	[P_HOANGSUPHI] = { "HTX-HOANGSUPHI", "HTX Chè Shan tuyết Hoàng Su Phì", COOP, "08", "xã Hoàng Su Phì", "Lý Văn Chỉn", 0, 1 },
	[P_DONGVAN] = { "HKD-THAOTHIDINH", "Hộ kinh doanh Thào Thị Dính", HH, "08", "xã Đồng Văn", "Thào Thị Dính", 1, 1 },
	[P_PAVI] = { "THT-PAVI", "Tổ hợp tác du lịch cộng đồng Pả Vi", GROUP, "08", "xã Mèo Vạc", "Vàng Mí Lử", 0, 1 },
	[P_HAMYEN] = { "HTX-HAMYEN", "HTX Cam sành Hàm Yên", COOP, "08", "xã Hàm Yên", "Nguyễn Văn Thành", 0, 0 },
	[P_TRUNGKHANH] = { "HTX-TRUNGKHANH", "HTX Hạt dẻ Trùng Khánh", COOP, "04", "xã Trùng Khánh", "Nông Văn Dũng", 0, 1 },
	[P_HAQUANG] = { "HKD-BETHITHU", "Hộ kinh doanh Bế Thị Thu", HH, "04", "xã Hà Quảng", "Bế Thị Thu", 1, 1 },
	[P_MUONGANG] = { "HTX-MUONGANG", "HTX Cà phê Mường Ảng", COOP, "11", "xã Mường Ảng", "Lò Văn Hùng", 0, 1 },
	[P_THANHXUONG] = { "HTX-THANHXUONG", "HTX Nông nghiệp Thanh Xương", COOP, "11", "xã Thanh Xương", "Quàng Văn Minh", 0, 1 },
	[P_TAMDUONG] = { "HTX-TAMDUONG", "HTX Dược liệu Tam Đường", COOP, "12", "xã Tam Đường", "Tẩn Láo Lở", 0, 1 },
	[P_MOCCHAU] = { "HTX-MOCCHAU", "HTX Nông sản Mộc Châu", COOP, "14", "phường Mộc Châu", "Hà Thị Xuân", 1, 1 },
	[P_TAXUA] = { "CTY-TAXUA", "Công ty TNHH Trà Shan tuyết Tà Xùa", ENT, "14", "xã Tà Xùa", "Mùa A Chư", 0, 1 },
	[P_SUOIGIANG] = { "HTX-SUOIGIANG", "HTX Chè Shan tuyết Suối Giàng", COOP, "15", "xã Suối Giàng", "Sùng A Lử", 0, 1 },
	[P_BANPHO] = { "HKD-BANPHO", "Cơ sở sản xuất rượu ngô Bản Phố", HH, "15", "xã Bắc Hà", "Lù Thị Dín", 1, 1 },
	[P_TAVAN] = { "THT-TAVAN", "Tổ hợp tác thổ cẩm Tả Van", GROUP, "15", "xã Tả Van", "Giàng Thị Sa", 1, 1 },
	[P_VANYEN] = { "CTY-VANYEN", "Công ty TNHH Quế hồi Văn Yên", ENT, "15", "xã Mậu A", "Trần Văn Lộc", 0, 0 },
	[P_DAODO] = { "HTX-DAODO", "HTX Thảo dược Dao đỏ Sa Pa", COOP, "15", "phường Sa Pa", "Tẩn Thị Mẩy", 1, 1 },
	[P_TANCUONG] = { "HTX-TANCUONG", "HTX Chè Tân Cương", COOP, "19", "xã Tân Cương", "Nguyễn Thị Hường", 1, 0 },
	[P_NARI] = { "HTX-NARI", "HTX Nông sản Na Rì", COOP, "19", "xã Na Rì", "Hoàng Thị Loan", 1, 1 },
	[P_VANQUAN] = { "HTX-VANQUAN", "HTX Hồi Văn Quan", COOP, "20", "xã Văn Quan", "Hoàng Thị Nhung", 1, 1 },
	[P_MAUSON] = { "CTY-MAUSON", "Công ty TNHH Rượu Mẫu Sơn", ENT, "20", "xã Mẫu Sơn", "Lương Văn Thắng", 0, 1 },
	[P_CHILANG] = { "HTX-CHILANG", "HTX Na Chi Lăng", COOP, "20", "xã Chi Lăng", "Vi Văn Hòa", 0, 1 },
	[P_BACHE] = { "HTX-BACHE", "HTX Trà hoa vàng Ba Chẽ", COOP, "22", "xã Ba Chẽ", "Đặng Văn Sinh", 0, 1 },
	[P_HALONG] = { "CTY-HALONG", "Công ty TNHH Thủy sản Hạ Long", ENT, "22", "phường Hạ Long", "Phạm Thị Lan", 1, 0 },
	[P_BINHLIEU] = { "HTX-BINHLIEU", "HTX Miến dong Bình Liêu", COOP, "22", "xã Bình Liêu", "Lục Thị Tâm", 1, 1 },
	[P_VANDON] = { "HKD-PHAMVANTOAN", "Hộ kinh doanh Phạm Văn Toản", HH, "22", "đặc khu Vân Đồn", "Phạm Văn Toản", 0, 0 },
	[P_LUCNGAN] = { "HTX-LUCNGAN", "HTX Vải thiều Lục Ngạn", COOP, "24", "xã Lục Ngạn", "Nguyễn Văn Hải", 0, 0 },
	[P_KE] = { "HKD-BANHDAKE", "Cơ sở sản xuất bánh đa Kế", HH, "24", "phường Bắc Giang", "Trần Thị Lan", 1, 0 },
	[P_DONGHO] = { "THT-DONGHO", "Tổ hợp tác tranh dân gian Đông Hồ", GROUP, "24", "xã Song Hồ", "Nguyễn Văn Tám", 0, 0 },
	[P_MAICHAU] = { "HTX-MAICHAU", "HTX Dệt thổ cẩm Mai Châu", COOP, "25", "xã Mai Châu", "Hà Thị Phương", 1, 1 },
	[P_BANLAC] = { "THT-BANLAC", "Tổ hợp tác du lịch cộng đồng bản Lác", GROUP, "25", "xã Mai Châu", "Lò Văn Thanh", 0, 1 },
	[P_DOANHUNG] = { "HTX-DOANHUNG", "HTX Bưởi Đoan Hùng", COOP, "25", "xã Đoan Hùng", "Nguyễn Văn Bình", 0, 0 },
	[P_LONGCOC] = { "HTX-LONGCOC", "HTX Chè Long Cốc", COOP, "25", "xã Long Cốc", "Đinh Thị Nga", 1, 1 },
	[P_KIMBOI] = { "CTY-KIMBOI", "Công ty TNHH Nước khoáng Kim Bôi", ENT, "25", "xã Kim Bôi", "Bùi Văn Tuấn", 0, 0 },
	[P_CAOPHONG] = { "HTX-CAOPHONG", "HTX Cam Cao Phong", COOP, "25", "xã Cao Phong", "Bùi Thị Hạnh", 1, 1 },
	[P_PHUVINH] = { "HTX-PHUVINH", "HTX Mây tre đan Phú Vinh", COOP, "01", "xã Phú Nghĩa", "Nguyễn Văn Hùng", 0, 0 },
	[P_BATTRANG] = { "CTY-BATTRANG", "Công ty TNHH Gốm sứ Bát Tràng", ENT, "01", "xã Bát Tràng", "Lê Văn Minh", 0, 0 },
	[P_VANPHUC] = { "HKD-NGUYENTHITHUHA", "Hộ kinh doanh Nguyễn Thị Thu Hà", HH, "01", "phường Hà Đông", "Nguyễn Thị Thu Hà", 1, 0 },
	[P_BAVI] = { "HTX-BAVI", "HTX Bò sữa Ba Vì", COOP, "01", "xã Ba Vì", "Kiều Văn Sơn", 0, 0 },
	[P_DUONGLAM] = { "HTX-DUONGLAM", "HTX Du lịch làng cổ Đường Lâm", COOP, "01", "phường Sơn Tây", "Hà Văn Phú", 0, 0 },
	[P_CATHAI] = { "CTY-CATHAI", "Công ty TNHH Nước mắm Cát Hải", ENT, "31", "đặc khu Cát Hải", "Vũ Văn Long", 0, 0 },
	[P_NINHGIANG] = { "HKD-PHAMTHIHOA", "Hộ kinh doanh Phạm Thị Hoa", HH, "31", "xã Ninh Giang", "Phạm Thị Hoa", 1, 0 },
	[P_THANHHA] = { "HTX-THANHHA", "HTX Vải thiều Thanh Hà", COOP, "31", "xã Thanh Hà", "Nguyễn Văn Đức", 0, 0 },
	[P_BANHDAU] = { "CTY-BANHDAUXANH", "Công ty TNHH Bánh đậu xanh Hải Dương", ENT, "31", "phường Hải Dương", "Trần Thị Mai", 1, 0 },
	[P_HUNGYEN] = { "HTX-HUNGYEN", "HTX Nhãn lồng Hưng Yên", COOP, "33", "phường Phố Hiến", "Đào Văn Chiến", 0, 0 },
	[P_KHOAICHAU] = { "HKD-KHOAICHAU", "Cơ sở sản xuất tinh bột nghệ Khoái Châu", HH, "33", "xã Khoái Châu", "Lê Thị Nhài", 1, 0 },
	[P_COMCHAY] = { "CTY-COMCHAY", "Công ty TNHH Cơm cháy Hoa Lư", ENT, "37", "phường Hoa Lư", "Đinh Văn Tài", 0, 0 },
	[P_KIMSONCOI] = { "HTX-KIMSON", "HTX Cói Kim Sơn", COOP, "37", "xã Kim Sơn", "Phạm Thị Huệ", 1, 0 },
	[P_KIMSONRUOU] = { "HKD-TRANVANLUC", "Hộ kinh doanh Trần Văn Lực", HH, "37", "xã Kim Sơn", "Trần Văn Lực", 0, 0 },
	[P_NEMCHUA] = { "CTY-NEMTHANHHOA", "Công ty TNHH Nem chua Thanh Hóa", ENT, "38", "phường Hạc Thành", "Lê Thị Hương", 1, 0 },
	[P_PHUQUANG] = { "HKD-LEVANQUANG", "Hộ kinh doanh Lê Văn Quang", HH, "38", "xã Vĩnh Lộc", "Lê Văn Quang", 0, 0 },
	[P_NAMDAN] = { "HTX-NAMDAN", "HTX Tương Nam Đàn", COOP, "40", "xã Nam Đàn", "Nguyễn Thị Hằng", 1, 0 },
	[P_HANHLAM] = { "HTX-HANHLAM", "HTX Chè Hạnh Lâm", COOP, "40", "xã Hạnh Lâm", "Nguyễn Văn Hợi", 0, 0 },
	[P_CAMVINH] = { "HTX-CAMVINH", "HTX Cam Vinh Nghi Lộc", COOP, "40", "xã Nghi Lộc", "Hồ Văn Sáu", 0, 0 },
	[P_NHUT] = { "HKD-TRANTHINHUNG", "Hộ kinh doanh Trần Thị Nhung", HH, "40", "xã Thanh Chương", "Trần Thị Nhung", 1, 0 },
	[P_CUDO] = { "HKD-CUDO", "Cơ sở sản xuất kẹo cu đơ Thành Sen", HH, "42", "phường Thành Sen", "Võ Thị Tâm", 1, 0 },
	[P_PHUCTRACH] = { "HTX-PHUCTRACH", "HTX Bưởi Phúc Trạch", COOP, "42", "xã Phúc Trạch", "Phan Văn Hòa", 0, 0 },
	[P_KHESANH] = { "HTX-KHESANH", "HTX Cà phê Khe Sanh", COOP, "44", "xã Khe Sanh", "Hồ Văn Lâm", 0, 1 },
	[P_CAMLO] = { "THT-CAMLO", "Tổ hợp tác tinh dầu Cam Lộ", GROUP, "44", "xã Cam Lộ", "Lê Thị Thảo", 1, 0 },
	[P_KHOAIDEO] = { "HKD-DANGTHIHIEN", "Hộ kinh doanh Đặng Thị Hiền", HH, "44", "xã Bố Trạch", "Đặng Thị Hiền", 1, 0 },
	[P_DAUTRAM] = { "CTY-DAUTRAM", "Công ty TNHH Dầu tràm Phong Điền", ENT, "46", "phường Phong Điền", "Trần Văn Phước", 0, 0 },
	[P_VYDA] = { "HKD-VYDA", "Cơ sở sản xuất mè xửng Vỹ Dạ", HH, "46", "phường Vỹ Dạ", "Tôn Nữ Thị Hà", 1, 0 },
	[P_PHUCAM] = { "THT-NONPHUCAM", "Tổ hợp tác nón lá Phú Cam", GROUP, "46", "phường Phú Xuân", "Nguyễn Thị Lài", 1, 0 },
	[P_TOMCHUA] = { "HKD-HOANGTHILY", "Hộ kinh doanh Hoàng Thị Lý", HH, "46", "phường Thuận Hóa", "Hoàng Thị Lý", 1, 0 },
	[P_NGOCLINH] = { "HTX-NGOCLINH", "HTX Sâm Ngọc Linh Trà Linh", COOP, "48", "xã Trà Linh", "Hồ Văn Nam", 0, 1 },
	[P_CAMTHANH] = { "HTX-CAMTHANH", "HTX Du lịch sinh thái Cẩm Thanh", COOP, "48", "phường Hội An", "Huỳnh Văn Tư", 0, 0 },
	[P_CHABO] = { "HKD-LETHIHUONG", "Hộ kinh doanh Lê Thị Hường", HH, "48", "phường Hải Châu", "Lê Thị Hường", 1, 0 },
	[P_NAMO] = { "HTX-NAMO", "HTX Nước mắm Nam Ô", COOP, "48", "phường Hải Vân", "Trần Văn Cang", 0, 0 },
	[P_LYSON] = { "HTX-LYSON", "HTX Tỏi Lý Sơn", COOP, "51", "đặc khu Lý Sơn", "Võ Văn Thịnh", 0, 0 },
	[P_TRABONG] = { "HTX-TRABONG", "HTX Quế Trà Bồng", COOP, "51", "xã Trà Bồng", "Đinh Văn Lâm", 0, 1 },
	[P_THIPHO] = { "HKD-NGUYENTHIBE", "Hộ kinh doanh Nguyễn Thị Bé", HH, "51", "xã Mộ Đức", "Nguyễn Thị Bé", 1, 0 },
	[P_CHUSE] = { "CTY-CHUSE", "Công ty TNHH Hồ tiêu Chư Sê", ENT, "52", "xã Chư Sê", "Nguyễn Văn Tiến", 0, 0 },
	[P_BAUDA] = { "HKD-BAUDA", "Cơ sở sản xuất rượu Bầu Đá Cù Lâm", HH, "52", "xã Nhơn Lộc", "Võ Văn Hiếu", 0, 0 },
	[P_TAMQUAN] = { "THT-TAMQUAN", "Tổ hợp tác bánh tráng Tam Quan", GROUP, "52", "phường Tam Quan", "Lê Thị Kim", 1, 0 },
	[P_YENSAO] = { "CTY-YENSAO", "Công ty TNHH Yến sào Cam Ranh", ENT, "56", "phường Cam Ranh", "Phạm Văn Khánh", 0, 0 },
	[P_THAIAN] = { "HTX-THAIAN", "HTX Nho Thái An", COOP, "56", "xã Vĩnh Hải", "Đàng Thị Mỹ Hạnh", 1, 1 },
	[P_EATU] = { "HTX-EATU", "HTX Cà phê Ea Tu", COOP, "66", "phường Buôn Ma Thuột", "H'Lan Niê", 1, 1 },
	[P_KRONGANA] = { "CTY-KRONGANA", "Công ty TNHH Ca cao Krông Ana", ENT, "66", "xã Krông Ana", "Trần Văn Hậu", 0, 0 },
	[P_HOADA] = { "HKD-NGUYENTHISEN", "Hộ kinh doanh Nguyễn Thị Sen", HH, "66", "xã Hòa Đa", "Nguyễn Thị Sen", 1, 0 },
	[P_AKODHONG] = { "THT-AKODHONG", "Tổ hợp tác du lịch cộng đồng buôn Akô Dhông", GROUP, "66", "phường Buôn Ma Thuột", "Y Kông Niê", 0, 1 },
	[P_ATISO] = { "CTY-ATISO", "Công ty TNHH Atiso Đà Lạt", ENT, "68", "phường Lâm Viên - Đà Lạt", "Võ Thị Ngọc", 1, 0 },
	[P_HOALAN] = { "HTX-HOALAN", "HTX Hoa lan Đà Lạt", COOP, "68", "phường Xuân Hương - Đà Lạt", "Đặng Văn Khoa", 0, 0 },
	[P_LINHCHI] = { "HKD-LINHCHI", "Cơ sở nấm linh chi Lạc Dương", HH, "68", "xã Lạc Dương", "Kơ Să Ha Thúy", 1, 1 },
	[P_PHANTHIET] = { "CTY-PHANTHIET", "Công ty TNHH Nước mắm Phan Thiết", ENT, "68", "phường Phan Thiết", "Huỳnh Văn Lợi", 0, 0 },
	[P_HAMTHUAN] = { "HTX-HAMTHUAN", "HTX Thanh long Hàm Thuận", COOP, "68", "xã Hàm Thuận", "Nguyễn Văn Tánh", 0, 0 },
	[P_MUTDALAT] = { "HKD-TRANTHIHONG", "Hộ kinh doanh Trần Thị Hồng", HH, "68", "phường Cam Ly - Đà Lạt", "Trần Thị Hồng", 1, 0 },
	[P_DIEU] = { "CTY-DIEUBINHPHUOC", "Công ty TNHH Chế biến điều Bình Phước", ENT, "75", "phường Đồng Xoài", "Phan Thị Thu", 1, 0 },
	[P_TANTRIEU] = { "HTX-TANTRIEU", "HTX Bưởi Tân Triều", COOP, "75", "xã Tân Triều", "Lê Văn Năm", 0, 0 },
	[P_CACANH] = { "THT-CACANH", "Tổ hợp tác cá cảnh Bình Chánh", GROUP, "79", "xã Bình Chánh", "Trương Văn Phát", 0, 0 },
	[P_TRANGBANG] = { "HKD-VOTHIBA", "Hộ kinh doanh Võ Thị Ba", HH, "80", "phường Trảng Bàng", "Võ Thị Ba", 1, 0 },
	[P_MUOITOM] = { "CTY-MUOITOM", "Công ty TNHH Muối tôm Tây Ninh", ENT, "80", "phường Tân Ninh", "Nguyễn Thị Út", 1, 0 },
	[P_SADEC] = { "HTX-SADEC", "HTX Hoa kiểng Sa Đéc", COOP, "82", "phường Sa Đéc", "Phạm Văn Lành", 0, 0 },
	[P_THAPMUOI] = { "HTX-THAPMUOI", "HTX Sen Tháp Mười", COOP, "82", "xã Tháp Mười", "Nguyễn Thị Kiều", 1, 0 },
	[P_HOALOC] = { "HTX-HOALOC", "HTX Xoài cát Hòa Lộc", COOP, "82", "xã Hòa Lộc", "Lê Văn Bảy", 0, 0 },
	[P_LAIVUNG] = { "HKD-HUYNHTHIMAI", "Hộ kinh doanh Huỳnh Thị Mai", HH, "82", "xã Lai Vung", "Huỳnh Thị Mai", 1, 0 },
	[P_MOCAY] = { "HTX-MOCAY", "HTX Bưởi da xanh Mỏ Cày", COOP, "86", "xã Mỏ Cày", "Nguyễn Văn Út", 0, 0 },
	[P_KEODUA] = { "HKD-KEODUA", "Cơ sở sản xuất kẹo dừa Mỏ Cày", HH, "86", "xã Mỏ Cày", "Trần Thị Bích", 1, 0 },
	[P_CHOLACH] = { "HTX-CHOLACH", "HTX Cây giống Chợ Lách", COOP, "86", "xã Chợ Lách", "Võ Văn Sang", 0, 0 },
	[P_DAUDUA] = { "THT-DAUDUA", "Tổ hợp tác dầu dừa Càng Long", GROUP, "86", "xã Càng Long", "Thạch Thị Sô Phia", 1, 1 },
	[P_DUONGDONG] = { "CTY-DUONGDONG", "Công ty TNHH Nước mắm Dương Đông", ENT, "91", "đặc khu Phú Quốc", "Huỳnh Văn Quốc", 0, 0 },
	[P_TIEUPQ] = { "HTX-TIEUPHUQUOC", "HTX Hồ tiêu Phú Quốc", COOP, "91", "đặc khu Phú Quốc", "Lâm Văn Hiền", 0, 0 },
	[P_SIMPQ] = { "HKD-TRANVANHUNG", "Hộ kinh doanh Trần Văn Hưng", HH, "91", "đặc khu Phú Quốc", "Trần Văn Hưng", 0, 0 },
	[P_TRITON] = { "HTX-TRITON", "HTX Đường thốt nốt Tri Tôn", COOP, "91", "xã Tri Tôn", "Néang Sóc Phi", 1, 1 },
	[P_CHAUDOC] = { "CTY-MAMCHAUDOC", "Công ty TNHH Mắm Châu Đốc", ENT, "91", "phường Châu Đốc", "Lê Thị Bảy", 1, 0 },
	[P_MYXUYEN] = { "HTX-MYXUYEN", "HTX Lúa gạo Mỹ Xuyên", COOP, "92", "xã Mỹ Xuyên", "Trần Văn Đạt", 0, 0 },
	[P_VUNGTHOM] = { "HKD-VUNGTHOM", "Cơ sở sản xuất bánh pía Vũng Thơm", HH, "92", "phường Phú Lợi", "Lâm Thị Hương", 1, 1 },
	[P_CONSON] = { "HTX-CONSON", "HTX Du lịch Cồn Sơn", COOP, "92", "phường Bình Thủy", "Nguyễn Văn Nhứt", 0, 0 },
	[P_UMINH] = { "HTX-UMINH", "HTX Ong mật U Minh", COOP, "96", "xã U Minh", "Đỗ Văn Hạnh", 0, 0 },
	[P_RACHGOC] = { "CTY-RACHGOC", "Công ty TNHH Tôm khô Rạch Gốc", ENT, "96", "xã Tân Ân", "Lâm Thị Nga", 1, 0 },
	[P_BACLIEU] = { "THT-MUOIBACLIEU", "Tổ hợp tác muối Bạc Liêu", GROUP, "96", "phường Bạc Liêu", "Tô Văn Hoàng", 0, 0 },
};

/* ---- product lines ------------------------------------------------ */

enum {
	F_PREMIUM = 1,  /* a flagship: rated 5 stars by the ministry */
	F_LOOSE = 2,    /* sold loose or alive: no GS1 code on it */
	F_SERVICE = 4,  /* a tourism service: no stock, no barcode */
};

#define KCT VAT_KCT
#define NSIZES 3

struct size {
	const char *label;      /* appended to the name; "" for none */
	const char *unit;       /* NULL ends the list */
	int64_t price;          /* VND, before the seed's variation */
};

struct line {
	int producer;
	const char *prefix;     /* SKU prefix by product type */
	const char *set;        /* OCOP product set code */
	int vat;
	int shelf_days;
	int flags;
	const char *name;
	struct size sizes[NSIZES];
};

static const struct line lines[] = {
	/* Tuyên Quang (with Hà Giang) */
	{ P_MEOVAC, "MO", "1.04", 8, 730, 0, "Mật ong bạc hà Mèo Vạc",
	  { { "250 ml", "chai", 180000 }, { "500 ml", "chai", 320000 }, { "1 lít", "chai", 600000 } } },
	{ P_HOANGSUPHI, "CH", "1.11", 8, 540, 0, "Chè Shan tuyết Hoàng Su Phì",
	  { { "100 g", "hộp", 150000 }, { "200 g", "hộp", 280000 } } },
	{ P_DONGVAN, "TH", "1.08", 8, 180, 0, "Thịt bò khô Đồng Văn",
	  { { "200 g", "gói", 220000 }, { "500 g", "hộp", 520000 } } },
	{ P_PAVI, "DV", "6.01", 8, 0, F_SERVICE, "Tour du lịch cộng đồng Pả Vi Mèo Vạc",
	  { { "", "lượt", 450000 }, { "2 ngày 1 đêm", "lượt", 950000 } } },
	{ P_HAMYEN, "TQ", "1.01", KCT, 20, F_LOOSE, "Cam sành Hàm Yên",
	  { { "", "kg", 35000 } } },
	/* Cao Bằng */
	{ P_TRUNGKHANH, "HA", "1.01", 5, 90, 0, "Hạt dẻ Trùng Khánh",
	  { { "500 g", "túi", 120000 }, { "1 kg", "túi", 230000 } } },
	{ P_HAQUANG, "TH", "1.08", 8, 60, 0, "Lạp sườn hun khói Cao Bằng",
	  { { "500 g", "gói", 190000 }, { "1 kg", "gói", 370000 } } },
	/* Điện Biên */
	{ P_MUONGANG, "CP", "1.13", 8, 365, 0, "Cà phê Arabica Mường Ảng rang xay",
	  { { "250 g", "gói", 95000 }, { "500 g", "gói", 180000 } } },
	{ P_THANHXUONG, "GA", "1.03", 5, 365, 0, "Gạo Séng Cù Điện Biên",
	  { { "2 kg", "túi", 70000 }, { "5 kg", "túi", 165000 } } },
	/* Lai Châu */
	{ P_TAMDUONG, "TP", "3.01", 8, 730, 0, "Sâm Lai Châu ngâm mật ong",
	  { { "500 ml", "hũ", 1350000 } } },
	{ P_TAMDUONG, "GV", "1.10", 5, 365, 0, "Thảo quả khô Tam Đường",
	  { { "200 g", "túi", 60000 }, { "500 g", "túi", 140000 } } },
	/* Sơn La */
	{ P_MOCCHAU, "TQ", "1.01", KCT, 10, F_LOOSE, "Mận hậu Mộc Châu",
	  { { "", "kg", 45000 } } },
	{ P_MOCCHAU, "QS", "1.07", 8, 270, 0, "Ô mai mận Mộc Châu",
	  { { "300 g", "hộp", 75000 }, { "500 g", "hộp", 120000 } } },
	{ P_TAXUA, "CH", "1.11", 8, 540, 0, "Trà Shan tuyết cổ thụ Tà Xùa",
	  { { "100 g", "hộp", 250000 }, { "250 g", "hộp", 580000 } } },
	/* Lào Cai (with Yên Bái) */
	{ P_SUOIGIANG, "CH", "1.11", 8, 540, 0, "Chè Shan tuyết Suối Giàng",
	  { { "100 g", "hộp", 160000 }, { "200 g", "hộp", 300000 }, { "500 g", "túi", 680000 } } },
	{ P_BANPHO, "RU", "2.01", 10, 0, 0, "Rượu ngô Bắc Hà",
	  { { "500 ml", "chai", 90000 }, { "1 lít", "chai", 160000 } } },
	{ P_TAVAN, "TC", "4.02", 8, 0, 0, "Túi thổ cẩm Tả Van",
	  { { "", "cái", 180000 }, { "cỡ lớn", "cái", 320000 } } },
	{ P_TAVAN, "DV", "6.01", 8, 0, F_SERVICE, "Tour du lịch cộng đồng Tả Van Sa Pa",
	  { { "", "lượt", 550000 } } },
	{ P_VANYEN, "TD", "3.03", 8, 1095, 0, "Tinh dầu quế Văn Yên",
	  { { "10 ml", "chai", 65000 }, { "50 ml", "chai", 250000 } } },
	{ P_VANYEN, "GV", "1.10", 8, 730, 0, "Quế thanh Văn Yên",
	  { { "200 g", "hộp", 70000 } } },
	{ P_DAODO, "DL", "3.03", 8, 365, 0, "Lá tắm người Dao đỏ Sa Pa",
	  { { "500 g", "gói", 85000 } } },
	{ P_DAODO, "MP", "3.02", 8, 730, 0, "Dầu gội thảo dược Dao đỏ",
	  { { "300 ml", "chai", 145000 }, { "500 ml", "chai", 220000 } } },
	/* Thái Nguyên (with Bắc Kạn) */
	{ P_TANCUONG, "CH", "1.11", 8, 540, F_PREMIUM, "Chè Tân Cương Thái Nguyên",
	  { { "100 g", "gói", 120000 }, { "200 g", "hộp", 260000 }, { "500 g", "hộp", 600000 } } },
	{ P_NARI, "MD", "1.06", 8, 365, 0, "Miến dong Na Rì",
	  { { "500 g", "gói", 55000 }, { "1 kg", "gói", 100000 } } },
	{ P_NARI, "QS", "1.07", 8, 180, 0, "Hồng không hạt Bắc Kạn sấy dẻo",
	  { { "300 g", "hộp", 110000 } } },
	/* Lạng Sơn */
	{ P_VANQUAN, "GV", "1.10", 5, 730, 0, "Hoa hồi khô Lạng Sơn",
	  { { "200 g", "túi", 70000 }, { "500 g", "túi", 160000 } } },
	{ P_VANQUAN, "TD", "3.03", 8, 1095, 0, "Tinh dầu hồi Lạng Sơn",
	  { { "10 ml", "chai", 70000 }, { "30 ml", "chai", 180000 } } },
	{ P_MAUSON, "RU", "2.01", 10, 0, 0, "Rượu Mẫu Sơn",
	  { { "500 ml", "chai", 120000 }, { "750 ml", "chai", 170000 } } },
	{ P_CHILANG, "TQ", "1.01", KCT, 7, F_LOOSE, "Na Chi Lăng",
	  { { "", "kg", 60000 } } },
	/* Quảng Ninh */
	{ P_BACHE, "TR", "1.12", 8, 540, F_PREMIUM, "Trà hoa vàng Ba Chẽ",
	  { { "50 g", "hộp", 350000 }, { "100 g", "hộp", 650000 } } },
	{ P_BACHE, "DL", "3.03", 8, 730, 0, "Ba kích tím Quảng Ninh khô",
	  { { "500 g", "túi", 320000 } } },
	{ P_BACHE, "RV", "2.02", 10, 0, 0, "Rượu ba kích tím Ba Chẽ",
	  { { "750 ml", "chai", 280000 } } },
	{ P_HALONG, "TS", "1.08", 8, 180, F_PREMIUM, "Chả mực Hạ Long",
	  { { "500 g", "hộp", 220000 }, { "1 kg", "hộp", 430000 } } },
	{ P_BINHLIEU, "MD", "1.06", 8, 365, 0, "Miến dong Bình Liêu",
	  { { "500 g", "gói", 60000 }, { "1 kg", "gói", 110000 } } },
	{ P_VANDON, "TS", "1.08", 8, 365, 0, "Sá sùng khô Vân Đồn",
	  { { "100 g", "hộp", 650000 }, { "200 g", "hộp", 1250000 } } },
	/* Bắc Ninh (with Bắc Giang) */
	{ P_LUCNGAN, "QS", "1.07", 8, 365, 0, "Vải thiều Lục Ngạn sấy khô",
	  { { "500 g", "túi", 110000 }, { "1 kg", "hộp", 210000 } } },
	{ P_KE, "BK", "1.06", 8, 30, 0, "Bánh đa Kế",
	  { { "10 cái", "gói", 40000 }, { "20 cái", "gói", 75000 } } },
	{ P_DONGHO, "TT", "4.01", 8, 0, 0, "Tranh dân gian Đông Hồ",
	  { { "khổ 30×40 cm", "bức", 150000 }, { "bộ tứ quý", "bộ", 550000 } } },
	/* Phú Thọ (with Vĩnh Phúc, Hòa Bình) */
	{ P_MAICHAU, "TC", "4.02", 8, 0, 0, "Khăn thổ cẩm Mai Châu",
	  { { "", "cái", 150000 }, { "khổ lớn", "cái", 280000 } } },
	{ P_MAICHAU, "TC", "4.02", 8, 0, 0, "Túi thổ cẩm Mai Châu",
	  { { "", "cái", 160000 } } },
	{ P_BANLAC, "DV", "6.01", 8, 0, F_SERVICE, "Tour du lịch cộng đồng bản Lác",
	  { { "", "lượt", 350000 }, { "2 ngày 1 đêm", "lượt", 850000 } } },
	{ P_DOANHUNG, "TQ", "1.01", KCT, 30, F_LOOSE, "Bưởi Đoan Hùng",
	  { { "", "kg", 40000 } } },
	{ P_LONGCOC, "CH", "1.11", 8, 540, 0, "Chè Long Cốc",
	  { { "200 g", "hộp", 180000 } } },
	{ P_KIMBOI, "NK", "2.03", 8, 365, 0, "Nước khoáng Kim Bôi",
	  { { "thùng 24 chai 500 ml", "thùng", 145000 }, { "thùng 12 chai 1,5 lít", "thùng", 150000 } } },
	{ P_CAOPHONG, "TQ", "1.01", KCT, 20, F_LOOSE, "Cam Cao Phong",
	  { { "", "kg", 40000 } } },
	/* Hà Nội */
	{ P_PHUVINH, "MT", "4.01", 8, 0, 0, "Giỏ mây tre đan Phú Vinh",
	  { { "cỡ nhỏ", "cái", 120000 }, { "cỡ lớn", "cái", 250000 } } },
	{ P_PHUVINH, "MT", "4.01", 8, 0, 0, "Khay mây đan Phú Vinh",
	  { { "bộ 3 chiếc", "bộ", 320000 } } },
	{ P_BATTRANG, "GM", "4.01", 8, 0, 0, "Bộ ấm chén men lam Bát Tràng",
	  { { "", "bộ", 650000 } } },
	{ P_BATTRANG, "GM", "4.01", 8, 0, 0, "Bình hoa gốm Bát Tràng",
	  { { "cao 30 cm", "cái", 380000 }, { "cao 45 cm", "cái", 850000 } } },
	{ P_VANPHUC, "LU", "4.02", 8, 0, 0, "Khăn lụa tơ tằm Vạn Phúc",
	  { { "", "cái", 350000 }, { "khổ lớn", "cái", 550000 } } },
	{ P_BAVI, "SU", "1.02", 5, 7, 0, "Sữa tươi thanh trùng Ba Vì",
	  { { "1 lít", "chai", 45000 } } },
	{ P_BAVI, "SU", "1.08", 8, 60, 0, "Bánh sữa Ba Vì",
	  { { "200 g", "hộp", 55000 }, { "500 g", "hộp", 120000 } } },
	{ P_DUONGLAM, "DV", "6.01", 8, 0, F_SERVICE, "Tour làng cổ Đường Lâm",
	  { { "", "lượt", 300000 } } },
	/* Hải Phòng (with Hải Dương) */
	{ P_CATHAI, "NM", "1.09", 8, 730, 0, "Nước mắm Cát Hải",
	  { { "500 ml", "chai", 75000 }, { "1 lít", "chai", 140000 } } },
	{ P_NINHGIANG, "BK", "1.06", 8, 5, 0, "Bánh gai Ninh Giang",
	  { { "10 chiếc", "hộp", 70000 }, { "20 chiếc", "hộp", 130000 } } },
	{ P_THANHHA, "TQ", "1.01", KCT, 5, F_LOOSE, "Vải thiều Thanh Hà",
	  { { "", "kg", 50000 } } },
	{ P_BANHDAU, "BK", "1.07", 8, 180, 0, "Bánh đậu xanh Hải Dương",
	  { { "250 g", "hộp", 45000 }, { "500 g", "hộp", 85000 } } },
	/* Hưng Yên (with Thái Bình) */
	{ P_HUNGYEN, "QS", "1.07", 8, 365, 0, "Long nhãn Hưng Yên",
	  { { "500 g", "túi", 200000 }, { "1 kg", "hộp", 380000 } } },
	{ P_HUNGYEN, "MO", "1.04", 8, 730, 0, "Mật ong hoa nhãn Hưng Yên",
	  { { "500 ml", "chai", 180000 } } },
	{ P_KHOAICHAU, "TP", "3.01", 8, 730, 0, "Tinh bột nghệ đỏ Khoái Châu",
	  { { "200 g", "hũ", 150000 }, { "500 g", "hũ", 340000 } } },
	/* Ninh Bình (with Hà Nam, Nam Định) */
	{ P_COMCHAY, "BK", "1.06", 8, 120, 0, "Cơm cháy chà bông Ninh Bình",
	  { { "200 g", "gói", 55000 }, { "500 g", "hộp", 120000 } } },
	{ P_KIMSONCOI, "MT", "4.01", 8, 0, 0, "Chiếu cói Kim Sơn",
	  { { "1,6 m", "cái", 250000 }, { "1,8 m", "cái", 300000 } } },
	{ P_KIMSONCOI, "MT", "4.01", 8, 0, 0, "Túi cói Kim Sơn",
	  { { "", "cái", 95000 } } },
	{ P_KIMSONRUOU, "RU", "2.01", 10, 0, 0, "Rượu Kim Sơn",
	  { { "500 ml", "chai", 80000 }, { "1 lít", "chai", 150000 } } },
	/* Thanh Hóa */
	{ P_NEMCHUA, "TH", "1.08", 8, 7, 0, "Nem chua Thanh Hóa",
	  { { "10 cái", "túi", 50000 }, { "20 cái", "hộp", 95000 } } },
	{ P_PHUQUANG, "BK", "1.06", 8, 60, 0, "Chè lam Phủ Quảng",
	  { { "300 g", "hộp", 50000 } } },
	/* Nghệ An */
	{ P_NAMDAN, "TU", "1.09", 8, 365, 0, "Tương Nam Đàn",
	  { { "500 ml", "chai", 35000 }, { "1 lít", "chai", 60000 } } },
	{ P_HANHLAM, "CH", "1.11", 8, 365, 0, "Chè xanh Thanh Chương",
	  { { "200 g", "gói", 80000 } } },
	{ P_CAMVINH, "TQ", "1.01", KCT, 20, F_LOOSE, "Cam Vinh",
	  { { "", "kg", 45000 } } },
	{ P_NHUT, "QS", "1.07", 8, 90, 0, "Nhút Thanh Chương",
	  { { "500 g", "hũ", 40000 } } },
	/* Hà Tĩnh */
	{ P_CUDO, "KE", "1.07", 8, 90, 0, "Kẹo cu đơ Hà Tĩnh",
	  { { "300 g", "hộp", 45000 }, { "500 g", "hộp", 70000 } } },
	{ P_PHUCTRACH, "TQ", "1.01", KCT, 30, F_LOOSE, "Bưởi Phúc Trạch",
	  { { "", "kg", 45000 } } },
	/* Quảng Trị (with Quảng Bình) */
	{ P_KHESANH, "CP", "1.13", 8, 365, 0, "Cà phê Arabica Khe Sanh",
	  { { "250 g", "gói", 90000 }, { "500 g", "gói", 170000 } } },
	{ P_CAMLO, "TD", "3.03", 8, 1095, 0, "Tinh dầu sả chanh",
	  { { "10 ml", "chai", 45000 }, { "50 ml", "chai", 150000 }, { "100 ml", "chai", 260000 } } },
	{ P_KHOAIDEO, "QS", "1.07", 8, 120, 0, "Khoai deo Quảng Bình",
	  { { "250 g", "túi", 55000 }, { "500 g", "hộp", 100000 } } },
	/* Huế */
	{ P_DAUTRAM, "TD", "3.03", 8, 1095, 0, "Dầu tràm Huế",
	  { { "50 ml", "chai", 70000 }, { "100 ml", "chai", 120000 } } },
	{ P_VYDA, "KE", "1.07", 8, 180, 0, "Mè xửng Huế",
	  { { "250 g", "hộp", 45000 }, { "500 g", "hộp", 80000 } } },
	{ P_PHUCAM, "NL", "4.01", 8, 0, 0, "Nón lá bài thơ Huế",
	  { { "", "cái", 90000 }, { "kèm hộp quà", "cái", 150000 } } },
	{ P_TOMCHUA, "TS", "1.08", 8, 90, 0, "Tôm chua Huế",
	  { { "300 g", "hũ", 90000 }, { "500 g", "hũ", 140000 } } },
	/* Đà Nẵng (with Quảng Nam) */
	{ P_NGOCLINH, "TP", "3.01", 8, 730, F_PREMIUM, "Sâm Ngọc Linh ngâm mật ong",
	  { { "250 ml", "hũ", 1400000 } } },
	{ P_NGOCLINH, "TR", "1.12", 8, 540, 0, "Trà sâm Ngọc Linh",
	  { { "20 túi lọc", "hộp", 420000 } } },
	{ P_CAMTHANH, "DV", "6.01", 8, 0, F_SERVICE, "Tour rừng dừa Bảy Mẫu Cẩm Thanh",
	  { { "", "lượt", 250000 }, { "kèm ăn trưa", "lượt", 450000 } } },
	{ P_CHABO, "TH", "1.08", 8, 10, 0, "Chả bò Đà Nẵng",
	  { { "500 g", "gói", 180000 }, { "1 kg", "gói", 350000 } } },
	{ P_NAMO, "NM", "1.09", 8, 730, 0, "Nước mắm Nam Ô",
	  { { "500 ml", "chai", 85000 }, { "1 lít", "chai", 160000 } } },
	/* Quảng Ngãi (with Kon Tum) */
	{ P_LYSON, "GV", "1.10", 5, 180, 0, "Tỏi cô đơn Lý Sơn",
	  { { "500 g", "túi", 150000 }, { "1 kg", "túi", 280000 } } },
	{ P_TRABONG, "GV", "1.10", 8, 730, 0, "Quế Trà Bồng",
	  { { "200 g", "hộp", 75000 } } },
	{ P_THIPHO, "MO", "1.04", 8, 365, 0, "Mạch nha Thi Phổ",
	  { { "500 g", "hũ", 60000 } } },
	/* Gia Lai (with Bình Định) */
	{ P_CHUSE, "GV", "1.10", 5, 730, 0, "Hồ tiêu đen Chư Sê",
	  { { "200 g", "hũ", 60000 }, { "500 g", "túi", 130000 } } },
	{ P_BAUDA, "RU", "2.01", 10, 0, 0, "Rượu Bầu Đá Bình Định",
	  { { "500 ml", "chai", 95000 }, { "1 lít", "chai", 170000 } } },
	{ P_TAMQUAN, "BK", "1.06", 8, 180, 0, "Bánh tráng nước dừa Tam Quan",
	  { { "10 cái", "gói", 35000 }, { "20 cái", "gói", 65000 } } },
	/* Khánh Hòa (with Ninh Thuận) */
	{ P_YENSAO, "YS", "1.08", 8, 730, F_PREMIUM, "Yến sào Khánh Hòa tinh chế",
	  { { "50 g", "hộp", 1400000 } } },
	{ P_YENSAO, "AL", "1.05", 8, 365, 0, "Cháo tổ yến ăn liền Khánh Hòa",
	  { { "hộp 6 gói", "hộp", 135000 } } },
	{ P_YENSAO, "NU", "2.04", 8, 365, 0, "Nước yến sào Khánh Hòa",
	  { { "hộp 6 lọ 70 ml", "hộp", 120000 }, { "hộp 10 lọ 70 ml", "hộp", 195000 } } },
	{ P_THAIAN, "RV", "2.02", 10, 1095, 0, "Rượu vang nho Ninh Thuận",
	  { { "750 ml", "chai", 180000 } } },
	{ P_THAIAN, "QS", "1.07", 8, 180, 0, "Nho sấy Ninh Thuận",
	  { { "500 g", "hộp", 95000 } } },
	/* Đắk Lắk (with Phú Yên) */
	{ P_EATU, "CP", "1.13", 8, 365, 0, "Cà phê Robusta Buôn Ma Thuột Đắk Lắk",
	  { { "250 g", "gói", 85000 }, { "500 g", "gói", 160000 }, { "1 kg", "túi", 300000 } } },
	{ P_KRONGANA, "CP", "1.13", 8, 365, 0, "Bột ca cao Krông Ana Đắk Lắk",
	  { { "250 g", "hộp", 110000 }, { "500 g", "hộp", 200000 } } },
	{ P_HOADA, "BK", "1.06", 8, 180, 0, "Bánh tráng Hòa Đa Phú Yên",
	  { { "500 g", "gói", 45000 } } },
	{ P_AKODHONG, "DV", "6.01", 8, 0, F_SERVICE, "Tour du lịch cộng đồng buôn Akô Dhông",
	  { { "", "lượt", 300000 } } },
	/* Lâm Đồng (with Đắk Nông, Bình Thuận) */
	{ P_ATISO, "TR", "1.12", 8, 540, 0, "Trà atiso Đà Lạt",
	  { { "20 túi lọc", "hộp", 60000 }, { "50 túi lọc", "hộp", 140000 } } },
	{ P_ATISO, "TP", "3.01", 8, 730, 0, "Cao atiso Đà Lạt",
	  { { "200 g", "hũ", 180000 }, { "500 g", "hũ", 420000 } } },
	{ P_HOALAN, "HC", "5.01", 5, 0, F_LOOSE, "Lan hồ điệp Đà Lạt",
	  { { "chậu 3 cành", "chậu", 650000 }, { "chậu 5 cành", "chậu", 1200000 } } },
	{ P_LINHCHI, "DL", "3.03", 8, 730, 0, "Nấm linh chi đỏ Đà Lạt",
	  { { "250 g", "túi", 350000 }, { "500 g", "hộp", 650000 } } },
	{ P_PHANTHIET, "NM", "1.09", 8, 730, 0, "Nước mắm Phan Thiết",
	  { { "500 ml", "chai", 70000 }, { "1 lít", "chai", 130000 } } },
	{ P_HAMTHUAN, "TQ", "1.01", KCT, 14, F_LOOSE, "Thanh long ruột đỏ Bình Thuận",
	  { { "", "kg", 35000 } } },
	{ P_MUTDALAT, "QS", "1.07", 8, 180, 0, "Mứt dâu tây Đà Lạt",
	  { { "300 g", "hộp", 75000 }, { "500 g", "hộp", 115000 } } },
	/* Đồng Nai (with Bình Phước) */
	{ P_DIEU, "HA", "1.07", 8, 270, 0, "Hạt điều rang muối Bình Phước",
	  { { "250 g", "hũ", 95000 }, { "500 g", "hũ", 180000 }, { "1 kg", "túi", 340000 } } },
	{ P_TANTRIEU, "TQ", "1.01", KCT, 30, F_LOOSE, "Bưởi Tân Triều",
	  { { "", "kg", 45000 } } },
	/* TP Hồ Chí Minh */
	{ P_CACANH, "CK", "5.03", 8, 0, F_LOOSE, "Cá betta Halfmoon",
	  { { "", "con", 60000 }, { "cặp giống", "cặp", 150000 } } },
	/* Tây Ninh (with Long An) */
	{ P_TRANGBANG, "BK", "1.06", 8, 60, 0, "Bánh tráng phơi sương Trảng Bàng",
	  { { "500 g", "gói", 50000 } } },
	{ P_MUOITOM, "GV", "1.10", 8, 180, 0, "Muối tôm Tây Ninh",
	  { { "200 g", "hũ", 35000 }, { "500 g", "hũ", 75000 } } },
	/* Đồng Tháp (with Tiền Giang) */
	{ P_SADEC, "HC", "5.01", 5, 0, F_LOOSE, "Cúc mâm xôi Sa Đéc",
	  { { "chậu nhỏ", "chậu", 120000 }, { "chậu lớn", "chậu", 250000 } } },
	{ P_SADEC, "CC", "5.02", 5, 0, F_LOOSE, "Bonsai mini Sa Đéc",
	  { { "", "chậu", 350000 } } },
	{ P_THAPMUOI, "TR", "1.12", 8, 365, 0, "Trà tim sen Tháp Mười",
	  { { "100 g", "hộp", 65000 } } },
	{ P_THAPMUOI, "QS", "1.07", 8, 180, 0, "Hạt sen sấy Tháp Mười",
	  { { "250 g", "hũ", 85000 } } },
	{ P_HOALOC, "TQ", "1.01", KCT, 10, F_LOOSE, "Xoài cát Hòa Lộc",
	  { { "", "kg", 70000 } } },
	{ P_LAIVUNG, "TH", "1.08", 8, 7, 0, "Nem Lai Vung",
	  { { "10 cái", "gói", 50000 } } },
	/* Vĩnh Long (with Bến Tre, Trà Vinh) */
	{ P_MOCAY, "TQ", "1.01", KCT, 30, F_LOOSE, "Bưởi da xanh Bến Tre",
	  { { "", "kg", 55000 } } },
	{ P_KEODUA, "KE", "1.07", 8, 180, 0, "Kẹo dừa Bến Tre",
	  { { "400 g", "túi", 40000 }, { "500 g", "hộp", 55000 } } },
	{ P_CHOLACH, "CC", "5.02", 5, 0, F_LOOSE, "Mai vàng bonsai Chợ Lách",
	  { { "chậu nhỏ", "chậu", 450000 }, { "chậu lớn", "chậu", 1350000 } } },
	{ P_DAUDUA, "MP", "3.02", 8, 730, 0, "Dầu dừa nguyên chất Trà Vinh",
	  { { "100 ml", "chai", 55000 }, { "250 ml", "chai", 110000 } } },
	/* An Giang (with Kiên Giang) */
	{ P_DUONGDONG, "NM", "1.09", 8, 730, 0, "Nước mắm Phú Quốc 40 độ đạm",
	  { { "500 ml", "chai", 120000 }, { "750 ml", "chai", 165000 } } },
	{ P_DUONGDONG, "NM", "1.09", 8, 730, 0, "Nước mắm Phú Quốc 35 độ đạm",
	  { { "500 ml", "chai", 95000 } } },
	{ P_TIEUPQ, "GV", "1.10", 5, 730, 0, "Tiêu đen Phú Quốc",
	  { { "200 g", "hũ", 70000 } } },
	{ P_SIMPQ, "RV", "2.02", 10, 1095, 0, "Rượu sim Phú Quốc",
	  { { "500 ml", "chai", 140000 }, { "750 ml", "chai", 190000 } } },
	{ P_TRITON, "MO", "1.04", 8, 365, 0, "Đường thốt nốt Tri Tôn",
	  { { "500 g", "túi", 55000 }, { "1 kg", "túi", 100000 } } },
	{ P_CHAUDOC, "TS", "1.08", 8, 30, 0, "Mắm thái Châu Đốc",
	  { { "500 g", "hũ", 120000 } } },
	/* Cần Thơ (with Sóc Trăng, Hậu Giang) */
	{ P_MYXUYEN, "GA", "1.03", 5, 365, F_PREMIUM, "Gạo ST25 Sóc Trăng",
	  { { "2 kg", "túi", 80000 }, { "5 kg", "túi", 190000 }, { "10 kg", "túi", 370000 } } },
	{ P_VUNGTHOM, "BK", "1.06", 8, 60, 0, "Bánh pía Sóc Trăng",
	  { { "400 g", "hộp", 65000 }, { "600 g", "hộp", 95000 } } },
	{ P_CONSON, "DV", "6.01", 8, 0, F_SERVICE, "Tour miệt vườn Cồn Sơn",
	  { { "", "lượt", 200000 }, { "kèm ăn trưa", "lượt", 380000 } } },
	/* Cà Mau (with Bạc Liêu) */
	{ P_UMINH, "MO", "1.04", 8, 730, 0, "Mật ong rừng U Minh",
	  { { "500 ml", "chai", 250000 }, { "1 lít", "chai", 480000 } } },
	{ P_RACHGOC, "TS", "1.08", 8, 180, 0, "Tôm khô Rạch Gốc",
	  { { "250 g", "hộp", 280000 }, { "500 g", "hộp", 540000 } } },
	{ P_BACLIEU, "GV", "1.10", 5, 730, 0, "Muối hầm Bạc Liêu",
	  { { "500 g", "hũ", 30000 } } },
};

#define NLINES (sizeof(lines) / sizeof(lines[0]))

/* Beyond the table: gift packs and combos of the same goods. */
static const struct {
	const char *suffix;
	const char *unit;
} packs[] = {
	{ " (hộp quà Tết)", "hộp" },
	{ " (hộp quà biếu)", "hộp" },
	{ " (túi quà)", "túi" },
};

#define PRICE_MIN 20000
#define PRICE_MAX_DEMO 1500000

/* ---- the generator ------------------------------------------------ */

/* splitmix64: small, fast and good enough for demo data. */
uint64_t demo_rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static uint32_t rng_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(demo_rng_next(s) % n);
}

int demo_rng_range(uint64_t *s, int lo, int hi)
{
	return lo + (int)rng_below(s, (uint32_t)(hi - lo + 1));
}

uint64_t demo_rng_stream(uint64_t seed, uint64_t salt, uint64_t idx)
{
	uint64_t s = seed ^ (salt * 0xD1B54A32D192ED03ULL) ^ ((idx + 1) * 0x8CB92BA72F3D8DD7ULL);

	demo_rng_next(&s);
	return s;
}

void demo_clock_save(struct demo_clock *c)
{
	c->had = clock_overridden(&c->saved);
}

void demo_clock_set(int64_t day, int hh, int mm)
{
	time_t t = (time_t)(day * 86400 + hh * 3600 + mm * 60 - CLOCK_VN_OFFSET);

	clock_override(&t);
}

void demo_clock_restore(const struct demo_clock *c)
{
	clock_override(c->had ? &c->saved : NULL);
}

enum { SALT_ORDER = 1, SALT_LINE, SALT_PRODUCER, SALT_PRODUCT, SALT_GS1 };

struct pstate {
	int saved;
	int gs1;                /* a GS1 Vietnam member */
	unsigned company;       /* 5-digit GS1 company number */
	unsigned next_item;     /* next GS1 item reference */
	char tax_code[16];
	char phone[32];
};

struct cert {
	int stars;
	char number[64];
	char issuer[128];
	char issued[CLOCK_DATE_LEN];
	char expires[CLOCK_DATE_LEN];
};

struct lstate {
	int price_permille;     /* seed's variation of the prices */
	struct cert cert;
	int upgraded;           /* saved first with prev, then with cert */
	struct cert prev;
};

struct prefix_count {
	const char *prefix;
	int n;
};

struct gen {
	struct db *db;
	const struct demo_options *o;
	char today[CLOCK_DATE_LEN];
	struct pstate *ps;      /* P_COUNT */
	struct lstate *ls;      /* NLINES */
	size_t *order;          /* NLINES: lines in seeded order */
	struct prefix_count prefixes[64];
	size_t nprefixes;
	uint64_t instore_next;
	int done;
};

/* Round to the nearest 1.000 đồng and keep within the demo's range. */
static int64_t round_price(int64_t v)
{
	v = (v + 500) / 1000 * 1000;
	if (v < PRICE_MIN)
		v = PRICE_MIN;
	if (v > PRICE_MAX_DEMO)
		v = PRICE_MAX_DEMO;
	return v;
}

/* A valid 10-digit MST: N10 = 10 - (sum Ni*Wi mod 11), never 10. */
static void make_tax_code(uint64_t *s, char out[16])
{
	static const int w[9] = { 31, 29, 23, 19, 17, 13, 7, 5, 3 };
	int d[9], i, sum, check;

	for (;;) {
		/* The first two digits are a tax office's province number. */
		d[0] = demo_rng_range(s, 0, 9);
		d[1] = d[0] == 0 ? demo_rng_range(s, 1, 9) : demo_rng_range(s, 0, 9);
		for (i = 2; i < 9; i++)
			d[i] = demo_rng_range(s, 0, 9);
		for (sum = 0, i = 0; i < 9; i++)
			sum += d[i] * w[i];
		check = 10 - sum % 11;
		if (check != 10)
			break;
	}
	for (i = 0; i < 9; i++)
		out[i] = (char)('0' + d[i]);
	out[9] = (char)('0' + check);
	out[10] = '\0';
}

/* Vietnamese mobile network prefixes. */
static const char *const mobile_prefixes[] = {
	"032", "033", "034", "035", "036", "037", "038", "039", "070", "076",
	"077", "078", "079", "081", "082", "083", "084", "085", "086", "088",
	"089", "090", "091", "093", "094", "096", "097", "098",
};

#define NMOBILE ((uint32_t)(sizeof(mobile_prefixes) / sizeof(mobile_prefixes[0])))

/* Chance (in %) that a producer of this kind is a GS1 member. */
static int gs1_chance(enum producer_kind k)
{
	switch (k) {
	case PRODUCER_ENTERPRISE: return 100;
	case PRODUCER_COOPERATIVE: return 95;
	case PRODUCER_COOP_GROUP: return 60;
	default: return 45;
	}
}

/* Chance (in %) that a producer of this kind has a tax code on file. */
static int tax_chance(enum producer_kind k)
{
	switch (k) {
	case PRODUCER_ENTERPRISE: return 100;
	case PRODUCER_COOPERATIVE: return 75;
	case PRODUCER_COOP_GROUP: return 20;
	default: return 35;
	}
}

static void init_producers(struct gen *g)
{
	uint64_t s = demo_rng_stream(g->o->seed, SALT_GS1, 0);
	unsigned base = (unsigned)rng_below(&s, 100000);
	size_t i;

	for (i = 0; i < P_COUNT; i++) {
		struct pstate *p = &g->ps[i];
		uint64_t r = demo_rng_stream(g->o->seed, SALT_PRODUCER, i);
		enum producer_kind k = producers[i].kind;

		p->gs1 = (int)rng_below(&r, 100) < gs1_chance(k);
		/* 7919 is prime to 100000: distinct numbers for every i. */
		p->company = (unsigned)((base + 7919u * (unsigned)i) % 100000u);
		p->next_item = 1 + (unsigned)rng_below(&r, 50);
		if ((int)rng_below(&r, 100) < tax_chance(k))
			make_tax_code(&r, p->tax_code);
		snprintf(p->phone, sizeof(p->phone), "%s%07u",
			 mobile_prefixes[rng_below(&r, NMOBILE)], (unsigned)rng_below(&r, 10000000));
	}
}

/* "UBND tỉnh Sơn La", "UBND thành phố Huế", "UBND TP Hồ Chí Minh". */
static int issuer_of(const char *code, char *out, size_t n, struct pos_error *err)
{
	const struct province *pr = province_find(code);

	if (!pr)
		return pos_fail(err, POS_ERR_INVALID,
				"demo data names province %s, which the reference data lacks", code);
	if (strncmp(pr->name, "TP ", 3) == 0)
		snprintf(out, n, "UBND %s", pr->name);
	else
		snprintf(out, n, "UBND %s %s", pr->is_city ? "thành phố" : "tỉnh", pr->name);
	return 0;
}

/* A certificate of `stars` issued on `issued` (expires 36 months later). */
static int make_cert(struct cert *c, int stars, const char *province, const char *issued,
		     uint64_t *s, struct pos_error *err)
{
	int r;

	c->stars = stars;
	if (stars == 5) {
		snprintf(c->number, sizeof(c->number), "%d/QĐ-BNNMT", demo_rng_range(s, 120, 4800));
		snprintf(c->issuer, sizeof(c->issuer), "%s", "Bộ Nông nghiệp và Môi trường");
	} else {
		snprintf(c->number, sizeof(c->number), "%d/QĐ-UBND", demo_rng_range(s, 100, 4999));
		r = issuer_of(province, c->issuer, sizeof(c->issuer), err);
		if (r)
			return r;
	}
	snprintf(c->issued, sizeof(c->issued), "%s", issued);
	return clock_date_add_months(c->issued, CERT_VALID_MONTHS, c->expires, err);
}

/*
 * Ratings and certificates of every line.  Position p in the seeded
 * order decides the story: every 12th line's certificate expires within
 * 60 days, every 40th has lapsed, every 25th was upgraded recently (the
 * three never coincide).
 */
static int init_lines(struct gen *g, struct pos_error *err)
{
	char d1[CLOCK_DATE_LEN], d2[CLOCK_DATE_LEN];
	size_t p;
	int r;

	for (p = 0; p < NLINES; p++) {
		size_t li = g->order[p];
		const struct line *l = &lines[li];
		struct lstate *st = &g->ls[li];
		const char *prov = producers[l->producer].province;
		uint64_t s = demo_rng_stream(g->o->seed, SALT_LINE, li);
		int stars, near = p % 12 == 3, lapsed = p % 40 == 14, upgrade = p % 25 == 6;

		st->price_permille = demo_rng_range(&s, 920, 1080);
		if (l->flags & F_PREMIUM)
			stars = 5;
		else if (upgrade)
			stars = 4;
		else
			stars = rng_below(&s, 100) < 55 ? 3 : 4;

		if (near || lapsed) {
			/* Expires `days` from today: issued 36 months before. */
			int days = near ? demo_rng_range(&s, 5, 55) : -demo_rng_range(&s, 5, 45);

			r = clock_date_add_days(g->today, days, d1, err);
			if (!r)
				r = clock_date_add_months(d1, -CERT_VALID_MONTHS, d2, err);
		} else if (upgrade) {
			r = clock_date_add_months(g->today, -demo_rng_range(&s, 1, 8), d1, err);
			if (!r)
				r = clock_date_add_days(d1, -demo_rng_range(&s, 0, 27), d2, err);
		} else {
			r = clock_date_add_months(g->today, -demo_rng_range(&s, 1, 32), d1, err);
			if (!r)
				r = clock_date_add_days(d1, -demo_rng_range(&s, 0, 27), d2, err);
		}
		if (!r)
			r = make_cert(&st->cert, stars, prov, d2, &s, err);
		if (r)
			return r;
		if (upgrade && !near && !lapsed) {
			/* The old certificate, one star lower, some years before. */
			st->upgraded = 1;
			r = clock_date_add_months(st->cert.issued, -demo_rng_range(&s, 24, 34), d1, err);
			if (!r)
				r = make_cert(&st->prev, stars - 1, prov, d1, &s, err);
			if (r)
				return r;
		}
	}
	return 0;
}

static int save_producer(struct gen *g, int idx, struct pos_error *err)
{
	const struct pdef *d = &producers[idx];
	struct pstate *st = &g->ps[idx];
	struct producer p;
	int r;

	if (st->saved)
		return 0;
	producer_init(&p);
	snprintf(p.code, sizeof(p.code), "%s", d->code);
	snprintf(p.name, sizeof(p.name), "%s", d->name);
	p.kind = d->kind;
	snprintf(p.province, sizeof(p.province), "%s", d->province);
	snprintf(p.commune, sizeof(p.commune), "%s", d->commune);
	snprintf(p.tax_code, sizeof(p.tax_code), "%s", st->tax_code);
	p.women_led = d->women_led;
	p.ethnic_minority_led = d->ethnic;
	snprintf(p.contact, sizeof(p.contact), "%s", d->contact);
	snprintf(p.phone, sizeof(p.phone), "%s", st->phone);
	r = producer_validate(&p, err);
	if (!r)
		r = producer_save(g->db, &p, NULL, err);
	if (!r)
		st->saved = 1;
	return r;
}

/* "MO-0001": numbered per SKU prefix. */
static int next_sku(struct gen *g, const char *prefix, char *out, size_t n,
		    struct pos_error *err)
{
	size_t i;

	for (i = 0; i < g->nprefixes; i++)
		if (strcmp(g->prefixes[i].prefix, prefix) == 0)
			break;
	if (i == g->nprefixes) {
		if (i == sizeof(g->prefixes) / sizeof(g->prefixes[0]))
			return pos_fail(err, POS_ERR_INVALID, "demo data has too many SKU prefixes");
		g->prefixes[i].prefix = prefix;
		g->prefixes[i].n = 0;
		g->nprefixes++;
	}
	snprintf(out, n, "%s-%04d", prefix, ++g->prefixes[i].n);
	return 0;
}

/* A GS1 Vietnam EAN-13 of the producer: 893, company, item, check. */
static int add_gs1(struct pstate *ps, struct product *p)
{
	char *code;
	int check;

	if (!ps->gs1 || ps->next_item > 9999 || p->nbarcodes >= PRODUCT_BARCODES_MAX)
		return 0;
	code = p->barcodes[p->nbarcodes];
	snprintf(code, PRODUCT_BARCODE_LEN, "893%05u%04u", ps->company, ps->next_item);
	check = barcode_check_digit(code, 12);
	if (check < 0)
		return 0;
	code[12] = (char)('0' + check);
	code[13] = '\0';
	ps->next_item++;
	p->nbarcodes++;
	return 1;
}

static int add_instore(struct gen *g, struct product *p, struct pos_error *err)
{
	char code[14];
	int r;

	if (p->nbarcodes >= PRODUCT_BARCODES_MAX)
		return 0;
	r = barcode_make_instore(20, g->instore_next, code, err);
	if (r)
		return r;
	g->instore_next++;
	snprintf(p->barcodes[p->nbarcodes++], PRODUCT_BARCODE_LEN, "%s", code);
	return 0;
}

static void set_cert(struct product *p, const struct cert *c)
{
	p->stars = c->stars;
	snprintf(p->cert_number, sizeof(p->cert_number), "%s", c->number);
	snprintf(p->cert_issuer, sizeof(p->cert_issuer), "%s", c->issuer);
	snprintf(p->cert_issued, sizeof(p->cert_issued), "%s", c->issued);
	snprintf(p->cert_expires, sizeof(p->cert_expires), "%s", c->expires);
}

static int save_product(struct gen *g, struct product *p, struct pos_error *err)
{
	int r = product_validate(p, err);

	if (!r)
		r = catalog_save(g->db, p, "demo", NULL, err);
	return r;
}

/*
 * Make and save product number g->done: line li, size tier, pack
 * (-1 = as sold, else an index into packs[] or beyond for combos).
 */
static int emit(struct gen *g, size_t li, int tier, int pack, struct pos_error *err)
{
	const struct line *l = &lines[li];
	const struct size *sz = &l->sizes[tier];
	const struct pdef *pd = &producers[l->producer];
	struct pstate *ps = &g->ps[l->producer];
	struct lstate *ls = &g->ls[li];
	uint64_t s = demo_rng_stream(g->o->seed, SALT_PRODUCT, (uint64_t)g->done);
	char suffix[48] = "";
	const char *unit = sz->unit;
	int64_t price = sz->price * ls->price_permille / 1000;
	struct product p;
	int r;

	r = save_producer(g, l->producer, err);
	if (r)
		return r;
	if (pack >= 0 && (size_t)pack < sizeof(packs) / sizeof(packs[0])) {
		snprintf(suffix, sizeof(suffix), "%s", packs[pack].suffix);
		unit = packs[pack].unit;
		price = price * 115 / 100 + 60000;
	} else if (pack >= 0) {
		int k = pack - (int)(sizeof(packs) / sizeof(packs[0])) + 2;

		snprintf(suffix, sizeof(suffix), " (combo %d)", k);
		unit = "bộ";
		price = price * k * 95 / 100;
	}

	product_init(&p);
	r = next_sku(g, l->prefix, p.sku, sizeof(p.sku), err);
	if (r)
		return r;
	snprintf(p.name, sizeof(p.name), "%s%s%s%s", l->name, sz->label[0] ? " " : "",
		 sz->label, suffix);
	snprintf(p.unit, sizeof(p.unit), "%s", unit);
	snprintf(p.producer, sizeof(p.producer), "%s", pd->code);
	snprintf(p.origin_province, sizeof(p.origin_province), "%s", pd->province);
	p.ocop_group = l->set[0] - '0';
	snprintf(p.product_set, sizeof(p.product_set), "%s", l->set);
	p.price = round_price(price);
	p.vat_rate = l->vat;
	p.shelf_life_days = l->shelf_days;
	p.is_service = !!(l->flags & F_SERVICE);

	if (!p.is_service) {
		if (!(l->flags & F_LOOSE) && add_gs1(ps, &p)) {
			/* A few carry a second code: the old packaging's. */
			if (rng_below(&s, 100) < 6)
				add_gs1(ps, &p);
		} else if (rng_below(&s, 100) < 70) {
			r = add_instore(g, &p, err);
			if (r)
				return r;
		}
	}

	if (ls->upgraded) {
		struct product old = p;

		set_cert(&old, &ls->prev);
		r = save_product(g, &old, err);
		if (r)
			return r;
	}
	set_cert(&p, &ls->cert);
	r = save_product(g, &p, err);
	if (r)
		return r;
	g->done++;
	if (g->o->progress)
		g->o->progress(g->o->ctx, g->done, g->o->products);
	return 0;
}

static int run(struct gen *g, struct pos_error *err)
{
	uint64_t s = demo_rng_stream(g->o->seed, SALT_ORDER, 0);
	int total = g->o->products, tier, pack, r;
	size_t i, k;

	/* Fisher-Yates shuffle of the lines. */
	for (i = 0; i < NLINES; i++)
		g->order[i] = i;
	for (i = NLINES - 1; i > 0; i--) {
		size_t j = rng_below(&s, (uint32_t)(i + 1));
		size_t t = g->order[i];

		g->order[i] = g->order[j];
		g->order[j] = t;
	}
	g->instore_next = 1000 + rng_below(&s, 9000) * 100;

	r = init_lines(g, err);
	if (r)
		return r;
	for (tier = 0; tier < NSIZES; tier++) {
		for (k = 0; k < NLINES && g->done < total; k++) {
			i = g->order[k];
			if (!lines[i].sizes[tier].unit)
				continue;
			r = emit(g, i, tier, -1, err);
			if (r)
				return r;
		}
	}
	for (pack = 0; g->done < total; pack++) {
		for (tier = 0; tier < NSIZES && g->done < total; tier++) {
			for (k = 0; k < NLINES && g->done < total; k++) {
				i = g->order[k];
				if (!lines[i].sizes[tier].unit || (lines[i].flags & F_SERVICE))
					continue;
				r = emit(g, i, tier, pack, err);
				if (r)
					return r;
			}
		}
	}
	return 0;
}

void demo_options_init(struct demo_options *o)
{
	memset(o, 0, sizeof(*o));
	o->products = DEMO_PRODUCTS_DEFAULT;
	o->days = DEMO_DAYS_DEFAULT;
	o->seed = 1;
}

/* The whole demo database in one transaction: all of it or nothing. */
static int generate_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct gen *g = ctx;
	const struct demo_options *o = g->o;
	long long count;
	int r;

	if ((r = catalog_count(db, &count, err)))
		return r;
	if (count > 0)
		return pos_fail(err, POS_ERR_REFUSED,
				"the database already has %lld products: demo data goes into "
				"a new database (ocop-pos --db demo.db demo)", count);
	if ((r = demo_users(db, err)))
		return r;
	/* A demo bank account (VietinBank) so VietQR payments work in the demo. */
	if ((r = setting_set(db, "vietqr.bank", "970415", err)) ||
	    (r = setting_set(db, "vietqr.account", "113366668888", err)) ||
	    (r = run(g, err)) ||
	    (r = demo_stock(db, o->days, o->seed, err)))
		return r;
	return demo_sales(db, o->days, o->seed, err);
}

int demo_generate(struct db *db, const struct demo_options *o, struct pos_error *err)
{
	struct demo_options defaults;
	struct gen g;
	struct pos_error ignored;
	char pragma[64];
	long long cache = 0;
	int r;

	if (!o) {
		demo_options_init(&defaults);
		o = &defaults;
	}
	if (o->products < 1 || o->products > DEMO_PRODUCTS_MAX)
		return pos_fail(err, POS_ERR_INVALID, "products: must be 1 to %d, got %d",
				DEMO_PRODUCTS_MAX, o->products);
	if (o->days < 0 || o->days > DEMO_DAYS_MAX)
		return pos_fail(err, POS_ERR_INVALID, "days: must be 0 to %d, got %d",
				DEMO_DAYS_MAX, o->days);
	if (ocop_set_count() == 0 || province_count() == 0)
		return pos_fail(err, POS_ERR_INVALID,
				"reference data (provinces, OCOP groups) is not loaded");
	memset(&g, 0, sizeof(g));
	g.db = db;
	g.o = o;
	clock_local_date(clock_now(), g.today);
	g.ps = calloc(P_COUNT, sizeof(*g.ps));
	g.ls = calloc(NLINES, sizeof(*g.ls));
	g.order = calloc(NLINES, sizeof(*g.order));
	if (!g.ps || !g.ls || !g.order) {
		r = pos_fail(err, POS_ERR_NO_MEM, "out of memory making demo data");
		goto out;
	}
	init_producers(&g);
	/*
	 * The whole demo is one transaction: with SQLite's default page cache
	 * (2 MB) a large one spills its pages to the WAL and reads them back
	 * from it all along.  A cache in proportion to the catalogue keeps
	 * them in memory (the connection's own setting, put back after).
	 */
	if ((r = db_query_int64(db, "PRAGMA cache_size", "reading the cache size", &cache, err)))
		goto out;
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = -%d",
		 o->products > 2000 ? (o->products / 1000 + 1) * 2048 : 4096);
	if ((r = db_exec(db, pragma, err)))
		goto out;
	r = db_tx(db, DB_TX_WRITE, generate_in_tx, &g, err);
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = %lld", cache);
	if (db_exec(db, pragma, r ? &ignored : err) && !r)
		r = POS_ERR_DB;
out:
	free(g.order);
	free(g.ls);
	free(g.ps);
	return r;
}
