"""deploy/kubernetes/: valid for Kubernetes (kubernetes-validate's schemas, shipped in its wheel:
checked with the network cut off), and consistent with MLScope and with itself: probes, replicas,
disruption budget, non-root pods, secrets only by reference, the commands MLScope accepts."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from kubernetes_validate.utils import ValidationError

from tests.deploy.agreement import (
    PRIVATE_PATHS,
    ROOT,
    VERSION,
    assert_mlscope_command,
    assert_settings,
    docs_secret_keys,
    public_paths,
)

MANIFESTS = sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml"))
OLDEST = "1.25"  # docs/deploy.md: the Kubernetes versions these manifests are for
IMAGE = f"registry.example.com/mlscope:{VERSION}"


def documents() -> dict[str, dict]:
    found = {}
    for path in MANIFESTS:
        for document in yaml.safe_load_all(path.read_text()):
            found[document["kind"]] = document
    return found


@pytest.fixture
def offline(monkeypatch):
    """No connection can be opened: the schemas must come from the installed package."""

    def refuse(*args, **kwargs):
        raise AssertionError("kubernetes-validate tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize("version", [OLDEST, kubernetes_validate.utils.latest_version()])
@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_every_manifest_is_valid_kubernetes_offline(path: Path, version, offline):
    for document in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(document, version, strict=True)


def test_validation_rejects_a_broken_manifest(offline):
    deployment = documents()["Deployment"]
    misspelled = deployment | {"spec": deployment["spec"] | {"replica": 2}}
    with pytest.raises(ValidationError):
        kubernetes_validate.validate(misspelled, OLDEST, strict=True)
    wrong_type = deployment | {"spec": deployment["spec"] | {"replicas": "two"}}
    with pytest.raises(ValidationError):
        kubernetes_validate.validate(wrong_type, OLDEST, strict=True)


def pods() -> dict[str, dict]:
    """Each workload's pod spec."""
    kinds = documents()
    return {
        "Deployment": kinds["Deployment"]["spec"]["template"]["spec"],
        "Job": kinds["Job"]["spec"]["template"]["spec"],
        "CronJob": kinds["CronJob"]["spec"]["jobTemplate"]["spec"]["template"]["spec"],
    }


@pytest.mark.parametrize("kind", ["Deployment", "Job", "CronJob"])
def test_every_pod_runs_the_same_image_as_a_user_that_is_not_root_on_a_read_only_root(kind):
    pod = pods()[kind]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    (container,) = pod["containers"]
    assert container["image"] == IMAGE, "every workload runs this version's image"
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]},
    }
    tmp = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}["/tmp"]
    assert "emptyDir" in {v["name"]: v for v in pod["volumes"]}[tmp], "matplotlib's cache needs a writable /tmp"
    assert container["resources"]["requests"] and container["resources"]["limits"]["memory"]
    assert_mlscope_command(container["args"])


@pytest.mark.parametrize("kind", ["Deployment", "Job", "CronJob"])
def test_secrets_are_files_of_the_secret_the_docs_create_never_values(kind):
    pod = pods()[kind]
    (container,) = pod["containers"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = {m["mountPath"]: volumes[m["name"]] for m in container["volumeMounts"]}
    env = {e["name"]: e for e in container["env"]}
    settings = assert_settings(list(env))
    assert "database_url" in settings
    for name, variable in env.items():
        assert set(variable) == {"name", "value"}
        if name.endswith("_FILE"):
            folder, key = variable["value"].rsplit("/", 1)
            assert mounts[folder]["secret"]["secretName"] == "mlscope", name
            assert key in docs_secret_keys(), f"{name}: docs/deploy.md's kubectl create secret makes no {key}"
    assert all(
        m.get("readOnly") for path, m in zip(mounts, container["volumeMounts"], strict=True) if "secret" in mounts[path]
    )


def test_the_configmap_holds_settings_and_no_secret():
    assert_settings(list(documents()["ConfigMap"]["data"]))


def test_the_deployment_runs_replicas_ready_on_readyz_alive_on_healthz():
    kinds = documents()
    deployment = kinds["Deployment"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert deployment["spec"]["replicas"] >= 2
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert container["args"] == ["serve", "--no-migrate"], "migrations are the Job's; the scheduler is on"
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["http"] == int(kinds["ConfigMap"]["data"]["PORT"])
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}


def test_the_budget_the_service_and_the_ingress_select_the_deployments_pods():
    kinds = documents()
    labels = kinds["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert kinds["Deployment"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    budget = kinds["PodDisruptionBudget"]["spec"]
    assert budget["selector"]["matchLabels"].items() <= labels.items()
    assert 1 <= budget["minAvailable"] < kinds["Deployment"]["spec"]["replicas"], "a drain can still move a pod"
    service = kinds["Service"]["spec"]
    assert service["selector"].items() <= labels.items() and service["ports"][0]["targetPort"] == "http"
    for rule in kinds["Ingress"]["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            assert path["backend"]["service"] == {
                "name": kinds["Service"]["metadata"]["name"],
                "port": {"name": "http"},
            }


def _ingress_passes_on(path: str) -> bool:
    """Kubernetes' path matching: Exact, or Prefix by whole path elements."""
    for rule in documents()["Ingress"]["spec"]["rules"]:
        for route in rule["http"]["paths"]:
            prefix = route["path"].rstrip("/")
            if route["pathType"] == "Exact" and path == route["path"]:
                return True
            if route["pathType"] == "Prefix" and (path == prefix or path.startswith(prefix + "/")):
                return True
    return False


def test_the_ingress_exposes_what_slack_and_pipelines_call_and_nothing_else():
    assert all(_ingress_passes_on(path) for path in public_paths()), public_paths()
    assert not any(_ingress_passes_on(path) for path in PRIVATE_PATHS)
    assert not _ingress_passes_on("/slackware")


def test_the_migration_job_and_the_optional_tick():
    kinds = documents()
    (migrate,) = kinds["Job"]["spec"]["template"]["spec"]["containers"]
    assert migrate["args"] == ["db", "upgrade"]
    assert {e["name"] for e in migrate["env"]} == {"DATABASE_URL_FILE"}, "the job needs the database only"
    tick = kinds["CronJob"]["spec"]
    (container,) = tick["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert container["args"][0] == "tick" and tick["schedule"] == "* * * * *"
    assert tick["concurrencyPolicy"] == "Forbid", "two ticks never overlap"
    assert tick["jobTemplate"]["spec"]["activeDeadlineSeconds"] > 50, "a tick's budget is 50 s"
    deployment_env = {e["name"] for e in kinds["Deployment"]["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert {e["name"] for e in container["env"]} == deployment_env, "the tick posts as the bot does"


def test_the_rollback_in_the_docs_turns_the_migration_job_into_a_valid_downgrade(offline):
    """docs/deploy.md rolls the schema back by editing migrate-job.yaml's args with sed."""
    docs = (ROOT / "docs" / "deploy.md").read_text()
    edit = re.search(r"sed -e 's/(?P<old>.+?)/(?P<new>.+?)/'", docs)
    assert edit, "docs/deploy.md's rollback"
    text = (ROOT / "deploy" / "kubernetes" / "migrate-job.yaml").read_text()
    downgrade, edits = re.subn(edit["old"], edit["new"], text)
    assert edits == 1, "the sed in docs/deploy.md no longer matches migrate-job.yaml"
    job = yaml.safe_load(downgrade)
    kubernetes_validate.validate(job, OLDEST, strict=True)
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["args"][:2] == ["db", "downgrade"]
    assert_mlscope_command(container["args"])
