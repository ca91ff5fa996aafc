CREATE TABLE "attachments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"uploader_id" bigint NOT NULL,
	"storage_key" text NOT NULL,
	"name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" bigint NOT NULL,
	"width" integer,
	"height" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_uploader_idx" ON "attachments" USING btree ("uploader_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_attachment_idx" ON "messages" USING btree ((("attachment"->>'id')::bigint)) WHERE "messages"."attachment"->>'id' is not null;