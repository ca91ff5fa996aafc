DROP INDEX "inbox_events_created_idx";--> statement-breakpoint
CREATE INDEX "inbox_events_created_idx" ON "inbox_events" USING brin ("created_at");