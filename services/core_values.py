"""BerAKHLAK core values (SE MenPANRB 20/2021): official names and behaviour guides."""

from __future__ import annotations

from models import CoreValue

CORE_VALUE_NAMES = {
    CoreValue.SERVICE: "Berorientasi Pelayanan",
    CoreValue.ACCOUNTABLE: "Akuntabel",
    CoreValue.COMPETENT: "Kompeten",
    CoreValue.HARMONIOUS: "Harmonis",
    CoreValue.LOYAL: "Loyal",
    CoreValue.ADAPTIVE: "Adaptif",
    CoreValue.COLLABORATIVE: "Kolaboratif",
}

# The three behaviour guides of each value (SE MenPANRB 20/2021), shown when rating.
CORE_VALUE_GUIDES = {
    CoreValue.SERVICE: (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ),
    CoreValue.ACCOUNTABLE: (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    ),
    CoreValue.COMPETENT: (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    ),
    CoreValue.HARMONIOUS: (
        "Menghargai setiap orang apa pun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    ),
    CoreValue.LOYAL: (
        "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI dan pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
        "Menjaga rahasia jabatan dan negara",
    ),
    CoreValue.ADAPTIVE: (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    ),
    CoreValue.COLLABORATIVE: (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    ),
}
