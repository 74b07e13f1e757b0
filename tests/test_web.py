"""The self-check page's API (crosscheck/web/): uploads, limits, safety, downloads.

The app runs in-process (the test client); every check runs in a worker process of its
own, as under ``crosscheck serve``.
"""

from __future__ import annotations

import io
import json
import re
import socket
import subprocess
import sys
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra (FastAPI) is not installed")

from fastapi.testclient import TestClient

import crosscheck
from crosscheck.web.app import create_app
from crosscheck.web.settings import WebSettings
from crosscheck.web.uploads import safe_name

from .conftest import CORPUS, SEEDS

SEED_000 = CORPUS / "000_0b8a2aad63db18d1.txt"


def client_for(**settings: object) -> TestClient:
    app = create_app(WebSettings(**settings))  # type: ignore[arg-type]
    return TestClient(app, base_url="http://127.0.0.1:8765")


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    with client_for(timeout=120) as test_client:
        yield test_client


def upload(client: TestClient, name: str, body: bytes, lang: str = "zh"):  # type: ignore[no-untyped-def]
    return client.post("/api/check", params={"name": name, "lang": lang}, content=body)


def expected(path: Path) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """What ``crosscheck.check`` finds in the file: rule, message, evidence spans."""
    return [
        (f.rule, f.message, [(e.span.start, e.span.end, e.text) for e in f.evidence])
        for f in crosscheck.check(path=path).findings
    ]


def got(report: dict) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    return [
        (f["rule"], f["message"], [(e["start"], e["end"], e["text"]) for e in f["evidence"]])
        for f in report["findings"]
    ]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_each_seed_uploaded_gets_its_findings_in_place(client: TestClient, seed: Path) -> None:
    response = upload(client, seed.name, seed.read_bytes())
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["report"]["schema"] == "crosscheck/report@1"
    assert data["report"]["file"] == data["name"] == seed.name  # never the temporary file
    assert got(data["report"]) == expected(seed)
    assert data["counts"]["total"] == len(data["report"]["findings"])
    for finding in data["report"]["findings"]:
        for evidence in finding["evidence"]:  # each span marked in the page
            assert f'id="r0-o{evidence["start"]}"' in data["html"]
    if not data["report"]["findings"]:
        assert "未发现问题" in data["html"]


def test_seed_000_shows_the_249_against_75_conflict(client: TestClient) -> None:
    data = upload(client, SEED_000.name, SEED_000.read_bytes()).json()
    conflict = next(f for f in data["report"]["findings"] if f["rule"] == "CC201")
    assert {e["text"] for e in conflict["evidence"]} >= {"249%", "75%"}
    assert "249%" in conflict["message"] and "75%" in conflict["message"]


def test_english_messages_with_lang_en(client: TestClient) -> None:
    data = upload(client, SEED_000.name, SEED_000.read_bytes(), lang="en").json()
    assert "stated with different values" in json.dumps(data["report"], ensure_ascii=False)
    assert "findings (2 errors" in data["html"]


def test_an_upload_over_the_cap_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with client_for(max_bytes=1000) as small:
        declared = upload(small, "big.txt", "预算".encode() * 400)
        assert declared.status_code == 413
        assert declared.json()["error"]["message"] == (
            "文件过大（2.3 KB），上限为 1000 B：请拆分后分别核对"
        )

        def chunks():  # no Content-Length: counted while it is read, cut at the cap
            for _ in range(100):
                yield "预算执行".encode() * 10

        streamed = small.post("/api/check", params={"name": "big.txt"}, content=chunks())
        assert streamed.status_code == 413
        assert "文件超过上限 1000 B" in streamed.json()["error"]["message"]
        ahead = small.get("/api/precheck", params={"name": "big.docx", "size": 5000, "lang": "en"})
        assert ahead.status_code == 413
        assert "too big (4.9 KB); the limit is 1000 B" in ahead.json()["error"]["message"]
        fits = small.get("/api/precheck", params={"name": "small.docx", "size": 999})
        assert fits.status_code == 200 and fits.json() == {"ok": True}


def test_the_default_cap_is_50_mb(client: TestClient) -> None:
    response = client.get("/api/precheck", params={"name": "a.pdf", "size": 50 * 1024 * 1024 + 1})
    assert response.status_code == 413 and "上限为 50 MB" in response.json()["error"]["message"]
    at_cap = client.get("/api/precheck", params={"name": "a.pdf", "size": 50 * 1024 * 1024})
    assert at_cap.status_code == 200


