"""The demo's sample agency as data: a kepala dinas, two kepala bidang and eight staff in three
units and two time zones, their SKPs, and what they typically report."""

from __future__ import annotations

from dataclasses import dataclass, field

AGENCY_NAME = "Dinas Kominfo Kota Contoh (demo)"
TOP = "Dinas Kominfo"
STATISTICS = f"{TOP} / Bidang Statistik"
APPS = f"{TOP} / Bidang Aplikasi Informatika"
UPT = f"{STATISTICS} / UPT Data Wilayah Timur"
FIRST_USER_ID = 100_001


@dataclass(frozen=True)
class Rhk:
    text: str
    indicator: str
    target: str
    unit: str
    parent: int | None = None  # index into the supervisor's RHKs


@dataclass(frozen=True)
class Task:
    description: str
    minutes: int
    quantity: int | None
    unit: str | None
    rhk: int  # index into the person's own RHKs


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    position: str
    position_type: str
    unit: str
    supervisor: str | None
    zone: str = "WIB"
    admin: bool = False
    rhk: tuple[Rhk, ...] = ()
    tasks: tuple[Task, ...] = field(default=())


_STATS_RHK = (
    Rhk("Dataset sektoral diolah dan divalidasi", "Jumlah dataset tervalidasi", "48", "dataset", 0),
    Rhk("Bahan publikasi statistik daerah tersusun", "Jumlah bahan publikasi", "8", "dokumen", 1),
)
_STATS_TASKS = (
    Task("Memutakhirkan dataset kependudukan dari Disdukcapil", 150, 2, "dataset", 0),
    Task("Memvalidasi data sektoral kiriman OPD", 150, 3, "dataset", 0),
    Task("Menyusun tabel untuk publikasi Kota Dalam Angka", 150, 4, "tabel", 1),
    Task("Mengolah hasil survei kepuasan layanan data", 120, 1, "laporan", 1),
    Task("Rapat koordinasi forum Satu Data", 90, None, None, 0),
)
_APPS_RHK = (
    Rhk("Aplikasi layanan publik terpelihara", "Jumlah laporan pemeliharaan", "12", "laporan", 0),
    Rhk("Modul aplikasi baru dikembangkan", "Jumlah modul selesai diuji", "6", "modul", 1),
)
_APPS_TASKS = (
    Task("Memantau ketersediaan server aplikasi layanan", 120, 1, "laporan", 0),
    Task("Menangani tiket gangguan aplikasi pengaduan", 150, 5, "tiket", 0),
    Task("Mengembangkan modul perizinan daring", 180, 1, "modul", 1),
    Task("Menguji modul antrean layanan", 150, 1, "modul", 1),
    Task("Menyusun dokumentasi API layanan", 120, 1, "dokumen", 1),
)

