import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the tests and the web client, from the printed schema (npm run codegen).
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    // The web chat's documents (web/src/documents.ts): `npm run typecheck` checks them.
    'web/src/gql/': {
      documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // A File variable makes urql send the mutation as a multipart request.
        scalars: { DateTime: 'string', ID: 'string', File: 'File' },
      },
    },
    // Apollo's InMemoryCache needs the members of each interface and union (test/clients).
    'test/gql/possible-types.ts': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // NodeNext: generated imports need their .js extension.
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', ID: 'string' },
      },
    },
  },
};

export default config;
