"""Publish validated tables as a versioned, checksummed, documented release (see CONTRACT.md)."""

from flows.publish.release import PublishError, PublishResult, publish_release, read_history

__all__ = ["PublishError", "PublishResult", "publish_release", "read_history"]
