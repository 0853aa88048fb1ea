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
}
resource "aws_appsync_api_key" "ak" {
  api_id = aws_appsync_graphql_api.g.id
}
