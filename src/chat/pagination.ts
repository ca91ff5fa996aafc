import { badInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface Page {
  /** forward = the first `size` after `after`; backward = the last `size` before `before`. */
  direction: 'forward' | 'backward';
  size: number;
}

/** Validates first/last: 0–100, default 20, not both at once. */
export function parsePage(args: PageArgs): Page {
  const { first, last } = args;
  if (first != null && last != null) throw badInput('Pass either first or last, not both');
  const size = first ?? last ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(`Page size must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return { direction: last != null ? 'backward' : 'forward', size };
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/**
 * Builds a connection from rows fetched with `size + 1` in the page's direction (the extra
 * row only says whether there is more). `rows` come in fetch order; edges are returned in
 * list order.
 */
export function toConnection<T>(
  rows: T[],
  page: Page,
  cursorOf: (row: T) => string,
  hasMoreOtherWay: boolean,
): Connection<T> {
  const more = rows.length > page.size;
  const kept = rows.slice(0, page.size);
  if (page.direction === 'backward') kept.reverse();
  const edges = kept.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.direction === 'forward' ? more : hasMoreOtherWay,
      hasPreviousPage: page.direction === 'backward' ? more : hasMoreOtherWay,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
