# ruff: noqa: E501 - AppSync's own descriptions, kept whole
"""AppSync's predefined scalars and directives: what every schema may use without declaring.

Directive locations and descriptions are those AppSync's introspection reports (as seen in
schemas printed from ``GetIntrospectionSchema`` output: ``@aws_cognito_user_pools`` and
``@aws_iam`` also apply to input objects). ``@canonical``, ``@hidden`` and ``@renamed`` are
the merged-API directives source APIs may carry.
"""

from __future__ import annotations

AWS_SCALARS = {
    "AWSDate": "The `AWSDate` scalar type provided by AWS AppSync, represents a valid ***extended*** [ISO 8601 Date](https://en.wikipedia.org/wiki/ISO_8601#Calendar_dates) string. In other words, this scalar type accepts date strings of the form `YYYY-MM-DD`.",
    "AWSTime": "The `AWSTime` scalar type provided by AWS AppSync, represents a valid ***extended*** [ISO 8601 Time](https://en.wikipedia.org/wiki/ISO_8601#Times) string. In other words, this scalar type accepts time strings of the form `hh:mm:ss.SSS`.",
    "AWSDateTime": "The `AWSDateTime` scalar type provided by AWS AppSync, represents a valid ***extended*** [ISO 8601 DateTime](https://en.wikipedia.org/wiki/ISO_8601#Combined_date_and_time_representations) string. In other words, this scalar type accepts datetime strings of the form `YYYY-MM-DDThh:mm:ss.SSSZ`.",
    "AWSTimestamp": "The `AWSTimestamp` scalar type provided by AWS AppSync, represents the number of seconds that have elapsed since `1970-01-01T00:00Z`. Negative values are also accepted and these represent the number of seconds till `1970-01-01T00:00Z`.",
    "AWSEmail": 'The `AWSEmail` scalar type provided by AWS AppSync, represents an Email address string that complies with [RFC 822](https://www.ietf.org/rfc/rfc822.txt). For example, "**username@example.com**" is a valid Email address.',
    "AWSJSON": "The `AWSJSON` scalar type provided by AWS AppSync, represents a JSON string that complies with [RFC 8259](https://tools.ietf.org/html/rfc8259).",
    "AWSURL": "The `AWSURL` scalar type provided by AWS AppSync, represents a valid URL string (Ex: <https://www.amazon.com/>). The URL may use any scheme and may also be a local URL (Ex: <http://localhost/>).",
    "AWSPhone": "The `AWSPhone` scalar type provided by AWS AppSync, represents a valid Phone Number. Phone numbers are serialized and deserialized as Strings.",
    "AWSIPAddress": "The `AWSIPAddress` scalar type provided by AWS AppSync, represents a valid IPv4 or IPv6 address string.",
}

AWS_DIRECTIVES = '''
"""This directive allows results to be deferred during execution"""
directive @defer on FIELD

"""Tells the service which mutation triggers this subscription."""
directive @aws_subscribe(
  """List of mutations which will trigger this subscription when they are called."""
  mutations: [String]
) on FIELD_DEFINITION

"""Tells the service this field/object has access authorized by a Cognito User Pools token."""
directive @aws_cognito_user_pools(
  """List of cognito user pool groups which have access on this field"""
  cognito_groups: [String]
) on OBJECT | FIELD_DEFINITION | INPUT_OBJECT

"""Directs the schema to enforce authorization on a field"""
directive @aws_auth(
  """List of cognito user pool groups which have access on this field"""
  cognito_groups: [String]
) on FIELD_DEFINITION

"""Tells the service which subscriptions will be published to when this mutation is called. This directive is deprecated use @aws_susbscribe directive instead."""
directive @aws_publish(
  """List of subscriptions which will be published to when this mutation is called."""
  subscriptions: [String]
) on FIELD_DEFINITION

"""Tells the service this field/object has access authorized by an OIDC token."""
directive @aws_oidc on OBJECT | FIELD_DEFINITION

"""Tells the service this field/object has access authorized by sigv4 signing."""
directive @aws_iam on OBJECT | FIELD_DEFINITION | INPUT_OBJECT

"""Tells the service this field/object has access authorized by an API key."""
directive @aws_api_key on OBJECT | FIELD_DEFINITION

"""Tells the service this field/object has access authorized by a Lambda Authorizer."""
directive @aws_lambda on FIELD_DEFINITION | OBJECT

directive @canonical on OBJECT | FIELD_DEFINITION | INTERFACE | INPUT_OBJECT | ENUM | UNION | SCALAR
directive @hidden on OBJECT | FIELD_DEFINITION | INTERFACE | INPUT_OBJECT | ENUM | UNION | SCALAR
directive @renamed(to: String!) on OBJECT | FIELD_DEFINITION | INTERFACE | INPUT_OBJECT | ENUM | UNION | SCALAR
'''

AWS_DIRECTIVE_NAMES = frozenset(
    {
        "defer",
        "aws_subscribe",
        "aws_cognito_user_pools",
        "aws_auth",
        "aws_publish",
        "aws_oidc",
        "aws_iam",
        "aws_api_key",
        "aws_lambda",
        "canonical",
        "hidden",
        "renamed",
    }
)
