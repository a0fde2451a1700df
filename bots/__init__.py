"""WeChat and DingTalk vendor layer: SDK clients, signatures, crypto, message builders.

Nothing here touches Flask or the database; the app layer (outbox, jobs, callbacks) calls in.
"""
