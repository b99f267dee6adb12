"""Enterprise single sign-on: SAML 2.0 and OpenID Connect identity providers that
Academy admins configure in the admin, stored as allauth ``SocialApp`` rows.

Who may sign in is decided here, not by the identity provider: only a person who
already has an active account (from the roster or SCIM) is let in, linked by email
on their first sign-in. docs/sso.md, ADR 0013.
"""
