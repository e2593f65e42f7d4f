"""Files attached to register rows, on an onboarding item (provider-owned): who attaches,
reads and removes them; what is refused on its content, size and count with nothing stored;
the download's headers; names made safe; the audit trail; no public media URL."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client, RequestFactory

from programs import policy
from programs.choices import EDITING_ROLES, AuditAction, Party
from programs.errors import DomainError
from programs.filetypes import FileRefused
from programs.models import Attachment, AuditEvent, OnboardingItem
from programs.services import attachments as attachment_services
from programs.uploads import UploadTooLarge
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from . import attachment_files as files

EDITOR = "provider.pmo_team"
MB = 1024 * 1024


@pytest.fixture
def item(world: World) -> OnboardingItem:
    return OnboardingItem.objects.create(program=world.program, title="Payroll access forms")


def stored_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def add_url(item: OnboardingItem) -> str:
    return f"/programs/{item.program.code}/attachments/of/programs.onboardingitem/{item.pk}/add/"


def upload(client: Client, item: OnboardingItem, content: bytes, name: str, **data: Any) -> Any:
    return client.post(add_url(item), {"file": SimpleUploadedFile(name, content), **data})


def attach(world: World, item: OnboardingItem, content: bytes, name: str, **kw: Any) -> Attachment:
    return attachment_services.attachment_add(
        acting_user=world.user(EDITOR),
        target=item,
        uploaded_file=ContentFile(content, name=name),
        **kw,
    )


def nothing_stored(audit: int) -> None:
    assert not Attachment.objects.exists()
    assert stored_files() == []
    assert AuditEvent.objects.count() == audit


# -- what is accepted -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("site-photo.png", files.png(), "image/png"),
        ("Closure evidence.pdf", files.pdf(), "application/pdf"),
        ("access-form.docx", files.docx(), f"{files.OOXML}.wordprocessingml.document"),
        ("counts.xlsx", files.xlsx(), f"{files.OOXML}.spreadsheetml.sheet"),
        ("counts.csv", b"team,count\nPayroll,4\nBenefits,3\n", "text/csv"),
        ("notes.txt", "Accès accordé — 12 people\n".encode(), "text/plain"),
    ],
)
def test_a_provider_editor_attaches_a_file_checked_on_its_content(
    world: World, item: OnboardingItem, name: str, content: bytes, media_type: str
) -> None:
    response = upload(world.client(EDITOR), item, content, name, purpose="closure evidence")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    safe = name.replace(" ", "_")
    assert attachment.target == item
    assert attachment.program == world.program
    assert attachment.original_name == safe
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.media_type == media_type
    assert attachment.purpose == "closure evidence"
    assert attachment.uploaded_by == world.user(EDITOR)
    assert attachment.file.name == f"attachments/alpha/{attachment.uuid}/{safe}"
    assert stored_files() == [Path(settings.MEDIA_ROOT) / str(attachment.file.name)]
    assert (Path(settings.MEDIA_ROOT) / str(attachment.file.name)).read_bytes() == content

    event = AuditEvent.objects.get(action=AuditAction.ATTACH)
    assert event.actor == world.user(EDITOR)
    assert event.actor_party == Party.PROVIDER
    assert event.target_id == str(attachment.pk)
    assert event.changes["file"] == [None, safe]
    assert event.changes["size"] == [None, len(content)]
    assert event.changes["sha256"] == [None, attachment.sha256]
    assert event.changes["attached_to"] == [None, "onboarding item: Payroll access forms"]


# -- what is refused, with nothing stored ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            files.windows_executable(),
            "“report.pdf” is not a PDF: its content is a Windows executable.",
        ),
        (
            "notes.txt",
            b"looks like text\x00but is not",
            "“notes.txt” is not a plain text file: its content is binary data "
            "(it holds NUL bytes), not text.",
        ),
        (
            "latin.csv",
            b"caf\xe9,1\n",
            "“latin.csv” is not a CSV file: its content is not UTF-8 text.",
        ),
        ("photo.pdf", files.png(), "“photo.pdf” is not a PDF: its content is a PNG image."),
        ("scan.png", files.pdf(), "“scan.png” is not a PNG image: its content is a PDF."),
        (
            "memo.docx",
            files.plain_zip(),
            "“memo.docx” is not a Word file: its content is a ZIP archive.",
        ),
        (
            "memo.docx",
            files.docm(),
            "“memo.docx” is not a Word file: its content is a macro-enabled Office document.",
        ),
        (
            "counts.xlsx",
            files.docx(),
            "“counts.xlsx” is not an Excel file: its content is a Word document.",
        ),
        ("empty.pdf", b"", "“empty.pdf” is empty."),
        ("setup.exe", files.windows_executable(), "“setup.exe” is not a kind of file the portal"),
        ("bundle.zip", files.plain_zip(), "“bundle.zip” is not a kind of file the portal"),
        ("README", b"hello", "“README” is not a kind of file the portal takes: attach PDF, PNG"),
    ],
)
def test_a_file_not_what_the_portal_takes_is_refused_naming_the_rule(
    world: World, item: OnboardingItem, name: str, content: bytes, message: str
) -> None:
    audit = AuditEvent.objects.count()
    response = upload(world.client(EDITOR), item, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    nothing_stored(audit)
    with pytest.raises(FileRefused, match=message[:20]):
        attach(world, item, content, name)
    nothing_stored(audit)


@pytest.fixture
def small_limit(settings: Any) -> None:
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "attachment": MB}


def test_a_file_over_the_size_limit_is_refused_while_it_uploads(
    world: World, item: OnboardingItem, small_limit: None
) -> None:
    audit = AuditEvent.objects.count()
    content = b"x" * int(1.5 * MB)
    response = upload(world.client(EDITOR), item, content, "big.txt")
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file is 1.5 MB; attached files are limited to 1 MB. Nothing was stored." in page
    nothing_stored(audit)
    # Within the allowance for the form's other fields, the bytes counted as they arrive.
    response = upload(world.client(EDITOR), item, b"x" * (MB + 10_000), "big.txt")
    assert response.status_code == 413
    assert "The file is over 1 MB; attached files are limited to 1 MB." in response.content.decode()
    nothing_stored(audit)
    with pytest.raises(UploadTooLarge):
        attach(world, item, content, "big.txt")
    nothing_stored(audit)


def test_a_row_holds_at_most_the_set_number_of_files(
    world: World, item: OnboardingItem, settings: Any
) -> None:
    settings.ATTACHMENT_MAX_PER_OBJECT = 2
    first = attach(world, item, files.png(), "one.png")
    attach(world, item, files.png(), "two.png")
    with pytest.raises(DomainError, match="already has 2 files") as refused:
        attach(world, item, files.png(), "three.png")
    assert refused.value.code == "too_many_attachments"
    assert Attachment.objects.count() == 2
    assert len(stored_files()) == 2
    # A removed file no longer counts.
    attachment_services.attachment_remove(
        acting_user=world.user(EDITOR), attachment=first, reason="Wrong photo"
    )
    attach(world, item, files.png(), "three.png")


# -- names made safe ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\Windows\\evil.txt", "evil.txt"),
        ("/var/www/.htaccess.txt", "htaccess.txt"),
        ("bad\x00na\x1bme\r\n.txt", "badname.txt"),
        ("rapport final (v2).txt", "rapport_final_v2.txt"),
        ("<b>alert(1)<b>.txt", "balert1b.txt"),
        ("..", "file"),
        ("x" * 300 + ".txt", "x" * 96 + ".txt"),
    ],
)
def test_a_name_is_made_safe_and_never_a_path(
    world: World, item: OnboardingItem, given: str, safe: str
) -> None:
    attachment = attach(world, item, b"text", "notes.txt")
    assert attachment_services.safe_filename(given) == safe
    if safe.endswith(".txt"):
        attachment = attach(world, item, b"text", given)
        assert attachment.original_name == safe
        assert attachment.file.name == f"attachments/alpha/{attachment.uuid}/{safe}"
        stored = (Path(settings.MEDIA_ROOT) / str(attachment.file.name)).resolve()
        assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "attachments")


# -- who attaches, reads and removes ---------------------------------------------------------


def may_attach(username: str) -> bool:
    party, _, role = username.partition(".")
    return party == Party.PROVIDER and role in EDITING_ROLES


@pytest.mark.parametrize("username", [name for name, *_ in ROLE_MATRIX] + [OUTSIDER])
def test_only_the_owning_partys_editors_attach_files(
    world: World, item: OnboardingItem, username: str
) -> None:
    audit = AuditEvent.objects.count()
    response = upload(world.client(username), item, files.png(), "photo.png")
    if may_attach(username):
        assert response.status_code == 302
        assert Attachment.objects.count() == 1
        return
    assert response.status_code == 404
    nothing_stored(audit)
    with pytest.raises(Exception) as refused:
        attachment_services.attachment_add(
            acting_user=world.user(username),
            target=item,
            uploaded_file=ContentFile(files.png(), name="photo.png"),
        )
    assert type(refused.value).__name__ == "PermissionDenied"
    nothing_stored(audit)


@pytest.mark.parametrize("username", [name for name, *_ in ROLE_MATRIX] + [OUTSIDER])
def test_every_member_downloads_and_the_outsider_gets_404(
    world: World, item: OnboardingItem, username: str
) -> None:
    attachment = attach(world, item, files.pdf(), "evidence.pdf")
    url = attachment.get_absolute_url()
    audit = AuditEvent.objects.count()
    response = world.client(username).get(url)
    if username == OUTSIDER:
        assert response.status_code == 404
        assert AuditEvent.objects.count() == audit
        # Nor through the program the outsider belongs to.
        other = url.replace("/alpha/", "/beta/")
        assert world.client(username).get(other).status_code == 404
        return
    assert response.status_code == 200
    assert response.getvalue() == files.pdf()
    event = AuditEvent.objects.get(action=AuditAction.DOWNLOAD)
    assert event.actor == world.user(username)
    assert event.changes["sha256"][1] == attachment.sha256


def test_the_download_is_an_attachment_under_its_safe_name_never_sniffed(
    world: World, item: OnboardingItem
) -> None:
    attachment = attach(world, item, files.png(), "../site photo.png")
    response = world.client("customer.viewer").get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="site_photo.png"'
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(files.png()))
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_a_stored_type_off_the_allow_list_is_served_as_bytes(
    world: World, item: OnboardingItem
) -> None:
    attachment = attach(world, item, b"<p>hello</p>", "page.txt")
    Attachment.objects.filter(pk=attachment.pk).update(media_type="text/html")
    response = world.client("customer.viewer").get(attachment.get_absolute_url())
    assert response["Content-Type"] == "application/octet-stream"


def test_the_file_is_not_reachable_at_its_storage_path(world: World, item: OnboardingItem) -> None:
    attachment = attach(world, item, files.pdf(), "evidence.pdf")
    assert (Path(settings.MEDIA_ROOT) / str(attachment.file.name)).is_file()
    client = world.client(EDITOR)
    for url in (
        f"{settings.MEDIA_URL}{attachment.file.name}",
        f"/{attachment.file.name}",
        f"{settings.STATIC_URL}{attachment.file.name}",
        f"{settings.STATIC_URL}../media/{attachment.file.name}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert files.pdf() not in response.content


def test_removal_keeps_the_record_and_the_audit(world: World, item: OnboardingItem) -> None:
    attachment = attach(world, item, files.pdf(), "evidence.pdf")
    url = f"/programs/alpha/attachments/{attachment.uuid}/remove/"
    # A customer editor may not remove the provider's evidence: the page is not there.
    assert world.client("customer.program_manager").post(url, {"reason": "x"}).status_code == 404
    # A reason is required.
    response = world.client(EDITOR).post(url, {"reason": ""})
    assert response.status_code == 400
    assert not Attachment.objects.get().is_removed

    response = world.client("provider.program_manager").post(
        url, {"reason": "Superseded by the signed form", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"/programs/alpha/attachments/of/programs.onboardingitem/{item.pk}/"
    )
    attachment.refresh_from_db()
    assert attachment.is_removed
    assert attachment.removed_by == world.user("provider.program_manager")
    assert attachment.removal_reason == "Superseded by the signed form"
    assert (Path(settings.MEDIA_ROOT) / str(attachment.file.name)).is_file()
    assert list(attachment_services.attachments_of(item)) == []
    assert world.client(EDITOR).get(attachment.get_absolute_url()).status_code == 404
    assert world.client(EDITOR).post(url, {"reason": "again"}).status_code == 404

    events = AuditEvent.objects.filter(
        target_type__model="attachment", target_id=str(attachment.pk)
    ).order_by("pk")
    assert [e.action for e in events] == [AuditAction.ATTACH, AuditAction.REMOVE_FILE]
    removal = events.last()
    assert removal is not None
    assert removal.actor_party == Party.PROVIDER
    assert removal.changes["file"] == ["evidence.pdf", "evidence.pdf"]
    assert removal.changes["sha256"] == [attachment.sha256, attachment.sha256]
    assert removal.changes["removal_reason"] == ["", "Superseded by the signed form"]


def test_the_upload_page_still_checks_csrf(world: World, item: OnboardingItem) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user(EDITOR))
    response = upload(client, item, files.png(), "photo.png")
    assert response.status_code == 403
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_a_row_is_found_only_in_its_own_program_and_only_if_it_takes_files(
    world: World, item: OnboardingItem
) -> None:
    other = OnboardingItem.objects.create(program=world.other_program, title="Elsewhere")
    client = world.client(EDITOR)
    assert client.post(add_url(other).replace("/beta/", "/alpha/")).status_code == 404
    membership = world.program.memberships.first()
    assert membership is not None
    for target in (
        f"programs.membership/{membership.pk}",
        f"programs.nosuchmodel/{item.pk}",
        f"nonsense/{item.pk}",
        "programs.onboardingitem/999999",
    ):
        url = f"/programs/alpha/attachments/of/{target}/"
        assert client.get(url).status_code == 404, target
        assert (
            client.post(url + "add/", {"file": SimpleUploadedFile("a.txt", b"a")}).status_code
            == 404
        )
    assert not Attachment.objects.exists()


def test_a_register_names_who_attaches_through_its_hook(
    world: World, item: OnboardingItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E.g. a finding: the party that must answer it and the IV&V agent attach evidence."""

    def answering_party_and_ivv(self: OnboardingItem, user: Any) -> bool:
        membership = policy.membership_of(user, self.program)
        return membership is not None and membership.party in (Party.CUSTOMER, Party.INDEPENDENT)

    monkeypatch.setattr(OnboardingItem, "policy_may_attach", answering_party_and_ivv)
    assert (
        upload(world.client("independent.ivv_agent"), item, files.pdf(), "a.pdf").status_code == 302
    )
    assert upload(world.client("customer.viewer"), item, files.pdf(), "b.pdf").status_code == 302
    assert upload(world.client(EDITOR), item, files.pdf(), "c.pdf").status_code == 404
    assert upload(world.client(OUTSIDER), item, files.pdf(), "d.pdf").status_code == 404
    assert sorted(a.original_name for a in Attachment.objects.all()) == ["a.pdf", "b.pdf"]


