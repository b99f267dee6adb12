"""Provisioning: identity providers creating, changing and removing people and
departments one at a time (the SCIM server calls this through ``learners.api``)."""
