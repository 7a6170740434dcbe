"""How `make test` gets a Chromium on a fresh machine (find_browser.py), with the machine mocked.

Nothing is installed or uninstalled here: `find` and `run` stand in for the disk and for
subprocesses, and record what would have been run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import find_browser
from find_browser import APT_STEPS, PLAYWRIGHT_DOWNLOAD, System, main

DEBIAN_ROOT = System(chosen="", debian_like=True, root=True, has_apt=True)
DEBIAN_USER = System(chosen="", debian_like=True, root=False, has_apt=True)
OTHER_ROOT = System(chosen="", debian_like=False, root=True, has_apt=False)


class Machine:
    """A fake machine: which commands succeed, and whether a browser is on disk after them."""

    def __init__(self, browser_after: tuple[str, ...] = (), failing: tuple[str, ...] = (), present=False):
        self.browser_after, self.failing, self.present = browser_after, failing, present
        self.ran: list[list[str]] = []

    def find(self) -> str | None:
        return "/usr/bin/chromium" if self.present else None

    def run(self, command: list[str]) -> int:
        self.ran.append(command)
        name = "playwright" if command == PLAYWRIGHT_DOWNLOAD else command[1]
        if name in self.failing:
            return 1
        if name in self.browser_after:
            self.present = True
        return 0


def test_a_browser_already_there_is_used_and_nothing_runs(capsys):
    machine = Machine(present=True)
    assert main(["--install"], DEBIAN_ROOT, machine.find, machine.run) == 0
    assert machine.ran == []
    assert "Navigateur pour les tests : /usr/bin/chromium" in capsys.readouterr().out


def test_playwright_download_is_tried_first():
    machine = Machine(browser_after=("playwright",))
    assert main(["--install"], DEBIAN_ROOT, machine.find, machine.run) == 0
    assert machine.ran == [PLAYWRIGHT_DOWNLOAD]


def test_without_internet_debian_as_root_installs_the_system_package(capsys):
    machine = Machine(browser_after=("install",), failing=("playwright",))
    assert main(["--install"], DEBIAN_ROOT, machine.find, machine.run) == 0
    assert machine.ran == [PLAYWRIGHT_DOWNLOAD, *APT_STEPS]
    assert APT_STEPS[-1][:3] == ["apt-get", "install", "-y"] and APT_STEPS[-1][-1] == "chromium"
    assert "apt-get" in capsys.readouterr().out


def test_a_download_that_exits_0_without_a_browser_still_falls_back_to_apt():
    machine = Machine(browser_after=("install",))
    assert main(["--install"], DEBIAN_ROOT, machine.find, machine.run) == 0
    assert machine.ran == [PLAYWRIGHT_DOWNLOAD, *APT_STEPS]


def test_a_failed_apt_update_stops_and_says_what_to_run(capsys):
    machine = Machine(failing=("playwright", "update"))
    assert main(["--install"], DEBIAN_ROOT, machine.find, machine.run) == 1
    assert machine.ran == [PLAYWRIGHT_DOWNLOAD, APT_STEPS[0]]
    assert "sudo apt-get install -y chromium" in capsys.readouterr().err


def test_debian_without_root_says_exactly_what_to_run(capsys):
    machine = Machine(failing=("playwright",))
    assert main(["--install"], DEBIAN_USER, machine.find, machine.run) == 1
    assert machine.ran == [PLAYWRIGHT_DOWNLOAD]  # never apt-get without root
    err = capsys.readouterr().err
    assert "sudo apt-get update && sudo apt-get install -y chromium" in err
    assert ".venv/bin/python -m playwright install chromium" in err


def test_another_system_never_runs_apt_and_says_what_to_run(capsys):
    machine = Machine(failing=("playwright",))
    assert main(["--install"], OTHER_ROOT, machine.find, machine.run) == 1
    assert machine.ran == [PLAYWRIGHT_DOWNLOAD]
    err = capsys.readouterr().err
    assert "apt-get" not in err
    assert "python -m playwright install chromium" in err and "CHROMIUM=" in err


def test_a_wrong_chromium_variable_is_reported_not_replaced(capsys):
    chosen = System(chosen="/nulle/part/chromium", debian_like=True, root=True, has_apt=True)
    machine = Machine()
    assert main(["--install"], chosen, machine.find, machine.run) == 1
    assert machine.ran == []
    assert "CHROMIUM=/nulle/part/chromium n'est pas un exécutable" in capsys.readouterr().err


def test_without_install_nothing_is_run():
    machine = Machine()
    assert main([], DEBIAN_ROOT, machine.find, machine.run) == 1
    assert machine.ran == []


@pytest.mark.parametrize("text, expected", [
    ('ID=debian\nVERSION_ID="12"\n', True),
    ('ID=ubuntu\nID_LIKE=debian\n', True),
    ('ID=linuxmint\nID_LIKE="ubuntu debian"\n', True),
    ('ID=fedora\n', False),
    ('ID="opensuse-leap"\nID_LIKE="suse opensuse"\n', False),
])
def test_debian_like_systems_are_recognised(tmp_path: Path, text, expected):
    os_release = tmp_path / "os-release"
    os_release.write_text(text, encoding="utf-8")
    assert find_browser._debian_like(os_release) is expected


def test_no_os_release_is_not_debian(tmp_path: Path):
    assert find_browser._debian_like(tmp_path / "absent") is False


def test_the_chromium_variable_is_an_explicit_choice(monkeypatch, tmp_path: Path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setenv("CHROMIUM", str(fake))
    assert find_browser.find_chromium() is None  # not executable: no silent fallback
    fake.chmod(0o755)
    assert find_browser.find_chromium() == str(fake)
