terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "PROVIDER_VERSION" }
  }
}
variable "endpoint" { type = string }
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mockgw"
  secret_key                  = "mockgw"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    apigateway = var.endpoint
    appsync    = var.endpoint
  }
}
resource "aws_api_gateway_rest_api" "api" {
  name = "tf-api"
}
resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "pets"
}
resource "aws_api_gateway_method" "get" {
  rest_api_id      = aws_api_gateway_rest_api.api.id
  resource_id      = aws_api_gateway_resource.pets.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true
}
resource "aws_api_gateway_integration" "mock" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.get.http_method
  type        = "MOCK"
  request_templates = { "application/json" = "{\"statusCode\": 200}" }
}
resource "aws_api_gateway_method_response" "ok" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.get.http_method
  status_code = "200"
}
resource "aws_api_gateway_integration_response" "ok" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.get.http_method
  status_code = aws_api_gateway_method_response.ok.status_code
  response_templates = { "application/json" = "{\"pets\": []}" }
  depends_on = [aws_api_gateway_integration.mock]
}
resource "aws_api_gateway_deployment" "d" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  depends_on  = [aws_api_gateway_integration_response.ok]
}
resource "aws_api_gateway_stage" "dev" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.d.id
  stage_name    = "dev"
}
resource "aws_api_gateway_api_key" "k" {
  name = "tf-key"
}
resource "aws_api_gateway_usage_plan" "p" {
  name = "tf-plan"
  api_stages {
    api_id = aws_api_gateway_rest_api.api.id
    stage  = aws_api_gateway_stage.dev.stage_name
  }
  quota_settings {
    limit  = 100
    period = "DAY"
  }
  throttle_settings {
    burst_limit = 5
    rate_limit  = 10
  }
}
resource "aws_api_gateway_usage_plan_key" "pk" {
  key_id        = aws_api_gateway_api_key.k.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.p.id
}
resource "aws_appsync_graphql_api" "g" {
  name                = "tf-graphql"
  authentication_type = "API_KEY"
  schema              = "type Query { hello: String }"
}
resource "aws_appsync_api_key" "ak" {
  api_id = aws_appsync_graphql_api.g.id
}

resource "aws_api_gateway_model" "pet" {
  rest_api_id  = aws_api_gateway_rest_api.api.id
  name         = "Pet"
  content_type = "application/json"
  schema = jsonencode({
    "$schema" = "http://json-schema.org/draft-04/schema#"
    type      = "object"
    properties = { name = { type = "string" } }
    required  = ["name"]
  })
}
resource "aws_api_gateway_request_validator" "body" {
  rest_api_id                 = aws_api_gateway_rest_api.api.id
  name                        = "body"
  validate_request_body       = true
  validate_request_parameters = false
}
resource "aws_api_gateway_authorizer" "lambda" {
  rest_api_id    = aws_api_gateway_rest_api.api.id
  name           = "tokens"
  type           = "TOKEN"
  authorizer_uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"
}
resource "aws_api_gateway_gateway_response" "forbidden" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  response_type = "INVALID_API_KEY"
  status_code   = "403"
  response_templates = { "application/json" = "{\"message\":\"bad key\"}" }
  response_parameters = { "gatewayresponse.header.X-Why" = "'key'" }
}
resource "aws_api_gateway_documentation_part" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  location { type = "API" }
  properties = jsonencode({ description = "pets" })
}
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.dev.stage_name
  method_path = "*/*"
  settings {
    metrics_enabled = true
    logging_level   = "INFO"
  }
}
resource "aws_api_gateway_vpc_link" "link" {
  name        = "link"
  target_arns = ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/1234567890abcdef"]
}
resource "aws_api_gateway_client_certificate" "cert" {
  description = "backend"
}
resource "aws_api_gateway_domain_name" "d" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  endpoint_configuration { types = ["REGIONAL"] }
}
resource "aws_api_gateway_base_path_mapping" "m" {
  api_id      = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.dev.stage_name
  domain_name = aws_api_gateway_domain_name.d.domain_name
  base_path   = "v1"
}
resource "aws_appsync_datasource" "none" {
  api_id = aws_appsync_graphql_api.g.id
  name   = "none"
  type   = "NONE"
}
resource "aws_appsync_function" "f" {
  api_id      = aws_appsync_graphql_api.g.id
  data_source = aws_appsync_datasource.none.name
  name        = "hello"
  request_mapping_template  = "{\"version\": \"2018-05-29\", \"payload\": {}}"
  response_mapping_template = "$util.toJson(\"hello\")"
}
resource "aws_appsync_resolver" "r" {
  api_id            = aws_appsync_graphql_api.g.id
  type              = "Query"
  field             = "hello"
  request_template  = "{}"
  response_template = "$util.toJson($ctx.result)"
  kind              = "PIPELINE"
  pipeline_config { functions = [aws_appsync_function.f.function_id] }
}
resource "aws_appsync_api_cache" "c" {
  api_id               = aws_appsync_graphql_api.g.id
  api_caching_behavior = "FULL_REQUEST_CACHING"
  type                 = "SMALL"
  ttl                  = 60
}
