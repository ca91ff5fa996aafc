// What a document may ask for: nested pages multiply into a cost with a limit; introspection
// and field suggestions are off in production unless turned on.
import { parse } from 'graphql';
import type { LRUCache } from 'lru-cache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentCache } from '../src/plugins/document-cache.js';
import { type Result, request } from './support/client.js';
import { refusal } from './support/helpers.js';
import { startServer, type TestServer } from './support/server.js';
import { signUp, type TestUser } from './support/users.js';

let server: Awaited<ReturnType<typeof startServer>>;
let production: TestServer;
let productionWithIntrospection: TestServer;
let ann: TestUser;
beforeAll(async () => {
  server = await startServer();
  [production, productionWithIntrospection] = await Promise.all([
    startServer({ NODE_ENV: 'production' }, server.storage),
    startServer({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'on' }, server.storage),
  ]);
  ann = await signUp(server, 'ann');
});
afterAll(async () => {
  await Promise.all([production.stop(), productionWithIntrospection.stop()]);
  await server.stop();
});

const run = (
  on: TestServer,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Result<unknown>> => request(on.httpUrl, parse(query), variables, ann.token);

/** `conversations` with each conversation's `members`, pages given as literals or variables. */
const nested = (outer: string, inner: string) => {
  const variables = [outer, inner].filter((p) => p.startsWith('$')).map((p) => `${p}: Int`);
  return `query${variables.length ? `(${variables.join(', ')})` : ''} {
    conversations(first: ${outer}) { edges { node { id
      members(first: ${inner}) { edges { node { id username } } }
    } } }
  }`;
};

describe('query cost', () => {
  it('refuses nested pages that multiply past MAX_QUERY_COST, saying the cost and the limit', async () => {
    const result = await run(server, nested('100', '100'));
    expect(refusal(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Query cost 40401 exceeds the limit of 10000/),
      extensions: { cost: 40_401, maxCost: 10_000 },
    });
    expect(result.data).toBeUndefined();
  });

  it('answers the same shape with pages that stay under the limit', async () => {
    const result = await run(server, nested('10', '10'));
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ conversations: { edges: expect.any(Array) } });
  });

  it('counts a page size given by a variable as the largest page', async () => {
    const result = await run(server, nested('$outer', '$inner'), { outer: 2, inner: 2 });
    expect(refusal(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions).toMatchObject({ cost: 40_401 });
  });

  it('counts fragments once per place they are spread', async () => {
    const result = await run(
      server,
      `query { ...A ...A }
       fragment A on Query { conversations(first: 100) { edges { node { members(first: 50) { edges { node { id } } } } } } }`,
    );
    // Spread twice (fields merge when answered, but each spread is weighed): 2 × 15,301.
    expect(result.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ cost: 30_602 }) }),
    ]);
  });
});

describe('introspection and field suggestions', () => {
  const schemaQuery = '{ __schema { queryType { name } } }';
  const typo = '{ mee { id } }';

  it('are on outside production', async () => {
    expect(await run(server, schemaQuery)).toEqual({
      data: { __schema: { queryType: { name: 'Query' } } },
    });
    expect((await run(server, typo)).errors?.[0]?.message).toMatch(/Did you mean "me"/);
  });

  it('are off in production: __schema and __type refused, no suggestions, __typename kept', async () => {
    expect(refusal(await run(production, schemaQuery))).toBe('BAD_USER_INPUT');
    expect(refusal(await run(production, '{ __type(name: "User") { name } }'))).toBe(
      'BAD_USER_INPUT',
    );
    const misspelt = await run(production, typo);
    expect(refusal(misspelt)).toBe('BAD_USER_INPUT');
    expect(misspelt.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(await run(production, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });

  it('are on in production with GRAPHQL_INTROSPECTION=on', async () => {
    expect((await run(productionWithIntrospection, schemaQuery)).data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    expect((await run(productionWithIntrospection, typo)).errors?.[0]?.message).toMatch(
      /Did you mean "me"/,
    );
  });
});

describe('the parsed-document cache', () => {
  it('holds documents up to a total query length, however many unique ones arrive', () => {
    const cache: LRUCache<string, ReturnType<typeof parse>> = createDocumentCache(50_000);
    const big = (n: number) => `{ me { id } } # ${String(n).padEnd(10_000, '.')}`;
    for (let n = 0; n < 200; n++) cache.set(big(n), parse(big(n)));
    expect(cache.calculatedSize).toBeLessThanOrEqual(50_000);
    expect(cache.size).toBe(4);
    expect(cache.get(big(199))).toBeDefined();
    expect(cache.get(big(0))).toBeUndefined();
    // A document longer than the whole budget is never kept.
    const huge = big(0).repeat(6);
    cache.set(huge, parse('{ me { id } }'));
    expect(cache.get(huge)).toBeUndefined();
  });
});
