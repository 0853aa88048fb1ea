"""Tags on every taggable AppSync resource (GraphQL APIs, Event APIs, channel namespaces, domain
names): TagResource, UntagResource, ListTagsForResource and the create calls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockgw import mock, mock_appsync
from tests.helpers import assert_error, client_error

#: The model's characters: a key is ``[ a-zA-Z+-=._:/]`` (``+-=`` is a range, so it takes
#: ``+,-./0-9:;<=`` too), a value ``[\s\w+-=.:/@]``.
KEY_CHARS = " abcXYZ+,-./09:;<=_"
#: The model's ResourceArn pattern names only APIs of the ``aws`` partition; AWS tags more, and
#: mockgw widens it (wire/model.py).
ARN_PATTERN = (
    r"^arn:aws[a-z-]*:appsync:[A-Za-z0-9_/.-]{0,63}:\d{12}:"
    r"(apis/[0-9A-Za-z_-]{26}(/channelNamespace/[A-Za-z0-9-]{1,50})?"
    r"|domainnames/[A-Za-z0-9*._-]{1,253})$"
)
VALUE_CHARS = " \tabcXYZ019_+,-./:;<=@"


@pytest.fixture
def appsync() -> Iterator[Any]:
    with mock_appsync():
        yield boto3.client("appsync", region_name="us-east-1")


@pytest.fixture
def api(appsync: Any) -> dict[str, Any]:
    created: dict[str, Any] = appsync.create_graphql_api(
        name="orders", authenticationType="API_KEY"
    )["graphqlApi"]
    return created


def tags_of(appsync: Any, arn: str) -> dict[str, str]:
    return dict(appsync.list_tags_for_resource(resourceArn=arn)["tags"])


def test_an_untagged_api_lists_no_tags(appsync: Any, api: dict[str, Any]) -> None:
    response = appsync.list_tags_for_resource(resourceArn=api["arn"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["tags"] == {}


def test_tags_given_at_creation_are_listed(appsync: Any) -> None:
    api = appsync.create_graphql_api(
        name="g", authenticationType="API_KEY", tags={"team": "payments"}
    )["graphqlApi"]
    assert api["tags"] == {"team": "payments"}
    assert tags_of(appsync, api["arn"]) == {"team": "payments"}


def test_tag_adds_and_overwrites_and_shows_on_the_api(appsync: Any, api: dict[str, Any]) -> None:
    response = appsync.tag_resource(resourceArn=api["arn"], tags={"team": "a", "env": "dev"})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(response) == {"ResponseMetadata"}
    appsync.tag_resource(resourceArn=api["arn"], tags={"env": "prod", "cost": ""})
    want = {"team": "a", "env": "prod", "cost": ""}
    assert tags_of(appsync, api["arn"]) == want
    assert appsync.get_graphql_api(apiId=api["apiId"])["graphqlApi"]["tags"] == want
    assert appsync.list_graphql_apis()["graphqlApis"][0]["tags"] == want


def test_untag_removes_the_keys_and_ignores_absent_ones(appsync: Any, api: dict[str, Any]) -> None:
    appsync.tag_resource(resourceArn=api["arn"], tags={"a": "1", "b": "2", "c": "3"})
    response = appsync.untag_resource(resourceArn=api["arn"], tagKeys=["a", "c", "never"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert tags_of(appsync, api["arn"]) == {"b": "2"}


def test_tags_survive_an_update(appsync: Any, api: dict[str, Any]) -> None:
    appsync.tag_resource(resourceArn=api["arn"], tags={"team": "a"})
    updated = appsync.update_graphql_api(
        apiId=api["apiId"], name="renamed", authenticationType="API_KEY"
    )["graphqlApi"]
    assert updated["tags"] == {"team": "a"}


def test_fifty_tags_fit_and_the_fifty_first_is_refused(appsync: Any, api: dict[str, Any]) -> None:
    fifty = {f"k{i}": "v" for i in range(50)}
    appsync.tag_resource(resourceArn=api["arn"], tags=fifty)
    assert_error(
        lambda: appsync.tag_resource(resourceArn=api["arn"], tags={"k0": "new", "extra": "v"}),
        "BadRequestException",
        400,
        "Too many tags: a GraphQL API can have at most 50 tags, "
        "and this request would leave it with 51.",
    )
    assert tags_of(appsync, api["arn"]) == fifty  # k0 was not overwritten either
    appsync.tag_resource(resourceArn=api["arn"], tags={"k0": "new"})  # replacing is fine
    assert tags_of(appsync, api["arn"])["k0"] == "new"


@pytest.mark.parametrize(
    ("tags", "where"),
    [
        ({"aws:owner": "x"}, "tags.key"),
        ({"a" * 129: "x"}, "tags.key"),
        ({"bad!key": "x"}, "tags.key"),
        ({"k": "v" * 257}, "tags.k"),
        ({"k": "no#hash"}, "tags.k"),
        ({f"k{i}": "v" for i in range(51)}, "tags"),
    ],
)
def test_tags_against_the_model_rules_are_bad_requests(
    appsync: Any, api: dict[str, Any], tags: dict[str, str], where: str
) -> None:
    """The wire layer applies the model's TagMap rules to TagResource and CreateGraphqlApi
    alike; the exact wording is the wire layer's, so only its shape is checked here."""
    for call in (
        lambda: appsync.tag_resource(resourceArn=api["arn"], tags=tags),
        lambda: appsync.create_graphql_api(name="x", authenticationType="API_KEY", tags=tags),
    ):
        error: Any = client_error(call).response
        assert error["Error"]["Code"] == "BadRequestException"
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
        message = error["Error"]["Message"]
        assert message.startswith("1 validation error detected: ")
        assert f"at '{where}' failed to satisfy constraint" in message
    assert tags_of(appsync, api["arn"]) == {}
    assert len(appsync.list_graphql_apis()["graphqlApis"]) == 1


