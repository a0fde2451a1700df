"""WeChat and DingTalk vendor layer: SDK clients, signatures, crypto, message builders.

Nothing here touches Flask or the database, and nothing imports `app`, `miniprogram_api` or
`scoring`: the app layer (outbox, jobs, the callback routes in `app/api/callbacks`) calls in.
Vendor calls fail the same way for both vendors (bots/vendor.py: errcodes become bots.errors).
"""
