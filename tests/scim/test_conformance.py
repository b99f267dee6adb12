"""scim2-tester's checks against a running academy: discovery, CRUD, PATCH."""

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from scim.tokens import client_create


def test_scim2_tester_reports_no_error_against_a_live_server(
    live_server, transactional_db
):
    token = client_create(name="Conformance").token
    http = httpx2.Client(
        base_url=live_server.url + "/scim/v2",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    client = SyncSCIMClient(http)
    results = check_server(client)
    failures = [
        f"{result.title}: {result.reason}"
        for result in results
        if result.status in (Status.ERROR, Status.CRITICAL)
    ]
    assert failures == [], "\n".join(failures)
    assert any(result.status == Status.SUCCESS for result in results)
