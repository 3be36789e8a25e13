import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

ENV_NAMES = ["DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_EMAIL", "DJANGO_SUPERUSER_PASSWORD"]
GENERATED = re.compile(r"password (\S+) — shown only this once")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """Each test starts without the superuser variables a developer may have set."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def ensure_admin():
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def superusers():
    return get_user_model().objects.filter(is_superuser=True)


def test_creates_an_admin_superuser_when_there_is_none(db):
    """Without any superuser, `admin` is created as an active staff superuser."""
    ensure_admin()
    admin = superusers().get()
    assert (admin.username, admin.email) == ("admin", "admin@localhost")
    assert admin.is_staff and admin.is_active


def test_prints_the_generated_password_that_signs_in(db):
    """The generated password is printed and is the admin's real password."""
    password = GENERATED.search(ensure_admin()).group(1)
    assert len(password) >= 16
    assert superusers().get().check_password(password)


def test_generated_password_is_shown_only_once(db):
    """A second run does not print the password again."""
    password = GENERATED.search(ensure_admin()).group(1)
    assert password not in ensure_admin()


def test_second_run_does_nothing(db):
    """When a superuser exists, no other account is created or changed."""
    ensure_admin()
    before = list(get_user_model().objects.values_list("username", "password"))
    output = ensure_admin()
    assert "already exists" in output
    assert list(get_user_model().objects.values_list("username", "password")) == before


def test_uses_the_password_from_the_environment(db, monkeypatch):
    """DJANGO_SUPERUSER_PASSWORD becomes the admin's password."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "correct-horse-battery")
    ensure_admin()
    assert superusers().get().check_password("correct-horse-battery")


def test_never_prints_a_password_from_the_environment(db, monkeypatch):
    """The environment's password does not appear in the output."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "correct-horse-battery")
    output = ensure_admin()
    assert "correct-horse-battery" not in output
    assert not GENERATED.search(output)


def test_uses_username_and_email_from_the_environment(db, monkeypatch):
    """DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_EMAIL name the account."""
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "editor")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "editor@example.com")
    ensure_admin()
    admin = superusers().get()
    assert (admin.username, admin.email) == ("editor", "editor@example.com")


def test_does_nothing_when_another_superuser_exists(db):
    """Any existing superuser is enough; no `admin` is added."""
    get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-12345")
    ensure_admin()
    assert list(superusers().values_list("username", flat=True)) == ["root"]


def test_refuses_to_take_over_an_ordinary_user_of_that_name(db):
    """An ordinary user called `admin` is not silently promoted."""
    get_user_model().objects.create_user("admin", password="pw-admin-12345")
    with pytest.raises(CommandError, match="not a superuser"):
        ensure_admin()
    assert not superusers().exists()
