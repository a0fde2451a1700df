"""The emulators' control endpoints (used by the development run) and their thread safety."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from bots import dingtalk, wechat


def test_wechat_control_endpoints_drive_a_full_send(wechat_emulator, wechat_url, wechat_client):
    code = requests.post(f"{wechat_url}/_emulator/codes", json={"openid": "o-dev"}).json()["code"]
    requests.post(
        f"{wechat_url}/_emulator/accepts",
        json={"openid": "o-dev", "template_id": "tmpl-x", "count": 1},
    )

    openid = wechat.code_to_session(wechat_client, code)["openid"]
    wechat.send_subscribe_message(
        wechat_client, openid, "tmpl-x", {"thing1": {"value": "面试邀请"}}, "pages/index"
    )
    listed = requests.get(f"{wechat_url}/_emulator/messages").json()["messages"]

    assert [(m["touser"], m["data"]["thing1"]["value"]) for m in listed] == [("o-dev", "面试邀请")]
    requests.post(f"{wechat_url}/_emulator/reset")
    assert requests.get(f"{wechat_url}/_emulator/messages").json()["messages"] == []


def test_wechat_injected_failures_over_http(wechat_emulator, wechat_url):
    requests.post(f"{wechat_url}/_emulator/fail", json={"count": 2, "status": 502})

    statuses = [requests.get(f"{wechat_url}/cgi-bin/token").status_code for _ in range(3)]

    assert statuses == [502, 502, 200]


def test_wechat_expire_tokens_over_http(wechat_emulator, wechat_url, wechat_client):
    wechat_emulator.grant_accepts("o1", "tmpl-x", count=2)
    data = {"thing1": {"value": "面试邀请"}}
    wechat.send_subscribe_message(wechat_client, "o1", "tmpl-x", data, None)

    requests.post(f"{wechat_url}/_emulator/expire-tokens")
    wechat.send_subscribe_message(wechat_client, "o1", "tmpl-x", data, None)

    calls = requests.get(f"{wechat_url}/_emulator/calls").json()["calls"]
    assert [c["errcode"] for c in calls if c["path"].endswith("/send")] == [0, 42001, 0]


def test_dingtalk_users_and_messages_over_http(dingtalk_emulator, dingtalk_url, dingtalk_client):
    requests.post(
        f"{dingtalk_url}/_emulator/users",
        json={"userid": "manager4220", "name": "李娜", "dept_id_list": [12]},
    )

    user = dingtalk.get_user(dingtalk_client, "manager4220")
    dingtalk.send_work_notification(
        dingtalk_client, 1000001, ["manager4220"], dingtalk.markdown_message("t", "x", "evt-1")
    )
    listed = requests.get(f"{dingtalk_url}/_emulator/messages").json()["messages"]

    assert (user["name"], user["dept_id_list"]) == ("李娜", [12])
    assert [(m["userid"], m["dropped"]) for m in listed] == [("manager4220", False)]


def test_concurrent_sends_all_recorded_once(dingtalk_emulator, dingtalk_client):
    def send(n: int) -> int:
        msg = dingtalk.markdown_message("t", f"消息 {n}", f"evt-{n}")
        return dingtalk.send_work_notification(dingtalk_client, 1000001, ["hr01"], msg)

    with ThreadPoolExecutor(max_workers=16) as pool:
        task_ids = list(pool.map(send, range(60)))

    assert len(set(task_ids)) == 60
    assert len(dingtalk_emulator.delivered("hr01")) == 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_development_command_serves_both_emulators_on_the_ports_it_is_given():
    root = Path(__file__).resolve().parents[2]
    wechat_port, ding_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "WECHAT_EMULATOR_PORT": str(wechat_port),
        "DINGTALK_EMULATOR_PORT": str(ding_port),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bots.emulators"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner = proc.stdout.readline() + proc.stdout.readline()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                token = requests.get(
                    f"http://127.0.0.1:{wechat_port}/cgi-bin/token",
                    params={
                        "grant_type": "client_credential",
                        "appid": "wx-emulator-appid",
                        "secret": "wx-emulator-secret",
                    },
                    timeout=1,
                ).json()
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        ding = requests.get(
            f"http://127.0.0.1:{ding_port}/gettoken",
            params={"appkey": "ding-emulator-appkey", "appsecret": "ding-emulator-appsecret"},
            timeout=1,
        ).json()
    finally:
        proc.terminate()
        proc.communicate(timeout=10)  # reads and closes its pipes

    assert f"http://127.0.0.1:{wechat_port}" in banner
    assert f"http://127.0.0.1:{ding_port}" in banner
    assert token["expires_in"] == 7200
    assert ding["errcode"] == 0 and ding["access_token"]
