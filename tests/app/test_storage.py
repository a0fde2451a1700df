from app import storage


def test_stored_file_is_encrypted_and_reads_back(app):
    data = "简历 13912345678 zhang@example.com".encode()
    relative = storage.save("resumes", data)
    raw = app.config["STORAGE_DIR"] + "/" + relative
    with open(raw, "rb") as handle:
        on_disk = handle.read()
    assert b"13912345678" not in on_disk and data not in on_disk
    assert storage.load(relative) == data
    assert storage.delete(relative) is True
    assert storage.delete(relative) is False
