"""Workflows: the API, the bots and the jobs call these; these call `scoring`."""
