"""Real identity providers for the single sign-on tests, started as processes on
loopback: a SAML IdP on pysaml2 (tests/idp/saml) and an OpenID provider on the npm
package oidc-provider (tests/idp/oidc). They need the xmlsec1 program and the
provider's node_modules (``make install`` runs ``npm ci``). Without them these
tests skip, unless ``ACADEMY_REQUIRE_BROWSER=1`` (set by CI) turns the skip into a
failure, as for the browser journeys.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

IDP_DIR = Path(__file__).resolve().parent.parent / "idp"
SAML_SERVER = IDP_DIR / "saml" / "server.py"
OIDC_DIR = IDP_DIR / "oidc"
READY_TIMEOUT = 60


def _missing_tooling() -> list[str]:
    missing = []
    if shutil.which("xmlsec1") is None:
        missing.append("the xmlsec1 program (apt-get install xmlsec1)")
    if shutil.which("node") is None:
        missing.append("Node.js")
    if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        missing.append(f"oidc-provider (npm ci in {OIDC_DIR})")
    return missing


def pytest_collection_modifyitems(config, items):
    ours = [i for i in items if "tests/sso/" in str(i.fspath).replace(os.sep, "/")]
    missing = _missing_tooling()
    if not ours or not missing:
        return
    what = ", ".join(missing)
    if os.environ.get("ACADEMY_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Single sign-on tests are required but need {what}.")
    skip = pytest.mark.skip(reason=f"needs {what}")
    for item in ours:
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(command: list[str], cwd: Path) -> tuple[subprocess.Popen, str]:
    """Start a provider and wait for its "ready URL" line, or fail with its output."""
    process = subprocess.Popen(  # noqa: S603 - our own test programs
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()
    url: list[str] = []

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
            if line.startswith("ready ") and not ready.is_set():
                url.append(line.split()[1])
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(READY_TIMEOUT):
        process.kill()
        raise RuntimeError(f"{command[:2]} did not start:\n{''.join(lines)}")
    return process, url[0]


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def throwaway_key_and_cert(folder: Path) -> tuple[Path, Path]:
    """A self-signed signing key for one test run; never used anywhere else."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test IdP (tests only)")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / "idp-key.pem", folder / "idp-cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    """The base URL of a running pysaml2 identity provider."""
    key, cert = throwaway_key_and_cert(tmp_path_factory.mktemp("saml-idp"))
    process, url = _start(
        [
            sys.executable,
            str(SAML_SERVER),
            f"--port={free_port()}",
            f"--key={key}",
            f"--cert={cert}",
        ],
        cwd=SAML_SERVER.parent,
    )
    yield url
    _stop(process)


OIDC_SLUG = "northwind-oidc"
OIDC_CLIENT = {"client_id": "academy", "client_secret": "test-only-client-secret"}


@pytest.fixture(scope="session")
def oidc_users() -> dict:
    """People the OpenID provider knows, by login name; the tests change nothing."""
    return {
        "priya": {
            "email": "priya.raman@northwind.example",
            "given_name": "Priya",
            "family_name": "Raman",
            "employee_id": "E1001",
        },
        "stranger": {
            "email": "sam.okafor@elsewhere.example",
            "given_name": "Sam",
            "family_name": "Okafor",
            "employee_id": "X9",
        },
        "leaver": {
            "email": "jonas.eriksen@northwind.example",
            "given_name": "Jonas",
            "family_name": "Eriksen",
            "employee_id": "E1002",
        },
    }


@pytest.fixture(scope="session")
def oidc_idp(live_server, oidc_users):
    """The issuer URL of a running oidc-provider, with the academy as its client."""
    callback = f"{live_server.url}/accounts/oidc/{OIDC_SLUG}/login/callback/"
    config = {
        "port": free_port(),
        "clients": [
            {
                **OIDC_CLIENT,
                "redirect_uris": [callback],
                "token_endpoint_auth_method": "client_secret_basic",
            }
        ],
        "users": oidc_users,
    }
    process, url = _start(["node", "server.js", json.dumps(config)], cwd=OIDC_DIR)
    yield url
    _stop(process)


# --- A person's browser, without JavaScript -------------------------------------


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
        elif tag in ("input", "button") and self.forms and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value", ""))


def forms_of(response: requests.Response) -> list[dict]:
    parser = _Forms()
    parser.feed(response.text)
    return parser.forms


def submit(
    session: requests.Session,
    response: requests.Response,
    fill: dict | None = None,
    index: int = -1,
) -> requests.Response:
    """Submit a form of the page (the last one by default), as a browser would."""
    forms = forms_of(response)
    assert forms, f"no form on {response.url}:\n{response.text[:2000]}"
    form = forms[index]
    data = {**form["fields"], **(fill or {})}
    return session.post(urljoin(response.url, form["action"]), data=data, timeout=60)
