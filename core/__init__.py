"""Plain helpers below every app: no models, no app imports (docs/architecture.md)."""
