import type { PageArgs } from '../chat/pagination.js';
import type { Context } from './context.js';

/**
 * Every connection field calls it first: a page of more than LARGE_PAGE rows takes a token
 * of the viewer's `largePage` budget, nested pages (a member list per conversation) each.
 */
export const limitPage = (ctx: Context, args: PageArgs) =>
  ctx.deps.limits.page(ctx.viewer?.id ?? 0, args);
