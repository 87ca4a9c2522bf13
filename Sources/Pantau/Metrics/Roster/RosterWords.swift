import Foundation

/// The 256 Indonesian words roster passphrases are drawn from: everyday nouns of three to eight lower-case
/// letters, all distinct, easy to read aloud and to type on a phone. Each word carries exactly 8 bits, so
/// ``RosterPassphrase/wordCount`` words make 80 bits.
enum RosterWords {
    static let all: [String] = [
        "abu", "adik", "air", "akar", "alam", "alat", "anak", "anggur", "angin", "angka", "apel", "api", "arah", "arang", "asam",
        "atap", "awan", "ayam", "badak", "bahu", "baju", "bambu", "banjir", "bantal", "batik", "batu", "bawang", "bayam", "bebek",
        "bedak", "bekal", "belut", "benang", "benih", "bensin", "beras", "besi", "betis", "biji", "bintang", "bola", "bolu",
        "boneka", "botol", "buaya", "bubur", "bukit", "buku", "bulan", "bulu", "bumi", "bunga", "burung", "busur", "cabai",
        "cahaya", "candi", "cangkir", "capung", "cat", "cemara", "cendol", "cermin", "cicak", "cincin", "cokelat", "cumi", "dadu",
        "dahan", "dapur", "dasi", "daun", "delima", "dinding", "domba", "dompet", "durian", "ekor", "elang", "emas", "embun",
        "enau", "gajah", "garam", "garpu", "gelang", "gelas", "gema", "gempa", "genteng", "gerobak", "gigi", "gitar", "gula",
        "gunung", "gurun", "halaman", "hujan", "hutan", "ikan", "ilalang", "intan", "jagung", "jahe", "jalan", "jambu", "jamur",
        "jangkar", "jari", "jarum", "jati", "jembatan", "jendela", "jerami", "jeruk", "kabut", "kacang", "kain", "kaki", "kaktus",
        "kalung", "kambing", "kamera", "kancil", "kapal", "kapas", "kapur", "karang", "karet", "kasur", "katak", "kayu", "kecap",
        "kelapa", "kelinci", "kemeja", "kemiri", "kendi", "kentang", "kepiting", "kereta", "kerikil", "kertas", "kijang", "kipas",
        "kolam", "kopi", "kota", "kuda", "kue", "kunci", "kunyit", "kupu", "kursi", "labu", "ladang", "lampu", "langit", "lebah",
        "lemari", "lembah", "lemon", "lilin", "limau", "lobak", "lontar", "lumut", "madu", "mangga", "mawar", "meja", "melati",
        "melon", "merpati", "mutiara", "nanas", "nangka", "nasi", "nyiur", "obeng", "obor", "ombak", "padi", "pagar", "paku",
        "pantai", "papan", "payung", "pelangi", "pena", "pensil", "perahu", "perak", "pinang", "pintu", "piring", "pisang",
        "pohon", "pulau", "pupuk", "rambut", "rebana", "roda", "rotan", "roti", "rumah", "rumput", "rusa", "sabun", "sagu",
        "salak", "sambal", "sampan", "sapi", "sarung", "sawah", "sawi", "sayap", "sayur", "selimut", "semut", "sendok", "sepatu",
        "serai", "sikat", "singa", "sirih", "sisir", "sumur", "sungai", "surat", "susu", "tahu", "talas", "tali", "tanah",
        "tangga", "tas", "tebu", "teh", "telur", "tembaga", "tempe", "tenda", "terong", "tikar", "tiram", "tomat", "topi",
        "udang", "ular", "ulat", "wajan", "wayang", "wortel", "zaitun",
    ]
}
