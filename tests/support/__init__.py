"""Test-only support code (sample generators, a tiny ASR model); the bench scripts use it too."""
