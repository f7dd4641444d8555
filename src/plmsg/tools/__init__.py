"""Maintainer tools: rebuilding the data shipped with plmsg."""