# -- the page include ------------------------------------------------------------------------


def render_panel(world: World, username: str, item: OnboardingItem) -> str:
    request = RequestFactory().get("/programs/alpha/onboarding/1/edit/")
    request.user = world.user(username)
    template = Template('{% include "programs/includes/attachments.html" with target=item %}')
    return template.render(Context({"request": request, "item": item}))


def test_the_include_lists_files_and_offers_upload_and_removal_to_those_who_may(
    world: World, item: OnboardingItem
) -> None:
    attachment = attach(world, item, files.pdf(), "evidence.pdf", purpose="closure evidence")
    editor = render_panel(world, EDITOR, item)
    for text in (
        "evidence.pdf",
        "closure evidence",
        "PDF",
        attachment_services.uploader_name(attachment),
        attachment.get_absolute_url(),
        f"/programs/alpha/attachments/{attachment.uuid}/remove/",
        'enctype="multipart/form-data"',
        "up to 25 MB a file and 50 files an item",
    ):
        assert text in editor, text
    reader = render_panel(world, "customer.program_manager", item)
    assert attachment.get_absolute_url() in reader
    assert "/remove/" not in reader
    assert "multipart/form-data" not in reader
    assert render_panel(world, OUTSIDER, item).strip() == ""


def test_the_onboarding_items_page_shows_its_files(world: World, item: OnboardingItem) -> None:
    attach(world, item, files.png(), "photo.png")
    response = world.client("provider.program_manager").get(
        f"/programs/alpha/onboarding/{item.pk}/edit/"
    )
    assert response.status_code == 200
    assert "photo.png" in response.content.decode()
    files_page = world.client("customer.viewer").get(
        f"/programs/alpha/attachments/of/programs.onboardingitem/{item.pk}/"
    )
    assert files_page.status_code == 200
    assert "photo.png" in files_page.content.decode()
