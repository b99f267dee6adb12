import pytest

from scim.tokens import client_create

SCIM_JSON = "application/scim+json"


@pytest.fixture
def scim_token(db):
    return client_create(name="Okta").token


@pytest.fixture
def scim(client, scim_token):
    """A Django test client speaking SCIM with a valid token."""

    class Scim:
        token = scim_token

        def _call(self, method, path, data=None, headers=None, token=None):
            import json

            headers = {
                "Authorization": f"Bearer {token or self.token}",
                **(headers or {}),
            }
            kwargs = {"headers": headers}
            if data is not None:
                kwargs["data"] = data if isinstance(data, str) else json.dumps(data)
                kwargs["content_type"] = SCIM_JSON
            return getattr(client, method)(f"/scim/v2/{path}", **kwargs)

        def get(self, path, **kwargs):
            return self._call("get", path, **kwargs)

        def post(self, path, data, **kwargs):
            return self._call("post", path, data, **kwargs)

        def put(self, path, data, **kwargs):
            return self._call("put", path, data, **kwargs)

        def patch(self, path, data, **kwargs):
            return self._call("patch", path, data, **kwargs)

        def delete(self, path, **kwargs):
            return self._call("delete", path, **kwargs)

    return Scim()
