/// Word lists for synthetic people: common Indonesian given names and family-style names, combined at random,
/// so no row describes a real person.
enum SampleNames {
    static let male = [
        "Agus", "Ahmad", "Andi", "Arif", "Arman", "Bambang", "Bayu", "Budi", "Dedi", "Dimas", "Eko", "Fajar",
        "Fauzi", "Firman", "Hadi", "Hasan", "Hendra", "Ilham", "Irfan", "Iwan", "Joko", "Muhammad", "Rahmat",
        "Ridwan", "Rizky", "Rudi", "Slamet", "Sugeng", "Syamsul", "Taufik", "Teguh", "Wahyu", "Wawan", "Yoga",
        "Yusuf", "Zainal", "Akbar", "Anwar", "Darmawan", "Gilang",
    ]
    static let female = [
        "Ani", "Asmah", "Ayu", "Dewi", "Dian", "Eka", "Endang", "Fitri", "Halimah", "Hartini", "Hasnah", "Indah",
        "Kartika", "Maya", "Mega", "Nia", "Novi", "Nur", "Nurul", "Putri", "Ratih", "Ratna", "Rina", "Rini",
        "Rosmawati", "Sari", "Siti", "Sri", "Suryani", "Tuti", "Wahyuni", "Wulan", "Yanti", "Yulia", "Yuni",
        "Anisa", "Farida", "Lina", "Melati", "Nadia",
    ]
    static let family = [
        "Baharuddin", "Firmansyah", "Gunawan", "Hakim", "Hamzah", "Harahap", "Hartono", "Hidayat", "Kurniawan",
        "Kusuma", "Lubis", "Nasution", "Nugroho", "Pangaribuan", "Permana", "Pratama", "Purnomo", "Rahman",
        "Ramadhan", "Rasyid", "Santoso", "Setiawan", "Simanjuntak", "Sinaga", "Siregar", "Sulistyo", "Susanto",
        "Syahputra", "Tanjung", "Wibowo", "Wijaya", "Lestari", "Rahayu", "Handayani", "Anggraini", "Maharani",
        "Yuliana", "Saleh", "Mahmud", "Sitorus",
    ]
    static let mailDomains = ["example.com", "example.net", "example.org"]

    static let golongan = [
        "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d",
        "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
    ]

    static let teacherPositions = ["Guru Ahli Pertama", "Guru Ahli Muda", "Guru Ahli Madya", "Kepala Sekolah", "Pengawas Sekolah"]
    static let healthPositions = [
        "Perawat Terampil", "Perawat Ahli Pertama", "Bidan Terampil", "Bidan Ahli Pertama",
        "Dokter Ahli Pertama", "Apoteker Ahli Pertama", "Pranata Laboratorium Kesehatan",
    ]
    static let generalPositions = [
        "Analis Kepegawaian", "Pengelola Keuangan", "Pranata Komputer Ahli Pertama",
        "Analis Kebijakan Ahli Muda", "Pengadministrasi Umum", "Kepala Seksi", "Kepala Bidang",
        "Arsiparis Terampil", "Perencana Ahli Pertama", "Bendahara",
    ]
    static let districtPositions = ["Lurah", "Sekretaris Kelurahan", "Kepala Seksi Pemerintahan", "Pengadministrasi Umum", "Camat"]

    static let generalTitles = ["", "", "S.E.", "S.H.", "S.Kom.", "S.Sos.", "A.Md.", "S.T.", "S.AP."]
}
