ALTER TABLE "conversations" ADD COLUMN "last_recalled_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "edited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "edits" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "forward_of_id" bigint;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "format" text DEFAULT 'PLAIN' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "entities" jsonb;--> statement-breakpoint
CREATE INDEX "messages_recalled_idx" ON "messages" USING btree ("conversation_id","seq") WHERE "messages"."deleted_at" is not null;