def test_unknown_api_arn_is_not_found(appsync: Any, api: dict[str, Any]) -> None:
    missing = "abcdefghijklmnopqrstuvwxyz"
    arn = api["arn"].replace(api["apiId"], missing)
    for call in (
        lambda: appsync.tag_resource(resourceArn=arn, tags={"a": "b"}),
        lambda: appsync.untag_resource(resourceArn=arn, tagKeys=["a"]),
        lambda: appsync.list_tags_for_resource(resourceArn=arn),
    ):
        assert_error(call, "NotFoundException", 404, f"GraphQL API {missing} not found.")


def test_an_arn_of_another_region_or_account_is_not_found(
    appsync: Any, api: dict[str, Any]
) -> None:
    for arn in (
        api["arn"].replace(":us-east-1:", ":us-west-2:"),
        api["arn"].replace(":123456789012:", ":210987654321:"),
    ):
        assert_error(
            lambda a=arn: appsync.tag_resource(resourceArn=a, tags={"a": "b"}),  # type: ignore[misc]
            "NotFoundException",
            404,
            f"GraphQL API {api['apiId']} not found.",
        )
    assert tags_of(appsync, api["arn"]) == {}


def test_a_malformed_arn_is_a_bad_request(appsync: Any, api: dict[str, Any]) -> None:
    arn = api["arn"].replace(":apis/", ":apix/")
    error = assert_error(
        lambda: appsync.list_tags_for_resource(resourceArn=arn),
        "BadRequestException",
        400,
        f"1 validation error detected: Value '{arn}' at 'resourceArn' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {ARN_PATTERN}",
    )
    assert error.response["Error"]["Code"] == "BadRequestException"


def test_tags_go_with_a_deleted_api(appsync: Any, api: dict[str, Any]) -> None:
    appsync.tag_resource(resourceArn=api["arn"], tags={"a": "b"})
    appsync.delete_graphql_api(apiId=api["apiId"])
    assert_error(
        lambda: appsync.list_tags_for_resource(resourceArn=api["arn"]),
        "NotFoundException",
        404,
        f"GraphQL API {api['apiId']} not found.",
    )