def test_a_binary_file_gets_a_clear_error_naming_the_upload(client: TestClient) -> None:
    binary = bytes(range(256)) * 64
    as_text = upload(client, "报告.txt", binary)
    assert as_text.status_code == 422
    assert as_text.json()["error"]["message"] == "不是文本文件（含二进制内容）"
    as_docx = upload(client, "报告.docx", binary)
    assert as_docx.status_code == 422
    message = as_docx.json()["error"]["message"]
    assert "DOCX" in message and "报告.docx" in message
    assert "crosscheck-upload" not in message and tempfile.gettempdir() not in message


@pytest.mark.parametrize(
    ("name", "body", "status", "words"),
    [
        ("空白.txt", b"", 422, "为空"),
        ("空白.docx", b"", 422, "空白.docx"),
        ("旧格式.doc", b"\xd0\xcf\x11\xe0", 415, "请另存为 .docx"),
        ("扫描件.png", b"\x89PNG", 415, "不支持的文件类型（.png）"),
        ("无后缀", "正文".encode(), 415, "无后缀"),
    ],
)
def test_unsupported_and_empty_files_get_a_clear_chinese_message(
    client: TestClient, name: str, body: bytes, status: int, words: str
) -> None:
    response = upload(client, name, body)
    assert response.status_code == status
    assert words in response.json()["error"]["message"]
    if status == 415:  # said before the body is read, and by the precheck too
        ahead = client.get("/api/precheck", params={"name": name, "size": len(body)})
        assert ahead.status_code == 415


def test_concurrent_uploads_each_get_their_own_results(client: TestClient) -> None:
    jobs = [(f"{i}-{seed.name}", seed) for i, seed in enumerate(SEEDS * 2)]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        answers = list(pool.map(lambda job: upload(client, job[0], job[1].read_bytes()), jobs))
    tokens = set()
    for (name, seed), answer in zip(jobs, answers, strict=True):
        data = answer.json()
        assert data["report"]["file"] == name and data["name"] == name
        assert got(data["report"]) == expected(seed)
        assert f'<h2 class="cc-file">{name}</h2>' in data["html"]
        tokens.add(data["token"])
        download = json.loads(client.get(f"/api/report/{data['token']}/json").text)
        assert download["file"] == name and got(download) == expected(seed)
    assert len(tokens) == len(jobs)


def test_a_document_containing_script_is_shown_as_text(client: TestClient) -> None:
    text = (
        "青禾县文化馆2023年度绩效自评报告\n"
        '<script>document.title="pwned"</script><img src=x onerror=alert(1)>\n'
        "本馆现有馆员12人，其中在编人员8人，聘用人员3人。\n"
    )
    data = upload(client, '<img src=x onerror="alert(2)">.txt', text.encode()).json()
    assert data["report"]["findings"]  # a finding, so the page has marks too
    page = data["html"]
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<h2 class="cc-file">&lt;img src=x onerror=&quot;alert(2)&quot;&gt;.txt</h2>' in page


def test_no_path_from_the_client_is_opened(client: TestClient) -> None:
    for name in ("../../../etc/passwd.txt", "/etc/hosts.txt", "..\\..\\boot.ini.txt"):
        data = upload(client, name, SEED_000.read_bytes()).json()
        assert data["name"] == re.split(r"[\\/]", name)[-1]
        assert got(data["report"]) == expected(SEED_000)  # what was sent, not that file
    assert safe_name("../..", "粘贴的文字.txt") == "粘贴的文字.txt"
    assert safe_name("a\x00b\x1b.txt", "x") == "ab.txt"
    assert safe_name("长" * 300 + ".docx", "x") == "长" * 115 + ".docx"


