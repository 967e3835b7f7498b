"""The demo in a real browser at phone size: an employee reports with /lapor and submits it
with the buttons, the supervisor approves from the review card, the employee sees the
approval; then the demo clock jumps to 16.00 and a colleague's daily reminder arrives, and
to the end of the evaluation period and the supervisor is asked to rate the team.
A screenshot of each chat is kept in test-artifacts/."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WAIT = 90.0  # generous: the suite may share a small machine
T = TypeVar("T")


def until(driver: webdriver.Chrome, find: Callable[[webdriver.Chrome], T | None]) -> T:
    def attempt(d: webdriver.Chrome) -> T | None:
        try:
            return find(d)
        except StaleElementReferenceException:  # a message redrawn while we looked
            return None

    return WebDriverWait(driver, WAIT, poll_frequency=0.2).until(attempt)  # type: ignore[arg-type]


def bot_message(containing: str) -> Callable[[webdriver.Chrome], WebElement | None]:
    def find(driver: webdriver.Chrome) -> WebElement | None:
        found = [
            m
            for m in driver.find_elements(By.CSS_SELECTOR, "#messages .msg.bot")
            if containing in m.find_element(By.CSS_SELECTOR, ".bubble").text
        ]
        return found[-1] if found else None

    return find


def tap(driver: webdriver.Chrome, message_text: str, label: str) -> None:
    """Tap the button labelled (or containing) `label` under the newest such message."""

    def find(d: webdriver.Chrome) -> bool:
        message = bot_message(message_text)(d)
        if message is None:
            return False
        buttons = message.find_elements(By.CSS_SELECTOR, ".kb button")
        chosen = [b for b in buttons if b.text == label] or [b for b in buttons if label in b.text]
        if not chosen:
            return False
        chosen[0].click()
        return True

    until(driver, find)


def be(driver: webdriver.Chrome, name: str) -> None:
    if not driver.find_element(By.ID, "people").is_displayed():
        driver.find_element(By.ID, "switch").click()
    until(
        driver, lambda d: d.find_element(By.XPATH, f"//button[@class='person'][.//div[.='{name}']]")
    ).click()
    until(driver, lambda d: name in d.find_element(By.ID, "who").text)


def say(driver: webdriver.Chrome, text: str) -> None:
    box = driver.find_element(By.ID, "text")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def count(driver: webdriver.Chrome, containing: str) -> int:
    bubbles = driver.find_elements(By.CSS_SELECTOR, "#messages .msg.bot .bubble")
    return sum(containing in b.text for b in bubbles)


def test_report_approve_see_it_then_travel_to_reminder_and_period_end(
    demo_url: str, browser: webdriver.Chrome
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(demo_url + "/")
    try:
        be(browser, "Budi Santoso")
        say(browser, "/lapor 08.00-10.30 Menyusun laporan")
        until(browser, bot_message("Periksa, lalu tekan Kirim"))
        tap(browser, "Periksa, lalu tekan Kirim", "Kirim")
        until(browser, bot_message("Laporan terkirim"))

        be(browser, "Sri Wahyuni, S.Si., M.M.")
        card = until(browser, bot_message("Menyusun laporan"))
        assert "Budi Santoso" in card.text
        tap(browser, "Menyusun laporan", "✅ 1")
        until(browser, lambda d: d.find_element(By.ID, "toast").text == "✅ Disetujui." or None)
        browser.save_screenshot(str(ARTIFACTS / "web-chat-supervisor.png"))

        be(browser, "Budi Santoso")
        told = until(browser, bot_message("sudah diverifikasi"))
        assert "✅ 08.00–10.30 (2 j 30 mnt) · Menyusun laporan" in told.text
        browser.save_screenshot(str(ARTIFACTS / "web-chat-employee.png"))

        be(browser, "Rina Marlina")
        until(browser, lambda d: d.find_element(By.ID, "clock-toggle").is_displayed() or None)
        reminders = count(browser, "Belum ada laporan hari ini")
        browser.find_element(By.ID, "clock-toggle").click()
        browser.find_element(By.CSS_SELECTOR, "#clock button[data-to='workday_1600']").click()
        until(browser, lambda d: "15.59" in d.find_element(By.ID, "clock-now").text or None)
        until(browser, lambda d: count(d, "Belum ada laporan hari ini") > reminders or None)
        browser.save_screenshot(str(ARTIFACTS / "web-chat-reminder.png"))

        be(browser, "Sri Wahyuni, S.Si., M.M.")
        prompts = count(browser, "sudah berakhir")
        browser.find_element(By.CSS_SELECTOR, "#clock button[data-to='period_end']").click()
        until(browser, lambda d: "07.59" in d.find_element(By.ID, "clock-now").text or None)
        until(browser, lambda d: count(d, "sudah berakhir") > prompts or None)
    except Exception:
        browser.save_screenshot(str(ARTIFACTS / "web-chat-failure.png"))
        raise
