"""GraphQL for AppSync, on graphql-core (imported on first use only): schemas as AppSync
builds, checks, prints and introspects them. The GraphQL endpoint builds on the same
:func:`~mockgw.services.appsync.graphql.sdl.build` (its ``GraphQLSchema`` carries AppSync's
scalars and directives, and its AST nodes keep the auth directives)."""
