"""The command menu (setMyCommands) in Indonesian for everyone and in English; and wiring."""

from __future__ import annotations

from aiogram import Bot
from aiogram.methods import SetMyCommands
from aiogram.utils.i18n import I18n

from bot.app import set_bot_commands
from tests.fakes.bot_session import FakeSession


async def test_menu_is_set_in_indonesian_and_english(
    bot: Bot, fake_session: FakeSession, i18n: I18n
) -> None:
    await set_bot_commands(bot, i18n)

    indonesian, english = fake_session.calls
    assert isinstance(indonesian, SetMyCommands)
    assert isinstance(english, SetMyCommands)
    assert indonesian.language_code is None
    assert [(c.command, c.description) for c in indonesian.commands] == [
        ("lapor", "Laporkan pekerjaan hari ini"),
        ("riwayat", "Riwayat laporan: per hari, pekan, atau bulan"),
        ("rekap", "Rekap bulan saya: grafik dan berkas"),
        ("cuti", "Ajukan cuti, sakit, atau dinas luar"),
        ("batal", "Batalkan isian yang sedang berjalan"),
        ("skp", "SKP saya dan capaiannya"),
        ("evaluasi", "Evaluasi saya: baca, tanggapi, unduh"),
        ("umpanbalik", "Umpan balik dengan atasan atau tim"),
        ("jejak", "Jejak audit: laporan saya dan siapa yang melihat data saya"),
        ("dataku", "Salinan semua data saya; ajukan koreksi"),
        ("pengingat", "Jam pengingat harian saya"),
        ("help", "Yang bisa saya bantu"),
        ("bahasa", "Ganti bahasa (Bahasa Indonesia / English)"),
    ]
    assert english.language_code == "en"
    assert [(c.command, c.description) for c in english.commands] == [
        ("lapor", "Report today's work"),
        ("riwayat", "My reports: a day, a week, a month"),
        ("rekap", "My month at a glance: chart and files"),
        ("cuti", "Declare leave, sick leave or official travel"),
        ("batal", "Cancel what I am filling in"),
        ("skp", "My performance plan (SKP) and its progress"),
        ("evaluasi", "My evaluations: read, respond, download"),
        ("umpanbalik", "Feedback conversations with my supervisor or team"),
        ("jejak", "Audit trail: my reports and who looked at my data"),
        ("dataku", "A copy of all my data; ask for a correction"),
        ("pengingat", "My daily reminder time"),
        ("help", "What I can do for you"),
        ("bahasa", "Change language (Bahasa Indonesia / English)"),
    ]
