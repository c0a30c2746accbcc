"""Downloading a page or a picture: a timeout, a browser-like User-Agent, redirects followed, a size
cap, and an error an editor understands for each way it can fail."""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit


class FetchError(Exception):
    """A download that failed; the message says what happened and what to do, in both languages."""


@dataclass(frozen=True)
class Response:
    url: str                  # the address after redirects
    status: int
    content_type: str         # "text/html" (no parameters), "" when not given
    charset: str | None
    data: bytes


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 10       # then urllib raises an HTTPError (a loop)

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(f"{req.full_url}: chuyển hướng tới '{newurl}' bị từ chối (chỉ http/https) — a redirect to "
                             f"'{newurl}' was refused (http/https only)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, timeout: float, user_agent: str, max_bytes: int, accept: str) -> Response:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(f"{url}: chỉ tải được địa chỉ http/https — only http/https addresses are downloaded")
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": accept,
                                                   "Accept-Language": "vi,en;q=0.5"})
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    urllib.request.HTTPDefaultErrorHandler(), _Redirects(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    try:
        with opener.open(request, timeout=timeout) as answer:
            length = answer.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(_too_big(url, int(length), max_bytes))
            data = answer.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchError(_too_big(url, None, max_bytes))
            headers: Message = answer.headers
            return Response(answer.geturl(), answer.status, headers.get_content_type() if headers.get("Content-Type") else "",
                            headers.get_content_charset(), data)
    except urllib.error.HTTPError as exc:
        raise FetchError(_http_error(url, exc.code, exc.reason)) from None
    except urllib.error.URLError as exc:
        raise FetchError(_network_error(url, exc.reason)) from None
    except (socket.timeout, TimeoutError):
        raise FetchError(f"{url}: quá {timeout:g} giây không có trả lời — no answer within {timeout:g} seconds; "
                         "thử lại sau hoặc lưu trang từ trình duyệt rồi nhập tệp .html — try again later, or save the "
                         "page from the browser and import the .html file") from None
    except (ConnectionError, ssl.SSLError, OSError) as exc:
        raise FetchError(_network_error(url, exc)) from None


def _too_big(url: str, size: int | None, limit: int) -> str:
    shown = f"{size / 1e6:.1f} MB" if size else f"hơn — more than {limit / 1e6:.1f} MB"
    return (f"{url}: quá lớn ({shown}; giới hạn {limit / 1e6:.1f} MB) — too large ({shown}; the limit is "
            f"{limit / 1e6:.1f} MB)")


def _http_error(url: str, code: int, reason) -> str:
    if 300 <= code < 400:
        return (f"{url}: chuyển hướng bị từ chối ({reason}; chỉ http/https, tối đa 10 lần) — a redirect was refused "
                f"({reason}; http/https only, at most 10)")
    if code == 404 or code == 410:
        return (f"{url}: không có trang này (HTTP {code}) — no such page (HTTP {code}); kiểm tra lại địa chỉ — check "
                "the address (copy it from the browser's address bar)")
    if code in (401, 403):
        return (f"{url}: trang từ chối truy cập (HTTP {code}) — the site refused access (HTTP {code}); lưu trang từ "
                "trình duyệt rồi nhập tệp .html — save the page from the browser and import the .html file")
    if code >= 500:
        return f"{url}: máy chủ của trang đang lỗi (HTTP {code}) — the site's server failed (HTTP {code}); thử lại sau — try again later"
    return f"{url}: trang trả lời lỗi HTTP {code} ({reason}) — the site answered HTTP {code} ({reason})"


def _network_error(url: str, reason) -> str:
    text = str(reason)
    if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in text:
        return (f"{url}: không có trả lời kịp thời — no answer in time; thử lại sau hoặc lưu trang từ trình duyệt "
                "rồi nhập tệp .html — try again later, or save the page and import the .html file")
    if isinstance(reason, socket.gaierror) or "Name or service not known" in text or "nodename" in text:
        return (f"{url}: không tìm thấy máy chủ (không có mạng, hoặc tên miền sai) — cannot find the server (no "
                "network, or a wrong domain name); kiểm tra kết nối mạng và địa chỉ — check the connection and the "
                "address")
    if isinstance(reason, ConnectionRefusedError) or "refused" in text:
        return (f"{url}: không kết nối được (máy chủ từ chối) — cannot connect (connection refused); kiểm tra mạng và "
                "địa chỉ — check the network and the address")
    if isinstance(reason, ssl.SSLError) or "CERTIFICATE" in text.upper():
        return f"{url}: lỗi chứng chỉ bảo mật — TLS certificate problem ({text})"
    return f"{url}: không tải được — cannot download it ({text}); kiểm tra kết nối mạng — check the network connection"
