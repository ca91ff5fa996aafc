/**
 * GraphQL over HTTP with keep-alive sockets, as a web or mobile client sends it. Plain
 * node:http rather than fetch: less client CPU per request on the shared load core, so
 * the figures are about the server.
 */
import { Agent, request } from 'node:http';

export interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export class GraphqlHttpClient {
  private readonly agent: Agent;
  private readonly endpoint: URL;

  constructor(
    baseUrl: string,
    maxSockets: number,
    private readonly timeoutMs: number,
  ) {
    this.endpoint = new URL('/graphql', baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** The `data` of a response; any GraphQL error or non-200 status throws. */
  async query<T>(token: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify({ query, variables });
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(
        this.endpoint,
        {
          method: 'POST',
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if (res.statusCode === 200) resolve(text);
            else reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
          });
          res.on('error', reject);
        },
      );
      req.once('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.once('error', reject);
      req.end(body);
    });
    const response = JSON.parse(text) as GraphqlResponse<T>;
    if (response.errors?.length || !response.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? 'no data')}`);
    }
    return response.data;
  }

  close(): void {
    this.agent.destroy();
  }
}
