CREATE TABLE "message_batches" (
	"sender_id" bigint NOT NULL,
	"client_id" text NOT NULL,
	"to_user_ids" bigint[] NOT NULL,
	"message_ids" bigint[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_batches_sender_id_client_id_pk" PRIMARY KEY("sender_id","client_id")
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "delivered_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "message_batches" ADD CONSTRAINT "message_batches_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;