def test_tags_are_per_account_and_region() -> None:
    with mock():
        home = boto3.client("appsync", region_name="us-east-1")
        api = home.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
        home.tag_resource(resourceArn=api["arn"], tags={"a": "b"})
        elsewhere = boto3.client("appsync", region_name="eu-west-1")
        assert_error(
            lambda: elsewhere.list_tags_for_resource(resourceArn=api["arn"]),
            "NotFoundException",
            404,
            f"GraphQL API {api['apiId']} not found.",
        )
        assert tags_of(home, api["arn"]) == {"a": "b"}


def test_every_valid_tag_round_trips_exactly(appsync: Any, api: dict[str, Any]) -> None:
    keys = st.text(KEY_CHARS, min_size=1, max_size=128).filter(lambda k: not k.startswith("aws:"))
    values = st.text(VALUE_CHARS, max_size=256)

    @given(tags=st.dictionaries(keys, values, min_size=1, max_size=50))
    @settings(max_examples=60, deadline=None)
    def check(tags: dict[str, str]) -> None:
        appsync.tag_resource(resourceArn=api["arn"], tags=tags)
        assert tags_of(appsync, api["arn"]) == tags
        appsync.untag_resource(resourceArn=api["arn"], tagKeys=list(tags))
        assert tags_of(appsync, api["arn"]) == {}

    check()


# ---------------------------------------------------------------------------- other resources

EVENT_CONFIG = {
    "authProviders": [{"authType": "API_KEY"}],
    "connectionAuthModes": [{"authType": "API_KEY"}],
    "defaultPublishAuthModes": [{"authType": "API_KEY"}],
    "defaultSubscribeAuthModes": [{"authType": "API_KEY"}],
}
#: long enough for botocore, which checks the model's minimum ARN length (70) itself
DOMAIN = "graphql.payments.internal.example.com"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/c1"


@pytest.fixture
def resources(appsync: Any) -> dict[str, tuple[str, Any]]:
    """Every other kind of taggable resource, created with a tag: ARN and how to read it back."""
    event = appsync.create_api(name="chat", eventConfig=EVENT_CONFIG, tags={"made": "event"})
    event_id = event["api"]["apiId"]
    namespace = appsync.create_channel_namespace(
        apiId=event_id, name="rooms", tags={"made": "namespace"}
    )["channelNamespace"]
    domain = appsync.create_domain_name(
        domainName=DOMAIN, certificateArn=CERT, tags={"made": "domain"}
    )["domainNameConfig"]
    return {
        "Event API": (
            event["api"]["apiArn"],
            lambda: appsync.get_api(apiId=event_id)["api"]["tags"],
        ),
        "channel namespace": (
            namespace["channelNamespaceArn"],
            lambda: appsync.get_channel_namespace(apiId=event_id, name="rooms")["channelNamespace"][
                "tags"
            ],
        ),
        "domain name": (
            domain["domainNameArn"],
            lambda: appsync.get_domain_name(domainName=DOMAIN)["domainNameConfig"]["tags"],
        ),
    }


@pytest.mark.parametrize("kind", ["Event API", "channel namespace", "domain name"])
def test_every_taggable_resource_takes_tags(
    appsync: Any, resources: dict[str, tuple[str, Any]], kind: str
) -> None:
    arn, read = resources[kind]
    made = read()
    assert tags_of(appsync, arn) == made and len(made) == 1
    response = appsync.tag_resource(resourceArn=arn, tags={"team": "a", "env": "dev"})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert tags_of(appsync, arn) == read() == {**made, "team": "a", "env": "dev"}
    appsync.untag_resource(resourceArn=arn, tagKeys=["team", "made", "never"])
    assert tags_of(appsync, arn) == read() == {"env": "dev"}


