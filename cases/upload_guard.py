"""Bounds on a request that carries files, kept while its body streams in, before Django
spools a byte of it to memory or a temporary file.

- File parts reach only views marked ``@takes_files(n)``, and only from a signed-in visitor
  unless the mark says otherwise (the inbound mail webhook). Anywhere else the first file
  part stops the parsing and the request is refused (400): a login form never writes
  anyone's files to disk.
- A body larger than MAX_UPLOAD_REQUEST_BYTES (the files, plus room for the form's fields)
  is refused (413) from its Content-Length, unread; the files' bytes are counted again as
  they arrive.
- One file past 10 MB, or more files than the view takes, is skipped unread and the view's
  form says so at the file field, keeping everything else that was typed.

The handler finds the view in ``request.resolver_match``: the body is parsed in
UploadGuardMiddleware.process_view, after the URL is resolved and before CsrfViewMiddleware
would read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import QueryDict
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .uploads import MAX_UPLOAD_BYTES

# Room for a form's fields (its text, the CSRF token, the multipart headers) beside its files.
FORM_FIELDS_BYTES = 1024 * 1024

# Why files were refused: request.upload_refusal holds one of these.
FILE_TOO_LARGE = "file_too_large"        # the form says so at its field
TOO_MANY_FILES = "too_many_files"        # the form says so at its field
REQUEST_TOO_LARGE = "request_too_large"  # the middleware answers 413
FILES_NOT_TAKEN = "files_not_taken"      # the middleware answers 400
_WHOLE_REQUEST = {REQUEST_TOO_LARGE, FILES_NOT_TAKEN}


@dataclass(frozen=True)
class FilesTaken:
    max_files: int
    signed_out: bool = False


def takes_files(max_files: int, *, signed_out: bool = False):
    """Mark a view that accepts up to ``max_files`` file parts (from signed-in visitors
    only, unless ``signed_out``). Put it under login_required and friends: their
    functools.wraps carries the mark out to the function the URL resolves to."""
    def mark(view):
        view.files_taken = FilesTaken(max_files, signed_out)
        return view
    return mark


def upload_refusal(request) -> str | None:
    """What the guard refused in this request, if anything (one of the codes above)."""
    return getattr(request, "upload_refusal", None)


def _files_taken(request) -> int:
    match = getattr(request, "resolver_match", None)
    taken = getattr(match.func, "files_taken", None) if match else None
    if taken is None:
        return 0
    user = getattr(request, "user", None)
    if not taken.signed_out and not (user is not None and user.is_authenticated):
        return 0
    return taken.max_files


class UploadGuardHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS, so a file it skips never reaches the memory or
    temporary-file handlers after it."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.max_files = _files_taken(self.request)
        self.files_seen = 0
        self.request_bytes = 0
        if content_length > settings.MAX_UPLOAD_REQUEST_BYTES + FORM_FIELDS_BYTES:
            self._refuse(REQUEST_TOO_LARGE)
            return QueryDict(encoding=encoding), MultiValueDict()  # the body is never read
        return None

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        self.files_seen += 1
        if not self.max_files:
            self._refuse(FILES_NOT_TAKEN)
            raise StopUpload  # stop parsing here; the rest of the body is drained unstored
        if self.files_seen > self.max_files:
            # Skipped before the handlers after this one open a file for it. (The parser
            # then closes the files they hold, the last one read too: the form ignores a
            # refused request's files.)
            self._refuse(TOO_MANY_FILES)
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        self.request_bytes += len(raw_data)
        if self.request_bytes > settings.MAX_UPLOAD_REQUEST_BYTES:
            # Only when the body is longer than its Content-Length said (a server that
            # does not cut it there): the same refusal, counted from the bytes themselves.
            self._refuse(REQUEST_TOO_LARGE)
            raise StopUpload(connection_reset=True)
        if self.received > MAX_UPLOAD_BYTES:
            self._refuse(FILE_TOO_LARGE)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self, code: str) -> None:
        """Remember why; a refusal of the whole request outranks one of a single file."""
        if code in _WHOLE_REQUEST or upload_refusal(self.request) is None:
            self.request.upload_refusal = code


class UploadGuardMiddleware:
    """Parses a multipart POST (through UploadGuardHandler) once its view is known and
    answers a refusal of the whole request with a page that says why. Placed before
    CsrfViewMiddleware, which would otherwise parse it and answer a refused body with 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        try:
            request.POST  # noqa: B018 - parsing is the point
        except TooManyFilesSent:
            return _refused(request, 400, _(
                "That was more files than any form here takes. Nothing was saved. Go back "
                "and choose fewer files."))
        refusal = upload_refusal(request)
        if refusal == REQUEST_TOO_LARGE:
            return _refused(request, 413, _(
                "The files you sent add up to more than %(limit)s MB, the most one form "
                "takes. Nothing was saved. Go back and send fewer or smaller files.")
                % {"limit": settings.MAX_UPLOAD_REQUEST_BYTES // (1024 * 1024)})
        if refusal == FILES_NOT_TAKEN:
            return _refused(request, 400, _(
                "This page does not take files, so nothing was sent. Go back and try again "
                "without a file."))
        return None


def _refused(request, status: int, message: str):
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = ""
    return render(request, "cases/upload_refused.html", {"message": message, "back": back},
                  status=status)
