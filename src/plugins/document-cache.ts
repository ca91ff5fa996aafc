import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

/**
 * yoga's cache of parsed documents, bounded by the total length of the query texts it holds
 * rather than by their number: a thousand unique documents of 100 kB each would otherwise all
 * stay. What else is cached per document (validation results, graphql-jit's compiled code) is
 * kept in WeakMaps keyed by the parsed document, so it goes when the document does. A
 * document longer than the whole budget is parsed every time, never kept.
 */
export function createDocumentCache(maxChars: number) {
  return new LRUCache<string, DocumentNode>({
    maxSize: maxChars,
    sizeCalculation: (_document, query) => Math.max(1, query.length),
  });
}