PEOPLE = (
    DemoPerson(
        "kadis",
        "Dr. Hendra Wijaya, M.Si.",
        "Kepala Dinas",
        "struktural",
        TOP,
        None,
        rhk=(
            Rhk("Meningkatnya kualitas layanan data dan informasi", "Indeks kepuasan", "85", "%"),
            Rhk("Terselenggaranya layanan aplikasi pemerintahan", "Layanan tersedia", "95", "%"),
        ),
    ),
    DemoPerson(
        "kabid_stat",
        "Sri Wahyuni, S.Si., M.M.",
        "Kepala Bidang Statistik",
        "struktural",
        STATISTICS,
        "kadis",
        rhk=(
            Rhk(
                "Tersedianya data statistik sektoral mutakhir",
                "Dataset mutakhir",
                "24",
                "dataset",
                0,
            ),
            Rhk("Tersusunnya publikasi statistik daerah", "Jumlah publikasi", "4", "publikasi", 0),
        ),
        tasks=(
            Task("Memeriksa rancangan publikasi statistik daerah", 180, 1, "dokumen", 1),
            Task("Memimpin rapat evaluasi pemutakhiran data", 120, None, None, 0),
        ),
    ),
    DemoPerson(
        "kabid_apt",
        "Agus Salim, S.Kom., M.T.",
        "Kepala Bidang Aplikasi Informatika",
        "struktural",
        APPS,
        "kadis",
        rhk=(
            Rhk(
                "Terpeliharanya aplikasi layanan publik",
                "Aplikasi terpelihara",
                "12",
                "aplikasi",
                1,
            ),
            Rhk("Terlaksananya pengembangan aplikasi baru", "Aplikasi baru", "3", "aplikasi", 1),
        ),
        tasks=(
            Task("Meninjau rencana pengembangan aplikasi perizinan", 180, 1, "dokumen", 1),
            Task("Memantau laporan gangguan layanan aplikasi", 120, 1, "laporan", 0),
        ),
    ),
    DemoPerson(
        "budi",
        "Budi Santoso",
        "Statistisi Ahli Pertama",
        "fungsional",
        STATISTICS,
        "kabid_stat",
        rhk=_STATS_RHK,
        tasks=_STATS_TASKS,
    ),
    DemoPerson(
        "rina",
        "Rina Marlina",
        "Analis Data",
        "pelaksana",
        STATISTICS,
        "kabid_stat",
        rhk=_STATS_RHK,
        tasks=_STATS_TASKS,
    ),
    DemoPerson(
        "dewi",
        "Dewi Lestari",
        "Pengolah Data",
        "pelaksana",
        STATISTICS,
        "kabid_stat",
        rhk=_STATS_RHK,
        tasks=_STATS_TASKS,
    ),
    DemoPerson(
        "andi",
        "Andi Pratama",
        "Statistisi Terampil",
        "fungsional",
        UPT,
        "kabid_stat",
        zone="WITA",
        rhk=_STATS_RHK,
        tasks=_STATS_TASKS,
    ),
    DemoPerson(
        "sari",
        "Wa Ode Sari",
        "Pengolah Data",
        "pelaksana",
        UPT,
        "kabid_stat",
        zone="WITA",
        rhk=_STATS_RHK,
        tasks=_STATS_TASKS,
    ),
    DemoPerson(
        "fajar",
        "Fajar Nugroho",
        "Pranata Komputer Ahli Muda",
        "fungsional",
        APPS,
        "kabid_apt",
        rhk=_APPS_RHK,
        tasks=_APPS_TASKS,
    ),
    DemoPerson(
        "aisyah",
        "Nur Aisyah",
        "Analis Sistem Informasi",
        "fungsional",
        APPS,
        "kabid_apt",
        admin=True,
        rhk=_APPS_RHK,
        tasks=_APPS_TASKS,
    ),
    DemoPerson(
        "yusuf",
        "Yusuf Hidayat",
        "Pengelola Layanan Operasional",
        "pelaksana",
        APPS,
        "kabid_apt",
        rhk=_APPS_RHK,
        tasks=_APPS_TASKS,
    ),
)


def nip(index: int, person: DemoPerson) -> str:
    """A well-formed PNS NIP: birth date, TMT (year, month), gender digit, sequence."""
    birth_year = 1968 + (index * 3) % 30
    gender = 2 if person.key in {"kabid_stat", "rina", "dewi", "sari", "aisyah"} else 1
    birth = f"{birth_year}{index % 12 + 1:02d}{index % 27 + 1:02d}"
    return f"{birth}{birth_year + 24}03{gender}{index + 1:03d}"


def staff_csv() -> str:
    """The staff file an admin would import (services/staff_file.py format)."""
    by_key = {p.key: (i, p) for i, p in enumerate(PEOPLE)}
    lines = ["nip,nama,jabatan,jenis_jabatan,unit,nip_atasan,zona_waktu,admin"]
    for index, person in enumerate(PEOPLE):
        boss = nip(*by_key[person.supervisor]) if person.supervisor else ""
        lines.append(
            f'{nip(index, person)},"{person.name}",{person.position},{person.position_type},'
            f"{person.unit},{boss},{person.zone},{'ya' if person.admin else 'tidak'}"
        )
    return "\n".join(lines) + "\n"


def role_of(person: DemoPerson) -> str:
    """What the web chat shows under a name: position, unit, zone (and admin)."""
    unit = person.unit.rsplit(" / ", 1)[-1]
    admin = " · admin" if person.admin else ""
    return f"{person.position} · {unit} · {person.zone}{admin}"