def test_uploads_are_deleted_when_checked(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert upload(client, "a.txt", SEED_000.read_bytes()).status_code == 200
    assert upload(client, "b.txt", b"\x00\x01" * 50).status_code == 422
    with client_for(max_bytes=10) as small:
        assert upload(small, "c.txt", b"x" * 20).status_code == 413

        def chunks():
            yield b"x" * 8
            yield b"x" * 8

        assert (
            small.post("/api/check", params={"name": "d.txt"}, content=chunks()).status_code == 413
        )
    assert list(tmp_path.iterdir()) == []


def test_a_check_that_takes_too_long_is_an_error_not_a_hang() -> None:
    long_report = SEED_000.read_bytes() * 40
    with client_for(timeout=0.2) as hurried:
        response = upload(hurried, "长报告.txt", long_report)
        assert response.status_code == 504
        assert response.json()["error"]["message"] == "超过 0.2 秒仍未完成，已放弃（--timeout）"
        # the server goes on: a short document is checked afterwards
        short = upload(
            hurried, "短.txt", "本馆现有馆员12人，其中在编人员8人，聘用人员3人。".encode()
        )
        assert short.status_code == 200 and short.json()["report"]["findings"]


def test_downloads_xlsx_json_html(client: TestClient) -> None:
    from openpyxl import load_workbook

    data = upload(client, "岳麓区报告.txt", SEED_000.read_bytes()).json()
    token = data["token"]
    as_json = client.get(f"/api/report/{token}/json")
    assert as_json.status_code == 200 and json.loads(as_json.text) == data["report"]
    assert (
        "filename*=UTF-8''%E5%B2%B3%E9%BA%93%E5%8C%BA%E6%8A%A5%E5%91%8A-"
        in (as_json.headers["content-disposition"])
    )
    as_xlsx = client.get(f"/api/report/{token}/xlsx")
    sheet = load_workbook(io.BytesIO(as_xlsx.content))["findings"]
    rows = list(sheet.iter_rows(values_only=True))
    # the upload's language (zh) heads the columns (report.sheets)
    assert rows[0][:3] == ("文件", "规则", "规则名称") and len(rows) == 1 + len(
        data["report"]["findings"]
    )
    assert {r[0] for r in rows[1:]} == {"岳麓区报告.txt"}
    as_html = client.get(f"/api/report/{token}/html").text
    assert as_html.startswith("<!doctype html>") and data["html"] in as_html
    assert "<style>" in as_html and "<script>" in as_html  # opens offline, from a file
    missing = client.get("/api/report/not-a-token/json")
    assert missing.status_code == 404 and "请重新上传" in missing.json()["error"]["message"]
    assert client.get(f"/api/report/{token}/pdf").status_code == 404


def test_old_results_are_dropped_beyond_the_number_kept() -> None:
    text = "本馆现有馆员12人，其中在编人员8人，聘用人员3人。".encode()
    with client_for(results_kept=2) as small:
        tokens = [upload(small, f"{i}.txt", text).json()["token"] for i in range(3)]
        assert small.get(f"/api/report/{tokens[0]}/json").status_code == 404
        assert all(small.get(f"/api/report/{t}/json").status_code == 200 for t in tokens[1:])


def test_the_page_is_served_whole_by_the_app_in_chinese_or_english(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    markup = page.text
    assert "把报告文件拖到这里" in markup and "或者粘贴报告的文字" in markup
    assert "最大 50 MB" in markup
    references = re.findall(r'(?:src|href)="([^"]*)"', markup)
    assert references and all(r.startswith(("/", "#", "?")) for r in references)  # no CDN
    for asset in re.findall(r'(?:src|href)="(/static/[^"]*)"', markup):
        assert client.get(asset).status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    english = client.get("/", params={"lang": "en"}).text
    assert "Drop a report here" in english and "把报告" not in english
    assert client.get("/docs").status_code == 404  # its page would load a CDN's scripts


def test_static_files_are_a_fixed_list(client: TestClient) -> None:
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    for name in ("../pyproject.toml", "..%2F..%2Fpyproject.toml", "html.py", "settings.py"):
        assert client.get(f"/static/{name}").status_code == 404


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_binds_loopback_prints_its_address_and_serves(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "crosscheck", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match and line.startswith("crosscheck 自查页面："), line
        with urllib.request.urlopen(match.group(0), timeout=30) as response:
            assert "把报告文件拖到这里" in response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_on_a_port_in_use_is_one_line_and_exit_2(capsys) -> None:  # type: ignore[no-untyped-def]
    from crosscheck.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"无法在 127.0.0.1:{port} 上启动网页服务" in err


def test_serve_without_the_web_extra_says_what_to_install(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from crosscheck.cli import main

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["serve", "--port", str(_free_port())]) == 2
    assert "pip install 'crosscheck-cn-budget[web]'（缺少 uvicorn）" in capsys.readouterr().err


def test_serve_refuses_a_cap_or_timeout_of_zero(capsys) -> None:  # type: ignore[no-untyped-def]
    from crosscheck.cli import main

    assert main(["serve", "--max-size", "0"]) == 2
    assert main(["serve", "--timeout", "0"]) == 2
    assert "--max-size > 0" in capsys.readouterr().err


def test_only_loopback_names_reach_a_loopback_server(client: TestClient) -> None:
    """A page elsewhere whose name was made to point at 127.0.0.1 (DNS rebinding) sends its
    own name as Host: it is refused; the names of this machine are not."""
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "localhost"):
        assert client.get("/", headers={"host": host}).status_code == 200
    for host in ("evil.example:8765", "192.168.1.5:8765", ""):
        assert client.get("/", headers={"host": host}).status_code == 400
    with client_for(host="0.0.0.0") as open_to_all:  # told to serve the network: any name
        assert open_to_all.get("/", headers={"host": "192.168.1.5:8765"}).status_code == 200
