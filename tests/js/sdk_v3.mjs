// The AWS SDK for JavaScript v3 against `mockgw server` (endpoint: argv[2]). Prints one JSON
// object of what it saw; tests/test_js_sdk.py asserts on it.
import {
  APIGatewayClient, CreateApiKeyCommand, GetApiKeysCommand, CreateUsagePlanCommand,
  CreateRestApiCommand, GetResourcesCommand, PutMethodCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodResponseCommand, CreateDeploymentCommand,
  CreateUsagePlanKeyCommand, GetUsagePlanKeysCommand, UpdateApiKeyCommand, GetApiKeyCommand,
  DeleteApiKeyCommand, CreateModelCommand, GetModelsCommand, GetExportCommand,
} from "@aws-sdk/client-api-gateway";
import {
  AppSyncClient, CreateGraphqlApiCommand, CreateApiKeyCommand as CreateAppSyncKeyCommand,
  ListApiKeysCommand, StartSchemaCreationCommand, GetSchemaCreationStatusCommand,
  GetIntrospectionSchemaCommand,
} from "@aws-sdk/client-appsync";

const endpoint = process.argv[2];
const config = {
  region: "us-east-1",
  endpoint,
  credentials: { accessKeyId: "mockgw", secretAccessKey: "mockgw" },
};
const apigw = new APIGatewayClient(config);
const appsync = new AppSyncClient(config);
const seen = {};
const failure = async (promise) => {
  try {
    await promise;
    return null;
  } catch (error) {
    return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
  }
};

const key = await apigw.send(new CreateApiKeyCommand({ name: "js", enabled: true, tags: { team: "js" } }));
seen.key = { idLength: key.id.length, valueLength: key.value.length, enabled: key.enabled,
  createdIsDate: key.createdDate instanceof Date, tags: key.tags };
const keys = await apigw.send(new GetApiKeysCommand({ includeValues: true }));
seen.keys = { count: keys.items.length, sameValue: keys.items[0].value === key.value };

const api = await apigw.send(new CreateRestApiCommand({ name: "js-api" }));
const root = (await apigw.send(new GetResourcesCommand({ restApiId: api.id }))).items[0].id;
const method = { restApiId: api.id, resourceId: root, httpMethod: "GET" };
await apigw.send(new PutMethodCommand({ ...method, authorizationType: "NONE", apiKeyRequired: true }));
await apigw.send(new PutMethodResponseCommand({ ...method, statusCode: "200" }));
await apigw.send(new PutIntegrationCommand({ ...method, type: "MOCK",
  requestTemplates: { "application/json": '{"statusCode": 200}' } }));
await apigw.send(new PutIntegrationResponseCommand({ ...method, statusCode: "200",
  responseTemplates: { "application/json": '{"stage": "$context.stage"}' } }));
await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "dev" }));
const plan = await apigw.send(new CreateUsagePlanCommand({ name: "p",
  apiStages: [{ apiId: api.id, stage: "dev" }], throttle: { burstLimit: 5, rateLimit: 2.5 } }));
seen.plan = { rateLimit: plan.throttle.rateLimit, stage: plan.apiStages[0].stage };
await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
const planKeys = await apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }));
seen.planKeys = planKeys.items.map((item) => item.name);
const renamed = await apigw.send(new UpdateApiKeyCommand({ apiKey: key.id,
  patchOperations: [{ op: "replace", path: "/name", value: "renamed" }] }));
seen.renamed = renamed.name;
await apigw.send(new CreateModelCommand({ restApiId: api.id, name: "Pet", contentType: "application/json",
  schema: JSON.stringify({ type: "object", properties: { name: { type: "string" } } }) }));
seen.models = (await apigw.send(new GetModelsCommand({ restApiId: api.id }))).items.map((m) => m.name).sort();
const exported = await apigw.send(new GetExportCommand({ restApiId: api.id, stageName: "dev",
  exportType: "oas30", accepts: "application/json" }));
seen.export = { contentType: exported.contentType,
  openapi: JSON.parse(new TextDecoder().decode(exported.body)).openapi };
const host = new URL(endpoint).host;
const call = await fetch(`${endpoint}/restapis/${api.id}/dev/_user_request_/`, { headers: { "x-api-key": key.value } });
seen.call = { status: call.status, body: await call.json(), host: host.length > 0 };
seen.missingKey = await failure(apigw.send(new GetApiKeyCommand({ apiKey: "missing" })));
await apigw.send(new DeleteApiKeyCommand({ apiKey: key.id }));

const graphql = await appsync.send(new CreateGraphqlApiCommand({ name: "js", authenticationType: "API_KEY" }));
const apiId = graphql.graphqlApi.apiId;
const appsyncKey = await appsync.send(new CreateAppSyncKeyCommand({ apiId }));
seen.appsyncKey = { prefix: appsyncKey.apiKey.id.slice(0, 4), expiresType: typeof appsyncKey.apiKey.expires };
await appsync.send(new StartSchemaCreationCommand({ apiId,
  definition: new TextEncoder().encode("type Query { hello: String }") }));
seen.schema = (await appsync.send(new GetSchemaCreationStatusCommand({ apiId }))).status;
const sdl = await appsync.send(new GetIntrospectionSchemaCommand({ apiId, format: "SDL" }));
seen.sdlHasHello = new TextDecoder().decode(sdl.schema).includes("hello");
seen.missingApi = await failure(appsync.send(new ListApiKeysCommand({ apiId: "nope" })));
console.log(JSON.stringify(seen));
