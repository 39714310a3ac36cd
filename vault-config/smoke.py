"""End-to-end check of the dev stack: OpenBao + AWS secrets engine plugin minting STS credentials
from moto, and moto enforcing authentication and IAM policies on them.

Run by smoke.sh against a private stack (it enforces auth in moto, which cannot be undone for the
requests already counted). Needs BAO_ADDR, BAO_TOKEN, JITGATE_MOTO_ENDPOINT, JITGATE_VENV and
JITGATE_AWS_ENGINE (openbao | fallback). Prints one line per check and "N passed, N failed".
"""

import json
import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

BAO_ADDR = os.environ["BAO_ADDR"]
BAO_TOKEN = os.environ["BAO_TOKEN"]
MOTO = os.environ["JITGATE_MOTO_ENDPOINT"]
BAO_CLI = os.path.join(os.environ["JITGATE_VENV"], "bin", "bao")
ENGINE = os.environ.get("JITGATE_AWS_ENGINE", "openbao")
PLUGIN = "openbao-plugin-secrets-aws"
REGION = "us-east-1"

ALLOWED_BUCKET = "jitgate-smoke-allowed"
OTHER_BUCKET = "jitgate-smoke-other"
ROLE = "jitgate-smoke-reader"
# Probe roles: each allows exactly one action name, to learn which name moto checks.
PROBES = {"jitgate-probe-listbucket": "s3:ListBucket", "jitgate-probe-listobjectsv2": "s3:ListObjectsV2"}

results = {"passed": 0, "failed": 0}
facts = []


def check(name, ok, detail=""):
    results["passed" if ok else "failed"] += 1
    print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  ({detail})" if detail else ""), flush=True)
    return ok


def fact(text):
    facts.append(text)
    print(f"FACT  {text}", flush=True)


