"""plmsg: a prose linter for school-district communications about personalized learning."""

__version__ = "0.1.0"