@pytest.mark.parametrize(
    ("kind", "article"),
    [("Event API", "an Event API"), ("channel namespace", "a channel namespace"),
     ("domain name", "a domain name")],
)  # fmt: skip
def test_each_resource_holds_at_most_fifty_tags(
    appsync: Any, resources: dict[str, tuple[str, Any]], kind: str, article: str
) -> None:
    arn, read = resources[kind]
    appsync.tag_resource(resourceArn=arn, tags={f"k{i}": "v" for i in range(48)})  # 49 in all
    assert_error(
        lambda: appsync.tag_resource(resourceArn=arn, tags={"one": "1", "two": "2"}),
        "BadRequestException",
        400,
        f"Too many tags: {article} can have at most 50 tags, and this request would leave it "
        "with 51.",
    )
    assert len(read()) == 49
    appsync.tag_resource(resourceArn=arn, tags={"one": "1"})
    assert len(read()) == 50


def test_tags_of_missing_resources_are_not_found(
    appsync: Any, resources: dict[str, tuple[str, Any]]
) -> None:
    event_arn = resources["Event API"][0]
    namespace_arn = resources["channel namespace"][0]
    domain_arn = resources["domain name"][0]
    missing_api = "abcdefghijklmnopqrstuvwxyz"
    cases = [
        (namespace_arn.replace("/rooms", "/halls"), "Channel namespace halls not found."),
        (namespace_arn.replace(event_arn.rpartition("/")[2], missing_api), "API not found."),
        (namespace_arn.replace(":us-east-1:", ":us-west-2:"), "API not found."),
        (domain_arn.replace("graphql.", "rest."), "Domain name rest.payments.internal."
         "example.com not found."),
        (domain_arn.replace(":123456789012:", ":210987654321:"),
         f"Domain name {DOMAIN} not found."),
        (event_arn.replace(":us-east-1:", ":us-west-2:"), f"GraphQL API {event_arn[-26:]} not "
         "found."),
    ]  # fmt: skip
    for arn, message in cases:
        for call in (
            lambda a=arn: appsync.tag_resource(resourceArn=a, tags={"a": "b"}),  # type: ignore[misc]
            lambda a=arn: appsync.untag_resource(resourceArn=a, tagKeys=["a"]),  # type: ignore[misc]
            lambda a=arn: appsync.list_tags_for_resource(resourceArn=a),  # type: ignore[misc]
        ):
            assert_error(call, "NotFoundException", 404, message)


def test_tags_go_with_their_resource(appsync: Any, resources: dict[str, tuple[str, Any]]) -> None:
    event_arn, _ = resources["Event API"]
    namespace_arn, _ = resources["channel namespace"]
    event_id = event_arn.rpartition("/")[2]
    appsync.delete_channel_namespace(apiId=event_id, name="rooms")
    assert_error(
        lambda: appsync.list_tags_for_resource(resourceArn=namespace_arn),
        "NotFoundException",
        404,
        "Channel namespace rooms not found.",
    )
    appsync.delete_api(apiId=event_id)
    assert_error(
        lambda: appsync.list_tags_for_resource(resourceArn=event_arn),
        "NotFoundException",
        404,
        f"GraphQL API {event_id} not found.",
    )
    appsync.delete_domain_name(domainName=DOMAIN)
    assert_error(
        lambda: appsync.list_tags_for_resource(resourceArn=resources["domain name"][0]),
        "NotFoundException",
        404,
        f"Domain name {DOMAIN} not found.",
    )


def test_resources_of_other_partitions_take_tags() -> None:
    with mock_appsync():
        china = boto3.client("appsync", region_name="cn-north-1")
        api = china.create_graphql_api(name="g", authenticationType="API_KEY")["graphqlApi"]
        assert api["arn"].startswith("arn:aws-cn:appsync:cn-north-1:")
        china.tag_resource(resourceArn=api["arn"], tags={"a": "b"})
        assert tags_of(china, api["arn"]) == {"a": "b"}
