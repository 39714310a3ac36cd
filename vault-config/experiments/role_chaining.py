# Role chaining on moto, for per-call narrowing with an STS session policy (issue 5, item 7).
#
# Question: can credentials Vault issued for a tool role (an assumed-role session) AssumeRole the same
# role again with a session policy that narrows them to one call's resources, on moto? And does moto
# enforce that session policy? Run (with the dev venv installed by vault-config/stack.sh install):
#
#   .jitgate/venv/bin/python vault-config/experiments/role_chaining.py role     # trust names the role ARN
#   .jitgate/venv/bin/python vault-config/experiments/role_chaining.py user     # trust names only Vault's user
#   .jitgate/venv/bin/python vault-config/experiments/role_chaining.py session  # trust names the exact session ARN
#
# Seen on moto 5.2.5 (2026-12-03): "role" and "user" are refused (AccessDenied on sts:AssumeRole: moto
# matches trust principals against the caller's exact ARN, assumed-role/<role>/<session>); "session"
# works, ~3.3 ms p50 per second AssumeRole on this 2-core machine (local moto, not real STS), and moto
# does NOT enforce the session policy (the narrowed credentials still read an object it excludes).
# Vault names sessions itself (the fallback engine: vault-<display name>-<time>-<random>), so a trust
# policy cannot name them: on moto the second hop is impossible for Vault-issued credentials.
# Port: ROLE_CHAINING_MOTO_PORT (default 19640).
import boto3, json, time, subprocess, urllib.request, os, sys
port = int(os.environ.get("ROLE_CHAINING_MOTO_PORT", "19640"))
ep = f"http://127.0.0.1:{port}"
env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="1000000000")
p = subprocess.Popen(["/work/wt-creds/.jitgate/venv/bin/moto_server", "-H", "127.0.0.1", "-p", str(port)], env=env,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            urllib.request.urlopen(ep + "/moto-api/", timeout=1); break
        except Exception:
            time.sleep(0.2)
    boot = dict(endpoint_url=ep, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    iam = boto3.client("iam", **boot); s3 = boto3.client("s3", **boot)
    user = iam.create_user(UserName="vault")["User"]["Arn"]
    role_arn = "arn:aws:iam::123456789012:role/tool"
    trust_variants = sys.argv[1] if len(sys.argv) > 1 else "role"
    principals = [user] + ([role_arn] if trust_variants == "role" else []) + (["arn:aws:sts::123456789012:assumed-role/tool/vault-1"] if trust_variants == "session" else [])
    iam.create_role(RoleName="tool", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principals}, "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(RoleName="tool", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::chain-bucket/*"},
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}]}))
    iam.put_user_policy(UserName="vault", PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}]}))
    key = iam.create_access_key(UserName="vault")["AccessKey"]
    s3.create_bucket(Bucket="chain-bucket"); s3.put_object(Bucket="chain-bucket", Key="k1", Body=b"1"); s3.put_object(Bucket="chain-bucket", Key="k2", Body=b"2")
    req = urllib.request.Request(ep + "/moto-api/reset-auth", data=b"0", headers={"Content-Type": "text/plain"}, method="POST")
    urllib.request.urlopen(req)
    sts_u = boto3.client("sts", endpoint_url=ep, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    c1 = sts_u.assume_role(RoleArn=role_arn, RoleSessionName="vault-1")["Credentials"]
    hop = dict(endpoint_url=ep, region_name="us-east-1", aws_access_key_id=c1["AccessKeyId"], aws_secret_access_key=c1["SecretAccessKey"], aws_session_token=c1["SessionToken"])
    sts1 = boto3.client("sts", **hop)
    print("hop1 caller:", sts1.get_caller_identity()["Arn"])
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::chain-bucket/k1"}]})
    times = []
    try:
        for i in range(30):
            t = time.perf_counter()
            c2 = sts1.assume_role(RoleArn=role_arn, RoleSessionName=f"jitgate-call-{i}", Policy=policy)["Credentials"]
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(f"second hop OK (trust={trust_variants}); AssumeRole ms p50={times[15]:.1f} p90={times[27]:.1f} max={times[-1]:.1f}")
        s3_2 = boto3.client("s3", endpoint_url=ep, region_name="us-east-1", aws_access_key_id=c2["AccessKeyId"], aws_secret_access_key=c2["SecretAccessKey"], aws_session_token=c2["SessionToken"])
        print("k1 with narrowed creds:", s3_2.get_object(Bucket="chain-bucket", Key="k1")["Body"].read())
        try:
            print("k2 with narrowed creds (session policy excludes it):", s3_2.get_object(Bucket="chain-bucket", Key="k2")["Body"].read(), "-> moto did NOT enforce the session policy")
        except Exception as e:
            print("k2 refused:", e)
    except Exception as e:
        print(f"second hop refused (trust={trust_variants}):", str(e)[:300])
finally:
    p.terminate(); p.wait()
