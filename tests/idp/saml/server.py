"""A SAML 2.0 identity provider built on pysaml2, for the single sign-on tests only.

Run: python server.py --port PORT --key KEY.pem --cert CERT.pem
It serves its metadata at /metadata, a sign-in form at /sso/redirect (HTTP-Redirect
binding), and answers with an assertion signed by pysaml2 (xmlsec1), posted back to
the service provider by an HTML form. The tests tell it who exists and which
service provider to trust through /control/*, and can ask for the next response
to be bad in one way (unsigned, expired, for another audience, changed after
signing) to prove the academy refuses it. The key is thrown away after each run.
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import sys
import traceback
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.s_utils import UnknownPrincipal, UnsupportedBinding
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.samlp import response_from_string
from saml2.server import Server
from saml2.sigver import pre_signature_part
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

PASSWORD_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


class IdentityProvider:
    def __init__(self, base: str, key_file: str, cert_file: str) -> None:
        self.base = base
        self.key_file = key_file
        self.cert_file = cert_file
        self.users: dict[str, dict] = {}
        self.sp_metadata: list[str] = []
        self.next_mode = "good"
        self.server = self._server()

    def _config(self) -> dict:
        return {
            "entityid": f"{self.base}/metadata",
            "service": {
                "idp": {
                    "name": "Test identity provider",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{self.base}/sso/redirect", BINDING_HTTP_REDIRECT)
                        ]
                    },
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                }
            },
            "key_file": self.key_file,
            "cert_file": self.cert_file,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "metadata": {"inline": self.sp_metadata} if self.sp_metadata else {},
        }

    def _server(self) -> Server:
        config = IdPConfig()
        config.load(self._config())
        return Server(config=config)

    # --- HTTP -------------------------------------------------------------------

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ["REQUEST_METHOD"]
        try:
            if path == "/metadata":
                body = create_metadata_string(None, self.server.config, sign=False)
                return _reply(start_response, "200 OK", body, "text/xml")
            if path == "/control/sp" and method == "POST":
                self.sp_metadata = [_body(environ).decode()]
                self.server = self._server()
                return _reply(start_response, "204 No Content", b"")
            if path == "/control/users" and method == "POST":
                self.users = json.loads(_body(environ))
                return _reply(start_response, "204 No Content", b"")
            if path == "/control/next" and method == "POST":
                self.next_mode = _body(environ).decode().strip()
                return _reply(start_response, "204 No Content", b"")
            if path == "/sso/redirect" and method == "GET":
                query = parse_qs(environ.get("QUERY_STRING", ""))
                return _reply(start_response, "200 OK", _login_form(query), "text/html")
            if path == "/sso/login" and method == "POST":
                form = parse_qs(_body(environ).decode())
                return self.sign_in(form, start_response)
        except (UnknownPrincipal, UnsupportedBinding, ValueError, KeyError) as error:
            return _reply(start_response, "400 Bad Request", str(error).encode())
        except Exception:  # noqa: BLE001 - a test program shows the test what broke
            return _reply(start_response, "500 Error", traceback.format_exc())
        return _reply(start_response, "404 Not Found", b"not found")

    def sign_in(self, form: dict, start_response):
        username = form.get("username", [""])[0]
        password = form.get("password", [""])[0]
        user = self.users.get(username)
        if user is None or user["password"] != password:
            return _reply(
                start_response,
                "401 Unauthorized",
                f"wrong username or password {username!r} {sorted(self.users)}",
            )
        request = self.server.parse_authn_request(
            form["SAMLRequest"][0], BINDING_HTTP_REDIRECT
        ).message
        mode, self.next_mode = self.next_mode, "good"
        xml = self.response_xml(request, user, mode)
        destination = request.assertion_consumer_service_url
        relay_state = form.get("RelayState", [""])[0]
        return _reply(
            start_response,
            "200 OK",
            _post_form(destination, xml, relay_state),
            "text/html",
        )

    def response_xml(self, request, user: dict, mode: str) -> str:
        identity = {
            "mail": [user["email"]],
            "givenName": [user["given_name"]],
            "sn": [user["family_name"]],
            "employeeNumber": [user["employee_id"]],
        }
        unsigned = self.server.create_authn_response(
            identity,
            in_response_to=request.id,
            destination=request.assertion_consumer_service_url,
            sp_entity_id=request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=user["email"]),
            authn={"class_ref": PASSWORD_CLASS},
            sign_assertion=False,
            sign_response=False,
        )
        response = response_from_string(str(unsigned))
        assertion = response.assertion
        if isinstance(assertion, list):
            assertion = assertion[0]
        if mode == "expired":
            past = _timestamp(datetime.timedelta(minutes=-10))
            assertion.conditions.not_on_or_after = past
            for confirmation in assertion.subject.subject_confirmation:
                confirmation.subject_confirmation_data.not_on_or_after = past
        if mode == "wrong_audience":
            for restriction in assertion.conditions.audience_restriction:
                for audience in restriction.audience:
                    audience.text = "https://another-service.example/metadata"
        if mode == "unsigned":
            return str(response)
        assertion.signature = pre_signature_part(
            ident=assertion.id,
            public_key=self.server.sec.my_cert,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        signed = self.server.sec.sign_statement(
            str(response),
            node_name="urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
            node_id=assertion.id,
        )
        if mode == "tampered":
            # Change a signed attribute after signing, as an attacker would.
            signed = signed.replace(user["email"], user["tamper_email"])
        return signed


def _timestamp(delta: datetime.timedelta) -> str:
    when = datetime.datetime.now(datetime.UTC) + delta
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _body(environ) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    return environ["wsgi.input"].read(length)


def _reply(start_response, status: str, body, content_type: str = "text/plain"):
    if isinstance(body, str):
        body = body.encode()
    start_response(status, [("Content-Type", f"{content_type}; charset=utf-8")])
    return [body]


def _login_form(query: dict) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(query[name][0])}">'
        for name in ("SAMLRequest", "RelayState")
        if name in query
    )
    return (
        "<!doctype html><title>Test identity provider</title>"
        '<form method="post" action="/sso/login">'
        f"{hidden}"
        '<label>Username <input name="username"></label>'
        '<label>Password <input name="password" type="password"></label>'
        "<button>Sign in</button></form>"
    )


def _post_form(destination: str, xml: str, relay_state: str) -> str:
    import base64

    encoded = base64.b64encode(xml.encode()).decode()
    return (
        "<!doctype html><title>Signing in</title>"
        f'<form method="post" action="{html.escape(destination)}">'
        f'<input type="hidden" name="SAMLResponse" value="{encoded}">'
        f'<input type="hidden" name="RelayState" value="{html.escape(relay_state)}">'
        "<button>Continue</button></form>"
        "<script>document.forms[0].submit()</script>"
    )


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--cert", required=True)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    app = IdentityProvider(base, args.key, args.cert)
    with make_server("127.0.0.1", args.port, app, handler_class=QuietHandler) as httpd:
        sys.stdout.write(f"ready {base}\n")
        sys.stdout.flush()
        httpd.serve_forever()


if __name__ == "__main__":
    main()
