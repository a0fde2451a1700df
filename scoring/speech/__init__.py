"""Voice answers: audio intake, acoustic features, PaddleSpeech ASR and the quality gate.

Importing this package is cheap; PaddleSpeech loads only when `get_asr_engine` is called.
"""
