from .people import DepartmentFactory, LearnerFactory, UserFactory

__all__ = ["DepartmentFactory", "LearnerFactory", "UserFactory"]