def client(service, access_key, secret_key, token=None):
    return boto3.client(
        service,
        endpoint_url=MOTO,
        region_name=REGION,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=token,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def aws_error(fn):
    """Runs fn; returns (None, result) or ((http_status, error_code), None)."""
    try:
        return None, fn()
    except ClientError as e:
        return (e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"].get("Code")), None


def bao_api(method, path, body=None):
    req = urllib.request.Request(
        f"{BAO_ADDR}/v1/{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"X-Vault-Token": BAO_TOKEN, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else {})
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, {"raw": raw.decode(errors="replace")}


def bao_cli(*args):
    env = dict(os.environ, BAO_ADDR=BAO_ADDR, BAO_TOKEN=BAO_TOKEN)
    return subprocess.run([BAO_CLI, *args], env=env, capture_output=True, text=True, timeout=60)


def moto_reset_auth(count):
    # The body must be a plain-text number AND the Content-Type must not be a form type:
    # with application/x-www-form-urlencoded (curl -d, urllib's default) Flask eats the body
    # and moto answers 500 (float('')).
    req = urllib.request.Request(
        f"{MOTO}/moto-api/reset-auth", data=str(count).encode(), method="POST",
        headers={"Content-Type": "text/plain"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, json.loads(r.read())


def mint(role, session_name):
    out = bao_cli("write", "-format=json", f"aws/sts/{role}", "ttl=900", f"role_session_name={session_name}")
    if out.returncode != 0:
        raise RuntimeError(f"bao write aws/sts/{role} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def main():
    # ---- moto, auth still off: the IAM material a bootstrap would create -------------------
    admin = dict(access_key="bootstrap", secret_key="bootstrap")
    iam = client("iam", **admin)
    s3_admin = client("s3", **admin)
    user = iam.create_user(UserName="jitgate-vault-root")["User"]
    key = iam.create_access_key(UserName="jitgate-vault-root")["AccessKey"]
    account = user["Arn"].split(":")[4]
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": user["Arn"]}, "Action": "sts:AssumeRole"}]}
    bucket_arns = [f"arn:aws:s3:::{ALLOWED_BUCKET}", f"arn:aws:s3:::{ALLOWED_BUCKET}/*"]
    role_policies = {ROLE: ["s3:ListBucket", "s3:GetObject"], **{r: [a] for r, a in PROBES.items()}}
    role_arns = {}
    for name, actions in role_policies.items():
        role_arns[name] = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        iam.put_role_policy(RoleName=name, PolicyName="smoke", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": bucket_arns}]}))
    iam.put_user_policy(UserName="jitgate-vault-root", PolicyName="assume", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": list(role_arns.values())}]}))
    s3_admin.create_bucket(Bucket=ALLOWED_BUCKET)
    s3_admin.put_object(Bucket=ALLOWED_BUCKET, Key="hello.txt", Body=b"hello")
    s3_admin.create_bucket(Bucket=OTHER_BUCKET)
    check("moto: IAM user, access key, roles and buckets created with auth off", True, f"account {account}")

    # ---- OpenBao: the plugin, its config, a role, STS credentials ---------------------------
    status, body = bao_api("GET", f"sys/plugins/catalog/secret/{PLUGIN}")
    check("bao: -dev-plugin-dir registered the plugin under its file name", status == 200,
          f"GET sys/plugins/catalog/secret/{PLUGIN} -> {status}")
    out = bao_cli("secrets", "enable", "-path=aws", PLUGIN)
    if not check("bao: secrets enable -path=aws " + PLUGIN, out.returncode == 0, (out.stdout + out.stderr).strip()):
        return
    status, body = bao_api("POST", "aws/config/root", {
        "access_key": key["AccessKeyId"], "secret_key": key["SecretAccessKey"], "region": REGION,
        "iam_endpoint": MOTO, "sts_endpoint": MOTO})
    check("bao: write aws/config/root (iam_endpoint, sts_endpoint -> moto)", status in (200, 204), f"{status} {body}")
    for name, arn in role_arns.items():
        status, body = bao_api("POST", f"aws/roles/{name}", {
            "credential_type": "assumed_role", "role_arns": [arn], "default_sts_ttl": 900, "max_sts_ttl": 900})
        check(f"bao: write aws/roles/{name} (assumed_role, sts ttl 900)", status in (200, 204), f"{status} {body}")

    session_name = "smoke-" + secrets.token_hex(4)
    sts_resp = mint(ROLE, session_name)
    data = sts_resp["data"]
    token_field = "security_token" if data.get("security_token") else ("session_token" if data.get("session_token") else None)
    check("bao: write aws/sts/<role> ttl=900 role_session_name=... returns a credential",
          bool(data.get("access_key") and data.get("secret_key") and token_field),
          f"fields {sorted(data)}; lease_duration {sts_resp.get('lease_duration')}")
    fact(f"engine={ENGINE}: the STS session token is in field '{token_field}' (fields: {', '.join(sorted(data))})")
    check("bao: lease_duration is 900", sts_resp.get("lease_duration") == 900, str(sts_resp.get("lease_duration")))
    creds = dict(access_key=data["access_key"], secret_key=data["secret_key"], token=data[token_field])
    probe_creds = {}
    for name in PROBES:
        d = mint(name, "probe")["data"]
        probe_creds[name] = dict(access_key=d["access_key"], secret_key=d["secret_key"], token=d[token_field])

    # ---- moto: enforce auth ---------------------------------------------------------------
    status, body = moto_reset_auth(0)
    check("moto: POST /moto-api/reset-auth body '0' (Content-Type text/plain)", status == 200 and body.get("status") == "ok", json.dumps(body))

    s3 = client("s3", **creds)
    err, arn = aws_error(lambda: client("sts", **creds).get_caller_identity()["Arn"])
    check("minted credentials: sts:GetCallerIdentity works", err is None, arn or str(err))
    if arn:
        honoured = arn.endswith("/" + session_name)
        fact(f"engine={ENGINE}: assumed-role ARN {arn}; role_session_name {'honoured' if honoured else 'IGNORED'}")
        if ENGINE == "openbao":
            check("openbao plugin honours role_session_name", honoured, arn)

    err, keys = aws_error(lambda: [o["Key"] for o in s3.list_objects_v2(Bucket=ALLOWED_BUCKET).get("Contents", [])])
    check("minted credentials: ListObjectsV2 on the allowed bucket succeeds", err is None and keys == ["hello.txt"], str(err or keys))
    err, _ = aws_error(lambda: s3.get_object(Bucket=ALLOWED_BUCKET, Key="hello.txt")["Body"].read())
    check("minted credentials: GetObject on the allowed bucket succeeds", err is None, str(err))

    denied = [
        ("ListObjectsV2 on a bucket outside the policy", lambda: s3.list_objects_v2(Bucket=OTHER_BUCKET), (403, "AccessDenied")),
        ("PutObject (action not in the policy)", lambda: s3.put_object(Bucket=ALLOWED_BUCKET, Key="x", Body=b"x"), (403, "AccessDenied")),
        ("ListBuckets (action not in the policy)", lambda: s3.list_buckets(), (403, "AccessDenied")),
        ("iam:ListUsers (action not in the policy)", lambda: client("iam", **creds).list_users(), (403, "AccessDenied")),
        ("the same access key without its session token",
         lambda: client("s3", creds["access_key"], creds["secret_key"]).list_objects_v2(Bucket=ALLOWED_BUCKET), (403, "InvalidAccessKeyId")),
        ("the right access key with a wrong secret",
         lambda: client("s3", creds["access_key"], "x" * 40, creds["token"]).list_objects_v2(Bucket=ALLOWED_BUCKET), (403, "SignatureDoesNotMatch")),
        ("an access key moto never issued",
         lambda: client("s3", "AKIAJITGATEUNKNOWN00", "y" * 40).list_objects_v2(Bucket=ALLOWED_BUCKET), (403, "InvalidAccessKeyId")),
        ("the vault root user's own key (it may only sts:AssumeRole)",
         lambda: client("s3", key["AccessKeyId"], key["SecretAccessKey"]).list_objects_v2(Bucket=ALLOWED_BUCKET), (403, "AccessDenied")),
    ]
    for name, fn, want in denied:
        err, _ = aws_error(fn)
        check(f"refused: {name} -> {want[0]} {want[1]}", err == want, f"got {err}")

    # Unsigned requests: moto has no Authorization header to parse and fails with HTTP 500
    # (KeyError 'Authorization') rather than 403; what matters is that nothing is served.
    for path in (f"/{ALLOWED_BUCKET}?list-type=2", f"/{ALLOWED_BUCKET}/hello.txt"):
        try:
            with urllib.request.urlopen(MOTO + path, timeout=10) as r:
                code = r.status
        except urllib.error.HTTPError as e:
            code = e.code
        check(f"refused: unsigned GET {path}", code >= 400, f"HTTP {code}")
        fact(f"unsigned GET {path} -> HTTP {code}")

    # Which action name does moto check for ListObjectsV2?
    for name, action in PROBES.items():
        err, _ = aws_error(lambda: client("s3", **probe_creds[name]).list_objects_v2(Bucket=ALLOWED_BUCKET))
        fact(f"ListObjectsV2 with a role that allows only {action}: {'allowed' if err is None else err}")
    err_lb, _ = aws_error(lambda: client("s3", **probe_creds["jitgate-probe-listbucket"]).list_objects_v2(Bucket=ALLOWED_BUCKET))
    err_lv2, _ = aws_error(lambda: client("s3", **probe_creds["jitgate-probe-listobjectsv2"]).list_objects_v2(Bucket=ALLOWED_BUCKET))
    check("moto checks s3:ListBucket (the IAM action name), not s3:ListObjectsV2, for ListObjectsV2",
          err_lb is None and err_lv2 == (403, "AccessDenied"), f"ListBucket-only: {err_lb}; ListObjectsV2-only: {err_lv2}")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # report, do not hide, unexpected failures
        check("smoke ran to the end", False, f"{type(e).__name__}: {e}")
    print(f"smoke: {results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)
