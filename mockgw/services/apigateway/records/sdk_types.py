"""The SDK types API Gateway generates client SDKs for: the ``SdkType`` shapes GetSdkTypes and
GetSdkType answer, and the configuration properties GetSdk checks.

Ids are the ``sdkType`` values GetSdk documents (``java``, ``javascript``, ``android``,
``objectivec``, ``swift``, ``ruby``). Friendly names, descriptions and configuration properties
are those of AWS's own API Gateway developer portal (``aws-samples/
aws-api-gateway-developer-portal``, which lists them as API Gateway reports them), in its
order; the Java and Ruby properties are the names the AWS CLI documentation passes to get-sdk
(``service.name``, ``java.package-name``, ``ruby.gem-name``...).
"""

from __future__ import annotations

import copy
from typing import Any

from mockgw.services._shared.store import Store


def _property(name: str, friendly: str, description: str, required: bool) -> dict[str, Any]:
    return {
        "name": name,
        "friendlyName": friendly,
        "description": description,
        "required": required,
    }


_PREFIX = _property("classPrefix", "Prefix", "", True)

SDK_TYPES: tuple[dict[str, Any], ...] = (
    {
        "id": "android",
        "friendlyName": "Android",
        "description": "",
        "configurationProperties": [
            _property("groupId", "Group ID", "", True),
            _property("invokerPackage", "Invoker package", "", True),
            _property("artifactId", "Artifact ID", "", True),
            _property("artifactVersion", "Artifact version", "", True),
        ],
    },
    {
        "id": "javascript",
        "friendlyName": "JavaScript",
        "description": "",
        "configurationProperties": [],
    },
    {
        "id": "objectivec",
        "friendlyName": "iOS (Objective-C)",
        "description": "",
        "configurationProperties": [_PREFIX],
    },
    {
        "id": "swift",
        "friendlyName": "iOS (Swift)",
        "description": "",
        "configurationProperties": [_PREFIX],
    },
    {
        "id": "java",
        "friendlyName": "Java",
        "description": "Java SDK generator for API Gateway APIs",
        "configurationProperties": [
            _property(
                "service.name",
                "Service Name",
                "Name of the service which is used to derive the Java interface name for your "
                "client",
                True,
            ),
            _property(
                "java.package-name",
                "Java Package Name",
                "Name of the Java package your code will be generated under",
                True,
            ),
            _property(
                "java.build-system",
                "Java Build System",
                "Build system to setup for project; Currently supported: maven, gradle",
                False,
            ),
            _property(
                "java.group-id",
                "Java Group Id",
                "Group id for your Maven or Gradle project. Defaults to package name",
                False,
            ),
            _property(
                "java.artifact-id",
                "Java Artifact Id",
                "Artifact Id for your Maven project or project name for your Gradle project. "
                "Defaults to service name",
                False,
            ),
            _property(
                "java.artifact-version",
                "Java Artifact Version",
                "Version of your Maven or Gradle project. Defaults to 1.0-SNAPSHOT",
                False,
            ),
            _property(
                "java.license-text",
                "Source Code License Text",
                "Customer provided license to inject into source file headers",
                False,
            ),
        ],
    },
    {
        "id": "ruby",
        "friendlyName": "Ruby",
        "description": "Ruby SDK generator for API Gateway APIs",
        "configurationProperties": [
            _property(
                "service.name",
                "Service Name",
                "Name of the service which is used to derive the name for your client",
                True,
            ),
            _property(
                "ruby.gem-name",
                "Ruby Gem Name",
                "Name of the Ruby gem your code will be generated under",
                False,
            ),
            _property(
                "ruby.gem-version",
                "Ruby Gem Version",
                "Version number for your service gem. Defaults to 1.0.0",
                False,
            ),
        ],
    },
)

#: GetSdk's model documentation names the Java parameters ``serviceName`` and
#: ``javaPackageName``; both spellings are accepted for the two required properties.
ALIASES = {"serviceName": "service.name", "javaPackageName": "java.package-name"}

#: The SDK types as a Store, so GetSdkTypes pages them like any other listing (never mutated).
STORE: Store[dict[str, Any]] = Store()
for _sdk_type in SDK_TYPES:
    STORE.add(_sdk_type["id"], _sdk_type)


def sdk_type_view(sdk_type: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(sdk_type)


def required_properties(sdk_type: dict[str, Any]) -> list[str]:
    return [p["name"] for p in sdk_type["configurationProperties"] if p["required"]]
