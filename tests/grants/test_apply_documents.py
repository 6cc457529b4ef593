from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.grants.factories import PDF_BYTES, make_draft, make_submitted


def _upload(client, application, name, content, which):
    return client.post(reverse("grants:application_documents", args=[application.pk]),
                       {"required_document": which, "file": SimpleUploadedFile(name, content)})


def test_a_real_pdf_is_uploaded_against_the_required_document(world, as_group):
    application = make_draft(world, complete=False)
    required = world.round.required_documents.get()
    response = _upload(as_group, application, "policy.pdf", PDF_BYTES, required.pk)
    assert response.status_code == 302
    doc = application.documents.get()
    assert doc.required_document == required and doc.content_type == "application/pdf"


def test_a_program_renamed_as_a_pdf_is_rejected(world, as_group):
    application = make_draft(world, complete=False)
    response = _upload(as_group, application, "policy.pdf", b"MZ\x90\x00" + b"\x00" * 100,
                       world.round.required_documents.get().pk)
    assert response.status_code == 400
    assert "The selected file is not a real PDF file" in response.content.decode()
    assert not application.documents.exists()


def test_an_exe_is_rejected_by_type(world, as_group):
    application = make_draft(world, complete=False)
    response = _upload(as_group, application, "setup.exe", b"MZ\x90\x00", 0)
    assert "The selected file must be a PDF" in response.content.decode()


def test_an_oversize_file_is_rejected(world, as_group, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    application = make_draft(world, complete=False)
    response = _upload(as_group, application, "big.pdf", PDF_BYTES + b"0" * 2000, 0)
    assert "The selected file must be smaller than 1.0\xa0KB" in response.content.decode()
    assert not application.documents.exists()


def test_a_document_can_be_removed(world, as_group):
    application = make_draft(world)
    doc = application.documents.get()
    as_group.post(reverse("grants:document_remove", args=[application.pk, doc.pk]))
    assert not application.documents.exists()


def test_the_download_is_an_attachment_for_the_group_and_programme_staff(world, as_group, as_host,
                                                                         as_commissioner, as_other_group):
    application = make_submitted(world)
    url = reverse("grants:document_download", args=[application.documents.get().pk])
    for client in (as_group, as_host, as_commissioner):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF_BYTES
    assert as_other_group.get(url).status_code == 404


def test_commissioners_cannot_download_from_a_draft(world, as_commissioner):
    application = make_draft(world)
    url = reverse("grants:document_download", args=[application.documents.get().pk])
    assert as_commissioner.get(url).status_code == 404
