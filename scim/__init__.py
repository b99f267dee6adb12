"""SCIM 2.0 provisioning (RFC 7643/7644): identity providers push people and
departments into the academy through ``learners.api``."""
