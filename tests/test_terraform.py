"""Terraform's AWS provider against ``mockgw server``: a stack applied, planned with no drift,
and destroyed, leaving nothing behind.

The strongest check of fidelity there is without AWS: the provider reads back every resource
after creating it, and ``plan`` finds a difference for any field mockgw answers differently from
what the provider expects. Skipped unless ``terraform`` and a local copy of the AWS provider
(a filesystem mirror, as the provider cannot be downloaded here) are on the machine; the mirror
is ``$MOCKGW_TF_PLUGINS`` or ``/opt/tf-plugins``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mockgw.server import MockgwServer

STACK = Path(__file__).parent / "terraform"
MIRROR = Path(os.environ.get("MOCKGW_TF_PLUGINS", "/opt/tf-plugins"))
PROVIDER = MIRROR / "registry.terraform.io" / "hashicorp" / "aws"

pytestmark = pytest.mark.skipif(
    shutil.which("terraform") is None or not PROVIDER.is_dir(),
    reason="needs terraform and a filesystem mirror of hashicorp/aws (MOCKGW_TF_PLUGINS)",
)


def terraform(workdir: Path, *args: str, endpoint: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(workdir),
        "TF_CLI_CONFIG_FILE": str(workdir / "cli.tfrc"),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
        "TF_VAR_endpoint": endpoint,
    }
    return subprocess.run(
        ["terraform", *args, "-input=false", "-no-color"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_stack_applies_plans_clean_and_destroys(tmp_path: Path) -> None:
    version = sorted(p.name for p in PROVIDER.iterdir())[-1]
    (tmp_path / "cli.tfrc").write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path = "{MIRROR}"\n'
        '    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n'
        '  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n'
    )
    for source in STACK.glob("*.tf"):
        text = source.read_text().replace("PROVIDER_VERSION", version)
        (tmp_path / source.name).write_text(text)
    with MockgwServer(port=0) as server:
        endpoint = server.endpoint_url
        init = terraform(tmp_path, "init", endpoint=endpoint)
        assert init.returncode == 0, init.stdout + init.stderr
        applied = terraform(tmp_path, "apply", "-auto-approve", endpoint=endpoint)
        assert applied.returncode == 0, applied.stdout + applied.stderr
        plan = terraform(tmp_path, "plan", "-detailed-exitcode", endpoint=endpoint)
        assert plan.returncode == 0, "drift after apply:\n" + plan.stdout + plan.stderr
        destroyed = terraform(tmp_path, "destroy", "-auto-approve", endpoint=endpoint)
        assert destroyed.returncode == 0, destroyed.stdout + destroyed.stderr
        state = server.snapshot()
    for service in state.values():
        for regions in service.values():
            for backend in regions.values():
                # collections (Stores) dump as lists; settings such as the account are objects
                leftovers = {
                    name: items
                    for name, items in backend.items()
                    if isinstance(items, list) and items
                }
                assert leftovers == {}, leftovers
