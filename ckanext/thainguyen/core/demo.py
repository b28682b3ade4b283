"""The demo's accounts, one per role (``ckan thainguyen demo``).

Each feature names the accounts its story needs (``IThainguyenFeature.load_demo``);
this module creates them idempotently, marked as sample data like the rest
of the demo ("(mẫu)" in the name, an e-mail of the example domain and
``plugin_extras``), and keeps their passwords: a password already written to
the accounts file is reused, so running the command again changes nothing.
"""
from __future__ import annotations

import dataclasses
import os
import secrets
from typing import Any, Iterable, Optional

import ckan.plugins.toolkit as tk
from ckan import authz, model

# plugin_extras[SAMPLE_KEY]: the role a demo account plays (sysadmins only read it).
SAMPLE_KEY = "thainguyen_sample"
EMAIL_DOMAIN = "thainguyen.example"
ACCOUNTS_HEADER = ("# Tài khoản mẫu của cổng demo (dữ liệu mẫu): vai trò, tên đăng nhập, mật khẩu\n"
                   "# Demo accounts (sample data): role, user name, password\n")


@dataclasses.dataclass(frozen=True)
class Account:
    role: str
    name: str
    password: str


def read_accounts(path: Optional[str]) -> dict[str, str]:
    """user name -> password, from an accounts file written by ``write_accounts``."""
    if not path or not os.path.exists(path):
        return {}
    known = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if len(fields) == 3 and not line.startswith("#"):
                known[fields[1]] = fields[2]
    return known


def write_accounts(path: str, accounts: Iterable[Account]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(ACCOUNTS_HEADER)
        for account in accounts:
            f.write(f"{account.role} {account.name} {account.password}\n")
    os.chmod(path, 0o600)


class Accounts:
    """The demo accounts made so far in this run, with their passwords."""

    def __init__(self, known: dict[str, str]):
        self.known = known
        self.made: list[Account] = []

    def ensure(self, context: dict[str, Any], role: str, name: str, fullname: str,
               memberships: Iterable[tuple[str, str]] = ()) -> model.User:
        """The account ``name`` for ``role``, member of each (organisation, capacity)."""
        password = self.known.get(name)
        user = model.User.by_name(name)
        if user is None:
            password = password or secrets.token_urlsafe(12)
            tk.get_action("user_create")(dict(context), {
                "name": name, "fullname": fullname, "email": f"{name}@{EMAIL_DOMAIN}",
                "password": password, "plugin_extras": {SAMPLE_KEY: {"role": role}}})
            user = model.User.by_name(name)
        elif password is None:
            # The database outlived the accounts file: a new password, written below.
            password = secrets.token_urlsafe(12)
            user.password = password
            model.repo.commit()
        for org, capacity in memberships:
            if authz.users_role_for_group_or_org(org, name) != capacity:
                tk.get_action("organization_member_create")(
                    dict(context), {"id": org, "username": name, "role": capacity})
        self.made.append(Account(role, name, password))
        return user
