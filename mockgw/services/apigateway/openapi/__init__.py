"""OpenAPI in and out of a REST API: ImportRestApi and PutRestApi read a document
(:mod:`.read`) and run it as calls through the operation table on a scratch copy of the API
(:mod:`.run`), then commit; GetExport writes a stage's deployment back (:mod:`.write`). API
Gateway's ``x-amazon-apigateway-*`` extensions are read and written by one module
(:mod:`.extensions`), so an export imports back to the same definition.

There is no second model of a REST API here: every rule a document meets is the handler's
(PutMethod, PutIntegration, CreateModel...), run on the scratch API exactly as a call would run
it; the reader only turns the document into those calls' parameters.
"""
