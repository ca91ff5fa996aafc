-- Search (src/chat/messages/search.ts): words of Latin scripts through full-text search
-- ('simple': every word, any case, no stemming), Chinese and other fragments through
-- trigrams. pg_trgm ships with PostgreSQL's contrib and with PGlite (registered in
-- src/db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "messages_body_fts_idx" ON "messages" USING gin (to_tsvector('simple', "body"));--> statement-breakpoint
CREATE INDEX "messages_body_trgm_idx" ON "messages" USING gin ("body" gin_trgm_ops);--> statement-breakpoint
-- Retention (src/chat/messages/retention.ts) reads the oldest messages; rows arrive in time
-- order, so a BRIN index costs a send next to nothing.
CREATE INDEX "messages_created_brin_idx" ON "messages" USING brin ("created_at");
